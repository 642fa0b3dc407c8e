package planner

// walkExpr calls fn for e and every expression below it, parents first. Subquery plans are
// not entered: their expressions are over another input.
func walkExpr(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range exprChildren(e) {
		walkExpr(c, fn)
	}
}

// exprChildren returns the direct sub-expressions of e.
func exprChildren(e Expr) []Expr {
	switch x := e.(type) {
	case *Call:
		return x.Args
	case *Cast:
		return []Expr{x.Arg}
	case *Case:
		out := make([]Expr, 0, 2*len(x.Whens)+1)
		for _, w := range x.Whens {
			out = append(out, w.Cond, w.Result)
		}
		return append(out, x.Else)
	case *BoolExpr:
		return x.Args
	case *NullTest:
		return []Expr{x.Arg}
	case *InList:
		return append([]Expr{x.Arg}, x.List...)
	case *Coalesce:
		return x.Args
	case *Subquery:
		if x.Arg != nil {
			return []Expr{x.Arg}
		}
	case *ArrayOp:
		return []Expr{x.Arg, x.Array} // Cmp is over its own two-column row
	case *Subscript:
		out := []Expr{x.Array}
		for i := range x.Upper {
			if x.Lower[i] != nil {
				out = append(out, x.Lower[i])
			}
			if x.Upper[i] != nil {
				out = append(out, x.Upper[i])
			}
		}
		return out
	case *ArrayExpr:
		return x.Elems
	case *RowExpr:
		return x.Fields
	case *FieldSelect:
		return []Expr{x.Arg}
	case *ArrayAssign:
		out := []Expr{x.Array}
		for i := range x.Upper {
			if x.Lower[i] != nil {
				out = append(out, x.Lower[i])
			}
			if x.Upper[i] != nil {
				out = append(out, x.Upper[i])
			}
		}
		return append(out, x.Value)
	case *CoerceToDomain:
		return []Expr{x.Arg} // the predicates are over their own one-column row
	}
	return nil
}

// mapChildren returns e with each direct sub-expression replaced by fn(child). Leaves are
// returned as they are.
func mapChildren(e Expr, fn func(Expr) Expr) Expr {
	switch x := e.(type) {
	case *Call:
		n := *x
		n.Args = mapList(x.Args, fn)
		return &n
	case *Cast:
		return &Cast{Arg: fn(x.Arg), T: x.T, Context: x.Context}
	case *Case:
		n := &Case{T: x.T, Else: fn(x.Else)}
		for _, w := range x.Whens {
			n.Whens = append(n.Whens, When{Cond: fn(w.Cond), Result: fn(w.Result)})
		}
		return n
	case *BoolExpr:
		return &BoolExpr{Op: x.Op, Args: mapList(x.Args, fn)}
	case *NullTest:
		return &NullTest{Arg: fn(x.Arg), Not: x.Not}
	case *InList:
		return &InList{Arg: fn(x.Arg), List: mapList(x.List, fn), Not: x.Not, Eq: x.Eq}
	case *Coalesce:
		return &Coalesce{Args: mapList(x.Args, fn), T: x.T}
	case *Subquery:
		if x.Arg != nil {
			n := *x
			n.Arg = fn(x.Arg)
			return &n
		}
	case *ArrayOp:
		n := *x
		n.Arg, n.Array = fn(x.Arg), fn(x.Array)
		return &n
	case *Subscript:
		n := &Subscript{Array: fn(x.Array), Slice: x.Slice, T: x.T}
		for i := range x.Upper {
			n.Lower = append(n.Lower, mapOpt(x.Lower[i], fn))
			n.Upper = append(n.Upper, mapOpt(x.Upper[i], fn))
		}
		return n
	case *ArrayExpr:
		return &ArrayExpr{Elems: mapList(x.Elems, fn), T: x.T, Multi: x.Multi}
	case *RowExpr:
		return &RowExpr{Fields: mapList(x.Fields, fn), T: x.T, Rel: x.Rel}
	case *FieldSelect:
		return &FieldSelect{Arg: fn(x.Arg), Idx: x.Idx, T: x.T}
	case *ArrayAssign:
		n := &ArrayAssign{Array: fn(x.Array), Slice: x.Slice, Value: fn(x.Value), T: x.T}
		for i := range x.Upper {
			n.Lower = append(n.Lower, mapOpt(x.Lower[i], fn))
			n.Upper = append(n.Upper, mapOpt(x.Upper[i], fn))
		}
		return n
	case *CoerceToDomain:
		n := *x
		n.Arg = fn(x.Arg)
		return &n
	}
	return e
}

// mapOpt applies fn to e unless e is nil (an omitted subscript bound).
func mapOpt(e Expr, fn func(Expr) Expr) Expr {
	if e == nil {
		return nil
	}
	return fn(e)
}

func mapList(es []Expr, fn func(Expr) Expr) []Expr {
	out := make([]Expr, len(es))
	for i, e := range es {
		out[i] = fn(e)
	}
	return out
}

// remapColumns rewrites every ColRef of e through m (old index -> new index).
func remapColumns(e Expr, m func(int) int) Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(*ColRef); ok {
		return &ColRef{Idx: m(c.Idx), T: c.T, Name: c.Name, Rel: c.Rel}
	}
	if sq, ok := e.(*Subquery); ok && sq.Correlated {
		n := *sq
		n.Arg = remapColumns(sq.Arg, m)
		n.Plan = remapOuter(sq.Plan, m)
		return &n
	}
	return mapChildren(e, func(c Expr) Expr { return remapColumns(c, m) })
}

// columnsUsed returns the set of input columns e reads.
func columnsUsed(e Expr) map[int]bool {
	used := map[int]bool{}
	walkExpr(e, func(e Expr) {
		switch x := e.(type) {
		case *ColRef:
			used[x.Idx] = true
		case *Subquery:
			if x.Correlated {
				for _, c := range outerColumns(x.Plan) {
					used[c] = true
				}
			}
		}
	})
	return used
}

// mapPlanExprs returns p with every expression held directly by the node replaced by fn(e).
func mapPlanExprs(p Plan, fn func(Expr) Expr) Plan {
	opt := func(e Expr) Expr {
		if e == nil {
			return nil
		}
		return fn(e)
	}
	switch x := p.(type) {
	case *FunctionScan:
		n := *x
		n.Args = mapList(x.Args, fn)
		return &n
	case *Values:
		n := *x
		n.Rows = make([][]Expr, len(x.Rows))
		for i, r := range x.Rows {
			n.Rows[i] = mapList(r, fn)
		}
		return &n
	case *Filter:
		n := *x
		n.Pred = fn(x.Pred)
		return &n
	case *Project:
		n := *x
		n.Exprs = mapList(x.Exprs, fn)
		return &n
	case *Aggregate:
		n := *x
		n.GroupBy = mapList(x.GroupBy, fn)
		n.Aggs = make([]AggCall, len(x.Aggs))
		for i, a := range x.Aggs {
			a.Args = mapList(a.Args, fn)
			a.Filter = opt(a.Filter)
			n.Aggs[i] = a
		}
		return &n
	case *Join:
		n := *x
		n.Cond = opt(x.Cond)
		return &n
	case *HashJoin:
		n := *x
		n.LeftKeys, n.RightKeys, n.Residual = mapList(x.LeftKeys, fn), mapList(x.RightKeys, fn), opt(x.Residual)
		return &n
	case *NestedLoopJoin:
		n := *x
		n.Cond = opt(x.Cond)
		return &n
	case *Sort:
		n := *x
		n.Keys = make([]SortKey, len(x.Keys))
		for i, k := range x.Keys {
			k.Expr = fn(k.Expr)
			n.Keys[i] = k
		}
		return &n
	case *Limit:
		n := *x
		n.Count, n.Offset = opt(x.Count), opt(x.Offset)
		return &n
	case *ProjectSet:
		n := *x
		n.Calls = make([]*SetCall, len(x.Calls))
		for i, c := range x.Calls {
			nc := *c
			nc.Args = mapList(c.Args, fn)
			n.Calls[i] = &nc
		}
		return &n
	case *LateralJoin:
		n := *x
		if sq, ok := fn(x.Sub).(*Subquery); ok {
			n.Sub = sq
		}
		n.Cond = opt(x.Cond)
		return &n
	case *Window:
		n := *x
		n.Funcs = make([]WindowCall, len(x.Funcs))
		for i, c := range x.Funcs {
			n.Funcs[i] = c.mapExprs(fn)
		}
		return &n
	}
	return p
}

// deepMapExpr applies fn bottom-up to e and all its sub-expressions.
func deepMapExpr(e Expr, fn func(Expr) Expr) Expr {
	if e == nil {
		return nil
	}
	return fn(mapChildren(e, func(c Expr) Expr { return deepMapExpr(c, fn) }))
}

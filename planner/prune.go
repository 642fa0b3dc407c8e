package planner

import "slices"

// pruneColumns narrows every node's output to the columns something above it reads, so
// scans read only the columns a query uses and operators never move unused columns around.
// The plan's own output columns are all required.
func (o *optimizer) pruneColumns(p Plan) (Plan, error) {
	all := make([]bool, len(p.Columns()))
	for i := range all {
		all[i] = true
	}
	np, m := prune(p, all)
	// The root keeps every column, in order.
	for i, j := range m {
		if i != j {
			return p, nil
		}
	}
	return np, nil
}

// colMap maps a node's old output column index to its new index (-1: pruned).
type colMap []int

func identityMap(n int) colMap {
	m := make(colMap, n)
	for i := range m {
		m[i] = i
	}
	return m
}

func (m colMap) apply(e Expr) Expr {
	if e == nil {
		return nil
	}
	return remapColumns(e, func(i int) int { return m[i] })
}

func (m colMap) applyAll(es []Expr) []Expr {
	out := make([]Expr, len(es))
	for i, e := range es {
		out[i] = m.apply(e)
	}
	return out
}

// need marks the columns e reads in req.
func need(req []bool, es ...Expr) {
	for _, e := range es {
		if e == nil {
			continue
		}
		for c := range columnsUsed(e) {
			req[c] = true
		}
	}
}

func allTrue(n int) []bool {
	r := make([]bool, n)
	for i := range r {
		r[i] = true
	}
	return r
}

// prune returns p narrowed to (at least) the required columns and the mapping of its old
// output columns to new ones.
func prune(p Plan, req []bool) (Plan, colMap) {
	switch x := p.(type) {
	case *Scan:
		n := &Scan{Table: x.Table}
		m := make(colMap, len(x.Out))
		for i := range x.Out {
			m[i] = -1
			if req[i] {
				m[i] = len(n.Cols)
				n.Cols = append(n.Cols, x.Cols[i])
				n.Out = append(n.Out, x.Out[i])
			}
		}
		return n, m
	case *Filter:
		r := append([]bool(nil), req...)
		need(r, x.Pred)
		in, m := prune(x.Input, r)
		return &Filter{Input: in, Pred: m.apply(x.Pred)}, m
	case *Project:
		r := make([]bool, len(x.Input.Columns()))
		n := &Project{}
		m := make(colMap, len(x.Exprs))
		for i, e := range x.Exprs {
			m[i] = -1
			if req[i] {
				need(r, e)
			}
		}
		in, cm := prune(x.Input, r)
		n.Input = in
		for i, e := range x.Exprs {
			if req[i] {
				m[i] = len(n.Exprs)
				n.Exprs = append(n.Exprs, cm.apply(e))
				n.Out = append(n.Out, x.Out[i])
			}
		}
		return mergeProjects(n), m
	case *Aggregate:
		r := make([]bool, len(x.Input.Columns()))
		need(r, x.GroupBy...)
		for _, a := range x.Aggs {
			need(r, a.Args...)
			need(r, a.Filter)
		}
		in, cm := prune(x.Input, r)
		n := &Aggregate{Input: in, GroupBy: cm.applyAll(x.GroupBy), Sets: x.Sets, Groupings: x.Groupings, Out: x.Out}
		for _, a := range x.Aggs {
			a.Args = cm.applyAll(a.Args)
			a.Filter = cm.apply(a.Filter)
			n.Aggs = append(n.Aggs, a)
		}
		return n, identityMap(len(x.Out))
	case *HashJoin:
		lw := len(x.Left.Columns())
		lr, rr := splitReq(x.Type, req, lw, len(x.Right.Columns()))
		need(lr, x.LeftKeys...)
		need(rr, x.RightKeys...)
		needSplit(lr, rr, lw, x.Residual)
		l, lm := prune(x.Left, lr)
		r, rm := prune(x.Right, rr)
		jm := joinMap(x.Type, lm, rm, len(l.Columns()))
		// Conditions read both sides, also where the output (semi, anti) is the left only.
		cm := joinMap(InnerJoin, lm, rm, len(l.Columns()))
		j := &HashJoin{Type: x.Type, Left: l, Right: r, LeftKeys: lm.applyAll(x.LeftKeys),
			RightKeys: rm.applyAll(x.RightKeys), Residual: cm.apply(x.Residual), BuildLeft: x.BuildLeft}
		return dropUnread(j, req, jm)

	case *NestedLoopJoin:
		lw := len(x.Left.Columns())
		lr, rr := splitReq(x.Type, req, lw, len(x.Right.Columns()))
		needSplit(lr, rr, lw, x.Cond)
		l, lm := prune(x.Left, lr)
		r, rm := prune(x.Right, rr)
		jm := joinMap(x.Type, lm, rm, len(l.Columns()))
		cm := joinMap(InnerJoin, lm, rm, len(l.Columns()))
		return &NestedLoopJoin{Type: x.Type, Left: l, Right: r, Cond: cm.apply(x.Cond)}, jm
	case *Sort:
		r := append([]bool(nil), req...)
		for _, k := range x.Keys {
			need(r, k.Expr)
		}
		in, m := prune(x.Input, r)
		n := &Sort{Input: in}
		for _, k := range x.Keys {
			k.Expr = m.apply(k.Expr)
			n.Keys = append(n.Keys, k)
		}
		return n, m
	case *Limit:
		r := append([]bool(nil), req...)
		for _, k := range x.Ties {
			need(r, k.Expr)
		}
		in, m := prune(x.Input, r)
		n := &Limit{Input: in, Offset: x.Offset, Count: x.Count}
		for _, k := range x.Ties {
			k.Expr = m.apply(k.Expr)
			n.Ties = append(n.Ties, k)
		}
		return n, m
	case *ProjectSet:
		return pruneProjectSet(x, req)
	case *Window:
		// Every call stays, even when its result is unused: the last one decides the order
		// of the output rows.
		nIn := len(x.Input.Columns())
		r := append([]bool(nil), req[:nIn]...)
		for _, c := range x.Funcs {
			need(r, c.exprs()...)
		}
		in, cm := prune(x.Input, r)
		n := &Window{Input: in, Out: append([]Column(nil), in.Columns()...)}
		m := append(colMap(nil), cm...)
		for k, c := range x.Funcs {
			n.Funcs = append(n.Funcs, c.mapExprs(cm.apply))
			m = append(m, len(n.Out))
			n.Out = append(n.Out, x.Out[nIn+k])
		}
		return n, m
	}
	// Distinct, SetOp, Values and anything else: every column matters to the result.
	kids := p.Children()
	if len(kids) > 0 {
		nk := make([]Plan, len(kids))
		for i, k := range kids {
			nk[i] = pruneAll(k)
		}
		p = p.WithChildren(nk)
	}
	return p, identityMap(len(p.Columns()))
}

// dropUnread puts a projection over a join whose output holds columns nothing above reads
// (its keys, columns only a filter below read), so that the executor, which runs the two
// together, gathers only the columns read above for each joined row. req marks the join's
// required output columns by old index, m maps them to the new join's.
func dropUnread(j Plan, req []bool, m colMap) (Plan, colMap) {
	cols := j.Columns()
	var keep []int
	for i, r := range req {
		if r && m[i] >= 0 {
			keep = append(keep, m[i])
		}
	}
	slices.Sort(keep)
	keep = slices.Compact(keep)
	if len(keep) == 0 || len(keep) == len(cols) {
		return j, m
	}
	pos := make([]int, len(cols))
	for i := range pos {
		pos[i] = -1
	}
	p := &Project{Input: j}
	for k, c := range keep {
		pos[c] = k
		p.Exprs = append(p.Exprs, &ColRef{Idx: c, T: cols[c].Type, Name: cols[c].Name})
		p.Out = append(p.Out, cols[c])
	}
	out := make(colMap, len(m))
	for i, c := range m {
		out[i] = -1
		if c >= 0 {
			out[i] = pos[c]
		}
	}
	return p, out
}

// pruneAll prunes below a node that needs all of its input's columns.
func pruneAll(p Plan) Plan {
	np, m := prune(p, allTrue(len(p.Columns())))
	for i, j := range m {
		if i != j {
			return p
		}
	}
	return np
}

// splitReq divides a join's required output columns between its inputs. Semi and anti joins
// output only the left columns.
func splitReq(t JoinType, req []bool, lw, rw int) (l, r []bool) {
	l, r = make([]bool, lw), make([]bool, rw)
	copy(l, req[:lw])
	if t != SemiJoin && t != AntiJoin {
		copy(r, req[lw:])
	}
	return l, r
}

// needSplit marks the columns e (over the concatenated join row) reads on each side.
func needSplit(l, r []bool, lw int, e Expr) {
	if e == nil {
		return
	}
	for c := range columnsUsed(e) {
		if c < lw {
			l[c] = true
		} else {
			r[c-lw] = true
		}
	}
}

// joinMap maps a join's old output columns given its inputs' mappings.
func joinMap(t JoinType, lm, rm colMap, newLW int) colMap {
	m := append(colMap(nil), lm...)
	if t == SemiJoin || t == AntiJoin {
		return m
	}
	for _, j := range rm {
		if j < 0 {
			m = append(m, -1)
		} else {
			m = append(m, j+newLW)
		}
	}
	return m
}

// mergeProjects folds a projection directly below p into p, when that computes nothing
// twice: every inner expression read more than once by p is a column or a constant.
func mergeProjects(p *Project) *Project {
	inner, ok := p.Input.(*Project)
	if !ok {
		return p
	}
	uses := make([]int, len(inner.Exprs))
	for _, e := range p.Exprs {
		if hasSubquery(e) {
			return p
		}
		walkExpr(e, func(e Expr) {
			if c, ok := e.(*ColRef); ok {
				uses[c.Idx]++
			}
		})
	}
	for i, e := range inner.Exprs {
		switch e.(type) {
		case *ColRef, *Const:
			continue
		}
		if uses[i] > 1 || hasSubquery(e) {
			return p
		}
	}
	n := &Project{Input: inner.Input, Out: p.Out, Exprs: make([]Expr, len(p.Exprs))}
	for i, e := range p.Exprs {
		n.Exprs[i] = substitute(e, inner.Exprs)
	}
	return mergeProjects(n)
}

// pruneProjectSet keeps the input columns the calls read or something above needs, and
// passes on only the latter. Every call stays: each decides how many rows there are.
func pruneProjectSet(x *ProjectSet, req []bool) (Plan, colMap) {
	pass := x.Passed()
	r := make([]bool, len(x.Input.Columns()))
	for k, c := range pass {
		if req[k] {
			r[c] = true
		}
	}
	for _, c := range x.Calls {
		need(r, c.Args...)
	}
	in, cm := prune(x.Input, r)
	n := &ProjectSet{Input: in, Ordinality: x.Ordinality, Pass: []int{}}
	m := make(colMap, len(x.Out))
	for k, c := range pass {
		m[k] = -1
		if req[k] {
			m[k] = len(n.Out)
			n.Pass = append(n.Pass, cm[c])
			n.Out = append(n.Out, x.Out[k])
		}
	}
	for _, c := range x.Calls {
		nc := *c
		nc.Args = cm.applyAll(c.Args)
		n.Calls = append(n.Calls, &nc)
	}
	for k := len(pass); k < len(x.Out); k++ {
		m[k] = len(n.Out)
		n.Out = append(n.Out, x.Out[k])
	}
	return n, m
}

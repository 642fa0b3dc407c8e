package planner

// Decorrelation of LATERAL subqueries, in the manner of DuckDB's: a subquery that reads
// its left items only through equalities inner = outer in the top Filter of its body is
// computed once for all outer rows, with the inner sides of those equalities carried up
// through it as extra key columns, and joined to the left items on them:
//
//	Filter (inner = outer AND rest)    Filter rest, the keys appended as columns
//	Project, Filter, Sort              the same, passing the keys along
//	Limit k over Sort                  row_number() OVER (PARTITION BY keys ORDER BY ..)
//	                                   <= k: top-N per group in one pass
//	Aggregate with GROUP BY            the keys added to the group keys
//	Aggregate without GROUP BY         grouped by the keys and left joined: an outer row
//	                                   without a group gets the subquery's value over no
//	                                   rows (count() 0, the other aggregates NULL)
//
// Before those, a subquery computing one row from the outer row alone (SELECT a.x + 1,
// VALUES (a.x)) becomes a projection of the left items, and an inner join of a relation
// that does not read them with one that does is joined after the lateral join of the
// latter (lateralThroughJoin), so that the former is read once.
//
// A lateral join whose subquery has another shape, reads its left items elsewhere or reads
// queries further out stays a LateralJoin, computed per distinct outer row.

import (
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// lateralKey is one equality correlating a LATERAL subquery: inner is over the body of the
// correlated Filter, outer over the left items' row (OuterRefs of level 1).
type lateralKey struct {
	call         *Call
	inner, outer Expr
	innerFirst   bool
}

// name is what the key column is called (EXPLAIN shows it): the inner column's name.
func (k lateralKey) name() string {
	if c, ok := k.inner.(*ColRef); ok {
		return c.Name
	}
	return "key"
}

// lateralCarry rewrites a LATERAL subquery's plan to carry its correlation keys.
type lateralCarry struct {
	o    *optimizer
	keys []lateralKey
}

// decorrelateLateral turns j into a join when its subquery's shape allows; it returns j
// unchanged otherwise.
func (o *optimizer) decorrelateLateral(j *LateralJoin) (Plan, error) {
	if readsFurtherOut(j.Sub.Plan) {
		return j, nil
	}
	// The subquery's plan has not been through the rules yet: fold its constants (LIMIT's
	// count) first.
	body, err := o.foldConstants(j.Sub.Plan)
	if err != nil {
		return nil, err
	}
	sub := *j.Sub
	sub.Plan = body
	nj := *j
	nj.Sub = &sub
	j = &nj
	if p, ok := lateralRow(j); ok {
		return p, nil
	}
	if p, ok, err := o.lateralThroughJoin(j); ok || err != nil {
		return p, err
	}
	if p, ok, err := o.lateralAggregate(j); ok || err != nil {
		return p, err
	}
	c := &lateralCarry{o: o}
	right := c.carry(j.Sub.Plan)
	if right == nil || len(c.keys) == 0 {
		return j, nil
	}
	right, err = o.decorrelate(right)
	if err != nil {
		return nil, err
	}
	jt := InnerJoin
	if j.Left {
		jt = LeftJoin
	}
	lw, m := len(j.Input.Columns()), len(j.Sub.Plan.Columns())
	conds := c.joinConds(lw, lw+m)
	if j.Cond != nil {
		conds = append(conds, j.Cond)
	}
	join := &Join{Type: jt, Left: j.Input, Right: right, Cond: andAll(conds)}
	return narrow(join, lw+m), nil
}

// readsFurtherOut reports whether p reads a query beyond the lateral join's left items.
func readsFurtherOut(p Plan) bool {
	found := false
	walkOuterRefs(p, 0, func(r *OuterRef, depth int) {
		if r.Level > depth+1 {
			found = true
		}
	})
	return found
}

// joinConds are the equalities of the keys rewritten over the join: the outer side over
// the left items, the inner side the key columns, which begin at column base.
func (c *lateralCarry) joinConds(lw, base int) []Expr {
	conds := make([]Expr, len(c.keys))
	for i, k := range c.keys {
		key := &ColRef{Idx: base + i, T: k.inner.Type(), Name: k.name()}
		outer := joinSide(k.outer, lw)
		args := []Expr{outer, key}
		if k.innerFirst {
			args = []Expr{key, outer}
		}
		conds[i] = &Call{Func: k.call.Func, Args: args, T: k.call.T}
	}
	return conds
}

// carry returns p with the keys appended to its columns, or nil when p's shape does not
// allow it. The keys are found at the correlated Filter.
func (c *lateralCarry) carry(p Plan) Plan {
	if nodeReadsOuter(p) {
		if f, ok := p.(*Filter); ok && len(c.keys) == 0 {
			return c.correlatedFilter(f)
		}
		return nil
	}
	switch x := p.(type) {
	case *Filter:
		if in := c.carry(x.Input); in != nil {
			return &Filter{Input: in, Pred: x.Pred}
		}
	case *Project:
		in := c.carry(x.Input)
		if in == nil {
			return nil
		}
		n := &Project{Input: in, Exprs: append([]Expr(nil), x.Exprs...), Out: append([]Column(nil), x.Out...)}
		c.appendKeys(&n.Exprs, &n.Out, len(x.Input.Columns()))
		return n
	case *Sort:
		if in := c.carry(x.Input); in != nil {
			return &Sort{Input: in, Keys: x.Keys}
		}
	case *Limit:
		return c.limit(x)
	case *Aggregate:
		return c.groupedAggregate(x)
	}
	return nil
}

// nodeReadsOuter reports whether an expression of p (not its inputs) reads an outer row
// or holds a subquery, which the rewrite does not look into.
func nodeReadsOuter(p Plan) bool {
	found := false
	forEachExpr(p, func(e Expr) {
		walkExpr(e, func(e Expr) {
			switch e.(type) {
			case *OuterRef, *Subquery:
				found = true
			}
		})
	})
	return found
}

// appendKeys appends references to the keys, which follow width columns of the input.
func (c *lateralCarry) appendKeys(exprs *[]Expr, out *[]Column, width int) {
	for i, k := range c.keys {
		*exprs = append(*exprs, &ColRef{Idx: width + i, T: k.inner.Type(), Name: k.name()})
		*out = append(*out, Column{Name: k.name(), Type: k.inner.Type()})
	}
}

// correlatedFilter takes the equalities off f and puts their inner sides after its columns.
func (c *lateralCarry) correlatedFilter(f *Filter) Plan {
	corr, rest := splitCorrelated(f)
	if corr == nil || planEscapes(rest) || nodeReadsOuter(rest) {
		return nil
	}
	for _, e := range corr {
		call, ok := e.(*Call)
		if !ok || !c.o.eqFuncs[call.Func] || len(call.Args) != 2 {
			return nil
		}
		a, b := call.Args[0], call.Args[1]
		switch {
		case innerOnly(a) && outerOnly(b):
			c.keys = append(c.keys, lateralKey{call: call, inner: a, outer: b, innerFirst: true})
		case outerOnly(a) && innerOnly(b):
			c.keys = append(c.keys, lateralKey{call: call, inner: b, outer: a})
		default:
			return nil
		}
	}
	cols := rest.Columns()
	proj := &Project{Input: rest}
	for i, col := range cols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: col.Type, Name: col.Name})
		proj.Out = append(proj.Out, col)
	}
	for _, k := range c.keys {
		proj.Exprs = append(proj.Exprs, k.inner)
		proj.Out = append(proj.Out, Column{Name: k.name(), Type: k.inner.Type()})
	}
	return proj
}

// limit turns LIMIT (over an optional Sort) into a filter on the row number within each
// key's rows.
func (c *lateralCarry) limit(l *Limit) Plan {
	count, okc := constInt(l.Count)
	offset, oko := constInt(l.Offset)
	if !okc || !oko || len(l.Ties) > 0 || c.o.reg == nil {
		return nil
	}
	var order []SortKey
	input := l.Input
	if s, ok := input.(*Sort); ok {
		order, input = s.Keys, s.Input
	}
	in := c.carry(input)
	rn := c.o.reg.Funcs("row_number")
	le := c.o.info.cmpOf[cmpKey{types.Int8, types.Int8, cmpLe}]
	gt := c.o.info.cmpOf[cmpKey{types.Int8, types.Int8, cmpGt}]
	if in == nil || len(rn) == 0 || le == nil || gt == nil {
		return nil
	}
	cols := in.Columns()
	w := len(cols) - len(c.keys)
	call := WindowCall{Func: rn[0], T: types.Of(types.Int8), Frame: DefaultFrame, OrderBy: order}
	for i := range c.keys {
		call.PartitionBy = append(call.PartitionBy, &ColRef{Idx: w + i, T: cols[w+i].Type, Name: cols[w+i].Name})
	}
	win := &Window{Input: in, Funcs: []WindowCall{call}, Out: append(append([]Column(nil), cols...), Column{Name: "row_number", Type: call.T})}
	num := &ColRef{Idx: len(cols), T: call.T, Name: "row_number"}
	var preds []Expr
	if offset > 0 {
		preds = append(preds, &Call{Func: gt, Args: []Expr{num, int8Const(offset)}, T: types.TBool})
	}
	if l.Count != nil && !isNullConst(l.Count) {
		preds = append(preds, &Call{Func: le, Args: []Expr{num, int8Const(offset + count)}, T: types.TBool})
	}
	var out Plan = win
	if len(preds) > 0 {
		out = &Filter{Input: win, Pred: andAll(preds)}
	}
	return narrow(out, len(cols))
}

// groupedAggregate adds the keys to an aggregate's group keys; its output keeps the group
// keys and aggregates first, then the keys.
func (c *lateralCarry) groupedAggregate(a *Aggregate) Plan {
	if len(a.GroupBy) == 0 {
		return nil
	}
	in := c.carry(a.Input)
	if in == nil {
		return nil
	}
	w := len(a.Input.Columns())
	g := &Aggregate{Input: in, GroupBy: append([]Expr(nil), a.GroupBy...), Aggs: a.Aggs}
	g.Out = append(g.Out, a.Out[:len(a.GroupBy)]...)
	var keyCols []Column
	c.appendKeys(&g.GroupBy, &keyCols, w)
	g.Out = append(append(g.Out, keyCols...), a.Out[len(a.GroupBy):]...)
	// Reorder: the original columns, then the keys.
	ng, nk := len(a.GroupBy), len(c.keys)
	proj := &Project{Input: g}
	for i, col := range a.Out {
		idx := i
		if i >= ng {
			idx = i + nk
		}
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: idx, T: col.Type, Name: col.Name})
		proj.Out = append(proj.Out, col)
	}
	for i, col := range keyCols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: ng + i, T: col.Type, Name: col.Name})
		proj.Out = append(proj.Out, col)
	}
	return proj
}

// lateralAggregate decorrelates "[LEFT JOIN] LATERAL (SELECT f(agg(..)), .. FROM .. WHERE
// inner = outer ..)": one row per outer row, so a left join with the subquery grouped by
// its keys, where an outer row without a group gets the values over no rows.
func (o *optimizer) lateralAggregate(j *LateralJoin) (Plan, bool, error) {
	proj, ok := j.Sub.Plan.(*Project)
	if !ok || j.Cond != nil || nodeReadsOuter(proj) {
		return nil, false, nil
	}
	agg, ok := proj.Input.(*Aggregate)
	if !ok || len(agg.GroupBy) > 0 || nodeReadsOuter(agg) {
		return nil, false, nil
	}
	c := &lateralCarry{o: o}
	in := c.carry(agg.Input)
	if in == nil || len(c.keys) == 0 {
		return nil, false, nil
	}
	in, err := o.decorrelate(in)
	if err != nil {
		return nil, false, err
	}
	w, nk := len(agg.Input.Columns()), len(c.keys)
	grouped := &Aggregate{Input: in, Aggs: agg.Aggs}
	c.appendKeys(&grouped.GroupBy, &grouped.Out, w)
	grouped.Out = append(grouped.Out, agg.Out...)
	// Right side: the subquery's values, the keys, and a marker that is never NULL.
	right := &Project{Input: grouped}
	for i, e := range proj.Exprs {
		right.Exprs = append(right.Exprs, remapColumns(e, func(i int) int { return i + nk }))
		right.Out = append(right.Out, proj.Out[i])
	}
	c.appendKeys(&right.Exprs, &right.Out, 0)
	right.Exprs = append(right.Exprs, boolConst(true))
	right.Out = append(right.Out, Column{Name: "matched", Type: types.TBool})

	lw, m := len(j.Input.Columns()), len(proj.Exprs)
	join := &Join{Type: LeftJoin, Left: j.Input, Right: right, Cond: andAll(c.joinConds(lw, lw+m))}
	marker := &ColRef{Idx: lw + m + nk, T: types.TBool, Name: "matched"}
	out := &Project{Input: join}
	for i, col := range join.Columns()[:lw+m] {
		var e Expr = &ColRef{Idx: i, T: col.Type, Name: col.Name}
		if i >= lw {
			e = o.emptyAggregateValue(e, proj.Exprs[i-lw], agg, marker)
		}
		out.Exprs = append(out.Exprs, e)
		out.Out = append(out.Out, col)
	}
	return out, true, nil
}

// emptyAggregateValue is value, or where the outer row found no group (marker NULL) the
// subquery's expression over no rows: count() 0, the other aggregates NULL.
func (o *optimizer) emptyAggregateValue(value, expr Expr, agg *Aggregate, marker Expr) Expr {
	empty := deepMapExpr(expr, func(e Expr) Expr {
		c, ok := e.(*ColRef)
		if !ok {
			return e
		}
		if a := agg.Aggs[c.Idx]; a.Func.Name == "count" {
			return &Const{Value: scalar.NewInt64Scalar(0), T: a.T}
		}
		return nullConst(c.T)
	})
	empty = o.fold(empty)
	if k, ok := empty.(*Const); ok && !k.Value.IsValid() {
		return value
	}
	return &Case{Whens: []When{{Cond: &NullTest{Arg: marker}, Result: empty}}, Else: value, T: value.Type()}
}

// constInt returns the value of an integer constant; nil is 0, ok false for anything else.
func constInt(e Expr) (int64, bool) {
	if e == nil {
		return 0, true
	}
	c, ok := e.(*Const)
	if !ok {
		return 0, false
	}
	switch v := c.Value.(type) {
	case *scalar.Int64:
		return v.Value, v.Value >= 0 || !v.Valid
	case *scalar.Int32:
		return int64(v.Value), v.Value >= 0 || !v.Valid
	}
	return 0, false
}

func isNullConst(e Expr) bool {
	c, ok := e.(*Const)
	return ok && !c.Value.IsValid()
}

func int8Const(v int64) *Const {
	return &Const{Value: scalar.NewInt64Scalar(v), T: types.Of(types.Int8)}
}

// lateralRow turns a LATERAL subquery that computes one row from the outer row alone
// (SELECT a.x + 1, VALUES (a.x)) into a projection of the left items.
func lateralRow(j *LateralJoin) (Plan, bool) {
	exprs, ok := singleRow(j.Sub.Plan)
	if !ok || j.Cond != nil {
		return nil, false
	}
	cols := j.Input.Columns()
	proj := &Project{Input: j.Input, Out: j.Out}
	for i, c := range cols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
	}
	for _, e := range exprs {
		proj.Exprs = append(proj.Exprs, outerToColumns(e, 0))
	}
	return proj, true
}

// singleRow returns the expressions of a plan that is one row computed without reading
// any relation; ok is false for other plans and for expressions holding subqueries.
func singleRow(p Plan) ([]Expr, bool) {
	switch x := p.(type) {
	case *Values:
		if len(x.Rows) != 1 {
			return nil, false
		}
		for _, e := range x.Rows[0] {
			if hasSubquery(e) {
				return nil, false
			}
		}
		return x.Rows[0], true
	case *Project:
		in, ok := singleRow(x.Input)
		if !ok {
			return nil, false
		}
		out := make([]Expr, len(x.Exprs))
		for i, e := range x.Exprs {
			if hasSubquery(e) {
				return nil, false
			}
			out[i] = substitute(e, in)
		}
		return out, true
	}
	return nil, false
}

// outerToColumns rewrites an expression of a LATERAL subquery (holding no subquery) for
// the node above its left items: their columns, found from base on, instead of OuterRefs
// of level 1, and the references further out one level in.
func outerToColumns(e Expr, base int) Expr {
	return deepMapExpr(e, func(e Expr) Expr {
		r, ok := e.(*OuterRef)
		if !ok {
			return e
		}
		if r.Level == 1 {
			return &ColRef{Idx: base + r.Idx, T: r.T, Name: r.Name, Rel: r.Rel}
		}
		n := *r
		n.Level--
		return &n
	})
}

// lateralThroughJoin moves an inner lateral join whose subquery is an inner join of a
// relation B that does not read the left items A with one R that does, below that join:
// A ⋈lateral (B ⋈ R) is B ⋈ (A ⋈lateral R), which reads B once instead of once per row of
// A (and A ⋈lateral R may decorrelate further).
func (o *optimizer) lateralThroughJoin(j *LateralJoin) (Plan, bool, error) {
	jn, ok := j.Sub.Plan.(*Join)
	if !ok || j.Left || j.Cond != nil || jn.Type != InnerJoin || planEscapes(jn.Left) || hasSubquery(jn.Cond) {
		return nil, false, nil
	}
	a, b, r := j.Input, jn.Left, jn.Right
	aw, bw := len(a.Columns()), len(b.Columns())
	var inner Plan
	if len(outerColumns(r)) == 0 {
		inner = &Join{Type: InnerJoin, Left: a, Right: liftOuterRefs(r)}
	} else {
		lj := &LateralJoin{Input: a, Sub: &Subquery{Kind: LateralSubquery, Plan: r, Correlated: true},
			Out: append(append([]Column(nil), a.Columns()...), r.Columns()...)}
		var err error
		if inner, err = o.decorrelateLateral(lj); err != nil {
			return nil, false, err
		}
	}
	var cond Expr
	if jn.Cond != nil {
		cond = remapColumns(jn.Cond, func(i int) int {
			if i < bw {
				return i
			}
			return i + aw
		})
		cond = outerToColumns(cond, bw)
	}
	join := &Join{Type: InnerJoin, Left: b, Right: inner, Cond: cond}
	// Back to the lateral join's columns: A's, then B's, then R's.
	cols := join.Columns()
	proj := &Project{Input: join, Out: j.Out}
	for i := range aw {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: bw + i, T: cols[bw+i].Type, Name: cols[bw+i].Name})
	}
	for i := range bw {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name})
	}
	for i := bw + aw; i < len(cols); i++ {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name})
	}
	return proj, true, nil
}

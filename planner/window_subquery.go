package planner

import "slices"

// Correlated aggregates as window aggregates. TPC-H Q17 compares each lineitem of a few
// parts with the average quantity of its part's lineitems:
//
//	FROM lineitem, part WHERE p_partkey = l_partkey AND ..
//	  AND l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)
//
// Decorrelated into a grouped aggregate joined back, lineitem is read twice: once for the
// outer query and once for the averages. But the subquery aggregates rows of the very
// table the outer query reads, grouped by the column the outer query joins on, so its value
// is an aggregate over a window of that table: avg(l_quantity) OVER (PARTITION BY
// l_partkey), computed over the lineitems whose part qualifies (a semi join with the
// filtered part, which also keeps every lineitem of such a part). The outer query then
// reads lineitem once (the rewrite some optimizers call WinMagic).
//
// In general, for a WHERE filter over inner joins of relations among which one, t, scans
// table T, and a conjunct holding (SELECT f(agg(..)) FROM T WHERE T.c = x AND rest), with
// x a column of another relation r and the joins requiring t.c = x by the same operator:
// each outer row's subquery value aggregates the T rows satisfying rest whose c equals the
// row's own t.c. That is the window, partitioned by c, over T filtered by rest, provided
// the outer query filters t by at least rest (so no row it keeps lacks its window) and the
// window sees every T row of each c the outer rows can have (the semi join with r under
// r's own conjuncts only removes values of c that no outer row has). The outer query's
// other conjuncts on t apply above the window.

// windowSubqueries rewrites the Filters holding such subqueries (before decorrelation).
func (o *optimizer) windowSubqueries(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		f, ok := p.(*Filter)
		if !ok || !anyCorrelated(f.Pred) {
			return p, nil
		}
		if n := o.windowFilter(f); n != nil {
			return n, nil
		}
		return p, nil
	})
}

// joinLeaf is one input of a tree of inner joins, at column offset off of the tree's row.
type joinLeaf struct {
	plan       Plan
	off, width int
}

// innerJoinLeaves flattens a tree of inner joins into its leaves and its conditions over
// the whole row; false when a condition holds a subquery.
func innerJoinLeaves(p Plan, off int, leaves *[]joinLeaf, conds *[]Expr) bool {
	j, ok := p.(*Join)
	if !ok || j.Type != InnerJoin {
		*leaves = append(*leaves, joinLeaf{plan: p, off: off, width: len(p.Columns())})
		return true
	}
	if hasSubquery(j.Cond) {
		return false
	}
	for _, c := range conjuncts(j.Cond) {
		*conds = append(*conds, remapColumns(c, func(i int) int { return i + off }))
	}
	lw := len(j.Left.Columns())
	return innerJoinLeaves(j.Left, off, leaves, conds) && innerJoinLeaves(j.Right, off+lw, leaves, conds)
}

// windowable is a correlated scalar subquery in the form the rewrite takes: one expression
// over aggregates (proj) of the rows of a scan (rest: the scan, filtered) with inner
// column c equal to the outer column x.
type windowable struct {
	sq   *Subquery
	proj *Project
	agg  *Aggregate
	rest Plan
	scan *Scan
	eq   *Call
	c, x int
}

// asWindowable recognizes the subquery's shape, or returns nil.
func (o *optimizer) asWindowable(sq *Subquery) *windowable {
	if sq.Kind != ScalarSubquery || !sq.Correlated || callsVolatile(sq.Plan) {
		return nil
	}
	proj, ok := sq.Plan.(*Project)
	if !ok || len(proj.Exprs) != 1 || planEscapes(&Project{Input: &Values{}, Exprs: proj.Exprs}) {
		return nil
	}
	agg, ok := proj.Input.(*Aggregate)
	if !ok || len(agg.GroupBy) > 0 {
		return nil
	}
	for _, a := range agg.Aggs {
		if a.Distinct || a.Filter != nil || len(a.OrderBy) > 0 {
			return nil
		}
		for _, e := range a.Args {
			if !innerOnly(e) {
				return nil
			}
		}
	}
	corr, rest := splitCorrelated(agg.Input)
	if len(corr) != 1 || planEscapes(rest) {
		return nil
	}
	scan, _ := rest.(*Scan)
	if f, ok := rest.(*Filter); ok && !hasSubquery(f.Pred) {
		scan, _ = f.Input.(*Scan)
	}
	if scan == nil || scan.Lookup != nil {
		return nil
	}
	w := &windowable{sq: sq, proj: proj, agg: agg, rest: rest, scan: scan, c: -1, x: -1}
	call, ok := corr[0].(*Call)
	if !ok || !o.eqFuncs[call.Func] || !call.Func.Strict || len(call.Args) != 2 {
		return nil
	}
	w.eq = call
	for _, a := range call.Args {
		switch r := a.(type) {
		case *ColRef:
			w.c = r.Idx
		case *OuterRef:
			if r.Level != 1 {
				return nil
			}
			w.x = r.Idx
		default:
			return nil
		}
	}
	if w.c < 0 || w.x < 0 {
		return nil
	}
	return w
}

// windowFilter rewrites f when one of its conjuncts holds a subquery the rewrite takes;
// nil when none does.
func (o *optimizer) windowFilter(f *Filter) Plan {
	var leaves []joinLeaf
	var conds []Expr
	if !innerJoinLeaves(f.Input, 0, &leaves, &conds) || len(leaves) < 2 {
		return nil
	}
	preds := conjuncts(f.Pred)
	for i, c := range preds {
		sq := soleCorrelatedScalar(c)
		if sq == nil {
			continue
		}
		w := o.asWindowable(sq)
		if w == nil {
			continue
		}
		if n := o.windowRewrite(f, leaves, append(append([]Expr(nil), conds...), preds...), i, w); n != nil {
			return n
		}
	}
	return nil
}

// soleCorrelatedScalar returns the one correlated scalar subquery of e, or nil when e has
// none or several.
func soleCorrelatedScalar(e Expr) *Subquery {
	var found *Subquery
	n := 0
	walkExpr(e, func(e Expr) {
		if sq, ok := e.(*Subquery); ok {
			n++
			if sq.Correlated && sq.Kind == ScalarSubquery {
				found = sq
			}
		}
	})
	if n != 1 {
		return nil
	}
	return found
}

// windowRewrite checks the outer query against w and builds the rewritten plan. all are
// the join conditions followed by f's conjuncts, of which the one at index len(all) -
// len(conjuncts(f.Pred)) + at holds w's subquery.
func (o *optimizer) windowRewrite(f *Filter, leaves []joinLeaf, all []Expr, at int, w *windowable) Plan {
	width := len(f.Input.Columns())
	at += len(all) - len(conjuncts(f.Pred))
	t, r := -1, -1
	for i, l := range leaves {
		if s, ok := l.plan.(*Scan); ok && s.Table == w.scan.Table && s.Lookup == nil && slices.Equal(s.Cols, w.scan.Cols) {
			if t >= 0 {
				return nil // which of the two is the subquery's?
			}
			t = i
		}
		if w.x >= l.off && w.x < l.off+l.width {
			r = i
		}
	}
	if t < 0 || r < 0 || t == r || !cheapToRepeat(leaves[r].plan) {
		return nil
	}
	tl, rl := leaves[t], leaves[r]
	within := func(e Expr, l joinLeaf) bool {
		for c := range columnsUsed(e) {
			if c < l.off || c >= l.off+l.width {
				return false
			}
		}
		return !hasSubquery(e)
	}
	// The joins must equate t.c and x with the subquery's operator.
	tc := &ColRef{Idx: tl.off + w.c, T: w.scan.Out[w.c].Type, Name: w.scan.Out[w.c].Name}
	xc := &ColRef{Idx: w.x, T: f.Input.Columns()[w.x].Type, Name: f.Input.Columns()[w.x].Name}
	joined := false
	var tOnly, rOnly []Expr
	for i, c := range all {
		if i == at {
			continue
		}
		if call, ok := c.(*Call); ok && call.Func == w.eq.Func && len(call.Args) == 2 &&
			(exprEqual(call.Args[0], tc) && exprEqual(call.Args[1], xc) || exprEqual(call.Args[0], xc) && exprEqual(call.Args[1], tc)) {
			joined = true
		}
		if within(c, tl) {
			tOnly = append(tOnly, c)
		}
		if within(c, rl) {
			rOnly = append(rOnly, remapColumns(c, func(i int) int { return i - rl.off }))
		}
	}
	if !joined {
		return nil
	}
	// The outer query keeps only t rows satisfying the subquery's own conjuncts.
	if rf, ok := w.rest.(*Filter); ok {
		for _, c := range conjuncts(rf.Pred) {
			if !containsExpr(tOnly, remapColumns(c, func(i int) int { return i + tl.off })) {
				return nil
			}
		}
	}
	// The window's input: the subquery's rows whose c some row of r (under its own
	// conjuncts) has; it pays only when that keeps few of them.
	var rIn Plan = rl.plan
	if len(rOnly) > 0 {
		rIn = &Filter{Input: rl.plan, Pred: andAll(rOnly)}
	}
	tw := len(w.rest.Columns())
	semiEq := o.equality(&ColRef{Idx: w.c, T: tc.T, Name: tc.Name}, &ColRef{Idx: tw + w.x - rl.off, T: xc.T, Name: xc.Name})
	if semiEq == nil || semiEq.(*Call).Func != w.eq.Func {
		return nil
	}
	reduced := &Join{Type: SemiJoin, Left: w.rest, Right: rIn, Cond: semiEq}
	if o.rows(reduced) > 0.5*o.rows(w.rest) {
		return nil
	}
	return buildWindowed(f, leaves, t, reduced, all[at], w, width)
}

// buildWindowed replaces leaf t of f's joins with the window over reduced and f's conjunct
// holding w's subquery with the subquery's expression over the window's columns.
func buildWindowed(f *Filter, leaves []joinLeaf, t int, reduced Plan, target Expr, w *windowable, width int) Plan {
	tl := leaves[t]
	win := &Window{Input: reduced, Out: append([]Column(nil), reduced.Columns()...)}
	for i, a := range w.agg.Aggs {
		c := w.scan.Out[w.c]
		win.Funcs = append(win.Funcs, WindowCall{Func: a.Func, Args: a.Args, T: a.T, Frame: DefaultFrame,
			PartitionBy: []Expr{&ColRef{Idx: w.c, T: c.Type, Name: c.Name}}})
		win.Out = append(win.Out, w.agg.Out[i])
	}
	k := len(w.agg.Aggs)
	end := tl.off + tl.width
	// Columns of the old row keep their place up to t's end and move k on after it; the
	// window's columns, numbered width.. while rewriting, land after t's.
	shift := func(i int) int {
		switch {
		case i < end:
			return i
		case i < width:
			return i + k
		}
		return end + i - width
	}
	value := remapColumns(w.proj.Exprs[0], func(i int) int { return width + i })
	var preds []Expr
	for _, c := range conjuncts(f.Pred) {
		if c == target {
			c = replaceExpr(c, w.sq, value)
		}
		preds = append(preds, remapColumns(c, shift))
	}
	input := substituteJoinLeaf(f.Input, 0, tl.off, win, k)
	out := &Project{Input: &Filter{Input: input, Pred: andAll(preds)}}
	for i, c := range f.Input.Columns() {
		out.Exprs = append(out.Exprs, &ColRef{Idx: shift(i), T: c.Type, Name: c.Name})
		out.Out = append(out.Out, c)
	}
	return out
}

// substituteJoinLeaf puts leaf in place of the join leaf at offset at of p's row (p itself at
// offset off), shifting the join conditions over columns after it by k, the columns the
// new leaf adds at its end.
func substituteJoinLeaf(p Plan, off, at int, leaf Plan, k int) Plan {
	j, ok := p.(*Join)
	if !ok || j.Type != InnerJoin {
		return leaf // the leaf at offset at
	}
	lw := len(j.Left.Columns())
	n := &Join{Type: j.Type, Left: j.Left, Right: j.Right}
	if at < off+lw {
		n.Left = substituteJoinLeaf(j.Left, off, at, leaf, k)
	} else {
		n.Right = substituteJoinLeaf(j.Right, off+lw, at, leaf, k)
	}
	end := at - off + len(leaf.Columns()) - k // the old leaf's end in this join's row
	n.Cond = remapColumns(j.Cond, func(i int) int {
		if i >= end {
			return i + k
		}
		return i
	})
	return n
}

// replaceExpr returns e with the node target (by identity) replaced by with.
func replaceExpr(e, target, with Expr) Expr {
	if e == target {
		return with
	}
	if e == nil {
		return nil
	}
	return mapChildren(e, func(c Expr) Expr { return replaceExpr(c, target, with) })
}

func containsExpr(es []Expr, e Expr) bool {
	for _, x := range es {
		if exprEqual(x, e) {
			return true
		}
	}
	return false
}

package planner

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
)

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
// reads lineitem once (the rewrite some optimizers call WinMagic). Q2 does the same with
// the cheapest supply cost of a part over the joins of partsupp, supplier, nation and
// region, which the outer query joins too.
//
// In general, for a WHERE filter over inner joins of relations, and a conjunct holding
// (SELECT f(agg(..)) FROM T1, .., Tk WHERE c = x AND rest), with each Ti a table the
// outer query scans once (its relations t1..tk), and x a column of another relation r,
// where the outer query requires c = x by the same operator: each outer row's subquery
// value aggregates the rows of the subquery's join whose c equals the row's own c. That
// is the window, partitioned by c, over the subquery's join, provided the outer query
// restricts t1..tk by at least rest (so each outer row's part from them is a row of that
// join) and the window sees every row of each c the outer rows can have (the semi join
// with r under r's own conjuncts only removes values of c that no outer row has). The
// window's rows then stand for t1..tk in the outer query, whose other conjuncts apply
// above it.

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
// (proj) over aggregates (agg) of the rows of inner joins of scans (rest, with its leaves
// and conjuncts over its row), with inner column c equal to the outer column x.
type windowable struct {
	sq     *Subquery
	proj   *Project
	agg    *Aggregate
	rest   Plan
	leaves []joinLeaf
	conds  []Expr
	eq     *Call
	c, x   int
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
	if !ok || len(agg.GroupBy) > 0 || agg.Sets != nil {
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
	w := &windowable{sq: sq, proj: proj, agg: agg, rest: rest, c: -1, x: -1}
	joins := rest
	if f, ok := rest.(*Filter); ok {
		if hasSubquery(f.Pred) {
			return nil
		}
		joins = f.Input
		w.conds = conjuncts(f.Pred)
	}
	if !innerJoinLeaves(joins, 0, &w.leaves, &w.conds) {
		return nil
	}
	for _, l := range w.leaves {
		if s, ok := l.plan.(*Scan); !ok || s.Lookup != nil {
			return nil
		}
	}
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
		if n := o.windowRewrite(f, leaves, conds, i, w); n != nil {
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

// windowMatch is the correspondence of a windowable subquery with the outer query's
// relations: toOuter maps a column of the subquery's row to the outer row, inT marks the
// outer leaves standing for the subquery's, r is the leaf holding x.
type windowMatch struct {
	toOuter []int
	inT     []bool
	r       int
}

// matchLeaves pairs each of the subquery's scans with the outer scan of the same table,
// each table scanned once on either side; nil when that fails or x is not in another leaf.
func matchLeaves(leaves []joinLeaf, w *windowable) *windowMatch {
	m := &windowMatch{inT: make([]bool, len(leaves)), r: -1}
	for _, sl := range w.leaves {
		ss := sl.plan.(*Scan)
		found := -1
		for i, l := range leaves {
			if s, ok := l.plan.(*Scan); ok && s.Table == ss.Table {
				if found >= 0 || s.Lookup != nil || !slices.Equal(s.Cols, ss.Cols) {
					return nil
				}
				found = i
			}
		}
		if found < 0 || m.inT[found] {
			return nil
		}
		m.inT[found] = true
		for j := 0; j < sl.width; j++ {
			m.toOuter = append(m.toOuter, leaves[found].off+j)
		}
	}
	for i, l := range leaves {
		if w.x >= l.off && w.x < l.off+l.width {
			m.r = i
		}
	}
	if m.r < 0 || m.inT[m.r] || !cheapToRepeat(leaves[m.r].plan) {
		return nil
	}
	return m
}

// windowRewrite checks the outer query against w and builds the rewritten plan. conds are
// the join conditions; f's conjunct at holds w's subquery.
func (o *optimizer) windowRewrite(f *Filter, leaves []joinLeaf, conds []Expr, at int, w *windowable) Plan {
	m := matchLeaves(leaves, w)
	if m == nil {
		return nil
	}
	preds := conjuncts(f.Pred)
	target := preds[at]
	all := append(append([]Expr(nil), conds...), preds[:at]...)
	all = append(all, preds[at+1:]...)
	inLeaf := func(e Expr, ok func(leaf int) bool) bool {
		for c := range columnsUsed(e) {
			i := slices.IndexFunc(leaves, func(l joinLeaf) bool { return c >= l.off && c < l.off+l.width })
			if !ok(i) {
				return false
			}
		}
		return !hasSubquery(e)
	}
	toOuter := func(e Expr) Expr { return remapColumns(e, func(i int) int { return m.toOuter[i] }) }
	// The outer query must join c and x with the subquery's operator, and restrict its
	// relations standing for the subquery's by at least the subquery's conjuncts.
	var joined bool
	var tOnly, rOnly []Expr
	rl := leaves[m.r]
	for _, c := range all {
		joined = joined || joinsOn(c, m.toOuter[w.c], w.x, w.eq.Func)
		if inLeaf(c, func(i int) bool { return i >= 0 && m.inT[i] }) {
			tOnly = append(tOnly, c)
		}
		if inLeaf(c, func(i int) bool { return i == m.r }) {
			rOnly = append(rOnly, remapColumns(c, func(i int) int { return i - rl.off }))
		}
	}
	if !joined {
		return nil
	}
	for _, c := range w.conds {
		if !containsExpr(tOnly, toOuter(c)) {
			return nil
		}
	}
	// The window's input: the subquery's rows whose c some row of r (under its own
	// conjuncts) has; it pays only when that keeps few of them.
	var rIn Plan = rl.plan
	if len(rOnly) > 0 {
		rIn = &Filter{Input: rl.plan, Pred: andAll(rOnly)}
	}
	sw := len(w.rest.Columns())
	ct, xt := w.rest.Columns()[w.c], f.Input.Columns()[w.x]
	semiEq := o.equality(&ColRef{Idx: w.c, T: ct.Type, Name: ct.Name}, &ColRef{Idx: sw + w.x - rl.off, T: xt.Type, Name: xt.Name})
	if semiEq == nil || semiEq.(*Call).Func != w.eq.Func {
		return nil
	}
	reduced := &Join{Type: SemiJoin, Left: w.rest, Right: rIn, Cond: semiEq}
	if o.rows(reduced) > 0.5*o.rows(w.rest) {
		return nil
	}
	// Conjuncts the window's input already applies are dropped.
	var keep []Expr
	for _, c := range all {
		if !slices.ContainsFunc(w.conds, func(s Expr) bool { return exprEqual(toOuter(s), c) }) {
			keep = append(keep, c)
		}
	}
	return buildWindowed(f, leaves, m, reduced, keep, target, w)
}

// joinsOn reports whether c is a = b (either way round) with the function eq.
func joinsOn(c Expr, a, b int, eq *catalog.Func) bool {
	call, ok := c.(*Call)
	if !ok || call.Func != eq || len(call.Args) != 2 {
		return false
	}
	l, lok := call.Args[0].(*ColRef)
	r, rok := call.Args[1].(*ColRef)
	return lok && rok && (l.Idx == a && r.Idx == b || l.Idx == b && r.Idx == a)
}

// buildWindowed joins the window over reduced (standing for the outer relations in m.inT)
// with the outer query's other relations under the conjuncts keep and target, the latter
// with w's subquery replaced by its expression over the window's columns, and projects
// the outer row's columns in their order.
func buildWindowed(f *Filter, leaves []joinLeaf, m *windowMatch, reduced Plan, keep []Expr, target Expr, w *windowable) Plan {
	width := len(f.Input.Columns())
	win := &Window{Input: reduced, Out: append([]Column(nil), reduced.Columns()...)}
	c := reduced.Columns()[w.c]
	for i, a := range w.agg.Aggs {
		win.Funcs = append(win.Funcs, WindowCall{Func: a.Func, Args: a.Args, T: a.T, Frame: DefaultFrame,
			PartitionBy: []Expr{&ColRef{Idx: w.c, T: c.Type, Name: c.Name}}})
		win.Out = append(win.Out, w.agg.Out[i])
	}
	// The new row: the window's (the subquery's row, then its aggregates), then the other
	// relations' in their order. newCol maps the old row's columns, and the window's
	// aggregates numbered from width, to it.
	newCol := make([]int, width+len(w.agg.Aggs))
	for sc, oc := range m.toOuter {
		newCol[oc] = sc
	}
	sw := len(reduced.Columns())
	for i := range w.agg.Aggs {
		newCol[width+i] = sw + i
	}
	var input Plan = win
	off := len(win.Out)
	for i, l := range leaves {
		if m.inT[i] {
			continue
		}
		for j := 0; j < l.width; j++ {
			newCol[l.off+j] = off + j
		}
		off += l.width
		input = &Join{Type: InnerJoin, Left: input, Right: l.plan}
	}
	remap := func(e Expr) Expr { return remapColumns(e, func(i int) int { return newCol[i] }) }
	value := deepMapExpr(w.proj.Exprs[0], func(e Expr) Expr {
		if c, ok := e.(*ColRef); ok { // named after the aggregate, for EXPLAIN
			return &ColRef{Idx: width + c.Idx, T: c.T, Name: w.agg.Aggs[c.Idx].Func.Name}
		}
		return e
	})
	preds := []Expr{remap(replaceExpr(target, w.sq, value))}
	for _, c := range keep {
		preds = append(preds, remap(c))
	}
	out := &Project{Input: &Filter{Input: input, Pred: andAll(preds)}}
	for i, col := range f.Input.Columns() {
		out.Exprs = append(out.Exprs, &ColRef{Idx: newCol[i], T: col.Type, Name: col.Name})
		out.Out = append(out.Out, col)
	}
	return out
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

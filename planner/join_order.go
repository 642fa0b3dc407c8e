package planner

import (
	"math"
	"math/bits"
	"sort"
)

// Join ordering. The binder joins tables in FROM-clause order; reorderJoins replaces each
// region of inner joins (inner and cross joins and the filters between them, down to the
// first node of another kind: a scan, an aggregate, an outer, semi or anti join) by the
// order with the least estimated cost.
//
// The region becomes a join graph: its inputs (leaves) and its predicates, each knowing the
// leaves it reads. Orders are enumerated by dynamic programming over subsets of leaves
// (DPsub): the best plan of a set is the cheapest join of the best plans of two disjoint
// subsets connected by a predicate, so no cross join is formed where a join predicate
// exists; a graph that is not connected joins its components' best plans last, smallest
// first. Beyond maxDPLeaves leaves the greedy variant joins the cheapest connected pair
// repeatedly. The cost of a plan is the sum, over its joins, of the rows it probes, twice
// the rows it builds a hash table from (building costs more per row than probing), and the
// rows it produces; the build side is the smaller input, placed on the right, where the
// hash join builds. Each predicate is applied at the lowest join that has all the leaves it
// reads; predicates that must not move (volatile, with subqueries) stay in a filter above
// the region. A projection restores the region's original column order.

// maxDPLeaves bounds the exhaustive enumeration: 2^n subsets, each split every way.
const maxDPLeaves = 12

// region is a flattened region of inner joins.
type region struct {
	leaves []Plan
	offs   []int // the first column of each leaf in the region's original output
	width  int
	preds  []Expr // over the original output
	fixed  []Expr // predicates that stay above the region
}

// joinPred is a predicate of the join graph: the leaves it reads (a bit set).
type joinPred struct {
	e    Expr
	mask uint64
	sel  float64
	// pair is set for an equality between two leaves' columns; such predicates between one
	// pair of leaves are combined with combineSels.
	pair bool
	// class is the equivalence class of an equality of a class of three leaves or more
	// (join_equiv.go), 0 for none; implied marks an equality the class added.
	class   equivClass
	implied bool
}

// reorderJoins reorders every region of inner joins, outermost first.
func (o *optimizer) reorderJoins(p Plan) (Plan, error) {
	if j, ok := p.(*Join); ok && (j.Type == SemiJoin || j.Type == AntiJoin) {
		if q := o.pushSemiJoin(j); q != nil {
			return o.reorderJoins(q)
		}
	}
	if isRegionNode(p) {
		r := &region{}
		r.collect(p, 0)
		if len(r.leaves) > 2 || len(r.leaves) == 2 && len(r.fixed) == 0 {
			for i, l := range r.leaves {
				nl, err := o.reorderJoins(l)
				if err != nil {
					return nil, err
				}
				r.leaves[i] = nl
			}
			if len(r.leaves) <= 64 {
				return o.orderRegion(r), nil
			}
		}
	}
	kids := p.Children()
	if len(kids) == 0 {
		return p, nil
	}
	nk := make([]Plan, len(kids))
	for i, k := range kids {
		n, err := o.reorderJoins(k)
		if err != nil {
			return nil, err
		}
		nk[i] = n
	}
	return p.WithChildren(nk), nil
}

// isRegionNode reports whether p is an inner join, or a filter over one.
func isRegionNode(p Plan) bool {
	switch x := p.(type) {
	case *Join:
		return x.Type == InnerJoin
	case *Filter:
		return isRegionNode(x.Input)
	}
	return false
}

// collect flattens p, whose output starts at column base of the region's output.
func (r *region) collect(p Plan, base int) {
	shift := func(e Expr) Expr { return remapColumns(e, func(i int) int { return i + base }) }
	switch x := p.(type) {
	case *Join:
		if x.Type == InnerJoin {
			r.collect(x.Left, base)
			r.collect(x.Right, base+len(x.Left.Columns()))
			r.addPreds(conjuncts(x.Cond), shift)
			return
		}
	case *Filter:
		if isRegionNode(x.Input) {
			r.collect(x.Input, base)
			r.addPreds(conjuncts(x.Pred), shift)
			return
		}
	}
	r.leaves = append(r.leaves, p)
	r.offs = append(r.offs, base)
	r.width = base + len(p.Columns())
}

func (r *region) addPreds(cs []Expr, shift func(Expr) Expr) {
	for _, c := range cs {
		if movable(c) {
			r.preds = append(r.preds, shift(c))
		} else {
			r.fixed = append(r.fixed, shift(c))
		}
	}
}

// leafOf returns the leaf holding original column c.
func (r *region) leafOf(c int) int {
	return sort.Search(len(r.offs), func(i int) bool { return r.offs[i] > c }) - 1
}

// maskOf returns the leaves e reads.
func (r *region) maskOf(e Expr) uint64 {
	var m uint64
	for c := range columnsUsed(e) {
		m |= 1 << r.leafOf(c)
	}
	return m
}

// joinTree is a plan of a subset of the region's leaves.
type joinTree struct {
	set         uint64
	rows, cost  float64
	left, right *joinTree // nil for a leaf
	leaf        int
}

// orderRegion builds the cheapest join tree of r and the plan for it.
func (o *optimizer) orderRegion(r *region) Plan {
	n := len(r.leaves)
	// Leaves carry their own single-leaf predicates (push-down put them there already,
	// except those only found by flattening).
	var preds []joinPred
	leafPreds := make([][]Expr, n)
	all := o.regionEstimate(r)
	for _, e := range r.preds {
		m := r.maskOf(e)
		if m == 0 {
			// No leaf's column (a stable call, the outer row of a subquery): no join of
			// the tree would place it, so it stays above the region.
			r.fixed = append(r.fixed, e)
			continue
		}
		if bits.OnesCount64(m) == 1 {
			i := bits.TrailingZeros64(m)
			leafPreds[i] = append(leafPreds[i], remapColumns(e, func(c int) int { return c - r.offs[i] }))
			continue
		}
		pair := o.isColumnEquality(e) && bits.OnesCount64(m) == 2
		preds = append(preds, joinPred{e: e, mask: m, sel: o.selectivity(e, all), pair: pair})
	}
	preds = o.addImpliedEqualities(r, preds, all)
	for i, ps := range leafPreds {
		if len(ps) > 0 {
			r.leaves[i] = &Filter{Input: r.leaves[i], Pred: andAll(ps)}
		}
	}
	leafRows := make([]float64, n)
	for i, l := range r.leaves {
		leafRows[i] = o.rows(l)
	}
	rowsOf := func(set uint64) float64 { return subsetRows(set, leafRows, preds) }
	var best *joinTree
	if n <= maxDPLeaves {
		best = dpOrder(n, preds, leafRows, rowsOf)
	} else {
		best = greedyOrder(n, preds, leafRows, rowsOf)
	}
	plan, layout := o.buildTree(r, best, preds)
	// Restore the region's column order, then apply what had to stay above it.
	pos := make([]int, r.width)
	at := 0
	for _, leaf := range layout {
		w := len(r.leaves[leaf].Columns())
		for j := 0; j < w; j++ {
			pos[r.offs[leaf]+j] = at + j
		}
		at += w
	}
	cols := plan.Columns()
	proj := &Project{Input: plan, Exprs: make([]Expr, r.width), Out: make([]Column, r.width)}
	for c := 0; c < r.width; c++ {
		col := cols[pos[c]]
		proj.Exprs[c] = &ColRef{Idx: pos[c], T: col.Type, Name: col.Name}
		proj.Out[c] = col
	}
	var out Plan = proj
	if identityLayout(pos) {
		out = plan
	}
	if len(r.fixed) > 0 {
		out = &Filter{Input: out, Pred: andAll(r.fixed)}
	}
	return out
}

func identityLayout(pos []int) bool {
	for i, p := range pos {
		if i != p {
			return false
		}
	}
	return true
}

// regionEstimate is the estimate of all leaves side by side, without predicates: the
// column statistics predicates' selectivities are computed from.
func (o *optimizer) regionEstimate(r *region) *relEst {
	e := &relEst{rows: 1}
	for _, l := range r.leaves {
		le := o.estimate(l)
		e.rows *= le.rows
		e.cols = append(e.cols, le.cols...)
	}
	return e
}

// subsetRows estimates the rows of the join of a set of leaves: the product of their rows
// and of the selectivities of the predicates over them.
func subsetRows(set uint64, leafRows []float64, preds []joinPred) float64 {
	rows := 1.0
	for s := set; s != 0; s &= s - 1 {
		rows *= leafRows[bits.TrailingZeros64(s)]
	}
	pairSels := map[uint64][]float64{}
	var inClasses []joinPred
	pairs := map[uint64]int{}
	for _, p := range preds {
		if p.mask&set != p.mask {
			continue
		}
		if p.pair {
			pairs[p.mask]++
		}
		switch {
		case p.class != 0:
			inClasses = append(inClasses, p)
		case p.pair:
			pairSels[p.mask] = append(pairSels[p.mask], p.sel)
		default:
			rows *= p.sel
		}
	}
	for _, p := range classSpanningPreds(inClasses, pairs) {
		pairSels[p.mask] = append(pairSels[p.mask], p.sel)
	}
	for _, sels := range pairSels {
		rows *= combineSels(sels)
	}
	return math.Max(rows, 1)
}

// connected reports whether a predicate joins sets a and b.
func connected(a, b uint64, preds []joinPred) bool {
	for _, p := range preds {
		if p.mask&a != 0 && p.mask&b != 0 && p.mask&^(a|b) == 0 {
			return true
		}
	}
	return false
}

// joinCost is the cost of joining trees a and b into rows rows, building on the smaller.
func joinCost(a, b *joinTree, rows float64) (*joinTree, *joinTree, float64) {
	probe, build := a, b
	if build.rows > probe.rows {
		probe, build = build, probe
	}
	return probe, build, a.cost + b.cost + probe.rows + 2*build.rows + rows
}

// dpOrder enumerates the connected subsets of the leaves by increasing size, keeping the
// cheapest tree of each.
func dpOrder(n int, preds []joinPred, leafRows []float64, rowsOf func(uint64) float64) *joinTree {
	best := make(map[uint64]*joinTree, 1<<n)
	for i := 0; i < n; i++ {
		best[1<<i] = &joinTree{set: 1 << i, rows: leafRows[i], leaf: i}
	}
	full := uint64(1)<<n - 1
	for set := uint64(1); set <= full; set++ {
		if bits.OnesCount64(set) < 2 {
			continue
		}
		var pick *joinTree
		rows := -1.0
		// Each split once: the subset holding the lowest leaf is the first half.
		low := set & -set
		for sub := (set - 1) & set; sub != 0; sub = (sub - 1) & set {
			if sub&low == 0 {
				continue
			}
			a, b := best[sub], best[set&^sub]
			if a == nil || b == nil || !connected(sub, set&^sub, preds) {
				continue
			}
			if rows < 0 {
				rows = rowsOf(set)
			}
			probe, build, cost := joinCost(a, b, rows)
			if pick == nil || cost < pick.cost {
				pick = &joinTree{set: set, rows: rows, cost: cost, left: probe, right: build}
			}
		}
		if pick != nil {
			best[set] = pick
		}
	}
	if t := best[full]; t != nil {
		return t
	}
	// Not connected: the best plan of each component, then cross joins, smallest first.
	var comps []*joinTree
	for rest := full; rest != 0; {
		var c *joinTree
		for set, t := range best {
			if set&rest == set && set&(rest&-rest) != 0 && (c == nil || bits.OnesCount64(set) > bits.OnesCount64(c.set)) {
				c = t
			}
		}
		comps = append(comps, c)
		rest &^= c.set
	}
	return crossJoinAll(comps, rowsOf)
}

// greedyOrder joins, among the trees formed so far, the connected pair whose join is
// cheapest, until one tree remains (then cross joins for what is not connected).
func greedyOrder(n int, preds []joinPred, leafRows []float64, rowsOf func(uint64) float64) *joinTree {
	trees := make([]*joinTree, n)
	for i := range trees {
		trees[i] = &joinTree{set: 1 << i, rows: leafRows[i], leaf: i}
	}
	for len(trees) > 1 {
		bi, bj := -1, -1
		var pick *joinTree
		for i := range trees {
			for j := i + 1; j < len(trees); j++ {
				if !connected(trees[i].set, trees[j].set, preds) {
					continue
				}
				set := trees[i].set | trees[j].set
				rows := rowsOf(set)
				probe, build, cost := joinCost(trees[i], trees[j], rows)
				if pick == nil || cost-trees[i].cost-trees[j].cost < pick.cost-pick.left.cost-pick.right.cost {
					pick, bi, bj = &joinTree{set: set, rows: rows, cost: cost, left: probe, right: build}, i, j
				}
			}
		}
		if pick == nil {
			return crossJoinAll(trees, rowsOf)
		}
		trees[bi] = pick
		trees = append(trees[:bj], trees[bj+1:]...)
	}
	return trees[0]
}

// crossJoinAll joins trees without predicates between them, smallest first.
func crossJoinAll(trees []*joinTree, rowsOf func(uint64) float64) *joinTree {
	sort.Slice(trees, func(i, j int) bool { return trees[i].rows < trees[j].rows })
	t := trees[0]
	for _, u := range trees[1:] {
		set := t.set | u.set
		probe, build, cost := joinCost(t, u, rowsOf(set))
		t = &joinTree{set: set, rows: rowsOf(set), cost: cost, left: probe, right: build}
	}
	return t
}

// buildTree turns a join tree into Join nodes, placing each predicate at the lowest join
// holding all its leaves. It returns the plan and the order of the leaves in its output.
func (o *optimizer) buildTree(r *region, t *joinTree, preds []joinPred) (Plan, []int) {
	if t.left == nil {
		return r.leaves[t.leaf], []int{t.leaf}
	}
	lp, ll := o.buildTree(r, t.left, preds)
	rp, rl := o.buildTree(r, t.right, preds)
	layout := append(append([]int(nil), ll...), rl...)
	pos := map[int]int{} // leaf -> first column in this node's output
	at := 0
	for _, leaf := range layout {
		pos[leaf] = at
		at += len(r.leaves[leaf].Columns())
	}
	var conds []Expr
	joined := map[equivClass]bool{} // classes with an equality at this join
	add := func(p joinPred) {
		conds = append(conds, remapColumns(p.e, func(c int) int {
			leaf := r.leafOf(c)
			return pos[leaf] + c - r.offs[leaf]
		}))
	}
	// One equality per class, a stated one first: each side has all its members of the
	// class equal already (join_equiv.go), so one equality makes them all equal.
	for _, implied := range []bool{false, true} {
		for _, p := range preds {
			here := p.mask&t.set == p.mask && p.mask&t.left.set != p.mask && p.mask&t.right.set != p.mask
			if !here || p.implied != implied || p.class != 0 && joined[p.class] {
				continue
			}
			if p.class != 0 {
				joined[p.class] = true
			}
			add(p)
		}
	}
	return &Join{Type: InnerJoin, Left: lp, Right: rp, Cond: andAll(conds)}, layout
}

// isColumnEquality reports whether e is column = column.
func (o *optimizer) isColumnEquality(e Expr) bool {
	c, ok := e.(*Call)
	if !ok || !o.eqFuncs[c.Func] || len(c.Args) != 2 {
		return false
	}
	_, a := stripCasts(c.Args[0]).(*ColRef)
	_, b := stripCasts(c.Args[1]).(*ColRef)
	return a && b
}

// pushSemiJoin moves a semi or anti join over a region of inner joins onto the one input of
// the region its condition reads, when it keeps under half of that input's rows: the
// region then joins the reduced input, and orders itself knowing so (TPC-H Q18's IN
// subquery keeps 57 of 1.5 million orders before they meet lineitem). It returns nil when
// the join stays where it is.
func (o *optimizer) pushSemiJoin(j *Join) Plan {
	left := j.Left
	if !isRegionNode(left) || !movable(j.Cond) {
		return nil
	}
	r := &region{}
	r.collect(left, 0)
	lw := len(left.Columns())
	leaf := -1
	for c := range columnsUsed(j.Cond) {
		if c >= lw {
			continue
		}
		l := r.leafOf(c)
		if leaf >= 0 && l != leaf {
			return nil
		}
		leaf = l
	}
	if leaf < 0 {
		return nil
	}
	target := r.leaves[leaf]
	off, w := r.offs[leaf], len(target.Columns())
	cond := remapColumns(j.Cond, func(c int) int {
		if c < lw {
			return c - off
		}
		return c - lw + w
	})
	pushed := &Join{Type: j.Type, Left: target, Right: j.Right, Cond: cond}
	if o.rows(pushed) > 0.5*o.rows(target) {
		return nil
	}
	return replaceLeaf(left, target, pushed)
}

// replaceLeaf returns p, a region, with the leaf old replaced by n.
func replaceLeaf(p, old, n Plan) Plan {
	if p == old {
		return n
	}
	if !isRegionNode(p) {
		return p
	}
	kids := p.Children()
	nk := make([]Plan, len(kids))
	for i, k := range kids {
		nk[i] = replaceLeaf(k, old, n)
	}
	return p.WithChildren(nk)
}

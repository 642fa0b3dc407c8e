package planner

import (
	"math/bits"
	"sort"
)

// Implied join equalities. Equalities between columns are transitive: in TPC-H Q5,
// c_nationkey = s_nationkey and s_nationkey = n_nationkey imply c_nationkey = n_nationkey,
// so customer may join nation (and the one region's five nations) before supplier. Like
// PostgreSQL's equivalence classes, the columns a region's column = column predicates make
// equal form classes; a class over three leaves or more, each holding one of its members,
// adds the equalities between its members that no predicate states, so the join order
// search sees every join the query allows.
//
// Every pair of the class's leaves then has an equality, so a join whose sides both hold
// members has one to apply; one suffices, as by induction each side's members are equal
// already (a leaf holds one member), and buildTree applies just one per class, a stated
// one where it can. Likewise a set of leaves is restricted by k-1 of the class's
// equalities for the k leaves of the class it holds (the least selective: those say what
// the others do not), not by all of them.

// equivClass numbers the classes of a region's predicates: 0 for a predicate in none.
type equivClass = int

// addImpliedEqualities marks the predicates of preds that belong to a class of three leaves
// or more and appends the equalities the class implies. all is the region's estimate.
func (o *optimizer) addImpliedEqualities(r *region, preds []joinPred, all *relEst) []joinPred {
	parent := map[int]int{}
	var find func(c int) int
	find = func(c int) int {
		p, ok := parent[c]
		if !ok || p == c {
			return c
		}
		root := find(p)
		parent[c] = root
		return root
	}
	eqCols := make([][2]*ColRef, len(preds))
	for i, p := range preds {
		a, b, ok := o.columnEquality(p)
		if !ok {
			continue
		}
		eqCols[i] = [2]*ColRef{a, b}
		parent[find(a.Idx)] = find(b.Idx)
	}
	members := map[int][]*ColRef{}
	seen := map[int]bool{}
	for _, ab := range eqCols {
		for _, c := range ab {
			if c != nil && !seen[c.Idx] {
				seen[c.Idx] = true
				members[find(c.Idx)] = append(members[find(c.Idx)], c)
			}
		}
	}
	roots := make([]int, 0, len(members))
	for root, ms := range members {
		var leaves uint64
		for _, c := range ms {
			leaves |= 1 << r.leafOf(c.Idx)
		}
		// Two members in one leaf need not be equal there: leave such a class alone.
		if n := bits.OnesCount64(leaves); n >= 3 && n == len(ms) {
			roots = append(roots, root)
		}
	}
	sort.Ints(roots) // a deterministic order of the added predicates
	for k, root := range roots {
		class := k + 1
		stated := map[[2]int]bool{}
		for i, ab := range eqCols {
			if ab[0] != nil && find(ab[0].Idx) == root {
				preds[i].class = class
				stated[[2]int{ab[0].Idx, ab[1].Idx}] = true
				stated[[2]int{ab[1].Idx, ab[0].Idx}] = true
			}
		}
		ms := members[root]
		sort.Slice(ms, func(i, j int) bool { return ms[i].Idx < ms[j].Idx })
		added, ok := o.impliedPreds(r, members[root], stated, class, all)
		if !ok {
			// Some equality could not be formed: the class stays as stated.
			for i := range preds {
				if preds[i].class == class {
					preds[i].class = 0
				}
			}
			continue
		}
		preds = append(preds, added...)
	}
	return preds
}

// impliedPreds returns the equalities between the members ms of class that are not stated,
// or false when one cannot be formed.
func (o *optimizer) impliedPreds(r *region, ms []*ColRef, stated map[[2]int]bool, class equivClass, all *relEst) ([]joinPred, bool) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Idx < ms[j].Idx })
	var added []joinPred
	for i, a := range ms {
		for _, b := range ms[i+1:] {
			if stated[[2]int{a.Idx, b.Idx}] {
				continue
			}
			e := o.equality(a, b)
			if e == nil {
				return nil, false
			}
			added = append(added, joinPred{e: e, mask: r.maskOf(e), sel: o.selectivity(e, all),
				pair: true, class: class, implied: true})
		}
	}
	return added, true
}

// columnEquality returns the columns of a predicate equating two leaves' columns of one type
// directly (no casts), with an equality operator.
func (o *optimizer) columnEquality(p joinPred) (*ColRef, *ColRef, bool) {
	if !p.pair {
		return nil, nil, false
	}
	c, ok := p.e.(*Call)
	if !ok || !o.eqFuncs[c.Func] || len(c.Args) != 2 {
		return nil, nil, false
	}
	a, aok := c.Args[0].(*ColRef)
	b, bok := c.Args[1].(*ColRef)
	if !aok || !bok || a.T.OID != b.T.OID || a.Idx == b.Idx {
		return nil, nil, false
	}
	return a, b, true
}

// classSpanningPreds returns, of the class equalities within a set of leaves, those that
// restrict the set: per class, the k-1 least selective for the k leaves they span. Among
// equally selective ones it prefers those joining the leaves that other predicates join
// too (pairs counts the predicates per pair of leaves), so that the keys of one join,
// usually correlated (partsupp's part and supplier), are combined as such.
func classSpanningPreds(preds []joinPred, pairs map[uint64]int) []joinPred {
	sort.SliceStable(preds, func(i, j int) bool {
		a, b := preds[i], preds[j]
		if a.class != b.class {
			return a.class < b.class
		}
		if a.sel != b.sel {
			return a.sel > b.sel
		}
		return pairs[a.mask] > pairs[b.mask]
	})
	var out []joinPred
	for i := 0; i < len(preds); {
		j := i
		var leaves uint64
		for j < len(preds) && preds[j].class == preds[i].class {
			leaves |= preds[j].mask
			j++
		}
		out = append(out, preds[i:i+min(j-i, bits.OnesCount64(leaves)-1)]...)
		i = j
	}
	return out
}

package planner

import "slices"

// NarrowProjection is for an executor that runs a projection's input so that it produces
// only the columns the projection reads (a join gathering no column nothing above uses). It
// returns those columns of the input, in order, and the projection's expressions rewritten
// over them. ok is false when the projection reads every input column, or when an
// expression holds a subquery (whose plan may read the input's columns out of sight).
func NarrowProjection(p *Project) (keep []int, exprs []Expr, ok bool) {
	width := len(p.Input.Columns())
	used := map[int]bool{}
	for _, e := range p.Exprs {
		if hasSubquery(e) {
			return nil, nil, false
		}
		for c := range columnsUsed(e) {
			used[c] = true
		}
	}
	if len(used) >= width {
		return nil, nil, false
	}
	for c := range used {
		keep = append(keep, c)
	}
	slices.Sort(keep)
	pos := make([]int, width)
	for i, c := range keep {
		pos[c] = i
	}
	for _, e := range p.Exprs {
		exprs = append(exprs, remapColumns(e, func(i int) int { return pos[i] }))
	}
	return keep, exprs, true
}

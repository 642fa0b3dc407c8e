package planner

// Walks over whole plans, subquery plans included, and the bookkeeping of correlated
// subqueries: the OuterRefs a subquery plan holds refer to the row of the node holding the
// Subquery expression, so whatever renumbers that node's input columns (pruning, pushing a
// predicate below a join) must renumber them too.

import "slices"

// walkPlanDeep calls fn for every node of p, parents first, entering the plans of subquery
// expressions.
func walkPlanDeep(p Plan, fn func(Plan)) {
	fn(p)
	forEachExpr(p, func(e Expr) {
		walkExpr(e, func(e Expr) {
			if sq, ok := e.(*Subquery); ok {
				walkPlanDeep(sq.Plan, fn)
			}
		})
	})
	for _, c := range p.Children() {
		walkPlanDeep(c, fn)
	}
}

// forEachExpr calls fn for each expression held directly by p.
func forEachExpr(p Plan, fn func(Expr)) {
	mapPlanExprs(p, func(e Expr) Expr {
		fn(e)
		return e
	})
}

// transformPlanDeep applies fn to every node of p, children first, entering the plans of
// subquery expressions.
func transformPlanDeep(p Plan, fn func(Plan) (Plan, error)) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		var err error
		if planHasSubquery(p) {
			p = mapPlanExprs(p, func(e Expr) Expr {
				return deepMapExpr(e, func(e Expr) Expr {
					sq, ok := e.(*Subquery)
					if !ok || err != nil {
						return e
					}
					n := *sq
					n.Plan, err = transformPlanDeep(sq.Plan, fn)
					return &n
				})
			})
			if err != nil {
				return nil, err
			}
		}
		return fn(p)
	})
}

// planHasSubquery reports whether an expression of p holds a subquery.
func planHasSubquery(p Plan) bool {
	found := false
	forEachExpr(p, func(e Expr) { found = found || hasSubquery(e) })
	return found
}

// mapOuterRefs rewrites the OuterRefs of p that reach outside it: fn gets each with the
// subquery depth it was found at (0 for p's own expressions), and level depth+1 is the row
// p is evaluated for.
func mapOuterRefs(p Plan, fn func(r *OuterRef, depth int) (Expr, error)) (Plan, error) {
	return mapOuterRefsAt(p, 0, fn)
}

func mapOuterRefsAt(p Plan, depth int, fn func(r *OuterRef, depth int) (Expr, error)) (Plan, error) {
	return transformUp(p, func(n Plan) (Plan, error) {
		var err error
		n = mapPlanExprs(n, func(e Expr) Expr {
			return deepMapExpr(e, func(e Expr) Expr {
				if err != nil {
					return e
				}
				switch x := e.(type) {
				case *OuterRef:
					if x.Level > depth {
						var r Expr
						r, err = fn(x, depth)
						return r
					}
				case *Subquery:
					c := *x
					c.Plan, err = mapOuterRefsAt(x.Plan, depth+1, fn)
					return &c
				}
				return e
			})
		})
		return n, err
	})
}

// planEscapes reports whether p reads columns of a row outside it (is correlated).
func planEscapes(p Plan) bool {
	found := false
	walkOuterRefs(p, 0, func(r *OuterRef, depth int) {
		if r.Level > depth {
			found = true
		}
	})
	return found
}

// walkOuterRefs calls fn for every OuterRef in p with its subquery depth.
func walkOuterRefs(p Plan, depth int, fn func(r *OuterRef, depth int)) {
	forEachExpr(p, func(e Expr) {
		walkExpr(e, func(e Expr) {
			switch x := e.(type) {
			case *OuterRef:
				fn(x, depth)
			case *Subquery:
				walkOuterRefs(x.Plan, depth+1, fn)
			}
		})
	})
	for _, c := range p.Children() {
		walkOuterRefs(c, depth, fn)
	}
}

// outerColumns returns the columns of the evaluating row that a correlated subquery's plan
// reads.
func outerColumns(p Plan) []int {
	var out []int
	walkOuterRefs(p, 0, func(r *OuterRef, depth int) {
		if r.Level == depth+1 {
			out = append(out, r.Idx)
		}
	})
	return out
}

// remapOuter renumbers the references of a correlated subquery's plan to the evaluating
// row's columns.
func remapOuter(p Plan, m func(int) int) Plan {
	out, _ := mapOuterRefs(p, func(r *OuterRef, depth int) (Expr, error) {
		if r.Level != depth+1 {
			return r, nil
		}
		n := *r
		n.Idx = m(r.Idx)
		return &n, nil
	})
	return out
}

// MemoColumns returns the columns of the evaluating row that a correlated subquery reads,
// and whether its result depends on nothing else that changes from row to row (it calls no
// volatile function), so that rows agreeing on those columns may share one evaluation.
func (s *Subquery) MemoColumns() ([]int, bool) {
	if callsVolatile(s.Plan) {
		return nil, false
	}
	cols := outerColumns(s.Plan)
	slices.Sort(cols)
	return slices.Compact(cols), true
}

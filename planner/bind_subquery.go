package planner

import (
	"github.com/pgfast/pgfast/wire/pgcode"
)

// rewriteSubquery moves a correlated subquery of a grouped query's SELECT list or HAVING
// above the Aggregate: its references to the query's row must be group keys, which become
// references to the Aggregate's key columns.
func (r *groupRewriter) rewriteSubquery(sq *Subquery, loc int32) (Expr, error) {
	n := *sq
	if sq.Arg != nil {
		arg, err := r.rewrite(sq.Arg, loc)
		if err != nil {
			return nil, err
		}
		n.Arg = arg
	}
	var err error
	n.Plan, err = mapOuterRefs(sq.Plan, func(ref *OuterRef, depth int) (Expr, error) {
		if ref.Level != depth+1 {
			return ref, nil
		}
		for i, g := range r.groupBy {
			if c, ok := g.(*ColRef); ok && c.Idx == ref.Idx {
				m := *ref
				m.Idx = i
				return &m, nil
			}
		}
		name := ref.Name
		if ref.Rel != "" {
			name = ref.Rel + "." + name
		}
		return nil, r.b.errorf(loc, pgcode.GroupingError, "subquery uses ungrouped column \"%s\" from outer query", name)
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// onlyOuterColumns reports whether es read columns of enclosing queries and none of their
// own query.
func onlyOuterColumns(es []Expr) bool {
	outer, own := false, false
	for _, e := range es {
		walkExpr(e, func(e Expr) {
			switch x := e.(type) {
			case *OuterRef:
				outer = true
			case *ColRef:
				own = true
			case *Subquery:
				// A subquery's references one level up are this query's columns; further
				// up, the enclosing queries'. (Deeper nesting is approximated by level.)
				subqueryLevels(x.Plan, 1, &own, &outer)
			}
		})
	}
	return outer && !own
}

// subqueryLevels marks own when plan (nested depth levels below the aggregate's query)
// reads the aggregate's query, and outer when it reads a query further out.
func subqueryLevels(plan Plan, depth int, own, outer *bool) {
	forEachExpr(plan, func(e Expr) {
		walkExpr(e, func(e Expr) {
			switch x := e.(type) {
			case *OuterRef:
				if x.Level == depth {
					*own = true
				} else if x.Level > depth {
					*outer = true
				}
			case *Subquery:
				subqueryLevels(x.Plan, depth+1, own, outer)
			}
		})
	})
	for _, c := range plan.Children() {
		subqueryLevels(c, depth, own, outer)
	}
}

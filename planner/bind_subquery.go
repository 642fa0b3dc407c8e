package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
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
		if ref.Grouping > 0 {
			return outerGrouping(ref, r.groupings[ref.Grouping-1]), nil
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

// subLink binds a subquery expression.
func (b *binder) subLink(s *pg_query.SubLink, sc *scope) (Expr, error) {
	sel, ok := s.Subselect.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "subquery not supported")
	}
	b.sublinkDepth++
	plan, err := b.selectStmt(sel.SelectStmt, sc)
	b.sublinkDepth--
	if err != nil {
		return nil, err
	}
	correlated := planEscapes(plan) || b.readsCorrelatedCTE(plan)
	cols := plan.Columns()
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return &Subquery{Kind: ExistsSubquery, Plan: plan, T: types.TBool, Correlated: correlated}, nil
	case pg_query.SubLinkType_EXPR_SUBLINK:
		if len(cols) != 1 {
			return nil, b.errorf(s.Location, pgcode.SyntaxError, "subquery must return only one column")
		}
		return &Subquery{Kind: ScalarSubquery, Plan: plan, T: cols[0].Type, Correlated: correlated}, nil
	case pg_query.SubLinkType_ANY_SUBLINK:
		if len(s.OperName) > 0 && opName(s.OperName) != "=" {
			return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "only = ANY (subquery) is supported")
		}
		if len(cols) != 1 {
			return nil, b.errorf(s.Location, pgcode.SyntaxError, "subquery has too many columns")
		}
		arg, err := b.expr(s.Testexpr, sc)
		if err != nil {
			return nil, err
		}
		col := Expr(&ColRef{Idx: 0, T: cols[0].Type, Name: cols[0].Name})
		t, err := b.commonType([]Expr{arg, col}, "IN", []int32{location(s.Testexpr), s.Location})
		if err != nil {
			return nil, err
		}
		if arg, err = b.coerce(arg, t, types.Implicit, location(s.Testexpr)); err != nil {
			return nil, err
		}
		if cc, err := b.coerce(col, t, types.Implicit, s.Location); err != nil {
			return nil, err
		} else if cc != col {
			plan = &Project{Input: plan, Exprs: []Expr{cc}, Out: []Column{{Name: cols[0].Name, Type: t}}}
		}
		return &Subquery{Kind: InSubquery, Plan: plan, Arg: arg, T: types.TBool, Correlated: correlated}, nil
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		sq, err := b.arraySubquery(plan, s.Location)
		if err != nil {
			return nil, err
		}
		sq.Correlated = correlated
		return sq, nil
	}
	return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "this kind of subquery is not supported yet")
}

// readsCorrelatedCTE reports whether p reads a CTE of an enclosing query whose plan reads
// that query's outer row. Such a CTE is computed per outer row, so a subquery reading it
// depends on the row too, though it holds no outer reference of its own: it must not be
// computed once per statement.
func (b *binder) readsCorrelatedCTE(p Plan) bool {
	found := false
	walkPlanDeep(p, func(p Plan) {
		s, ok := p.(*CTEScan)
		if !ok || found {
			return
		}
		for env := b.ctes; env != nil; env = env.parent {
			for _, d := range env.defs {
				if d.id == s.ID && d.plan != nil && planEscapes(d.plan) {
					found = true
				}
			}
		}
	})
	return found
}

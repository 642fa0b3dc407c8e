package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// groupByItems prints GROUP BY's items as PostgreSQL keeps them after flattening
// (flatten_grouping_sets, get_rule_groupingset): a top-level parenthesized list is its
// members, a top-level () is dropped unless nothing else is left, nested GROUPING SETS are
// merged into the enclosing one, and the simple sets of a GROUPING SETS are parenthesized.
func (d *viewDeparser) groupByItems(s *pg_query.SelectStmt) {
	if items, ok := d.notes.plainGroupBy[s]; ok {
		for i, n := range items {
			if i > 0 {
				d.str(", ")
			}
			d.sortGroupExpr(d.groupTarget(s, n), false)
		}
		return
	}
	first := true
	sep := func() {
		if !first {
			d.str(", ")
		}
		first = false
	}
	for _, n := range s.GroupClause {
		switch x := n.Node.(type) {
		case *pg_query.Node_GroupingSet:
			if x.GroupingSet.Kind == pg_query.GroupingSetKind_GROUPING_SET_EMPTY {
				continue
			}
			sep()
			d.groupingSet(s, x.GroupingSet)
			continue
		case *pg_query.Node_RowExpr:
			if x.RowExpr.RowFormat == pg_query.CoercionForm_COERCE_IMPLICIT_CAST {
				for _, a := range x.RowExpr.Args {
					sep()
					d.sortGroupExpr(d.groupTarget(s, a), false)
				}
				continue
			}
		}
		sep()
		d.sortGroupExpr(d.groupTarget(s, n), false)
	}
	if first {
		d.str("()")
	}
}

// groupingSet prints one ROLLUP, CUBE or GROUPING SETS.
func (d *viewDeparser) groupingSet(s *pg_query.SelectStmt, gs *pg_query.GroupingSet) {
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
		d.str("()")
		return
	case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP:
		d.str("ROLLUP(")
	case pg_query.GroupingSetKind_GROUPING_SET_CUBE:
		d.str("CUBE(")
	default:
		d.str("GROUPING SETS (")
	}
	sets := gs.Kind == pg_query.GroupingSetKind_GROUPING_SET_SETS
	for i, c := range flattenSets(gs) {
		if i > 0 {
			d.str(", ")
		}
		if inner, ok := c.Node.(*pg_query.Node_GroupingSet); ok {
			d.groupingSet(s, inner.GroupingSet)
			continue
		}
		members := []*pg_query.Node{c}
		if r, ok := c.Node.(*pg_query.Node_RowExpr); ok && r.RowExpr.RowFormat == pg_query.CoercionForm_COERCE_IMPLICIT_CAST {
			members = r.RowExpr.Args
		}
		parens := sets || len(members) != 1
		if parens {
			d.str("(")
		}
		for j, m := range members {
			if j > 0 {
				d.str(", ")
			}
			d.sortGroupExpr(d.groupTarget(s, m), false)
		}
		if parens {
			d.str(")")
		}
	}
	d.str(")")
}

// flattenSets returns a grouping set's items with the items of the GROUPING SETS nested in
// a GROUPING SETS in their place.
func flattenSets(gs *pg_query.GroupingSet) []*pg_query.Node {
	if gs.Kind != pg_query.GroupingSetKind_GROUPING_SET_SETS {
		return gs.Content
	}
	var out []*pg_query.Node
	for _, c := range gs.Content {
		if inner, ok := c.Node.(*pg_query.Node_GroupingSet); ok && inner.GroupingSet.Kind == pg_query.GroupingSetKind_GROUPING_SET_SETS {
			out = append(out, flattenSets(inner.GroupingSet)...)
			continue
		}
		out = append(out, c)
	}
	return out
}

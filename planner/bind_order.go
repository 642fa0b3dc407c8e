package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// orderBy binds ORDER BY items. Items naming an output column (by name or ordinal) sort by
// it; other expressions are bound over the input (sc) and returned in extra, to be added as
// hidden output columns after the visible ones. For set operations and VALUES, exprs is nil
// and every item must be an output column.
func (b *binder) orderBy(items []*pg_query.Node, sc *scope, out []Column, exprs []Expr) ([]SortKey, []Expr, error) {
	var keys []SortKey
	var extra []Expr
	for _, it := range items {
		sb := it.Node.(*pg_query.Node_SortBy).SortBy
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			var err error
			if desc, err = b.usingDirection(sb); err != nil {
				return nil, nil, err
			}
		}
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		col := -1
		switch x := sb.Node.Node.(type) {
		case *pg_query.Node_AConst:
			if iv, ok := x.AConst.Val.(*pg_query.A_Const_Ival); ok {
				i := int(iv.Ival.Ival)
				if i < 1 || i > len(out) {
					return nil, nil, b.errorf(x.AConst.Location, pgcode.InvalidColumnReference, "ORDER BY position %d is not in select list", i)
				}
				col = i - 1
			}
		case *pg_query.Node_ColumnRef:
			if len(x.ColumnRef.Fields) == 1 {
				if _, star := x.ColumnRef.Fields[0].Node.(*pg_query.Node_AStar); !star {
					name := strVal(x.ColumnRef.Fields[0])
					for i, c := range out {
						if c.Name == name {
							if col >= 0 && exprs != nil && exprs[col].String() != exprs[i].String() {
								return nil, nil, b.errorf(x.ColumnRef.Location, pgcode.AmbiguousColumn, "ORDER BY \"%s\" is ambiguous", name)
							}
							if col < 0 {
								col = i
							}
						}
					}
				}
			}
		}
		if col < 0 {
			if exprs == nil {
				e, err := b.expr(sb.Node, sc)
				if err != nil {
					return nil, nil, err
				}
				// Set operations and VALUES can only sort by their output columns.
				c, ok := e.(*ColRef)
				if !ok {
					return nil, nil, b.errorf(location(sb.Node), pgcode.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause")
				}
				col = c.Idx
			} else {
				e, err := b.expr(sb.Node, sc)
				if err != nil {
					return nil, nil, err
				}
				if e, err = b.resolveUnknown(e, location(sb.Node)); err != nil {
					return nil, nil, err
				}
				// Reuse a SELECT-list entry computing the same thing.
				for i, x := range exprs {
					if x.String() == e.String() {
						col = i
						break
					}
				}
				if col < 0 {
					col = len(out) + len(extra)
					extra = append(extra, e)
				}
			}
		}
		var t types.T
		if col < len(out) {
			t = out[col].Type
		} else {
			t = extra[col-len(out)].Type()
		}
		if !types.HasOrdering(t.OID) {
			return nil, nil, b.errorf(location(sb.Node), pgcode.UndefinedFunction, "could not identify an ordering operator for type %s", t).
				WithHint("Use an explicit ordering operator or modify the query.")
		}
		keys = append(keys, SortKey{Expr: &ColRef{Idx: col, T: t}, Desc: desc, NullsFirst: nullsFirst})
	}
	return keys, extra, nil
}

package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Multiple-column assignments of UPDATE and ON CONFLICT DO UPDATE: SET (a, b) = source,
// where the source is a row, ROW(...) (whose star items expand to their columns), or a
// sub-SELECT returning one row of as many columns (no row sets every column to NULL, more
// than one is an error), as PostgreSQL's transformMultiAssignRef binds them. The parser
// splits the item into one ResTarget per column, each naming the same source and its
// position in it.

// multiAssignSources binds each source of a SET list once, however many columns it feeds.
type multiAssignSources map[*pg_query.Node]*multiAssignSource

// multiAssignSource is one bound source: the row's items, unbound where they are plain
// expressions (so that DEFAULT keeps its meaning), or the sub-SELECT's one row as a record.
type multiAssignSource struct {
	items  []*pg_query.Node
	bound  []Expr
	record Expr // the sub-SELECT's row; its fields are the columns' values
	fields []types.RecordField
	loc    int32
	locs   []int32 // the sub-SELECT's items, for messages about the value one column takes
}

// multiAssignItem is the value one column of a multiple-column assignment takes: an
// expression still to bind (node), or one already bound.
type multiAssignItem struct {
	node  *pg_query.Node
	bound Expr
	loc   int32
}

// item returns the value of the column at position ma.Colno of its source.
func (m multiAssignSources) item(b *binder, ma *pg_query.MultiAssignRef, sc *scope) (multiAssignItem, error) {
	src := m[ma.Source]
	if src == nil {
		var err error
		if src, err = b.multiAssignSource(ma, sc); err != nil {
			return multiAssignItem{}, err
		}
		m[ma.Source] = src
	}
	k := int(ma.Colno) - 1
	switch {
	case src.record != nil:
		loc := src.loc
		if src.locs[k] >= 0 {
			loc = src.locs[k]
		}
		return multiAssignItem{bound: &FieldSelect{Arg: src.record, Idx: k, T: src.fields[k].Type}, loc: loc}, nil
	case src.bound != nil:
		return multiAssignItem{bound: src.bound[k], loc: src.loc}, nil
	}
	return multiAssignItem{node: src.items[k]}, nil
}

// multiAssignSource binds the source of a multiple-column assignment of ma.Ncolumns columns.
func (b *binder) multiAssignSource(ma *pg_query.MultiAssignRef, sc *scope) (*multiAssignSource, error) {
	n := int(ma.Ncolumns)
	switch x := ma.Source.Node.(type) {
	case *pg_query.Node_SubLink:
		if x.SubLink.SubLinkType == pg_query.SubLinkType_MULTIEXPR_SUBLINK || x.SubLink.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK {
			return b.multiAssignSubquery(x.SubLink, n, sc)
		}
	case *pg_query.Node_RowExpr:
		src := &multiAssignSource{items: x.RowExpr.Args, loc: x.RowExpr.Location}
		if hasStarItem(x.RowExpr.Args) {
			// ROW(v.*): the star expands to v's columns, which then are the values.
			e, err := b.expr(ma.Source, sc)
			if err != nil {
				return nil, err
			}
			row, ok := e.(*RowExpr)
			if !ok {
				return nil, b.errorf(x.RowExpr.Location, pgcode.FeatureNotSupported,
					"source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression")
			}
			src.bound = row.Fields
		}
		if w := max(len(src.items), len(src.bound)); src.bound != nil && len(src.bound) != n || src.bound == nil && w != n {
			return nil, b.errorf(x.RowExpr.Location, pgcode.SyntaxError, "number of columns does not match number of values")
		}
		return src, nil
	}
	return nil, b.errorf(location(ma.Source), pgcode.FeatureNotSupported,
		"source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression")
}

// multiAssignSubquery binds SET (a, b) = (SELECT x, y ...): a scalar subquery of the row as
// a record, whose fields the columns take.
func (b *binder) multiAssignSubquery(s *pg_query.SubLink, n int, sc *scope) (*multiAssignSource, error) {
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
	cols := plan.Columns()
	if len(cols) != n {
		return nil, b.errorf(s.Location, pgcode.SyntaxError, "number of columns does not match number of values")
	}
	fields := make([]Expr, len(cols))
	names := make([]string, len(cols))
	locs := make([]int32, len(cols))
	for i, c := range cols {
		locs[i] = selectItemLoc(sel.SelectStmt, i)
		fields[i] = &ColRef{Idx: i, T: c.Type, Name: c.Name}
		names[i] = c.Name
	}
	row := newRowExpr(fields, names)
	rf, _ := types.RecordFields(row.T)
	rowPlan := &Project{Input: plan, Exprs: []Expr{row}, Out: []Column{{Name: "row", Type: row.T}}}
	sq := &Subquery{Kind: ScalarSubquery, Plan: rowPlan, T: row.T, Correlated: planEscapes(plan)}
	return &multiAssignSource{record: sq, fields: rf, loc: s.Location, locs: locs}, nil
}

// hasStarItem reports whether a row's items include a star (v.* or *).
func hasStarItem(items []*pg_query.Node) bool {
	for _, it := range items {
		if cr, ok := it.Node.(*pg_query.Node_ColumnRef); ok && len(cr.ColumnRef.Fields) > 0 {
			if _, star := cr.ColumnRef.Fields[len(cr.ColumnRef.Fields)-1].Node.(*pg_query.Node_AStar); star {
				return true
			}
		}
	}
	return false
}

// assignDefault sets the column of t to its default, as SET col = DEFAULT does.
func (b *binder) assignDefault(def *catalog.TableDef, t assignTarget, _ *pg_query.SetToDefault, vals []Expr) error {
	if t.indirect() {
		return indirectDefaultError(b, t)
	}
	e, err := b.bindDefault(def.Columns[t.col])
	if err != nil {
		return err
	}
	vals[t.col] = e
	return nil
}

// indirectDefaultError is PostgreSQL's refusal of DEFAULT assigned to an array element or
// a field of a column: its message names what the target's first step reaches into.
func indirectDefaultError(b *binder, t assignTarget) *pgerror.Error {
	if t.path[0].subs != nil {
		return b.errorf(t.loc, pgcode.FeatureNotSupported, "cannot set an array element to DEFAULT")
	}
	return b.errorf(t.loc, pgcode.FeatureNotSupported, "cannot set a subfield to DEFAULT")
}

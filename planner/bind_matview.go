package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// A materialized view is a table whose rows its defining query produced: CREATE
// MATERIALIZED VIEW stores the rows as CREATE TABLE AS does and keeps the query's text
// (normalized and schema-qualified as a view's) in TableDef.ViewSQL, which REFRESH
// MATERIALIZED VIEW binds afresh to replace the rows. Reading one is reading a table;
// INSERT, UPDATE, DELETE, COPY FROM and TRUNCATE refuse it, as in PostgreSQL. Made (or
// refreshed) WITH NO DATA it holds no rows and is marked TableDef.Unpopulated: reading it
// is 55000 until a REFRESH fills it.

// unpopulatedError refuses to read materialized view def when it holds no data.
func unpopulatedError(def *catalog.TableDef) error {
	if def.Kind != catalog.KindMatView || !def.Unpopulated {
		return nil
	}
	return pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "materialized view \"%s\" has not been populated", def.Name).
		WithHint("Use the REFRESH MATERIALIZED VIEW command.")
}

// createMatView binds CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(cols)] AS query.
func (b *binder) createMatView(s *pg_query.CreateTableAsStmt) (*Statement, error) {
	if s.Into.Rel.Relpersistence != "p" {
		return nil, b.errorf(s.Into.Rel.Location, pgcode.FeatureNotSupported, "materialized views must not use temporary tables or views")
	}
	plan, deps, err := b.bindDefiningQuery(s.Query, "materialized views")
	if err != nil {
		return nil, err
	}
	st, err := b.createTableAs(plan, s.Into, s.IfNotExists)
	if err != nil {
		return nil, err
	}
	b.qualifyViewNames(s.Query)
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: s.Query}}})
	if err != nil {
		return nil, pgerror.Wrapf(err, pgcode.InternalError, "could not store the materialized view's query")
	}
	st.Create.Kind, st.Create.ViewSQL, st.Create.ViewDeps = catalog.KindMatView, sql, deps
	if s.Into.SkipData {
		st.Create.Unpopulated, st.Tag = true, "CREATE MATERIALIZED VIEW"
	}
	return st, nil
}

// refreshMatView binds REFRESH MATERIALIZED VIEW name: the view's stored query, whose rows
// replace the stored ones; WITH NO DATA, no query, and the view is left unpopulated.
func (b *binder) refreshMatView(s *pg_query.RefreshMatViewStmt) (*Statement, error) {
	def, err := b.lookupTable(s.Relation)
	if err != nil {
		return nil, err
	}
	if def.Kind != catalog.KindMatView {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a materialized view", def.Name)
	}
	if err := b.requireOwner(def); err != nil {
		return nil, err
	}
	if s.Concurrent && def.Unpopulated {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "CONCURRENTLY cannot be used when the materialized view is not populated")
	}
	if s.Concurrent && s.SkipData {
		return nil, pgerror.New(pgcode.SyntaxError, "CONCURRENTLY and WITH NO DATA options cannot be used together")
	}
	if s.Concurrent && !hasUniqueIndex(def) {
		return nil, pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "cannot refresh materialized view \"%s.%s\" concurrently", def.Schema, def.Name).
			WithHint("Create a unique index with no WHERE clause on one or more columns of the materialized view.")
	}
	st := &Statement{Kind: StmtRefresh, Tag: "REFRESH MATERIALIZED VIEW", Table: def}
	if s.SkipData {
		return st, nil // no query: the rows go and the view is left unpopulated
	}
	plan, err := b.bindViewQuery(def)
	if err != nil {
		return nil, err
	}
	cols := plan.Columns()
	if len(cols) < len(def.Columns) {
		return nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "materialized view \"%s\" no longer matches its definition", def.Name)
	}
	proj := &Project{Input: plan}
	for i, c := range def.Columns {
		var e Expr = &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name}
		if cols[i].Type != c.Type {
			if e, err = b.coerce(e, c.Type, types.Assignment, -1); err != nil {
				return nil, err
			}
		}
		proj.Exprs = append(proj.Exprs, e)
		proj.Out = append(proj.Out, Column{Name: c.Name, Type: c.Type})
	}
	st.Query = proj
	return st, nil
}

func hasUniqueIndex(def *catalog.TableDef) bool {
	for _, ix := range def.Indexes {
		if ix.Unique && ix.Plain() {
			return true
		}
	}
	return false
}

// changeRowsError refuses INSERT, UPDATE, DELETE and COPY FROM on a sequence, whose rows
// only the sequence functions change, and on a materialized view, whose rows only REFRESH
// replaces.
func changeRowsError(def *catalog.TableDef) error {
	switch def.Kind {
	case catalog.KindSequence:
		return pgerror.Newf(pgcode.WrongObjectType, "cannot change sequence \"%s\"", def.Name)
	case catalog.KindMatView:
		return pgerror.Newf(pgcode.WrongObjectType, "cannot change materialized view \"%s\"", def.Name)
	}
	return nil
}

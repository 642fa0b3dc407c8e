package planner

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Views are stored as their defining query's SQL text (TableDef.ViewSQL, deparsed from the
// parse tree so it is normalized) and the columns it had when created. A reference binds
// the stored query afresh, in its own name space (no CTEs or outer columns of the
// referencing query are visible), and renames its output to the view's columns.

// createView binds CREATE [OR REPLACE] VIEW name [(cols)] AS query.
func (b *binder) createView(s *pg_query.ViewStmt) (*Statement, error) {
	rv := s.View
	opts, err := viewOptions(nil, s.Options, s.WithCheckOption)
	if err != nil {
		return nil, err
	}
	def := &catalog.TableDef{Schema: b.createSchema(rv), Name: rv.Relname, Kind: catalog.KindView, ViewOptions: opts}
	if err := b.checkSchema(def.Schema, def.Name, rv.Location); err != nil {
		return nil, err
	}
	plan, deps, err := b.bindDefiningQuery(s.Query, "views")
	if err != nil {
		return nil, err
	}
	def.ViewDeps = deps
	var notices []Notice
	if def.Schema != b.tempSchema && rv.Schemaname == "" && b.readsTemporary(deps) {
		// A view of temporary relations goes with them, as PostgreSQL decides.
		def.Schema = b.tempSchema
		notices = append(notices, Notice{Code: pgcode.SuccessfulCompletion, Message: fmt.Sprintf("view \"%s\" will be a temporary view", def.Name)})
	}
	cols := plan.Columns()
	aliases := names(s.Aliases)
	if len(aliases) > len(cols) {
		return nil, b.errorf(-1, pgcode.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	seen := map[string]bool{}
	for i, c := range cols {
		name := c.Name
		if i < len(aliases) {
			name = aliases[i]
		}
		if seen[name] {
			return nil, b.errorf(-1, pgcode.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		seen[name] = true
		t := c.Type
		if isUnknownT(t) {
			t = types.TText // as PostgreSQL resolves unknown-typed view columns
		}
		def.Columns = append(def.Columns, catalog.Column{Name: name, Type: t})
	}
	b.qualifyViewNames(s.Query)
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: s.Query}}})
	if err != nil {
		return nil, pgerror.Wrapf(err, pgcode.InternalError, "could not store the view's query")
	}
	def.ViewSQL = sql
	if err := b.checkOptionAllowed(def); err != nil {
		return nil, err
	}
	if t, _ := b.cat.IndexNamed(def.Schema, def.Name); t != nil {
		return nil, b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
	}
	if old := b.cat.Table(def.Schema, def.Name); old != nil {
		if !s.Replace {
			return nil, b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
		}
		if old.Kind != catalog.KindView {
			return nil, b.errorf(-1, pgcode.WrongObjectType, "\"%s\" is not a view", def.Name)
		}
		if err := checkViewReplace(old, def); err != nil {
			return nil, err
		}
		if err := b.requireOwner(old); err != nil {
			return nil, err
		}
		// The view keeps its owner, privileges and comments, as in PostgreSQL.
		def.Owner, def.ACL, def.Comment = old.Owner, old.ACL, old.Comment
		for i := range def.Columns {
			if i < len(old.Columns) {
				def.Columns[i].Comment = old.Columns[i].Comment
			}
		}
	}
	return &Statement{Kind: StmtCreateTable, Tag: "CREATE VIEW", Create: def, OrReplace: s.Replace, Notices: notices}, nil
}

// readsTemporary reports whether any of the relations is one of the session's temporary
// ones.
func (b *binder) readsTemporary(rels []types.OID) bool {
	for _, oid := range rels {
		if d := b.cat.TableByOID(oid); d != nil && d.Schema == b.tempSchema {
			return true
		}
	}
	return false
}

// qualifyViewNames writes the schema into the query's unqualified references to relations
// outside public and pg_catalog, so that the stored text keeps meaning the relations it
// meant whatever the search path when the view is used (PostgreSQL stores their OIDs).
// Names a WITH clause of the query defines stay as they are.
func (b *binder) qualifyViewNames(query *pg_query.Node) {
	ctes := map[string]bool{}
	walkParseTree(query.ProtoReflect(), func(m pgMessage) {
		if c, ok := m.Interface().(*pg_query.CommonTableExpr); ok {
			ctes[c.Ctename] = true
		}
	})
	walkParseTree(query.ProtoReflect(), func(m pgMessage) {
		rv, ok := m.Interface().(*pg_query.RangeVar)
		if !ok || rv.Schemaname != "" || ctes[rv.Relname] {
			return
		}
		if d := b.findTable("", rv.Relname); d != nil && !d.Virtual && d.Schema != catalog.DefaultSchema && d.Schema != b.tempSchema {
			rv.Schemaname = d.Schema
		}
	})
}

// checkViewReplace enforces CREATE OR REPLACE VIEW's rule: the new query may only add
// columns at the end.
func checkViewReplace(old, def *catalog.TableDef) error {
	if len(def.Columns) < len(old.Columns) {
		return pgerror.New(pgcode.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, oc := range old.Columns {
		nc := def.Columns[i]
		if oc.Name != nc.Name {
			return pgerror.Newf(pgcode.InvalidTableDefinition, "cannot change name of view column \"%s\" to \"%s\"", oc.Name, nc.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if oc.Type != nc.Type {
			return pgerror.Newf(pgcode.InvalidTableDefinition, "cannot change data type of view column \"%s\" from %s to %s", oc.Name, oc.Type, nc.Type)
		}
	}
	return nil
}

// viewRef binds a FROM reference to a view by binding its stored query.
func (b *binder) viewRef(def *catalog.TableDef, rv *pg_query.RangeVar) (Plan, *scope, error) {
	if b.expanding[def.OID] {
		return nil, nil, b.errorf(-1, pgcode.InvalidObjectDefinition, "infinite recursion detected in rules for relation \"%s\"", def.Name)
	}
	plan, err := b.bindViewQuery(def)
	if err != nil {
		return nil, nil, err
	}
	cols := plan.Columns()
	if len(cols) < len(def.Columns) {
		return nil, nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "view \"%s\" no longer matches its definition", def.Name)
	}
	proj := &Project{Input: plan}
	for i, c := range def.Columns {
		var e Expr = &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name}
		if cols[i].Type != c.Type {
			if e, err = b.coerce(e, c.Type, types.Assignment, -1); err != nil {
				return nil, nil, err
			}
		}
		proj.Exprs = append(proj.Exprs, e)
		proj.Out = append(proj.Out, Column{Name: c.Name, Type: c.Type, Table: cols[i].Table, Attnum: cols[i].Attnum})
	}
	p, sc, err := b.aliased(proj, rv.Alias, rv.Relname)
	return relationRange(def, p, sc, err)
}

// bindViewQuery binds a view's stored query in a name space of its own.
func (b *binder) bindViewQuery(def *catalog.TableDef) (Plan, error) {
	parsed, err := pg_query.Parse(def.ViewSQL)
	if err != nil || len(parsed.Stmts) != 1 {
		return nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "view \"%s\" has an invalid definition", def.Name)
	}
	sel, ok := parsed.Stmts[0].Stmt.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "view \"%s\" has an invalid definition", def.Name)
	}
	sql, ctes, sub, null, term := b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm
	b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm = def.ViewSQL, nil, 0, 0, nil
	if b.expanding == nil {
		b.expanding = map[types.OID]bool{}
	}
	b.checkAs = append(b.checkAs, b.viewCheckRole(def))
	b.expanding[def.OID] = true
	plan, err := b.selectStmt(sel.SelectStmt, nil)
	b.checkAs = b.checkAs[:len(b.checkAs)-1]
	delete(b.expanding, def.OID)
	b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm = sql, ctes, sub, null, term
	if err != nil {
		// Positions point into the view's text, not the statement the client sent.
		var pe *pgerror.Error
		if errors.As(err, &pe) {
			pe.Position = 0
		}
		return nil, err
	}
	return plan, nil
}

// dropKind checks that DROP TABLE names a table and DROP VIEW a view.
func (b *binder) dropKind(def *catalog.TableDef, view bool) error {
	switch {
	case def.Virtual:
		return systemCatalogError(def)
	case view && def.Kind != catalog.KindView:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a view", def.Name).WithHint("Use DROP TABLE to remove a table.")
	case !view && def.Kind == catalog.KindView:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a table", def.Name).WithHint("Use DROP VIEW to remove a view.")
	}
	return nil
}

// wrongDropKind is DROP's error for a relation of another kind than the statement names
// (noun), with PostgreSQL's hint of the DROP that removes it.
func wrongDropKind(def *catalog.TableDef, noun string) error {
	kind := relationNoun(def)
	return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a %s", def.Name, noun).
		WithHint("Use DROP " + strings.ToUpper(kind) + " to remove a " + kind + ".")
}

// systemCatalogError refuses DDL on a system relation, which is generated, not stored.
func systemCatalogError(def *catalog.TableDef) error {
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", def.Name)
}

// checkDependents refuses to drop relations that views not being dropped read, or whose
// row types columns of other relations hold, as PostgreSQL's dependency tracking does
// (without CASCADE). A view depends on the relations its stored query names.
func (b *binder) checkDependents(drop []*catalog.TableDef) error {
	if len(drop) == 0 {
		return nil
	}
	dropping := map[types.OID]bool{}
	for _, d := range drop {
		dropping[d.OID] = true
	}
	// Direct dependents of each relation, in OID order; reported depth first from each
	// dropped relation, as PostgreSQL walks its dependency graph.
	dependents := b.viewDependents()
	var lines []string
	var first *catalog.TableDef
	seen := map[types.OID]bool{}
	var visit func(on *catalog.TableDef)
	visit = func(on *catalog.TableDef) {
		for _, v := range dependents[on.OID] {
			if dropping[v.OID] || seen[v.OID] {
				continue
			}
			seen[v.OID] = true
			lines = append(lines, relationNoun(v)+" "+v.Name+" depends on "+relationNoun(on)+" "+on.Name)
			visit(v)
		}
	}
	for _, d := range drop {
		n := len(lines)
		visit(d)
		if rt := b.cat.RowType(d.OID); rt != nil {
			lines = append(lines, b.cat.TypeDependents(rt.OID, dropping)...)
		}
		if first == nil && len(lines) > n {
			first = d
		}
	}
	if first == nil {
		return nil
	}
	return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop %s %s because other objects depend on it", relationNoun(first), first.Name).
		WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// cascadeToViews adds to DROP ... CASCADE the views and materialized views that read the
// relations it drops, and theirs in turn, depth first as PostgreSQL walks its dependency
// graph, with the notice PostgreSQL gives.
func (b *binder) cascadeToViews(st *Statement) {
	dropping := map[types.OID]bool{}
	for _, d := range st.Drop {
		dropping[d.OID] = true
	}
	dependents := b.viewDependents()
	var lines []string
	var visit func(on *catalog.TableDef)
	visit = func(on *catalog.TableDef) {
		for _, v := range dependents[on.OID] {
			if dropping[v.OID] {
				continue
			}
			dropping[v.OID] = true
			lines = append(lines, relationNoun(v)+" "+v.Name)
			st.Drop = append(st.Drop, v)
			visit(v)
		}
	}
	for _, d := range slices.Clone(st.Drop) {
		visit(d)
	}
	switch {
	case len(lines) == 1:
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "drop cascades to " + lines[0]})
	case len(lines) > 1:
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: fmt.Sprintf("drop cascades to %d other objects", len(lines)),
			Detail: "drop cascades to " + strings.Join(lines, "\ndrop cascades to ")})
	}
}

// viewReads returns the relations a view's stored query names.
func (b *binder) viewReads(v *catalog.TableDef) []*catalog.TableDef {
	parsed, err := pg_query.Parse(v.ViewSQL)
	if err != nil {
		return nil
	}
	var out []*catalog.TableDef
	for _, st := range parsed.Stmts {
		walkParseTree(st.ProtoReflect(), func(m pgMessage) {
			if rv, ok := m.Interface().(*pg_query.RangeVar); ok {
				if d := b.findTable(rv.Schemaname, rv.Relname); d != nil {
					out = append(out, d)
				}
			}
		})
	}
	return out
}

// uniqueDefs drops repeated relations, keeping the first of each.
func uniqueDefs(defs []*catalog.TableDef) []*catalog.TableDef {
	out := defs[:0:0]
	for _, d := range defs {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// bindDefiningQuery binds the SELECT that defines a view or materialized view (what names
// them in the error), collecting the relations it reads; a parameter is refused.
func (b *binder) bindDefiningQuery(query *pg_query.Node, what string) (Plan, []types.OID, error) {
	sel, ok := query.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return nil, nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s must be defined by a SELECT", what)
	}
	deps := []types.OID{}
	b.viewDeps = &deps
	plan, err := b.selectStmt(sel.SelectStmt, nil)
	b.viewDeps = nil
	if err != nil {
		return nil, nil, err
	}
	if len(b.params) > 0 {
		return nil, nil, b.errorf(-1, pgcode.UndefinedParameter, "there is no parameter $1")
	}
	return plan, deps, nil
}

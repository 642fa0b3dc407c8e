package planner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Schemas and the search path. An unqualified name is looked up as PostgreSQL's
// search_path does: in the session's temporary schema, then pg_catalog unless the path
// names it, then the path's schemas in order, skipping those that do not exist; an object
// is created in the first schema of the path that exists.

// schemaExists reports whether a schema of the name exists: a system schema, public, a
// schema CREATE SCHEMA made, or the session's temporary schema.
func (b *binder) schemaExists(name string) bool {
	return pgcatalog.SystemSchema(name) || b.cat.SchemaExists(name) || name == b.tempSchema
}

// lookupPath returns the schemas an unqualified name is looked up in, in order.
func (b *binder) lookupPath() []string {
	out := []string{b.tempSchema}
	if !slices.Contains(b.path, pgcatalog.CatalogSchema) {
		out = append(out, pgcatalog.CatalogSchema)
	}
	for _, s := range b.path {
		if s != TempSchemaAlias && s != b.tempSchema && b.schemaExists(s) {
			out = append(out, s)
		}
	}
	return out
}

// creationSchema returns the schema an unqualified CREATE puts its object in: the first
// existing schema of the path, or PostgreSQL's error when there is none.
func (b *binder) creationSchema(loc int32) (string, error) {
	for _, s := range b.path {
		if s != TempSchemaAlias && b.schemaExists(s) {
			return s, nil
		}
	}
	return "", b.errorf(loc, pgcode.UndefinedSchema, "no schema has been selected to create in")
}

// relationVisible reports whether an unqualified name finds def (pg_table_is_visible).
func (b *binder) relationVisible(def *catalog.TableDef) bool {
	return b.findTable("", def.Name) == def
}

// describeRelation names a relation as PostgreSQL's dependency messages do: qualified
// unless the search path finds it.
func (b *binder) describeRelation(def *catalog.TableDef) string {
	name := def.Name
	if !b.relationVisible(def) {
		name = def.Schema + "." + name
	}
	return relationNoun(def) + " " + name
}

// describeType names a user type as describeRelation names a relation.
func (b *binder) describeType(def *catalog.TypeDef) string {
	name := def.Name
	if b.findUserType(def.Name) != def {
		name = def.Schema + "." + name
	}
	return "type " + name
}

// relationNoun is the noun PostgreSQL's messages use for a relation's kind.
func relationNoun(def *catalog.TableDef) string {
	switch def.Kind {
	case catalog.KindView:
		return "view"
	case catalog.KindSequence:
		return "sequence"
	case catalog.KindMatView:
		return "materialized view"
	case catalog.KindForeign:
		return "foreign table"
	}
	return "table"
}

// findUserType looks an unqualified user type name up along the search path.
func (b *binder) findUserType(name string) *catalog.TypeDef {
	for _, s := range b.lookupPath() {
		if d := b.cat.Type(s, name); d != nil {
			return d
		}
	}
	return nil
}

// createSchemaStmt binds CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role].
func (b *binder) createSchemaStmt(s *pg_query.CreateSchemaStmt) (*Statement, error) {
	// pgfast has no ownership: what is created belongs to the bootstrap superuser, as its
	// tables do, unless AUTHORIZATION names a role.
	name, owner := s.Schemaname, pgcatalog.BootstrapSuperuserName
	if r := s.Authrole; r != nil {
		owner = b.user
		if r.Roletype == pg_query.RoleSpecType_ROLESPEC_CSTRING {
			owner = r.Rolename
		}
	}
	if name == "" {
		name = owner
	}
	if _, err := (&pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user}).ObjectOID(types.Regrole, owner); err != nil {
		return nil, err
	}
	if len(s.SchemaElts) > 0 && s.IfNotExists {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "CREATE SCHEMA IF NOT EXISTS cannot include schema elements")
	}
	elements, err := b.schemaElements(name, s.SchemaElts)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "pg_") {
		return nil, pgerror.Newf(pgcode.ReservedName, "unacceptable schema name \"%s\"", name).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	st := &Statement{Kind: StmtCreateSchema, Tag: "CREATE SCHEMA", SchemaName: name, SchemaOwner: owner, IfNotExists: s.IfNotExists,
		SchemaElements: elements}
	if b.schemaExists(name) {
		if !s.IfNotExists {
			return nil, pgerror.Newf(pgcode.DuplicateSchema, "schema \"%s\" already exists", name)
		}
		st.SchemaName = ""
		st.Notices = []Notice{{Code: pgcode.DuplicateSchema, Message: fmt.Sprintf("schema \"%s\" already exists, skipping", name)}}
	}
	return st, nil
}

// renameSchema binds ALTER SCHEMA name RENAME TO new.
func (b *binder) renameSchema(s *pg_query.RenameStmt) (*Statement, error) {
	def, err := b.userSchema(s.Subname)
	if err != nil {
		return nil, err
	}
	if b.schemaExists(s.Newname) {
		return nil, pgerror.Newf(pgcode.DuplicateSchema, "schema \"%s\" already exists", s.Newname)
	}
	if strings.HasPrefix(s.Newname, "pg_") {
		return nil, pgerror.Newf(pgcode.ReservedName, "unacceptable schema name \"%s\"", s.Newname).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	return &Statement{Kind: StmtAlterSchema, Tag: "ALTER SCHEMA", SchemaOID: def.OID, SchemaName: s.Newname,
		Rewrites: b.renamedSchemaRefs(def.Name, s.Newname)}, nil
}

// renameInViews rewrites the stored queries of the views that read relation old for its
// new name, so that they keep reading it (PostgreSQL's views refer to it by OID). Those
// views are altered with the statement.
func (b *binder) renameInViews(a *alterState, old *catalog.TableDef, name string) {
	for _, v := range b.viewDependents()[old.OID] {
		tree, err := pg_query.Parse(v.ViewSQL)
		if err != nil {
			continue
		}
		found := false
		walkParseTree(tree.ProtoReflect(), func(m pgMessage) {
			rv, ok := m.Interface().(*pg_query.RangeVar)
			if ok && rv.Relname == old.Name && (rv.Schemaname == old.Schema || rv.Schemaname == "" && old.Schema == catalog.DefaultSchema) {
				rv.Relname, found = name, true
			}
		})
		if !found {
			continue
		}
		if sql, err := pg_query.Deparse(tree); err == nil {
			a.other(v).ViewSQL = sql
		}
	}
}

// renamedSchemaRefs returns the relations whose stored SQL names schema old, rewritten for
// its new name: views reading its relations, and serial columns' defaults calling nextval
// on its sequences. (PostgreSQL refers to them by OID; pgfast keeps SQL text.)
func (b *binder) renamedSchemaRefs(old, name string) []*catalog.TableDef {
	var out []*catalog.TableDef
	prefix := "nextval('" + quoteSeqName(old) + "."
	for _, t := range b.cat.Tables() {
		def := *t
		changed := false
		if t.Kind == catalog.KindView || t.Kind == catalog.KindMatView {
			if sql, ok := renameViewSchema(t.ViewSQL, old, name); ok {
				def.ViewSQL, changed = sql, true
			}
		}
		def.Columns = slices.Clone(t.Columns)
		for i, c := range def.Columns {
			if rest, ok := strings.CutPrefix(c.Default, prefix); ok {
				def.Columns[i].Default = "nextval('" + quoteSeqName(name) + "." + rest
				changed = true
			}
		}
		if !changed {
			continue
		}
		if def.Schema == old {
			def.Schema = name
		}
		out = append(out, &def)
	}
	return out
}

// renameViewSchema rewrites a view's query for schema old renamed to name; ok is false
// when the query does not name old.
func renameViewSchema(sql, old, name string) (string, bool) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return sql, false
	}
	found := false
	walkParseTree(tree.ProtoReflect(), func(m pgMessage) {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok && rv.Schemaname == old {
			rv.Schemaname, found = name, true
		}
	})
	if !found {
		return sql, false
	}
	out, err := pg_query.Deparse(tree)
	if err != nil {
		return sql, false
	}
	return out, true
}

// userSchema returns the schema CREATE SCHEMA made of the name, with PostgreSQL's errors
// for a missing one and the refusal of schemas pgfast does not let be changed.
func (b *binder) userSchema(name string) (*catalog.SchemaDef, error) {
	if def := b.cat.Schema(name); def != nil {
		return def, nil
	}
	if b.schemaExists(name) {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "schema \"%s\" cannot be changed or dropped", name)
	}
	return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", name)
}

// dropSchemas binds DROP SCHEMA [IF EXISTS] name, ... [CASCADE | RESTRICT]. Without
// CASCADE a schema holding anything is refused with PostgreSQL's 2BP01 listing what
// depends on it; with CASCADE its relations and types go too, and so do views elsewhere
// that read its relations, reported in one notice as PostgreSQL does.
func (b *binder) dropSchemas(s *pg_query.DropStmt) (*Statement, error) {
	st := &Statement{Kind: StmtDropSchema, Tag: "DROP SCHEMA", IfExists: s.MissingOk}
	cascade := s.Behavior == pg_query.DropBehavior_DROP_CASCADE
	dropping := map[types.OID]bool{}
	var lines []string
	for _, o := range s.Objects {
		name := strVal(o)
		def, err := b.userSchema(name)
		if name == catalog.DefaultSchema {
			// public holds what it holds as any schema, but pgfast keeps it.
			def = &catalog.SchemaDef{OID: catalog.PublicSchemaOID, Name: name}
			if members := b.schemaMembers(name, map[types.OID]bool{}); len(members) > 0 && !cascade {
				return nil, dependentsError(def.Name, b.dependencyLines(members, def.Name))
			}
		}
		if err != nil {
			if pe, ok := err.(*pgerror.Error); ok && pe.Code == pgcode.UndefinedSchema && s.MissingOk {
				st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: pe.Message + ", skipping"})
				continue
			}
			return nil, err
		}
		st.DropSchemas = append(st.DropSchemas, def)
		members := b.schemaMembers(def.Name, dropping)
		var own []string
		for _, m := range members {
			own = append(own, m.describe(b))
			switch {
			case m.rel != nil:
				st.Drop = append(st.Drop, m.rel)
			case m.fn != nil:
				st.DropFuncs = append(st.DropFuncs, m.fn.OID)
			default:
				st.DropTypes = append(st.DropTypes, m.typ)
			}
		}
		if len(own) > 0 && !cascade {
			return nil, dependentsError(def.Name, b.dependencyLines(members, def.Name))
		}
		lines = append(lines, own...)
	}
	st.Drop = b.ownedSequences(st.Drop)
	if len(lines) == 1 {
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "drop cascades to " + lines[0]})
	} else if len(lines) > 1 {
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: fmt.Sprintf("drop cascades to %d other objects", len(lines)),
			Detail: "drop cascades to " + strings.Join(lines, "\ndrop cascades to ")})
	}
	return st, nil
}

func dependentsError(schema string, lines []string) error {
	return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop schema %s because other objects depend on it", schema).
		WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// schemaMember is one object DROP SCHEMA removes: a relation or a type, and for a view
// outside the schema the relation it reads there.
type schemaMember struct {
	rel   *catalog.TableDef
	typ   *catalog.TypeDef
	fn    *catalog.FuncDef
	reads *catalog.TableDef
}

func (m schemaMember) oid() types.OID {
	switch {
	case m.rel != nil:
		return m.rel.OID
	case m.fn != nil:
		return m.fn.OID
	}
	return m.typ.OID
}

func (m schemaMember) describe(b *binder) string {
	switch {
	case m.rel != nil:
		return b.describeRelation(m.rel)
	case m.fn != nil:
		return b.describeFunction(m.fn)
	}
	return b.describeType(m.typ)
}

// schemaMembers returns what dropping a schema removes, in PostgreSQL's order: the
// schema's relations (except sequences a table owns, which go with it silently) and types
// in creation order, each relation followed by the views elsewhere that read it. dropping
// collects the OIDs taken, across the schemas of one statement.
func (b *binder) schemaMembers(schema string, dropping map[types.OID]bool) []schemaMember {
	rels, typs := b.cat.InSchema(schema)
	var direct []schemaMember
	for _, r := range rels {
		if r.Sequence != nil && r.Sequence.OwnedBy != 0 {
			if owner := b.cat.TableByOID(r.Sequence.OwnedBy); owner != nil && owner.Schema == schema {
				continue
			}
		}
		direct = append(direct, schemaMember{rel: r})
	}
	for _, t := range typs {
		if b.cat.RowTypeRelation(t) == nil { // a relation's row type goes with it
			direct = append(direct, schemaMember{typ: t})
		}
	}
	for _, f := range b.cat.FunctionsInSchema(schema) {
		direct = append(direct, schemaMember{fn: f})
	}
	slices.SortFunc(direct, func(x, y schemaMember) int { return cmp.Compare(x.oid(), y.oid()) })
	dependents := b.viewDependents()
	var out []schemaMember
	var visit func(on *catalog.TableDef)
	visit = func(on *catalog.TableDef) {
		for _, v := range dependents[on.OID] {
			if dropping[v.OID] || v.Schema == schema {
				continue
			}
			dropping[v.OID] = true
			out = append(out, schemaMember{rel: v, reads: on})
			visit(v)
		}
	}
	for _, m := range direct {
		if dropping[m.oid()] {
			continue
		}
		dropping[m.oid()] = true
		out = append(out, m)
		if m.rel != nil {
			visit(m.rel)
		}
	}
	return out
}

// dependencyLines is the detail of DROP SCHEMA's refusal: what depends on the schema, or
// for a view elsewhere, on which of its relations.
func (b *binder) dependencyLines(members []schemaMember, schema string) []string {
	lines := make([]string, len(members))
	for i, m := range members {
		on := "schema " + schema
		if m.reads != nil {
			on = b.describeRelation(m.reads)
		}
		lines[i] = m.describe(b) + " depends on " + on
	}
	return lines
}

// viewDependents maps each relation to the views that read it, in OID order.
func (b *binder) viewDependents() map[types.OID][]*catalog.TableDef {
	dependents := map[types.OID][]*catalog.TableDef{}
	for _, v := range b.cat.Tables() {
		if v.Kind != catalog.KindView && v.Kind != catalog.KindMatView {
			continue
		}
		for _, on := range uniqueDefs(b.viewReads(v)) {
			dependents[on.OID] = append(dependents[on.OID], v)
		}
	}
	for _, l := range dependents {
		slices.SortFunc(l, func(a, b *catalog.TableDef) int { return cmp.Compare(a.OID, b.OID) })
	}
	return dependents
}

// setSchema binds ALTER TABLE | VIEW | SEQUENCE name SET SCHEMA new: the relation moves,
// keeping its OID and rows.
func (b *binder) setSchema(s *pg_query.AlterObjectSchemaStmt) (*Statement, error) {
	switch s.ObjectType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_SEQUENCE:
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		return b.functionSchema(s)
	default:
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "ALTER ... SET SCHEMA supports only tables, views and sequences")
	}
	old, skip, err := b.alterTarget(s.Relation, s.MissingOk)
	if old == nil {
		return skip, err
	}
	switch {
	case !b.schemaExists(s.Newschema):
		return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", s.Newschema)
	case pgcatalog.SystemSchema(s.Newschema) || s.Newschema == b.tempSchema || old.Schema == b.tempSchema:
		return nil, pgerror.New(pgcode.WrongObjectType, "cannot move objects into or out of temporary schemas")
	case old.Schema == s.Newschema:
		return &Statement{Kind: StmtAlterTable, Tag: "ALTER " + strings.ToUpper(relationNoun(old))}, nil
	case b.cat.RelationNameTaken(s.Newschema, old.Name):
		return nil, pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists in schema \"%s\"", old.Name, s.Newschema)
	}
	for _, t := range b.cat.Tables() {
		if t.Sequence != nil && t.Sequence.OwnedBy == old.OID {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "moving table \"%s\", which owns sequence \"%s\", to another schema is not supported yet", old.Name, t.Name)
		}
	}
	a := newAlterState(old)
	a.def.Schema = s.Newschema
	st := a.statement()
	st.Tag = "ALTER " + strings.ToUpper(relationNoun(old))
	return st, nil
}

// schemaElements checks the statements CREATE SCHEMA name holds (CREATE TABLE, VIEW,
// INDEX, SEQUENCE ...), which may only create objects in the schema, and returns them in
// the order PostgreSQL runs them: sequences, tables, views, indexes, then the others,
// each kind in the order written. The session binds and runs each once the schema exists,
// with the schema first on the search path.
func (b *binder) schemaElements(schema string, elts []*pg_query.Node) ([]*Parsed, error) {
	var byKind [5][]*Parsed
	for _, n := range elts {
		var rv *pg_query.RangeVar
		kind := 4
		switch x := n.Node.(type) {
		case *pg_query.Node_CreateSeqStmt:
			rv, kind = x.CreateSeqStmt.Sequence, 0
		case *pg_query.Node_CreateStmt:
			rv, kind = x.CreateStmt.Relation, 1
		case *pg_query.Node_ViewStmt:
			rv, kind = x.ViewStmt.View, 2
		case *pg_query.Node_IndexStmt:
			rv, kind = x.IndexStmt.Relation, 3
		case *pg_query.Node_CreateTrigStmt:
			rv = x.CreateTrigStmt.Relation
		case *pg_query.Node_GrantStmt:
		default:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s is not allowed in CREATE SCHEMA", nodeName(n))
		}
		if rv != nil && rv.Schemaname != "" && rv.Schemaname != schema {
			return nil, b.errorf(rv.Location, pgcode.InvalidSchemaDefinition, "CREATE specifies a schema (%s) different from the one being created (%s)", rv.Schemaname, schema)
		}
		byKind[kind] = append(byKind[kind], &Parsed{SQL: b.sql, stmt: &pg_query.RawStmt{Stmt: n}})
	}
	return slices.Concat(byKind[:]...), nil
}

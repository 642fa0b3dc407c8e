package planner

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// comment binds COMMENT ON TABLE, VIEW, SEQUENCE, FOREIGN TABLE, COLUMN and SCHEMA: the
// relation or schema with its new comment (NULL or ” removes it), stored like GRANT's
// changes (StmtGrant). Only the owner may comment, as in PostgreSQL.
func (b *binder) comment(s *pg_query.CommentStmt) (*Statement, error) {
	st := &Statement{Kind: StmtGrant, Tag: "COMMENT"}
	switch s.Objtype {
	case pg_query.ObjectType_OBJECT_SCHEMA:
		name := strVal(s.Object)
		d := b.cat.Schema(name)
		if d == nil {
			if b.cat.SchemaExists(name) {
				return nil, pgerror.Newf(pgcode.FeatureNotSupported, "the comment of schema %s cannot be changed", name)
			}
			return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", name)
		}
		me := b.currentRole()
		if !me.Superuser && !b.cat.HasRoleOf(me.OID, b.cat.SchemaOwnerOID(name), true) {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of schema %s", name)
		}
		c := *d
		c.Comment = s.Comment
		st.SchemaGrants = []*catalog.SchemaDef{&c}
		return st, nil
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		return b.commentType(s)
	case pg_query.ObjectType_OBJECT_DATABASE:
		return b.commentDatabase(s)
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		return b.commentConstraint(s)
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		return b.commentFunction(s)
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_SEQUENCE,
		pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_MATVIEW:
	default:
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "COMMENT ON %s is not supported", objectTypeWord(s.Objtype))
	}
	parts := names(s.Object.GetList().GetItems())
	column := ""
	if s.Objtype == pg_query.ObjectType_OBJECT_COLUMN {
		if len(parts) < 2 {
			return nil, pgerror.Newf(pgcode.SyntaxError, "column name must be qualified")
		}
		column, parts = parts[len(parts)-1], parts[:len(parts)-1]
	}
	rv := &pg_query.RangeVar{Relname: parts[len(parts)-1], Location: -1}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	def, err := b.lookupTable(rv)
	if err != nil {
		return nil, err
	}
	if def.Virtual {
		return nil, systemCatalogError(def)
	}
	if err := b.commentKind(def, s.Objtype); err != nil {
		return nil, err
	}
	if err := b.requireOwner(def); err != nil {
		return nil, err
	}
	c := *def
	if column == "" {
		c.Comment = s.Comment
	} else {
		i := def.ColumnIndex(column)
		if i < 0 {
			return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", column, def.Name)
		}
		c.Columns = slices.Clone(def.Columns)
		c.Columns[i].Comment = s.Comment
	}
	st.Regrants = []*catalog.TableDef{&c}
	return st, nil
}

// commentKind checks that COMMENT ON TABLE names a table, ON VIEW a view, and so on.
func (b *binder) commentKind(def *catalog.TableDef, t pg_query.ObjectType) error {
	want := map[pg_query.ObjectType]catalog.TableKind{pg_query.ObjectType_OBJECT_TABLE: catalog.KindTable,
		pg_query.ObjectType_OBJECT_VIEW: catalog.KindView, pg_query.ObjectType_OBJECT_SEQUENCE: catalog.KindSequence,
		pg_query.ObjectType_OBJECT_FOREIGN_TABLE: catalog.KindForeign, pg_query.ObjectType_OBJECT_MATVIEW: catalog.KindMatView}
	if k, ok := want[t]; ok && def.Kind != k {
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a %s", def.Name, objectTypeWord(t))
	}
	return nil
}

// objectTypeWord names an object type as messages do ("table", "foreign table").
func objectTypeWord(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return "table"
	case pg_query.ObjectType_OBJECT_VIEW:
		return "view"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return "sequence"
	case pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		return "foreign table"
	}
	return "object"
}

// commentType binds COMMENT ON TYPE and COMMENT ON DOMAIN: the user type with its new
// comment, stored as ALTER TYPE stores a type's changes.
func (b *binder) commentType(s *pg_query.CommentStmt) (*Statement, error) {
	tn := s.Object.GetTypeName()
	if tn == nil {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "COMMENT ON %s supports only type names", objectTypeWord(s.Objtype))
	}
	old, err := b.typeDDLTarget(tn.Names, 0)
	if err != nil {
		return nil, err
	}
	if s.Objtype == pg_query.ObjectType_OBJECT_DOMAIN && old.Kind != types.KindDomain {
		names := &pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user, Path: b.path, TempSchema: b.tempSchema}
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a domain", names.FormatType(old.OID, -1, false))
	}
	def := *old
	def.Comment = s.Comment
	return &Statement{Kind: StmtAlterType, Tag: "COMMENT", TypeDef: &def}, nil
}

// commentConstraint binds COMMENT ON CONSTRAINT name ON table: a foreign key, CHECK,
// PRIMARY KEY or UNIQUE constraint of the table takes the comment.
func (b *binder) commentConstraint(s *pg_query.CommentStmt) (*Statement, error) {
	parts := names(s.Object.GetList().GetItems())
	if len(parts) < 2 {
		return nil, pgerror.New(pgcode.SyntaxError, "constraint name must be qualified by its table")
	}
	conname := parts[len(parts)-1]
	rv := &pg_query.RangeVar{Relname: parts[len(parts)-2], Location: -1}
	if len(parts) > 2 {
		rv.Schemaname = parts[len(parts)-3]
	}
	def, err := b.lookupTable(rv)
	if err != nil {
		return nil, err
	}
	if err := b.requireOwner(def); err != nil {
		return nil, err
	}
	c := *def
	switch {
	case slices.ContainsFunc(def.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == conname }):
		c.ForeignKeys = slices.Clone(def.ForeignKeys)
		c.ForeignKeys[slices.IndexFunc(c.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == conname })].Comment = s.Comment
	case slices.ContainsFunc(def.Checks, func(ck catalog.CheckDef) bool { return ck.Name == conname }):
		c.Checks = slices.Clone(def.Checks)
		c.Checks[slices.IndexFunc(c.Checks, func(ck catalog.CheckDef) bool { return ck.Name == conname })].Comment = s.Comment
	case slices.ContainsFunc(def.Indexes, func(ix catalog.IndexDef) bool { return ix.Name == conname && ix.ConstraintOID != 0 }):
		c.Indexes = slices.Clone(def.Indexes)
		c.Indexes[slices.IndexFunc(c.Indexes, func(ix catalog.IndexDef) bool { return ix.Name == conname })].ConstraintComment = s.Comment
	default:
		return nil, pgerror.Newf(pgcode.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", conname, def.Name)
	}
	return &Statement{Kind: StmtGrant, Tag: "COMMENT", Regrants: []*catalog.TableDef{&c}}, nil
}

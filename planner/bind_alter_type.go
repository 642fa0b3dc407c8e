package planner

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ALTER TYPE ... ADD ATTRIBUTE, DROP ATTRIBUTE [IF EXISTS], ALTER ATTRIBUTE ... TYPE and
// RENAME ATTRIBUTE of composite types, with PostgreSQL's messages (which, as its parser
// treats the type as a relation, speak of columns and relations). The statement yields the
// type's new definition; storage gives a type whose attributes change new OIDs (the
// structure of a registered type never changes), so a type something stores cannot change:
// PostgreSQL too refuses to rewrite such a type, though it lets attributes be added or
// dropped in place.

// compositeTarget finds the composite type an ALTER TYPE names, looked up as PostgreSQL
// does, as a relation: a table is not a composite type, and other types are not found.
func (b *binder) compositeTarget(rv *pg_query.RangeVar) (*catalog.TypeDef, error) {
	var def *catalog.TypeDef
	if rv.Schemaname != "" {
		def = b.cat.Type(rv.Schemaname, rv.Relname)
	} else {
		def = b.findUserType(rv.Relname)
	}
	if rel := b.cat.RowTypeRelation(def); rel != nil || def == nil && b.findTable(rv.Schemaname, rv.Relname) != nil {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a composite type", rv.Relname)
	}
	if def == nil || def.Kind != types.KindComposite {
		// Looked up as a relation, as PostgreSQL does: other types are not found.
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", rv.Relname)
	}
	return def, nil
}

// alterCompositeType binds ALTER TYPE name ADD/DROP/ALTER ATTRIBUTE, the commands applied
// in order.
func (b *binder) alterCompositeType(s *pg_query.AlterTableStmt) (*Statement, error) {
	old, err := b.compositeTarget(s.Relation)
	if err != nil {
		return nil, err
	}
	def := *old
	def.Fields = slices.Clone(old.Fields)
	st := &Statement{Kind: StmtAlterType, Tag: "ALTER TYPE", TypeDef: &def}
	index := func(name string) int {
		return slices.IndexFunc(def.Fields, func(f types.RecordField) bool { return f.Name == name })
	}
	missing := func(name string) string {
		return "column \"" + name + "\" of relation \"" + def.Name + "\" does not exist"
	}
	for _, n := range s.Cmds {
		cmd := n.Node.(*pg_query.Node_AlterTableCmd).AlterTableCmd
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if index(cd.Colname) >= 0 {
				return nil, pgerror.Newf(pgcode.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", cd.Colname, def.Name)
			}
			t, err := b.attributeType(cd)
			if err != nil {
				return nil, err
			}
			def.Fields = append(def.Fields, types.RecordField{Name: cd.Colname, Type: t})
		case pg_query.AlterTableType_AT_DropColumn:
			i := index(cmd.Name)
			if i < 0 && cmd.MissingOk {
				st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: missing(cmd.Name) + ", skipping"})
				continue
			}
			if i < 0 {
				return nil, pgerror.New(pgcode.UndefinedColumn, missing(cmd.Name))
			}
			def.Fields = slices.Delete(def.Fields, i, i+1)
		case pg_query.AlterTableType_AT_AlterColumnType:
			i := index(cmd.Name)
			if i < 0 {
				return nil, pgerror.New(pgcode.UndefinedColumn, missing(cmd.Name))
			}
			t, err := b.attributeType(cmd.Def.GetColumnDef())
			if err != nil {
				return nil, err
			}
			def.Fields[i].Type = t
		default:
			return nil, pgerror.New(pgcode.FeatureNotSupported, "this form of ALTER TYPE is not supported")
		}
	}
	if len(def.Fields) > maxRecordFields {
		return nil, pgerror.Newf(pgcode.TooManyColumns, "tables can have at most %d columns", maxRecordFields)
	}
	return st, b.checkTypeUnused(old, def.Fields)
}

// attributeType resolves the type of an attribute ADD or ALTER ATTRIBUTE declares.
func (b *binder) attributeType(cd *pg_query.ColumnDef) (types.T, error) {
	if cd == nil || cd.TypeName == nil {
		return types.T{}, pgerror.New(pgcode.FeatureNotSupported, "this form of ALTER TYPE is not supported")
	}
	t, err := b.typeName(cd.TypeName)
	if err != nil {
		return types.T{}, err
	}
	return t, b.checkColumnType(cd.Colname, t)
}

// renameAttribute binds ALTER TYPE name RENAME ATTRIBUTE a TO b.
func (b *binder) renameAttribute(s *pg_query.RenameStmt) (*Statement, error) {
	old, err := b.compositeTarget(s.Relation)
	if err != nil {
		return nil, err
	}
	def := *old
	def.Fields = slices.Clone(old.Fields)
	i := slices.IndexFunc(def.Fields, func(f types.RecordField) bool { return f.Name == s.Subname })
	if i < 0 {
		return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" does not exist", s.Subname)
	}
	if slices.ContainsFunc(def.Fields, func(f types.RecordField) bool { return f.Name == s.Newname }) {
		return nil, pgerror.Newf(pgcode.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", s.Newname, def.Name)
	}
	def.Fields[i].Name = s.Newname
	return &Statement{Kind: StmtAlterType, Tag: "ALTER TYPE", TypeDef: &def}, b.checkTypeUnused(old, def.Fields)
}

// checkTypeUnused refuses to give type d the attributes fields while something stores its
// values or is declared over it.
func (b *binder) checkTypeUnused(d *catalog.TypeDef, fields []types.RecordField) error {
	if slices.Equal(d.Fields, fields) {
		return nil
	}
	if uses := b.cat.TypeUses(d.OID); len(uses) > 0 {
		return pgerror.Newf(pgcode.FeatureNotSupported, "cannot alter type \"%s\" because column \"%s.%s\" uses it", d.Name, uses[0].Rel, uses[0].Column)
	}
	for _, dom := range b.cat.Types() {
		if dom.Domain != nil && (dom.Domain.Base.OID == d.OID || dom.Domain.Base.OID == d.ArrayOID) {
			return pgerror.Newf(pgcode.FeatureNotSupported, "cannot alter type \"%s\" because domain %s is over it", d.Name, dom.SQLName())
		}
	}
	return nil
}

package planner

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Binding of the DDL of user-defined types: CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE,
// RENAME VALUE, RENAME TO) and DROP TYPE, with PostgreSQL's checks and messages. Each
// produces the type's new definition (Statement.TypeDef) or the types to drop; storage
// assigns OIDs when the statement runs. Domains (bind_domain.go) share the lookup and DROP.

// userType returns the structure of the user type or array type schema.name ("_mood" is the
// array of mood), or nil.
func (b *binder) userType(schema, name string) *types.Type {
	if d := b.cat.Type(schema, name); d != nil {
		return types.ByOID(d.OID)
	}
	if base, ok := strings.CutPrefix(name, "_"); ok {
		if d := b.cat.Type(schema, base); d != nil {
			return types.ByOID(d.ArrayOID)
		}
	}
	return nil
}

// fmtType prints t as format_type does against the snapshot being bound: user types by
// their current names, which T.String may not know yet.
func (b *binder) fmtType(t types.T) string {
	if d := b.cat.TypeByOID(t.OID); d != nil {
		return d.SQLName()
	}
	if d := b.cat.ArrayElem(t.OID); d != nil {
		return d.SQLName() + "[]"
	}
	return t.String()
}

// lookupTypeDef resolves the name of a type in DDL (ALTER TYPE, DROP TYPE): a user type, or
// for a built-in one the error PostgreSQL gives for altering or dropping it (what names it
// then, "integer", comes back as builtin).
func (b *binder) lookupTypeDef(nodes []*pg_query.Node) (def *catalog.TypeDef, builtin *types.Type, err error) {
	ns := names(nodes)
	name := ns[len(ns)-1]
	switch {
	case len(ns) == 1:
		if t := types.ByName(name); t != nil && t.OID != types.Unknown && !strings.Contains(name, " ") {
			return nil, t, nil
		}
		def = b.findUserType(name)
	case len(ns) == 2 && ns[0] == "pg_catalog":
		if t := types.ByName(name); t != nil {
			return nil, t, nil
		}
	case len(ns) == 2 && b.schemaExists(ns[0]):
		def = b.cat.Type(ns[0], name)
	case len(ns) == 2:
		return nil, nil, pgerror.Newf(pgcode.InvalidSchemaName, "schema \"%s\" does not exist", ns[0])
	}
	if def == nil {
		return nil, nil, pgerror.Newf(pgcode.UndefinedObject, "type \"%s\" does not exist", strings.Join(ns, "."))
	}
	return def, nil, nil
}

// typeDDLTarget resolves the type of ALTER TYPE: a user type of kind want (enum for ADD
// VALUE, or 0 for any), with PostgreSQL's errors otherwise.
func (b *binder) typeDDLTarget(nodes []*pg_query.Node, want types.TypeKind) (*catalog.TypeDef, error) {
	def, builtin, err := b.lookupTypeDef(nodes)
	if err != nil {
		return nil, err
	}
	if builtin != nil {
		if want == types.KindEnum {
			return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not an enum", types.Of(builtin.OID))
		}
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "built-in type %s cannot be altered", types.Of(builtin.OID))
	}
	if want == types.KindEnum && def.Kind != types.KindEnum {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not an enum", def.SQLName())
	}
	if b.cat.RowTypeRelation(def) != nil {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is a table's row type", def.SQLName()).WithHint("Use ALTER TABLE instead.")
	}
	return def, nil
}

// createEnum binds CREATE TYPE name AS ENUM (labels): sort orders 1, 2, ... in the order
// written. Duplicate labels are reported when the statement runs, since PostgreSQL's
// message names the new type's OID.
func (b *binder) createEnum(s *pg_query.CreateEnumStmt) (*Statement, error) {
	schema, name, err := b.createTypeName(s.TypeName)
	if err != nil {
		return nil, err
	}
	def := &catalog.TypeDef{Schema: schema, Name: name, Kind: types.KindEnum}
	for i, v := range s.Vals {
		label := strVal(v)
		if err := checkEnumLabel(label); err != nil {
			return nil, err
		}
		def.Labels = append(def.Labels, types.EnumLabel{Label: label, SortOrder: float32(i + 1)})
	}
	return &Statement{Kind: StmtCreateType, Tag: "CREATE TYPE", TypeDef: def}, nil
}

// createTypeName resolves the name of a type being created (in the search path's creation
// schema or the one it is qualified with), refusing one pg_type already has in the schema.
func (b *binder) createTypeName(nodes []*pg_query.Node) (schema, name string, err error) {
	ns := names(nodes)
	name = ns[len(ns)-1]
	if len(ns) > 1 {
		schema = ns[len(ns)-2]
	} else if schema, err = b.creationSchema(-1); err != nil {
		return "", "", err
	}
	if err := b.checkSchema(schema, name, -1); err != nil {
		return "", "", err
	}
	if b.cat.TypeNameTaken(schema, name) {
		return "", "", pgerror.Newf(pgcode.DuplicateObject, "type \"%s\" already exists", name)
	}
	return schema, name, nil
}

// checkEnumLabel enforces the length limit of enum labels.
func checkEnumLabel(label string) error {
	if len(label) > types.EnumLabelMaxLen {
		return pgerror.Newf(pgcode.InvalidParameterValue, "invalid enum label \"%s\"", label).
			WithDetail("Labels must be 63 bytes or less.")
	}
	return nil
}

// alterEnum binds ALTER TYPE ... ADD VALUE and ALTER TYPE ... RENAME VALUE.
func (b *binder) alterEnum(s *pg_query.AlterEnumStmt) (*Statement, error) {
	old, err := b.typeDDLTarget(s.TypeName, types.KindEnum)
	if err != nil {
		return nil, err
	}
	def := *old
	st := &Statement{Kind: StmtAlterType, Tag: "ALTER TYPE", TypeDef: &def}
	if s.OldVal != "" {
		def.Labels, err = renameEnumValue(old.Labels, s.OldVal, s.NewVal)
		return st, err
	}
	if err := checkEnumLabel(s.NewVal); err != nil {
		return nil, err
	}
	if _, i := old.Label(s.NewVal); i >= 0 {
		msg := "enum label \"" + s.NewVal + "\" already exists"
		if !s.SkipIfNewValExists {
			return nil, pgerror.New(pgcode.DuplicateObject, msg)
		}
		return &Statement{Kind: StmtAlterType, Tag: "ALTER TYPE",
			Notices: []Notice{{Code: pgcode.DuplicateObject, Message: msg + ", skipping"}}}, nil
	}
	def.Labels, err = addEnumValue(old.Labels, s.NewVal, s.NewValNeighbor, s.NewValIsAfter)
	return st, err
}

// renameEnumValue renames one label, as RenameEnumLabel does.
func renameEnumValue(labels []types.EnumLabel, from, to string) ([]types.EnumLabel, error) {
	if err := checkEnumLabel(to); err != nil {
		return nil, err
	}
	at, taken := -1, false
	for i, l := range labels {
		if l.Label == from {
			at = i
		}
		taken = taken || l.Label == to
	}
	if at < 0 {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "\"%s\" is not an existing enum label", from)
	}
	if taken {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "enum label \"%s\" already exists", to)
	}
	out := append([]types.EnumLabel(nil), labels...)
	out[at].Label = to
	return out, nil
}

// addEnumValue inserts label (OID 0, assigned when the statement runs) into labels, which
// are in sort order, at the end or next to neighbor, with the sort order AddEnumLabel
// computes: one past the last value, or the float4 midpoint between the neighbours (one
// below or above at the ends). When float4 cannot split the gap any more, the existing
// values are first renumbered 1, 2, ... as RenumberEnumType does.
func addEnumValue(labels []types.EnumLabel, label, neighbor string, after bool) ([]types.EnumLabel, error) {
	out := append([]types.EnumLabel(nil), labels...)
	if neighbor == "" {
		order := float32(1)
		if n := len(out); n > 0 {
			order = out[n-1].SortOrder + 1
		}
		return append(out, types.EnumLabel{Label: label, SortOrder: order}), nil
	}
	at := -1
	for i, l := range out {
		if l.Label == neighbor {
			at = i
		}
	}
	if at < 0 {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "\"%s\" is not an existing enum label", neighbor)
	}
	other, pos := at-1, at // the other neighbour, and where the new value goes
	if after {
		other, pos = at+1, at+1
	}
	var order float32
	switch {
	case other < 0:
		order = out[at].SortOrder - 1
	case other >= len(out):
		order = out[at].SortOrder + 1
	default:
		order = (out[at].SortOrder + out[other].SortOrder) / 2
		if order == out[at].SortOrder || order == out[other].SortOrder {
			for i := range out {
				out[i].SortOrder = float32(i + 1)
			}
			order = (out[at].SortOrder + out[other].SortOrder) / 2
		}
	}
	out = append(out[:pos], append([]types.EnumLabel{{Label: label, SortOrder: order}}, out[pos:]...)...)
	return out, nil
}

// renameType binds ALTER TYPE name RENAME TO new (and ALTER DOMAIN ... RENAME TO).
func (b *binder) renameType(s *pg_query.RenameStmt) (*Statement, error) {
	list, ok := s.Object.Node.(*pg_query.Node_List)
	if !ok {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "ALTER TYPE ... RENAME supports only type names")
	}
	old, err := b.typeDDLTarget(list.List.Items, 0)
	if err != nil {
		return nil, err
	}
	if s.RenameType == pg_query.ObjectType_OBJECT_DOMAIN && old.Kind != types.KindDomain {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a domain", old.SQLName())
	}
	if b.cat.TypeNameTaken(old.Schema, s.Newname) {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "type \"%s\" already exists", s.Newname)
	}
	def := *old
	def.Name = s.Newname
	tag := "ALTER TYPE"
	if s.RenameType == pg_query.ObjectType_OBJECT_DOMAIN {
		tag = "ALTER DOMAIN"
	}
	return &Statement{Kind: StmtAlterType, Tag: tag, TypeDef: &def}, nil
}

// dropTypes binds DROP TYPE and DROP DOMAIN: every named type must exist (or IF EXISTS
// skips it with a notice) and nothing may depend on it (2BP01, PostgreSQL's message).
// CASCADE is accepted where nothing depends on the types.
func (b *binder) dropTypes(s *pg_query.DropStmt) (*Statement, error) {
	domain := s.RemoveType == pg_query.ObjectType_OBJECT_DOMAIN
	st := &Statement{Kind: StmtDropType, Tag: "DROP TYPE", IfExists: s.MissingOk}
	if domain {
		st.Tag = "DROP DOMAIN"
	}
	dropping := map[types.OID]bool{}
	for _, o := range s.Objects {
		tn, ok := o.Node.(*pg_query.Node_TypeName)
		if !ok {
			return nil, pgerror.New(pgcode.FeatureNotSupported, st.Tag+" supports only type names")
		}
		def, builtin, err := b.lookupTypeDef(tn.TypeName.Names)
		if builtin != nil {
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop type %s because it is required by the database system", types.Of(builtin.OID))
		}
		if err != nil {
			if pe, ok := err.(*pgerror.Error); ok && pe.Code == pgcode.UndefinedObject && s.MissingOk {
				st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: strings.TrimSuffix(pe.Message, "does not exist") + "does not exist, skipping"})
				continue
			}
			return nil, err
		}
		if domain && def.Kind != types.KindDomain {
			return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a domain", def.Name)
		}
		if rel := b.cat.RowTypeRelation(def); rel != nil {
			noun := relationNoun(rel)
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop type %s because %s %s requires it", def.SQLName(), noun, rel.Name).
				WithHint("You can drop " + noun + " " + rel.Name + " instead.")
		}
		if !dropping[def.OID] {
			dropping[def.OID] = true
			st.DropTypes = append(st.DropTypes, def)
		}
	}
	err := b.checkTypeDependents(st.DropTypes, dropping)
	if err != nil && s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		// CASCADE with nothing depending is a plain DROP (the common "DROP TYPE IF EXISTS
		// t CASCADE" of migrations); dropping the dependents themselves is not supported.
		return nil, pgerror.New(pgcode.FeatureNotSupported, st.Tag+" ... CASCADE of a type other objects depend on is not supported yet").
			WithDetail(err.(*pgerror.Error).Detail)
	}
	return st, err
}

// checkTypeDependents refuses to drop types something else uses, with PostgreSQL's message:
// naming the type when only one is dropped, and otherwise listing the dependents of every
// type, the last one named first, as PostgreSQL's dependency walk reports them.
func (b *binder) checkTypeDependents(drop []*catalog.TypeDef, dropping map[types.OID]bool) error {
	var deps []string
	for i := len(drop) - 1; i >= 0; i-- {
		deps = append(deps, b.cat.TypeDependents(drop[i].OID, dropping)...)
	}
	if len(deps) == 0 {
		return nil
	}
	msg := "cannot drop desired object(s) because other objects depend on them"
	if len(drop) == 1 {
		msg = "cannot drop type " + drop[0].SQLName() + " because other objects depend on it"
	}
	return pgerror.New(pgcode.DependentObjectsStillExist, msg).
		WithDetail(strings.Join(deps, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// alterOwner binds ALTER TYPE/DOMAIN ... OWNER TO, which pg_dump writes after every type.
// pgfast has no roles (every object belongs to the bootstrap superuser), so once the type
// is found there is nothing to change.
func (b *binder) alterOwner(s *pg_query.AlterOwnerStmt) (*Statement, error) {
	switch s.ObjectType {
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return b.changeSchemaOwner(strVal(s.Object), s.Newowner)
	case pg_query.ObjectType_OBJECT_DATABASE:
		return b.databaseOwner(s)
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		return b.functionOwner(s)
	}
	tag := map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_TYPE: "ALTER TYPE", pg_query.ObjectType_OBJECT_DOMAIN: "ALTER DOMAIN"}[s.ObjectType]
	list, ok := s.Object.GetNode().(*pg_query.Node_List)
	if tag == "" || !ok {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "ALTER ... OWNER TO is supported only for types and domains")
	}
	def, err := b.typeDDLTarget(list.List.Items, 0)
	if err != nil {
		return nil, err
	}
	if tag == "ALTER DOMAIN" && def.Kind != types.KindDomain {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a domain", def.SQLName())
	}
	return &Statement{Kind: StmtNoop, Tag: tag}, nil
}

// createComposite binds CREATE TYPE name AS (attr type, ...): a composite type whose values
// are records with those fields.
func (b *binder) createComposite(s *pg_query.CompositeTypeStmt) (*Statement, error) {
	rv := s.Typevar
	var nodes []*pg_query.Node
	if rv.Schemaname != "" {
		nodes = append(nodes, pg_query.MakeStrNode(rv.Schemaname))
	}
	schema, name, err := b.createTypeName(append(nodes, pg_query.MakeStrNode(rv.Relname)))
	if err != nil {
		return nil, err
	}
	def := &catalog.TypeDef{Schema: schema, Name: name, Kind: types.KindComposite}
	seen := map[string]bool{}
	for _, n := range s.Coldeflist {
		cd := n.GetColumnDef()
		if cd == nil {
			return nil, pgerror.New(pgcode.FeatureNotSupported, "CREATE TYPE AS supports only attribute definitions")
		}
		if seen[cd.Colname] {
			return nil, pgerror.Newf(pgcode.DuplicateColumn, "column \"%s\" specified more than once", cd.Colname)
		}
		seen[cd.Colname] = true
		t, err := b.typeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		if err := b.checkColumnType(cd.Colname, t); err != nil {
			return nil, err
		}
		def.Fields = append(def.Fields, types.RecordField{Name: cd.Colname, Type: t})
	}
	if len(def.Fields) > maxRecordFields {
		return nil, pgerror.Newf(pgcode.TooManyColumns, "tables can have at most %d columns", maxRecordFields)
	}
	return &Statement{Kind: StmtCreateType, Tag: "CREATE TYPE", TypeDef: def}, nil
}

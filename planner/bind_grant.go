package planner

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Privileges on objects. GRANT and REVOKE on tables, views, sequences and schemas bind to
// a StmtGrant carrying the relations and schemas with their new access control lists; on
// databases bind to a StmtDatabase the cluster applies; on functions, types and languages, whose defaults give PUBLIC what they have,
// they are accepted and change nothing. The checks every statement makes are in
// requireTable and its relatives: the current role must hold the privilege (a superuser
// holds them all), else 42501 "permission denied for table t".

// requireTable checks that the current role holds want on relation def and USAGE on its
// schema; relations read through a view, that the view's owner does (privilegeRole).
func (b *binder) requireTable(def *catalog.TableDef, want acl.Priv) error {
	me, check := b.privilegeRole()
	if !check {
		return nil
	}
	return b.requireTableAs(me, def, want)
}

// privilegeRole returns the role whose privileges the relations being bound need: inside
// a view its owner (the invoker for a security_invoker view), else the current role.
// check is false where nothing is checked: while a view is only analyzed, and while its
// definition is printed.
func (b *binder) privilegeRole() (role *catalog.RoleDef, check bool) {
	if n := len(b.checkAs); n > 0 {
		return b.checkAs[n-1], b.checkAs[n-1] != nil
	}
	if len(b.expanding) > 0 {
		return nil, false
	}
	return b.currentRole(), true
}

// viewCheckRole is the role the reads of view def's query are checked for.
func (b *binder) viewCheckRole(def *catalog.TableDef) *catalog.RoleDef {
	outer, check := b.privilegeRole()
	switch {
	case !check:
		return nil
	case def.ViewOption("security_invoker") == "true":
		return outer
	}
	if r := b.cat.RoleByOID(def.OwnerOID()); r != nil {
		return r
	}
	return &catalog.RoleDef{OID: def.OwnerOID(), Superuser: def.OwnerOID() == catalog.BootstrapRoleOID}
}

// requireTableAs checks that role me holds want on relation def and USAGE on its schema.
func (b *binder) requireTableAs(me *catalog.RoleDef, def *catalog.TableDef, want acl.Priv) error {
	if me.Superuser {
		return nil
	}
	if !def.Virtual && !b.cat.SchemaHolds(me.OID, def.Schema, acl.Usage) {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for schema %s", def.Schema)
	}
	if b.cat.TableHolds(me.OID, def, want) {
		return nil
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for %s %s", relKindWord(def), def.Name)
}

// requireOwner checks that the current role owns relation def (or is a member of its
// owner), as ALTER, DROP and GRANT need.
func (b *binder) requireOwner(def *catalog.TableDef) error {
	me := b.currentRole()
	if me.Superuser || b.cat.HasRoleOf(me.OID, def.OwnerOID(), true) {
		return nil
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of %s %s", relKindWord(def), def.Name)
}

// requireCreateIn checks that the current role may create objects in schema name.
func (b *binder) requireCreateIn(schema string) error {
	me := b.currentRole()
	if me.Superuser || strings.HasPrefix(schema, catalog.TempSchemaPrefix) || schema == TempSchemaAlias ||
		b.cat.SchemaHolds(me.OID, schema, acl.Create) {
		return nil
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for schema %s", schema)
}

// requireServerFiles checks that the current role may read (or write) files on the
// server: superusers and members of pg_read_server_files (pg_write_server_files).
func (b *binder) requireServerFiles(from bool) error {
	me := b.currentRole()
	role, verb, dir := catalog.RoleReadServerFiles, "pg_read_server_files", "from"
	if !from {
		role, verb, dir = catalog.RoleWriteServerFiles, "pg_write_server_files", "to"
	}
	if me.Superuser || b.cat.HasRoleOf(me.OID, role, true) {
		return nil
	}
	what := "COPY from a file"
	if dir == "to" {
		what = "COPY to a file"
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "must be superuser or have privileges of the %s role to %s", verb, what).
		WithHint("Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.")
}

// grant binds GRANT and REVOKE on objects.
func (b *binder) grant(s *pg_query.GrantStmt) (*Statement, error) {
	tag := "GRANT"
	if !s.IsGrant {
		tag = "REVOKE"
	}
	st := &Statement{Kind: StmtGrant, Tag: tag}
	var kind acl.Kind
	switch s.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE:
		kind = acl.Table
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		kind = acl.Sequence
	case pg_query.ObjectType_OBJECT_SCHEMA:
		kind = acl.Schema
	case pg_query.ObjectType_OBJECT_DATABASE:
		kind = acl.Database
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		if s.Targtype == pg_query.GrantTargetType_ACL_TARGET_OBJECT {
			return b.grantFunctions(s)
		}
		return &Statement{Kind: StmtNoop, Tag: tag}, nil
	default:
		// Functions, types, languages: PUBLIC holds their privileges already.
		return &Statement{Kind: StmtNoop, Tag: tag}, nil
	}
	privs, cols, err := b.grantPrivileges(s, kind)
	if err != nil {
		return nil, err
	}
	var grantees []types.OID
	for _, n := range s.Grantees {
		rs := n.GetRoleSpec()
		if rs.Roletype == pg_query.RoleSpecType_ROLESPEC_PUBLIC {
			grantees = append(grantees, acl.Public)
			continue
		}
		r, err := b.roleSpec(rs)
		if err != nil {
			return nil, err
		}
		grantees = append(grantees, r.OID)
	}
	if kind == acl.Schema {
		return st, b.grantSchemas(st, s, privs, grantees)
	}
	if kind == acl.Database {
		return grantDatabases(s, privs, grantees), nil
	}
	defs, err := b.grantRelations(s, kind)
	if err != nil {
		return nil, err
	}
	for _, def := range defs {
		c, err := b.regrant(st, def, s, kind, privs, grantees)
		if err != nil {
			return nil, err
		}
		if c, err = b.regrantColumns(st, def, c, s, cols, grantees); err != nil {
			return nil, err
		}
		if c != nil {
			st.Regrants = append(st.Regrants, c)
		}
	}
	return st, nil
}

// regrant returns relation def with the table privileges privs granted to (or revoked
// from) grantees, nil when nothing changes. A table-level REVOKE takes the same
// privileges on the columns too, as in PostgreSQL.
func (b *binder) regrant(st *Statement, def *catalog.TableDef, s *pg_query.GrantStmt, kind acl.Kind, privs acl.Priv, grantees []types.OID) (*catalog.TableDef, error) {
	if privs == 0 {
		return nil, nil
	}
	k := def.ACLKind()
	p := privs
	if p == allPrivileges {
		p = k.All()
	}
	if k == acl.Sequence && kind == acl.Table {
		p &= k.All() // GRANT ... ON TABLE of a sequence: what applies to sequences
	}
	grantor, p, err := b.grantorFor(st, def, p, s.IsGrant, privs == allPrivileges)
	if err != nil || p == 0 {
		return nil, err
	}
	list := def.ACL.Explicit(k, def.OwnerOID())
	c := *def
	if s.IsGrant {
		c.ACL = list.Grant(grantees, grantor, p, s.GrantOption)
		return &c, nil
	}
	c.ACL = list.Revoke(grantees, grantor, p, s.GrantOption)
	if p&acl.Column.All() != 0 && k == acl.Table {
		c.Columns = slices.Clone(def.Columns)
		for i := range c.Columns {
			c.Columns[i].ACL = revokeColumn(c.Columns[i].ACL, grantees, grantor, p&acl.Column.All(), s.GrantOption)
		}
	}
	return &c, nil
}

// allPrivileges stands for ALL [PRIVILEGES] until the object's kind decides what it is.
const allPrivileges acl.Priv = 1 << 31

// grantPrivileges reads GRANT's privilege list: the privileges on the objects themselves,
// and those on columns (SELECT (a, b)).
func (b *binder) grantPrivileges(s *pg_query.GrantStmt, kind acl.Kind) (acl.Priv, []columnGrant, error) {
	if len(s.Privileges) == 0 {
		return allPrivileges, nil, nil
	}
	var out acl.Priv
	var cols []columnGrant
	for _, n := range s.Privileges {
		ap := n.GetAccessPriv()
		if len(ap.Cols) > 0 {
			g, err := b.columnPrivilege(s, ap)
			if err != nil {
				return 0, nil, err
			}
			cols = append(cols, g)
			continue
		}
		p, ok := acl.ByName(ap.PrivName)
		if !ok || p&kind.All() == 0 && !(kind == acl.Table && p&acl.Sequence.All() != 0) {
			what := map[acl.Kind]string{acl.Table: "relation", acl.Sequence: "sequence", acl.Schema: "schema", acl.Database: "database"}[kind]
			return 0, nil, pgerror.Newf(pgcode.InvalidGrantOperation, "invalid privilege type %s for %s", strings.ToUpper(ap.PrivName), what)
		}
		out |= p
	}
	return out, cols, nil
}

// grantRelations finds the relations GRANT names: a list, or ALL TABLES (SEQUENCES) IN
// SCHEMA.
func (b *binder) grantRelations(s *pg_query.GrantStmt, kind acl.Kind) ([]*catalog.TableDef, error) {
	var out []*catalog.TableDef
	if s.Targtype == pg_query.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA {
		for _, n := range s.Objects {
			schema := strVal(n)
			if !b.cat.SchemaExists(schema) {
				return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", schema)
			}
			for _, t := range b.cat.Tables() {
				if t.Schema == schema && !t.Virtual && (t.Kind == catalog.KindSequence) == (kind == acl.Sequence) {
					out = append(out, t)
				}
			}
		}
		return out, nil
	}
	if s.Targtype == pg_query.GrantTargetType_ACL_TARGET_DEFAULTS {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "ALTER DEFAULT PRIVILEGES is not supported")
	}
	for _, n := range s.Objects {
		rv := n.GetRangeVar()
		def, err := b.lookupTable(rv)
		if err != nil {
			if pe, ok := err.(*pgerror.Error); ok {
				pe.Position = 0
			}
			return nil, err
		}
		if def.Virtual {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", def.Name)
		}
		if kind == acl.Sequence && def.Kind != catalog.KindSequence {
			return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a sequence", def.Name)
		}
		if !slices.Contains(out, def) {
			out = append(out, def)
		}
	}
	return out, nil
}

// grantSchemas binds GRANT and REVOKE on schemas, public included (starting from
// PostgreSQL 15's defaults, in which PUBLIC has USAGE); on the system schemas, granting
// USAGE changes nothing and other changes are refused.
func (b *binder) grantSchemas(st *Statement, s *pg_query.GrantStmt, privs acl.Priv, grantees []types.OID) error {
	if privs == allPrivileges {
		privs = acl.Schema.All()
	}
	me := b.currentRole()
	for _, n := range s.Objects {
		name := strVal(n)
		if !b.cat.SchemaExists(name) && name != "pg_catalog" && name != "information_schema" {
			return pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", name)
		}
		d := b.cat.Schema(name)
		if name == catalog.DefaultSchema {
			d = b.cat.PublicSchema()
		}
		if d == nil {
			if s.IsGrant && privs == acl.Usage {
				continue
			}
			return pgerror.Newf(pgcode.FeatureNotSupported, "privileges on schema %s cannot be changed", name)
		}
		owner := b.cat.SchemaOwnerOID(name)
		if !me.Superuser && !b.cat.HasRoleOf(me.OID, owner, true) {
			return pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of schema %s", name)
		}
		list := b.cat.SchemaACL(name).Explicit(acl.Schema, owner)
		if s.IsGrant {
			list = list.Grant(grantees, owner, privs, s.GrantOption)
		} else {
			list = list.Revoke(grantees, owner, privs, s.GrantOption)
		}
		c := *d
		c.ACL = list
		st.SchemaGrants = append(st.SchemaGrants, &c)
	}
	return nil
}

// grantorFor decides who grants (or revokes) privileges p on relation def, and which of p:
// for a superuser or a member of the owner, the owner and all of p; for another role, that
// role and the privileges it holds the grant option of. A role holding none of them gets a
// warning when it holds some privilege on the relation and 42501 otherwise, as in
// PostgreSQL.
func (b *binder) grantorFor(st *Statement, def *catalog.TableDef, p acl.Priv, grant, all bool) (types.OID, acl.Priv, error) {
	me := b.currentRole()
	owner := def.OwnerOID()
	if me.Superuser || b.cat.HasRoleOf(me.OID, owner, true) {
		return owner, p, nil
	}
	var options acl.Priv
	for _, it := range def.ACL.Explicit(def.ACLKind(), owner) {
		if it.Grantee == acl.Public || b.cat.HasRoleOf(me.OID, it.Grantee, true) {
			options |= it.GrantOptions
		}
	}
	if options&p == 0 && !b.holdsAny(me.OID, def) {
		return 0, 0, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for %s %s", relKindWord(def), def.Name)
	}
	verb, code := "granted", pgcode.WarningPrivilegeNotGranted
	if !grant {
		verb, code = "revoked", pgcode.WarningPrivilegeNotRevoked
	}
	switch {
	case options&p == 0:
		st.Notices = append(st.Notices, Notice{Code: code, Message: "no privileges were " + verb + " for \"" + def.Name + "\""})
	case !all && p&^options != 0:
		st.Notices = append(st.Notices, Notice{Code: code, Message: "not all privileges were " + verb + " for \"" + def.Name + "\""})
	}
	return me.OID, p & options, nil
}

// holdsAny reports whether role holds some privilege on relation def.
func (b *binder) holdsAny(role types.OID, def *catalog.TableDef) bool {
	for p := acl.Insert; p <= acl.AlterSystem; p <<= 1 {
		if p&def.ACLKind().All() != 0 && b.cat.TableHolds(role, def, p) {
			return true
		}
	}
	return false
}

// changeOwner binds ALTER TABLE (VIEW, SEQUENCE) ... OWNER TO role for any relation: the
// relation with its new owner, whose references in the privileges move to the new owner,
// stored like GRANT's changes. A superuser may give any relation away; an owner only to a
// role it is a member of.
func (b *binder) changeOwner(rv *pg_query.RangeVar, owner *pg_query.RoleSpec, missingOk bool, tag string) (*Statement, error) {
	def, skip, err := b.alterTarget(rv, missingOk)
	if def == nil {
		return skip, err
	}
	to, err := b.roleSpec(owner)
	if err != nil {
		return nil, err
	}
	if err := b.mayGiveTo(to); err != nil {
		return nil, err
	}
	c := *def
	old := def.OwnerOID()
	c.Owner = to.OID
	if to.OID == catalog.BootstrapRoleOID {
		c.Owner = 0
	}
	c.ACL = renameGrantee(def.ACL, old, to.OID)
	c.Columns = slices.Clone(def.Columns)
	for i := range c.Columns {
		c.Columns[i].ACL = renameGrantee(c.Columns[i].ACL, old, to.OID)
	}
	return &Statement{Kind: StmtGrant, Tag: tag, Regrants: []*catalog.TableDef{&c}}, nil
}

// mayGiveTo checks that the current role may make role to the owner of something it owns.
func (b *binder) mayGiveTo(to *catalog.RoleDef) error {
	me := b.currentRole()
	if me.Superuser || b.cat.HasRoleOf(me.OID, to.OID, false) {
		return nil
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "must be able to SET ROLE \"%s\"", to.Name)
}

// renameGrantee moves an access control list's references to role from to role to,
// merging the items that then have the same grantee and grantor, as PostgreSQL's
// aclnewowner does.
func renameGrantee(l acl.List, from, to types.OID) acl.List {
	if l == nil || from == to {
		return l
	}
	out := acl.List{}
	for _, it := range l {
		if it.Grantee == from {
			it.Grantee = to
		}
		if it.Grantor == from {
			it.Grantor = to
		}
		i := slices.IndexFunc(out, func(o acl.Item) bool { return o.Grantee == it.Grantee && o.Grantor == it.Grantor })
		if i < 0 {
			out = append(out, it)
			continue
		}
		out[i].Privs |= it.Privs
		out[i].GrantOptions |= it.GrantOptions
	}
	return out
}

// changeSchemaOwner binds ALTER SCHEMA ... OWNER TO role.
func (b *binder) changeSchemaOwner(name string, owner *pg_query.RoleSpec) (*Statement, error) {
	d := b.cat.Schema(name)
	if d == nil {
		if b.cat.SchemaExists(name) {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "the owner of schema %s cannot be changed", name)
		}
		return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", name)
	}
	to, err := b.roleSpec(owner)
	if err != nil {
		return nil, err
	}
	me := b.currentRole()
	if !me.Superuser && !b.cat.HasRoleOf(me.OID, b.cat.SchemaOwnerOID(name), true) {
		return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of schema %s", name)
	}
	if err := b.mayGiveTo(to); err != nil {
		return nil, err
	}
	c := *d
	c.ACL = renameGrantee(d.ACL, b.cat.SchemaOwnerOID(name), to.OID)
	c.Owner = to.Name
	return &Statement{Kind: StmtGrant, Tag: "ALTER SCHEMA", SchemaGrants: []*catalog.SchemaDef{&c}}, nil
}

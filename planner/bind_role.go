package planner

import (
	"maps"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
	"github.com/pgfast/pgfast/wire/scram"
)

// Roles: CREATE, ALTER, DROP ROLE (and USER, GROUP), ALTER ROLE RENAME and GRANT/REVOKE
// role TO role bind to a StmtRoleDDL holding the role definitions to store (PutRoles, a
// zero OID for a new one) and those to drop (DropRoles). Who may do what follows
// PostgreSQL 15: superusers anything, CREATEROLE roles anything about non-superusers.

// currentRole returns the role statements run as: the session's current role, or, for a
// session user the catalog does not know (a name clients logged in with under trust), the
// bootstrap superuser under that name.
func (b *binder) currentRole() *catalog.RoleDef {
	if r := b.cat.Role(b.role); r != nil {
		return r
	}
	return &catalog.RoleDef{OID: catalog.BootstrapRoleOID, Name: b.role, Superuser: true, Inherit: true,
		CreateRole: true, CreateDB: true, Login: true, ConnLimit: -1}
}

// roleSpec resolves a RoleSpec (a name, CURRENT_USER, SESSION_USER, CURRENT_ROLE) to a role.
func (b *binder) roleSpec(rs *pg_query.RoleSpec) (*catalog.RoleDef, error) {
	switch rs.Roletype {
	case pg_query.RoleSpecType_ROLESPEC_CURRENT_USER, pg_query.RoleSpecType_ROLESPEC_CURRENT_ROLE:
		return b.currentRole(), nil
	case pg_query.RoleSpecType_ROLESPEC_SESSION_USER:
		if r := b.cat.Role(b.user); r != nil {
			return r, nil
		}
		return b.currentRole(), nil
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return nil, pgerror.New(pgcode.ReservedName, "role name \"public\" is reserved")
	}
	r := b.cat.Role(rs.Rolename)
	if r == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", rs.Rolename)
	}
	return r, nil
}

func (b *binder) createRole(s *pg_query.CreateRoleStmt) (*Statement, error) {
	tag := map[pg_query.RoleStmtType]string{pg_query.RoleStmtType_ROLESTMT_USER: "CREATE ROLE",
		pg_query.RoleStmtType_ROLESTMT_GROUP: "CREATE ROLE"}[s.StmtType]
	tag = cmpOr(tag, "CREATE ROLE")
	me := b.currentRole()
	if reservedRoleName(s.Role) {
		return nil, pgerror.Newf(pgcode.ReservedName, "role name \"%s\" is reserved", s.Role).
			WithDetail("Role names starting with \"pg_\" are reserved.")
	}
	if s.Role == "public" || s.Role == "none" {
		return nil, pgerror.Newf(pgcode.ReservedName, "role name \"%s\" is reserved", s.Role)
	}
	def := &catalog.RoleDef{Name: s.Role, Inherit: true, ConnLimit: -1, Login: s.StmtType == pg_query.RoleStmtType_ROLESTMT_USER}
	st := &Statement{Kind: StmtRoleDDL, Tag: tag}
	members, err := b.roleOptions(def, s.Options, st)
	if err != nil {
		return nil, err
	}
	if def.Superuser && !me.Superuser {
		return nil, pgerror.New(pgcode.InsufficientPrivilege, "must be superuser to create superusers")
	}
	if !me.Superuser && !me.CreateRole {
		return nil, pgerror.New(pgcode.InsufficientPrivilege, "permission denied to create role")
	}
	if b.cat.Role(s.Role) != nil {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "role \"%s\" already exists", s.Role)
	}
	st.PutRoles = append([]*catalog.RoleDef{def}, st.PutRoles...)
	st.NewRoleMembers = members
	return st, nil
}

// RoleMembers are the roles CREATE ROLE's ROLE and ADMIN clauses make members of the new
// role: they can only be recorded once the new role has its OID.
type RoleMembers struct {
	Members []*catalog.RoleDef
	Admins  []*catalog.RoleDef
	Grantor types.OID
}

// roleOptions applies CREATE or ALTER ROLE's options to def. IN ROLE adds memberships to
// def; ROLE and ADMIN (CREATE ROLE only) are returned, to be applied to the members.
func (b *binder) roleOptions(def *catalog.RoleDef, opts []*pg_query.Node, st *Statement) (*RoleMembers, error) {
	members := &RoleMembers{Grantor: b.currentRole().OID}
	seen := map[string]bool{}
	for _, o := range opts {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		if seen[d.Defname] {
			return nil, b.errorf(d.Location, pgcode.SyntaxError, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		flag := func() bool {
			if bv, ok := d.Arg.GetNode().(*pg_query.Node_Boolean); ok {
				return bv.Boolean.Boolval
			}
			return d.Arg.GetInteger().GetIval() != 0
		}
		switch d.Defname {
		case "password":
			if d.Arg == nil {
				def.Password = ""
				continue
			}
			secret, err := passwordSecret(d.Arg.GetString_().GetSval())
			if err != nil {
				return nil, err
			}
			def.Password = secret
		case "superuser":
			def.Superuser = flag()
		case "inherit":
			def.Inherit = flag()
		case "createrole":
			def.CreateRole = flag()
		case "createdb":
			def.CreateDB = flag()
		case "canlogin":
			def.Login = flag()
		case "isreplication":
			def.Replication = flag()
		case "bypassrls":
			def.BypassRLS = flag()
		case "connectionlimit":
			def.ConnLimit = d.Arg.GetInteger().GetIval()
			if def.ConnLimit < -1 {
				return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid connection limit: %d", def.ConnLimit)
			}
		case "validUntil":
			def.ValidUntil = d.Arg.GetString_().GetSval()
		case "sysid":
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "SYSID can no longer be specified"})
		case "addroleto", "rolemembers", "adminmembers":
			var roles []*catalog.RoleDef
			for _, n := range d.Arg.GetList().GetItems() {
				r, err := b.roleSpec(n.GetRoleSpec())
				if err != nil {
					return nil, err
				}
				roles = append(roles, r)
			}
			switch d.Defname {
			case "addroleto":
				for _, r := range roles {
					def.MemberOf = append(def.MemberOf, catalog.RoleGrant{Role: r.OID, Grantor: members.Grantor})
				}
			case "rolemembers":
				members.Members = roles
			default:
				members.Admins = roles
			}
		default:
			return nil, pgerror.Newf(pgcode.SyntaxError, "option \"%s\" not recognized", d.Defname)
		}
	}
	return members, nil
}

// passwordSecret returns what is stored of a password: a SCRAM secret given as one is
// kept (pg_dumpall's output), a plain password is hashed.
func passwordSecret(pw string) (string, error) {
	if strings.HasPrefix(pw, scram.Prefix) {
		if _, err := scram.Parse(pw); err == nil {
			return pw, nil
		}
	}
	if pw == "" {
		return "", nil // PostgreSQL: "empty string is not a valid password, clearing password"
	}
	s, err := scram.New(pw)
	if err != nil {
		return "", pgerror.Wrapf(err, pgcode.InternalError, "could not hash the password")
	}
	return s.String(), nil
}

func reservedRoleName(name string) bool { return strings.HasPrefix(name, "pg_") }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mayAlterRole checks that the current role may change role r: superusers any role,
// CREATEROLE roles any but superusers.
func (b *binder) mayAlterRole(r *catalog.RoleDef, what string) error {
	me := b.currentRole()
	if r.Predefined {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "cannot %s reserved role \"%s\"", what, r.Name)
	}
	switch {
	case me.Superuser:
		return nil
	case r.Superuser:
		return pgerror.Newf(pgcode.InsufficientPrivilege, "must be superuser to %s superusers", what)
	case me.CreateRole:
		return nil
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied to %s role", what)
}

func (b *binder) alterRole(s *pg_query.AlterRoleStmt) (*Statement, error) {
	cur, err := b.roleSpec(s.Role)
	if err != nil {
		return nil, err
	}
	def := *cur
	def.MemberOf = slices.Clone(cur.MemberOf)
	st := &Statement{Kind: StmtRoleDDL, Tag: "ALTER ROLE"}
	me := b.currentRole()
	onlyPassword := len(s.Options) == 1 && s.Options[0].GetDefElem().GetDefname() == "password"
	if !(onlyPassword && cur.OID == me.OID) {
		if err := b.mayAlterRole(cur, "alter"); err != nil {
			return nil, err
		}
	}
	if _, err := b.roleOptions(&def, s.Options, st); err != nil {
		return nil, err
	}
	if def.Superuser != cur.Superuser && !me.Superuser {
		return nil, pgerror.New(pgcode.InsufficientPrivilege, "must be superuser to alter superuser roles or change superuser attribute")
	}
	st.PutRoles = []*catalog.RoleDef{&def}
	return st, nil
}

func (b *binder) renameRole(s *pg_query.RenameStmt) (*Statement, error) {
	cur := b.cat.Role(s.Subname)
	if cur == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", s.Subname)
	}
	if err := b.mayAlterRole(cur, "rename"); err != nil {
		return nil, err
	}
	if cur.OID == b.currentRole().OID {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "current user cannot be renamed")
	}
	if reservedRoleName(s.Newname) {
		return nil, pgerror.Newf(pgcode.ReservedName, "role name \"%s\" is reserved", s.Newname).
			WithDetail("Role names starting with \"pg_\" are reserved.")
	}
	if b.cat.Role(s.Newname) != nil {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "role \"%s\" already exists", s.Newname)
	}
	def := *cur
	def.Name = s.Newname
	st := &Statement{Kind: StmtRoleDDL, Tag: "ALTER ROLE", PutRoles: []*catalog.RoleDef{&def}}
	return st, nil
}

func (b *binder) dropRole(s *pg_query.DropRoleStmt) (*Statement, error) {
	st := &Statement{Kind: StmtRoleDDL, Tag: "DROP ROLE"}
	me := b.currentRole()
	dropping := map[types.OID]bool{}
	for _, n := range s.Roles {
		rs := n.GetRoleSpec()
		r := b.cat.Role(rs.GetRolename())
		if rs.Roletype != pg_query.RoleSpecType_ROLESPEC_CSTRING {
			var err error
			if r, err = b.roleSpec(rs); err != nil {
				return nil, err
			}
		}
		if r == nil {
			if !s.MissingOk {
				return nil, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", rs.Rolename)
			}
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "role \"" + rs.Rolename + "\" does not exist, skipping"})
			continue
		}
		if r.OID == catalog.BootstrapRoleOID || r.Predefined {
			return nil, pgerror.Newf(pgcode.ObjectInUse, "cannot drop role %s because it is required by the database system", r.Name)
		}
		if r.OID == me.OID {
			return nil, pgerror.New(pgcode.ObjectInUse, "current user cannot be dropped")
		}
		if r.Name == b.user {
			return nil, pgerror.New(pgcode.ObjectInUse, "session user cannot be dropped")
		}
		if err := b.mayAlterRole(r, "drop"); err != nil {
			return nil, err
		}
		if dep := b.roleDependents(r); dep != "" {
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "role \"%s\" cannot be dropped because some objects depend on it", r.Name).WithDetail(dep)
		}
		dropping[r.OID] = true
		st.DropRoles = append(st.DropRoles, r)
	}
	// The memberships in the dropped roles go with them, as pg_auth_members rows do.
	for _, r := range b.cat.StoredRoles() {
		if dropping[r.OID] {
			continue
		}
		kept := slices.DeleteFunc(slices.Clone(r.MemberOf), func(g catalog.RoleGrant) bool { return dropping[g.Role] })
		if len(kept) != len(r.MemberOf) {
			def := *r
			def.MemberOf = kept
			st.PutRoles = append(st.PutRoles, &def)
		}
	}
	return st, nil
}

// roleDependents describes the objects that depend on role r (owned by it, or granting it
// privileges), in the order they were created, as DROP ROLE's detail does; "" for none.
func (b *binder) roleDependents(r *catalog.RoleDef) string {
	type dep struct {
		oid  types.OID
		text string
	}
	var deps []dep
	mentions := func(l acl.List) bool {
		return slices.ContainsFunc(l, func(it acl.Item) bool { return it.Grantee == r.OID || it.Grantor == r.OID })
	}
	for _, sd := range b.cat.Schemas() {
		if sd.Owner == r.Name {
			deps = append(deps, dep{sd.OID, "owner of schema " + sd.Name})
		} else if mentions(sd.ACL) {
			deps = append(deps, dep{sd.OID, "privileges for schema " + sd.Name})
		}
	}
	for _, t := range b.cat.Tables() {
		if t.Virtual {
			continue
		}
		if t.OwnerOID() == r.OID {
			deps = append(deps, dep{t.OID, "owner of " + relKindWord(t) + " " + relMessageName(t)})
		} else if mentions(t.ACL) {
			deps = append(deps, dep{t.OID, "privileges for " + relKindWord(t) + " " + relMessageName(t)})
		}
		for _, c := range t.Columns {
			if mentions(c.ACL) {
				deps = append(deps, dep{t.OID, "privileges for column " + c.Name + " of " + relKindWord(t) + " " + relMessageName(t)})
			}
		}
	}
	slices.SortStableFunc(deps, func(x, y dep) int { return int(x.oid) - int(y.oid) })
	lines := make([]string, len(deps))
	for i, d := range deps {
		lines[i] = d.text
	}
	return strings.Join(lines, "\n")
}

// relKindWord names a relation's kind as PostgreSQL's messages do ("table", "view").
func relKindWord(t *catalog.TableDef) string {
	switch t.Kind {
	case catalog.KindView:
		return "view"
	case catalog.KindSequence:
		return "sequence"
	case catalog.KindForeign:
		return "foreign table"
	case catalog.KindMatView:
		return "materialized view"
	}
	return "table"
}

// grantRole binds GRANT role TO role and REVOKE [ADMIN OPTION FOR] role FROM role.
func (b *binder) grantRole(s *pg_query.GrantRoleStmt) (*Statement, error) {
	tag := "GRANT ROLE"
	if !s.IsGrant {
		tag = "REVOKE ROLE"
	}
	admin := false
	for _, o := range s.Opt {
		if d := o.GetDefElem(); d.GetDefname() == "admin" {
			admin = d.Arg == nil || d.Arg.GetBoolean().GetBoolval()
		}
	}
	me := b.currentRole()
	st := &Statement{Kind: StmtRoleDDL, Tag: tag}
	edited := map[types.OID]*catalog.RoleDef{}
	for _, g := range s.GrantedRoles {
		name := g.GetAccessPriv().GetPrivName()
		granted := b.cat.Role(name)
		if granted == nil {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", name)
		}
		if !me.Superuser && !(me.CreateRole && !granted.Superuser) && !b.hasAdminOf(me.OID, granted.OID) {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "must have admin option on role \"%s\"", granted.Name)
		}
		for _, n := range s.GranteeRoles {
			member, err := b.roleSpec(n.GetRoleSpec())
			if err != nil {
				return nil, err
			}
			def := edited[member.OID]
			if def == nil {
				c := *member
				c.MemberOf = slices.Clone(member.MemberOf)
				def = &c
				edited[member.OID] = def
			}
			if s.IsGrant && b.cat.HasRoleOf(granted.OID, member.OID, false) {
				return nil, pgerror.Newf(pgcode.InvalidGrantOperation, "role \"%s\" is a member of role \"%s\"", granted.Name, member.Name)
			}
			i := slices.IndexFunc(def.MemberOf, func(rg catalog.RoleGrant) bool { return rg.Role == granted.OID })
			switch {
			case s.IsGrant && i >= 0:
				if admin && !def.MemberOf[i].Admin {
					def.MemberOf[i].Admin = true
				} else {
					st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion,
						Message: "role \"" + member.Name + "\" is already a member of role \"" + granted.Name + "\""})
				}
			case s.IsGrant:
				def.MemberOf = append(def.MemberOf, catalog.RoleGrant{Role: granted.OID, Grantor: me.OID, Admin: admin})
			case i < 0:
				st.Notices = append(st.Notices, Notice{Code: pgcode.Warning,
					Message: "role \"" + member.Name + "\" has not been granted membership in role \"" + granted.Name + "\" by role \"" + me.Name + "\""})
			case admin:
				def.MemberOf[i].Admin = false
			default:
				def.MemberOf = slices.Delete(def.MemberOf, i, i+1)
			}
		}
	}
	for _, oid := range slices.Sorted(maps.Keys(edited)) {
		if edited[oid].Predefined {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "cannot alter reserved role \"%s\"", edited[oid].Name)
		}
		st.PutRoles = append(st.PutRoles, edited[oid])
	}
	return st, nil
}

// hasAdminOf reports whether member holds role with ADMIN OPTION.
func (b *binder) hasAdminOf(member, role types.OID) bool {
	r := b.cat.RoleByOID(member)
	if r == nil {
		return false
	}
	for _, g := range r.MemberOf {
		if g.Role == role && g.Admin {
			return true
		}
	}
	return false
}

// relMessageName names a relation in messages: qualified unless it is in public.
func relMessageName(t *catalog.TableDef) string {
	if t.Schema == catalog.DefaultSchema {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// setOwner checks that the current role may create the relations a statement creates, in
// their schema, and makes it their owner (the bootstrap superuser's are left at 0, which
// means it).
func (b *binder) setOwner(st *Statement) error {
	if st.Create != nil && st.Kind == StmtCreateTable {
		if err := b.requireCreateIn(st.Create.Schema); err != nil {
			return b.at(err, createdLocation(b.raw.Stmt))
		}
	}
	owner := b.currentRole().OID
	if owner == catalog.BootstrapRoleOID {
		return nil
	}
	if st.Create != nil && !(st.OrReplace && b.cat.Table(st.Create.Schema, st.Create.Name) != nil) {
		st.Create.Owner = owner
	}
	for _, d := range st.CreateOwned {
		d.Owner = owner
	}
	for _, d := range st.Imports {
		d.Owner = owner
	}
	return nil
}

// createdLocation returns where a CREATE statement names the relation it creates, or -1.
func createdLocation(n *pg_query.Node) int32 {
	var rv *pg_query.RangeVar
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		rv = x.CreateStmt.Relation
	case *pg_query.Node_CreateTableAsStmt:
		rv = x.CreateTableAsStmt.Into.GetRel()
	case *pg_query.Node_ViewStmt:
		rv = x.ViewStmt.View
	case *pg_query.Node_CreateSeqStmt:
		rv = x.CreateSeqStmt.Sequence
	}
	if rv == nil {
		return -1
	}
	return rv.Location
}

package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// information_schema's privilege views: table_privileges and column_privileges list one row
// per privilege of each aclitem of a relation (and, for columns, of the table's items of
// the privileges columns have, besides the columns' own), as PostgreSQL's definitions over
// aclexplode do. A row is visible when the current role has the privileges of its grantor
// or grantee, or the grantee is PUBLIC; role_table_grants and role_column_grants keep only
// the rows whose grantor or grantee is one of the current role's enabled roles.

// privilegeRow is one exploded aclitem privilege.
type privilegeRow struct {
	grantor, grantee types.OID
	priv             acl.Priv
	grantable        bool
}

// explode lists the privileges of l among want, one per privilege, in aclexplode's order.
func explode(l acl.List, want acl.Priv) []privilegeRow {
	var out []privilegeRow
	for _, it := range l {
		for p := acl.Insert; p <= acl.AlterSystem; p <<= 1 {
			if it.Privs&p != 0 && want&p != 0 {
				out = append(out, privilegeRow{it.Grantor, it.Grantee, p, it.GrantOptions&p != 0})
			}
		}
	}
	return out
}

// privilegeViewer decides which privilege rows the current role sees.
type privilegeViewer struct {
	s  *Source
	me types.OID
	// rolesOnly keeps rows whose grantor or grantee is an enabled role (PUBLIC is none).
	rolesOnly bool
}

func (s *Source) privilegeViewer(rolesOnly bool) privilegeViewer {
	me := catalog.BootstrapRoleOID
	name := s.Role
	if name == "" {
		name = s.User
	}
	if r := s.Catalog.Role(name); r != nil {
		me = r.OID
	}
	return privilegeViewer{s: s, me: me, rolesOnly: rolesOnly}
}

// usage reports whether the current role has the privileges of role (pg_has_role USAGE).
func (v privilegeViewer) usage(role types.OID) bool {
	if r := v.s.Catalog.RoleByOID(v.me); r != nil && r.Superuser {
		return v.s.Catalog.RoleByOID(role) != nil || role == catalog.BootstrapRoleOID
	}
	return v.s.Catalog.HasRoleOf(v.me, role, true)
}

func (v privilegeViewer) sees(r privilegeRow) bool {
	if r.grantee == acl.Public {
		return !v.rolesOnly || v.usage(r.grantor)
	}
	return v.usage(r.grantor) || v.usage(r.grantee)
}

// grantable is is_grantable: the grant option, or a grantee with the owner's privileges.
func (v privilegeViewer) grantable(r privilegeRow, owner types.OID) string {
	if r.grantable || r.grantee != acl.Public && v.s.Catalog.HasRoleOf(r.grantee, owner, true) {
		return "YES"
	}
	return "NO"
}

// privilegeTables lists the relations the privilege views describe: tables, views and
// foreign tables (relkind r, v, f and p), the system ones included.
func (s *Source) privilegeTables() []*catalog.TableDef {
	var out []*catalog.TableDef
	for _, d := range s.relations() {
		if inInfoSchemaTables(d) {
			out = append(out, d)
		}
	}
	return out
}

// roleName spells a grantor or grantee; PUBLIC for OID 0.
func (s *Source) privilegeRoleName(n *Names, oid types.OID) string {
	if oid == acl.Public {
		return "PUBLIC"
	}
	name, _ := n.RoleName(oid)
	return name
}

func (s *Source) isTablePrivileges(w *rowWriter)  { s.tablePrivileges(w, false) }
func (s *Source) isRoleTableGrants(w *rowWriter)  { s.tablePrivileges(w, true) }
func (s *Source) isColumnPrivileges(w *rowWriter) { s.columnPrivileges(w, false) }
func (s *Source) isRoleColumnGrants(w *rowWriter) { s.columnPrivileges(w, true) }

func (s *Source) tablePrivileges(w *rowWriter, rolesOnly bool) {
	if s.Catalog == nil {
		return
	}
	v, n := s.privilegeViewer(rolesOnly), s.names()
	for _, d := range s.privilegeTables() {
		for _, r := range explode(d.ACL.Explicit(acl.Table, d.OwnerOID()), acl.Table.All()) {
			if !v.sees(r) {
				continue
			}
			hierarchy := "NO"
			if r.priv == acl.Select {
				hierarchy = "YES"
			}
			w.str(s.privilegeRoleName(n, r.grantor)).str(s.privilegeRoleName(n, r.grantee)).str(s.Database).
				str(d.Schema).str(d.Name).str(acl.Names(r.priv)[0]).str(v.grantable(r, d.OwnerOID())).str(hierarchy).end()
		}
	}
}

func (s *Source) columnPrivileges(w *rowWriter, rolesOnly bool) {
	if s.Catalog == nil {
		return
	}
	v, n := s.privilegeViewer(rolesOnly), s.names()
	for _, d := range s.privilegeTables() {
		owner := d.OwnerOID()
		table := explode(d.ACL.Explicit(acl.Table, owner), acl.Column.All())
		for _, c := range d.Columns {
			// UNION: a privilege the column has both ways is listed once.
			seen := map[privilegeRow]bool{}
			for _, r := range append(append([]privilegeRow(nil), table...), explode(c.ACL, acl.Column.All())...) {
				if seen[r] || !v.sees(r) {
					continue
				}
				seen[r] = true
				w.str(s.privilegeRoleName(n, r.grantor)).str(s.privilegeRoleName(n, r.grantee)).str(s.Database).
					str(d.Schema).str(d.Name).str(c.Name).str(acl.Names(r.priv)[0]).str(v.grantable(r, owner)).end()
			}
		}
	}
}

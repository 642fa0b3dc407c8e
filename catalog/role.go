package catalog

import (
	"maps"
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// Roles. PostgreSQL's roles are cluster-wide; pgfast keeps them in the snapshot with
// everything else, so that CREATE ROLE commits (and rolls back) with its transaction. The
// bootstrap superuser (OID 10, "postgres") and PostgreSQL 15's predefined roles
// (pg_read_server_files, ...) always exist; the roles CREATE ROLE makes are RoleDefs of the
// snapshot. A stored RoleDef with the bootstrap superuser's OID records what ALTER ROLE
// changed of it (a password).

// BootstrapRoleOID is the bootstrap superuser's OID, as in PostgreSQL.
const BootstrapRoleOID types.OID = 10

// BootstrapRoleName is the bootstrap superuser's name.
const BootstrapRoleName = "postgres"

// RoleDef is a role (pg_authid), with the roles it is a member of (pg_auth_members).
type RoleDef struct {
	OID         types.OID `json:"oid"`
	Name        string    `json:"name"`
	Superuser   bool      `json:"superuser,omitempty"`
	Inherit     bool      `json:"inherit,omitempty"`
	CreateRole  bool      `json:"create_role,omitempty"`
	CreateDB    bool      `json:"create_db,omitempty"`
	Login       bool      `json:"login,omitempty"`
	Replication bool      `json:"replication,omitempty"`
	BypassRLS   bool      `json:"bypass_rls,omitempty"`
	ConnLimit   int32     `json:"conn_limit"`
	// Password is the SCRAM-SHA-256 secret in PostgreSQL's text form, empty for none.
	Password string `json:"password,omitempty"`
	// ValidUntil is VALID UNTIL's timestamp as written, empty for none.
	ValidUntil string `json:"valid_until,omitempty"`
	// MemberOf lists the roles this one was granted.
	MemberOf []RoleGrant `json:"member_of,omitempty"`
	// Predefined marks the built-in roles, which cannot be changed or dropped.
	Predefined bool `json:"-"`
}

// RoleGrant is one membership: the role granted, who granted it, and whether the member
// may grant it on (WITH ADMIN OPTION).
type RoleGrant struct {
	Role    types.OID `json:"role"`
	Grantor types.OID `json:"grantor"`
	Admin   bool      `json:"admin,omitempty"`
}

// predefinedRoles are PostgreSQL 15's built-in roles besides the bootstrap superuser.
var predefinedRoles = func() []*RoleDef {
	mk := func(oid types.OID, name string, memberOf ...types.OID) *RoleDef {
		r := &RoleDef{OID: oid, Name: name, Inherit: true, ConnLimit: -1, Predefined: true}
		for _, m := range memberOf {
			r.MemberOf = append(r.MemberOf, RoleGrant{Role: m, Grantor: BootstrapRoleOID})
		}
		return r
	}
	return []*RoleDef{
		mk(6171, "pg_database_owner"), mk(6181, "pg_read_all_data"), mk(6182, "pg_write_all_data"),
		mk(3373, "pg_monitor", 3374, 3375, 3377), mk(3374, "pg_read_all_settings"), mk(3375, "pg_read_all_stats"),
		mk(3377, "pg_stat_scan_tables"), mk(4569, "pg_read_server_files"), mk(4570, "pg_write_server_files"),
		mk(4571, "pg_execute_server_program"), mk(4200, "pg_signal_backend"), mk(4544, "pg_checkpoint"),
	}
}()

// Predefined role OIDs the server checks.
const (
	RoleReadServerFiles  types.OID = 4569
	RoleWriteServerFiles types.OID = 4570
	RoleDatabaseOwner    types.OID = 6171
)

// bootstrapRole is the bootstrap superuser as it is before any ALTER ROLE.
func bootstrapRole() *RoleDef {
	return &RoleDef{OID: BootstrapRoleOID, Name: BootstrapRoleName, Superuser: true, Inherit: true, CreateRole: true,
		CreateDB: true, Login: true, Replication: true, BypassRLS: true, ConnLimit: -1}
}

// Roles returns every role: the bootstrap superuser, the predefined roles and the
// created ones, in OID order.
func (c *Catalog) Roles() []*RoleDef {
	out := slices.Collect(maps.Values(c.roles))
	if !slices.ContainsFunc(out, func(r *RoleDef) bool { return r.OID == BootstrapRoleOID }) {
		out = append(out, bootstrapRole())
	}
	out = append(out, predefinedRoles...)
	slices.SortFunc(out, func(a, b *RoleDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// StoredRoles returns the roles the snapshot holds (created, or the bootstrap superuser
// altered), in OID order: what storage persists.
func (c *Catalog) StoredRoles() []*RoleDef {
	out := slices.Collect(maps.Values(c.roles))
	slices.SortFunc(out, func(a, b *RoleDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// Role returns the role of the name, or nil.
func (c *Catalog) Role(name string) *RoleDef {
	if r := c.roles[name]; r != nil {
		return r
	}
	for _, r := range c.Roles() {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// RoleByOID returns the role of the OID, or nil.
func (c *Catalog) RoleByOID(oid types.OID) *RoleDef {
	for _, r := range c.roles {
		if r.OID == oid {
			return r
		}
	}
	if oid == BootstrapRoleOID {
		return bootstrapRole()
	}
	for _, r := range predefinedRoles {
		if r.OID == oid {
			return r
		}
	}
	return nil
}

// RoleName returns the name of role oid, or "" for none.
func (c *Catalog) RoleName(oid types.OID) string {
	if r := c.RoleByOID(oid); r != nil {
		return r.Name
	}
	return ""
}

// WithRoles returns a snapshot holding exactly the given stored roles (restoring a
// persisted catalog, or committing role DDL).
func (c *Catalog) WithRoles(defs []*RoleDef) *Catalog {
	n := c.clone()
	n.roles = make(map[string]*RoleDef, len(defs))
	for _, d := range defs {
		n.roles[d.Name] = d
		n.nextOID = max(n.nextOID, d.OID+1)
	}
	return n
}

// HasRoleOf reports whether role member is role, or a member of it directly or through
// other roles; with inherit only through memberships whose member inherits (what
// privileges follow), otherwise through any (what SET ROLE allows).
func (c *Catalog) HasRoleOf(member, role types.OID, inherit bool) bool {
	seen := map[types.OID]bool{}
	var walk func(m types.OID) bool
	walk = func(m types.OID) bool {
		if m == role {
			return true
		}
		if seen[m] {
			return false
		}
		seen[m] = true
		r := c.RoleByOID(m)
		if r == nil || inherit && !r.Inherit {
			return false
		}
		for _, g := range r.MemberOf {
			if walk(g.Role) {
				return true
			}
		}
		return false
	}
	return walk(member)
}

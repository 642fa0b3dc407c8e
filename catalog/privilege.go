package catalog

import (
	"strings"

	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// Privileges: whether a role holds privileges on an object of the snapshot, from the
// object's owner and access control list (package acl) and the role's memberships.
// Superusers hold everything; members of pg_read_all_data and pg_write_all_data hold
// reading and writing on every table and usage of every schema.

// aclKind is the acl.Kind of a relation.
func (t *TableDef) aclKind() acl.Kind { return t.ACLKind() }

// ACLKind is the kind of object relation t is to its access control list.
func (t *TableDef) ACLKind() acl.Kind {
	if t.Kind == KindSequence {
		return acl.Sequence
	}
	return acl.Table
}

// Holds reports whether role holds every privilege of want on an object of kind k owned by
// owner whose privileges are l.
func (c *Catalog) Holds(role types.OID, k acl.Kind, owner types.OID, l acl.List, want acl.Priv) bool {
	r := c.RoleByOID(role)
	if r == nil {
		return false
	}
	if r.Superuser {
		return true
	}
	switch k {
	case acl.Table, acl.Sequence, acl.Schema:
		var all acl.Priv
		if c.HasRoleOf(role, readAllData, true) {
			all |= acl.Select | acl.Usage
		}
		if c.HasRoleOf(role, writeAllData, true) {
			all |= acl.Insert | acl.Update | acl.Delete | acl.Usage
		}
		if want&^all == 0 {
			return true
		}
	}
	return l.Holds(k, owner, want, func(g types.OID) bool { return c.HasRoleOf(role, g, true) })
}

const (
	readAllData  types.OID = 6181
	writeAllData types.OID = 6182
)

// TableHolds reports whether role holds want on relation t. Everyone may read the system
// catalogs, except pg_authid, which only superusers may.
func (c *Catalog) TableHolds(role types.OID, t *TableDef, want acl.Priv) bool {
	if t.Virtual {
		if t.Name == "pg_authid" {
			return c.Holds(role, acl.Table, BootstrapRoleOID, acl.List{}, want)
		}
		return want&^acl.Select == 0 || c.Holds(role, acl.Table, BootstrapRoleOID, acl.List{}, want)
	}
	return c.Holds(role, t.aclKind(), t.OwnerOID(), t.ACL, want)
}

// SchemaOwnerOID returns the owner of schema name: pg_database_owner for public, the
// bootstrap superuser for the system schemas and those without a recorded owner.
func (c *Catalog) SchemaOwnerOID(name string) types.OID {
	if name == DefaultSchema {
		return RoleDatabaseOwner
	}
	if d := c.schemas[name]; d != nil {
		if r := c.Role(d.Owner); r != nil {
			return r.OID
		}
	}
	return BootstrapRoleOID
}

// SchemaACL returns the access control list of schema name (nil: the default).
func (c *Catalog) SchemaACL(name string) acl.List {
	switch {
	case name == DefaultSchema:
		if d := c.schemas[name]; d != nil && d.ACL != nil {
			return d.ACL
		}
		return acl.List{{Grantee: RoleDatabaseOwner, Grantor: RoleDatabaseOwner, Privs: acl.Usage | acl.Create},
			{Grantee: acl.Public, Grantor: RoleDatabaseOwner, Privs: acl.Usage}}
	case name == "pg_catalog" || name == "information_schema":
		return acl.List{{Grantee: BootstrapRoleOID, Grantor: BootstrapRoleOID, Privs: acl.Usage | acl.Create},
			{Grantee: acl.Public, Grantor: BootstrapRoleOID, Privs: acl.Usage}}
	case strings.HasPrefix(name, TempSchemaPrefix) || name == "pg_temp":
		return acl.List{{Grantee: acl.Public, Grantor: BootstrapRoleOID, Privs: acl.Usage | acl.Create}}
	}
	if d := c.schemas[name]; d != nil {
		return d.ACL
	}
	return nil
}

// SchemaHolds reports whether role holds want on schema name. The database's owner (the
// bootstrap superuser) is pg_database_owner.
func (c *Catalog) SchemaHolds(role types.OID, name string, want acl.Priv) bool {
	return c.Holds(role, acl.Schema, c.SchemaOwnerOID(name), c.SchemaACL(name), want)
}

// GrantOptionHeld reports whether role may grant want on an object: a superuser, a member
// of its owner, or a holder of the grant option.
func (c *Catalog) GrantOptionHeld(role types.OID, k acl.Kind, owner types.OID, l acl.List, want acl.Priv) bool {
	if r := c.RoleByOID(role); r != nil && r.Superuser || c.HasRoleOf(role, owner, true) {
		return true
	}
	var have acl.Priv
	for _, it := range l.Explicit(k, owner) {
		if it.Grantee == acl.Public || c.HasRoleOf(role, it.Grantee, true) {
			have |= it.GrantOptions
		}
	}
	return have&want == want
}

// ColumnHolds reports whether role holds want on column col (an ordinal) of relation t:
// through the table's privileges or the column's own (attacl).
func (c *Catalog) ColumnHolds(role types.OID, t *TableDef, col int, want acl.Priv) bool {
	if c.TableHolds(role, t, want) {
		return true
	}
	if t.Virtual || col < 0 || col >= len(t.Columns) {
		return false
	}
	return c.Holds(role, acl.Column, t.OwnerOID(), t.Columns[col].ACL, want)
}

// AnyColumnHolds reports whether role holds want on some column of relation t, through
// the table's privileges or a column's own (has_any_column_privilege).
func (c *Catalog) AnyColumnHolds(role types.OID, t *TableDef, want acl.Priv) bool {
	if c.TableHolds(role, t, want) {
		return true
	}
	for i := range t.Columns {
		if t.Columns[i].ACL != nil && c.ColumnHolds(role, t, i, want) {
			return true
		}
	}
	return false
}

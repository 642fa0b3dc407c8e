// Package roles runs the statements that change roles (CREATE, ALTER, DROP ROLE and
// GRANT/REVOKE role) and privileges (GRANT/REVOKE on relations and schemas) in a
// transaction: the planner has decided what each role becomes and
// checked who may do it; this package stores it, giving a role made by CREATE ROLE its OID
// before the members its ROLE and ADMIN clauses name are made members of it.
package roles

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Txn is a transaction that can store and drop roles (package storage's).
type Txn interface {
	Catalog() *catalog.Catalog
	// PutRole stores a role (OID 0: a new one, given its OID) and returns what it stored;
	// a name another role has gives 42710.
	PutRole(def catalog.RoleDef) (*catalog.RoleDef, error)
	// DropRole removes a role.
	DropRole(oid types.OID) error
}

// Apply runs a StmtRoleDDL in txn, which must be a Txn.
func Apply(txn any, st *planner.Statement) error {
	t, ok := txn.(Txn)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold roles")
	}
	for _, r := range st.DropRoles {
		if err := t.DropRole(r.OID); err != nil {
			return err
		}
	}
	for i, def := range st.PutRoles {
		stored, err := t.PutRole(*def)
		if err != nil {
			return err
		}
		if i == 0 && st.NewRoleMembers != nil {
			if err := addMembers(t, stored, st.NewRoleMembers); err != nil {
				return err
			}
		}
	}
	return nil
}

// addMembers makes CREATE ROLE's ROLE and ADMIN roles members of the new role.
func addMembers(t Txn, role *catalog.RoleDef, m *planner.RoleMembers) error {
	add := func(members []*catalog.RoleDef, admin bool) error {
		for _, member := range members {
			cur := t.Catalog().RoleByOID(member.OID)
			def := *cur
			def.MemberOf = append(append([]catalog.RoleGrant(nil), cur.MemberOf...),
				catalog.RoleGrant{Role: role.OID, Grantor: m.Grantor, Admin: admin})
			if _, err := t.PutRole(def); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(m.Members, false); err != nil {
		return err
	}
	return add(m.Admins, true)
}

// GrantTxn is a transaction that can change relations' and schemas' access control lists
// and comments.
type GrantTxn interface {
	// AlterTable replaces a relation's definition; src maps its columns to the current ones.
	AlterTable(def catalog.TableDef, src []int) error
	// UpdateSchema replaces a schema's access control list and comment.
	UpdateSchema(def catalog.SchemaDef) error
}

// Grant runs a StmtGrant (GRANT, REVOKE, COMMENT ON) in txn, which must be a GrantTxn: each
// relation and schema named takes its new access control list and comment.
func Grant(txn any, st *planner.Statement) error {
	t, ok := txn.(GrantTxn)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold privileges")
	}
	for _, def := range st.Regrants {
		same := make([]int, len(def.Columns))
		for i := range same {
			same[i] = i
		}
		if err := t.AlterTable(*def, same); err != nil {
			return err
		}
	}
	for _, d := range st.SchemaGrants {
		if err := t.UpdateSchema(*d); err != nil {
			return err
		}
	}
	return nil
}

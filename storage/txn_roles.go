package storage

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Roles (CREATE, ALTER and DROP ROLE, GRANT role TO role) are catalog objects without rows,
// committed like schemas: the transaction's changes are rebased onto the latest version at
// commit. A role changed or dropped by a concurrent commit since the snapshot fails with
// 40001, a name a concurrent commit took with 42710.

// roleChange is what a transaction did to one role: the definition its snapshot stored
// (nil for a role created here, or a built-in one altered for the first time) and the one
// it leaves (nil for a role dropped here).
type roleChange struct {
	base, cur *catalog.RoleDef
}

// PutRole stores def, a new role when its OID is 0 (the OID is assigned) or the new
// definition of an existing one, and returns the stored definition. A name another role
// has gives 42710.
func (t *Txn) PutRole(def catalog.RoleDef) (*catalog.RoleDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if other := t.cat.Role(def.Name); other != nil && other.OID != def.OID {
		return nil, duplicateRole(def.Name)
	}
	if t.s.opts.roles != nil {
		return t.putSharedRole(def)
	}
	if def.OID == 0 {
		def.OID = t.s.allocOIDs(1)
	}
	t.putRole(def.OID, &def)
	return &def, nil
}

// DropRole removes role oid; the caller has checked that nothing depends on it.
func (t *Txn) DropRole(oid types.OID) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if t.s.opts.roles != nil {
		return t.dropSharedRole(oid)
	}
	t.putRole(oid, nil)
	return nil
}

// putRole makes cur the transaction's role oid (nil: none).
func (t *Txn) putRole(oid types.OID, cur *catalog.RoleDef) {
	if t.roles == nil {
		t.roles = map[types.OID]*roleChange{}
	}
	c := t.roles[oid]
	if c == nil {
		c = &roleChange{base: storedRole(t.cat, oid)}
		t.roles[oid] = c
	}
	c.cur = cur
	roles := []*catalog.RoleDef{}
	for _, r := range t.cat.StoredRoles() {
		if r.OID != oid {
			roles = append(roles, r)
		}
	}
	if cur != nil {
		roles = append(roles, cur)
	}
	t.cat = t.cat.WithRoles(roles)
}

// storedRole returns the stored definition of role oid in cat, or nil.
func storedRole(cat *catalog.Catalog, oid types.OID) *catalog.RoleDef {
	for _, r := range cat.StoredRoles() {
		if r.OID == oid {
			return r
		}
	}
	return nil
}

// validateRoles checks the transaction's role changes against latest.
func (t *Txn) validateRoles(latest *version) error {
	for oid, c := range t.roles {
		if storedRole(latest.cat, oid) != c.base {
			return concurrentUpdate()
		}
		if c.cur == nil || c.base != nil && c.cur.Name == c.base.Name {
			continue
		}
		if other := latest.cat.Role(c.cur.Name); other != nil && other.OID != oid {
			if oc := t.roles[other.OID]; oc == nil || oc.cur != nil && oc.cur.Name == other.Name {
				return duplicateRole(c.cur.Name)
			}
		}
	}
	return nil
}

// committedRoles returns latest's stored roles with the transaction's changes applied.
func (t *Txn) committedRoles(latest *version) []*catalog.RoleDef {
	out := []*catalog.RoleDef{}
	for _, r := range latest.cat.StoredRoles() {
		if t.roles[r.OID] == nil {
			out = append(out, r)
		}
	}
	for _, c := range t.roles {
		if c.cur != nil {
			out = append(out, c.cur)
		}
	}
	return out
}

func duplicateRole(name string) error {
	return pgerror.Newf(pgcode.DuplicateObject, "role \"%s\" already exists", name)
}

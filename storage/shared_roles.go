package storage

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Shared roles. Roles are cluster-wide in PostgreSQL: every database of a data directory
// sees the same ones. A cluster keeps them in one store (its first database's, where they
// always were) and opens the stores of its other databases WithSharedRoles of it: their
// transactions see that store's latest roles in their catalog, and their role changes go to
// a transaction of that store (roleTxn), committed just before their own. The two commits
// are not atomic together: a role change survives a failure of the rest of its
// transaction's commit, and rolling back to a savepoint does not undo it.

// WithSharedRoles makes the store's roles those of roles, another open store, which must
// stay open while this one is.
func WithSharedRoles(roles *Store) Option { return func(o *options) { o.roles = roles } }

// withSharedRoles returns cat with the roles of the store keeping them, when another. The
// result is the same catalog as long as neither cat nor those roles changed, so that the
// session's caches keyed by catalog (plans bound against one) keep working.
func (s *Store) withSharedRoles(cat *catalog.Catalog) *catalog.Catalog {
	if s.opts.roles == nil {
		return cat
	}
	roles := s.opts.roles.cur.Load().cat
	if o := s.overlay.Load(); o != nil && o.base == cat && o.roles == roles {
		return o.out
	}
	o := &rolesOverlay{base: cat, roles: roles, out: cat.WithRoles(roles.StoredRoles())}
	s.overlay.Store(o)
	return o.out
}

// rolesOverlay is the latest catalog withSharedRoles made: base with the roles of the
// catalog roles.
type rolesOverlay struct {
	base, roles, out *catalog.Catalog
}

// sharedRoleTxn returns the transaction of the store keeping the roles that holds this
// one's role changes, beginning it on first use.
func (t *Txn) sharedRoleTxn() *Txn {
	if t.roleTxn == nil {
		t.roleTxn = t.s.opts.roles.Begin()
	}
	return t.roleTxn
}

// putSharedRole is PutRole in a store whose roles another store keeps.
func (t *Txn) putSharedRole(def catalog.RoleDef) (*catalog.RoleDef, error) {
	rt := t.sharedRoleTxn()
	out, err := rt.PutRole(def)
	if err != nil {
		return nil, err
	}
	t.cat = t.cat.WithRoles(rt.cat.StoredRoles())
	return out, nil
}

// dropSharedRole is DropRole in a store whose roles another store keeps.
func (t *Txn) dropSharedRole(oid types.OID) error {
	rt := t.sharedRoleTxn()
	if err := rt.DropRole(oid); err != nil {
		return err
	}
	t.cat = t.cat.WithRoles(rt.cat.StoredRoles())
	return nil
}

// commitRoles commits the transaction's role changes kept by another store, if any.
func (t *Txn) commitRoles() error {
	if t.roleTxn == nil {
		return nil
	}
	rt := t.roleTxn
	t.roleTxn = nil
	return rt.Commit()
}

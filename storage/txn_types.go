package storage

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// User-defined types (CREATE TYPE ... AS ENUM, CREATE DOMAIN) are catalog objects without
// rows: a transaction changes them in its catalog, and commit rebases the changes onto the
// latest version like table DDL. A type changed or dropped by a concurrent commit since the
// snapshot fails with 40001; creating a name a concurrent commit took fails with 42710.
// Enum values added in a transaction are marked Uncommitted in its catalog (PostgreSQL
// refuses to use them before commit) and lose the mark when committed.

// typeChange is what a transaction did to one type: the definition its snapshot had (nil
// for a type created here) and the one it leaves (nil for a type dropped here).
type typeChange struct {
	base, cur *catalog.TypeDef
}

// allocOIDs hands out n consecutive OIDs from the store-wide counter, above every user type
// OID registered in the process (see types.NextUserOID), so that no two stores a process
// opens give one OID to two types.
func (s *Store) allocOIDs(n uint32) types.OID {
	for {
		cur := s.nextOID.Load()
		first := max(cur, uint32(types.NextUserOID()))
		if s.nextOID.CompareAndSwap(cur, first+n) {
			return types.OID(first)
		}
	}
}

// CreateType adds a user-defined type and returns its stored definition. Its OID, its array
// type's and those of its enum labels are assigned here: the array type first, then the
// type, then the labels in order, as PostgreSQL allocates them. A name taken by a type or
// relation gives 42710.
func (t *Txn) CreateType(def catalog.TypeDef) (*catalog.TypeDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if def.Schema == "" {
		def.Schema = catalog.DefaultSchema
	}
	if t.cat.TypeNameTaken(def.Schema, def.Name) {
		return nil, duplicateType(def.Name)
	}
	first := t.s.allocOIDs(uint32(2 + len(def.Labels)))
	def.ArrayOID, def.OID = first, first+1
	def.Labels = slices.Clone(def.Labels)
	for i := range def.Labels {
		def.Labels[i].OID = first + 2 + types.OID(i)
	}
	if def.Kind == types.KindComposite {
		def.RelOID = t.s.allocOIDs(1)
	}
	t.assignCheckOIDs(&def)
	return t.putType(def, nil)
}

// assignCheckOIDs gives a domain's new CHECK constraints (OID 0) their pg_constraint OIDs.
func (t *Txn) assignCheckOIDs(def *catalog.TypeDef) {
	if def.Domain == nil {
		return
	}
	dom := *def.Domain
	dom.Checks = slices.Clone(dom.Checks)
	for i := range dom.Checks {
		if dom.Checks[i].OID == 0 {
			dom.Checks[i].OID = t.s.allocOIDs(1)
		}
	}
	def.Domain = &dom
}

// AlterType replaces the definition of type def.OID (a rename, added or renamed enum
// values). Enum labels with OID 0 are new: they get OIDs and are marked Uncommitted.
func (t *Txn) AlterType(def catalog.TypeDef) (*catalog.TypeDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	old := t.cat.TypeByOID(def.OID)
	if old == nil {
		return nil, undefinedType(def.OID)
	}
	if def.QualifiedName() != old.QualifiedName() && t.cat.TypeNameTaken(def.Schema, def.Name) {
		return nil, duplicateType(def.Name)
	}
	def.Labels = slices.Clone(def.Labels)
	for i := range def.Labels {
		if def.Labels[i].OID == 0 {
			def.Labels[i].OID = t.s.allocOIDs(1)
			def.Labels[i].Uncommitted = true
		}
	}
	t.assignCheckOIDs(&def)
	if def.Kind == types.KindComposite && !slices.Equal(def.Fields, old.Fields) {
		return t.replaceComposite(def, old)
	}
	return t.putType(def, old)
}

// replaceComposite gives composite type old the attributes of def as a type of new OIDs
// (its array type's first), since the structure registered for an OID never changes. The
// caller has checked that nothing stores the old type's values.
func (t *Txn) replaceComposite(def catalog.TypeDef, old *catalog.TypeDef) (*catalog.TypeDef, error) {
	t.cat = t.cat.WithoutType(old.OID)
	t.noteType(old.OID, old, nil)
	first := t.s.allocOIDs(2)
	def.ArrayOID, def.OID = first, first+1
	return t.putType(def, nil)
}

// DropType removes type oid. Callers check dependencies first (catalog.TypeDependents);
// commit checks them again against concurrent commits.
func (t *Txn) DropType(oid types.OID) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	old := t.cat.TypeByOID(oid)
	if old == nil {
		return undefinedType(oid)
	}
	t.cat = t.cat.WithoutType(oid)
	t.noteType(oid, old, nil)
	return nil
}

// putType publishes def in the transaction's catalog, replacing old.
func (t *Txn) putType(def catalog.TypeDef, old *catalog.TypeDef) (*catalog.TypeDef, error) {
	cat, stored, err := t.cat.WithType(def)
	if err != nil {
		return nil, pgerror.Wrapf(err, pgcode.InternalError, "storage")
	}
	t.cat = cat
	t.noteType(stored.OID, old, stored)
	return stored, nil
}

// noteType records a change of type oid from prev (as the transaction saw it) to cur.
func (t *Txn) noteType(oid types.OID, prev, cur *catalog.TypeDef) {
	if t.types == nil {
		t.types = map[types.OID]*typeChange{}
	}
	if c := t.types[oid]; c != nil {
		c.cur = cur
		if c.base == nil && cur == nil {
			delete(t.types, oid) // created and dropped here: nothing to commit
		}
		return
	}
	t.types[oid] = &typeChange{base: prev, cur: cur}
}

// validateTypes checks the transaction's type changes against latest.
func (t *Txn) validateTypes(latest *version) error {
	for _, c := range t.types {
		if c.base != nil {
			if latest.cat.TypeByOID(c.base.OID) != c.base {
				return concurrentUpdate()
			}
		}
		if c.cur == nil || (c.base != nil && c.cur.QualifiedName() == c.base.QualifiedName()) {
			continue
		}
		if t.cat.RowTypeRelation(c.cur) != nil {
			continue // a relation's row type: the relation's name is checked, with its message
		}
		if other := latest.cat.Type(c.cur.Schema, c.cur.Name); other != nil && other.OID != c.cur.OID && !t.dropsType(other.OID) {
			return duplicateType(c.cur.Name)
		}
		if other := latest.cat.Table(c.cur.Schema, c.cur.Name); other != nil && t.dropped[other.OID] == nil {
			return duplicateType(c.cur.Name)
		}
	}
	return nil
}

func (t *Txn) dropsType(oid types.OID) bool {
	c := t.types[oid]
	return c != nil && c.cur == nil
}

// committedTypes returns latest's types with the transaction's changes applied, enum values
// added here no longer marked Uncommitted.
func (t *Txn) committedTypes(latest *version) []*catalog.TypeDef {
	out := latest.cat.Types()
	if len(t.types) == 0 {
		return out
	}
	out = slices.DeleteFunc(out, func(d *catalog.TypeDef) bool { return t.types[d.OID] != nil })
	for _, c := range t.types {
		if c.cur == nil {
			continue
		}
		out = append(out, c.cur.Committed())
	}
	return out
}

// checkTypeUses verifies that every column of the committing catalog has a type it holds,
// which a concurrent DROP TYPE could have removed.
func checkTypeUses(cat *catalog.Catalog) error {
	for _, tbl := range cat.Tables() {
		for _, c := range tbl.Columns {
			if c.Type.OID < catalog.FirstUserOID {
				continue
			}
			if cat.TypeByOID(c.Type.OID) == nil && cat.ArrayElem(c.Type.OID) == nil {
				return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update").
					WithDetail("Column \"" + c.Name + "\" of relation \"" + tbl.Name + "\" has a type a concurrent transaction dropped.")
			}
		}
	}
	return nil
}

func undefinedType(oid types.OID) error {
	return pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", oid)
}

func duplicateType(name string) *pgerror.Error {
	return pgerror.Newf(pgcode.DuplicateObject, "type \"%s\" already exists", name)
}

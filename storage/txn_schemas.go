package storage

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Schemas (CREATE SCHEMA, DROP SCHEMA) are catalog objects without rows, committed like
// types: the transaction's changes are rebased onto the latest version at commit. A schema
// dropped or renamed by a concurrent commit since the snapshot fails with 40001, a name a
// concurrent commit took with 42P06, and a commit that would leave a relation or type in a
// schema that no longer exists (a concurrent CREATE TABLE in a schema dropped here, or the
// reverse) with 40001.

// schemaChange is what a transaction did to one schema: the definition its snapshot had
// (nil for a schema created here) and the one it leaves (nil for a schema dropped here).
type schemaChange struct {
	base, cur *catalog.SchemaDef
}

// CreateSchema adds a schema owned by owner and returns its stored definition. A taken
// name gives 42P06.
func (t *Txn) CreateSchema(name, owner string) (*catalog.SchemaDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if t.cat.SchemaExists(name) {
		return nil, duplicateSchema(name)
	}
	def := catalog.SchemaDef{OID: t.s.allocOIDs(1), Name: name, Owner: owner}
	t.cat = t.cat.WithSchema(def)
	stored := t.cat.Schema(name)
	t.noteSchema(stored.OID, nil, stored)
	return stored, nil
}

// RenameSchema gives schema oid a new name; the relations and types in it move with it.
func (t *Txn) RenameSchema(oid types.OID, name string) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	old := t.cat.SchemaByOID(oid)
	if old == nil {
		return undefinedSchema(oid)
	}
	if t.cat.SchemaExists(name) {
		return duplicateSchema(name)
	}
	rels, typs := t.cat.InSchema(old.Name)
	funcs := t.cat.FunctionsInSchema(old.Name)
	def := *old
	def.Name = name
	t.cat = t.cat.WithSchema(def)
	t.noteSchema(oid, old, t.cat.Schema(name))
	for _, r := range rels {
		t.table(r).altered = true // commit takes the moved definition
	}
	for _, d := range typs {
		t.noteType(d.OID, d, t.cat.TypeByOID(d.OID))
	}
	for _, f := range funcs {
		t.noteFunc(f.OID, f, t.cat.Function(f.OID))
	}
	return nil
}

// UpdateSchema replaces the owner, privileges and comment of schema def.OID (ALTER SCHEMA
// OWNER TO, GRANT, REVOKE, COMMENT ON SCHEMA) with def's; its name stays.
func (t *Txn) UpdateSchema(def catalog.SchemaDef) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	oid := def.OID
	old := t.cat.SchemaByOID(oid)
	if old == nil && oid == catalog.PublicSchemaOID {
		// public is kept once its privileges change from the defaults.
		t.cat = t.cat.WithSchema(def)
		t.noteSchema(oid, nil, t.cat.SchemaByOID(oid))
		return nil
	}
	if old == nil {
		return undefinedSchema(oid)
	}
	def.Name = old.Name
	t.cat = t.cat.WithSchema(def)
	t.noteSchema(oid, old, t.cat.SchemaByOID(oid))
	return nil
}

// DropSchema removes schema oid. The caller has dropped what it held.
func (t *Txn) DropSchema(oid types.OID) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	old := t.cat.SchemaByOID(oid)
	if old == nil {
		return undefinedSchema(oid)
	}
	t.cat = t.cat.WithoutSchema(old.Name)
	t.noteSchema(oid, old, nil)
	return nil
}

// noteSchema records a change of schema oid from prev (as the transaction saw it) to cur.
func (t *Txn) noteSchema(oid types.OID, prev, cur *catalog.SchemaDef) {
	if t.schemas == nil {
		t.schemas = map[types.OID]*schemaChange{}
	}
	if c := t.schemas[oid]; c != nil {
		c.cur = cur
		if c.base == nil && cur == nil {
			delete(t.schemas, oid) // created and dropped here: nothing to commit
		}
		return
	}
	t.schemas[oid] = &schemaChange{base: prev, cur: cur}
}

// validateSchemas checks the transaction's schema changes against latest.
func (t *Txn) validateSchemas(latest *version) error {
	for _, c := range t.schemas {
		if c.base != nil && latest.cat.SchemaByOID(c.base.OID) != c.base {
			return concurrentUpdate()
		}
		if c.cur == nil || (c.base != nil && c.cur.Name == c.base.Name) {
			continue
		}
		if other := latest.cat.Schema(c.cur.Name); other != nil && !t.dropsSchema(other.OID) {
			return duplicateSchema(c.cur.Name)
		}
	}
	return nil
}

func (t *Txn) dropsSchema(oid types.OID) bool {
	c := t.schemas[oid]
	return c != nil && c.cur == nil
}

// committedSchemas returns latest's schemas with the transaction's changes applied.
func (t *Txn) committedSchemas(latest *version) []*catalog.SchemaDef {
	out := latest.cat.Schemas()
	if len(t.schemas) == 0 {
		return out
	}
	kept := out[:0:0]
	for _, d := range out {
		if t.schemas[d.OID] == nil {
			kept = append(kept, d)
		}
	}
	for _, c := range t.schemas {
		if c.cur != nil {
			kept = append(kept, c.cur)
		}
	}
	return kept
}

// checkSchemaUses verifies that every relation and type of the committing catalog is in a
// schema it holds, which a concurrent DROP SCHEMA could have removed.
func checkSchemaUses(cat *catalog.Catalog) error {
	for _, tbl := range cat.Tables() {
		if !cat.SchemaExists(tbl.Schema) {
			return schemaGone(tbl.Name, tbl.Schema)
		}
	}
	for _, d := range cat.Types() {
		if !cat.SchemaExists(d.Schema) {
			return schemaGone(d.Name, d.Schema)
		}
	}
	return nil
}

func schemaGone(obj, schema string) error {
	return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update").
		WithDetail("Schema \"" + schema + "\" of \"" + obj + "\" was dropped by a concurrent transaction.")
}

func undefinedSchema(oid types.OID) error {
	return pgerror.Newf(pgcode.UndefinedSchema, "schema with OID %d does not exist", oid)
}

func duplicateSchema(name string) *pgerror.Error {
	return pgerror.Newf(pgcode.DuplicateSchema, "schema \"%s\" already exists", name)
}

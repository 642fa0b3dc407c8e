package storage

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Txn is a transaction: a snapshot of the database plus the changes made in it, which become
// durable and visible to other transactions atomically at Commit. Its method set is that of
// executor.Txn.
//
// A Txn is used by one goroutine at a time. The records it returns are immutable and shared
// with other transactions: callers must not Release them, and Retain them to keep them past
// the transaction.
type Txn struct {
	s    *Store
	base *version         // the snapshot
	cat  *catalog.Catalog // base.cat with this txn's DDL applied

	created []types.OID                     // tables created here, in creation order
	dropped map[types.OID]*catalog.TableDef // base tables dropped here
	pending map[types.OID]*pendingRows      // rows inserted here
	schemas map[types.OID]*arrow.Schema     // Arrow schemas of tables created here
	done    bool
}

// pendingRows are the rows a transaction inserted into one table, as records of at most
// BatchRows rows with the table's schema, in insertion order.
type pendingRows struct {
	recs []arrow.Record
	rows int64
}

// Catalog returns the catalog as this transaction sees it, its own DDL included.
func (t *Txn) Catalog() *catalog.Catalog { return t.cat }

// Batches returns the rows of table oid as this transaction sees them: the snapshot's rows
// followed by the ones it inserted. The slice is the caller's; the records are shared.
func (t *Txn) Batches(oid types.OID) ([]arrow.Record, error) {
	if t.cat.TableByOID(oid) == nil {
		return nil, undefinedTable(oid)
	}
	var committed []arrow.Record
	if td := t.base.tables[oid]; td != nil {
		committed = td.batches
	}
	p := t.pending[oid]
	if p == nil {
		return slices.Clip(committed), nil
	}
	out := make([]arrow.Record, 0, len(committed)+len(p.recs))
	return append(append(out, committed...), p.recs...), nil
}

// Insert appends the rows of rec to table oid. rec must have the table's column types; the
// rows are kept with the table's own schema. Insert retains what it keeps.
func (t *Txn) Insert(oid types.OID, rec arrow.Record) error {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return undefinedTable(oid)
	}
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: insert into a finished transaction")
	}
	schema := t.schemaOf(def)
	if err := checkRecord(def, schema, rec); err != nil {
		return err
	}
	n := rec.NumRows()
	if n == 0 {
		return nil
	}
	if t.pending == nil {
		t.pending = map[types.OID]*pendingRows{}
	}
	p := t.pending[oid]
	if p == nil {
		p = &pendingRows{}
		t.pending[oid] = p
	}
	whole := array.NewRecord(schema, rec.Columns(), n) // retains the columns
	if n <= BatchRows {
		p.recs = append(p.recs, whole)
	} else {
		for off := int64(0); off < n; off += BatchRows {
			p.recs = append(p.recs, whole.NewSlice(off, min(off+BatchRows, n)))
		}
		whole.Release()
	}
	p.rows += n
	return nil
}

// CreateTable adds a table and returns its stored definition. A def with OID 0 gets a fresh
// OID; OIDs are unique across the whole store, so concurrent transactions never hand out the
// same one. A table of the same name gives SQLSTATE 42P07.
func (t *Txn) CreateTable(def catalog.TableDef) (*catalog.TableDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if def.Schema == "" {
		def.Schema = catalog.DefaultSchema
	}
	if t.cat.Table(def.Schema, def.Name) != nil {
		return nil, duplicateTable(def.Name)
	}
	if err := checkColumns(def.Columns); err != nil {
		return nil, err
	}
	if def.OID == 0 {
		def.OID = types.OID(t.s.nextOID.Add(1) - 1)
	} else if t.cat.TableByOID(def.OID) != nil {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "relation with OID %d already exists", def.OID)
	} else {
		t.s.bumpOID(def.OID)
	}
	def.Columns = slices.Clone(def.Columns)
	cat, stored := t.cat.WithTable(def)
	t.cat = cat
	t.created = append(t.created, stored.OID)
	if t.schemas == nil {
		t.schemas = map[types.OID]*arrow.Schema{}
	}
	t.schemas[stored.OID] = stored.ArrowSchema()
	return stored, nil
}

// DropTable removes table oid and its rows.
func (t *Txn) DropTable(oid types.OID) error {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return undefinedTable(oid)
	}
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	t.cat = t.cat.WithoutTable(oid)
	t.dropPending(oid)
	if i := slices.Index(t.created, oid); i >= 0 {
		t.created = slices.Delete(t.created, i, i+1)
		delete(t.schemas, oid)
		return nil
	}
	if t.dropped == nil {
		t.dropped = map[types.OID]*catalog.TableDef{}
	}
	t.dropped[oid] = def
	return nil
}

// Rollback discards the transaction's changes. It is a no-op on a finished transaction.
func (t *Txn) Rollback() {
	t.finish()
}

// finish ends the transaction and releases the rows it buffered. Reads keep working on the
// snapshot, so a caller still draining a scan is not cut off.
func (t *Txn) finish() {
	if t.done {
		return
	}
	t.done = true
	for oid := range t.pending {
		t.dropPending(oid)
	}
	t.cat = t.base.cat
	t.created, t.dropped, t.schemas = nil, nil, nil
}

func (t *Txn) dropPending(oid types.OID) {
	if p := t.pending[oid]; p != nil {
		for _, r := range p.recs {
			r.Release()
		}
		delete(t.pending, oid)
	}
}

// readOnly reports whether committing would change nothing.
func (t *Txn) readOnly() bool {
	return len(t.created) == 0 && len(t.dropped) == 0 && len(t.pending) == 0
}

func (t *Txn) schemaOf(def *catalog.TableDef) *arrow.Schema {
	if sc := t.schemas[def.OID]; sc != nil {
		return sc
	}
	if td := t.base.tables[def.OID]; td != nil {
		return td.schema
	}
	return def.ArrowSchema()
}

func (s *Store) bumpOID(oid types.OID) {
	for {
		cur := s.nextOID.Load()
		if uint32(oid) < cur || s.nextOID.CompareAndSwap(cur, uint32(oid)+1) {
			return
		}
	}
}

// checkRecord verifies rec can be stored in def: the column types must match exactly, since
// storage keeps the arrays as they are, and NOT NULL columns must hold no NULLs, since their
// Parquet columns cannot represent one.
func checkRecord(def *catalog.TableDef, schema *arrow.Schema, rec arrow.Record) error {
	if int(rec.NumCols()) != len(def.Columns) {
		return pgerror.Newf(pgcode.InternalError, "storage: record for %s has %d columns, table has %d",
			def.QualifiedName(), rec.NumCols(), len(def.Columns))
	}
	for i, c := range def.Columns {
		col := rec.Column(i)
		if want := schema.Field(i).Type; !arrow.TypeEqual(col.DataType(), want) {
			return pgerror.Newf(pgcode.InternalError, "storage: column %q of %s is %s, record holds %s",
				c.Name, def.QualifiedName(), want, col.DataType())
		}
		if c.NotNull && col.NullN() > 0 {
			return pgerror.Newf(pgcode.NotNullViolation,
				"null value in column %q of relation %q violates not-null constraint", c.Name, def.Name)
		}
	}
	return nil
}

// checkColumns rejects column lists storage could not persist and reload: every type must
// be a known, storable one, and names must be unique.
func checkColumns(cols []catalog.Column) error {
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if seen[c.Name] {
			return pgerror.Newf(pgcode.DuplicateColumn, "column %q specified more than once", c.Name)
		}
		seen[c.Name] = true
		typ := c.Type.Type()
		switch {
		case typ == nil:
			return pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", c.Type.OID)
		case typ.Category == types.CatPseudo:
			return pgerror.Newf(pgcode.InvalidTableDefinition, "column %q has pseudo-type %s", c.Name, typ.SQLName)
		}
	}
	return nil
}

func undefinedTable(oid types.OID) error {
	return pgerror.Newf(pgcode.UndefinedTable, "relation with OID %d does not exist", oid)
}

func duplicateTable(name string) error {
	return pgerror.Newf(pgcode.DuplicateTable, "relation %q already exists", name)
}

package storage

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
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
	// baseCat is base.cat as the transaction sees it: with the shared roles of a store
	// whose roles another keeps (shared_roles.go), else base.cat itself. t.cat differs
	// from it once the transaction made DDL.
	baseCat *catalog.Catalog

	created []types.OID                     // tables created here, in creation order
	dropped map[types.OID]*catalog.TableDef // base tables dropped here
	tables  map[types.OID]*txnTable         // tables created, written or altered here
	types   map[types.OID]*typeChange       // user types created, altered or dropped here
	servers map[string]*serverChange        // foreign servers created or dropped here
	schemas map[types.OID]*schemaChange     // schemas created, renamed or dropped here
	roles   map[types.OID]*roleChange       // roles created, altered or dropped here
	funcs   map[types.OID]*funcChange       // functions created, replaced or dropped here
	// roleTxn, in a store whose roles another store keeps (WithSharedRoles), is the
	// transaction of that store that holds this one's role changes (shared_roles.go).
	roleTxn *Txn
	done    bool
	// undurable is the newest version the transaction read that may not be durable yet
	// (RecheckSnapshot), 0 when none: AwaitReads waits for it.
	undurable uint64
	// spilledFiles are the files the transaction wrote before commit (spill.go), which are
	// deleted unless the commit keeps them.
	spilledFiles []string
	// keyWaiter locks the new keys the transaction inserts into unique indexes, keyLocks
	// counts them; arbiters are the arbiter indexes of the running INSERT ... ON CONFLICT
	// (keywait.go).
	keyWaiter KeyWaiter
	keyLocks  int
	arbiters  []types.OID
	// reads is what a SERIALIZABLE transaction read, nil for the other levels; lost is set
	// when write sets it would be validated against are gone (ssi.go).
	reads readSet
	lost  bool
}

// txnTable is what a transaction changed in one table: the rows it inserted and deleted,
// a truncation, a new definition. Rows it inserted and then deleted stay in pending, marked
// in pendDels, so that row identifiers never shift.
type txnTable struct {
	base      *tableData    // the snapshot's table; nil for a table created here
	schema    *arrow.Schema // the table's Arrow schema as this transaction sees it
	colIDs    []uint32
	nextColID uint32
	// colMap maps the current columns to the snapshot's (-1: added here); nil while the
	// definition is the snapshot's.
	colMap    []int
	altered   bool           // the definition changed (ALTER TABLE)
	truncated bool           // every snapshot row is gone
	dels      map[int]delVec // snapshot rows deleted here, by segment index
	pending   []arrow.Record // rows inserted here, records of at most BatchRows rows
	pendRows  int64
	// spilled are segment files already holding the first spilledRows inserted rows, which
	// pending then follows (spill.go).
	spilled     []*segment
	spilledRows int64
	pendDels    delVec // pending rows deleted again
	pendGone    int64
	view        []arrow.Record // cached visible rows, nil when stale
	// keys indexes the pending rows' keys of the table's unique indexes (unique.go).
	keys txnKeys
	// pendSketch summarises the first pendSketched records of pending (stats.go).
	pendSketch   []stats.Sketch
	pendSketched int
}

func (tt *txnTable) deletes() bool { return len(tt.dels) > 0 }

// baseSegments returns the snapshot segments still visible to the transaction.
func (tt *txnTable) baseSegments() []*segment {
	if tt.base == nil || tt.truncated {
		return nil
	}
	return tt.base.segments
}

// pendingSeg is the segment number of pending rows in row identifiers.
func (tt *txnTable) pendingSeg() int {
	if tt.base == nil {
		return 0
	}
	return len(tt.base.segments)
}

// table returns the transaction's state for table oid, creating it on first change.
func (t *Txn) table(def *catalog.TableDef) *txnTable {
	if tt := t.tables[def.OID]; tt != nil {
		return tt
	}
	if t.tables == nil {
		t.tables = map[types.OID]*txnTable{}
	}
	td := t.base.tables[def.OID]
	tt := &txnTable{base: td, schema: td.schema, colIDs: td.colIDs, nextColID: td.nextColID}
	t.tables[def.OID] = tt
	return tt
}

// Catalog returns the catalog as this transaction sees it, its own DDL included.
func (t *Txn) Catalog() *catalog.Catalog { return t.cat }

// Batches returns the rows of table oid as this transaction sees them: the snapshot's rows
// without those it deleted, followed by the ones it inserted, all read at once (scans read
// morsels as they go instead: Scan). The slice is the caller's; the records are shared.
func (t *Txn) Batches(oid types.OID) ([]arrow.Record, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	tt := t.tables[oid]
	if tt != nil && tt.view != nil {
		return slices.Clip(tt.view), nil
	}
	ts, err := t.Scan(oid, allColumnsOf(len(def.Columns)), false, nil)
	if err != nil {
		return nil, err
	}
	recs, _, err := ts.all()
	if err != nil {
		return nil, err
	}
	if tt != nil {
		tt.view = recs
	}
	return slices.Clip(recs), nil
}

// RowIDBatches returns what Batches returns and, for each record, an array of the
// identifiers of its rows, which Delete accepts for the rest of the transaction.
func (t *Txn) RowIDBatches(oid types.OID) ([]arrow.Record, []*array.Int64, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, nil, undefinedTable(oid)
	}
	ts, err := t.Scan(oid, allColumnsOf(len(def.Columns)), true, nil)
	if err != nil {
		return nil, nil, err
	}
	return ts.all()
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
	tt := t.table(def)
	if err := t.checkUnique(def, tt, rec, tt.pendRows); err != nil {
		return err
	}
	whole := types.NewRecord(schema, rec.Columns(), n) // retains the columns (checkRecord checked their types)
	if n <= BatchRows {
		tt.pending = append(tt.pending, whole)
	} else {
		for off := int64(0); off < n; off += BatchRows {
			tt.pending = append(tt.pending, whole.NewSlice(off, min(off+BatchRows, n)))
		}
		whole.Release()
	}
	tt.pendRows += n
	tt.view = nil
	return t.spillIfLarge(oid, tt)
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
	if t.cat.Type(def.Schema, def.Name) != nil {
		return nil, duplicateType(def.Name).WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
	}
	if err := checkColumns(def.Columns); err != nil {
		return nil, err
	}
	if def.OID == 0 {
		def.OID = t.s.allocOIDs(1)
	} else if t.cat.TableByOID(def.OID) != nil {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "relation with OID %d already exists", def.OID)
	} else {
		t.s.bumpOID(def.OID)
	}
	def.Columns = slices.Clone(def.Columns)
	def.Indexes = t.assignIndexOIDs(def.Indexes)
	def.Checks = t.assignConstraintOIDs(def.Checks)
	def.ForeignKeys = t.assignForeignKeyOIDs(def.ForeignKeys, def.OID)
	cat, stored := t.cat.WithTable(def)
	t.cat = cat
	if err := t.createRowType(stored); err != nil {
		return nil, err
	}
	t.created = append(t.created, stored.OID)
	if t.tables == nil {
		t.tables = map[types.OID]*txnTable{}
	}
	ids, next := initialColIDs(len(stored.Columns))
	t.tables[stored.OID] = &txnTable{schema: stored.ArrowSchema(), colIDs: ids, nextColID: next}
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
	t.dropRowType(oid)
	t.cat = t.cat.WithoutTable(oid)
	t.dropState(oid)
	if i := slices.Index(t.created, oid); i >= 0 {
		t.created = slices.Delete(t.created, i, i+1)
		return nil
	}
	if t.dropped == nil {
		t.dropped = map[types.OID]*catalog.TableDef{}
	}
	t.dropped[oid] = t.base.tables[oid].def
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
	if t.roleTxn != nil {
		t.roleTxn.Rollback()
	}
	for oid := range t.tables {
		t.dropState(oid)
	}
	t.cat = t.baseCat
	t.created, t.dropped, t.types, t.schemas, t.roles, t.funcs = nil, nil, nil, nil, nil, nil
	t.removeSpilled(nil)
	t.endSerializable()
	t.s.unsnapshot(t.base.seq)
}

func (t *Txn) dropState(oid types.OID) {
	if tt := t.tables[oid]; tt != nil {
		releaseAll(tt.pending)
		delete(t.tables, oid)
	}
}

// readOnly reports whether committing would change nothing.
func (t *Txn) readOnly() bool {
	return len(t.created) == 0 && len(t.dropped) == 0 && len(t.tables) == 0 && len(t.types) == 0 && len(t.servers) == 0 && len(t.schemas) == 0 && len(t.roles) == 0 &&
		len(t.funcs) == 0
}

func (t *Txn) schemaOf(def *catalog.TableDef) *arrow.Schema {
	if tt := t.tables[def.OID]; tt != nil {
		return tt.schema
	}
	return t.base.tables[def.OID].schema
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

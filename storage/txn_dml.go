package storage

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Delete removes the rows with the given identifiers (from RowIDBatches in this
// transaction) from table oid. UPDATE is Delete of the old row versions plus Insert of the
// new ones. Deleting a row this transaction already deleted does nothing.
func (t *Txn) Delete(oid types.OID, ids []int64) error {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return undefinedTable(oid)
	}
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: delete in a finished transaction")
	}
	if len(ids) == 0 {
		return nil
	}
	tt := t.table(def)
	if err := t.checkDeletable(def, tt, ids); err != nil {
		return err
	}
	segs := tt.baseSegments()
	pseg := tt.pendingSeg()
	for _, id := range ids {
		seg, row := int(id>>rowIDBits), id&rowIDMask
		switch {
		case seg < len(segs) && row < segs[seg].rows:
			sg := segs[seg]
			if sg.dels.get(row) {
				continue
			}
			if tt.dels == nil {
				tt.dels = map[int]delVec{}
			}
			d := tt.dels[seg].growFor(row, sg.rows)
			tt.dels[seg] = d
			d.set(row)
		case seg == pseg && row < tt.pendRows:
			tt.pendDels = tt.pendDels.grow(tt.pendRows)
			if !tt.pendDels.get(row) {
				tt.pendDels.set(row)
				tt.pendGone++
			}
		}
	}
	tt.view = nil
	return nil
}

// checkDeletable makes sure every identifier names a row of the table and that each
// snapshot row about to be deleted is still current: a row that a transaction committed
// since the snapshot deleted or updated is a write conflict (40001), which PostgreSQL
// raises at the statement too. The executor holds the rows' locks by now, so no other
// transaction can change them before this one ends.
func (t *Txn) checkDeletable(def *catalog.TableDef, tt *txnTable, ids []int64) (err error) {
	segs := tt.baseSegments()
	pseg := tt.pendingSeg()
	var latest *tableData
	if tt.base != nil {
		// The newest version, durable or not: the row locks are held by now, and a writer
		// lets go of them once its commit is logged (CommitReleasing).
		v := t.s.logged.Load()
		if latest = v.tables[def.OID]; latest == nil {
			t.readUndurable(v)
			return concurrentDrop(def)
		}
		defer func() {
			if err != nil {
				t.readUndurable(v) // the error tells of v
			}
		}()
	}
	for _, id := range ids {
		seg, row := int(id>>rowIDBits), id&rowIDMask
		switch {
		case seg < len(segs) && row < segs[seg].rows:
			if segs[seg].dels.get(row) || tt.dels[seg].get(row) {
				continue
			}
			if err := checkCurrent(tt.base, latest, seg, row); err != nil {
				return err
			}
		case seg == pseg && row < tt.pendRows:
		default:
			return pgerror.Newf(pgcode.InternalError, "storage: row identifier %#x is not a row of %s", id, def.QualifiedName())
		}
	}
	return nil
}

// Truncate removes every row of table oid.
func (t *Txn) Truncate(oid types.OID) error {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return undefinedTable(oid)
	}
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: truncate in a finished transaction")
	}
	tt := t.table(def)
	tt.truncated = tt.base != nil
	tt.dels = nil
	releaseAll(tt.pending)
	tt.pending, tt.pendRows, tt.pendDels, tt.pendGone = nil, 0, nil, 0
	tt.spilled, tt.spilledRows = nil, 0
	tt.view = nil
	return nil
}

// AlterTable replaces the definition of table def.OID by def. src[i] names the column of the
// current definition that column i continues, or is -1 for a new column, which reads NULL in
// existing rows. Columns left out are dropped; their data stays in segment files until the
// files are rewritten, but is never read again. Column types cannot change. A column that
// becomes NOT NULL must hold no NULLs (23502), and a new table name must be free (42P07).
func (t *Txn) AlterTable(def catalog.TableDef, src []int) error {
	cur := t.cat.TableByOID(def.OID)
	if cur == nil {
		return undefinedTable(def.OID)
	}
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if len(src) != len(def.Columns) {
		return pgerror.Newf(pgcode.InternalError, "storage: ALTER of %s maps %d of %d columns", cur.QualifiedName(), len(src), len(def.Columns))
	}
	if err := checkColumns(def.Columns); err != nil {
		return err
	}
	def.Kind = cur.Kind
	if def.Schema == "" {
		def.Schema = cur.Schema
	}
	if def.QualifiedName() != cur.QualifiedName() {
		if t.cat.Table(def.Schema, def.Name) != nil {
			return duplicateTable(def.Name)
		}
	}
	for i, c := range def.Columns {
		s := src[i]
		if s < 0 {
			continue
		}
		if s >= len(cur.Columns) || cur.Columns[s].Type.Arrow() == nil ||
			!arrow.TypeEqual(cur.Columns[s].Type.Arrow(), c.Type.Arrow()) {
			return pgerror.Newf(pgcode.InternalError, "storage: ALTER of %s cannot change column %q's type", cur.QualifiedName(), c.Name)
		}
	}
	if err := t.checkRowTypeChange(cur, &def); err != nil {
		return err
	}
	tt := t.table(cur)
	schema := def.ArrowSchema()
	mem := t.s.opts.mem

	// A column becoming NOT NULL, or a new NOT NULL column over existing rows, must hold no
	// NULLs; the check runs before anything changes, reading only the columns concerned.
	for i, c := range def.Columns {
		if !c.NotNull || src[i] >= 0 && cur.Columns[src[i]].NotNull {
			continue
		}
		if err := t.checkNoNulls(cur, src[i], c.Name); err != nil {
			return err
		}
	}

	ids := make([]uint32, len(src))
	var colMap []int
	if tt.base != nil {
		colMap = make([]int, len(src))
	}
	for i, s := range src {
		if s < 0 {
			ids[i] = tt.nextColID
			tt.nextColID++
			if colMap != nil {
				colMap[i] = -1
			}
			continue
		}
		ids[i] = tt.colIDs[s]
		if colMap != nil {
			colMap[i] = s
			if tt.colMap != nil {
				colMap[i] = tt.colMap[s]
			}
		}
	}
	for i, r := range tt.pending {
		tt.pending[i] = projectRecord(r, schema, src, mem)
		r.Release()
	}
	tt.colIDs, tt.colMap, tt.schema = ids, colMap, schema
	tt.altered = true
	tt.view = nil

	def.Columns = slices.Clone(def.Columns)
	def.Indexes = t.assignIndexOIDs(def.Indexes)
	def.Checks = t.assignConstraintOIDs(def.Checks)
	def.ForeignKeys = t.assignForeignKeyOIDs(def.ForeignKeys, def.OID)
	var stored *catalog.TableDef
	t.cat, stored = t.cat.WithoutTable(def.OID).WithTable(def)
	if err := t.syncRowType(stored); err != nil {
		return err
	}
	return t.indexNewKeys(cur, stored, tt)
}

// checkNoNulls fails with 23502 when column col of table def (-1: a new column, NULL in
// every existing row) holds a NULL in a row visible to the transaction.
func (t *Txn) checkNoNulls(def *catalog.TableDef, col int, name string) error {
	var cols []int
	if col >= 0 {
		cols = []int{col}
	}
	ts, err := t.Scan(def.OID, cols, false, nil)
	if err != nil {
		return err
	}
	for i := range ts.Len() {
		rec, _, err := ts.Morsel(i)
		if err != nil {
			return err
		}
		bad := rec.NumRows() > 0 && (col < 0 || rec.Column(0).NullN() > 0)
		rec.Release()
		if bad {
			return pgerror.Newf(pgcode.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", name, def.Name)
		}
	}
	return nil
}

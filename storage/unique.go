package storage

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Unique indexes (PRIMARY KEY, UNIQUE) are hash indexes from a row's key to its position.
// Each segment file has its own, built on first use from the file's rows and shared by
// every version holding the segment, so a commit that appends a segment adds a small index
// instead of rebuilding the table's; a key is live where the segment's deletion vector (and
// the transaction's own deletes) leave its row. A transaction indexes the rows it inserts
// as it inserts them. Insert refuses a row whose key a row visible to the transaction
// already has (23505); commit checks the transaction's keys again against the segments
// concurrent commits added since its snapshot, so two transactions never both commit a key.

// segKeys holds a segment's key indexes, by index signature (keySig).
type segKeys struct {
	mu  sync.Mutex
	idx map[string]map[string]int64
}

func newSegKeys() *segKeys { return &segKeys{idx: map[string]map[string]int64{}} }

// keySig identifies an index's key by the stable IDs of its columns, which survive ALTER
// TABLE reordering the table's columns.
func keySig(ix *catalog.IndexDef, colIDs []uint32) string {
	var b strings.Builder
	for _, c := range ix.Columns {
		b.WriteString(strconv.FormatUint(uint64(colIDs[c]), 10))
		b.WriteByte(',')
	}
	if ix.NullsNotDistinct {
		b.WriteByte('n')
	}
	return b.String()
}

// index returns the segment's index of the key columns cols of a table with schema sc and
// column IDs ids, building it on first use from the key columns alone. Deleted rows are
// indexed too: callers check liveness.
func (s *Store) index(sg *segment, sc *arrow.Schema, ids []uint32, ix *catalog.IndexDef, cols []int) (map[string]int64, error) {
	sig := keySig(&catalog.IndexDef{Columns: cols, NullsNotDistinct: ix.NullsNotDistinct}, ids)
	sk := sg.keys
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if m := sk.idx[sig]; m != nil {
		return m, nil
	}
	batches, err := s.segmentRecords(sg.data, someColumns(sc, ids, cols))
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	var row int64
	var buf []byte
	for _, rec := range batches {
		for i := 0; i < int(rec.NumRows()); i++ {
			var ok bool
			if buf, ok = appendKey(buf[:0], rec.Columns(), i, ix.NullsNotDistinct); ok {
				m[string(buf)] = row
			}
			row++
		}
	}
	sk.idx[sig] = m
	return m, nil
}

// appendKey appends the encoding of row i's key (the values of cols) to buf; ok is false for a key holding a
// NULL when NULLs are distinct (such a key never collides). Equal values encode equally:
// fixed-width values by their bytes (floats normalised so -0 = 0 and NaN = NaN, as
// PostgreSQL compares them), strings and binary values by their bytes, extension types
// (uuid) by their storage, other types by their text.
func appendKey(buf []byte, cols []arrow.Array, i int, nullsNotDistinct bool) ([]byte, bool) {
	for _, a := range cols {
		if a.IsNull(i) {
			if !nullsNotDistinct {
				return buf, false
			}
			buf = append(buf, 0)
			continue
		}
		buf = appendValue(append(buf, 1), a, i)
	}
	return buf, true
}

// appendValue appends the encoding of the non-NULL value i of a.
func appendValue(buf []byte, a arrow.Array, i int) []byte {
	switch a := a.(type) {
	case array.ExtensionArray:
		return appendValue(buf, a.Storage(), i)
	case *array.Float64:
		return binary.LittleEndian.AppendUint64(buf, floatBits(a.Value(i)))
	case *array.Float32:
		return binary.LittleEndian.AppendUint64(buf, floatBits(float64(a.Value(i))))
	case *array.Boolean:
		if a.Value(i) {
			return append(buf, 1)
		}
		return append(buf, 0)
	case *array.String:
		buf = binary.AppendUvarint(buf, uint64(len(a.Value(i))))
		return append(buf, a.Value(i)...)
	case *array.Binary:
		buf = binary.AppendUvarint(buf, uint64(len(a.Value(i))))
		return append(buf, a.Value(i)...)
	case *array.FixedSizeBinary:
		return append(buf, a.Value(i)...)
	}
	if fw, ok := a.DataType().(arrow.FixedWidthDataType); ok && fw.BitWidth()%8 == 0 && len(a.Data().Buffers()) > 1 {
		w := fw.BitWidth() / 8
		off := (a.Data().Offset() + i) * w
		return append(buf, a.Data().Buffers()[1].Bytes()[off:off+w]...)
	}
	s := a.ValueStr(i)
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func floatBits(f float64) uint64 {
	switch {
	case f == 0:
		return 0
	case math.IsNaN(f):
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(f)
}

// txnKeys indexes the rows a transaction inserted into one table, by index OID: key to
// pending row number.
type txnKeys map[types.OID]map[string]int64

// checkUnique refuses the rows of rec (about to become pending rows from row first) whose
// key a row visible to the transaction, or an earlier row of rec, already has, and indexes
// them. def is the table as the transaction sees it, tt its changes.
func (t *Txn) checkUnique(def *catalog.TableDef, tt *txnTable, rec arrow.Record, first int64) error {
	if len(def.Indexes) == 0 {
		return nil
	}

	if tt.keys == nil {
		tt.keys = txnKeys{}
	}
	for k := range def.Indexes {
		ix := &def.Indexes[k]
		if !ix.Unique {
			continue
		}
		keys, err := t.keysOf(def, ix, rec)
		if err != nil {
			return err
		}
		err = t.checkUniqueKeys(def, tt, ix, keys, first)
		keys.release()
		if err != nil {
			return err
		}
	}
	return nil
}

// checkUniqueKeys is checkUnique for one index, given the keys of the rows.
func (t *Txn) checkUniqueKeys(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, keys rowKeys, first int64) error {
	mine := tt.keys[ix.OID]
	if mine == nil {
		mine = map[string]int64{}
		tt.keys[ix.OID] = mine
	}
	var buf []byte
	for i := 0; i < keys.rows(); i++ {
		var ok bool
		if buf, ok = keys.key(buf[:0], i); !ok {
			continue
		}
		key := string(buf)
		if id, deletedHere, err := t.insertedKeyRow(def, tt, ix, key); err != nil {
			return err
		} else if id >= 0 {
			// The statement fails, and with it the transaction: the keys indexed so
			// far need no undoing.
			return uniqueViolation(def, ix, keys, i)
		} else if !deletedHere {
			if err := t.lockNewKey(def, tt, ix, key, keys, i); err != nil {
				return err
			}
		}
		mine[key] = first + int64(i)
	}
	return nil
}

// baseRow returns the identifier of the snapshot row the transaction has not deleted that
// has key in index ix of def.
func (t *Txn) baseRow(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, key string) (int64, bool, error) {
	segs := tt.baseSegments()
	if len(segs) == 0 {
		return 0, false, nil
	}
	for j, sg := range segs {
		idx, ok, err := t.segmentIndex(sg, tt.base.schema, tt.base.colIDs, def, ix, tt.colMap)
		if err != nil || !ok {
			return 0, false, err
		}
		row, found := idx[key]
		if found && !sg.dels.get(row) && !tt.dels[j].get(row) {
			return rowID(j, row), true, nil
		}
	}
	return 0, false, nil
}

// validateUnique checks the keys the transaction inserted into table oid against the
// segments of latest that old, the snapshot the keys were checked against, did not have:
// rows concurrent commits added or moved. tt's deletions are already rebased onto latest.
func (t *Txn) validateUnique(def *catalog.TableDef, tt *txnTable, old, latest *tableData) error {
	if len(tt.keys) == 0 || old == nil || latest == old {
		return nil
	}
	files := make(map[string]bool, len(old.segments))
	for _, sg := range old.segments {
		files[sg.file] = true
	}
	var fresh []int // segments of latest holding rows old does not have
	for j, sg := range latest.segments {
		if !files[sg.file] {
			fresh = append(fresh, j)
		}
	}
	for k := range def.Indexes {
		ix := &def.Indexes[k]
		if !ix.Unique {
			continue
		}
		for key, p := range tt.keys[ix.OID] {
			if tt.pendDels.get(p) {
				continue
			}
			for _, j := range fresh {
				sg := latest.segments[j]
				idx, ok, err := t.segmentIndex(sg, latest.schema, latest.colIDs, def, ix, nil)
				if err != nil {
					return err
				}
				if row, found := idx[key]; ok && found && !sg.dels.get(row) && !tt.dels[j].get(row) {
					return t.pendingViolation(def, tt, ix, p)
				}
			}
		}
	}
	return nil
}

// pendingViolation is uniqueViolation for pending row p of the transaction.
func (t *Txn) pendingViolation(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, p int64) error {
	rec, err := t.pendingRow(tt, p)
	if err != nil {
		return err
	}
	defer rec.Release()
	keys, err := t.keysOf(def, ix, rec)
	if err != nil {
		return err
	}
	defer keys.release()
	return uniqueViolation(def, ix, keys, 0)
}

// uniqueViolation is PostgreSQL's 23505 for the key of row i.
func uniqueViolation(def *catalog.TableDef, ix *catalog.IndexDef, keys rowKeys, i int) error {
	return pgerror.Newf(pgcode.UniqueViolation, "duplicate key value violates unique constraint \"%s\"", ix.Name).
		WithDetail("Key (" + strings.Join(keyNames(def, ix), ", ") + ")=(" + strings.Join(keys.text(i), ", ") + ") already exists.")
}

// InsertSkippingConflicts is Insert for INSERT ... ON CONFLICT DO NOTHING: the rows of rec
// whose key in one of the arbiter indexes a visible row, or an earlier row of rec, already
// has are left out. It returns the rows inserted (nil: all of them). Other unique indexes
// still refuse duplicates with 23505.
func (t *Txn) InsertSkippingConflicts(oid types.OID, rec arrow.Record, arbiters []types.OID) ([]int32, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: insert into a finished transaction")
	}
	ids, repeats, err := t.rowConflicts(def, t.table(def), rec, arbiters, true)
	if err != nil {
		return nil, err
	}
	t.arbiters = arbiters
	defer func() { t.arbiters = nil }()
	keep := make([]int32, 0, rec.NumRows())
	for i, id := range ids {
		if id < 0 && !repeats[i] {
			keep = append(keep, int32(i))
		}
	}
	if len(keep) == int(rec.NumRows()) {
		return nil, t.Insert(oid, rec)
	}
	kept, err := takeRecord(rec, keep, t.s.opts.mem)
	if err != nil {
		return nil, err
	}
	defer kept.Release()
	return keep, t.Insert(oid, kept)
}

// rowConflicts returns, for each row of rec, the identifier of the row visible to the
// transaction whose key in one of the arbiter indexes the row has (-1: none), and whether
// its key repeats that of an earlier row of rec: of any earlier row, or with onlyFree of
// the earlier rows that conflicted with nothing (DO NOTHING inserts only those).
func (t *Txn) rowConflicts(def *catalog.TableDef, tt *txnTable, rec arrow.Record, arbiters []types.OID, onlyFree bool) (ids []int64, repeats []bool, err error) {
	ids, repeats = make([]int64, rec.NumRows()), make([]bool, rec.NumRows())
	var arb []*catalog.IndexDef
	var arbKeys []rowKeys
	defer func() {
		for _, k := range arbKeys {
			k.release()
		}
	}()
	for k := range def.Indexes {
		if ix := &def.Indexes[k]; slices.Contains(arbiters, ix.OID) {
			keys, err := t.keysOf(def, ix, rec)
			if err != nil {
				return nil, nil, err
			}
			arb, arbKeys = append(arb, ix), append(arbKeys, keys)
		}
	}
	seen := map[types.OID]map[string]bool{}
	var buf []byte
	type indexKey struct {
		ix  types.OID
		key string
	}
	var keys []indexKey
	for i := range ids {
		ids[i] = -1
		keys = keys[:0]
		for a, ix := range arb {
			var ok bool
			if buf, ok = arbKeys[a].key(buf[:0], i); !ok {
				continue
			}
			key := string(buf)
			keys = append(keys, indexKey{ix.OID, key})
			repeats[i] = repeats[i] || seen[ix.OID][key]
			if ids[i] < 0 {
				if ids[i], err = t.visibleRow(def, tt, ix, key); err != nil {
					return nil, nil, err
				}
				t.readPoint(def.OID, ix.OID, key, tt, ids[i])
			}
		}
		if onlyFree && (ids[i] >= 0 || repeats[i]) {
			continue
		}
		for _, k := range keys {
			if seen[k.ix] == nil {
				seen[k.ix] = map[string]bool{}
			}
			seen[k.ix][k.key] = true
		}
	}
	return ids, repeats, nil
}

// visibleRow returns the identifier of the row visible to the transaction with key in
// index ix (one it inserted, or a snapshot row it has not deleted), or -1.
func (t *Txn) visibleRow(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, key string) (int64, error) {
	if p, ok := tt.keys[ix.OID][key]; ok && !tt.pendDels.get(p) {
		return rowID(tt.pendingSeg(), p), nil
	}
	id, ok, err := t.baseRow(def, tt, ix, key)
	if !ok || err != nil {
		return -1, err
	}
	return id, nil
}

// assignConstraintOIDs gives new CHECK constraints (OID 0) their OIDs.
func (t *Txn) assignConstraintOIDs(checks []catalog.CheckDef) []catalog.CheckDef {
	checks = slices.Clone(checks)
	for i := range checks {
		if checks[i].OID == 0 {
			checks[i].OID = t.s.allocOIDs(1)
		}
	}
	return checks
}

// assignForeignKeyOIDs gives new foreign keys (OID 0) their OIDs, and those referencing the
// table being created (RefTable 0) its OID self.
func (t *Txn) assignForeignKeyOIDs(fks []catalog.ForeignKeyDef, self types.OID) []catalog.ForeignKeyDef {
	fks = slices.Clone(fks)
	for i := range fks {
		if fks[i].OID == 0 {
			fks[i].OID = t.s.allocOIDs(1)
		}
		if fks[i].RefTable == 0 {
			fks[i].RefTable = self
		}
	}
	return fks
}

// assignIndexOIDs gives new indexes (OID 0) their OIDs, and the new ones of constraints
// their constraint OIDs.
func (t *Txn) assignIndexOIDs(idx []catalog.IndexDef) []catalog.IndexDef {
	idx = slices.Clone(idx)
	for i := range idx {
		if idx[i].OID == 0 {
			idx[i].OID = t.s.allocOIDs(1)
		}
		if idx[i].Constraint && idx[i].ConstraintOID == 0 {
			idx[i].ConstraintOID = t.s.allocOIDs(1)
		}
		idx[i].Constraint = false
	}
	return idx
}

// indexNewKeys checks the table's visible rows against the unique indexes def has and old
// had not (CREATE UNIQUE INDEX, ADD PRIMARY KEY), with PostgreSQL's error for a duplicate,
// and indexes the transaction's pending rows under them.
func (t *Txn) indexNewKeys(old, def *catalog.TableDef, tt *txnTable) error {
	for k := range def.Indexes {
		ix := &def.Indexes[k]
		if !ix.Unique || slices.ContainsFunc(old.Indexes, func(o catalog.IndexDef) bool { return o.OID == ix.OID }) {
			continue
		}
		if err := t.checkNewIndex(def, ix); err != nil {
			return err
		}
		mine, err := t.pendingKeys(def, ix, tt)
		if err != nil {
			return err
		}
		if tt.keys == nil {
			tt.keys = txnKeys{}
		}
		tt.keys[ix.OID] = mine
	}
	return nil
}

// pendingKeys indexes the rows the transaction inserted into def (and still has) under
// index ix.
func (t *Txn) pendingKeys(def *catalog.TableDef, ix *catalog.IndexDef, tt *txnTable) (map[string]int64, error) {
	mine := map[string]int64{}
	p := int64(0)
	add := func(rec arrow.Record, read bool) error {
		keys, err := t.keysOf(def, ix, rec)
		if read {
			keys, err = t.keysOfRead(def, ix, rec)
		}
		if err != nil {
			return err
		}
		defer keys.release()
		var buf []byte
		for i := 0; i < int(rec.NumRows()); i++ {
			var ok bool
			if buf, ok = keys.key(buf[:0], i); ok && !tt.pendDels.get(p) {
				mine[string(buf)] = p
			}
			p++
		}
		return nil
	}
	for j, sg := range tt.spilled {
		p = tt.spilledRows - rowsAfter(tt.spilled, j)
		recs, err := t.s.segmentRecords(sg.data, someColumns(tt.schema, tt.colIDs, rowColumns(def, ix)))
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			if err := add(rec, true); err != nil {
				return nil, err
			}
		}
	}
	p = tt.spilledRows
	for _, rec := range tt.pending {
		if err := add(rec, false); err != nil {
			return nil, err
		}
	}
	return mine, nil
}

// rowsAfter counts the rows of segs from index j on.
func rowsAfter(segs []*segment, j int) int64 {
	var n int64
	for _, sg := range segs[j:] {
		n += sg.rows
	}
	return n
}

// checkNewIndex fails with PostgreSQL's error when two rows of table def visible to the
// transaction share a key of the new unique index ix. Only the key columns are read.
func (t *Txn) checkNewIndex(def *catalog.TableDef, ix *catalog.IndexDef) error {
	ts, err := t.Scan(def.OID, rowColumns(def, ix), false, nil)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var buf []byte
	for m := range ts.Len() {
		rec, _, err := ts.Morsel(m)
		if err != nil {
			return err
		}
		keys, err := t.keysOfRead(def, ix, rec)
		if err != nil {
			rec.Release()
			return err
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			var ok bool
			if buf, ok = keys.key(buf[:0], i); !ok {
				continue
			}
			if seen[string(buf)] {
				e := uniqueViolation(def, ix, keys, i).(*pgerror.Error)
				keys.release()
				rec.Release()
				e.Message = "could not create unique index \"" + ix.Name + "\""
				e.Detail = strings.Replace(e.Detail, "already exists.", "is duplicated.", 1)
				return e
			}
			seen[string(buf)] = true
		}
		keys.release()
		rec.Release()
	}
	return nil
}

package storage

import (
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/storage/rowgroup"
)

// Scans read a table in morsels: a row group of a segment file, a record of a hot (still
// in memory) segment, or a record of the rows the transaction inserted. Morsels are
// independent, so the executor's workers load them in parallel, each decoding its own row
// group; only the columns asked for are read, and the row groups whose statistics lie
// outside the scan's bounds are skipped without reading them.

// Bound is a range a filter puts on a scanned column: column Col of the scan (an index into
// its cols) holds, in every row the filter keeps, a value whose position on the statistics
// number line (stats.Position) lies in [Lo, Hi]. It only lets a scan skip row groups.
type Bound struct {
	Col    int
	Lo, Hi float64
}

// TableScan is a scan of one table as a transaction sees it. Its methods are safe for
// concurrent use.
type TableScan struct {
	s       *Store
	schema  *arrow.Schema // of the columns read, in the scan's order
	reqs    []colReq
	cols    []int // the scanned columns' ordinals, for the transaction's own rows
	rowIDs  bool
	morsels []morsel

	files                     int64
	rowGroups, skipped, bytes atomic.Int64
}

// morsel is one unit of a scan.
type morsel struct {
	data *segData     // the segment's rows; nil for the transaction's own rows
	rec  arrow.Record // a hot segment's or the transaction's record; nil: row group rg
	rg   int
	seg  int    // the segment's number in row identifiers
	off  int64  // the position of the morsel's first row
	rows int64  // the morsel's rows, deleted ones included
	dels delVec // deleted rows by position; nil when none
}

// Scan starts a scan of table oid's rows visible to the transaction, reading only columns
// cols (ordinals of the table as the transaction sees it). With rowIDs each morsel comes with
// its rows' identifiers, for Delete. Bounds let it skip row groups.
func (t *Txn) Scan(oid types.OID, cols []int, rowIDs bool, bounds []Bound) (*TableScan, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	tt := t.tables[oid]
	if tt == nil {
		td := t.base.tables[oid]
		tt = &txnTable{base: td, schema: td.schema, colIDs: td.colIDs} // a read-only view
	}
	t.readWhole(oid)
	reqs := someColumns(tt.schema, tt.colIDs, cols)
	ts := &TableScan{s: t.s, schema: reqSchema(reqs), reqs: reqs, cols: cols, rowIDs: rowIDs}
	for i, sg := range tt.baseSegments() {
		dels := sg.dels
		if d := tt.dels[i]; d != nil {
			dels = union(sg.dels, d, sg.rows)
		}
		if err := ts.addSegment(sg, i, 0, dels, bounds); err != nil {
			return nil, err
		}
	}
	var at int64
	for _, sg := range tt.spilled {
		if err := ts.addSegment(sg, tt.pendingSeg(), at, tt.pendDels, bounds); err != nil {
			return nil, err
		}
		at += sg.rows
	}
	ts.addRecords(nil, tt.pending, tt.pendingSeg(), tt.spilledRows, tt.pendDels)
	return ts, nil
}

// addSegment adds the morsels of segment sg (number seg in row identifiers, its rows at
// positions base onwards) with deleted positions dels.
func (ts *TableScan) addSegment(sg *segment, seg int, base int64, dels delVec, bounds []Bound) error {
	if dels.count(base, sg.rows) == sg.rows {
		return nil
	}
	if hot := ts.s.hotRecords(sg.data); hot != nil {
		ts.addRecords(sg.data, hot, seg, base, dels)
		return nil
	}
	ts.files++
	m, err := sg.data.footer(ts.s.opts.mem)
	if err != nil {
		return err
	}
	for rg := range len(m.starts) - 1 {
		off, n := base+m.starts[rg], m.starts[rg+1]-m.starts[rg]
		if n == 0 || dels.count(off, n) == n {
			continue
		}
		if ts.pruned(sg.data, m, rg, bounds) {
			ts.skipped.Add(1)
			continue
		}
		ts.morsels = append(ts.morsels, morsel{data: sg.data, rg: rg, seg: seg, off: off, rows: n, dels: dels})
	}
	return nil
}

// addRecords adds a morsel per record of recs, consecutive rows from position off.
func (ts *TableScan) addRecords(d *segData, recs []arrow.Record, seg int, off int64, dels delVec) {
	for _, r := range recs {
		n := r.NumRows()
		if n > 0 && dels.count(off, n) < n {
			ts.morsels = append(ts.morsels, morsel{data: d, rec: r, seg: seg, off: off, rows: n, dels: dels})
		}
		off += n
	}
}

// pruned reports whether the statistics of row group rg show that no row satisfies bounds.
func (ts *TableScan) pruned(d *segData, m *fileMeta, rg int, bounds []Bound) bool {
	meta := m.md.RowGroup(rg)
	for _, b := range bounds {
		k := d.fileCol(ts.reqs[b.Col].id)
		if k < 0 || len(m.leaves[k]) != 1 || !prunable(m.types[k]) {
			continue
		}
		if lo, hi, ok := rowgroup.Range(meta, m.leaves[k][0], m.types[k]); ok && rowgroup.Outside(lo, hi, b.Lo, b.Hi) {
			return true
		}
	}
	return false
}

// prunable reports whether a stored column's Parquet statistics order its values as SQL
// does. Floats are not: PostgreSQL orders NaN above every number, and NaN is not in the
// statistics. Nor are enums, stored as label OIDs, whose order is not the labels'.
func prunable(dt arrow.DataType) bool {
	switch dt.(type) {
	case *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type, *arrow.Date32Type, *arrow.TimestampType:
		return true
	}
	return false
}

// Len returns the number of morsels.
func (ts *TableScan) Len() int { return len(ts.morsels) }

// Morsel reads morsel i: its visible rows with the scanned columns, and, when the scan was
// asked for them, their identifiers. Both belong to the caller, who must not modify them.
func (ts *TableScan) Morsel(i int) (arrow.Record, *array.Int64, error) {
	return ts.load(i, false)
}

// load reads morsel i. With shared, a record of the transaction's own rows that the scan
// returns whole is returned as it is, without a reference of the caller's own: Batches
// returns the transaction's records the way it always has, shared and never released.
func (ts *TableScan) load(i int, shared bool) (arrow.Record, *array.Int64, error) {
	m := &ts.morsels[i]
	if shared && m.data == nil && ts.identity(m.rec) && m.dels.count(m.off, m.rows) == 0 {
		var ids *array.Int64
		if ts.rowIDs {
			ids = idRange(rowID(m.seg, m.off), m.rows)
		}
		return m.rec, ids, nil
	}
	var cols []arrow.Array
	switch {
	case m.data == nil: // the transaction's own rows, in its schema
		cols = make([]arrow.Array, len(ts.cols))
		for k, c := range ts.cols {
			cols[k] = m.rec.Column(c)
		}
	case m.rec != nil:
		cols = ts.s.hotColumns(m.data, m.rec, ts.reqs)
	default:
		var scanned int64
		var err error
		if cols, _, scanned, err = ts.s.groupColumns(m.data, m.rg, ts.reqs); err != nil {
			return nil, nil, err
		}
		ts.rowGroups.Add(1)
		ts.bytes.Add(scanned)
	}
	rec := types.NewRecord(ts.schema, cols, m.rows)
	gone := m.dels.count(m.off, m.rows)
	if gone == 0 {
		var ids *array.Int64
		if ts.rowIDs {
			ids = idRange(rowID(m.seg, m.off), m.rows)
		}
		return rec, ids, nil
	}
	defer rec.Release()
	keep := keepMask(m.dels, m.off, m.rows)
	defer keep.Release()
	out, err := filterRecord(rec, keep, ts.s.opts.mem)
	if err != nil {
		return nil, nil, err
	}
	var ids *array.Int64
	if ts.rowIDs {
		ids = keptIDs(m.dels, m.seg, m.off, m.rows, gone)
	}
	return out, ids, nil
}

// identity reports whether the scan reads every column of rec in order.
func (ts *TableScan) identity(rec arrow.Record) bool {
	for i, c := range ts.cols {
		if c != i {
			return false
		}
	}
	return len(ts.cols) == int(rec.NumCols())
}

// Rows returns an upper bound of the rows morsel i holds.
func (ts *TableScan) Rows(i int) int64 { return ts.morsels[i].rows }

// ScanCounts is what a scan read, for EXPLAIN ANALYZE: segment files read (segments still in
// memory are not counted), row groups decoded and skipped by their statistics, and the
// compressed bytes of the column chunks scanned.
type ScanCounts struct {
	Files, RowGroups, RowGroupsSkipped, Bytes int64
}

// Counts reports what the scan has read so far.
func (ts *TableScan) Counts() ScanCounts {
	return ScanCounts{Files: ts.files, RowGroups: ts.rowGroups.Load(), RowGroupsSkipped: ts.skipped.Load(), Bytes: ts.bytes.Load()}
}

// all reads every morsel, for callers that need the rows at once, as records of at most
// BatchRows rows.
func (ts *TableScan) all() ([]arrow.Record, []*array.Int64, error) {
	recs := make([]arrow.Record, 0, len(ts.morsels))
	var ids []*array.Int64
	for i := range ts.morsels {
		rec, id, err := ts.load(i, true)
		if err != nil {
			return nil, nil, err
		}
		n := rec.NumRows()
		if n <= BatchRows {
			recs = append(recs, rec)
			if ts.rowIDs {
				ids = append(ids, id)
			}
			continue
		}
		for off := int64(0); off < n; off += BatchRows {
			end := min(off+BatchRows, n)
			recs = append(recs, rec.NewSlice(off, end))
			if ts.rowIDs {
				ids = append(ids, array.NewSlice(id, off, end).(*array.Int64))
			}
		}
		rec.Release()
		if id != nil {
			id.Release()
		}
	}
	return recs, ids, nil
}

// allColumnsOf lists a table's column ordinals 0..n-1.
func allColumnsOf(n int) []int {
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	return cols
}

package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/metadata"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/catalog/stats"
	"github.com/pgfast/pgfast/catalog/types"
)

// segData is the rows of one segment file, shared by every copy of the segment (copies
// differ only in their deletion vectors). Nothing is read when a store opens: the file's
// footer is read the first time the segment is, and its rows one row group's column at a
// time, as scans ask for them, through the store's cache (cache.go). A segment a commit
// just wrote starts hot: the transaction's records stay in memory, charged to the cache,
// until the cache evicts them.
type segData struct {
	path string
	rows int64
	cols []uint32 // the column IDs the file holds, in file order
	// hot holds the file's rows, column k being file column k, while they are cached.
	hot atomic.Pointer[[]arrow.Record]
	// pin holds them, in the same layout, while the file is not written yet (a commit
	// through the write-ahead log): the cache never evicts them.
	pin atomic.Pointer[[]arrow.Record]

	once sync.Once
	meta *fileMeta
	err  error
}

// fileMeta is what a segment file's footer says, read once.
type fileMeta struct {
	md     *metadata.FileMetaData
	starts []int64 // the first row of each row group, then the file's row count
	leaves [][]int // the Parquet leaf columns of each file column
	types  []arrow.DataType
	// sketches are the column sketches the writer stored in the footer, by column ID.
	sketches map[uint32]*stats.Sketch
}

// colReq asks a segment for one column: the column's stable ID and its field in the table.
type colReq struct {
	id    uint32
	field arrow.Field
}

func newSegData(path string, rows int64, cols []uint32) *segData {
	return &segData{path: path, rows: rows, cols: cols}
}

// fileCol returns the file column holding column id, or -1.
func (d *segData) fileCol(id uint32) int { return slices.Index(d.cols, id) }

// footer reads the file's footer on first use and checks it against the manifest.
func (d *segData) footer(mem memory.Allocator) (*fileMeta, error) {
	d.once.Do(func() { d.meta, d.err = readFooter(d.path, len(d.cols), d.rows, mem) })
	return d.meta, d.err
}

func readFooter(path string, ncols int, rows int64, mem memory.Allocator) (*fileMeta, error) {
	pf, err := file.OpenParquetFile(path, false, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, ioError(err, "could not open file \"%s\"", path)
		}
		return nil, corrupted(path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		return nil, corrupted(path, err)
	}
	if n := len(fr.Manifest.Fields); n != ncols {
		return nil, corrupted(path, fmt.Errorf("file has %d columns, manifest says %d", n, ncols))
	}
	if n := pf.NumRows(); n != rows {
		return nil, corrupted(path, fmt.Errorf("file holds %d rows, manifest says %d", n, rows))
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, corrupted(path, err)
	}
	m := &fileMeta{md: pf.MetaData(), starts: make([]int64, 0, pf.NumRowGroups()+1)}
	if v := pf.MetaData().KeyValueMetadata().FindValue(sketchesKey); v != nil {
		// Sketches are only an aid to planning: a damaged encoding is recomputed.
		m.sketches, _ = decodeSketches(*v)
	}
	var at int64
	for rg := range pf.NumRowGroups() {
		m.starts = append(m.starts, at)
		at += pf.MetaData().RowGroup(rg).NumRows()
	}
	m.starts = append(m.starts, at)
	for k := range ncols {
		m.leaves = append(m.leaves, leafColumns(&fr.Manifest.Fields[k], nil))
		m.types = append(m.types, sc.Field(k).Type)
	}
	return m, nil
}

// hotRecords returns the segment's in-memory rows: pinned ones, or ones the cache still
// holds.
func (s *Store) hotRecords(d *segData) []arrow.Record {
	if recs := d.pinnedRecords(); recs != nil {
		return recs
	}
	p := d.hot.Load()
	if p == nil || !s.cache.touch(d) {
		return nil
	}
	return *p
}

// makeHot keeps recs, the segment's rows in file column order, in memory while the cache
// has room for them.
func (s *Store) makeHot(d *segData, recs []arrow.Record) {
	if recs == nil {
		return
	}
	d.hot.Store(&recs)
	if !s.cache.put(cacheKey{data: d, rg: hotGroup}, nil, recordsSize(recs)) {
		d.hot.Store(nil)
	}
}

// hotColumns returns the columns reqs ask of a hot record: its own, or NULLs for a column
// the file does not hold.
func (s *Store) hotColumns(d *segData, rec arrow.Record, reqs []colReq) []arrow.Array {
	cols := make([]arrow.Array, len(reqs))
	for i, r := range reqs {
		if k := d.fileCol(r.id); k >= 0 {
			cols[i] = rec.Column(k)
			continue
		}
		cols[i] = array.MakeArrayOfNull(s.opts.mem, r.field.Type, int(rec.NumRows()))
	}
	return cols
}

// groupColumns returns the columns reqs ask of row group rg of the file, from the cache or
// decoded (and then cached); a column the file does not hold reads NULL. decoded counts the
// compressed bytes of the column chunks scanned.
func (s *Store) groupColumns(d *segData, rg int, reqs []colReq) (cols []arrow.Array, n int64, scanned int64, err error) {
	m, err := d.footer(s.opts.mem)
	if err != nil {
		return nil, 0, 0, err
	}
	n = m.starts[rg+1] - m.starts[rg]
	cols = make([]arrow.Array, len(reqs))
	var missing []int // file columns to decode, ascending
	need := map[int][]int{}
	meta := m.md.RowGroup(rg)
	for i, r := range reqs {
		k := d.fileCol(r.id)
		if k < 0 {
			cols[i] = array.MakeArrayOfNull(s.opts.mem, r.field.Type, int(n))
			continue
		}
		for _, l := range m.leaves[k] {
			if cc, err := meta.ColumnChunk(l); err == nil {
				scanned += cc.TotalCompressedSize()
			}
		}
		if a, ok := s.cache.get(cacheKey{data: d, rg: rg, col: k}); ok {
			cols[i] = a
			continue
		}
		if need[k] == nil {
			missing = append(missing, k)
		}
		need[k] = append(need[k], i)
	}
	if len(missing) == 0 {
		return cols, n, scanned, nil
	}
	slices.Sort(missing)
	arrs, err := s.decode(d, m, rg, missing, func(k int) arrow.DataType { return reqs[need[k][0]].field.Type })
	if err != nil {
		return nil, 0, 0, err
	}
	for j, k := range missing {
		s.cache.put(cacheKey{data: d, rg: rg, col: k}, arrs[j], arraySize(arrs[j]))
		for _, i := range need[k] {
			cols[i] = arrs[j]
		}
	}
	return cols, n, scanned, nil
}

// decode reads file columns fcols (ascending) of row group rg, converted to the types the
// table gives them.
func (s *Store) decode(d *segData, m *fileMeta, rg int, fcols []int, typeOf func(int) arrow.DataType) ([]arrow.Array, error) {
	mem := s.opts.mem
	pf, err := file.OpenParquetFile(d.path, false, file.WithMetadata(m.md), file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		return nil, ioError(err, "could not open file \"%s\"", d.path)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: m.starts[rg+1] - m.starts[rg]}, mem)
	if err != nil {
		return nil, corrupted(d.path, err)
	}
	var leaves []int
	for _, k := range fcols {
		leaves = append(leaves, m.leaves[k]...)
	}
	tbl, err := fr.RowGroup(rg).ReadTable(context.Background(), leaves)
	if err != nil {
		return nil, corrupted(d.path, err)
	}
	defer tbl.Release()
	if int(tbl.NumCols()) != len(fcols) {
		return nil, corrupted(d.path, fmt.Errorf("read %d columns, asked for %d", tbl.NumCols(), len(fcols)))
	}
	out := make([]arrow.Array, len(fcols))
	for j, k := range fcols {
		want := typeOf(k)
		chunks := tbl.Column(j).Data().Chunks()
		var arr arrow.Array
		switch len(chunks) {
		case 0:
			arr = array.MakeArrayOfNull(mem, storageType(want), 0)
		case 1:
			arr = chunks[0]
			arr.Retain()
		default:
			if arr, err = array.Concatenate(chunks, mem); err != nil {
				return nil, corrupted(d.path, err)
			}
		}
		got := arr.DataType()
		if !arrow.TypeEqual(got, storageType(want)) && !(isDecimal(got) && !arrow.TypeEqual(got, want)) {
			return nil, corrupted(d.path, fmt.Errorf("column %d is %s in the file, %s in the table", k+1, got, storageType(want)))
		}
		out[j] = convertArray(arr, want)
		if out[j] != arr {
			arr.Release()
		}
	}
	return out, nil
}

func isDecimal(dt arrow.DataType) bool {
	_, ok := dt.(*arrow.Decimal128Type)
	return ok
}

// segmentRecords returns all rows of a segment file (deleted ones included) with the
// columns reqs ask for, as records of at most a row group's rows (a hot segment's records
// as they are).
func (s *Store) segmentRecords(d *segData, reqs []colReq) ([]arrow.Record, error) {
	sc := reqSchema(reqs)
	if hot := s.hotRecords(d); hot != nil {
		out := make([]arrow.Record, len(hot))
		for i, r := range hot {
			out[i] = types.NewRecord(sc, s.hotColumns(d, r, reqs), r.NumRows())
		}
		return out, nil
	}
	m, err := d.footer(s.opts.mem)
	if err != nil {
		return nil, err
	}
	var out []arrow.Record
	for rg := range len(m.starts) - 1 {
		cols, n, _, err := s.groupColumns(d, rg, reqs)
		if err != nil {
			return nil, err
		}
		out = append(out, types.NewRecord(sc, cols, n))
	}
	return out, nil
}

func reqSchema(reqs []colReq) *arrow.Schema {
	fields := make([]arrow.Field, len(reqs))
	for i, r := range reqs {
		fields[i] = r.field
	}
	return arrow.NewSchema(fields, nil)
}

// allColumns asks for every column of a table with schema sc and column IDs ids.
func allColumns(sc *arrow.Schema, ids []uint32) []colReq {
	reqs := make([]colReq, len(ids))
	for i, id := range ids {
		reqs[i] = colReq{id: id, field: sc.Field(i)}
	}
	return reqs
}

// someColumns asks for columns cols (ordinals) of a table with schema sc and IDs ids.
func someColumns(sc *arrow.Schema, ids []uint32, cols []int) []colReq {
	reqs := make([]colReq, len(cols))
	for i, c := range cols {
		reqs[i] = colReq{id: ids[c], field: sc.Field(c)}
	}
	return reqs
}

// newSegment returns a segment of table oid for a new file, holding rows rows of the columns
// ids.
func (s *Store) newSegment(oid types.OID, file string, ids []uint32, rows int64) *segment {
	return &segment{file: file, rows: rows, cols: ids, data: newSegData(filepath.Join(s.tableDir(oid), file), rows, ids),
		sk: newSegSketches(), keys: newSegKeys()}
}

// liveRecords returns the rows of sg its deletion vector leaves, in a table's schema sc with
// column IDs ids.
func (s *Store) liveRecords(sg *segment, sc *arrow.Schema, ids []uint32) ([]arrow.Record, error) {
	recs, err := s.segmentRecords(sg.data, allColumns(sc, ids))
	if err != nil || sg.dels == nil {
		return recs, err
	}
	return visibleRows(nil, nil, recs, sg.dels, 0, s.opts.mem)
}

// rowAt returns row (its position in the file) of segment sg as a one-row record in a
// table's schema sc with column IDs ids, reading only the row group holding it; nil when
// the segment has no such row.
func (s *Store) rowAt(sg *segment, sc *arrow.Schema, ids []uint32, row int64) (arrow.Record, error) {
	reqs := allColumns(sc, ids)
	if hot := s.hotRecords(sg.data); hot != nil {
		for _, r := range hot {
			if row < r.NumRows() {
				rec := types.NewRecord(sc, s.hotColumns(sg.data, r, reqs), r.NumRows())
				defer rec.Release()
				return rec.NewSlice(row, row+1), nil
			}
			row -= r.NumRows()
		}
		return nil, nil
	}
	m, err := sg.data.footer(s.opts.mem)
	if err != nil {
		return nil, err
	}
	for rg := range len(m.starts) - 1 {
		if row >= m.starts[rg+1] {
			continue
		}
		cols, n, _, err := s.groupColumns(sg.data, rg, reqs)
		if err != nil {
			return nil, err
		}
		rec := types.NewRecord(sc, cols, n)
		defer rec.Release()
		return rec.NewSlice(row-m.starts[rg], row-m.starts[rg]+1), nil
	}
	return nil, nil
}

// memSegment returns a segment of table oid whose file (name file, columns ids) a later
// checkpoint writes: until then its rows, recs, are pinned in memory, outside the cache,
// since they are nowhere else.
func (s *Store) memSegment(oid types.OID, file string, ids []uint32, recs []arrow.Record) *segment {
	sg := s.newSegment(oid, file, ids, rowsOf(recs))
	sg.data.pin.Store(&recs)
	return sg
}

// pinned reports whether the segment's rows are in memory only.
func (d *segData) pinned() bool { return d.pin.Load() != nil }

// pinnedRecords returns the rows of a segment whose file is not written yet, or nil.
func (d *segData) pinnedRecords() []arrow.Record {
	if p := d.pin.Load(); p != nil {
		return *p
	}
	return nil
}

// unpin lets the cache hold (and evict) the rows of a segment whose file is now written.
func (s *Store) unpin(d *segData) {
	recs := d.pinnedRecords()
	if recs == nil {
		return
	}
	s.makeHot(d, recs)
	d.pin.Store(nil)
}

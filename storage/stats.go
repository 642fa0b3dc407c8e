package storage

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"runtime"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/stats"
	"github.com/pgfast/pgfast/catalog/types"
)

// Statistics. Each segment keeps a stats.Sketch per column, computed the first time a
// transaction asks for its table's statistics (or by ANALYZE) and then kept for the
// segment's life: segments are immutable, and one that only gains deleted rows keeps the
// sketches of its file (deleted rows still count in them, a small overestimate). A table's
// statistics merge its segments' sketches with one over the transaction's own inserted rows;
// the row count is exact.

// segSketches are the sketches of one segment file's columns, by column ID.
type segSketches struct {
	mu    sync.Mutex
	byCol map[uint32]*stats.Sketch
}

func newSegSketches() *segSketches { return &segSketches{byCol: map[uint32]*stats.Sketch{}} }

// sketches returns the segment's sketch of each column (of a table with schema sc and
// column IDs ids), computing the missing ones from the file's rows.
func (s *Store) sketches(sg *segment, sc *arrow.Schema, ids []uint32) ([]*stats.Sketch, error) {
	k := sg.sk
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]*stats.Sketch, len(ids))
	var missing []int
	for j, id := range ids {
		if out[j] = k.byCol[id]; out[j] == nil {
			missing = append(missing, j)
		}
	}
	if len(missing) > 0 {
		// The file's footer may hold them, written with the file.
		if m, err := sg.data.footer(s.opts.mem); err == nil && m.sketches != nil {
			still := missing[:0]
			for _, j := range missing {
				if sk := m.sketches[ids[j]]; sk != nil {
					k.byCol[ids[j]], out[j] = sk, sk
				} else {
					still = append(still, j)
				}
			}
			missing = still
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	recs, err := s.segmentRecords(sg.data, someColumns(sc, ids, missing))
	if err != nil {
		return nil, err
	}
	for i, j := range missing {
		sk := sketchColumn(recs, i)
		k.byCol[ids[j]] = sk
		out[j] = sk
	}
	return out, nil
}

// setSketches records the sketches of a new segment's columns ids.
func (sg *segment) setSketches(ids []uint32, sks []*stats.Sketch) {
	sg.sk.mu.Lock()
	defer sg.sk.mu.Unlock()
	for j, id := range ids {
		sg.sk.byCol[id] = sks[j]
	}
}

// sketchRecords sketches each of the ncols columns of recs.
func sketchRecords(recs []arrow.Record, ncols int) []*stats.Sketch {
	out := make([]*stats.Sketch, ncols)
	for j := range out {
		out[j] = sketchColumn(recs, j)
	}
	return out
}

func sketchColumn(recs []arrow.Record, col int) *stats.Sketch {
	sk := &stats.Sketch{}
	for _, r := range recs {
		sk.Add(r.Column(col))
	}
	return sk
}

// TableStats returns the statistics of table oid as the transaction sees it, or nil for a
// relation without stored rows (views, system relations).
func (t *Txn) TableStats(oid types.OID) (*stats.Table, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	td := t.base.tables[oid]
	tt := t.tables[oid]
	if td == nil && tt == nil {
		return nil, nil
	}
	ncols := len(def.Columns)
	merged := make([]stats.Sketch, ncols)
	var (
		segs []*segment
		rows int64
	)
	sc, colIDs := td.schemaOr(tt)
	if tt == nil {
		segs, rows = td.segments, td.rows
	} else {
		segs = tt.baseSegments()
		for i, sg := range segs {
			rows += sg.rows - union(sg.dels, tt.dels[i], sg.rows).count(0, sg.rows)
		}
		rows += tt.pendRows - tt.pendGone
		tt.sketchPending(ncols)
		for j := range merged {
			merged[j].Merge(&tt.pendSketch[j])
		}
		spilled, err := t.s.segmentSketches(tt.spilled, sc, colIDs)
		if err != nil {
			return nil, err
		}
		for _, seg := range spilled {
			for j, sk := range seg {
				merged[j].Merge(sk)
			}
		}
	}
	sks, err := t.s.segmentSketches(segs, sc, colIDs)
	if err != nil {
		return nil, err
	}
	for _, seg := range sks {
		for j, sk := range seg {
			merged[j].Merge(sk)
		}
	}
	ts := &stats.Table{Rows: float64(rows), Cols: make([]stats.Column, ncols)}
	for j := range merged {
		c := merged[j].Column()
		c.NDV = min(c.NDV, float64(rows))
		ts.Cols[j] = c
	}
	return ts, nil
}

// TableRows returns how many rows of table oid the transaction sees, counted from segment
// and deletion-vector sizes without reading a row or a statistic: the planner weighs a
// unique-index lookup against a scan by it before every single-row statement, where
// gathering the column statistics would cost more than the statement. ok is false for a
// table the transaction does not know.
func (t *Txn) TableRows(oid types.OID) (rows int64, ok bool) {
	td, tt := t.base.tables[oid], t.tables[oid]
	switch {
	case t.cat.TableByOID(oid) == nil || td == nil && tt == nil:
		return 0, false
	case tt == nil:
		return td.rows, true
	}
	for i, sg := range tt.baseSegments() {
		rows += sg.rows - sg.deleted
		if d := tt.dels[i]; d != nil {
			// Only rows the segment still has are deleted here: the transaction deletes
			// rows it sees.
			rows -= d.count(0, sg.rows)
		}
	}
	return rows + tt.pendRows - tt.pendGone, true
}

// schemaOr returns the schema and column IDs of the table as tt (if not nil) or the
// snapshot sees it.
func (td *tableData) schemaOr(tt *txnTable) (*arrow.Schema, []uint32) {
	if tt != nil {
		return tt.schema, tt.colIDs
	}
	return td.schema, td.colIDs
}

// segmentSketches returns every segment's column sketches, computing missing ones on all
// cores.
func (s *Store) segmentSketches(segs []*segment, sc *arrow.Schema, ids []uint32) ([][]*stats.Sketch, error) {
	out := make([][]*stats.Sketch, len(segs))
	errs := make([]error, len(segs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, sg := range segs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = s.sketches(sg, sc, ids)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sketchPending brings the sketches of the transaction's inserted rows up to date; rows are
// only ever appended to pending, so each batch is summarised once.
func (tt *txnTable) sketchPending(ncols int) {
	if len(tt.pendSketch) != ncols {
		tt.pendSketch, tt.pendSketched = make([]stats.Sketch, ncols), 0
	}
	for _, r := range tt.pending[tt.pendSketched:] {
		for j := range tt.pendSketch {
			tt.pendSketch[j].Add(r.Column(j))
		}
	}
	tt.pendSketched = len(tt.pending)
}

// Analyze computes the statistics of the given tables now, so that later plans find them
// ready.
func (t *Txn) Analyze(oids []types.OID) error {
	for _, oid := range oids {
		if _, err := t.TableStats(oid); err != nil {
			return err
		}
	}
	return nil
}

// sketchesKey is the footer key under which a segment file stores its column sketches.
const sketchesKey = "pgfast.sketches"

// encodeSketches encodes the sketches of columns ids for a file's footer: base64 of, per
// column, its ID and the sketch's encoding, each as a length-prefixed field.
func encodeSketches(ids []uint32, sks []*stats.Sketch) string {
	var b []byte
	for i, sk := range sks {
		enc, _ := sk.MarshalBinary()
		b = binary.AppendUvarint(b, uint64(ids[i]))
		b = binary.AppendUvarint(b, uint64(len(enc)))
		b = append(b, enc...)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func decodeSketches(s string) (map[uint32]*stats.Sketch, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	out := map[uint32]*stats.Sketch{}
	for len(b) > 0 {
		id, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errBadSketches
		}
		b = b[n:]
		size, n := binary.Uvarint(b)
		if n <= 0 || size > uint64(len(b)-n) {
			return nil, errBadSketches
		}
		b = b[n:]
		sk := &stats.Sketch{}
		if err := sk.UnmarshalBinary(b[:size]); err != nil {
			return nil, err
		}
		out[uint32(id)] = sk
		b = b[size:]
	}
	return out, nil
}

var errBadSketches = errors.New("storage: malformed sketches in a segment file's footer")

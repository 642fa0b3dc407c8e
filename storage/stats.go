package storage

import (
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

// sketches returns the segment's sketch of each column (colIDs name the columns of its
// batches, in order), computing the missing ones.
func (sg *segment) sketches(colIDs []uint32) []*stats.Sketch {
	k := sg.sk
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]*stats.Sketch, len(colIDs))
	for j, id := range colIDs {
		sk := k.byCol[id]
		if sk == nil {
			sk = sketchColumn(sg.batches, j)
			k.byCol[id] = sk
		}
		out[j] = sk
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
	recs, err := t.Batches(oid)
	if err != nil {
		return nil, err
	}
	rows := 0
	for _, r := range recs {
		rows += int(r.NumRows())
	}
	ncols := len(def.Columns)
	merged := make([]stats.Sketch, ncols)
	if tt != nil && tt.colMap != nil {
		// Altered in this transaction: the snapshot's segments have another layout.
		for j := range merged {
			for _, r := range recs {
				merged[j].Add(r.Column(j))
			}
		}
	} else {
		var segs []*segment
		colIDs := td.colIDsOr(tt)
		if tt == nil {
			segs = td.segments
		} else {
			segs = tt.baseSegments()
			tt.sketchPending(ncols)
			for j := range merged {
				merged[j].Merge(&tt.pendSketch[j])
			}
		}
		for _, sks := range segmentSketches(segs, colIDs) {
			for j, sk := range sks {
				merged[j].Merge(sk)
			}
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

// colIDsOr returns the column IDs of the table as tt (if not nil) or the snapshot sees it.
func (td *tableData) colIDsOr(tt *txnTable) []uint32 {
	if tt != nil {
		return tt.colIDs
	}
	return td.colIDs
}

// segmentSketches returns every segment's column sketches, computing missing ones on all
// cores.
func segmentSketches(segs []*segment, colIDs []uint32) [][]*stats.Sketch {
	out := make([][]*stats.Sketch, len(segs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, sg := range segs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = sg.sketches(colIDs)
		}()
	}
	wg.Wait()
	return out
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

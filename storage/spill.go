package storage

import (
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
)

// A transaction's inserted rows are held in memory until it commits, except in bulk: once a
// table's unwritten inserted rows reach a segment's worth, they are written to segment files
// at once (spilled), before the commit, and dropped from memory, so that a COPY of any size
// holds at most a segment's rows of it. Spilled segments hold the first spilledRows pending
// positions, the records in pending the rest; row identifiers, deletions and key indexes
// keep counting positions across both. The files are the transaction's until it commits:
// commit adds them to the table like the segments a large insert writes before the commit
// lock, and a rollback (or a commit that no longer needs them) deletes them. A crash leaves
// them unreferenced, for Open to delete.

// spillIfLarge writes tt's unwritten inserted rows to segment files when they reach a
// segment's worth.
func (t *Txn) spillIfLarge(oid types.OID, tt *txnTable) error {
	if tt.pendRows-tt.spilledRows < t.s.opts.segmentRows {
		return nil
	}
	recs, err := rechunk(tt.schema, tt.pending, t.s.opts.mem)
	if err != nil {
		return err
	}
	segs, _, err := t.s.writeSegments(oid, tt.schema, tt.colIDs, recs)
	if err != nil {
		return err
	}
	for _, sg := range segs {
		t.spilledFiles = append(t.spilledFiles, sg.data.path)
	}
	tt.spilled = append(tt.spilled, segs...)
	tt.spilledRows = tt.pendRows
	releaseAll(tt.pending)
	tt.pending = nil
	// The spilled segments carry sketches of their own (writeSegments).
	tt.pendSketch, tt.pendSketched = nil, 0
	tt.view = nil
	return nil
}

// spilledSegment returns the spilled segment holding pending position p, and p's row in it.
func (tt *txnTable) spilledSegment(p int64) (*segment, int64) {
	for _, sg := range tt.spilled {
		if p < sg.rows {
			return sg, p
		}
		p -= sg.rows
	}
	return nil, 0
}

// pendingRow returns pending row p as a one-row record in the transaction's schema of the
// table.
func (t *Txn) pendingRow(tt *txnTable, p int64) (arrow.Record, error) {
	if p < tt.spilledRows {
		sg, row := tt.spilledSegment(p)
		return t.s.rowAt(sg, tt.schema, tt.colIDs, row)
	}
	return rowOf(tt.pending, p-tt.spilledRows), nil
}

// finishSpilled prepares tt's spilled segments for commit: each gets a deletion vector file
// for the rows the transaction deleted again, or is left out when it lost them all.
func (t *Txn) finishSpilled(oid types.OID, tt *txnTable) ([]*segment, error) {
	var out []*segment
	var at int64
	for _, sg := range tt.spilled {
		start := at
		at += sg.rows
		gone := tt.pendDels.count(start, sg.rows)
		switch {
		case gone == 0:
			out = append(out, sg)
			continue
		case gone == sg.rows:
			continue
		}
		dels := newDelVec(sg.rows)
		for i := range sg.rows {
			if tt.pendDels.get(start + i) {
				dels.set(i)
			}
		}
		name := strings.TrimSuffix(t.s.newFileName(), segmentExt) + delExt
		path := filepath.Join(t.s.tableDir(oid), name)
		if err := t.s.writeDelVec(path, dels, sg.rows, gone); err != nil {
			return nil, err
		}
		t.spilledFiles = append(t.spilledFiles, path)
		ns := *sg
		ns.dels, ns.deleted, ns.delFile = dels, gone, name
		out = append(out, &ns)
	}
	return out, nil
}

// removeSpilled deletes the spilled files the committed version does not reference (none,
// after a rollback).
func (t *Txn) removeSpilled(keep map[string]bool) {
	for _, p := range t.spilledFiles {
		if !keep[p] {
			t.s.remove(p, false)
		}
	}
	t.spilledFiles = nil
}

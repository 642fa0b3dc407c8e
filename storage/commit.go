package storage

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// tableWrite is what one committing transaction adds to one table.
type tableWrite struct {
	oid    types.OID
	schema *arrow.Schema
	recs   []arrow.Record // the inserted rows, rechunked
	rows   int64
	segs   []*segment // segments already written before the commit lock, for large inserts
}

// Commit makes the transaction's changes durable and visible, then ends it. After Commit
// returns nil the changes survive a crash of the process. A transaction that changed nothing
// commits without I/O. On error nothing of the transaction is visible and the transaction is
// over either way.
//
// Commits are serialised; each rebases its changes onto the latest committed version, not its
// snapshot. Appends never conflict. Writing to or dropping a table a concurrent transaction
// dropped fails with 40001, and creating a name a concurrent transaction created fails with
// 42P07. Large inserts are written to disk before the commit lock is taken, so a bulk load
// does not hold up other committers.
func (t *Txn) Commit() error {
	if t.done {
		return nil
	}
	defer t.finish()
	if t.readOnly() {
		return nil
	}
	s := t.s
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	writes, err := t.prepareWrites()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ok := false
	var written []string // files this commit created, deleted unless it commits
	defer func() {
		if !ok {
			for _, p := range written {
				s.remove(p, false)
			}
			for _, oid := range t.created {
				os.Remove(s.tableDir(oid)) // empty by now; a leftover is an orphan for Open
			}
		}
	}()
	for _, w := range writes {
		for _, sg := range w.segs {
			written = append(written, filepath.Join(s.tableDir(w.oid), sg.file))
		}
	}
	if s.broken != nil {
		return pgerror.Wrapf(s.broken, pgcode.IoError, "storage is unusable after a failed commit")
	}
	latest := s.cur.Load()
	if err := t.validate(latest); err != nil {
		return err
	}

	next := &version{seq: latest.seq + 1, tables: maps.Clone(latest.tables)}
	var obsolete []string     // files the new version stops referencing
	var obsoleteDirs []string // directories of dropped tables
	for oid := range t.dropped {
		delete(next.tables, oid)
		obsoleteDirs = append(obsoleteDirs, s.tableDir(oid))
	}
	newDirs := false
	for _, oid := range t.created {
		next.tables[oid] = newTableData(t.cat.TableByOID(oid), t.schemas[oid], nil)
		if err := os.MkdirAll(s.tableDir(oid), 0o755); err != nil {
			return ioError(err, "could not create directory \"%s\"", s.tableDir(oid))
		}
		newDirs = true
	}
	for _, w := range writes {
		td := next.tables[w.oid]
		segs := slices.Clone(td.segments)
		if w.segs != nil {
			segs = append(segs, w.segs...)
		} else {
			start := mergeStart(segs, w.rows, s.opts.smallRows, s.opts.maxSmall)
			recs := w.recs
			if start < len(segs) {
				var merged []arrow.Record
				for _, sg := range segs[start:] {
					merged = append(merged, sg.batches...)
					obsolete = append(obsolete, filepath.Join(s.tableDir(w.oid), sg.file))
				}
				if recs, err = rechunk(w.schema, append(merged, w.recs...), s.opts.mem); err != nil {
					return err
				}
			}
			sg := &segment{file: s.newFileName(), rows: rowsOf(recs), batches: recs}
			path := filepath.Join(s.tableDir(w.oid), sg.file)
			if err := s.writeSegment(path, w.schema, recs); err != nil {
				return err
			}
			written = append(written, path)
			segs = append(segs[:start], sg)
		}
		next.tables[w.oid] = newTableData(td.def, td.schema, segs)
	}
	if err := s.runHook("after-segments"); err != nil {
		return err
	}
	for _, w := range writes {
		if err := s.syncDir(s.tableDir(w.oid)); err != nil {
			return err
		}
	}
	if newDirs {
		if err := s.syncDir(filepath.Join(s.dir, tablesDir)); err != nil {
			return err
		}
	}

	defs := make([]*catalog.TableDef, 0, len(next.tables))
	for _, td := range next.tables {
		defs = append(defs, td.def)
	}
	nextOID := types.OID(s.nextOID.Load())
	next.cat = catalog.Restore(defs, nextOID)
	renamed, err := s.writeManifest(manifestOf(next, nextOID, s.nextFile.Load()))
	if renamed {
		// The new manifest may be on disk, so its files must stay and memory must agree
		// with it; but durability is in doubt, so no further commit is allowed.
		ok = true
		s.cur.Store(next)
		if err != nil {
			s.broken = err
			return pgerror.Wrapf(err, pgcode.IoError, "could not make commit durable")
		}
	}
	if err != nil {
		return err
	}
	for _, p := range obsolete {
		s.remove(p, false)
	}
	for _, d := range obsoleteDirs {
		s.remove(d, true)
	}
	return nil
}

// prepareWrites rechunks the inserted rows of every table and writes the large inserts to
// their segment files, all before the commit lock is taken.
func (t *Txn) prepareWrites() (writes []*tableWrite, err error) {
	s := t.s
	oids := slices.Sorted(maps.Keys(t.pending))
	defer func() {
		if err != nil {
			for _, w := range writes {
				for _, sg := range w.segs {
					s.remove(filepath.Join(s.tableDir(w.oid), sg.file), false)
				}
			}
		}
	}()
	for _, oid := range oids {
		p := t.pending[oid]
		sc := t.schemaOf(t.cat.TableByOID(oid))
		recs, err := rechunk(sc, p.recs, s.opts.mem)
		if err != nil {
			return writes, err
		}
		w := &tableWrite{oid: oid, schema: sc, recs: recs, rows: p.rows}
		writes = append(writes, w)
		if p.rows >= s.opts.smallRows {
			if w.segs, err = s.writeSegments(oid, sc, recs); err != nil {
				return writes, err
			}
		}
	}
	return writes, nil
}

// writeSegments writes recs as one or more new segments of table oid. Inserts larger than a
// segment, or large enough to be worth it, are split so each core writes one file.
func (s *Store) writeSegments(oid types.OID, sc *arrow.Schema, recs []arrow.Record) ([]*segment, error) {
	dir := s.tableDir(oid)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, ioError(err, "could not create directory \"%s\"", dir)
	}
	total := rowsOf(recs)
	parts := (total + s.opts.segmentRows - 1) / s.opts.segmentRows
	if minPart := 4 * s.opts.smallRows; parts < int64(s.opts.workers) && total >= 2*minPart {
		parts = max(parts, min(int64(s.opts.workers), total/minPart))
	}
	per := (total + parts - 1) / parts
	var segs []*segment
	for len(recs) > 0 {
		var n int64
		i := 0
		for i < len(recs) && (n == 0 || n+recs[i].NumRows() <= per) {
			n += recs[i].NumRows()
			i++
		}
		segs = append(segs, &segment{file: s.newFileName(), rows: n, batches: recs[:i:i]})
		recs = recs[i:]
	}
	errs := make([]error, len(segs))
	var wg sync.WaitGroup
	for i, sg := range segs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.writeSegment(filepath.Join(dir, sg.file), sc, sg.batches)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			for j, sg := range segs {
				if errs[j] == nil {
					s.remove(filepath.Join(dir, sg.file), false)
				}
			}
			return nil, errs[i]
		}
	}
	return segs, nil
}

// validate checks that the transaction's changes still apply on latest, which may hold
// commits made since the transaction's snapshot.
func (t *Txn) validate(latest *version) error {
	if latest == t.base {
		return nil
	}
	for oid, def := range t.dropped {
		if latest.tables[oid] == nil {
			return concurrentDrop(def)
		}
	}
	for oid := range t.pending {
		if latest.tables[oid] == nil && !slices.Contains(t.created, oid) {
			return concurrentDrop(t.base.tables[oid].def)
		}
	}
	for _, oid := range t.created {
		def := t.cat.TableByOID(oid)
		if other := latest.cat.Table(def.Schema, def.Name); other != nil && t.dropped[other.OID] == nil {
			return duplicateTable(def.Name)
		}
	}
	return nil
}

// mergeStart decides which trailing segments a commit adding newRows rows in a small segment
// merges with them: it returns the index of the first segment to merge, or len(segs) for
// none. Only the trailing run of small segments is considered, so merging never reorders
// rows. Merging starts once that run would exceed maxSmall segments, and takes segments from
// the newest back while each is at most twice the rows gathered so far. Segment sizes thus
// grow geometrically towards older ones: a row is rewritten O(log n) times, and the run stays
// short, however many single-row commits arrive.
func mergeStart(segs []*segment, newRows, smallRows int64, maxSmall int) int {
	first := len(segs)
	for first > 0 && segs[first-1].rows < smallRows {
		first--
	}
	if len(segs)-first+1 <= maxSmall {
		return len(segs)
	}
	acc, i := newRows, len(segs)
	for i > first && segs[i-1].rows <= 2*acc {
		acc += segs[i-1].rows
		i--
	}
	return i
}

func concurrentDrop(def *catalog.TableDef) error {
	return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update").
		WithDetail("Relation \"" + def.Name + "\" was dropped by a concurrent transaction.")
}

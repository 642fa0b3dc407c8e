package storage

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	// segRecs are the rows of each of segs.
	segRecs [][]arrow.Record
}

// Commit makes the transaction's changes durable and visible, then ends it. After Commit
// returns nil the changes survive a crash of the process. A transaction that changed nothing
// commits without I/O. On error nothing of the transaction is visible and the transaction is
// over either way.
//
// Commits are serialised; each rebases its changes onto the latest committed version, not its
// snapshot. Appends never conflict. Writing to or dropping a table a concurrent transaction
// dropped fails with 40001, and creating a name a concurrent transaction created fails with
// 42P07. Deleting rows fails with 40001 when a transaction that committed after the snapshot
// deleted rows of the same table, truncated or altered it, or merged away a segment holding
// the rows; truncating and altering fail with 40001 after any concurrent commit to the table.
// Large inserts are written to disk before the commit lock is taken, so a bulk load does not
// hold up other committers.
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
	c := &commit{s: s, t: t}
	defer func() {
		if c.ok {
			// Spilled files this commit did not take (their rows were truncated or
			// deleted) go; finish deletes them all otherwise.
			keep := make(map[string]bool, len(c.written))
			for _, p := range c.written {
				keep[p] = true
			}
			t.removeSpilled(keep)
		} else {
			for _, p := range c.written {
				s.remove(p, false)
			}
			for _, oid := range t.created {
				os.Remove(s.tableDir(oid)) // empty by now; a leftover is an orphan for Open
			}
		}
	}()
	for _, w := range writes {
		for i, sg := range w.segs {
			c.wrote(sg, w.segRecs[i])
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
	c.next = next
	var obsoleteDirs []string // directories of dropped tables
	for oid := range t.dropped {
		delete(next.tables, oid)
		obsoleteDirs = append(obsoleteDirs, s.tableDir(oid))
	}
	newDirs := false
	for _, oid := range t.created {
		tt := t.tables[oid]
		next.tables[oid] = (&tableData{def: t.cat.TableByOID(oid), schema: tt.schema, colIDs: tt.colIDs,
			nextColID: tt.nextColID}).withSegments(nil)
		if err := os.MkdirAll(s.tableDir(oid), 0o755); err != nil {
			return ioError(err, "could not create directory \"%s\"", s.tableDir(oid))
		}
		newDirs = true
	}
	touched := map[types.OID]bool{}
	for _, oid := range slices.Sorted(maps.Keys(t.tables)) {
		if changed, err := c.rewrite(oid, t.tables[oid]); err != nil {
			return err
		} else if changed {
			touched[oid] = true
		}
	}
	for _, w := range writes {
		if err := c.appendRows(w); err != nil {
			return err
		}
		touched[w.oid] = true
	}
	if err := s.runHook("after-segments"); err != nil {
		return err
	}
	for _, oid := range slices.Sorted(maps.Keys(touched)) {
		if err := s.syncDir(s.tableDir(oid)); err != nil {
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
	if next.cat, err = catalog.Restore(defs, t.committedTypes(latest), nextOID); err != nil {
		return pgerror.Wrapf(err, pgcode.InternalError, "storage")
	}
	next.cat = next.cat.WithServers(t.committedServers(latest))
	next.cat = next.cat.WithSchemas(t.committedSchemas(latest))
	if err := checkTypeUses(next.cat); err != nil {
		return err
	}
	if err := checkServerUses(next.cat); err != nil {
		return err
	}
	if err := checkSchemaUses(next.cat); err != nil {
		return err
	}
	renamed, err := s.writeManifest(manifestOf(next, nextOID, s.nextFile.Load()))
	if renamed {
		// The new manifest may be on disk, so its files must stay and memory must agree
		// with it; but durability is in doubt, so no further commit is allowed.
		c.ok = true
		s.cur.Store(next)
		if err != nil {
			s.broken = err
			return pgerror.Wrapf(err, pgcode.IoError, "could not make commit durable")
		}
	}
	if err != nil {
		return err
	}
	s.retire(next.seq, c.obsolete, obsoleteDirs)
	for _, d := range c.gone {
		s.cache.forget(d)
	}
	for i, d := range c.fresh {
		s.makeHot(d, c.freshRecs[i])
	}
	return nil
}

// commit is the state of one commit under the commit lock: the version being built and the
// files it created and made obsolete.
type commit struct {
	s        *Store
	t        *Txn
	next     *version
	written  []string // files this commit created, deleted unless it commits
	obsolete []string // files the new version stops referencing
	ok       bool

	// The segments this commit wrote, with their rows (kept in memory while the cache has
	// room), and those it dropped.
	fresh     []*segData
	freshRecs [][]arrow.Record
	gone      []*segData
}

// wrote records a segment file this commit wrote (and its deletion vector), with its rows
// when they are in memory.
func (c *commit) wrote(sg *segment, recs []arrow.Record) {
	c.written = append(c.written, sg.data.path)
	if sg.delFile != "" {
		c.written = append(c.written, filepath.Join(filepath.Dir(sg.data.path), sg.delFile))
	}
	if recs != nil {
		c.fresh = append(c.fresh, sg.data)
		c.freshRecs = append(c.freshRecs, recs)
	}
}

// dropFiles marks the files of sg obsolete.
func (c *commit) dropFiles(oid types.OID, sg *segment) {
	c.obsolete = append(c.obsolete, filepath.Join(c.s.tableDir(oid), sg.file))
	c.gone = append(c.gone, sg.data)
	if sg.delFile != "" {
		c.obsolete = append(c.obsolete, filepath.Join(c.s.tableDir(oid), sg.delFile))
	}
}

// rewrite applies a transaction's truncation, deletions and new definition to table oid of
// the version being built, and reports whether it wrote files. validate has made sure the
// segments concerned are still in the latest version.
func (c *commit) rewrite(oid types.OID, tt *txnTable) (bool, error) {
	if tt.base == nil || !tt.truncated && !tt.deletes() && !tt.altered {
		return false, nil
	}
	td := c.next.tables[oid]
	segs := slices.Clone(td.segments)
	wrote := false
	if tt.truncated {
		for _, sg := range segs {
			c.dropFiles(oid, sg)
		}
		segs = nil
	}
	if tt.deletes() {
		at := make(map[*segment]int, len(segs))
		for j, sg := range segs {
			at[sg] = j
		}
		for _, i := range slices.Sorted(maps.Keys(tt.dels)) {
			sg := tt.base.segments[i]
			j := at[sg]
			ns, err := c.deleteRows(oid, td, sg, tt.dels[i])
			if err != nil {
				return false, err
			}
			segs[j] = ns
			wrote = true
		}
		segs = slices.DeleteFunc(segs, func(sg *segment) bool { return sg == nil })
	}
	nt := *td
	if tt.altered {
		// Segments are read by column ID: the files and their rows stay as they are.
		nt.def, nt.schema, nt.colIDs, nt.nextColID = c.t.cat.TableByOID(oid), tt.schema, tt.colIDs, tt.nextColID
	}
	nt.rewriteSeq = c.next.seq
	c.next.tables[oid] = nt.withSegments(segs)
	return wrote, nil
}

// deleteRows returns sg with the rows of d deleted too, or nil when no row is left. A segment
// that has lost at least half its rows, or a small one, is rewritten without them; otherwise
// a new deletion vector file is written beside it.
func (c *commit) deleteRows(oid types.OID, td *tableData, sg *segment, d delVec) (*segment, error) {
	s := c.s
	dels := union(sg.dels, d, sg.rows)
	gone := dels.count(0, sg.rows)
	if gone == sg.deleted {
		return sg, nil
	}
	if gone == sg.rows {
		c.dropFiles(oid, sg)
		return nil, nil
	}
	dir := s.tableDir(oid)
	if 2*gone >= sg.rows || sg.rows <= BatchRows {
		recs, err := s.segmentRecords(sg.data, allColumns(td.schema, td.colIDs))
		if err != nil {
			return nil, err
		}
		live, err := visibleRows(nil, nil, recs, dels, 0, s.opts.mem)
		if err != nil {
			return nil, err
		}
		if live, err = rechunk(td.schema, live, s.opts.mem); err != nil {
			return nil, err
		}
		ns := s.newSegment(oid, s.newFileName(), td.colIDs, rowsOf(live))
		if err := s.writeSegment(ns.data.path, td.schema, live, nil, nil); err != nil {
			return nil, err
		}
		c.wrote(ns, live)
		c.dropFiles(oid, sg)
		return ns, nil
	}
	// The segment file stays; only its deletion vector is new.
	if sg.delFile != "" {
		c.obsolete = append(c.obsolete, filepath.Join(dir, sg.delFile))
	}
	name := strings.TrimSuffix(s.newFileName(), segmentExt) + delExt
	path := filepath.Join(dir, name)
	if err := s.writeDelVec(path, dels, sg.rows, gone); err != nil {
		return nil, err
	}
	c.written = append(c.written, path)
	// Same file, same rows: the data, sketches and key indexes still describe it.
	ns := *sg
	ns.dels, ns.deleted, ns.delFile = dels, gone, name
	return &ns, nil
}

// appendRows adds a transaction's inserted rows to its table in the version being built:
// the segments written before the lock, or one new small segment, merged with the trailing
// small segments when there are too many of them.
func (c *commit) appendRows(w *tableWrite) error {
	s := c.s
	td := c.next.tables[w.oid]
	segs := slices.Clone(td.segments)
	if w.segs != nil {
		segs = append(segs, w.segs...)
	} else {
		start := mergeStart(segs, w.rows, s.opts.smallRows, s.opts.maxSmall)
		recs := w.recs
		if start < len(segs) {
			// Merging also drops the merged segments' deleted rows.
			var merged []arrow.Record
			for _, sg := range segs[start:] {
				live, err := s.liveRecords(sg, w.schema, td.colIDs)
				if err != nil {
					return err
				}
				merged = append(merged, live...)
				c.dropFiles(w.oid, sg)
			}
			var err error
			if recs, err = rechunk(w.schema, append(merged, w.recs...), s.opts.mem); err != nil {
				return err
			}
		}
		sg := s.newSegment(w.oid, s.newFileName(), td.colIDs, rowsOf(recs))
		if err := s.writeSegment(sg.data.path, w.schema, recs, nil, nil); err != nil {
			return err
		}
		c.wrote(sg, recs)
		segs = append(segs[:start], sg)
	}
	c.next.tables[w.oid] = td.withSegments(segs)
	return nil
}

// prepareWrites rechunks the inserted rows of every table, without those deleted again, and
// writes the large inserts to their segment files, all before the commit lock is taken.
func (t *Txn) prepareWrites() (writes []*tableWrite, err error) {
	s := t.s
	defer func() {
		if err != nil {
			for _, w := range writes {
				for _, sg := range w.segs {
					s.remove(sg.data.path, false)
				}
			}
		}
	}()
	for _, oid := range slices.Sorted(maps.Keys(t.tables)) {
		tt := t.tables[oid]
		if tt.pendRows-tt.pendGone == 0 {
			continue
		}
		spilled, err := t.finishSpilled(oid, tt)
		if err != nil {
			return writes, err
		}
		pending := tt.pending
		if gone := tt.pendDels.count(tt.spilledRows, tt.pendRows-tt.spilledRows); gone > 0 {
			d := shiftDelVec(tt.pendDels, tt.spilledRows, tt.pendRows-tt.spilledRows)
			if pending, err = visibleRows(nil, nil, tt.pending, d, 0, s.opts.mem); err != nil {
				return writes, err
			}
		}
		recs, err := rechunk(tt.schema, pending, s.opts.mem)
		if err != nil {
			return writes, err
		}
		w := &tableWrite{oid: oid, schema: tt.schema, recs: recs, rows: rowsOf(recs)}
		if w.rows >= s.opts.smallRows || len(spilled) > 0 && w.rows > 0 {
			if w.segs, w.segRecs, err = s.writeSegments(oid, tt.schema, tt.colIDs, recs); err != nil {
				return writes, err
			}
		}
		if len(spilled) > 0 {
			w.segs = append(spilled, w.segs...)
			w.segRecs = append(make([][]arrow.Record, len(spilled)), w.segRecs...)
		}
		if w.rows > 0 || len(w.segs) > 0 {
			writes = append(writes, w)
		}
	}
	return writes, nil
}

// shiftDelVec returns the n bits of d from position off as a vector of its own.
func shiftDelVec(d delVec, off, n int64) delVec {
	out := newDelVec(n)
	for i := range n {
		if d.get(off + i) {
			out.set(i)
		}
	}
	return out
}

// writeSegments writes recs as one or more new segments of table oid, and returns them with
// the rows of each. Inserts larger than a segment, or large enough to be worth it, are split
// so each core writes one file.
func (s *Store) writeSegments(oid types.OID, sc *arrow.Schema, cols []uint32, recs []arrow.Record) ([]*segment, [][]arrow.Record, error) {
	dir := s.tableDir(oid)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, ioError(err, "could not create directory \"%s\"", dir)
	}
	total := rowsOf(recs)
	parts := (total + s.opts.segmentRows - 1) / s.opts.segmentRows
	if minPart := 4 * s.opts.smallRows; parts < int64(s.opts.workers) && total >= 2*minPart {
		parts = max(parts, min(int64(s.opts.workers), total/minPart))
	}
	per := (total + parts - 1) / parts
	var (
		segs  []*segment
		split [][]arrow.Record
	)
	for len(recs) > 0 {
		var n int64
		i := 0
		for i < len(recs) && (n == 0 || n+recs[i].NumRows() <= per) {
			n += recs[i].NumRows()
			i++
		}
		segs = append(segs, s.newSegment(oid, s.newFileName(), cols, n))
		split = append(split, recs[:i:i])
		recs = recs[i:]
	}
	errs := make([]error, len(segs))
	var wg sync.WaitGroup
	for i, sg := range segs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A bulk load's statistics are gathered here, on the writing cores, so that
			// planning after the load finds them ready.
			sks := sketchRecords(split[i], len(cols))
			sg.setSketches(cols, sks)
			errs[i] = s.writeSegment(sg.data.path, sc, split[i], cols, sks)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			for j, sg := range segs {
				if errs[j] == nil {
					s.remove(sg.data.path, false)
				}
			}
			return nil, nil, errs[i]
		}
	}
	return segs, split, nil
}

// validate checks that the transaction's changes still apply on latest, which may hold
// commits made since the transaction's snapshot.
func (t *Txn) validate(latest *version) error {
	if latest == t.base {
		return nil
	}
	if err := t.validateServers(latest); err != nil {
		return err
	}
	if err := t.validateTypes(latest); err != nil {
		return err
	}
	if err := t.validateSchemas(latest); err != nil {
		return err
	}
	for oid, def := range t.dropped {
		if latest.tables[oid] == nil {
			return concurrentDrop(def)
		}
	}
	for oid, tt := range t.tables {
		if tt.base == nil {
			continue
		}
		lt := latest.tables[oid]
		if lt == nil {
			return concurrentDrop(tt.base.def)
		}
		switch {
		case tt.truncated || tt.altered:
			if lt != tt.base {
				return concurrentUpdate()
			}
		case tt.deletes():
			if lt.rewriteSeq != tt.base.rewriteSeq || lt.schema != tt.base.schema {
				return concurrentUpdate()
			}
			for i := range tt.dels {
				if !slices.Contains(lt.segments, tt.base.segments[i]) {
					return concurrentUpdate() // merged with a concurrent insert's rows
				}
			}
		default: // appends only
			if lt.schema != tt.base.schema {
				return concurrentUpdate()
			}
		}
		if err := t.validateUnique(t.cat.TableByOID(oid), tt, lt); err != nil {
			return err
		}
		if def := t.cat.TableByOID(oid); def.QualifiedName() != tt.base.def.QualifiedName() {
			if other := latest.cat.Table(def.Schema, def.Name); other != nil && t.dropped[other.OID] == nil {
				return duplicateTable(def.Name)
			}
		}
	}
	for _, oid := range t.created {
		def := t.cat.TableByOID(oid)
		if other := latest.cat.Table(def.Schema, def.Name); other != nil && t.dropped[other.OID] == nil {
			return duplicateTable(def.Name)
		}
		if other := latest.cat.Type(def.Schema, def.Name); other != nil && !t.dropsType(other.OID) {
			return duplicateType(def.Name)
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

func concurrentUpdate() error {
	return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update")
}

func concurrentDrop(def *catalog.TableDef) error {
	return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update").
		WithDetail("Relation \"" + def.Name + "\" was dropped by a concurrent transaction.")
}

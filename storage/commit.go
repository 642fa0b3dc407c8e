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
// deleted the same rows or altered the table; truncating and altering fail with 40001 after
// any concurrent commit to the table.
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
		if !c.ok {
			for _, p := range c.written {
				s.remove(p, false)
			}
			for _, oid := range t.created {
				os.Remove(s.tableDir(oid)) // empty by now; a leftover is an orphan for Open
			}
		}
	}()
	for _, w := range writes {
		for _, sg := range w.segs {
			c.written = append(c.written, filepath.Join(s.tableDir(w.oid), sg.file))
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
	for _, p := range c.obsolete {
		s.remove(p, false)
	}
	for _, d := range obsoleteDirs {
		s.remove(d, true)
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
}

// dropFiles marks the files of sg obsolete.
func (c *commit) dropFiles(oid types.OID, sg *segment) {
	c.obsolete = append(c.obsolete, filepath.Join(c.s.tableDir(oid), sg.file))
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
		mem := c.s.opts.mem
		for j, sg := range segs {
			ns := *sg
			if tt.colMap != nil {
				ns.batches = projectAll(sg.batches, tt.schema, tt.colMap, mem)
				ns.visible = projectAll(sg.visible, tt.schema, tt.colMap, mem)
			}
			segs[j] = &ns
		}
		nt.def, nt.schema, nt.colIDs, nt.nextColID = c.t.cat.TableByOID(oid), tt.schema, tt.colIDs, tt.nextColID
	}
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
		live, err := visibleRows(nil, nil, sg.batches, dels, 0, s.opts.mem)
		if err != nil {
			return nil, err
		}
		if live, err = rechunk(td.schema, live, s.opts.mem); err != nil {
			return nil, err
		}
		ns := &segment{file: s.newFileName(), rows: rowsOf(live), cols: td.colIDs, batches: live, visible: live, sk: newSegSketches(), keys: newSegKeys()}
		s.withKeysOf(ns, []*segment{sg}, []delVec{dels})
		path := filepath.Join(dir, ns.file)
		if err := s.writeSegment(path, td.schema, live, nil); err != nil {
			return nil, err
		}
		c.written = append(c.written, path)
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
	ns, err := newSegment(sg.file, sg.cols, sg.batches, dels, gone, name, s.opts.mem)
	if ns != nil {
		ns.sk = sg.sk // same file, same rows: the sketches still describe it
		ns.keyBase, ns.keyList = sg.keyBase, sg.keyList
	}
	return ns, err
}

// appendRows adds a transaction's inserted rows to its table in the version being built:
// the segments written before the lock, or one new small segment, merged with the trailing
// small segments when there are too many of them.
func (c *commit) appendRows(w *tableWrite) error {
	s := c.s
	td := c.next.tables[w.oid]
	segs := slices.Clone(td.segments)
	if w.segs != nil {
		for _, sg := range w.segs {
			sg.keyBase = s.newKeys(sg.rows)
		}
		segs = append(segs, w.segs...)
	} else {
		start := mergeStart(segs, w.rows, s.opts.smallRows, s.opts.maxSmall)
		recs := w.recs
		var mergedSegs []*segment
		var mergedDels []delVec
		if start < len(segs) {
			// Merging also drops the merged segments' deleted rows.
			var merged []arrow.Record
			for _, sg := range segs[start:] {
				merged = append(merged, sg.visible...)
				c.dropFiles(w.oid, sg)
			}
			mergedSegs, mergedDels = segs[start:], make([]delVec, len(segs)-start)
			for i, sg := range mergedSegs {
				mergedDels[i] = sg.dels
			}
			var err error
			if recs, err = rechunk(w.schema, append(merged, w.recs...), s.opts.mem); err != nil {
				return err
			}
		}
		sg := &segment{file: s.newFileName(), rows: rowsOf(recs), cols: td.colIDs, batches: recs, visible: recs, sk: newSegSketches(), keys: newSegKeys()}
		if mergedSegs != nil {
			s.withKeysOf(sg, mergedSegs, mergedDels)
		} else {
			sg.keyBase = s.newKeys(sg.rows)
		}
		path := filepath.Join(s.tableDir(w.oid), sg.file)
		if err := s.writeSegment(path, w.schema, recs, nil); err != nil {
			return err
		}
		c.written = append(c.written, path)
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
					s.remove(filepath.Join(s.tableDir(w.oid), sg.file), false)
				}
			}
		}
	}()
	for _, oid := range slices.Sorted(maps.Keys(t.tables)) {
		tt := t.tables[oid]
		rows := tt.pendRows - tt.pendGone
		if rows == 0 {
			continue
		}
		pending := tt.pending
		if tt.pendGone > 0 {
			if pending, err = visibleRows(nil, nil, tt.pending, tt.pendDels, 0, s.opts.mem); err != nil {
				return writes, err
			}
		}
		recs, err := rechunk(tt.schema, pending, s.opts.mem)
		if err != nil {
			return writes, err
		}
		w := &tableWrite{oid: oid, schema: tt.schema, recs: recs, rows: rows}
		writes = append(writes, w)
		if rows >= s.opts.smallRows {
			if w.segs, err = s.writeSegments(oid, tt.schema, tt.colIDs, recs); err != nil {
				return writes, err
			}
		}
	}
	return writes, nil
}

// writeSegments writes recs as one or more new segments of table oid. Inserts larger than a
// segment, or large enough to be worth it, are split so each core writes one file.
func (s *Store) writeSegments(oid types.OID, sc *arrow.Schema, cols []uint32, recs []arrow.Record) ([]*segment, error) {
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
		segs = append(segs, &segment{file: s.newFileName(), rows: n, cols: cols, batches: recs[:i:i], visible: recs[:i:i], sk: newSegSketches(), keys: newSegKeys()})
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
			errs[i] = s.writeSegment(filepath.Join(dir, sg.file), sc, sg.batches, sg.sketches(cols))
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
	if latest == t.base && t.tablesOn(latest) {
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
		old := tt.base
		switch {
		case tt.truncated || tt.altered:
			if lt != tt.base {
				return concurrentUpdate()
			}
		case lt.schema != tt.base.schema:
			return concurrentUpdate()
		default:
			// Deleted rows must still be current: conflicts are per row.
			if err := tt.rebase(lt); err != nil {
				return err
			}
		}
		if err := t.validateUnique(t.cat.TableByOID(oid), tt, old, lt); err != nil {
			return err
		}
		if def := t.cat.TableByOID(oid); def.QualifiedName() != old.def.QualifiedName() {
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

// tablesOn reports whether every table the transaction changed is based on v's version
// of it (ROLLBACK TO SAVEPOINT can bring back changes based on an older snapshot).
func (t *Txn) tablesOn(v *version) bool {
	for oid, tt := range t.tables {
		if tt.base != nil && tt.base != v.tables[oid] {
			return false
		}
	}
	return true
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

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
	// segRecs are the rows of each of segs, when in memory (nil for spilled segments).
	segRecs [][]arrow.Record
	ipc     []byte // the rows encoded for the log, for a logged commit
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
// hold up other committers. A commit that only inserts a few rows and deletes some is
// appended to the write-ahead log and waits for a group fsync (wal.go); the others make a
// checkpoint (checkpoint.go).
func (t *Txn) Commit() error { return t.CommitReleasing(nil) }

// CommitReleasing is Commit that calls release, when not nil, as soon as a logged commit's
// record is written, before it waits for the record's fsync: from then on the commit is
// ordered before every later one and nothing but a crash undoes it, so the session lets go
// of its row locks there (see RecheckSnapshot). Otherwise the caller releases them when
// CommitReleasing returns.
func (t *Txn) CommitReleasing(release func()) error {
	if t.done {
		return nil
	}
	defer t.finish()
	if err := t.commitRoles(); err != nil {
		return err
	}
	if t.readOnly() {
		return t.AwaitReads()
	}
	s := t.s
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	logged := t.loggable()
	ws := t.writeSet()
	writes, err := t.prepareWrites(logged)
	if err != nil {
		return err
	}
	if !logged {
		s.ckptMu.Lock() // this commit makes a checkpoint
		defer s.ckptMu.Unlock()
	}
	s.mu.Lock()
	c := &commit{s: s, t: t}
	seq, err := c.run(writes, logged)
	if c.ok && t.reads != nil {
		s.recordWrites(t, ws, c.next.seq)
	}
	s.mu.Unlock()
	if c.ok {
		// Spilled files this commit did not take (their rows were truncated or deleted)
		// go; finish deletes them all otherwise.
		keep := make(map[string]bool, len(c.written))
		for _, p := range c.written {
			keep[p] = true
		}
		t.removeSpilled(keep)
		for i, d := range c.fresh {
			s.makeHot(d, c.freshRecs[i])
		}
	}
	if err != nil {
		return err
	}
	if seq == 0 {
		// A checkpoint made the commit durable; what it read must be too.
		return t.AwaitReads()
	}
	if release != nil {
		release()
	}
	if err := s.wal.waitDurable(seq); err != nil {
		return pgerror.Wrapf(err, pgcode.IoError, "could not make commit durable")
	}
	s.checkpointIfDue()
	return nil
}

// loggable reports whether the transaction's commit can go to the write-ahead log: it
// changed no catalog object, truncated nothing and inserted fewer rows per table than make
// a segment of their own.
func (t *Txn) loggable() bool {
	if t.cat != t.baseCat || len(t.created) > 0 || len(t.dropped) > 0 || len(t.types) > 0 ||
		len(t.servers) > 0 || len(t.schemas) > 0 || len(t.roles) > 0 || len(t.funcs) > 0 {
		return false
	}
	for _, tt := range t.tables {
		if tt.base == nil || tt.truncated || tt.altered || len(tt.spilled) > 0 || tt.pendRows-tt.pendGone >= t.s.opts.smallRows {
			return false
		}
	}
	return true
}

// run rebases the transaction onto the newest version and builds the next one. A logged
// commit appends its record to the log and returns the new version's number, to wait for
// its fsync outside the lock; any other commit makes a checkpoint and returns 0. The caller
// holds s.mu.
func (c *commit) run(writes []*tableWrite, logged bool) (uint64, error) {
	s, t := c.s, c.t
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
		for i, sg := range w.segs {
			c.wrote(sg, w.segRecs[i])
		}
	}
	if s.broken == nil {
		s.broken = s.wal.failed()
	}
	if s.broken != nil {
		return 0, pgerror.Wrapf(s.broken, pgcode.IoError, "storage is unusable after a failed commit")
	}
	latest := s.head
	if err := t.validateReads(); err != nil {
		return 0, err
	}
	if err := t.validate(latest); err != nil {
		return 0, err
	}

	next := &version{seq: latest.seq + 1, tables: maps.Clone(latest.tables)}
	c.next = next
	if logged {
		c.log = &walRecord{seq: next.seq}
	}
	var obsoleteDirs []string // directories of dropped tables
	for oid := range t.dropped {
		for _, sg := range next.tables[oid].segments {
			delete(s.onDisk, sg.file)
			delete(s.onDisk, sg.delFile)
		}
		delete(next.tables, oid)
		obsoleteDirs = append(obsoleteDirs, s.tableDir(oid))
	}
	newDirs := false
	for _, oid := range t.created {
		tt := t.tables[oid]
		next.tables[oid] = (&tableData{def: t.cat.TableByOID(oid), schema: tt.schema, colIDs: tt.colIDs,
			nextColID: tt.nextColID}).withSegments(nil)
		if err := os.MkdirAll(s.tableDir(oid), 0o755); err != nil {
			return 0, ioError(err, "could not create directory \"%s\"", s.tableDir(oid))
		}
		newDirs = true
	}
	for _, oid := range slices.Sorted(maps.Keys(t.tables)) {
		if err := c.rewrite(oid, t.tables[oid]); err != nil {
			return 0, err
		}
	}
	for _, w := range writes {
		if err := c.appendRows(w); err != nil {
			return 0, err
		}
	}
	if logged {
		next.cat = latest.cat
		if err := s.wal.append(next, c.log.encode()); err != nil {
			s.broken = err
			return 0, err
		}
		c.ok = true
		s.head = next
		s.logged.Store(next)
		s.obsolete = append(s.obsolete, c.obsolete...)
		return next.seq, nil
	}

	defs := make([]*catalog.TableDef, 0, len(next.tables))
	for _, td := range next.tables {
		defs = append(defs, td.def)
	}
	nextOID := types.OID(s.nextOID.Load())
	var err error
	if next.cat, err = catalog.Restore(defs, t.committedTypes(latest), nextOID); err != nil {
		return 0, pgerror.Wrapf(err, pgcode.InternalError, "storage")
	}
	next.cat = next.cat.WithServers(t.committedServers(latest))
	next.cat = next.cat.WithSchemas(t.committedSchemas(latest))
	next.cat = next.cat.WithRoles(t.committedRoles(latest))
	next.cat = next.cat.WithFunctions(t.committedFunctions(latest))
	if err := checkTypeUses(next.cat); err != nil {
		return 0, err
	}
	if err := checkServerUses(next.cat); err != nil {
		return 0, err
	}
	if err := checkSchemaUses(next.cat); err != nil {
		return 0, err
	}
	renamed, err := s.checkpoint(next, checkpointExtras{written: c.written, obsolete: c.obsolete,
		obsoleteDirs: obsoleteDirs, newDirs: newDirs})
	c.ok = renamed
	return 0, err
}

// commit is the state of one commit under the commit lock, or of the replay of a logged one:
// the version being built, the files it created and made obsolete, and its log record.
type commit struct {
	s        *Store
	t        *Txn // nil on replay
	next     *version
	written  []string // files this commit created, deleted unless it commits
	obsolete []string // files on disk the new version stops referencing
	ok       bool

	// log is the record of a logged commit being built, or the record being replayed.
	log    *walRecord
	replay bool
	cur    *walTable // the record's table being built or replayed
	nameAt int       // on replay, the next of cur.names to hand out

	// The segments written before the commit lock, with their rows when in memory (kept
	// while the cache has room).
	fresh     []*segData
	freshRecs [][]arrow.Record
}

// wrote records a segment file (and deletion vector) written before the commit lock.
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

// logTable returns the record's entry for table oid, adding it on first use, and makes it
// the one new file names are recorded in.
func (c *commit) logTable(oid types.OID) *walTable {
	if c.log == nil || c.replay {
		return nil
	}
	for _, lt := range c.log.tables {
		if lt.oid == oid {
			c.cur = lt
			return lt
		}
	}
	c.cur = &walTable{oid: oid, merged: -1}
	c.log.tables = append(c.log.tables, c.cur)
	return c.cur
}

// newName hands out the file name of a new segment or deletion vector. A logged commit
// records the names it hands out and its replay hands out the same ones.
func (c *commit) newName() string {
	if c.replay {
		if c.nameAt >= len(c.cur.names) {
			return ""
		}
		n := c.cur.names[c.nameAt]
		c.nameAt++
		c.s.bumpFile(n)
		return n
	}
	n := c.s.newFileName()
	if c.cur != nil {
		c.cur.names = append(c.cur.names, n)
	}
	return n
}

// dropFiles marks the files of sg obsolete; files not yet written need no deleting.
func (c *commit) dropFiles(oid types.OID, sg *segment) {
	for _, f := range []string{sg.file, sg.delFile} {
		if f != "" && c.s.onDisk[f] {
			c.obsolete = append(c.obsolete, filepath.Join(c.s.tableDir(oid), f))
		}
	}
}

// rewrite applies a transaction's truncation, deletions and new definition to table oid of
// the version being built. validate has made sure the segments concerned are still in the
// latest version.
func (c *commit) rewrite(oid types.OID, tt *txnTable) error {
	if tt.base == nil || !tt.truncated && !tt.deletes() && !tt.altered {
		return nil
	}
	td := c.next.tables[oid]
	segs := slices.Clone(td.segments)
	if tt.truncated {
		for _, sg := range segs {
			c.dropFiles(oid, sg)
		}
		segs = nil
	}
	if tt.deletes() {
		c.logTable(oid)
		dels := make([]segDel, 0, len(tt.dels))
		for _, i := range slices.Sorted(maps.Keys(tt.dels)) {
			dels = append(dels, segDel{sg: tt.base.segments[i], d: tt.dels[i]})
		}
		var err error
		if segs, err = c.applyDeletes(oid, td, segs, dels); err != nil {
			return err
		}
	}
	nt := *td
	if tt.altered {
		// Segments are read by column ID: their files (written or yet to be) and rows in
		// memory stay as they are.
		nt.def, nt.schema, nt.colIDs, nt.nextColID = c.t.cat.TableByOID(oid), tt.schema, tt.colIDs, tt.nextColID
	}
	c.next.tables[oid] = nt.withSegments(segs)
	return nil
}

// segDel is the rows one commit deletes from one segment.
type segDel struct {
	sg *segment
	d  delVec
}

// applyDeletes deletes the rows of dels from segs, the table's segments, which must hold
// each segment named, and returns the segments left. A logged commit records the rows.
func (c *commit) applyDeletes(oid types.OID, td *tableData, segs []*segment, dels []segDel) ([]*segment, error) {
	at := make(map[*segment]int, len(segs))
	for j, sg := range segs {
		at[sg] = j
	}
	for _, sd := range dels {
		j, ok := at[sd.sg]
		if !ok {
			return nil, pgerror.Newf(pgcode.InternalError, "storage: segment %s of table %d is gone", sd.sg.file, oid)
		}
		if c.cur != nil && !c.replay {
			c.cur.dels = append(c.cur.dels, walDel{seg: sd.sg.file, rows: sd.d.positions(sd.sg.rows)})
		}
		ns, err := c.deleteRows(oid, td, sd.sg, sd.d)
		if err != nil {
			return nil, err
		}
		if ns != sd.sg {
			c.dropRewritten(oid, sd.sg, ns)
		}
		segs[j] = ns
	}
	return slices.DeleteFunc(segs, func(sg *segment) bool { return sg == nil }), nil
}

// dropRewritten marks obsolete the files of sg that its successor ns (nil: none) no longer
// references.
func (c *commit) dropRewritten(oid types.OID, sg, ns *segment) {
	if ns != nil && ns.file == sg.file {
		if sg.delFile != "" && c.s.onDisk[sg.delFile] {
			c.obsolete = append(c.obsolete, filepath.Join(c.s.tableDir(oid), sg.delFile))
		}
		return
	}
	c.dropFiles(oid, sg)
}

// deleteRows returns sg with the rows of d deleted too, or nil when no row is left. A segment
// that has lost at least half its rows, or a small one, is rewritten without them into a new
// segment; otherwise it gets a new deletion vector. The files are written by the next
// checkpoint.
func (c *commit) deleteRows(oid types.OID, td *tableData, sg *segment, d delVec) (*segment, error) {
	s := c.s
	dels := union(sg.dels, d, sg.rows)
	gone := dels.count(0, sg.rows)
	if gone == sg.deleted {
		return sg, nil
	}
	if gone == sg.rows {
		return nil, nil
	}
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
		ns := s.memSegment(oid, c.newName(), td.colIDs, live)
		s.withKeysOf(ns, []*segment{sg}, []delVec{dels})
		return ns, nil
	}
	// The segment file stays; only its deletion vector is new. Same file, same rows: the
	// data, sketches and key indexes still describe it.
	ns := *sg
	ns.dels, ns.deleted, ns.delFile = dels, gone, strings.TrimSuffix(c.newName(), segmentExt)+delExt
	return &ns, nil
}

// appendRows adds a transaction's inserted rows to its table in the version being built:
// the segments written before the lock, or one new small segment, merged with the trailing
// small segments when there are too many of them.
func (c *commit) appendRows(w *tableWrite) error {
	s := c.s
	td := c.next.tables[w.oid]
	if w.segs != nil {
		for _, sg := range w.segs {
			sg.keyBase = s.newKeys(sg.rows)
		}
		c.next.tables[w.oid] = td.withSegments(append(slices.Clone(td.segments), w.segs...))
		return nil
	}
	start := mergeStart(td.segments, w.rows, s.opts.smallRows, s.opts.maxSmall)
	if lt := c.logTable(w.oid); lt != nil {
		lt.merged, lt.rows = len(td.segments)-start, w.ipc
	}
	return c.appendSmall(w.oid, w.schema, w.recs, start)
}

// appendSmall adds recs to table oid as one new segment, merged with its segments from start
// on (merging also drops their deleted rows). The segment's file is written by the next
// checkpoint.
func (c *commit) appendSmall(oid types.OID, schema *arrow.Schema, recs []arrow.Record, start int) error {
	td := c.next.tables[oid]
	segs := slices.Clone(td.segments)
	var mergedDels []delVec
	if start < len(segs) {
		var merged []arrow.Record
		for _, sg := range segs[start:] {
			live, err := c.s.liveRecords(sg, schema, td.colIDs)
			if err != nil {
				return err
			}
			merged = append(merged, live...)
			mergedDels = append(mergedDels, sg.dels)
			c.dropFiles(oid, sg)
		}
		var err error
		if recs, err = rechunk(schema, append(merged, recs...), c.s.opts.mem); err != nil {
			return err
		}
	}
	sg := c.s.memSegment(oid, c.newName(), td.colIDs, recs)
	// The merged rows keep their keys; the new ones get fresh keys, after theirs.
	c.s.withKeysOf(sg, segs[start:], mergedDels)
	c.next.tables[oid] = td.withSegments(append(segs[:start], sg))
	return nil
}

// prepareWrites rechunks the inserted rows of every table, without those deleted again, and
// writes the large inserts to their segment files, all before the commit lock is taken. For
// a logged commit it encodes the rows for the log instead.
func (t *Txn) prepareWrites(logged bool) (writes []*tableWrite, err error) {
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
		switch {
		case logged:
			if w.ipc, err = s.rowEnc.encode(tt.schema, recs, s.opts.mem); err != nil {
				return writes, pgerror.Wrapf(err, pgcode.InternalError, "storage: encoding rows for the log")
			}
		case w.rows >= s.opts.smallRows || len(spilled) > 0 && w.rows > 0:
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
			// planning after the load finds them ready (and after a restart: the file's
			// footer keeps them).
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
	if err := t.validateRoles(latest); err != nil {
		return err
	}
	if err := t.validateFunctions(latest); err != nil {
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

package storage

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// A checkpoint makes a version durable without the log: it writes every segment and deletion
// vector of the version that exists only in memory (made by logged commits, or by the commit
// making the checkpoint), fsyncs them and their directories, replaces the manifest, and then
// deletes the log files before the version and the files the manifest stopped naming.
// Commits that change the catalog, truncate or bulk-load make one under the commit mutex, as
// do Checkpoint and Close. When the log passes its size limit (WithCheckpointBytes), a
// background checkpoint folds it in while commits go on: under the commit mutex it only
// flushes the log, starts a new log file and notes the version to write; the files and the
// manifest are written outside it. Checkpoints are serialised by ckptMu, which is always
// taken before the commit mutex.

// defaultCheckpointBytes is the log size past which a background checkpoint starts.
const defaultCheckpointBytes = 32 << 20

// checkpointExtras is what the commit making a checkpoint adds to it: the files it wrote
// before the lock, the files and directories its version stops referencing, and whether it
// created table directories.
type checkpointExtras struct {
	written      []string
	obsolete     []string
	obsoleteDirs []string
	newDirs      bool
}

// checkpoint makes next, which must build on every version logged so far, the manifest's
// version, and publishes it. The caller holds ckptMu and s.mu. The returned flag reports
// whether the manifest was replaced, after which next is published even if an error is
// returned (the store is then broken: the disk's state is in doubt).
func (s *Store) checkpoint(next *version, ex checkpointExtras) (renamed bool, err error) {
	// Logged commits first become durable and visible: next includes them.
	if err := s.wal.flush(); err != nil {
		s.broken = err
		return false, err
	}
	for _, p := range ex.written {
		s.onDisk[filepath.Base(p)] = true
	}
	written, err := s.writeVersion(next, s.onDisk, ex.written, ex.newDirs)
	if err == nil {
		renamed, err = s.writeManifest(manifestOf(next, types.OID(s.nextOID.Load()), s.nextFile.Load()))
	}
	if !renamed {
		for _, p := range written {
			s.remove(p, false)
		}
		for _, p := range ex.written {
			delete(s.onDisk, filepath.Base(p))
		}
		return false, err
	}
	for _, p := range written {
		s.onDisk[filepath.Base(p)] = true
	}
	s.unpinWritten(next)
	s.head = next
	s.logged.Store(next)
	s.cur.Store(next)
	if err == nil {
		gen := s.wal.gen
		if s.wal.bytes() > 0 {
			gen, err = s.wal.rotate()
		}
		if err == nil {
			s.wal.dropBefore(gen, s.remove)
		}
	}
	s.wal.skipTo(next.seq)
	if err != nil {
		// The new manifest may be on disk, so its files must stay and memory must agree
		// with it; but durability is in doubt, so no further commit is allowed.
		s.broken = err
		return true, pgerror.Wrapf(err, pgcode.IoError, "could not make commit durable")
	}
	s.removeObsolete(next.seq, append(s.obsolete, ex.obsolete...), ex.obsoleteDirs)
	s.obsolete = nil
	return true, nil
}

// writeVersion writes the files of v that onDisk does not name, fsyncs them and the
// directories that gained files (also those of the already written files extra, and the
// tables directory when newDirs), and returns the paths it wrote.
func (s *Store) writeVersion(v *version, onDisk map[string]bool, extra []string, newDirs bool) (written []string, err error) {
	dirs := map[string]bool{}
	for _, p := range extra {
		dirs[filepath.Dir(p)] = true
	}
	for _, oid := range slices.Sorted(maps.Keys(v.tables)) {
		td := v.tables[oid]
		dir := s.tableDir(oid)
		for _, sg := range td.segments {
			files, err := s.writeMemFiles(dir, sg, onDisk)
			written = append(written, files...)
			if err != nil {
				return written, err
			}
			if len(files) > 0 {
				dirs[dir] = true
			}
		}
	}
	if err := s.runHook("after-segments"); err != nil {
		return written, err
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := s.syncDir(d); err != nil {
			return written, err
		}
	}
	if newDirs {
		if err := s.syncDir(filepath.Join(s.dir, tablesDir)); err != nil {
			return written, err
		}
	}
	return written, nil
}

// writeMemFiles writes the files of sg that exist only in memory: its Parquet file (its
// pinned rows, in the column layout they were committed with, which sg.cols names) and its
// deletion vector. It returns the paths it created.
func (s *Store) writeMemFiles(dir string, sg *segment, onDisk map[string]bool) ([]string, error) {
	var out []string
	if !onDisk[sg.file] {
		recs := sg.data.pinnedRecords()
		if recs == nil {
			return nil, pgerror.Newf(pgcode.InternalError, "storage: segment %s has neither a file nor rows", sg.file)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, ioError(err, "could not create directory \"%s\"", dir)
		}
		path := filepath.Join(dir, sg.file)
		if err := s.writeSegment(path, recs[0].Schema(), recs, nil, nil); err != nil {
			return nil, err
		}
		out = append(out, path)
	}
	if sg.delFile != "" && !onDisk[sg.delFile] {
		path := filepath.Join(dir, sg.delFile)
		if err := s.writeDelVec(path, sg.dels, sg.rows, sg.deleted); err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, nil
}

// removeObsolete forgets files (and table directories) no manifest from version seq on
// names; they are deleted once no running transaction's snapshot is older (horizon.go).
// The caller holds s.mu.
func (s *Store) removeObsolete(seq uint64, paths, dirs []string) {
	for _, p := range paths {
		delete(s.onDisk, filepath.Base(p))
	}
	s.retire(seq, paths, dirs)
}

// unpinWritten lets the cache hold (and evict) the rows of v's segments whose files are now
// written. The caller holds s.mu.
func (s *Store) unpinWritten(v *version) {
	for _, td := range v.tables {
		for _, sg := range td.segments {
			if sg.data.pinned() && s.onDisk[sg.file] {
				s.unpin(sg.data)
			}
		}
	}
}

// Checkpoint folds the commits in the write-ahead log into segment files and the manifest
// and empties the log (PostgreSQL's CHECKPOINT). Commits happen on their own; this forces
// one, as at shutdown.
func (s *Store) Checkpoint() error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkpointLocked()
}

// checkpointLocked makes a checkpoint of the newest version if the log holds any commit.
// The caller holds ckptMu and s.mu.
func (s *Store) checkpointLocked() error {
	if s.broken != nil {
		return pgerror.Wrapf(s.broken, pgcode.IoError, "storage is unusable after a failed commit")
	}
	if s.wal.empty() {
		return nil
	}
	_, err := s.checkpoint(s.head, checkpointExtras{})
	return err
}

// checkpointIfDue starts a background checkpoint once the log has grown past its limit,
// unless one is running.
func (s *Store) checkpointIfDue() {
	if s.wal.bytes() < s.opts.checkpointBytes || !s.ckptRunning.CompareAndSwap(false, true) {
		return
	}
	if err := s.enter(); err != nil {
		s.ckptRunning.Store(false)
		return
	}
	go func() {
		defer s.inflight.Done()
		defer s.ckptRunning.Store(false)
		// Commits logged during a checkpoint go to the next log file. If they alone passed
		// the limit, checkpoint again now, as PostgreSQL's checkpointer does when WAL
		// outgrows max_wal_size, rather than wait for a commit that may never come.
		for {
			if err := s.backgroundCheckpoint(); err != nil {
				s.opts.logger.Warn("storage: checkpoint failed", "err", err)
				return
			}
			if !s.checkpointStillDue() {
				return
			}
		}
	}()
}

// checkpointStillDue reports whether the log has passed its limit in a store that is open
// and usable.
func (s *Store) checkpointStillDue() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.broken == nil && !s.closed && s.wal.bytes() >= s.opts.checkpointBytes
}

// backgroundCheckpoint makes a checkpoint while commits go on. Commits logged meanwhile go
// to a new log file, which the checkpoint keeps.
func (s *Store) backgroundCheckpoint() error {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	s.mu.Lock()
	if s.broken != nil || s.closed || s.wal.bytes() < s.opts.checkpointBytes {
		s.mu.Unlock()
		return nil
	}
	if err := s.wal.flush(); err != nil {
		s.broken = err
		s.mu.Unlock()
		return err
	}
	v := s.head
	gen, err := s.wal.rotate()
	if err != nil {
		s.broken = err
		s.mu.Unlock()
		return err
	}
	obsolete := s.obsolete // files no version from v on names
	s.obsolete = nil
	onDisk := maps.Clone(s.onDisk)
	s.mu.Unlock()

	written, err := s.writeVersion(v, onDisk, nil, false)
	renamed := false
	if err == nil {
		renamed, err = s.writeManifest(manifestOf(v, types.OID(s.nextOID.Load()), s.nextFile.Load()))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !renamed {
		for _, p := range written {
			s.remove(p, false)
		}
		s.obsolete = append(obsolete, s.obsolete...)
		return err
	}
	// Files written for segments that commits made since v dropped are named by no later
	// version: the next checkpoint deletes them.
	live := s.head.fileNames()
	for _, p := range written {
		s.onDisk[filepath.Base(p)] = true
		if !live[filepath.Base(p)] {
			s.obsolete = append(s.obsolete, p)
		}
	}
	s.unpinWritten(v)
	if err != nil {
		s.broken = err
		return pgerror.Wrapf(err, pgcode.IoError, "could not make checkpoint durable")
	}
	s.removeObsolete(v.seq, obsolete, nil)
	s.wal.dropBefore(gen, s.remove)
	return nil
}

// fileNames returns the names of the segment and deletion vector files of v.
func (v *version) fileNames() map[string]bool {
	out := map[string]bool{}
	for _, td := range v.tables {
		for _, sg := range td.segments {
			out[sg.file] = true
			if sg.delFile != "" {
				out[sg.delFile] = true
			}
		}
	}
	return out
}

// replayLog redoes the logged commits above version v and returns the version they make.
func (s *Store) replayLog(v *version) (*version, error) {
	entries, err := s.wal.read()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(s.dir, "wal-*.log")
	for _, e := range entries {
		rec, err := decodeWALRecord(e.payload)
		if err != nil {
			return nil, corrupted(path, err)
		}
		if rec.seq <= v.seq {
			continue // folded in by a checkpoint whose emptying of the log was lost
		}
		if rec.seq != v.seq+1 {
			return nil, corrupted(path, fmt.Errorf("record of version %d follows version %d", rec.seq, v.seq))
		}
		if v, err = s.replay(v, rec); err != nil {
			return nil, corrupted(path, fmt.Errorf("version %d: %w", rec.seq, err))
		}
	}
	s.wal.durable, s.wal.appended = v.seq, v.seq
	return v, nil
}

// replay redoes one logged commit on prev, its predecessor.
func (s *Store) replay(prev *version, rec *walRecord) (*version, error) {
	next := &version{seq: rec.seq, cat: prev.cat, tables: maps.Clone(prev.tables)}
	c := &commit{s: s, next: next, log: rec, replay: true}
	for _, lt := range rec.tables {
		c.cur, c.nameAt = lt, 0
		td := next.tables[lt.oid]
		if td == nil {
			return nil, fmt.Errorf("no table %d", lt.oid)
		}
		if len(lt.dels) > 0 {
			dels, err := lt.segDels(td)
			if err != nil {
				return nil, err
			}
			segs, err := c.applyDeletes(lt.oid, td, slices.Clone(td.segments), dels)
			if err != nil {
				return nil, err
			}
			next.tables[lt.oid] = td.withSegments(segs)
		}
		if lt.merged >= 0 {
			td = next.tables[lt.oid]
			recs, err := decodeRows(td.schema, lt.rows, s.opts.mem)
			if err != nil {
				return nil, err
			}
			start := len(td.segments) - lt.merged
			if start < 0 {
				return nil, fmt.Errorf("table %d has %d segments, %d to merge", lt.oid, len(td.segments), lt.merged)
			}
			if err := c.appendSmall(lt.oid, td.schema, recs, start); err != nil {
				return nil, err
			}
		}
		if c.nameAt != len(lt.names) || slices.Contains(lt.names, "") {
			return nil, errors.New("file names do not match the changes")
		}
	}
	s.obsolete = append(s.obsolete, c.obsolete...)
	return next, nil
}

// segDels finds the segments the deletions name in td and builds their deletion vectors.
func (lt *walTable) segDels(td *tableData) ([]segDel, error) {
	byName := make(map[string]*segment, len(td.segments))
	for _, sg := range td.segments {
		byName[sg.file] = sg
	}
	out := make([]segDel, len(lt.dels))
	for i, d := range lt.dels {
		sg := byName[d.seg]
		if sg == nil {
			return nil, fmt.Errorf("table %d has no segment %s", lt.oid, d.seg)
		}
		dv := newDelVec(sg.rows)
		for _, row := range d.rows {
			if row < 0 || row >= sg.rows {
				return nil, fmt.Errorf("segment %s has no row %d", d.seg, row)
			}
			dv.set(row)
		}
		out[i] = segDel{sg: sg, d: dv}
	}
	return out, nil
}

// bumpFile makes sure the file sequence hands out names after name.
func (s *Store) bumpFile(name string) {
	n, ok := fileSeq(strings.TrimSuffix(name, segmentExt))
	if !ok {
		return
	}
	for {
		cur := s.nextFile.Load()
		if n <= cur || s.nextFile.CompareAndSwap(cur, n) {
			return
		}
	}
}

package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// recover loads the state the manifest describes and deletes every file it does not name.
// Such files are what a crash leaves between writing segments and publishing the manifest
// that references them, or between publishing a manifest and deleting the files it stopped
// referencing; either way no committed state needs them.
func (s *Store) recover() error {
	m, err := readManifest(s.dir)
	if err != nil {
		return err
	}
	if m == nil {
		m = &manifest{Format: manifestFormat, NextOID: catalog.FirstUserOID}
	}
	v := &version{seq: m.Version, tables: make(map[types.OID]*tableData, len(m.Tables))}
	typeDefs := make([]*catalog.TypeDef, len(m.Types))
	for i := range m.Types {
		if typeDefs[i], err = m.Types[i].typeDef(); err != nil {
			return corrupted(filepath.Join(s.dir, manifestName), err)
		}
	}
	// The types' structures must be known before the tables' Arrow schemas are.
	if err := catalog.RegisterTypes(typeDefs); err != nil {
		return corrupted(filepath.Join(s.dir, manifestName), err)
	}
	defs := make([]*catalog.TableDef, len(m.Tables))
	tables := make([]*tableData, len(m.Tables))
	var jobs []loadJob
	maxFile := m.NextFile
	for i := range m.Tables {
		mt := &m.Tables[i]
		def, err := mt.tableDef()
		if err == nil {
			tables[i] = &tableData{def: def, schema: def.ArrowSchema()}
			tables[i].colIDs, tables[i].nextColID, err = mt.columnIDs()
		}
		if err != nil {
			return corrupted(filepath.Join(s.dir, manifestName), err)
		}
		defs[i] = def
		td := tables[i]
		td.segments = make([]*segment, len(mt.Segments))
		for j, ms := range mt.Segments {
			sg := &segment{file: ms.File, rows: ms.Rows, cols: td.colIDs, deleted: ms.Deleted, delFile: ms.Deletes, sk: newSegSketches(), keys: newSegKeys()}
			if ms.Columns != nil {
				sg.cols = ms.Columns
			}
			sg.keyBase = s.newKeys(ms.Rows)
			sg.data = newSegData(filepath.Join(s.tableDir(def.OID), ms.File), ms.Rows, sg.cols)
			td.segments[j] = sg
			for _, f := range []string{ms.File, ms.Deletes} {
				if n, ok := fileSeq(f); ok && n > maxFile {
					maxFile = n
				}
			}
			if (ms.Deletes == "") != (ms.Deleted == 0) || ms.Deleted < 0 || ms.Deleted >= ms.Rows {
				return corrupted(filepath.Join(s.dir, manifestName),
					fmt.Errorf("segment %s of table %q has %d of %d rows deleted", ms.File, mt.Name, ms.Deleted, ms.Rows))
			}
			if ms.Deletes != "" {
				jobs = append(jobs, loadJob{dir: s.tableDir(def.OID), seg: sg})
			}
		}
	}
	if err := s.load(jobs); err != nil {
		return err
	}
	for _, td := range tables {
		v.tables[td.def.OID] = td.withSegments(td.segments)
	}
	if v.cat, err = catalog.Restore(defs, typeDefs, m.NextOID); err != nil {
		return corrupted(filepath.Join(s.dir, manifestName), err)
	}
	v.cat = v.cat.WithServers(m.Servers)
	v.cat = v.cat.WithSchemas(m.Schemas)
	v.cat = v.cat.WithRoles(m.Roles)
	v.cat = v.cat.WithFunctions(m.Functions)
	s.nextOID.Store(uint32(max(m.NextOID, v.cat.NextOID())))
	if v.cat, err = v.cat.WithMissingRowTypes(func() types.OID { return s.allocOIDs(2) }); err != nil {
		return corrupted(filepath.Join(s.dir, manifestName), err)
	}
	s.nextFile.Store(maxFile)
	s.onDisk = map[string]bool{}
	for _, td := range v.tables {
		for _, sg := range td.segments {
			s.onDisk[sg.file] = true
			if sg.delFile != "" {
				s.onDisk[sg.delFile] = true
			}
		}
	}
	// Orphans go first: a checkpoint the crash interrupted may have left files under the
	// names the log's commits give their segments, which the next checkpoint writes anew.
	s.removeOrphans(v)
	if s.wal, err = openWAL(s.dir, s.opts.fsync, s.publish); err != nil {
		return err
	}
	if v, err = s.replayLog(v); err != nil {
		return err
	}
	s.head = v
	s.logged.Store(v)
	s.cur.Store(v)
	return nil
}

// publish makes v the version new transactions see.
func (s *Store) publish(v *version) { s.cur.Store(v) }

// loadJob reads the deletion vector of one segment. Segment files themselves are read
// when scans first need them (segdata.go).
type loadJob struct {
	dir string
	seg *segment
}

func (j *loadJob) run() error {
	sg := j.seg
	var err error
	sg.dels, err = readDelVec(filepath.Join(j.dir, sg.delFile), sg.rows, sg.deleted)
	return err
}

// load reads the deletion vectors on all workers at once.
func (s *Store) load(jobs []loadJob) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan *loadJob)
	)
	for range min(s.opts.workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if err := j.run(); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range jobs {
		next <- &jobs[i]
	}
	close(next)
	wg.Wait()
	return firstErr
}

// removeOrphans deletes the table directories and files v does not reference. Failures are
// only logged: an orphan that survives is removed at the next Open.
func (s *Store) removeOrphans(v *version) {
	os.Remove(filepath.Join(s.dir, manifestTemp))
	root := filepath.Join(s.dir, tablesDir)
	dirs, err := os.ReadDir(root)
	if err != nil {
		s.opts.logger.Warn("storage: cannot list tables", "dir", root, "err", err)
		return
	}
	for _, d := range dirs {
		oid, err := strconv.ParseUint(d.Name(), 10, 32)
		td := v.tables[types.OID(oid)]
		path := filepath.Join(root, d.Name())
		if err != nil || td == nil || !d.IsDir() {
			s.remove(path, true)
			continue
		}
		keep := make(map[string]bool, len(td.segments))
		for _, sg := range td.segments {
			keep[sg.file] = true
			if sg.delFile != "" {
				keep[sg.delFile] = true
			}
		}
		files, err := os.ReadDir(path)
		if err != nil {
			s.opts.logger.Warn("storage: cannot list table files", "dir", path, "err", err)
			continue
		}
		for _, f := range files {
			if !keep[f.Name()] {
				s.remove(filepath.Join(path, f.Name()), true)
			}
		}
	}
}

func (s *Store) remove(path string, all bool) {
	var err error
	if all {
		err = os.RemoveAll(path)
	} else {
		err = os.Remove(path)
	}
	if err != nil && !os.IsNotExist(err) {
		s.opts.logger.Warn("storage: cannot remove obsolete file", "path", path, "err", err)
	}
}

// fileSeq parses the sequence number out of a segment or deletion vector file name.
func fileSeq(name string) (uint64, bool) {
	base, _, _ := strings.Cut(name, ".")
	n, err := strconv.ParseUint(base, 16, 64)
	return n, err == nil && name != ""
}

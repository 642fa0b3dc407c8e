package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

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
	defs := make([]*catalog.TableDef, len(m.Tables))
	tables := make([]*tableData, len(m.Tables))
	var jobs []loadJob
	maxFile := m.NextFile
	for i := range m.Tables {
		mt := &m.Tables[i]
		def, err := mt.tableDef()
		if err != nil {
			return corrupted(filepath.Join(s.dir, manifestName), err)
		}
		defs[i] = def
		segs := make([]*segment, len(mt.Segments))
		for j, ms := range mt.Segments {
			segs[j] = &segment{file: ms.File, rows: ms.Rows}
			if n, ok := fileSeq(ms.File); ok && n > maxFile {
				maxFile = n
			}
		}
		tables[i] = &tableData{def: def, schema: def.ArrowSchema(), segments: segs}
		for _, sg := range segs {
			jobs = append(jobs, loadJob{path: filepath.Join(s.tableDir(def.OID), sg.file), schema: tables[i].schema, seg: sg})
		}
	}
	if err := s.load(jobs); err != nil {
		return err
	}
	for _, td := range tables {
		v.tables[td.def.OID] = newTableData(td.def, td.schema, td.segments)
	}
	v.cat = catalog.Restore(defs, m.NextOID)
	s.nextOID.Store(uint32(max(m.NextOID, v.cat.NextOID())))
	s.nextFile.Store(maxFile)
	s.cur.Store(v)
	s.removeOrphans(v)
	return nil
}

type loadJob struct {
	path   string
	schema *arrow.Schema
	seg    *segment
}

// load reads the segment files on all workers at once; decoding Parquet is CPU-bound.
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
				recs, rows, err := readSegment(j.path, j.schema, s.opts.mem)
				if err == nil && rows != j.seg.rows {
					err = corrupted(j.path, fmt.Errorf("file holds %d rows, manifest says %d", rows, j.seg.rows))
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				j.seg.batches = recs
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

// fileSeq parses the sequence number out of a segment file name.
func fileSeq(name string) (uint64, bool) {
	n, err := strconv.ParseUint(strings.TrimSuffix(name, segmentExt), 16, 64)
	return n, err == nil
}

package storage

import "math"

// Segment files are read lazily, so a transaction may read a file long after a later commit
// stopped referencing it (merged, rewritten, truncated, dropped). Such files are therefore
// not deleted when the commit that makes them obsolete publishes, but once no transaction
// whose snapshot predates that commit is left: each transaction registers its snapshot's
// version while it runs, and obsolete files wait, tagged with the version that dropped them,
// until the oldest registered snapshot is at least that version. A crash forgets the queue,
// and Open deletes the files as orphans.

// obsoleteFiles are files the version seq stopped referencing.
type obsoleteFiles struct {
	seq   uint64
	files []string // removed one by one
	dirs  []string // removed with their contents
}

// snapshot registers a new transaction's snapshot: the latest version.
func (s *Store) snapshot() *version {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	v := s.cur.Load()
	if s.snaps == nil {
		s.snaps = map[uint64]int{}
	}
	s.snaps[v.seq]++
	return v
}

// unsnapshot ends a transaction's registration of version seq, and deletes the obsolete
// files no snapshot needs any more.
func (s *Store) unsnapshot(seq uint64) {
	s.snapMu.Lock()
	if s.snaps[seq]--; s.snaps[seq] <= 0 {
		delete(s.snaps, seq)
	}
	due := s.dueObsolete()
	s.snapMu.Unlock()
	s.removeRetired(due)
}

// retire queues the files that version seq (just published) stopped referencing, and
// deletes what no snapshot needs any more.
func (s *Store) retire(seq uint64, files, dirs []string) {
	s.snapMu.Lock()
	if len(files)+len(dirs) > 0 {
		s.retired = append(s.retired, obsoleteFiles{seq: seq, files: files, dirs: dirs})
	}
	due := s.dueObsolete()
	s.snapMu.Unlock()
	s.removeRetired(due)
}

// dueObsolete takes off the queue the files no registered snapshot can read. s.snapMu is
// held.
func (s *Store) dueObsolete() []obsoleteFiles {
	oldest := uint64(math.MaxUint64)
	for seq := range s.snaps {
		oldest = min(oldest, seq)
	}
	var due []obsoleteFiles
	keep := s.retired[:0]
	for _, o := range s.retired {
		if o.seq <= oldest {
			due = append(due, o)
		} else {
			keep = append(keep, o)
		}
	}
	s.retired = keep
	return due
}

func (s *Store) removeRetired(due []obsoleteFiles) {
	for _, o := range due {
		for _, p := range o.files {
			s.remove(p, false)
		}
		for _, d := range o.dirs {
			s.remove(d, true)
		}
	}
}

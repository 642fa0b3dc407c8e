package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Sequence counters are not transactional: a value nextval hands out is never handed out
// again, whether the transaction commits or not, and even after a crash. Like PostgreSQL's
// WAL-logged prefetch, each counter logs a value some steps ahead of the one handed out
// (seqLogAhead) to its own small file, synced before any value past the previous logged one
// is returned. After a restart the counter resumes after the logged value, so a crash skips
// at most seqLogAhead values and never repeats one.

// seqLogAhead is how many values a logged counter state covers.
const seqLogAhead = 32

// seqState is one sequence's counter. last and called are as in pg_sequences; logged and
// loggedCalled are the state on disk: every value handed out lies at or before logged (or
// before it, when loggedCalled is false).
type seqState struct {
	last, logged         int64
	called, loggedCalled bool
}

// seqFile is the on-disk form of a counter.
type seqFile struct {
	Last   int64 `json:"last"`
	Called bool  `json:"called"`
}

// sequences holds the counters of a Store.
type sequences struct {
	mu     sync.Mutex
	states map[types.OID]*seqState
}

func (s *Store) seqPath(oid types.OID) string {
	return filepath.Join(s.dir, fmt.Sprintf("seq_%d.json", oid))
}

// state returns the counter of def, loading it on first use. Callers hold s.seqs.mu.
func (s *Store) seqState(def *catalog.TableDef) (*seqState, error) {
	if st := s.seqs.states[def.OID]; st != nil {
		return st, nil
	}
	st := &seqState{last: def.Sequence.Start}
	data, err := os.ReadFile(s.seqPath(def.OID))
	switch {
	case err == nil:
		var f seqFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, pgerror.Wrapf(err, pgcode.DataCorrupted, "storage: sequence \"%s\"", def.Name)
		}
		st.last, st.logged, st.called, st.loggedCalled = f.Last, f.Last, f.Called, f.Called
	case errors.Is(err, os.ErrNotExist):
		st.logged = st.last // nothing handed out: loggedCalled false
	default:
		return nil, pgerror.Wrapf(err, pgcode.IoError, "storage: sequence \"%s\"", def.Name)
	}
	if s.seqs.states == nil {
		s.seqs.states = map[types.OID]*seqState{}
	}
	s.seqs.states[def.OID] = st
	return st, nil
}

// logSeq durably records that the counter of oid may have reached last.
func (s *Store) logSeq(oid types.OID, last int64, called bool) error {
	data, _ := json.Marshal(seqFile{Last: last, Called: called})
	path := s.seqPath(oid)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err == nil {
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = s.syncDir(s.dir)
	}
	if err != nil {
		return pgerror.Wrapf(err, pgcode.IoError, "storage: could not log sequence %d", oid)
	}
	return nil
}

// step returns the value after v, and false past the sequence's bounds.
func step(o *catalog.SequenceOptions, v int64) (int64, bool) {
	n := v + o.Increment
	if o.Increment > 0 && (n < v || n > o.Max) || o.Increment < 0 && (n > v || n < o.Min) {
		return 0, false
	}
	return n, true
}

// NextVal advances the sequence def and returns its new value, with PostgreSQL's errors at
// the end of a sequence without CYCLE.
func (s *Store) NextVal(def *catalog.TableDef) (int64, error) {
	o := def.Sequence
	s.seqs.mu.Lock()
	defer s.seqs.mu.Unlock()
	st, err := s.seqState(def)
	if err != nil {
		return 0, err
	}
	v := st.last
	wrapped := false
	if st.called {
		var ok bool
		if v, ok = step(o, st.last); !ok {
			if !o.Cycle {
				if o.Increment > 0 {
					return 0, pgerror.Newf(pgcode.SequenceGeneratorLimitExceeded, "nextval: reached maximum value of sequence \"%s\" (%d)", def.Name, o.Max)
				}
				return 0, pgerror.Newf(pgcode.SequenceGeneratorLimitExceeded, "nextval: reached minimum value of sequence \"%s\" (%d)", def.Name, o.Min)
			}
			if o.Increment > 0 {
				v = o.Min
			} else {
				v = o.Max
			}
			wrapped = true
		}
	}
	beyond := o.Increment > 0 && v > st.logged || o.Increment < 0 && v < st.logged
	if wrapped || beyond || v == st.logged && !st.loggedCalled {
		ahead := v
		for i := 1; i < seqLogAhead; i++ {
			n, ok := step(o, ahead)
			if !ok {
				break
			}
			ahead = n
		}
		if err := s.logSeq(def.OID, ahead, true); err != nil {
			return 0, err
		}
		st.logged, st.loggedCalled = ahead, true
	}
	st.last, st.called = v, true
	return v, nil
}

// SetVal sets the counter of def to v: the next NextVal returns the value after v, or v
// itself when called is false. The caller has checked v against the bounds.
func (s *Store) SetVal(def *catalog.TableDef, v int64, called bool) error {
	s.seqs.mu.Lock()
	defer s.seqs.mu.Unlock()
	st, err := s.seqState(def)
	if err != nil {
		return err
	}
	if err := s.logSeq(def.OID, v, called); err != nil {
		return err
	}
	st.last, st.logged, st.called, st.loggedCalled = v, v, called, called
	return nil
}

// SeqState returns the counter of def as pg_sequences shows it: the last value handed out
// (or set), and whether nextval has returned it (false: the next nextval returns it).
func (s *Store) SeqState(def *catalog.TableDef) (last int64, called bool, err error) {
	s.seqs.mu.Lock()
	defer s.seqs.mu.Unlock()
	st, err := s.seqState(def)
	if err != nil {
		return 0, false, err
	}
	return st.last, st.called, nil
}

package storage

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

func seqDef(name string, o catalog.SequenceOptions) catalog.TableDef {
	return catalog.TableDef{Name: name, Kind: catalog.KindSequence, Columns: slices.Clone(catalog.SequenceColumns), Sequence: &o}
}

// TestSequenceNeverRepeats checks that a value NextVal returned is never returned again:
// not after a clean reopen, not after a crash at any point (a copy of the directory taken
// while the store runs), and not when the transaction that created the sequence is the
// only one.
func TestSequenceNeverRepeats(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, seqDef("s", catalog.SequenceOptions{Type: types.Int8, Start: 1, Increment: 1, Min: 1, Max: 1 << 40, Cache: 1}))
	mustCommit(t, tx)
	var last int64
	next := func(s *Store) int64 {
		t.Helper()
		v, err := s.NextVal(def)
		if err != nil {
			t.Fatal(err)
		}
		if v <= last {
			t.Fatalf("nextval gave %d after %d", v, last)
		}
		last = v
		return v
	}
	for i := 0; i < seqLogAhead+5; i++ {
		next(s)
	}
	if last != seqLogAhead+5 {
		t.Fatalf("last %d, want %d", last, seqLogAhead+5)
	}
	crash := filepath.Join(t.TempDir(), "crash")
	if err := copyDir(dir, crash); err != nil {
		t.Fatal(err)
	}
	s.Close()

	handed := last
	s2 := openStore(t, dir)
	next(s2)
	last = handed // the crash copy is another history from the same point
	s3 := openStore(t, crash)
	next(s3)

	// setval is durable at once, is_called false hands out the value itself.
	if err := s3.SetVal(def, 1000, false); err != nil {
		t.Fatal(err)
	}
	crash2 := filepath.Join(t.TempDir(), "crash2")
	if err := copyDir(crash, crash2); err != nil {
		t.Fatal(err)
	}
	if v, _ := openStore(t, crash2).NextVal(def); v != 1000 {
		t.Fatalf("after setval(1000, false) and a crash: %d, want 1000", v)
	}
}

// TestSequenceBounds checks the end of a sequence with and without CYCLE, and descending
// sequences.
func TestSequenceBounds(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	up := mustCreate(t, tx, seqDef("up", catalog.SequenceOptions{Start: 2, Increment: 2, Min: 1, Max: 6, Cache: 1}))
	cyc := mustCreate(t, tx, seqDef("cyc", catalog.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 3, Cache: 1, Cycle: true}))
	down := mustCreate(t, tx, seqDef("down", catalog.SequenceOptions{Start: -1, Increment: -1, Min: -2, Max: -1, Cache: 1}))
	mustCommit(t, tx)
	tests := []struct {
		def  *catalog.TableDef
		want []int64
		msg  string
	}{
		{up, []int64{2, 4, 6}, `nextval: reached maximum value of sequence "up" (6)`},
		{cyc, []int64{1, 2, 3, 1, 2, 3, 1}, ""},
		{down, []int64{-1, -2}, `nextval: reached minimum value of sequence "down" (-2)`},
	}
	for _, tc := range tests {
		for _, w := range tc.want {
			if v, err := s.NextVal(tc.def); err != nil || v != w {
				t.Fatalf("%s: %d, %v; want %d", tc.def.Name, v, err, w)
			}
		}
		if tc.msg != "" {
			_, err := s.NextVal(tc.def)
			wantCode(t, err, pgcode.SequenceGeneratorLimitExceeded, tc.msg)
		}
	}
}

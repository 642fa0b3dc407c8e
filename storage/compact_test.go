package storage

import (
	"fmt"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestMergeStart(t *testing.T) {
	seg := func(rows ...int64) []*segment {
		out := make([]*segment, len(rows))
		for i, r := range rows {
			out[i] = &segment{rows: r}
		}
		return out
	}
	cases := []struct {
		segs    []*segment
		newRows int64
		want    int
	}{
		{seg(), 1, 0},
		{seg(1, 1, 1, 1, 1, 1, 1), 1, 7},             // 8 small segments after the commit: no merge
		{seg(1, 1, 1, 1, 1, 1, 1, 1), 1, 0},          // 9: merge them all
		{seg(100, 1, 1, 1, 1, 1, 1, 1), 1, 1},        // 100 > 2*8: stays
		{seg(1000, 300, 100, 30, 10, 3, 1, 1), 1, 3}, // merge until a segment outweighs the rest
		{seg(1000, 1, 1, 1, 1, 1, 1, 1, 1), 1, 1},    // 1000 outweighs nine rows: stays
		{seg(70000, 1, 1, 1, 1, 1, 1, 1), 1, 8},      // run of 7 after a big segment: no merge
		{seg(70000, 5, 5, 5, 5, 5, 5, 5, 5), 5, 1},   // the big segment is never merged
	}
	for i, c := range cases {
		if got := mergeStart(c.segs, c.newRows, 64<<10, 8); got != c.want {
			t.Errorf("case %d: mergeStart = %d, want %d", i, got, c.want)
		}
	}
}

// TestSingleRowCommits checks that a table filled by many one-row commits ends up in few
// files and few batches, with its rows in commit order, before and after reopening.
func TestSingleRowCommits(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, WithFsync(false))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)
	const n = 1000
	for i := range int64(n) {
		tx := s.Begin()
		mustInsert(t, tx, def.OID, intRecord(i, i+1))
		mustCommit(t, tx)
	}
	mustCheckpoint(t, s)
	files := dataFiles(t, dir)
	if len(files) > 16 {
		t.Fatalf("%d files after %d single-row commits", len(files), n)
	}
	if !slices.Equal(files, referencedFiles(t, dir)) {
		t.Fatalf("files %v, manifest names %v", files, referencedFiles(t, dir))
	}
	check := func(s *Store) {
		tx := s.Begin()
		wantSeq(t, ids(t, tx, "t"), n)
		recs, _ := tx.Batches(def.OID)
		if len(recs) > 2*len(files)+1 {
			t.Fatalf("%d batches for %d rows in %d files", len(recs), n, len(files))
		}
	}
	check(s)
	s.Close()
	check(openStore(t, dir))
	t.Logf("%d single-row commits: %d files", n, len(files))
}

// TestLargeInsertSegments checks that a large insert is split into several segments and row
// groups and reads back in order, and that small commits after it do not rewrite it.
func TestLargeInsertSegments(t *testing.T) {
	dir := t.TempDir()
	opts := []Option{WithSegmentRows(100_000), WithRowGroupRows(30_000), WithCompaction(10_000, 2), WithFsync(false)}
	s := openStore(t, dir, opts...)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	// Inserted as uneven records, as a COPY would deliver them.
	for from := int64(0); from < 250_000; {
		to := min(from+int64(1+from%7777), 250_000)
		mustInsert(t, tx, def.OID, intRecord(from, to))
		from = to
	}
	mustCommit(t, tx)
	big := dataFiles(t, dir)
	if len(big) < 3 {
		t.Fatalf("250000 rows in %d segments, want >= 3", len(big))
	}
	for i := int64(250_000); i < 250_010; i++ {
		tx := s.Begin()
		mustInsert(t, tx, def.OID, intRecord(i, i+1))
		mustCommit(t, tx)
	}
	files := dataFiles(t, dir)
	for _, f := range big {
		if !slices.Contains(files, f) {
			t.Fatalf("large segment %s was rewritten by small commits", f)
		}
	}
	if len(files) > len(big)+3 {
		t.Fatalf("%d files after small commits, %d before", len(files), len(big))
	}
	wantSeq(t, committedIDs(t, s, "t"), 250_010)
	s.Close()
	wantSeq(t, ids(t, openStore(t, dir, opts...).Begin(), "t"), 250_010)
}

// TestManyInsertsInOneTxn checks that many small inserts in one transaction are coalesced
// into full batches at commit.
func TestManyInsertsInOneTxn(t *testing.T) {
	s := openStore(t, t.TempDir(), WithFsync(false))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	for i := int64(0); i < 5000; i++ {
		mustInsert(t, tx, def.OID, intRecord(i, i+1))
	}
	wantSeq(t, ids(t, tx, "t"), 5000)
	mustCommit(t, tx)
	recs, _ := s.Begin().Batches(def.OID)
	if len(recs) != 3 {
		t.Fatalf("%d batches for 5000 rows, want 3", len(recs))
	}
	wantSeq(t, committedIDs(t, s, "t"), 5000)
}

func TestRechunk(t *testing.T) {
	sizes := func(recs []arrow.Record) []int64 {
		var out []int64
		for _, r := range recs {
			out = append(out, r.NumRows())
		}
		return out
	}
	cases := []struct {
		in, want []int64
	}{
		{[]int64{1, 1, 1}, []int64{3}},
		{[]int64{2048, 1, 2048}, []int64{2048, 1, 2048}},
		{[]int64{1000, 1000, 100}, []int64{2000, 100}},
		{[]int64{5000}, []int64{2048, 2048, 904}},
		{[]int64{1023, 1024, 0, 1}, []int64{1023, 1024, 1}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.in), func(t *testing.T) {
			var recs []arrow.Record
			var next int64
			for _, n := range c.in {
				recs = append(recs, intRecord(next, next+n))
				next += n
			}
			out, err := rechunk(recs[0].Schema(), recs, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			if got := sizes(out); !slices.Equal(got, c.want) {
				t.Fatalf("rechunk %v = %v, want %v", c.in, got, c.want)
			}
			var all []int64
			for _, r := range out {
				all = append(all, r.Column(0).(interface{ Int64Values() []int64 }).Int64Values()...)
			}
			wantSeq(t, all, next)
		})
	}
}

package storage

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
)

// crashCopy returns a copy of the open store's directory: what the disk holds if the process
// died now, with logged commits not yet in any segment file.
func crashCopy(t *testing.T, s *Store) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyDir(s.Dir(), dir); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, lockName))
	return dir
}

// TestLogReplayAllTypes commits rows of every type through the log and checks that a crash
// copy, whose manifest holds none of them, reads them back exactly, deletions included.
func TestLogReplayAllTypes(t *testing.T) {
	for _, n := range []int{3, 2047, 5000} {
		s := openStore(t, t.TempDir())
		tx := s.Begin()
		def := mustCreate(t, tx, catalog.TableDef{Name: "every", Columns: allTypes})
		mustCommit(t, tx)
		sc := def.ArrowSchema()
		cols := make([]arrow.Array, len(allTypes))
		for i, c := range allTypes {
			nullEvery := 5
			if c.NotNull {
				nullEvery = 0
			}
			cols[i] = genColumn(t, sc.Field(i).Type, n, nullEvery)
		}
		all := array.NewRecord(sc, cols, int64(n))
		releaseAll(cols)
		half := all.NewSlice(0, int64(n/2))
		rest := all.NewSlice(int64(n/2), int64(n))
		for _, r := range []arrow.Record{half, rest} {
			tx = s.Begin()
			mustInsert(t, tx, def.OID, r) // releases r
			mustCommit(t, tx)
		}
		// Delete the first row through the log too.
		tx = s.Begin()
		_, rowIDs, err := tx.RowIDBatches(def.OID)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Delete(def.OID, rowIDs[0].Int64Values()[:1]); err != nil {
			t.Fatal(err)
		}
		mustCommit(t, tx)
		want := all.NewSlice(1, int64(n))
		all.Release()
		checkRecords(t, s.Begin(), def, want)

		crash := crashCopy(t, s)
		if files := referencedFiles(t, crash); len(files) != 0 {
			t.Fatalf("n=%d: logged commits wrote segment files %v", n, files)
		}
		checkRecords(t, openStore(t, crash).Begin(), def, want)
		want.Release()
	}
}

// TestLogTornTail cuts or damages the last record of a crash copy's log: the copy opens
// without that commit, with all the others, and keeps committing durably after it.
func TestLogTornTail(t *testing.T) {
	damage := map[string]func(data []byte) []byte{
		"cut":     func(data []byte) []byte { return data[:len(data)-3] },
		"flipped": func(data []byte) []byte { data[len(data)-2] ^= 0x40; return data },
		"header":  func(data []byte) []byte { return append(data, 9, 0, 0) },
	}
	for name, hurt := range damage {
		t.Run(name, func(t *testing.T) {
			s := openStore(t, t.TempDir())
			tx := s.Begin()
			def := mustCreate(t, tx, intTable("t"))
			mustCommit(t, tx)
			for i := range int64(10) {
				tx := s.Begin()
				mustInsert(t, tx, def.OID, intRecord(i, i+1))
				mustCommit(t, tx)
			}
			crash := crashCopy(t, s)
			path := filepath.Join(crash, walName)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, hurt(data), 0o644); err != nil {
				t.Fatal(err)
			}
			want := int64(9) // the damaged record is the tenth commit
			if name == "header" {
				want = 10 // only garbage after the last record
			}
			s2 := openStore(t, crash)
			wantSeq(t, ids(t, s2.Begin(), "t"), want)
			tx = s2.Begin()
			mustInsert(t, tx, def.OID, intRecord(want, want+1))
			mustCommit(t, tx)
			again := crashCopy(t, s2)
			wantSeq(t, ids(t, openStore(t, again).Begin(), "t"), want+1)
		})
	}
}

// TestLogReplayMatchesLive runs random inserts, deletes and checkpoints with small segments
// (so logged commits merge, rewrite and drop segments, on disk and in memory) and checks
// after each step that a crash copy recovers exactly the live rows.
func TestLogReplayMatchesLive(t *testing.T) {
	s := openStore(t, t.TempDir(), WithCompaction(50, 3), WithFsync(false))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 300))
	mustCommit(t, tx)
	rng := rand.New(rand.NewPCG(1, 2))
	next := int64(300)
	for step := range 60 {
		tx := s.Begin()
		switch rng.IntN(4) {
		case 0, 1:
			k := 1 + rng.Int64N(40)
			mustInsert(t, tx, def.OID, intRecord(next, next+k))
			next += k
		case 2:
			m := 2 + rng.Int64N(9)
			deleteWhere(t, tx, def.OID, func(id int64) bool { return id%m == int64(step)%m })
		case 3:
			lo := rng.Int64N(next)
			deleteWhere(t, tx, def.OID, func(id int64) bool { return id >= lo && id < lo+60 })
			mustInsert(t, tx, def.OID, intRecord(next, next+3))
			next += 3
		}
		mustCommit(t, tx)
		if step%17 == 16 {
			mustCheckpoint(t, s)
		}
		if step%5 == 4 {
			live := ids(t, s.Begin(), "t")
			got := ids(t, openStore(t, crashCopy(t, s)).Begin(), "t")
			if !slices.Equal(got, live) {
				t.Fatalf("step %d: recovered %d rows, live %d", step, len(got), len(live))
			}
		}
	}
}

// TestGroupCommit commits from many goroutines at once: every commit is there after a crash,
// and the commits shared fsyncs.
func TestGroupCommit(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)
	const writers, each = 16, 20
	var wg sync.WaitGroup
	for w := range int64(writers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range int64(each) {
				tx := s.Begin()
				id := w*each + i
				if err := tx.Insert(def.OID, intRecord(id, id+1)); err != nil {
					t.Error(err)
				}
				if err := tx.Commit(); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got := ids(t, openStore(t, crashCopy(t, s)).Begin(), "t")
	slices.Sort(got)
	wantSeq(t, got, writers*each)
	if syncs := s.wal.syncs.Load(); syncs >= writers*each {
		t.Errorf("%d fsyncs for %d commits: none shared", syncs, writers*each)
	} else {
		t.Logf("%d fsyncs for %d commits", syncs, writers*each)
	}
}

// TestCheckpointBySize checks that the log is folded into files once it passes its limit,
// and that a clean Close leaves it empty.
func TestCheckpointBySize(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, WithCheckpointBytes(4<<10))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)
	for i := range int64(100) {
		tx := s.Begin()
		mustInsert(t, tx, def.OID, intRecord(i, i+1))
		mustCommit(t, tx)
	}
	if n := len(referencedFiles(t, dir)); n == 0 {
		t.Fatal("no checkpoint wrote segment files")
	}
	if size := s.wal.bytes(); size >= 4<<10+1<<10 {
		t.Fatalf("log of %d bytes after checkpoints", size)
	}
	s.Close()
	if fi, err := os.Stat(filepath.Join(dir, walName)); err != nil || fi.Size() != 0 {
		t.Fatalf("log after Close: %v, %v", fi, err)
	}
	wantSeq(t, ids(t, openStore(t, dir).Begin(), "t"), 100)
}

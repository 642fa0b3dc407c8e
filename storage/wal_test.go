package storage

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
)

// newestLog returns the path of the log file commits are appended to.
func newestLog(t *testing.T, dir string) string {
	t.Helper()
	logs, err := filepath.Glob(filepath.Join(dir, "wal-*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no log files in %s: %v", dir, err)
	}
	slices.Sort(logs)
	return logs[len(logs)-1]
}

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
		"cut":     func(data []byte) []byte { return data[:len(data)-40] }, // zeros read in its place
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
			path := newestLog(t, crash)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The file is zero-filled past its records: the damage is to the records,
			// and the zeros stay after it, as a crash leaves them.
			_, end := walRecords(data)
			if len(data) == end || slices.ContainsFunc(data[end:], func(b byte) bool { return b != 0 }) {
				t.Fatalf("log of %d bytes, %d of records, not zero-filled past them", len(data), end)
			}
			hurt := append(hurt(slices.Clone(data[:end])), data[end:]...)
			if err := os.WriteFile(path, hurt, 0o644); err != nil {
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
	for s.ckptRunning.Load() {
		time.Sleep(time.Millisecond) // let the background checkpoint finish
	}
	if n := len(referencedFiles(t, dir)); n == 0 {
		t.Fatal("no checkpoint wrote segment files")
	}
	if size := s.wal.bytes(); size >= 8<<10 {
		t.Fatalf("log of %d bytes after checkpoints", size)
	}
	s.Close()
	if logs, _ := filepath.Glob(filepath.Join(dir, "wal-*.log")); len(logs) != 1 {
		t.Fatalf("log files after Close: %v", logs)
	} else if fi, err := os.Stat(logs[0]); err != nil || fi.Size() != 0 {
		t.Fatalf("log after Close: %v, %v", fi, err)
	}
	wantSeq(t, ids(t, openStore(t, dir).Begin(), "t"), 100)
}

// TestBackgroundCheckpointCrash copies the data directory at each step of background
// checkpoints while four writers keep committing: each copy recovers every commit
// acknowledged before it was taken, once, and no file the manifest does not name.
func TestBackgroundCheckpointCrash(t *testing.T) {
	s := openStore(t, t.TempDir(), WithCheckpointBytes(2<<10), WithFsync(false))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)

	var (
		mu     sync.Mutex
		acked  []int64
		copies = map[string]string{}  // hook point -> copy
		seen   = map[string][]int64{} // hook point -> ids acknowledged before its copy
	)
	s.hook = func(point string) error {
		mu.Lock()
		defer mu.Unlock()
		if _, done := copies[point]; done {
			return nil
		}
		seen[point] = slices.Clone(acked)
		dir := t.TempDir()
		if err := copyDir(s.Dir(), dir); err != nil {
			t.Error(err)
		}
		os.Remove(filepath.Join(dir, lockName))
		copies[point] = dir
		return nil
	}
	var next sync.Mutex
	id := int64(0)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 150 {
				next.Lock()
				from := id
				id += 2
				next.Unlock()
				tx := s.Begin()
				if err := tx.Insert(def.OID, intRecord(from, from+2)); err != nil {
					t.Error(err)
					return
				}
				if err := tx.Commit(); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, from, from+1)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for s.ckptRunning.Load() {
		time.Sleep(time.Millisecond)
	}
	s.hook = nil
	if len(copies) != 3 {
		t.Fatalf("background checkpoints reached %v", slices.Collect(maps.Keys(copies)))
	}
	for point, dir := range copies {
		got := ids(t, openStore(t, dir).Begin(), "t")
		has := map[int64]bool{}
		for _, v := range got {
			if has[v] {
				t.Fatalf("%s: id %d recovered twice", point, v)
			}
			has[v] = true
		}
		for _, v := range seen[point] {
			if !has[v] {
				t.Fatalf("%s: acknowledged id %d lost (%d of %d recovered)", point, v, len(got), len(seen[point]))
			}
		}
		if files := dataFiles(t, dir); !slices.Equal(files, referencedFiles(t, dir)) {
			t.Fatalf("%s: files %v, manifest names %v", point, files, referencedFiles(t, dir))
		}
	}
	live := ids(t, s.Begin(), "t")
	slices.Sort(live)
	wantSeq(t, live, id)
}

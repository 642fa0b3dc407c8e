package storage

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// lazyTable commits rows 0..n-1 of intTable "t" in one insert, in row groups of rg rows,
// and returns the reopened store: every segment is then on disk only.
func lazyTable(t *testing.T, dir string, n, rg int64, opts ...Option) *Store {
	t.Helper()
	s := openStore(t, dir, WithRowGroupRows(int(rg)))
	tx := s.Begin()
	oid := mustCreate(t, tx, intTable("t")).OID
	mustInsert(t, tx, oid, intRecord(0, n))
	mustCommit(t, tx)
	s.Close()
	return openStore(t, dir, append([]Option{WithRowGroupRows(int(rg))}, opts...)...)
}

// scanSum reads column id of table t through Scan, one morsel at a time, and returns the
// rows and their sum; bounds may skip row groups.
func scanSum(t *testing.T, tx *Txn, bounds []Bound) (rows, sum int64, ts *TableScan) {
	t.Helper()
	ts, err := tx.Scan(oidOf(t, tx, "t"), []int{0}, false, bounds)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ts.Len() {
		rec, _, err := ts.Morsel(i)
		if err != nil {
			t.Fatal(err)
		}
		if rec.NumCols() != 1 {
			t.Fatalf("morsel has %d columns, the scan asked for 1", rec.NumCols())
		}
		for _, v := range rec.Column(0).(*array.Int64).Int64Values() {
			rows++
			sum += v
		}
		rec.Release()
	}
	return rows, sum, ts
}

// TestOpenReadsNoSegmentData: opening a store reads the manifest, not the segment files,
// so a segment file that is unreadable goes unnoticed until a scan reads it, and then fails
// the scan with PostgreSQL's data-corrupted error instead of the start-up.
func TestOpenReadsNoSegmentData(t *testing.T) {
	dir := t.TempDir()
	s := lazyTable(t, dir, 10000, 1000)
	files, _ := filepath.Glob(filepath.Join(dir, tablesDir, "*", "*"+segmentExt))
	if len(files) != 1 {
		t.Fatalf("%d segment files, want 1", len(files))
	}
	s.Close()
	if err := os.WriteFile(files[0], []byte("not a parquet file"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	tx := s.Begin()
	defer tx.Rollback()
	_, err := tx.Scan(oidOf(t, tx, "t"), []int{0}, false, nil)
	wantCode(t, err, pgcode.DataCorrupted, "")
	if !strings.Contains(err.Error(), files[0]) {
		t.Fatalf("error %q does not name the file", err)
	}
}

// countingAccount is a MemoryAccount that only counts.
type countingAccount struct{ used, peak atomic.Int64 }

func (a *countingAccount) Grow(n int64) error {
	u := a.used.Add(n)
	for p := a.peak.Load(); u > p && !a.peak.CompareAndSwap(p, u); p = a.peak.Load() {
	}
	return nil
}

func (a *countingAccount) Shrink(n int64) { a.used.Add(-n) }

// TestScanWithinCacheLimit scans a table several times larger than the cache: the answer is
// right, the cache never holds more than its limit, and what it holds is what it charged
// to the memory account.
func TestScanWithinCacheLimit(t *testing.T) {
	const n, rg, limit = 200_000, 8192, 256 << 10 // 1.6MB of ids in 64kB chunks
	acct := &countingAccount{}
	s := lazyTable(t, t.TempDir(), n, rg, WithCache(limit, acct))
	tx := s.Begin()
	defer tx.Rollback()
	for range 2 {
		rows, sum, ts := scanSum(t, tx, nil)
		if rows != n || sum != n*(n-1)/2 {
			t.Fatalf("scan read %d rows summing to %d, want %d and %d", rows, sum, n, n*(n-1)/2)
		}
		if c := ts.Counts(); c.RowGroups != (n+rg-1)/rg || c.Files != 1 {
			t.Fatalf("scan read %+v, want every one of %d row groups of 1 file", c, (n+rg-1)/rg)
		}
	}
	st := s.CacheStats()
	if st.Peak > limit || st.Peak == 0 {
		t.Fatalf("cache peaked at %d bytes, limit %d", st.Peak, limit)
	}
	if got := acct.used.Load(); got != st.Used {
		t.Fatalf("account holds %d bytes, cache %d", got, st.Used)
	}
	if freed := s.ReclaimCache(1 << 40); freed != st.Used || s.CacheStats().Used != 0 || acct.used.Load() != 0 {
		t.Fatalf("reclaim freed %d of %d bytes; cache %d, account %d left", freed, st.Used, s.CacheStats().Used, acct.used.Load())
	}
}

// TestScanPrunesRowGroups: bounds on a column skip the row groups whose statistics lie
// outside them, and only those.
func TestScanPrunesRowGroups(t *testing.T) {
	const n, rg = 100_000, 10_000
	s := lazyTable(t, t.TempDir(), n, rg)
	tx := s.Begin()
	defer tx.Rollback()
	// id between 25000 and 34999: row groups 2 and 3.
	rows, sum, ts := scanSum(t, tx, []Bound{{Col: 0, Lo: 25000, Hi: 34999}})
	c := ts.Counts()
	if c.RowGroups != 2 || c.RowGroupsSkipped != 8 {
		t.Fatalf("read %d and skipped %d row groups, want 2 and 8", c.RowGroups, c.RowGroupsSkipped)
	}
	if want := int64(2 * rg); rows != want || sum != (20000+39999)*want/2 {
		t.Fatalf("read %d rows summing to %d", rows, sum)
	}
}

// TestScanThroughDeletionVector reads a segment from its file through a deletion vector
// written by an earlier commit: the deleted rows stay hidden after reopening.
func TestScanThroughDeletionVector(t *testing.T) {
	const n, rg = 50_000, 4096
	dir := t.TempDir()
	s := lazyTable(t, dir, n, rg)
	tx := s.Begin()
	oid := oidOf(t, tx, "t")
	recs, rids, err := tx.RowIDBatches(oid)
	if err != nil {
		t.Fatal(err)
	}
	var del []int64
	for i, r := range recs {
		for j, v := range r.Column(0).(*array.Int64).Int64Values() {
			if v%10 == 0 {
				del = append(del, rids[i].Value(j))
			}
		}
	}
	if err := tx.Delete(oid, del); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()
	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	rows, sum, _ := scanSum(t, tx, nil)
	var want int64
	for v := range int64(n) {
		if v%10 != 0 {
			want += v
		}
	}
	if rows != n-n/10 || sum != want {
		t.Fatalf("read %d rows summing to %d, want %d and %d", rows, sum, n-n/10, want)
	}
}

// TestStatsFromFooter: a bulk-written segment file carries its column sketches in its
// footer, so planning after a restart reads no rows: the statistics are those of before the
// restart, and the cache decoded nothing.
func TestStatsFromFooter(t *testing.T) {
	const n = 100_000
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	oid := mustCreate(t, tx, intTable("t")).OID
	mustInsert(t, tx, oid, intRecord(0, n))
	mustCommit(t, tx)
	tx = s.Begin()
	before, err := tx.TableStats(oid)
	tx.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	after, err := tx.TableStats(oid)
	if err != nil {
		t.Fatal(err)
	}
	if before.Rows != n || after.Rows != n || before.Cols[0] != after.Cols[0] || before.Cols[1] != after.Cols[1] {
		t.Fatalf("statistics before the restart %+v, after %+v", before, after)
	}
	if c := after.Cols[0]; !c.HasRange || c.Min != 0 || c.Max != n-1 || c.NDV < 0.9*n {
		t.Fatalf("id column statistics %+v", c)
	}
	if st := s.CacheStats(); st.Peak != 0 {
		t.Fatalf("planning decoded %d bytes of rows", st.Peak)
	}
}

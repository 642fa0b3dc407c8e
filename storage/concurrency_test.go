package storage

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestConcurrentSessions runs writers, DDL and readers at once (run it with -race): every
// writer's rows must all be there, in each writer's commit order, and readers must only ever
// see whole commits.
func TestConcurrentSessions(t *testing.T) {
	const (
		writers = 6
		commits = 40
		perTx   = 10
	)
	dir := t.TempDir()
	s := openStore(t, dir, WithFsync(false))
	tx := s.Begin()
	shared := mustCreate(t, tx, intTable("shared"))
	mustCommit(t, tx)

	var wg sync.WaitGroup
	errs := make(chan error, writers*commits*2)
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range commits {
				tx := s.Begin()
				from := int64(w)*1_000_000 + int64(c*perTx)
				rec := intRecord(from, from+perTx)
				err := tx.Insert(shared.OID, rec)
				rec.Release()
				if err == nil && c%5 == 0 { // DDL in the same transaction
					var d *catalog.TableDef
					if d, err = tx.CreateTable(intTable(fmt.Sprintf("w%d_%d", w, c))); err == nil && c%10 == 0 {
						err = tx.DropTable(d.OID)
					}
				}
				if err == nil {
					err = tx.Commit()
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				recs, err := s.Begin().Batches(shared.OID)
				if err != nil {
					errs <- err
					return
				}
				if n := rowsOf(recs); n%perTx != 0 {
					errs <- fmt.Errorf("reader saw %d rows: a partial commit", n)
					return
				}
				time.Sleep(50 * time.Microsecond) // leave the writers some CPU

			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	check := func(s *Store) {
		tx := s.Begin()
		got := ids(t, tx, "shared")
		if len(got) != writers*commits*perTx {
			t.Fatalf("%d rows, want %d", len(got), writers*commits*perTx)
		}
		next := make([]int64, writers)
		for _, id := range got {
			w := id / 1_000_000
			if id%1_000_000 != next[w] {
				t.Fatalf("writer %d: row %d out of order (want %d)", w, id%1_000_000, next[w])
			}
			next[w]++
		}
		var names []string
		for _, d := range tx.Catalog().Tables() {
			names = append(names, d.Name)
		}
		if want := 1 + writers*commits/10; len(names) != want {
			t.Fatalf("%d tables, want %d: %v", len(names), want, names)
		}
	}
	check(s)
	s.Close()
	check(openStore(t, dir))
}

// TestConcurrentCreateSameName races creators of one name: exactly one wins, the others get
// 42P07.
func TestConcurrentCreateSameName(t *testing.T) {
	s := openStore(t, t.TempDir(), WithFsync(false))
	const n = 8
	txs := make([]*Txn, n)
	for i := range txs {
		txs[i] = s.Begin()
		mustCreate(t, txs[i], intTable("x"))
	}
	var wg sync.WaitGroup
	codes := make([]pgcode.Code, n)
	for i, tx := range txs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = pgerror.GetCode(tx.Commit())
		}()
	}
	wg.Wait()
	slices.Sort(codes)
	want := append([]pgcode.Code{pgcode.SuccessfulCompletion}, slices.Repeat([]pgcode.Code{pgcode.DuplicateTable}, n-1)...)
	slices.Sort(want)
	if !slices.Equal(codes, want) {
		t.Fatalf("codes %v", codes)
	}
}

// BenchmarkCommit1M inserts and commits 1M rows of five columns (int4, int8, float8, text,
// date) in 2048-row records, as a COPY would, then reopens the store.
func BenchmarkCommit1M(b *testing.B) {
	const rows = 1_000_000
	cols := []catalog.Column{
		{Name: "a", Type: types.TInt4}, {Name: "b", Type: types.TInt8}, {Name: "c", Type: types.TFloat8},
		{Name: "d", Type: types.TText}, {Name: "e", Type: types.TDate},
	}
	sc := (&catalog.TableDef{Columns: cols}).ArrowSchema()
	var recs []arrow.Record
	for from := 0; from < rows; from += BatchRows {
		n := min(BatchRows, rows-from)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		for i := from; i < from+n; i++ {
			bld.Field(0).(*array.Int32Builder).Append(int32(i))
			bld.Field(1).(*array.Int64Builder).Append(int64(i) * 7919)
			bld.Field(2).(*array.Float64Builder).Append(float64(i) / 3)
			bld.Field(3).(*array.StringBuilder).Append(fmt.Sprintf("customer#%09d", i%50000))
			bld.Field(4).(*array.Date32Builder).Append(arrow.Date32(10000 + i%3000))
		}
		recs = append(recs, bld.NewRecord())
		bld.Release()
	}
	b.ResetTimer()
	var commitNs, openNs int64
	for range b.N {
		dir := b.TempDir()
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		tx := s.Begin()
		def, _ := tx.CreateTable(catalog.TableDef{Name: "big", Columns: cols})
		start := nowNs()
		for _, r := range recs {
			if err := tx.Insert(def.OID, r); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		commitNs += nowNs() - start
		s.Close()
		start = nowNs()
		s, err = Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		openNs += nowNs() - start
		if got, _ := s.Begin().Batches(def.OID); rowsOf(got) != rows {
			b.Fatalf("%d rows after reopen", rowsOf(got))
		}
		s.Close()
	}
	b.ReportMetric(float64(commitNs)/float64(b.N)/1e6, "commit-ms")
	b.ReportMetric(float64(openNs)/float64(b.N)/1e6, "reopen-ms")
}

func nowNs() int64 { return time.Now().UnixNano() }

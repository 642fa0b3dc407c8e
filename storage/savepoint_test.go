package storage

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
)

// TestSavepointRollback returns a transaction to its savepoints: writes and DDL after the
// mark are undone, earlier ones kept, a mark serves any number of times, the committed
// result survives reopening, and every row buffered for a mark is released.
func TestSavepointRollback(t *testing.T) {
	dir := t.TempDir()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	s := openStore(t, dir)
	tx := s.Begin()
	def := intTable("t")
	def.Indexes = []catalog.IndexDef{{Name: "t_pkey", Columns: []int{0}, Unique: true}}
	oid := mustCreate(t, tx, def).OID
	mustInsert(t, tx, oid, checkedInts(mem, 0, 3))

	back, release := tx.Savepoint()
	mustInsert(t, tx, oid, checkedInts(mem, 3, 6))
	if err := tx.Delete(oid, []int64{0}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, tx, intTable("gone"))
	back()
	wantSeq(t, ids(t, tx, "t"), 3)
	if tx.Catalog().Table(catalog.DefaultSchema, "gone") != nil {
		t.Fatal("table created after the savepoint survived ROLLBACK TO")
	}
	// The keys inserted after the mark are free again; the mark serves a second time.
	mustInsert(t, tx, oid, checkedInts(mem, 3, 5))
	back()
	mustInsert(t, tx, oid, checkedInts(mem, 3, 4))
	release()
	mustCommit(t, tx)
	s.Close()

	tx = openStore(t, dir).Begin()
	defer tx.Rollback()
	wantSeq(t, ids(t, tx, "t"), 4)
	mem.AssertSize(t, 0)
}

// checkedInts is intRecord built with mem, so that leaks show.
func checkedInts(mem memory.Allocator, from, to int64) arrow.Record {
	rec := intRecord(from, to)
	defer rec.Release()
	cols := make([]arrow.Array, rec.NumCols())
	for i, c := range rec.Columns() {
		b := array.NewBuilder(mem, c.DataType())
		for j := 0; j < c.Len(); j++ {
			if err := b.AppendValueFromString(c.ValueStr(j)); err != nil {
				panic(err)
			}
		}
		cols[i] = b.NewArray()
		b.Release()
	}
	out := array.NewRecord(rec.Schema(), cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

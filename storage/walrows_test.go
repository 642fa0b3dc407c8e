package storage

import (
	"bytes"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
)

// TestRowEncoderMatchesStream checks that the cached writer of a table schema encodes
// every commit, the first and the later ones, with one or several batches, to the very
// bytes of a stream written from scratch, for columns of every type, and that they decode
// back to the rows.
func TestRowEncoderMatchesStream(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	def := catalog.TableDef{Name: "every", Columns: allTypes}
	sc := def.ArrowSchema()
	cols := make([]arrow.Array, len(allTypes))
	for i, c := range allTypes {
		nullEvery := 3
		if c.NotNull {
			nullEvery = 0
		}
		cols[i] = genColumn(t, sc.Field(i).Type, 40, nullEvery)
	}
	all := array.NewRecord(sc, cols, 40)
	releaseAll(cols)
	defer all.Release()
	var encs rowEncoders
	commits := [][]arrow.Record{
		{all.NewSlice(0, 1)},
		{all.NewSlice(1, 2)},
		{all.NewSlice(2, 10), all.NewSlice(10, 40)},
		{all.NewSlice(39, 40)},
	}
	for i, recs := range commits {
		want, err := encodeRows(sc, recs, mem)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encs.encode(sc, recs, mem)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("commit %d: cached writer wrote %d bytes, a fresh stream %d, or they differ", i, len(got), len(want))
		}
		back, err := decodeRows(sc, got, mem)
		if err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
		if rowsOf(back) != rowsOf(recs) {
			t.Errorf("commit %d: decoded %d rows, want %d", i, rowsOf(back), rowsOf(recs))
		}
		releaseAll(back)
		releaseAll(recs)
	}
	if n := len(encs.m); n != 1 || encs.m[sc] == nil {
		t.Errorf("%d cached writers for one schema (%v), want 1", n, encs.m[sc])
	}
}

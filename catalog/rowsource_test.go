package catalog

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestColumnRows checks that ColumnRows hands out its rows in order in batches of at most
// max, and releases its columns when exhausted.
func TestColumnRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	b := array.NewInt32Builder(mem)
	b.AppendValues([]int32{1, 2, 3, 4, 5}, nil)
	src := ColumnRows(b.NewArray())
	b.Release()
	var got []int32
	var sizes []int
	for {
		cols, n, err := src.Next(nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		sizes = append(sizes, n)
		got = append(got, cols[0].(*array.Int32).Int32Values()...)
		cols[0].Release()
	}
	if len(got) != 5 || got[0] != 1 || got[4] != 5 || len(sizes) != 3 || sizes[2] != 1 {
		t.Errorf("rows %v in batches %v", got, sizes)
	}
	mem.AssertSize(t, 0)
}

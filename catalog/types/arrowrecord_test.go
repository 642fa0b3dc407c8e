package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestArrowRecord checks the engine's records against Arrow's: the same rows, columns and
// JSON, slices sharing the buffers, every buffer released with the last reference, and the
// same panics for a column count or length that does not fit.
func TestArrowRecord(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ib := array.NewInt32Builder(mem)
	ib.AppendValues([]int32{1, 2, 3, 4}, []bool{true, false, true, true})
	ints := ib.NewArray()
	ib.Release()
	sb := array.NewStringBuilder(mem)
	sb.AppendValues([]string{"a", "b", "", "d"}, []bool{true, true, false, true})
	strs := sb.NewArray()
	sb.Release()
	sc := arrow.NewSchema([]arrow.Field{{Name: "i", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)

	for _, rows := range []int64{-1, 4, 2} {
		want := array.NewRecord(sc, []arrow.Array{ints, strs}, rows)
		got := NewRecord(sc, []arrow.Array{ints, strs}, rows)
		if !array.RecordEqual(got, want) || got.NumRows() != want.NumRows() || got.ColumnName(1) != "s" {
			t.Errorf("rows %d: %v, want %v", rows, got, want)
		}
		gj, _ := got.MarshalJSON()
		wj, _ := want.MarshalJSON()
		if string(gj) != string(wj) {
			t.Errorf("rows %d: JSON %s, want %s", rows, gj, wj)
		}
		for _, r := range [][2]int64{{0, 0}, {1, 2}, {0, got.NumRows()}} {
			gs, ws := SliceRecord(got, r[0], r[1]), want.NewSlice(r[0], r[1])
			if !array.RecordEqual(gs, ws) || gs.NumRows() != ws.NumRows() {
				t.Errorf("rows %d, slice %v: %v, want %v", rows, r, gs, ws)
			}
			gs2 := gs.NewSlice(0, gs.NumRows())
			if !array.RecordEqual(gs2, ws) {
				t.Errorf("slice of a slice differs")
			}
			gs2.Release()
			gs.Release()
			ws.Release()
		}
		got.Retain()
		got.Release()
		got.Release()
		want.Release()
	}
	for name, f := range map[string]func(){
		"too few columns": func() { NewRecord(sc, []arrow.Array{ints}, -1) },
		"too many rows":   func() { NewRecord(sc, []arrow.Array{ints, strs}, 5) },
		"slice past end":  func() { r := NewRecord(sc, []arrow.Array{ints, strs}, 2); defer r.Release(); SliceRecord(r, 1, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
	ints.Release()
	strs.Release()
}

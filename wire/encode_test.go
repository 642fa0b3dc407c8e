package wire

import (
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// testBatch builds n rows of (int4 i, text "v<i>"), with NULLs in the text column every
// nullEvery rows (0: none).
func testBatch(mem memory.Allocator, n, nullEvery int) arrow.Record {
	ib := array.NewInt32Builder(mem)
	sb := array.NewStringBuilder(mem)
	defer ib.Release()
	defer sb.Release()
	for i := range n {
		ib.Append(int32(i))
		if nullEvery > 0 && i%nullEvery == 0 {
			sb.AppendNull()
		} else {
			sb.Append(fmt.Sprintf("v%d", i))
		}
	}
	ia, sa := ib.NewArray(), sb.NewArray()
	defer ia.Release()
	defer sa.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "i", Type: ia.DataType()}, {Name: "s", Type: sa.DataType(), Nullable: true}}, nil)
	return array.NewRecord(schema, []arrow.Array{ia, sa}, int64(n))
}

var testCols = []planner.Column{{Name: "i", Type: types.TInt4}, {Name: "s", Type: types.TText}}

func TestAppendRows(t *testing.T) {
	tests := []struct {
		name      string
		rows      int
		nullEvery int
		formats   []int16
		limit     int // flush threshold handed to appendRows
	}{
		{"text, no nulls", 10, 0, []int16{0, 0}, 1 << 20},
		{"text, nulls", 10, 3, []int16{0, 0}, 1 << 20},
		{"binary int, all null text", 5, 1, []int16{1, 0}, 1 << 20},
		{"stops at the limit", 100, 7, []int16{0, 0}, 64},
		{"empty batch", 0, 0, []int16{0, 0}, 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
			defer mem.AssertSize(t, 0)
			rec := testBatch(mem, tt.rows, tt.nullEvery)
			defer rec.Release()
			enc := newRowEncoder(testCols, tt.formats, &types.IOSettings{}, testAppenders)
			if err := enc.bind(rec); err != nil {
				t.Fatal(err)
			}
			var got [][]byte
			for from := 0; from < tt.rows; {
				out, next := enc.appendRows(nil, from, tt.rows, tt.limit)
				if next <= from {
					t.Fatalf("no progress at row %d", from)
				}
				if next < tt.rows && len(out) < tt.limit {
					t.Fatalf("stopped at row %d with %d bytes, below the limit", next, len(out))
				}
				for len(out) > 0 {
					n := int(binary.BigEndian.Uint32(out[1:])) + 1
					var dr pgproto3.DataRow
					if out[0] != 'D' {
						t.Fatalf("message type %q", out[0])
					}
					if err := dr.Decode(out[5:n]); err != nil {
						t.Fatal(err)
					}
					for _, v := range dr.Values {
						got = append(got, slices.Clone(v))
					}
					out = out[n:]
				}
				from = next
			}
			enc.release()
			if len(got) != 2*tt.rows {
				t.Fatalf("%d values, want %d", len(got), 2*tt.rows)
			}
			for i := range tt.rows {
				wantI := []byte(fmt.Sprint(i))
				if tt.formats[0] == formatBinary {
					wantI = binary.BigEndian.AppendUint32(nil, uint32(i))
				}
				if string(got[2*i]) != string(wantI) {
					t.Errorf("row %d: i = %q, want %q", i, got[2*i], wantI)
				}
				null := tt.nullEvery > 0 && i%tt.nullEvery == 0
				if s := got[2*i+1]; null != (s == nil) || (!null && string(s) != fmt.Sprintf("v%d", i)) {
					t.Errorf("row %d: s = %q (null %v)", i, s, s == nil)
				}
			}
		})
	}
}

func TestExpandFormatsAndRetag(t *testing.T) {
	formats := []struct {
		codes []int16
		n     int
		want  []int16
		err   bool
	}{
		{nil, 3, []int16{0, 0, 0}, false},
		{[]int16{1}, 2, []int16{1, 1}, false},
		{[]int16{1, 0}, 2, []int16{1, 0}, false},
		{[]int16{1}, 0, []int16{}, false},
		{[]int16{1, 0}, 3, nil, true},
	}
	for _, f := range formats {
		got, err := expandFormats(f.codes, f.n)
		if (err != nil) != f.err || !slices.Equal(got, f.want) {
			t.Errorf("expandFormats(%v, %d) = %v, %v", f.codes, f.n, got, err)
		}
	}
	tags := []struct {
		tag  string
		n    int
		want string
	}{
		{"SELECT 10", 3, "SELECT 3"}, {"SHOW", 3, "SHOW"}, {"INSERT 0 5", 2, "INSERT 0 2"}, {"EXPLAIN", 0, "EXPLAIN"},
	}
	for _, tt := range tags {
		if got := retag(tt.tag, tt.n); got != tt.want {
			t.Errorf("retag(%q, %d) = %q, want %q", tt.tag, tt.n, got, tt.want)
		}
	}
}

func BenchmarkAppendRows(b *testing.B) {
	const n = 4096
	rec := testBatch(memory.DefaultAllocator, n, 10)
	defer rec.Release()
	for _, f := range []struct {
		name    string
		formats []int16
	}{{"text", []int16{0, 0}}, {"binary", []int16{1, 0}}} {
		b.Run(f.name, func(b *testing.B) {
			enc := newRowEncoder(testCols, f.formats, &types.IOSettings{}, testAppenders)
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				if err := enc.bind(rec); err != nil {
					b.Fatal(err)
				}
				total := 0
				for from := 0; from < n; {
					buf, from = enc.appendRows(buf[:0], from, n, flushSize)
					total += len(buf)
				}
				b.SetBytes(int64(total))
			}
		})
	}
}

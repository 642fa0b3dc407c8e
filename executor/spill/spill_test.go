package spill

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestRoundTrip writes batches with NULLs, strings and an extension type, reads them back
// twice, and checks that removing the file leaves the directory empty and the allocator
// balanced.
func TestRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d, err := Open(filepath.Join(t.TempDir(), "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "i", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "u", Type: types.UUIDArrowType, Nullable: true},
	}, nil)
	w, err := d.Create("test", schema, mem)
	if err != nil {
		t.Fatal(err)
	}
	var want []arrow.Record
	for b := range 3 {
		rb := array.NewRecordBuilder(mem, schema)
		for i := range 1000 {
			v := b*1000 + i
			if v%7 == 0 {
				rb.Field(0).AppendNull()
				rb.Field(1).AppendNull()
				rb.Field(2).AppendNull()
				continue
			}
			rb.Field(0).(*array.Int64Builder).Append(int64(v))
			rb.Field(1).(*array.StringBuilder).Append(string(rune('a' + v%26)))
			types.AppendUUIDBuilder(rb.Field(2), [16]byte{byte(v), byte(v >> 8)})
		}
		rec := rb.NewRecord()
		rb.Release()
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		want = append(want, rec)
	}
	f, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows() != 3000 || d.Files() != 1 || d.Bytes() != f.Size() || f.Size() == 0 {
		t.Errorf("rows %d, files %d, bytes %d, size %d", f.Rows(), d.Files(), d.Bytes(), f.Size())
	}
	for range 2 {
		r, err := f.Open(mem)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			rec, err := r.Next()
			if err == io.EOF {
				if i != len(want) {
					t.Errorf("read %d batches, want %d", i, len(want))
				}
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if !rec.Schema().Equal(schema) || !array.RecordEqual(rec, want[i]) {
				t.Fatalf("batch %d differs: %v", i, rec.Schema())
			}
		}
		r.Close()
	}
	f.Remove()
	for _, r := range want {
		r.Release()
	}
	if entries, _ := os.ReadDir(d.Path()); len(entries) != 0 || d.Files() != 0 || d.Bytes() != 0 {
		t.Errorf("after Remove: %d entries, %d files, %d bytes", len(entries), d.Files(), d.Bytes())
	}
}

// TestOpenClearsLeftovers checks that a server's restart removes the temporary files a
// killed one left, and that an aborted writer leaves nothing.
func TestOpenClearsLeftovers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tmp")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "i", Type: arrow.PrimitiveTypes.Int64}}, nil)
	w, err := d.Create("left", schema, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	_ = w // as if the process died here
	a, err := d.Create("aborted", schema, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	a.Abort()
	if entries, _ := os.ReadDir(path); len(entries) != 1 {
		t.Fatalf("%d files before the restart, want 1", len(entries))
	}
	if _, err := Open(path); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(path); len(entries) != 0 {
		t.Errorf("%d files left after Open", len(entries))
	}
}

package filescan

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// writeGroups writes a Parquet file of one int64 column x = 0, 1, ..., in groups row
// groups of groupRows rows, but for row big, whose x is 3,000,000,000 (too large for int4)
// when big >= 0.
func writeGroups(t *testing.T, path string, groups, groupRows, big int) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := pqarrow.NewFileWriter(sc, f, parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(int64(groupRows))), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	b := array.NewInt64Builder(memory.DefaultAllocator)
	for i := range groups * groupRows {
		if i == big {
			b.Append(3_000_000_000)
		} else {
			b.Append(int64(i))
		}
	}
	col := b.NewArray()
	rec := array.NewRecord(sc, []arrow.Array{col}, int64(col.Len()))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func openGroups(t *testing.T, path string, typ types.T, workers int) executor.RecordStream {
	t.Helper()
	def := &catalog.TableDef{Name: "groups", Kind: catalog.KindForeign, Columns: []catalog.Column{{Name: "x", Type: typ}},
		Foreign: &catalog.ForeignTable{Options: catalog.Options{{Name: "filename", Value: path}, {Name: "format", Value: "parquet"}}}}
	scan := &planner.Scan{Table: def, Cols: []int{0}, Out: []planner.Column{{Name: "x", Type: typ}}}
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: typ.Arrow(), Nullable: true}}, nil)
	ctx := executor.NewCtx(context.Background(), memory.DefaultAllocator, nil, nil, types.DefaultIOSettings(), workers)
	s, err := Reader{}.Open(ctx, scan, schema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestParquetRowGroupsInParallel: row groups decoded on several workers still arrive in
// the file's order, every row once; a scan closed early (LIMIT) stops its workers; a row
// group that fails to convert fails the scan with the conversion's error.
func TestParquetRowGroupsInParallel(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.parquet"), filepath.Join(dir, "bad.parquet")
	const groups, groupRows = 23, 1000
	writeGroups(t, good, groups, groupRows, -1)
	writeGroups(t, bad, groups, groupRows, 12*groupRows+5)
	for _, workers := range []int{1, 2, 5} {
		s := openGroups(t, good, types.TInt8, workers)
		next := int64(0)
		for {
			rec, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%d workers: %v", workers, err)
			}
			for _, v := range rec.Column(0).(*array.Int64).Int64Values() {
				if v != next {
					t.Fatalf("%d workers: row %d has x = %d", workers, next, v)
				}
				next++
			}
			rec.Release()
		}
		s.Close()
		if next != groups*groupRows {
			t.Errorf("%d workers: %d rows, want %d", workers, next, groups*groupRows)
		}
		if read := s.Read(); read.RowGroups != groups {
			t.Errorf("%d workers: %d row groups counted, want %d", workers, read.RowGroups, groups)
		}

		s = openGroups(t, good, types.TInt8, workers)
		rec, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		rec.Release()
		s.Close() // must not hang on workers decoding ahead

		s = openGroups(t, bad, types.TInt4, workers)
		for {
			rec, err := s.Next()
			if err == io.EOF {
				t.Fatalf("%d workers: a value out of int4's range was read", workers)
			}
			if err != nil {
				if code := pgerror.GetCode(err); code != "22003" {
					t.Fatalf("%d workers: %v (%s), want 22003", workers, err, code)
				}
				break
			}
			rec.Release()
		}
		s.Close()
	}
}

package filescan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
)

// benchRows is the size of the benchmarks' files: about 60 MB of CSV.
const benchRows = 2_000_000

// BenchmarkScanCSV and BenchmarkScanParquet read the column x of a file of rows (x int8,
// y float8, s text, d date) as SELECT sum(x) does, on GOMAXPROCS cores (-cpu 1,2); bytes
// per second are the file's. cmd/filebench times the same scans through a server beside
// DuckDB's read_csv and read_parquet over the same files.
func BenchmarkScanCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "x,y,s,d")
	for i := range benchRows {
		fmt.Fprintf(w, "%d,%g,name %d,2000-01-%02d\n", i, float64(i)/2, i%1000, 1+i%28)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchScan(b, path, catalog.Options{{Name: "format", Value: "csv"}, {Name: "header", Value: "true"}})
}

func BenchmarkScanParquet(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.parquet")
	sc := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}, {Name: "y", Type: arrow.PrimitiveTypes.Float64},
		{Name: "s", Type: arrow.BinaryTypes.String}, {Name: "d", Type: arrow.FixedWidthTypes.Date32}}, nil)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	pw, err := pqarrow.NewFileWriter(sc, f, parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(128*1024)), pqarrow.DefaultWriterProps())
	if err != nil {
		b.Fatal(err)
	}
	rb := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	for i := range benchRows {
		rb.Field(0).(*array.Int64Builder).Append(int64(i))
		rb.Field(1).(*array.Float64Builder).Append(float64(i) / 2)
		rb.Field(2).(*array.StringBuilder).Append(fmt.Sprintf("name %d", i%1000))
		rb.Field(3).(*array.Date32Builder).Append(arrow.Date32(i % 5000))
		if rb.Field(0).Len() == 128*1024 || i == benchRows-1 {
			rec := rb.NewRecord()
			if err := pw.Write(rec); err != nil {
				b.Fatal(err)
			}
			rec.Release()
		}
	}
	if err := pw.Close(); err != nil {
		b.Fatal(err)
	}
	benchScan(b, path, catalog.Options{{Name: "format", Value: "parquet"}})
}

func benchScan(b *testing.B, path string, format catalog.Options) {
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	def := &catalog.TableDef{Name: "bench", Kind: catalog.KindForeign,
		Columns: []catalog.Column{{Name: "x", Type: types.TInt8}, {Name: "y", Type: types.TFloat8}, {Name: "s", Type: types.TText}, {Name: "d", Type: types.TDate}},
		Foreign: &catalog.ForeignTable{Options: append(catalog.Options{{Name: "filename", Value: path}}, format...)}}
	scan := &planner.Scan{Table: def, Cols: []int{0}, Out: []planner.Column{{Name: "x", Type: types.TInt8}}}
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	b.SetBytes(st.Size())
	b.ResetTimer()
	for range b.N {
		ctx := executor.NewCtx(context.Background(), memory.DefaultAllocator, nil, nil, types.DefaultIOSettings(), runtime.GOMAXPROCS(0))
		s, err := Reader{}.Open(ctx, scan, schema)
		if err != nil {
			b.Fatal(err)
		}
		var sum int64
		for {
			rec, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, v := range rec.Column(0).(*array.Int64).Int64Values() {
				sum += v
			}
			rec.Release()
		}
		s.Close()
		if want := int64(benchRows) * (benchRows - 1) / 2; sum != want {
			b.Fatalf("sum %d, want %d", sum, want)
		}
	}
}

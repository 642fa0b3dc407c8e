package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/parquet-go/parquet-go"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// TestSegmentFilesReadByIndependentReader: the Parquet files pgfast writes for its tables
// are ordinary Parquet that a reader sharing no code with pgfast's writer (parquet-go, not
// Apache Arrow's implementation) opens, finding the columns by name with their logical
// types and every value, NULLs included. (numeric is the exception: its values are stored
// as pgfast's own 16-byte words, which another reader sees as fixed-length bytes.)
func TestSegmentFilesReadByIndependentReader(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, WithRowGroupRows(1000))
	tx := s.Begin()
	def := mustCreate(t, tx, catalog.TableDef{Name: "t", Columns: []catalog.Column{
		{Name: "id", Type: types.TInt8, NotNull: true}, {Name: "i2", Type: types.TInt2}, {Name: "i4", Type: types.TInt4},
		{Name: "f8", Type: types.TFloat8}, {Name: "b", Type: types.TBool}, {Name: "s", Type: types.TText},
		{Name: "d", Type: types.TDate}, {Name: "ts", Type: types.TTimestamp}, {Name: "tz", Type: types.TTimestamptz},
	}})
	const n = 2500
	base := time.Date(2024, 2, 29, 12, 30, 15, 123456000, time.UTC)
	b := array.NewRecordBuilder(memory.DefaultAllocator, def.ArrowSchema())
	for i := range int64(n) {
		b.Field(0).(*array.Int64Builder).Append(i)
		if i%7 == 3 { // a row of NULLs but for id
			for f := 1; f < len(def.Columns); f++ {
				b.Field(f).AppendNull()
			}
			continue
		}
		b.Field(1).(*array.Int16Builder).Append(int16(i - 1000))
		b.Field(2).(*array.Int32Builder).Append(int32(i * 1000))
		b.Field(3).(*array.Float64Builder).Append(float64(i) / 4)
		b.Field(4).(*array.BooleanBuilder).Append(i%2 == 0)
		b.Field(5).(*array.StringBuilder).Append(fmt.Sprintf("row %d é", i))
		b.Field(6).(*array.Date32Builder).Append(arrow.Date32FromTime(base.AddDate(0, 0, int(i))))
		ts := base.Add(time.Duration(i) * time.Minute).UnixMicro()
		b.Field(7).(*array.TimestampBuilder).Append(arrow.Timestamp(ts))
		b.Field(8).(*array.TimestampBuilder).Append(arrow.Timestamp(ts + 1))
	}
	mustInsert(t, tx, def.OID, b.NewRecord())
	b.Release()
	mustCommit(t, tx)

	files, _ := filepath.Glob(filepath.Join(dir, tablesDir, "*", "*"+segmentExt))
	if len(files) != 1 {
		t.Fatalf("%d segment files, want 1", len(files))
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("independent reader cannot open the file: %v", err)
	}
	if pf.NumRows() != n || len(pf.RowGroups()) != 3 {
		t.Fatalf("file has %d rows in %d row groups, want %d in 3", pf.NumRows(), len(pf.RowGroups()), n)
	}
	// Columns by name, with the logical types a reader needs to read them right.
	col := map[string]int{}
	for i, c := range pf.Schema().Columns() {
		col[c[0]] = i
	}
	logical := map[string]string{"i2": "INT(16,true)", "i4": "INT(32,true)", "s": "STRING", "d": "DATE",
		"ts": "TIMESTAMP(isAdjustedToUTC=false,unit=MICROS)", "tz": "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)"}
	for name, want := range logical {
		field, ok := pf.Schema().Lookup(name)
		if !ok {
			t.Fatalf("no column %q in %v", name, pf.Schema())
		}
		if lt := field.Node.Type().LogicalType(); lt == nil || lt.String() != want {
			t.Errorf("column %s has logical type %v, want %s", name, lt, want)
		}
	}
	rows := make([]parquet.Row, n)
	r := parquet.NewReader(f)
	got := 0
	for got < n {
		k, err := r.ReadRows(rows[got:])
		got += k
		if err != nil {
			break
		}
	}
	if got != n {
		t.Fatalf("read %d rows, want %d", got, n)
	}
	for i, row := range rows {
		v := func(name string) parquet.Value { return row[col[name]] }
		id := v("id").Int64()
		if id != int64(i) {
			t.Fatalf("row %d has id %d", i, id)
		}
		if id%7 == 3 {
			for _, name := range []string{"i2", "i4", "f8", "b", "s", "d", "ts", "tz"} {
				if !v(name).IsNull() {
					t.Fatalf("row %d: %s is %v, want NULL", i, name, v(name))
				}
			}
			continue
		}
		ts := base.Add(time.Duration(id) * time.Minute).UnixMicro()
		checks := []struct {
			name      string
			got, want any
		}{
			{"i2", v("i2").Int32(), int32(id - 1000)},
			{"i4", v("i4").Int32(), int32(id * 1000)},
			{"f8", v("f8").Double(), float64(id) / 4},
			{"b", v("b").Boolean(), id%2 == 0},
			{"s", string(v("s").ByteArray()), fmt.Sprintf("row %d é", id)},
			{"d", v("d").Int32(), int32(arrow.Date32FromTime(base.AddDate(0, 0, int(id))))},
			{"ts", v("ts").Int64(), ts},
			{"tz", v("tz").Int64(), ts + 1},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Fatalf("row %d: %s is %v, want %v", i, c.name, c.got, c.want)
			}
		}
	}
}

package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func openStore(t testing.TB, dir string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(dir, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func intTable(name string) catalog.TableDef {
	return catalog.TableDef{Name: name, Columns: []catalog.Column{{Name: "id", Type: types.TInt8, NotNull: true}, {Name: "v", Type: types.TText}}}
}

// intRecord returns rows id = from..to-1, v = "v<id>".
func intRecord(from, to int64) arrow.Record {
	sc := catalog.TableDef{Columns: intTable("").Columns}
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc.ArrowSchema())
	defer b.Release()
	ids := b.Field(0).(*array.Int64Builder)
	vs := b.Field(1).(*array.StringBuilder)
	for i := from; i < to; i++ {
		ids.Append(i)
		vs.Append(fmt.Sprintf("v%d", i))
	}
	return b.NewRecord()
}

func mustCreate(t testing.TB, tx *Txn, def catalog.TableDef) *catalog.TableDef {
	t.Helper()
	d, err := tx.CreateTable(def)
	if err != nil {
		t.Fatalf("CreateTable %s: %v", def.Name, err)
	}
	return d
}

func mustInsert(t testing.TB, tx *Txn, oid types.OID, rec arrow.Record) {
	t.Helper()
	defer rec.Release()
	if err := tx.Insert(oid, rec); err != nil {
		t.Fatalf("Insert: %v", err)
	}
}

func mustCommit(t testing.TB, tx *Txn) {
	t.Helper()
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

// mustCheckpoint folds the logged commits into files, for tests that look at the files.
func mustCheckpoint(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Checkpoint(); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
}

func oidOf(t testing.TB, tx *Txn, name string) types.OID {
	t.Helper()
	d := tx.Catalog().Table(catalog.DefaultSchema, name)
	if d == nil {
		t.Fatalf("table %s missing", name)
	}
	return d.OID
}

// ids returns column 0 (int8) of every batch of table name, checking the batch invariants.
func ids(t testing.TB, tx *Txn, name string) []int64 {
	t.Helper()
	recs, err := tx.Batches(oidOf(t, tx, name))
	if err != nil {
		t.Fatalf("Batches: %v", err)
	}
	var out []int64
	for _, r := range recs {
		if r.NumRows() > BatchRows || r.NumRows() == 0 {
			t.Fatalf("batch of %d rows", r.NumRows())
		}
		out = append(out, r.Column(0).(*array.Int64).Int64Values()...)
	}
	return out
}

// committedIDs is ids in a transaction of its own, ended before it returns (a running
// transaction keeps the files of its snapshot from being deleted).
func committedIDs(t testing.TB, s *Store, name string) []int64 {
	t.Helper()
	tx := s.Begin()
	defer tx.Rollback()
	return ids(t, tx, name)
}

func wantSeq(t testing.TB, got []int64, n int64) {
	t.Helper()
	if int64(len(got)) != n {
		t.Fatalf("got %d rows, want %d", len(got), n)
	}
	for i, v := range got {
		if v != int64(i) {
			t.Fatalf("row %d holds id %d", i, v)
		}
	}
}

func wantCode(t testing.TB, err error, code pgcode.Code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	if got := pgerror.GetCode(err); got != code {
		t.Fatalf("error %q has code %s, want %s", err, got, code)
	}
	if msg != "" && err.Error() != msg {
		t.Fatalf("error %q, want %q", err, msg)
	}
}

// dataFiles lists the files under the store's tables directory, relative to it.
func dataFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	root := filepath.Join(dir, tablesDir)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// referencedFiles lists the files the manifest of dir names, as dataFiles does.
func referencedFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, err := readManifest(dir)
	if err != nil || m == nil {
		t.Fatalf("readManifest: %v", err)
	}
	var out []string
	for _, mt := range m.Tables {
		for _, sg := range mt.Segments {
			out = append(out, filepath.Join(fmt.Sprint(mt.OID), sg.File))
			if sg.Deletes != "" {
				out = append(out, filepath.Join(fmt.Sprint(mt.OID), sg.Deletes))
			}
		}
	}
	return out
}

// copyDir copies the regular files of src into dst, as the disk would look if the process
// died at this moment.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		return errors.Join(err, out.Close())
	})
}

// genColumn builds n values of type dt, NULL at every nullEvery-th row when nullEvery > 0.
func genColumn(t testing.TB, dt arrow.DataType, n, nullEvery int) arrow.Array {
	t.Helper()
	if types.IsArrayArrow(dt) {
		return genArrays(t, dt, n, nullEvery)
	}
	b := array.NewBuilder(memory.DefaultAllocator, dt)
	defer b.Release()
	for i := range n {
		if nullEvery > 0 && i%nullEvery == nullEvery-1 {
			b.AppendNull()
			continue
		}
		v := int64(i)*7919 - 1_000_000
		switch b := b.(type) {
		case *array.BooleanBuilder:
			b.Append(i%3 == 0)
		case *array.Int16Builder:
			b.Append(int16(v))
		case *array.Int32Builder:
			b.Append(int32(v))
		case *array.Int64Builder:
			b.Append(v * 1_000_003)
		case *array.Uint32Builder:
			b.Append(uint32(v))
		case *array.Float32Builder:
			b.Append(float32(v) / 3)
		case *array.Float64Builder:
			b.Append(float64(v) / 7)
		case *array.FixedSizeBinaryBuilder:
			// Numerics of varying display scale.
			types.AppendNumericBuilder(b, types.MakeNumeric(v*1_000_003, int32(i%4)))
		case *array.StringBuilder:
			b.Append(strings.Repeat("é", i%5) + fmt.Sprint(v))
		case *array.BinaryBuilder:
			b.Append([]byte{byte(i), 0, byte(i >> 8)})
		case *array.Date32Builder:
			b.Append(arrow.Date32(v % 100_000))
		case *array.Time64Builder:
			b.Append(arrow.Time64((v%86_400_000_000 + 86_400_000_000) % 86_400_000_000))
		case *array.TimestampBuilder:
			b.Append(arrow.Timestamp(v * 1_000_003_001))
		case *array.MonthDayNanoIntervalBuilder:
			b.Append(arrow.MonthDayNanoInterval{Months: int32(i % 25), Days: int32(-i), Nanoseconds: v * 1000})
		case *array.ExtensionBuilder:
			switch {
			case types.IsUUIDArrow(dt):
				types.AppendUUIDBuilder(b, [16]byte{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, byte(i >> 8), byte(v)})
			case types.IsJSONBArrow(dt):
				err := types.ParseJSONB([]byte(fmt.Sprintf(`{"i": %d, "v": [%d, "é"], "n": null}`, i, v)), nil,
					func(j pgjson.Value) { types.AppendJSONBBuilder(b, j) })
				if err != nil {
					t.Fatal(err)
				}
			default:
				t.Fatalf("no generator for %s", dt)
			}
		default:
			t.Fatalf("no generator for %s", dt)
		}
	}
	return b.NewArray()
}

// genArrays generates n arrays (array layout dt): row i holds i%5 elements (some NULL);
// rows of four elements are 2x2 arrays with lower bounds 0 and 3, every nullEvery'th row is
// NULL.
func genArrays(t testing.TB, dt arrow.DataType, n, nullEvery int) arrow.Array {
	offs := make([]int32, n+1)
	valid := make([]bool, n)
	shapes := make([]types.Shape, n)
	for i := range n {
		k := i % 5
		valid[i] = !(nullEvery > 0 && i%nullEvery == nullEvery-1)
		if !valid[i] {
			k = 0
		}
		offs[i+1] = offs[i] + int32(k)
		shapes[i] = types.Vector(k)
		if k == 4 {
			shapes[i] = types.Shape{NDim: 2, Dims: [types.MaxDim]int32{2, 2}, LBounds: [types.MaxDim]int32{0, 3}}
		}
	}
	elems := genColumn(t, types.ArrayElemArrow(dt), int(offs[n]), 3)
	defer elems.Release()
	return types.MakeArrays(memory.DefaultAllocator, elems, offs, valid, shapes)
}

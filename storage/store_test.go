package storage

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// allTypes has a column for every type of the catalog's Arrow mapping, with the modifiers
// that change the Arrow type (numeric scale) or only the catalog (varchar length).
var allTypes = []catalog.Column{
	{Name: "id", Type: types.TInt4, NotNull: true},
	{Name: "b", Type: types.TBool, Default: "true"}, // a DEFAULT survives reopening
	{Name: "i2", Type: types.TInt2, Default: "(1 + 2)"},
	{Name: "i8", Type: types.TInt8},
	{Name: "f4", Type: types.TFloat4},
	{Name: "f8", Type: types.TFloat8},
	{Name: "n", Type: types.TNumeric},
	{Name: "n12_2", Type: types.T{OID: types.Numeric, Typmod: types.MakeNumericTypmod(12, 2)}},
	{Name: "n38_0", Type: types.T{OID: types.Numeric, Typmod: types.MakeNumericTypmod(38, 0)}},
	{Name: "t", Type: types.TText},
	{Name: "vc", Type: types.T{OID: types.Varchar, Typmod: 14}},
	{Name: "bp", Type: types.T{OID: types.Bpchar, Typmod: 7}},
	{Name: "nm", Type: types.TName},
	{Name: "d", Type: types.TDate},
	{Name: "tm", Type: types.Of(types.Time)},
	{Name: "ts", Type: types.TTimestamp},
	{Name: "tstz", Type: types.TTimestamptz},
	{Name: "iv", Type: types.TInterval},
	{Name: "o", Type: types.TOid},
	{Name: "by", Type: types.Of(types.Bytea)},
	{Name: "ia", Type: types.Of(types.Int4Array)},
	{Name: "ta", Type: types.Of(types.TextArray)},
	{Name: "na", Type: types.Of(types.NumericArray)},
	{Name: "iva", Type: types.Of(types.IntervalArray)},
	{Name: "u", Type: types.Of(types.UUID)},
	{Name: "ua", Type: types.Of(types.UUIDArray)},
	{Name: "jb", Type: types.Of(types.JSONB)},
	{Name: "js", Type: types.Of(types.JSON)},
	{Name: "nn", Type: types.TFloat8, NotNull: true},
}

func TestRoundTripAllTypes(t *testing.T) {
	for _, n := range []int{1, 2047, 2048, 5000} {
		t.Run("", func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir)
			tx := s.Begin()
			def := mustCreate(t, tx, catalog.TableDef{Name: "every", Columns: allTypes})
			sc := def.ArrowSchema()
			cols := make([]arrow.Array, len(allTypes))
			for i, c := range allTypes {
				nullEvery := 7
				if c.NotNull {
					nullEvery = 0
				}
				cols[i] = genColumn(t, sc.Field(i).Type, n, nullEvery)
			}
			want := array.NewRecord(sc, cols, int64(n))
			releaseAll(cols)
			defer want.Release()
			want.Retain()
			mustInsert(t, tx, def.OID, want)
			checkRecords(t, tx, def, want) // own rows, before commit
			mustCommit(t, tx)
			checkRecords(t, s.Begin(), def, want)
			s.Close()

			s2 := openStore(t, dir)
			tx2 := s2.Begin()
			got := tx2.Catalog().TableByOID(def.OID)
			if got == nil || got.Name != "every" || !reflect.DeepEqual(got.Columns, def.Columns) {
				t.Fatalf("reopened definition %+v, want %+v", got, def)
			}
			checkRecords(t, tx2, got, want)
		})
	}
}

// checkRecords compares the rows of def as tx sees them with want, column by column, and
// checks each batch has the table's exact schema and at most BatchRows rows.
func checkRecords(t *testing.T, tx *Txn, def *catalog.TableDef, want arrow.Record) {
	t.Helper()
	recs, err := tx.Batches(def.OID)
	if err != nil {
		t.Fatal(err)
	}
	sc := def.ArrowSchema()
	for _, r := range recs {
		if !r.Schema().Equal(sc) {
			t.Fatalf("batch schema %s, want %s", r.Schema(), sc)
		}
		if r.NumRows() > BatchRows {
			t.Fatalf("batch of %d rows", r.NumRows())
		}
	}
	for c := range def.Columns {
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		got, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		if !array.Equal(got, want.Column(c)) {
			t.Errorf("column %s differs:\n got %v\nwant %v", def.Columns[c].Name, got, want.Column(c))
		}
		got.Release()
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)

	tx := s.Begin()
	def := mustCreate(t, tx, intTable("gone"))
	mustInsert(t, tx, def.OID, intRecord(0, 10))
	tx.Rollback()
	if s.Begin().Catalog().Table(catalog.DefaultSchema, "gone") != nil {
		t.Fatal("rolled back table is visible")
	}
	if files := dataFiles(t, dir); len(files) != 0 {
		t.Fatalf("rollback left files %v", files)
	}

	tx = s.Begin()
	def = mustCreate(t, tx, intTable("kept"))
	mustInsert(t, tx, def.OID, intRecord(0, 10))
	mustCommit(t, tx)
	tx = s.Begin()
	mustInsert(t, tx, def.OID, intRecord(10, 20))
	if err := tx.DropTable(def.OID); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if err := tx.Commit(); err != nil { // a finished transaction commits nothing
		t.Fatal(err)
	}
	wantSeq(t, committedIDs(t, s, "kept"), 10)
	s.Close()
	wantSeq(t, ids(t, openStore(t, dir).Begin(), "kept"), 10)
}

func TestSnapshotVisibility(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 3))
	mustCommit(t, tx)

	a, b := s.Begin(), s.Begin()
	mustInsert(t, b, def.OID, intRecord(3, 5))
	wantSeq(t, ids(t, b, "t"), 5) // b sees its own rows
	wantSeq(t, ids(t, a, "t"), 3) // a does not
	mustCommit(t, b)
	wantSeq(t, ids(t, a, "t"), 3) // nor after b commits: a keeps its snapshot
	mustInsert(t, a, def.OID, intRecord(5, 6))
	mustCommit(t, a) // appends rebase onto b's commit
	got := committedIDs(t, s, "t")
	if !slices.Equal(got, []int64{0, 1, 2, 3, 4, 5}) {
		t.Fatalf("after both commits: %v", got)
	}

	// DDL is private until commit.
	c := s.Begin()
	mustCreate(t, c, intTable("private"))
	if s.Begin().Catalog().Table(catalog.DefaultSchema, "private") != nil {
		t.Fatal("uncommitted table visible to others")
	}
	mustCommit(t, c)
	if s.Begin().Catalog().Table(catalog.DefaultSchema, "private") == nil {
		t.Fatal("committed table not visible")
	}
}

func TestReadOnlyCommitDoesNoIO(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)
	s.hook = func(point string) error { t.Fatalf("read-only commit reached %s", point); return nil }
	before, _ := os.Stat(filepath.Join(dir, manifestName))
	tx = s.Begin()
	if _, err := tx.Batches(def.OID); err != nil {
		t.Fatal(err)
	}
	mustInsert(t, tx, def.OID, intRecord(0, 0)) // an empty insert changes nothing
	mustCommit(t, tx)
	after, _ := os.Stat(filepath.Join(dir, manifestName))
	if !before.ModTime().Equal(after.ModTime()) {
		t.Fatal("manifest rewritten by a read-only commit")
	}
}

func TestErrors(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustCommit(t, tx)

	tx = s.Begin()
	_, err := tx.Batches(99999)
	wantCode(t, err, pgcode.UndefinedTable, "relation with OID 99999 does not exist")
	wantCode(t, tx.Insert(99999, intRecord(0, 1)), pgcode.UndefinedTable, "")
	wantCode(t, tx.DropTable(99999), pgcode.UndefinedTable, "")
	_, err = tx.CreateTable(intTable("t"))
	wantCode(t, err, pgcode.DuplicateTable, `relation "t" already exists`)
	for _, c := range []struct {
		cols []catalog.Column
		code pgcode.Code
		msg  string
	}{
		{[]catalog.Column{{Name: "a", Type: types.TInt4}, {Name: "a", Type: types.TText}}, pgcode.DuplicateColumn, `column "a" specified more than once`},
		{[]catalog.Column{{Name: "r", Type: types.Of(types.Record)}}, pgcode.InvalidTableDefinition, `column "r" has pseudo-type record`},
		{[]catalog.Column{{Name: "x", Type: types.Of(4242)}}, pgcode.UndefinedObject, `type with OID 4242 does not exist`},
	} {
		_, err = tx.CreateTable(catalog.TableDef{Name: "bad", Columns: c.cols})
		wantCode(t, err, c.code, c.msg)
	}

	// A NULL in a NOT NULL column, and a record of the wrong shape.
	b := array.NewRecordBuilder(memory.DefaultAllocator, def.ArrowSchema())
	b.Field(0).AppendNull()
	b.Field(1).AppendNull()
	rec := b.NewRecord()
	b.Release()
	wantCode(t, tx.Insert(def.OID, rec), pgcode.NotNullViolation,
		`null value in column "id" of relation "t" violates not-null constraint`)
	rec.Release()
	wrong := array.NewRecord(arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int32}}, nil), nil, 0)
	wantCode(t, tx.Insert(def.OID, wrong), pgcode.InternalError, "")

	// Dropped in this transaction: gone for it, and the name is free again.
	if err := tx.DropTable(def.OID); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Batches(def.OID)
	wantCode(t, err, pgcode.UndefinedTable, "")
	def2 := mustCreate(t, tx, intTable("t"))
	if def2.OID == def.OID {
		t.Fatal("OID reused")
	}
	mustInsert(t, tx, def2.OID, intRecord(0, 2))
	mustCommit(t, tx)
	wantSeq(t, committedIDs(t, s, "t"), 2)
}

func TestConflicts(t *testing.T) {
	setup := func(t *testing.T) (*Store, *catalog.TableDef) {
		s := openStore(t, t.TempDir())
		tx := s.Begin()
		def := mustCreate(t, tx, intTable("t"))
		mustInsert(t, tx, def.OID, intRecord(0, 1))
		mustCommit(t, tx)
		return s, def
	}
	cases := []struct {
		name   string
		first  func(*Txn, *catalog.TableDef) error
		second func(*Txn, *catalog.TableDef) error
		code   pgcode.Code // of the second commit; "" for success
		rows   int64       // rows of t afterwards, -1 when t is gone
	}{
		{"append/append",
			func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(1, 2)) },
			func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(2, 3)) },
			"", 3},
		{"drop/insert",
			func(tx *Txn, d *catalog.TableDef) error { return tx.DropTable(d.OID) },
			func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(1, 2)) },
			pgcode.TRSerializationFailure, -1},
		{"drop/drop",
			func(tx *Txn, d *catalog.TableDef) error { return tx.DropTable(d.OID) },
			func(tx *Txn, d *catalog.TableDef) error { return tx.DropTable(d.OID) },
			pgcode.TRSerializationFailure, -1},
		{"insert/drop",
			func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(1, 2)) },
			func(tx *Txn, d *catalog.TableDef) error { return tx.DropTable(d.OID) },
			"", -1},
		{"create/create",
			func(tx *Txn, d *catalog.TableDef) error { _, err := tx.CreateTable(intTable("u")); return err },
			func(tx *Txn, d *catalog.TableDef) error { _, err := tx.CreateTable(intTable("u")); return err },
			pgcode.DuplicateTable, 1},
		{"insert/drop-recreate",
			func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(1, 2)) },
			func(tx *Txn, d *catalog.TableDef) error {
				if err := tx.DropTable(d.OID); err != nil {
					return err
				}
				_, err := tx.CreateTable(intTable("t"))
				return err
			},
			"", 0},
		{"create/create other name",
			func(tx *Txn, d *catalog.TableDef) error { _, err := tx.CreateTable(intTable("u")); return err },
			func(tx *Txn, d *catalog.TableDef) error { _, err := tx.CreateTable(intTable("w")); return err },
			"", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, def := setup(t)
			a, b := s.Begin(), s.Begin()
			if err := c.first(a, def); err != nil {
				t.Fatal(err)
			}
			if err := c.second(b, def); err != nil {
				t.Fatal(err)
			}
			mustCommit(t, a)
			err := b.Commit()
			if c.code == "" {
				if err != nil {
					t.Fatalf("second commit: %v", err)
				}
			} else {
				wantCode(t, err, c.code, "")
			}
			tx := s.Begin()
			d := tx.Catalog().Table(catalog.DefaultSchema, "t")
			if c.rows < 0 {
				if d != nil {
					t.Fatal("t still exists")
				}
				return
			}
			if got := ids(t, tx, "t"); int64(len(got)) != c.rows {
				t.Fatalf("t has %d rows, want %d", len(got), c.rows)
			}
			// The store is intact after the failed commit: reopen and compare.
			s.Close()
			if got := ids(t, openStore(t, s.Dir()).Begin(), "t"); int64(len(got)) != c.rows {
				t.Fatalf("reopened t has %d rows, want %d", len(got), c.rows)
			}
		})
	}
}

func TestDropDeletesFiles(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	keep := mustCreate(t, tx, intTable("keep"))
	drop := mustCreate(t, tx, intTable("drop"))
	mustInsert(t, tx, keep.OID, intRecord(0, 5))
	mustInsert(t, tx, drop.OID, intRecord(0, 5))
	mustCommit(t, tx)
	if got := len(dataFiles(t, dir)); got != 2 {
		t.Fatalf("%d files, want 2", got)
	}
	tx = s.Begin()
	if err := tx.DropTable(drop.OID); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	if got, want := dataFiles(t, dir), referencedFiles(t, dir); !slices.Equal(got, want) || len(got) != 1 {
		t.Fatalf("files %v, manifest names %v", got, want)
	}
	if _, err := os.Stat(s.tableDir(drop.OID)); !os.IsNotExist(err) {
		t.Fatalf("dropped table's directory remains: %v", err)
	}
}

func TestDirectoryLocked(t *testing.T) {
	dir := t.TempDir()
	openStore(t, dir)
	_, err := Open(dir)
	wantCode(t, err, pgcode.ObjectInUse, "")
}

func TestOIDsAreUniqueAcrossTransactions(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	a, b := s.Begin(), s.Begin()
	da := mustCreate(t, a, intTable("a"))
	db := mustCreate(t, b, intTable("b"))
	if da.OID == db.OID || da.OID < catalog.FirstUserOID {
		t.Fatalf("OIDs %d and %d", da.OID, db.OID)
	}
	mustCommit(t, a)
	mustCommit(t, b)
	s.Close()
	s = openStore(t, dir)
	dc := mustCreate(t, s.Begin(), intTable("c"))
	if dc.OID <= max(da.OID, db.OID) {
		t.Fatalf("OID %d handed out again after reopen", dc.OID)
	}
	if got := s.Begin().Catalog().TableByOID(db.OID); got == nil || got.Name != "b" {
		t.Fatalf("table b after reopen: %+v", got)
	}
	_ = types.OID(0)
}

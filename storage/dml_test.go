package storage

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// deleteWhere deletes the rows of table oid whose id (column 0) satisfies pred, the way the
// executor runs DELETE: a scan with row identifiers, then Delete. It returns how many.
func deleteWhere(t testing.TB, tx *Txn, oid types.OID, pred func(int64) bool) int {
	t.Helper()
	del := rowIDsWhere(t, tx, oid, pred)
	if err := tx.Delete(oid, del); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	return len(del)
}

// rowIDsWhere returns the row identifiers of the rows of table oid whose first column
// satisfies pred.
func rowIDsWhere(t testing.TB, tx *Txn, oid types.OID, pred func(int64) bool) []int64 {
	t.Helper()
	recs, rids, err := tx.RowIDBatches(oid)
	if err != nil {
		t.Fatalf("RowIDBatches: %v", err)
	}
	if len(recs) != len(rids) {
		t.Fatalf("%d batches, %d id arrays", len(recs), len(rids))
	}
	var del []int64
	for i, r := range recs {
		if int64(rids[i].Len()) != r.NumRows() {
			t.Fatalf("batch of %d rows has %d ids", r.NumRows(), rids[i].Len())
		}
		for j, id := range r.Column(0).(*array.Int64).Int64Values() {
			if pred(id) {
				del = append(del, rids[i].Value(j))
			}
		}
	}
	return del
}

// rowsOfTable returns "id:v" for every row of table name as tx sees them.
// committedRows is rowsOfTable in a transaction of its own, ended before it returns.
func committedRows(t testing.TB, s *Store, name string) []string {
	t.Helper()
	tx := s.Begin()
	defer tx.Rollback()
	return rowsOfTable(t, tx, name)
}

func rowsOfTable(t testing.TB, tx *Txn, name string) []string {
	t.Helper()
	recs, err := tx.Batches(oidOf(t, tx, name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.NumRows() == 0 || r.NumRows() > BatchRows {
			t.Fatalf("batch of %d rows", r.NumRows())
		}
		for i := range int(r.NumRows()) {
			var parts []string
			for c := range int(r.NumCols()) {
				col := r.Column(c)
				if col.IsNull(i) {
					parts = append(parts, "NULL")
				} else {
					parts = append(parts, col.ValueStr(i))
				}
			}
			out = append(out, strings.Join(parts, ":"))
		}
	}
	return out
}

func idsFrom(from, to int64, skip func(int64) bool) []int64 {
	var out []int64
	for i := from; i < to; i++ {
		if skip == nil || !skip(i) {
			out = append(out, i)
		}
	}
	return out
}

func wantIDs(t testing.TB, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		if len(got) > 20 || len(want) > 20 {
			t.Fatalf("got %d ids, want %d (first differences matter)", len(got), len(want))
		}
		t.Fatalf("got ids %v, want %v", got, want)
	}
}

func countFiles(t testing.TB, dir, ext string) int {
	n := 0
	for _, f := range dataFiles(t, dir) {
		if strings.HasSuffix(f, ext) {
			n++
		}
	}
	return n
}

// TestDeleteVisibilityAndDurability deletes rows spread over several segments: the deleting
// transaction sees the rows gone at once, others only after commit, and a reopened store
// too. Light deletes leave deletion vector files; heavy ones rewrite the segment.
func TestDeleteVisibilityAndDurability(t *testing.T) {
	dir := t.TempDir()
	oneWriter := func(o *options) { o.workers = 1 }
	s := openStore(t, dir, WithSegmentRows(8192), WithCompaction(1000, 8), oneWriter)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 24_576)) // three segments of 8192 rows
	mustCommit(t, tx)

	odd7 := func(id int64) bool { return id%7 == 3 }
	tx = s.Begin()
	other := s.Begin()
	if n := deleteWhere(t, tx, def.OID, odd7); n != 3511 {
		t.Fatalf("deleted %d rows", n)
	}
	wantIDs(t, ids(t, tx, "t"), idsFrom(0, 24_576, odd7))
	wantSeq(t, ids(t, other, "t"), 24_576)
	// Deleting again what is already deleted, or nothing, changes nothing.
	if n := deleteWhere(t, tx, def.OID, odd7); n != 0 {
		t.Fatalf("second delete saw %d rows", n)
	}
	mustCommit(t, tx)
	wantSeq(t, ids(t, other, "t"), 24_576) // other keeps its snapshot
	other.Rollback()
	wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, 24_576, odd7))
	mustCheckpoint(t, s)
	if n := countFiles(t, dir, delExt); n != 3 {
		t.Fatalf("%d deletion vectors, want one per segment", n)
	}

	// More deletes in one segment: a new vector replaces the old one.
	tx = s.Begin()
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id < 100 })
	mustCommit(t, tx)
	gone := func(id int64) bool { return odd7(id) || id < 100 }
	wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, 24_576, gone))
	mustCheckpoint(t, s)
	if n := countFiles(t, dir, delExt); n != 3 {
		t.Fatalf("%d deletion vectors after a second delete", n)
	}

	// Most of the middle segment: it is rewritten without the deleted rows.
	tx = s.Begin()
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id >= 8192 && id < 14_000 })
	mustCommit(t, tx)
	gone2 := func(id int64) bool { return gone(id) || id >= 8192 && id < 14_000 }
	wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, 24_576, gone2))
	mustCheckpoint(t, s)
	if n := countFiles(t, dir, delExt); n != 2 {
		t.Fatalf("%d deletion vectors after a rewrite, want 2", n)
	}

	// All of the last segment: it disappears.
	tx = s.Begin()
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id >= 16_384 })
	mustCommit(t, tx)
	gone3 := func(id int64) bool { return gone2(id) || id >= 16_384 }
	wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, 24_576, gone3))
	mustCheckpoint(t, s)
	if files := dataFiles(t, dir); !slices.Equal(files, referencedFiles(t, dir)) || len(files) != 3 {
		t.Fatalf("files %v, manifest names %v", files, referencedFiles(t, dir))
	}

	s.Close()
	s = openStore(t, dir)
	wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, 24_576, gone3))
}

// TestUpdateAndOwnRows runs UPDATE as delete plus insert, on committed rows and on rows the
// transaction inserted itself, then rolls back and commits.
func TestUpdateAndOwnRows(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 5))
	mustCommit(t, tx)

	update := func(tx *Txn, id int64, v string) {
		deleteWhere(t, tx, def.OID, func(x int64) bool { return x == id })
		b := array.NewRecordBuilder(memory.DefaultAllocator, def.ArrowSchema())
		b.Field(0).(*array.Int64Builder).Append(id)
		b.Field(1).(*array.StringBuilder).Append(v)
		mustInsert(t, tx, def.OID, b.NewRecord())
		b.Release()
	}
	for _, commit := range []bool{false, true} {
		tx = s.Begin()
		update(tx, 1, "one")
		mustInsert(t, tx, def.OID, intRecord(5, 8))
		deleteWhere(t, tx, def.OID, func(x int64) bool { return x == 6 }) // its own row
		update(tx, 7, "seven")                                            // its own row, updated
		update(tx, 1, "uno")                                              // the new version again
		want := []string{"0:v0", "2:v2", "3:v3", "4:v4", "5:v5", "7:seven", "1:uno"}
		if got := rowsOfTable(t, tx, "t"); !slices.Equal(got, want) {
			t.Fatalf("own view %v, want %v", got, want)
		}
		if !commit {
			tx.Rollback()
			wantSeq(t, committedIDs(t, s, "t"), 5)
			continue
		}
		mustCommit(t, tx)
		slices.Sort(want)
		got := committedRows(t, s, "t")
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("committed %v, want %v", got, want)
		}
		s.Close()
		s = openStore(t, dir)
		got = committedRows(t, s, "t")
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("reopened %v, want %v", got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 5000))
	mustCommit(t, tx)
	tx = s.Begin()
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id%2 == 0 })
	mustCommit(t, tx)

	tx = s.Begin()
	mustInsert(t, tx, def.OID, intRecord(0, 3))
	if err := tx.Truncate(def.OID); err != nil {
		t.Fatal(err)
	}
	wantSeq(t, ids(t, tx, "t"), 0)
	mustInsert(t, tx, def.OID, intRecord(0, 2))
	wantSeq(t, ids(t, tx, "t"), 2)
	tx.Rollback()
	if n := len(committedIDs(t, s, "t")); n != 2500 {
		t.Fatalf("rolled back truncate left %d rows", n)
	}
	tx = s.Begin()
	if err := tx.Truncate(def.OID); err != nil {
		t.Fatal(err)
	}
	mustInsert(t, tx, def.OID, intRecord(0, 2))
	mustCommit(t, tx)
	wantSeq(t, committedIDs(t, s, "t"), 2)
	if files := dataFiles(t, dir); len(files) != 1 {
		t.Fatalf("after truncate files %v", files)
	}
	s.Close()
	wantSeq(t, ids(t, openStore(t, dir).Begin(), "t"), 2)
}

// TestAlterTable adds, drops and renames columns and the table, over rows stored before and
// after each change, and checks the result in the transaction, after commit and reopened.
func TestAlterTable(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 3))
	mustCommit(t, tx)

	cols := func(cs ...catalog.Column) []catalog.Column { return cs }
	id := catalog.Column{Name: "id", Type: types.TInt8, NotNull: true}
	v := catalog.Column{Name: "v", Type: types.TText}
	w := catalog.Column{Name: "w", Type: types.TInt4}
	alter := func(tx *Txn, name string, cs []catalog.Column, src ...int) error {
		return tx.AlterTable(catalog.TableDef{OID: def.OID, Name: name, Columns: cs}, src)
	}
	insert := func(tx *Txn, vals ...any) {
		d := tx.Catalog().TableByOID(def.OID)
		b := array.NewRecordBuilder(memory.DefaultAllocator, d.ArrowSchema())
		for i, x := range vals {
			switch x := x.(type) {
			case nil:
				b.Field(i).AppendNull()
			case int64:
				b.Field(i).(*array.Int64Builder).Append(x)
			case int32:
				b.Field(i).(*array.Int32Builder).Append(x)
			case string:
				b.Field(i).(*array.StringBuilder).Append(x)
			}
		}
		mustInsert(t, tx, def.OID, b.NewRecord())
		b.Release()
	}
	check := func(tx *Txn, name string, want ...string) {
		t.Helper()
		if got := rowsOfTable(t, tx, name); !slices.Equal(got, want) {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}

	tx = s.Begin()
	if err := alter(tx, "t", cols(id, v, w), 0, 1, -1); err != nil { // ADD COLUMN w
		t.Fatal(err)
	}
	insert(tx, int64(3), "v3", int32(30))
	check(tx, "t", "0:v0:NULL", "1:v1:NULL", "2:v2:NULL", "3:v3:30")
	if err := alter(tx, "t", cols(id, w), 0, 2); err != nil { // DROP COLUMN v
		t.Fatal(err)
	}
	check(tx, "t", "0:NULL", "1:NULL", "2:NULL", "3:30")
	// Re-adding a dropped column's name gives a new, empty column.
	v2 := catalog.Column{Name: "v", Type: types.TText}
	if err := alter(tx, "t", cols(id, w, v2), 0, 1, -1); err != nil {
		t.Fatal(err)
	}
	insert(tx, int64(4), int32(40), "new")
	deleteWhere(t, tx, def.OID, func(x int64) bool { return x == 1 })
	check(tx, "t", "0:NULL:NULL", "2:NULL:NULL", "3:30:NULL", "4:40:new")
	if other := s.Begin(); len(other.Catalog().TableByOID(def.OID).Columns) != 2 {
		t.Fatal("uncommitted ALTER visible")
	}
	mustCommit(t, tx)
	check(s.Begin(), "t", "0:NULL:NULL", "2:NULL:NULL", "3:30:NULL", "4:40:new")

	// Rename the table and a column; SET NOT NULL checks existing rows.
	tx = s.Begin()
	ww := catalog.Column{Name: "ww", Type: types.TInt4, NotNull: true}
	err := alter(tx, "t", cols(id, ww, v2), 0, 1, 2)
	wantCode(t, err, pgcode.NotNullViolation, `column "ww" of relation "t" contains null values`)
	err = alter(tx, "t", cols(id, w, v2, catalog.Column{Name: "z", Type: types.TInt4, NotNull: true}), 0, 1, 2, -1)
	wantCode(t, err, pgcode.NotNullViolation, `column "z" of relation "t" contains null values`)
	ww.NotNull = false
	if err := alter(tx, "renamed", cols(id, ww, v2), 0, 1, 2); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, tx, intTable("t")) // the old name is free
	check(tx, "renamed", "0:NULL:NULL", "2:NULL:NULL", "3:30:NULL", "4:40:new")
	mustCommit(t, tx)

	s.Close()
	s = openStore(t, dir)
	tx = s.Begin()
	check(tx, "renamed", "0:NULL:NULL", "2:NULL:NULL", "3:30:NULL", "4:40:new")
	got := tx.Catalog().TableByOID(def.OID)
	if got.Name != "renamed" || len(got.Columns) != 3 || got.Columns[1].Name != "ww" {
		t.Fatalf("reopened definition %+v", got)
	}
	// A column added after a reopen gets an ID no old file uses.
	if err := alter(tx, "renamed", cols(id, ww, v2, catalog.Column{Name: "q", Type: types.TText}), 0, 1, 2, -1); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()
	check(openStore(t, dir).Begin(), "renamed", "0:NULL:NULL:NULL", "2:NULL:NULL:NULL", "3:30:NULL:NULL", "4:40:new:NULL")
}

// TestDMLConflicts pairs a change made and committed by one transaction with a change made
// by a concurrent one (same snapshot), committed second.
func TestDMLConflicts(t *testing.T) {
	ins := func(tx *Txn, d *catalog.TableDef) error { return tx.Insert(d.OID, intRecord(100, 101)) }
	del := func(lo, hi int64) func(*Txn, *catalog.TableDef) error {
		return func(tx *Txn, d *catalog.TableDef) error {
			deleteWhere(t, tx, d.OID, func(id int64) bool { return id >= lo && id < hi })
			return nil
		}
	}
	trunc := func(tx *Txn, d *catalog.TableDef) error { return tx.Truncate(d.OID) }
	addCol := func(tx *Txn, d *catalog.TableDef) error {
		cs := append(slices.Clone(d.Columns), catalog.Column{Name: "x", Type: types.TInt4})
		return tx.AlterTable(catalog.TableDef{OID: d.OID, Name: d.Name, Columns: cs}, []int{0, 1, -1})
	}
	rename := func(name string) func(*Txn, *catalog.TableDef) error {
		return func(tx *Txn, d *catalog.TableDef) error {
			return tx.AlterTable(catalog.TableDef{OID: d.OID, Name: name, Columns: d.Columns}, []int{0, 1})
		}
	}
	create := func(name string) func(*Txn, *catalog.TableDef) error {
		return func(tx *Txn, d *catalog.TableDef) error { _, err := tx.CreateTable(intTable(name)); return err }
	}
	cases := []struct {
		name          string
		first, second func(*Txn, *catalog.TableDef) error
		code          pgcode.Code
	}{
		{"delete/delete same rows", del(0, 5), del(0, 5), pgcode.TRSerializationFailure},
		{"delete/delete other rows", del(0, 5), del(5, 10), ""},
		{"delete/delete overlapping rows", del(0, 5), del(4, 10), pgcode.TRSerializationFailure},
		{"insert/delete", ins, del(0, 5), ""},
		{"delete/insert", del(0, 5), ins, ""},
		{"truncate/insert", trunc, ins, ""},
		{"insert/truncate", ins, trunc, pgcode.TRSerializationFailure},
		{"delete/truncate", del(0, 1), trunc, pgcode.TRSerializationFailure},
		{"alter/insert", addCol, ins, pgcode.TRSerializationFailure},
		{"insert/alter", ins, addCol, pgcode.TRSerializationFailure},
		{"alter/delete", addCol, del(0, 1), pgcode.TRSerializationFailure},
		{"create/rename to the same name", create("u"), rename("u"), pgcode.DuplicateTable},
		{"rename/create the same name", rename("u"), create("u"), pgcode.DuplicateTable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openStore(t, t.TempDir(), WithCompaction(10, 8))
			tx := s.Begin()
			def := mustCreate(t, tx, intTable("t"))
			mustInsert(t, tx, def.OID, intRecord(0, 50))
			mustCommit(t, tx)
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
				return
			}
			msg := ""
			if c.code == pgcode.TRSerializationFailure {
				msg = "could not serialize access due to concurrent update"
			}
			wantCode(t, err, c.code, msg)
		})
	}

	// A row that a concurrent insert merged into a new segment is still the same row:
	// deleting it commits, unless a concurrent commit deleted it too.
	s := openStore(t, t.TempDir(), WithCompaction(100, 1))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 5))
	mustCommit(t, tx)
	a, b := s.Begin(), s.Begin()
	mustInsert(t, a, def.OID, intRecord(5, 10))
	deleteWhere(t, b, def.OID, func(id int64) bool { return id == 2 })
	mustCommit(t, a)
	mustCommit(t, b)
	if got := ids(t, s.Begin(), "t"); !slices.Equal(got, []int64{0, 1, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("after merge and delete: %v", got)
	}
	a, b = s.Begin(), s.Begin()
	deleteWhere(t, a, def.OID, func(id int64) bool { return id == 3 })
	mustInsert(t, a, def.OID, intRecord(10, 11))
	mustCommit(t, a) // rewrites and merges the segment holding 3
	err := b.Delete(def.OID, rowIDsWhere(t, b, def.OID, func(id int64) bool { return id == 3 }))
	wantCode(t, err, pgcode.TRSerializationFailure, "could not serialize access due to concurrent update")
	if b.Delete(def.OID, rowIDsWhere(t, b, def.OID, func(id int64) bool { return id == 4 })) != nil {
		t.Fatal("deleting a row moved by a concurrent merge failed")
	}
	mustCommit(t, b)
	if got := ids(t, s.Begin(), "t"); !slices.Equal(got, []int64{0, 1, 5, 6, 7, 8, 9, 10}) {
		t.Fatalf("after second delete: %v", got)
	}
}

// TestDeleteCrashRecovery copies the data directory at each point of the checkpoint that
// follows a commit deleting rows (writing a deletion vector and rewriting a segment) and
// checks that the copy opens to the state after the commit, which the log holds, with no
// orphan left.
func TestDeleteCrashRecovery(t *testing.T) {
	for _, c := range []struct {
		point string
		after bool
	}{{"after-segments", true}, {"before-manifest-rename", true}, {"after-manifest-rename", true}} {
		t.Run(c.point, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir, WithSegmentRows(5000), WithCompaction(100, 8))
			tx := s.Begin()
			def := mustCreate(t, tx, intTable("t"))
			mustInsert(t, tx, def.OID, intRecord(0, 10_000))
			mustCommit(t, tx)
			crash := t.TempDir()
			s.hook = func(p string) error {
				if p == c.point {
					return copyDir(dir, crash)
				}
				return nil
			}
			gone := func(id int64) bool { return id%10 == 0 || id >= 5000 && id < 9000 }
			tx = s.Begin()
			deleteWhere(t, tx, def.OID, gone)
			mustCommit(t, tx)
			mustCheckpoint(t, s)
			s2 := openStore(t, crash)
			want := idsFrom(0, 10_000, nil)
			if c.after {
				want = idsFrom(0, 10_000, gone)
			}
			wantIDs(t, committedIDs(t, s2, "t"), want)
			if files := dataFiles(t, crash); !slices.Equal(files, referencedFiles(t, crash)) {
				t.Fatalf("files %v, manifest names %v", files, referencedFiles(t, crash))
			}
		})
	}
}

// TestCorruptDeletionVector checks that a damaged deletion vector stops Open with XX001
// instead of resurrecting deleted rows.
func TestCorruptDeletionVector(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 10_000))
	mustCommit(t, tx)
	tx = s.Begin()
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id == 77 })
	mustCommit(t, tx)
	s.Close()
	var del string
	for _, f := range dataFiles(t, dir) {
		if strings.HasSuffix(f, delExt) {
			del = filepath.Join(dir, tablesDir, f)
		}
	}
	data, err := os.ReadFile(del)
	if err != nil {
		t.Fatal(err)
	}
	data[len(delMagic)+16+9] ^= 1 // hide another row
	if err := os.WriteFile(del, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	wantCode(t, err, pgcode.DataCorrupted, "")
}

// TestDeleteAllTypes deletes every third row of a table of every type, which filters each
// column type, and compares with the expected rows after reopening.
func TestDeleteAllTypes(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, catalog.TableDef{Name: "every", Columns: allTypes})
	sc := def.ArrowSchema()
	const n = 5000
	cols := make([]arrow.Array, len(allTypes))
	for i, c := range allTypes {
		nullEvery := 7
		if c.NotNull {
			nullEvery = 0
		}
		cols[i] = genColumn(t, sc.Field(i).Type, n, nullEvery)
	}
	// id is column 0 (int4): make it the row number.
	ib := array.NewInt32Builder(memory.DefaultAllocator)
	for i := range n {
		ib.Append(int32(i))
	}
	cols[0].Release()
	cols[0] = ib.NewArray()
	ib.Release()
	all := array.NewRecord(sc, cols, n)
	releaseAll(cols)
	all.Retain()
	mustInsert(t, tx, def.OID, all)
	mustCommit(t, tx)

	tx = s.Begin()
	recs, rids, err := tx.RowIDBatches(def.OID)
	if err != nil {
		t.Fatal(err)
	}
	var del []int64
	for i, r := range recs {
		for j, id := range r.Column(0).(*array.Int32).Int32Values() {
			if id%3 == 0 {
				del = append(del, rids[i].Value(j))
			}
		}
	}
	if err := tx.Delete(def.OID, del); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	mask := array.NewBooleanBuilder(memory.DefaultAllocator)
	for i := range n {
		mask.Append(i%3 != 0)
	}
	m := mask.NewBooleanArray()
	mask.Release()
	want, err := filterForTest(all, m)
	if err != nil {
		t.Fatal(err)
	}
	all.Release()
	m.Release()
	defer want.Release()
	s.Close()
	checkRecords(t, openStore(t, dir).Begin(), def, want)
}

// filterForTest keeps the rows of rec where mask is true, by concatenating one-row slices:
// slow, but independent of the code under test.
func filterForTest(rec arrow.Record, mask *array.Boolean) (arrow.Record, error) {
	var parts []arrow.Record
	for i := range mask.Len() {
		if mask.Value(i) {
			parts = append(parts, rec.NewSlice(int64(i), int64(i)+1))
		}
	}
	defer releaseAll(parts)
	return concatRecords(rec.Schema(), parts, memory.DefaultAllocator)
}

// TestDeleteOwnRowsThenInsertMore deletes some of the rows a transaction inserted, then
// inserts more than the deletion vector covers, and deletes among those too.
func TestDeleteOwnRowsThenInsertMore(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 20))
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id == 0 })
	mustInsert(t, tx, def.OID, intRecord(20, 5000))
	gone := func(id int64) bool { return id == 0 || id == 4000 }
	deleteWhere(t, tx, def.OID, func(id int64) bool { return id == 4000 })
	wantIDs(t, ids(t, tx, "t"), idsFrom(0, 5000, gone))
	mustCommit(t, tx)
	s.Close()
	wantIDs(t, ids(t, openStore(t, dir).Begin(), "t"), idsFrom(0, 5000, gone))
}

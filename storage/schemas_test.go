package storage

import (
	"errors"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestSchemasPersist checks that a schema, the table and type in it and a rename that
// moves them survive a restart.
func TestSchemasPersist(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	sd, err := tx.CreateSchema("app", "alice")
	if err != nil {
		t.Fatal(err)
	}
	def := intTable("t")
	def.Schema = "app"
	tbl := mustCreate(t, tx, def)
	mustInsert(t, tx, tbl.OID, intRecord(0, 10))
	mood := enumDef("mood", "a")
	mood.Schema = "app"
	typ := mustCreateType(t, tx, mood)
	mustCommit(t, tx)

	tx = s.Begin()
	if err := tx.RenameSchema(sd.OID, "app2"); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	cat := s.Begin().Catalog()
	got := cat.Schema("app2")
	if got == nil || got.OID != sd.OID || got.Owner != "alice" || cat.Schema("app") != nil {
		t.Fatalf("schemas after restart: %+v", cat.Schemas())
	}
	if d := cat.TableByOID(tbl.OID); d == nil || d.Schema != "app2" || cat.Table("app2", "t") != d {
		t.Fatalf("table after rename and restart: %+v", d)
	}
	if d := cat.TypeByOID(typ.OID); d == nil || d.Schema != "app2" {
		t.Fatalf("type after rename and restart: %+v", d)
	}
	tx = s.Begin()
	rows, err := tx.Batches(tbl.OID)
	if err != nil || len(rows) == 0 || rows[0].NumRows() != 10 {
		t.Fatalf("rows after rename: %v %v", rows, err)
	}
	tx.Rollback()
}

// TestSchemaConflicts checks the concurrent cases: two creations of one name (42P06), and
// a table created in a schema a concurrent transaction drops (40001, whichever commits
// second), so that no committed catalog holds a relation outside a schema.
func TestSchemaConflicts(t *testing.T) {
	s := openStore(t, t.TempDir())
	a, b := s.Begin(), s.Begin()
	if _, err := a.CreateSchema("x", "postgres"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CreateSchema("x", "postgres"); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, a)
	wantCode(t, b.Commit(), pgcode.DuplicateSchema, `schema "x" already exists`)

	sd := s.Begin().Catalog().Schema("x")
	for _, dropFirst := range []bool{true, false} {
		creator, dropper := s.Begin(), s.Begin()
		def := intTable("t")
		def.Schema = "x"
		mustCreate(t, creator, def)
		if err := dropper.DropSchema(sd.OID); err != nil {
			t.Fatal(err)
		}
		first, second := creator, dropper
		if dropFirst {
			first, second = dropper, creator
		}
		mustCommit(t, first)
		wantCode(t, second.Commit(), pgcode.TRSerializationFailure, "")
		cat := s.Begin().Catalog()
		if dropFirst != (cat.Schema("x") == nil) || !dropFirst && cat.Table("x", "t") == nil {
			t.Fatalf("dropFirst %v: schemas %+v tables %+v", dropFirst, cat.Schemas(), cat.Tables())
		}
		if dropFirst {
			tx := s.Begin()
			var err error
			if sd, err = tx.CreateSchema("x", "postgres"); err != nil {
				t.Fatal(err)
			}
			mustCommit(t, tx)
		}
	}
	if !s.Begin().Catalog().SchemaExists(catalog.DefaultSchema) {
		t.Fatal("public always exists")
	}
}

// TestUniqueAcrossTransactions checks that a unique index is kept across concurrent
// transactions (the second to commit a key fails with 23505, even when the first's rows
// are in a segment it never saw) and across a restart, and that a transaction may delete
// a key and insert it again.
func TestUniqueAcrossTransactions(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := intTable("u")
	def.Indexes = []catalog.IndexDef{{Name: "u_pkey", Columns: []int{0}, Unique: true, Primary: true, Constraint: true}}
	tbl := mustCreate(t, tx, def)
	mustInsert(t, tx, tbl.OID, intRecord(0, 10))
	wantCode(t, tx.Insert(tbl.OID, intRecord(9, 11)), pgcode.UniqueViolation,
		`duplicate key value violates unique constraint "u_pkey"`)
	tx.Rollback()

	tx = s.Begin()
	tbl = mustCreate(t, tx, def)
	mustInsert(t, tx, tbl.OID, intRecord(0, 10))
	mustCommit(t, tx)

	a, b := s.Begin(), s.Begin()
	mustInsert(t, a, tbl.OID, intRecord(10, 12))
	mustInsert(t, b, tbl.OID, intRecord(11, 13))
	mustCommit(t, a)
	err := b.Commit()
	wantCode(t, err, pgcode.UniqueViolation, `duplicate key value violates unique constraint "u_pkey"`)
	var pe *pgerror.Error
	if !errors.As(err, &pe) || pe.Detail != "Key (id)=(11) already exists." {
		t.Fatalf("detail of %v", err)
	}

	// Deleting row 3 and inserting key 3 again is an update of its non-key column.
	tx = s.Begin()
	if err := tx.Delete(tbl.OID, []int64{3}); err != nil {
		t.Fatal(err)
	}
	mustInsert(t, tx, tbl.OID, intRecord(3, 4))
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	tx = s.Begin()
	if got := tx.Catalog().TableByOID(tbl.OID).Indexes; len(got) != 1 || got[0].Name != "u_pkey" || got[0].OID == 0 {
		t.Fatalf("indexes after restart: %+v", got)
	}
	wantCode(t, tx.Insert(tbl.OID, intRecord(11, 12)), pgcode.UniqueViolation, "")
	tx.Rollback()
	tx = s.Begin()
	mustInsert(t, tx, tbl.OID, intRecord(12, 13))
	mustCommit(t, tx)
}

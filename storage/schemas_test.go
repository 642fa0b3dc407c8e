package storage

import (
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
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

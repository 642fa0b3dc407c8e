package storage

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestRowTypes checks the row type storage keeps for every table: created with it, kept
// across a restart, replaced (new OIDs, nothing left of the old) when the columns change,
// untouched by a rolled-back ALTER, and protected while a column of another table stores
// its values.
func TestRowTypes(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	tbl := mustCreate(t, tx, intTable("r"))
	rt := tx.Catalog().RowType(tbl.OID)
	if rt == nil || rt.Name != "r" || rt.Kind != types.KindComposite || rt.RelOID != tbl.OID ||
		!slices.Equal(rt.Fields, tbl.RowFields()) || types.ByOID(rt.ArrayOID) == nil {
		t.Fatalf("row type of a new table: %+v", rt)
	}
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	tx = s.Begin()
	if got := tx.Catalog().RowType(tbl.OID); got == nil || got.OID != rt.OID || got.ArrayOID != rt.ArrayOID {
		t.Fatalf("row type after restart: %+v, want OIDs %d/%d", got, rt.OID, rt.ArrayOID)
	}
	added := *tbl
	added.Columns = append(slices.Clone(tbl.Columns), catalog.Column{Name: "extra", Type: types.TText})
	if err := tx.AlterTable(added, []int{0, 1, -1}); err != nil {
		t.Fatal(err)
	}
	grown := tx.Catalog().RowType(tbl.OID)
	if grown == nil || grown.OID == rt.OID || len(grown.Fields) != 3 || tx.Catalog().TypeByOID(rt.OID) != nil {
		t.Fatalf("row type after ADD COLUMN: %+v (old %d)", grown, rt.OID)
	}
	tx.Rollback()

	tx = s.Begin()
	if got := tx.Catalog().RowType(tbl.OID); got == nil || got.OID != rt.OID || len(got.Fields) != 2 {
		t.Fatalf("row type after a rolled-back ALTER: %+v", got)
	}
	user := mustCreate(t, tx, catalog.TableDef{Name: "uses", Columns: []catalog.Column{{Name: "rs", Type: types.Of(rt.ArrayOID)}}})
	err := tx.AlterTable(added, []int{0, 1, -1})
	wantCode(t, err, pgcode.FeatureNotSupported, `cannot alter table "r" because column "uses.rs" uses its row type`)
	if err := tx.DropTable(user.OID); err != nil {
		t.Fatal(err)
	}
	if err := tx.DropTable(tbl.OID); err != nil {
		t.Fatal(err)
	}
	if tx.Catalog().TypeByOID(rt.OID) != nil || tx.Catalog().Type(catalog.DefaultSchema, "uses") != nil {
		t.Fatal("dropping a table left its row type")
	}
	mustCommit(t, tx)
}

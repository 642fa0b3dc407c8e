package storage

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// TestCompositePersists checks that a composite type (its attributes and pg_class OID) and
// a table column of it survive a restart, the column's records read back field by field.
func TestCompositePersists(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	pair := mustCreateType(t, tx, catalog.TypeDef{Name: "pair", Kind: types.KindComposite, Fields: []types.RecordField{
		{Name: "a", Type: types.TInt4}, {Name: "b", Type: types.T{OID: types.Varchar, Typmod: 14}}}})
	if pair.RelOID == 0 || pair.RelOID == pair.OID || pair.RelOID == pair.ArrayOID {
		t.Fatalf("a composite type has a pg_class OID of its own: %+v", pair)
	}
	pt := types.Of(pair.OID)
	tbl := mustCreate(t, tx, catalog.TableDef{Name: "t", Columns: []catalog.Column{{Name: "p", Type: pt}}})
	bld := array.NewBuilder(memory.DefaultAllocator, pt.Arrow())
	parse := types.TextParserFor(pt, nil)
	for _, lit := range []string{`(1,"x y")`, `(,)`} {
		if err := parse(bld, []byte(lit)); err != nil {
			t.Fatal(err)
		}
	}
	bld.AppendNull()
	col := bld.NewArray()
	bld.Release()
	mustInsert(t, tx, tbl.OID, array.NewRecord(tbl.ArrowSchema(), []arrow.Array{col}, 3))
	col.Release()
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	got := tx.Catalog().Type(catalog.DefaultSchema, "pair")
	if got == nil || got.OID != pair.OID || got.RelOID != pair.RelOID || len(got.Fields) != 2 ||
		got.Fields[1].Name != "b" || got.Fields[1].Type != pair.Fields[1].Type {
		t.Fatalf("type after restart: %+v", got)
	}
	recs, err := tx.Batches(tbl.OID)
	if err != nil {
		t.Fatal(err)
	}
	v := recs[0].Column(0)
	app := types.TextAppender(pt, v, nil)
	if v.Len() != 3 || string(app(nil, 0)) != `(1,"x y")` || string(app(nil, 1)) != "(,)" || !v.IsNull(2) {
		t.Fatalf("column after restart: %v", v)
	}
}

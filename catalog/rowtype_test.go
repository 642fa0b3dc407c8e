package catalog

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestMissingRowTypes checks that a catalog of tables without row types (a data directory
// from before pgfast kept them) gets one per table and view, not per sequence.
func TestMissingRowTypes(t *testing.T) {
	cat, err := Restore([]*TableDef{
		{OID: 20000, Schema: "public", Name: "old", Kind: KindTable, Columns: []Column{{Name: "a", Type: types.TInt4}}},
		{OID: 20001, Schema: "public", Name: "seq", Kind: KindSequence, Sequence: &SequenceOptions{}},
	}, nil, 20002)
	if err != nil {
		t.Fatal(err)
	}
	next := max(types.NextUserOID(), 30000)
	cat, err = cat.WithMissingRowTypes(func() types.OID { next += 2; return next - 2 })
	if err != nil {
		t.Fatal(err)
	}
	if rt := cat.RowType(20000); rt == nil || rt.Name != "old" || len(rt.Fields) != 1 {
		t.Fatalf("row type of an old table: %+v", rt)
	}
	if cat.RowType(20001) != nil {
		t.Fatal("a sequence got a row type")
	}
}

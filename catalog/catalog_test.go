package catalog

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestSnapshotsAreImmutable checks that DDL derives new snapshots and leaves the old ones
// as they were, which is what lets statements keep a consistent schema.
func TestSnapshotsAreImmutable(t *testing.T) {
	c0 := New()
	c1, t1 := c0.WithTable(TableDef{Name: "a", Columns: []Column{{Name: "x", Type: types.TInt4}}})
	if t1.OID != FirstUserOID || t1.Schema != DefaultSchema || t1.Kind != KindTable {
		t.Fatalf("created %+v", t1)
	}
	c2, t2 := c1.WithTable(TableDef{Name: "b"})
	if t2.OID != FirstUserOID+1 {
		t.Fatalf("second OID %d", t2.OID)
	}
	c3 := c2.WithoutTable(t1.OID)
	if c0.Table(DefaultSchema, "a") != nil || c1.Table(DefaultSchema, "a") != t1 || c2.TableByOID(t1.OID) != t1 {
		t.Fatal("an earlier snapshot changed")
	}
	if c3.Table(DefaultSchema, "a") != nil || c3.Table(DefaultSchema, "b") != t2 || len(c3.Tables()) != 1 {
		t.Fatal("drop not applied")
	}
	if c3.NextOID() != FirstUserOID+2 {
		t.Fatalf("OIDs must not be reused after a drop: next %d", c3.NextOID())
	}
	r, err := Restore([]*TableDef{t2}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.NextOID() != t2.OID+1 || r.Table(DefaultSchema, "b") != t2 {
		t.Fatal("restore")
	}
	if t1.ColumnIndex("x") != 0 || t1.ColumnIndex("y") != -1 {
		t.Fatal("ColumnIndex")
	}
}

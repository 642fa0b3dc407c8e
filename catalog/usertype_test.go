package catalog

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// newTestEnum returns an enum definition with OIDs taken above every type registered so
// far, as stores hand them out.
func newTestEnum(name string, labels ...string) TypeDef {
	first := types.NextUserOID()
	d := TypeDef{ArrayOID: first, OID: first + 1, Name: name, Kind: types.KindEnum}
	for i, l := range labels {
		d.Labels = append(d.Labels, types.EnumLabel{OID: first + 2 + types.OID(i), Label: l, SortOrder: float32(i + 1)})
	}
	return d
}

// TestTypesInSnapshots checks that user types follow the snapshot discipline of tables and
// become known to package types.
func TestTypesInSnapshots(t *testing.T) {
	c0 := New()
	c1, mood, err := c0.WithType(newTestEnum("mood", "sad", "ok", "happy"))
	if err != nil {
		t.Fatal(err)
	}
	if c0.Type(DefaultSchema, "mood") != nil || c1.Type(DefaultSchema, "mood") != mood || c1.TypeByOID(mood.OID) != mood {
		t.Fatal("WithType must add to the new snapshot only")
	}
	if c1.ArrayElem(mood.ArrayOID) != mood || c1.TypeByOID(mood.ArrayOID) != nil {
		t.Fatal("array type lookup")
	}
	if c1.NextOID() <= mood.Labels[2].OID {
		t.Fatalf("next OID %d must follow the labels' OIDs", c1.NextOID())
	}
	// The structure is registered: T's methods serve the type without a catalog.
	tm := types.Of(mood.OID)
	if tm.Type() == nil || tm.Type().Kind != types.KindEnum || tm.Category() != types.CatEnum || tm.String() != "mood" || tm.Len() != 4 {
		t.Fatalf("registered structure: %+v", tm.Type())
	}
	if arr := types.ByOID(mood.ArrayOID); arr == nil || arr.Elem != mood.OID || arr.Name != "_mood" || types.ArrayOf(mood.OID) != arr {
		t.Fatalf("array type: %+v", arr)
	}
	if e := c1.Enum(mood.OID); e == nil || len(e.Labels) != 3 || c0.Enum(mood.OID) != nil {
		t.Fatal("Enum")
	}

	// ALTER TYPE: a new def under the same OID replaces the old one, renames included.
	renamed := *mood
	renamed.Name = "feeling"
	c2, _, err := c1.WithType(renamed)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Type(DefaultSchema, "mood") != nil || c2.Type(DefaultSchema, "feeling") == nil || c1.Type(DefaultSchema, "mood") != mood {
		t.Fatal("rename")
	}
	// The array type's name "_feeling" stays free: PostgreSQL moves it aside for a type of
	// that name.
	if !c2.TypeNameTaken(DefaultSchema, "feeling") || c2.TypeNameTaken(DefaultSchema, "_feeling") || c2.TypeNameTaken(DefaultSchema, "mood") {
		t.Fatal("TypeNameTaken")
	}
	c3 := c2.WithoutType(mood.OID)
	if c3.TypeByOID(mood.OID) != nil || c2.TypeByOID(mood.OID) == nil || len(c3.Types()) != 0 {
		t.Fatal("WithoutType")
	}
}

// TestRegisterConflict checks that an OID cannot change kind once registered.
func TestRegisterConflict(t *testing.T) {
	_, e, err := New().WithType(newTestEnum("e1", "a"))
	if err != nil {
		t.Fatal(err)
	}
	dom := TypeDef{OID: e.OID, ArrayOID: e.ArrayOID, Name: "d1", Kind: types.KindDomain, Domain: &DomainDef{Base: types.TInt4}}
	if _, _, err := New().WithType(dom); err == nil {
		t.Fatal("registering an enum's OID as a domain must fail")
	}
}

// TestTypeDependents checks the objects DROP TYPE reports: uses of the array type first,
// then the others, each in creation order, as PostgreSQL 15 lists them.
func TestTypeDependents(t *testing.T) {
	c, mood, err := New().WithType(newTestEnum("mood", "a"))
	if err != nil {
		t.Fatal(err)
	}
	c, tbl := c.WithTable(TableDef{OID: mood.Labels[0].OID + 1, Name: "t", Columns: []Column{
		{Name: "x", Type: types.TInt4}, {Name: "m", Type: types.Of(mood.OID)}, {Name: "ms", Type: types.Of(mood.ArrayOID)}}})
	dom := TypeDef{OID: tbl.OID + 2, ArrayOID: tbl.OID + 1, Name: "d", Kind: types.KindDomain, Domain: &DomainDef{Base: types.Of(mood.OID)}}
	c, _, err = c.WithType(dom)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"column ms of table t depends on type mood[]", "column m of table t depends on type mood", "type d depends on type mood"}
	if got := c.TypeDependents(mood.OID, nil); !slices.Equal(got, want) {
		t.Fatalf("dependents:\n got %q\nwant %q", got, want)
	}
	if got := c.TypeDependents(mood.OID, map[types.OID]bool{dom.OID: true}); len(got) != 2 {
		t.Fatalf("a domain dropped along must not count: %q", got)
	}
}

// TestCommitted checks that committing clears the marks of values added in a transaction.
func TestCommitted(t *testing.T) {
	d := newTestEnum("c", "a", "b")
	d.Labels[1].Uncommitted = true
	_, stored, err := New().WithType(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := stored.enum.CheckSafe(stored.Labels[1]); err == nil {
		t.Fatal("an uncommitted value must be unsafe")
	}
	c := stored.Committed()
	if c == stored || c.Labels[1].Uncommitted || !stored.Labels[1].Uncommitted {
		t.Fatal("Committed must copy and clear")
	}
	if l, _ := c.enum.Find("b"); l.Uncommitted {
		t.Fatal("the index must be rebuilt")
	}
	if c.Committed() != c {
		t.Fatal("a committed def is its own committed form")
	}
}

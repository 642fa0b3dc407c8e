package storage

import (
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// TestViewRoundTrip checks that a view's kind, defining SQL and options survive a reopen.
func TestViewRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, catalog.TableDef{Name: "v", Kind: catalog.KindView,
		Columns: []catalog.Column{{Name: "a", Type: types.TInt4}}, ViewSQL: "SELECT 1 AS a",
		ViewOptions: []string{"security_barrier=true", "check_option=local"}})
	mustCommit(t, tx)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	got := s.Begin().Catalog().Table(catalog.DefaultSchema, "v")
	if got == nil || got.OID != def.OID || got.Kind != catalog.KindView || got.ViewSQL != "SELECT 1 AS a" ||
		got.ViewOption("check_option") != "local" || len(got.ViewOptions) != 2 {
		t.Fatalf("after reopen: %+v", got)
	}
}

package storage

import (
	"reflect"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestForeignTablesPersist checks that foreign servers and foreign tables, with their
// options, survive a restart, and that dropping them does too.
func TestForeignTablesPersist(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	srv, err := tx.CreateServer(catalog.ForeignServer{Name: "files"})
	if err != nil {
		t.Fatal(err)
	}
	opts := catalog.Options{{Name: "filename", Value: "/data/x.csv"}, {Name: "format", Value: "csv"}}
	ft := mustCreate(t, tx, catalog.TableDef{Name: "ft", Kind: catalog.KindForeign,
		Columns: []catalog.Column{{Name: "a", Type: types.TInt4}}, Foreign: &catalog.ForeignTable{Server: "files", Options: opts}})
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openStore(t, dir)
	cat := s.Begin().Catalog()
	if got := cat.Server("files"); got == nil || got.OID != srv.OID {
		t.Fatalf("server after restart: %+v, want OID %d", got, srv.OID)
	}
	got := cat.TableByOID(ft.OID)
	if got == nil || got.Kind != catalog.KindForeign || got.Foreign == nil || got.Foreign.Server != "files" || !reflect.DeepEqual(got.Foreign.Options, opts) {
		t.Fatalf("foreign table after restart: %+v", got)
	}
	if cat.NextOID() <= srv.OID {
		t.Fatalf("next OID %d would reuse the server's %d", cat.NextOID(), srv.OID)
	}

	tx = s.Begin()
	if _, err := tx.CreateServer(catalog.ForeignServer{Name: "files"}); pgerror.GetCode(err) != pgcode.DuplicateObject {
		t.Fatalf("duplicate server: %v", err)
	}
	if err := tx.DropTable(ft.OID); err != nil {
		t.Fatal(err)
	}
	if err := tx.DropServer("files"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir)
	if cat := s.Begin().Catalog(); cat.Server("files") != nil || cat.TableByOID(ft.OID) != nil {
		t.Fatal("dropped server or foreign table came back after a restart")
	}
}

// TestServerConflicts checks commit's rebase of server DDL: two transactions creating one
// name, and a foreign table created on a server a concurrent transaction dropped.
func TestServerConflicts(t *testing.T) {
	s := openStore(t, t.TempDir())
	a, b := s.Begin(), s.Begin()
	for _, tx := range []*Txn{a, b} {
		if _, err := tx.CreateServer(catalog.ForeignServer{Name: "files"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); pgerror.GetCode(err) != pgcode.DuplicateObject {
		t.Fatalf("second CREATE SERVER files: %v, want 42710", err)
	}

	drop, use := s.Begin(), s.Begin()
	if err := drop.DropServer("files"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, use, catalog.TableDef{Name: "ft", Kind: catalog.KindForeign, Columns: []catalog.Column{{Name: "a", Type: types.TInt4}},
		Foreign: &catalog.ForeignTable{Server: "files", Options: catalog.Options{{Name: "filename", Value: "/x"}}}})
	if err := drop.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := use.Commit(); pgerror.GetCode(err) != pgcode.TRSerializationFailure {
		t.Fatalf("foreign table on a concurrently dropped server: %v, want 40001", err)
	}
}

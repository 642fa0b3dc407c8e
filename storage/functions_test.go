package storage

import (
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func sqlFunc(name, body string) catalog.FuncDef {
	return catalog.FuncDef{Schema: "public", Name: name, Kind: catalog.KindFunc, Ret: types.Int4,
		Params:     []catalog.FuncParam{{Name: "a", Type: types.Int4, Mode: catalog.ParamIn, Default: "1"}},
		Volatility: catalog.Immutable, Parallel: 'u', Cost: 100, Body: body}
}

// TestFunctionsPersist checks that functions committed survive a restart with their
// definitions, that a replacement keeps the OID, and that a dropped one and one rolled back
// to a savepoint are gone.
func TestFunctionsPersist(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	kept, err := tx.PutFunction(sqlFunc("kept", "SELECT a"))
	if err != nil {
		t.Fatal(err)
	}
	gone, err := tx.PutFunction(sqlFunc("gone", "SELECT a"))
	if err != nil {
		t.Fatal(err)
	}
	rollback, release := tx.Savepoint()
	if _, err := tx.PutFunction(sqlFunc("undone", "SELECT a")); err != nil {
		t.Fatal(err)
	}
	rollback()
	release()
	mustCommit(t, tx)

	tx = s.Begin()
	repl := *kept
	repl.Body = "SELECT a + 1"
	if _, err := tx.PutFunction(repl); err != nil {
		t.Fatal(err)
	}
	if err := tx.DropFunction(gone.OID); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	defer s.Close()
	cat := s.Begin().Catalog()
	fs := cat.Functions()
	if len(fs) != 1 || fs[0].OID != kept.OID || fs[0].Body != "SELECT a + 1" || fs[0].Params[0].Default != "1" ||
		fs[0].Volatility != catalog.Immutable {
		t.Fatalf("functions after restart: %+v", fs)
	}
	if next := cat.NextOID(); next <= gone.OID {
		t.Fatalf("next OID %d reuses a dropped function's %d", next, gone.OID)
	}
}

// TestFunctionConcurrentReplace checks that two transactions replacing one function do not
// both commit: the second fails with 40001.
func TestFunctionConcurrentReplace(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	tx := s.Begin()
	f, err := tx.PutFunction(sqlFunc("f", "SELECT 1"))
	if err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	a, b := s.Begin(), s.Begin()
	for _, tx := range []*Txn{a, b} {
		c := *f
		c.Body = "SELECT 2"
		if _, err := tx.PutFunction(c); err != nil {
			t.Fatal(err)
		}
	}
	mustCommit(t, a)
	if err := b.Commit(); pgerror.GetCode(err) != pgcode.TRSerializationFailure {
		t.Fatalf("second replacement: %v, want 40001", err)
	}
}

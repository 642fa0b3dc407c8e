package storage

import (
	"math"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

func near(got, want float64) bool { return math.Abs(got-want) <= 0.03*want+0.5 }

// TestTableStats checks the statistics a transaction sees: committed segments, its own
// inserts, deletions in the row count, a column added by ALTER TABLE, and after a reopen.
func TestTableStats(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 5000))
	mustCommit(t, tx)
	tx = s.Begin()
	mustInsert(t, tx, def.OID, intRecord(5000, 6000))
	mustCommit(t, tx)

	tx = s.Begin()
	ts, err := tx.TableStats(def.OID)
	if err != nil {
		t.Fatal(err)
	}
	if ts.Rows != 6000 || !near(ts.Cols[0].NDV, 6000) || !near(ts.Cols[1].NDV, 6000) {
		t.Fatalf("stats %+v", ts)
	}
	wantTableRows(t, tx, def.OID, 6000)
	if c := ts.Cols[0]; !c.HasRange || c.Min != 0 || c.Max != 5999 || c.NullFrac != 0 {
		t.Errorf("id column %+v", c)
	}
	// The transaction's own rows count too, deleted rows leave the row count.
	mustInsert(t, tx, def.OID, intRecord(6000, 8000))
	if err := tx.Delete(def.OID, []int64{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	ts, err = tx.TableStats(def.OID)
	if err != nil {
		t.Fatal(err)
	}
	if ts.Rows != 7997 || !near(ts.Cols[0].NDV, 8000) || ts.Cols[0].Max != 7999 {
		t.Errorf("in transaction: %+v", ts)
	}
	wantTableRows(t, tx, def.OID, 7997)
	mustCommit(t, tx)
	// Rows deleted by a commit count once when deleted again.
	tx = s.Begin()
	wantTableRows(t, tx, def.OID, 7997)
	if err := tx.Delete(def.OID, []int64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if ts, err = tx.TableStats(def.OID); err != nil {
		t.Fatal(err)
	}
	if ts.Rows >= 7997 {
		t.Errorf("after deleting rows: %+v", ts)
	}
	wantTableRows(t, tx, def.OID, int64(ts.Rows))
	tx.Rollback()

	// An added column reads NULL in existing rows.
	tx = s.Begin()
	nd := *tx.Catalog().TableByOID(def.OID)
	nd.Columns = append(append([]catalog.Column(nil), nd.Columns...), catalog.Column{Name: "w", Type: types.TInt4})
	if err := tx.AlterTable(nd, []int{0, 1, -1}); err != nil {
		t.Fatal(err)
	}
	if ts, err = tx.TableStats(def.OID); err != nil {
		t.Fatal(err)
	}
	if len(ts.Cols) != 3 || ts.Cols[2].NullFrac != 1 || ts.Cols[2].NDV != 0 || !near(ts.Cols[1].NDV, 8000) {
		t.Errorf("altered in transaction: %+v", ts)
	}
	mustCommit(t, tx)
	tx = s.Begin()
	if ts, err = tx.TableStats(def.OID); err != nil {
		t.Fatal(err)
	}
	if ts.Rows != 7997 || len(ts.Cols) != 3 || ts.Cols[2].NullFrac != 1 {
		t.Errorf("after ALTER: %+v", ts)
	}
	tx.Rollback()

	s.Close()
	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	if err := tx.Analyze([]types.OID{def.OID}); err != nil {
		t.Fatal(err)
	}
	if ts, err = tx.TableStats(def.OID); err != nil {
		t.Fatal(err)
	}
	if ts.Rows != 7997 || !near(ts.Cols[0].NDV, 8000) || ts.Cols[0].Min != 0 || ts.Cols[0].Max != 7999 {
		t.Errorf("after reopening: %+v", ts)
	}
}

// wantTableRows checks the row count a transaction sees without statistics.
func wantTableRows(t *testing.T, tx *Txn, oid types.OID, want int64) {
	t.Helper()
	if n, ok := tx.TableRows(oid); !ok || n != want {
		t.Errorf("TableRows = %d, %v; want %d", n, ok, want)
	}
}

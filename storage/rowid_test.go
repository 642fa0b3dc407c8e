package storage

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestNewSnapshot moves a transaction that deleted and inserted rows onto versions that
// concurrent commits made, merging and rewriting the segments its deleted rows were in: it
// then sees their rows with its own changes, and commits them, until a concurrent commit
// deletes one of its rows (a row conflict).
func TestNewSnapshot(t *testing.T) {
	s := openStore(t, t.TempDir(), WithCompaction(100, 1))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 10))
	mustCommit(t, tx)

	a := s.Begin()
	deleteWhere(t, a, def.OID, func(id int64) bool { return id == 3 || id == 7 })
	mustInsert(t, a, def.OID, intRecord(100, 101))

	b := s.Begin()
	deleteWhere(t, b, def.OID, func(id int64) bool { return id == 5 })
	mustInsert(t, b, def.OID, intRecord(10, 12)) // merges the table's segments into one
	mustCommit(t, b)
	if got := ids(t, a, "t"); !slices.Equal(got, []int64{0, 1, 2, 4, 5, 6, 8, 9, 100}) {
		t.Fatalf("before NewSnapshot: %v", got)
	}
	if err := a.NewSnapshot(); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, a, "t"); !slices.Equal(got, []int64{0, 1, 2, 4, 6, 8, 9, 10, 11, 100}) {
		t.Fatalf("after NewSnapshot: %v", got)
	}
	// Row keys follow the rows: 8 has the same key in a's new snapshot as in a fresh one.
	c := s.Begin()
	if ka, kc := a.RowKeys(def.OID, rowIDsWhere(t, a, def.OID, func(id int64) bool { return id == 8 })),
		c.RowKeys(def.OID, rowIDsWhere(t, c, def.OID, func(id int64) bool { return id == 8 })); len(ka) != 1 || !slices.Equal(ka, kc) {
		t.Fatalf("keys of row 8: %v and %v", ka, kc)
	}
	mustCommit(t, a)
	if got := ids(t, s.Begin(), "t"); !slices.Equal(got, []int64{0, 1, 2, 4, 6, 8, 9, 10, 11, 100}) {
		t.Fatalf("after commit: %v", got)
	}

	// A row deleted by a concurrent commit: NewSnapshot reports the conflict.
	a, b = s.Begin(), s.Begin()
	deleteWhere(t, a, def.OID, func(id int64) bool { return id == 9 })
	deleteWhere(t, b, def.OID, func(id int64) bool { return id == 9 })
	mustCommit(t, b)
	err := a.NewSnapshot()
	wantCode(t, err, pgcode.TRSerializationFailure, "could not serialize access due to concurrent update")
	a.Rollback()
}

package storage

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestRecheckBeforeDurable commits a deletion and, at the moment its log record is written
// and not yet synced (where the session lets go of the row locks), checks what the next
// writer of the row sees: a new snapshot does not show the commit, a delete of the old row
// is a row conflict, a re-check shows the commit, and once AwaitReads returns the commit is
// durable (a crash keeps it) and published.
func TestRecheckBeforeDurable(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 10))
	mustCommit(t, tx)

	a, b := s.Begin(), s.Begin()
	deleteWhere(t, a, def.OID, func(id int64) bool { return id == 3 })
	old := rowIDsWhere(t, b, def.OID, func(id int64) bool { return id == 3 })
	err := a.CommitReleasing(func() {
		if got := ids(t, s.Begin(), "t"); !slices.Contains(got, 3) {
			t.Errorf("a new snapshot saw a commit not yet durable: %v", got)
		}
		wantCode(t, b.Delete(def.OID, old), pgcode.TRSerializationFailure, "could not serialize access due to concurrent update")
		if err := b.RecheckSnapshot(); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, b, "t"); slices.Contains(got, 3) || len(got) != 9 {
			t.Errorf("the re-check did not see the logged commit: %v", got)
		}
		// Waiting for what b read syncs the log (or waits for a's sync): then the
		// commit is durable and published.
		if err := b.AwaitReads(); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, s.Begin(), "t"); slices.Contains(got, 3) {
			t.Errorf("after AwaitReads a new snapshot does not see the commit: %v", got)
		}
		if got := ids(t, openStore(t, crashCopy(t, s)).Begin(), "t"); slices.Contains(got, 3) {
			t.Errorf("after AwaitReads a crash loses the commit: %v", got)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.NewSnapshot(); err != nil {
		t.Fatal(err)
	}
	deleteWhere(t, b, def.OID, func(id int64) bool { return id == 4 })
	mustCommit(t, b)
	wantIDs(t, ids(t, s.Begin(), "t"), idsFrom(0, 10, func(id int64) bool { return id == 3 || id == 4 }))
}

// TestSnapshotKeepingReads re-checks a row in a commit that is logged and not yet durable,
// then starts the next statement with NewSnapshotKeepingReads: the transaction neither
// waits for the commit nor moves back to the published version, and once the commit is
// published it moves on to it and has nothing left to wait for.
func TestSnapshotKeepingReads(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 10))
	mustCommit(t, tx)

	a, b := s.Begin(), s.Begin()
	deleteWhere(t, a, def.OID, func(id int64) bool { return id == 3 })
	err := a.CommitReleasing(func() {
		if err := b.RecheckSnapshot(); err != nil {
			t.Fatal(err)
		}
		if !b.PendingReads() {
			t.Fatal("a re-check in a commit not yet durable left no reads pending")
		}
		if err := b.NewSnapshotKeepingReads(); err != nil {
			t.Fatal(err)
		}
		if !b.PendingReads() {
			t.Error("NewSnapshotKeepingReads waited for the reads")
		}
		if got := ids(t, s.Begin(), "t"); !slices.Contains(got, 3) {
			t.Errorf("NewSnapshotKeepingReads made the commit durable: %v", got)
		}
		if got := ids(t, b, "t"); slices.Contains(got, 3) {
			t.Errorf("the next statement moved back before the commit it read: %v", got)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.NewSnapshotKeepingReads(); err != nil {
		t.Fatal(err)
	}
	if b.PendingReads() {
		t.Error("reads still pending once the commit they read is published")
	}
	deleteWhere(t, b, def.OID, func(id int64) bool { return id == 4 })
	mustCommit(t, b)
	wantIDs(t, ids(t, s.Begin(), "t"), idsFrom(0, 10, func(id int64) bool { return id == 3 || id == 4 }))
}

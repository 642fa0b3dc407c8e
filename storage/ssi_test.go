package storage

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestSerializableWriteSets checks the bookkeeping behind serializable commits: a write
// set is kept only while a serializable transaction whose snapshot predates it runs, a
// scan conflicts with any serializable commit to the table, a read-only transaction
// commits whatever changed, and commits of other levels are not recorded.
func TestSerializableWriteSets(t *testing.T) {
	s := openStore(t, t.TempDir(), WithFsync(false))
	tx := s.Begin()
	oid := mustCreate(t, tx, intTable("t")).OID
	mustInsert(t, tx, oid, intRecord(0, 10))
	mustCommit(t, tx)
	serializable := func() *Txn {
		tx := s.Begin()
		tx.SetSerializable()
		return tx
	}
	kept := func() int {
		s.ssiMu.Lock()
		defer s.ssiMu.Unlock()
		return len(s.ssi.committed)
	}

	for range 5 { // nothing runs that could need them
		tx := serializable()
		mustInsert(t, tx, oid, intRecord(100, 101))
		mustCommit(t, tx)
	}
	if n := kept(); n > 1 {
		t.Fatalf("%d write sets kept with no serializable transaction running, want at most 1", n)
	}

	reader, readOnly := serializable(), serializable()
	ids(t, reader, "t") // a scan: the whole table is read
	ids(t, readOnly, "t")
	other := s.Begin() // REPEATABLE READ: not recorded
	mustInsert(t, other, oid, intRecord(200, 201))
	mustCommit(t, other)
	mustInsert(t, reader, oid, intRecord(300, 301))
	writer := serializable()
	mustInsert(t, writer, oid, intRecord(400, 401))
	mustCommit(t, writer)
	if n := kept(); n != 1 {
		t.Fatalf("%d write sets kept while an older serializable transaction runs, want 1", n)
	}
	mustCommit(t, readOnly)
	wantCode(t, reader.Commit(), pgcode.TRSerializationFailure, "could not serialize access due to read/write dependencies among transactions")

	last := serializable()
	mustInsert(t, last, oid, intRecord(500, 501))
	mustCommit(t, last)
	if n := kept(); n > 1 {
		t.Fatalf("%d write sets kept once the readers ended, want at most 1", n)
	}
}

// TestSerializableLateMark marks a transaction serializable after serializable commits
// whose write sets nobody needed were forgotten: it moves to the newest snapshot, so it
// neither misses a conflict nor fails without one.
func TestSerializableLateMark(t *testing.T) {
	s := openStore(t, t.TempDir(), WithFsync(false))
	tx := s.Begin()
	oid := mustCreate(t, tx, intTable("t")).OID
	other := mustCreate(t, tx, intTable("u")).OID
	mustInsert(t, tx, oid, intRecord(0, 10))
	mustCommit(t, tx)

	late := s.Begin() // its snapshot predates the commits below
	for _, table := range []types.OID{oid, other} {
		w := s.Begin()
		w.SetSerializable()
		mustInsert(t, w, table, intRecord(10, 11))
		mustCommit(t, w) // the second one forgets the first one's write set
	}
	late.SetSerializable()
	if got := len(ids(t, late, "t")); got != 11 {
		t.Fatalf("the late transaction reads %d rows, want the 11 of the newest snapshot", got)
	}
	mustInsert(t, late, oid, intRecord(20, 21))
	mustCommit(t, late)
}

package dml_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/storage"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestConcurrentWriters runs two transactions that change the same table, the second's
// statement after the first's: writers of the same row wait for each other, and the second
// then changes the newest version of the row (READ COMMITTED, PostgreSQL's default) or
// fails with 40001 (REPEATABLE READ); writers of different rows do not conflict. An
// INSERT ... ON CONFLICT DO UPDATE re-checks the same way, its inserted rows undone first.
func TestConcurrentWriters(t *testing.T) {
	cases := []interleavedCase{
		{"update/update same row", rc, "UPDATE acct SET bal = bal - 10 WHERE id = 1", "UPDATE acct SET bal = bal + 1 WHERE id = 1",
			"COMMIT", true, "UPDATE 1", "", "", "1|91\n2|100"},
		{"update/update, first rolls back", rc, "UPDATE acct SET bal = bal - 10 WHERE id = 1", "UPDATE acct SET bal = bal + 1 WHERE id = 1",
			"ROLLBACK", true, "UPDATE 1", "", "", "1|101\n2|100"},
		{"update/update re-checks the WHERE", rc, "UPDATE acct SET bal = 0 WHERE id = 1", "UPDATE acct SET bal = bal + 1 WHERE id = 1 AND bal > 50",
			"COMMIT", true, "UPDATE 0", "", "", "1|0\n2|100"},
		{"delete/update same row", rc, "DELETE FROM acct WHERE id = 1", "UPDATE acct SET bal = 5 WHERE id = 1",
			"COMMIT", true, "UPDATE 0", "", "", "2|100"},
		{"update/delete same row", rc, "UPDATE acct SET bal = 7 WHERE id = 2", "DELETE FROM acct WHERE bal = 100",
			"COMMIT", true, "DELETE 1", "", "", "2|7"},
		{"update/upsert same row", rc, "UPDATE acct SET bal = bal - 10 WHERE id = 1",
			"INSERT INTO acct VALUES (3, 3), (1, 0) ON CONFLICT (id) DO UPDATE SET bal = acct.bal + 1",
			"COMMIT", true, "INSERT 0 2", "", "", "1|91\n2|100\n3|3"},
		{"delete/upsert same row", rc, "DELETE FROM acct WHERE id = 1",
			"INSERT INTO acct VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET bal = acct.bal + 1",
			"COMMIT", true, "INSERT 0 1", "", "", "1|0\n2|100"},
		{"update/upsert same row, repeatable read", rr, "UPDATE acct SET bal = bal - 10 WHERE id = 1",
			"INSERT INTO acct VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET bal = acct.bal + 1",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "could not serialize access due to concurrent update", "1|90\n2|100"},
		{"update/update same row, repeatable read", rr, "UPDATE acct SET bal = bal - 10 WHERE id = 1", "UPDATE acct SET bal = bal + 1 WHERE id = 1",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "could not serialize access due to concurrent update", "1|90\n2|100"},
		{"update/update, repeatable read, first rolls back", rr, "UPDATE acct SET bal = bal - 10 WHERE id = 1", "UPDATE acct SET bal = bal + 1 WHERE id = 1",
			"ROLLBACK", true, "UPDATE 1", "", "", "1|101\n2|100"},
		{"delete/update other row", rr, "DELETE FROM acct WHERE id = 2", "UPDATE acct SET bal = 0 WHERE id = 1",
			"COMMIT", false, "UPDATE 1", "", "", "1|0"},
		{"update/update other row", rr, "UPDATE acct SET bal = 1 WHERE id = 1", "UPDATE acct SET bal = 2 WHERE id = 2",
			"COMMIT", false, "UPDATE 1", "", "", "1|1\n2|2"},
		{"insert/update", rr, "INSERT INTO acct VALUES (5, 5)", "UPDATE acct SET bal = bal + 1",
			"COMMIT", false, "UPDATE 2", "", "", "1|101\n2|101\n5|5"},
	}
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mustRun(t, a, "TRUNCATE acct")
			mustRun(t, a, "INSERT INTO acct VALUES (1, 100), (2, 100)")
			c.run(t, a, b)
			if c.code == "" {
				mustRun(t, b, "COMMIT")
			} else {
				mustRun(t, b, "ROLLBACK")
			}
			if b.TxStatus() != session.TxIdle {
				t.Fatalf("session left in state %c", b.TxStatus())
			}
			if got := query(t, a, "SELECT id, bal FROM acct ORDER BY id"); got != c.after {
				t.Fatalf("rows:\n%s\nwant:\n%s", got, c.after)
			}
		})
	}
}

// TestRowLockErrors checks a deadlock between two writers (40P01, the transaction that
// closes the cycle rolled back whole) and lock_timeout (55P03).
func TestRowLockErrors(t *testing.T) {
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	mustRun(t, a, "INSERT INTO acct VALUES (1, 100), (2, 100)")

	err, o := exectest.Deadlock(t, a, b, "UPDATE acct SET bal = bal + 1 WHERE id = 1", "UPDATE acct SET bal = bal + 10 WHERE id = 2",
		"UPDATE acct SET bal = bal + 1 WHERE id = 2", "UPDATE acct SET bal = bal + 10 WHERE id = 1")
	if pgerror.GetCode(err) != pgcode.TRDeadlockDetected || err.Error() != "deadlock detected" {
		t.Fatalf("b: %v, want deadlock detected", err)
	}
	if o.Err != nil || o.Tag != "UPDATE 1" {
		t.Fatalf("a after the deadlock: %q %v", o.Tag, o.Err)
	}
	mustRun(t, a, "COMMIT")
	if got := query(t, a, "SELECT id, bal FROM acct ORDER BY id"); got != "1|101\n2|101" {
		t.Fatalf("rows after deadlock:\n%s", got)
	}

	mustRun(t, a, "BEGIN")
	mustRun(t, a, "DELETE FROM acct WHERE id = 1")
	mustRun(t, b, "SET lock_timeout = '10ms'")
	_, _, err = exectest.Run(t, b, "UPDATE acct SET bal = 0")
	if pgerror.GetCode(err) != pgcode.LockNotAvailable || !strings.Contains(err.Error(), "lock timeout") {
		t.Fatalf("b: %v, want lock timeout", err)
	}
	mustRun(t, a, "ROLLBACK")
	if got := query(t, b, "SELECT id, bal FROM acct ORDER BY id"); got != "1|101\n2|101" {
		t.Fatalf("rows after lock timeout:\n%s", got)
	}
}

// waitCountingStore serves a store whose transactions count the times a statement waited
// for reads not yet durable (AwaitReads with reads pending), to see which results wait.
type waitCountingStore struct {
	*storage.Store
	waits *atomic.Int64
}

func (s waitCountingStore) Begin() executor.Txn { return waitCountingTxn{s.Store.Begin(), s.waits} }

type waitCountingTxn struct {
	*storage.Txn
	waits *atomic.Int64
}

func (t waitCountingTxn) AwaitReads() error {
	if t.PendingReads() {
		t.waits.Add(1)
	}
	return t.Txn.AwaitReads()
}

// TestRecheckedResultsWaitWhenRevealing lets a READ COMMITTED UPDATE wait for a row another
// transaction updates and commits, so that it runs again on that commit, which may not be
// durable yet: its result waits for that commit's fsync only when it could reveal the
// commit (rows of RETURNING, a count other than the first run's), and otherwise the next
// statement that reads (not an INSERT of VALUES) waits instead.
func TestRecheckedResultsWaitWhenRevealing(t *testing.T) {
	cases := []struct {
		name, second, tag string
		waits             int64 // by the second statement
		then              []string
		thenWaits         int64 // by the statements of then
		rows              string
	}{
		{"count as found, then a query", "UPDATE acct SET bal = bal + 1 WHERE id = 1", "UPDATE 1", 0,
			[]string{"SELECT bal FROM acct WHERE id = 1"}, 1, "1|91\n2|100"},
		{"count as found, then an update", "UPDATE acct SET bal = bal + 1 WHERE id = 1", "UPDATE 1", 0,
			[]string{"UPDATE acct SET bal = bal + 1 WHERE id = 2"}, 1, "1|91\n2|101"},
		{"count as found, then an insert", "UPDATE acct SET bal = bal + 1 WHERE id = 1", "UPDATE 1", 0,
			[]string{"INSERT INTO hist VALUES (1, 1)", "INSERT INTO hist VALUES (1, 2)"}, 0, "1|91\n2|100"},
		{"returning", "UPDATE acct SET bal = bal + 1 WHERE id = 1 RETURNING bal", "UPDATE 1", 1, nil, 0, "1|91\n2|100"},
		{"count changed", "UPDATE acct SET bal = bal + 1 WHERE id = 1 AND bal > 95", "UPDATE 0", 1, nil, 0, "1|90\n2|100"},
		{"delete as found", "DELETE FROM acct WHERE id = 1", "DELETE 1", 0, []string{"SELECT count(*) FROM acct"}, 1, "2|100"},
	}
	st, err := storage.Open(t.TempDir(), storage.WithFsync(false))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	waits := &atomic.Int64{}
	eng := exectest.NewEngine(waitCountingStore{st, waits}, 2)
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	mustRun(t, a, "CREATE TABLE hist (id int, delta int)")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mustRun(t, a, "TRUNCATE acct")
			mustRun(t, a, "INSERT INTO acct VALUES (1, 100), (2, 100)")
			mustRun(t, a, "BEGIN")
			mustRun(t, b, "BEGIN")
			mustRun(t, b, "SELECT 1") // b's snapshot comes before a's change
			mustRun(t, a, "UPDATE acct SET bal = bal - 10 WHERE id = 1")
			blocked, wait := exectest.Start(t, b, c.second)
			if !blocked {
				t.Fatal("the second statement did not wait for the first transaction")
			}
			waits.Store(0)
			mustRun(t, a, "COMMIT")
			if o := wait(); o.Err != nil || o.Tag != c.tag {
				t.Fatalf("second statement: %q %v, want %q", o.Tag, o.Err, c.tag)
			}
			if got := waits.Swap(0); got != c.waits {
				t.Errorf("the second statement waited %d times for what it read, want %d", got, c.waits)
			}
			for _, sql := range c.then {
				mustRun(t, b, sql)
			}
			if got := waits.Swap(0); got != c.thenWaits {
				t.Errorf("the statements after it waited %d times, want %d", got, c.thenWaits)
			}
			mustRun(t, b, "COMMIT")
			if got := query(t, a, "SELECT id, bal FROM acct ORDER BY id"); got != c.rows {
				t.Fatalf("rows:\n%s\nwant:\n%s", got, c.rows)
			}
		})
	}
}

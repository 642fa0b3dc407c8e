package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestSelectForUpdate runs a statement in one transaction and then another transaction's
// statement on the same table: row locks of SELECT ... FOR UPDATE and its relatives
// conflict with each other and with UPDATE and DELETE as PostgreSQL's conflict table says,
// NOWAIT fails at once, SKIP LOCKED leaves held rows out, and a row a concurrent commit
// changed is re-checked under READ COMMITTED (the newest version, if it still qualifies)
// and fails with 40001 under REPEATABLE READ.
func TestSelectForUpdate(t *testing.T) {
	cases := []interleavedCase{
		{"for update/for update", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT bal FROM acct WHERE id = 1 FOR UPDATE",
			"COMMIT", true, "100", "", "", ""},
		{"for update/plain select", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT bal FROM acct WHERE id = 1",
			"COMMIT", false, "100", "", "", ""},
		{"for update/update", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "UPDATE acct SET bal = 1 WHERE id = 1 RETURNING bal",
			"COMMIT", true, "1", "", "", ""},
		{"for share/delete", rc, "SELECT * FROM acct FOR SHARE", "DELETE FROM acct WHERE id = 2 RETURNING id",
			"ROLLBACK", true, "2", "", "", ""},
		{"for key share/delete", rc, "SELECT * FROM acct WHERE id = 2 FOR KEY SHARE", "DELETE FROM acct WHERE id = 2 RETURNING id",
			"COMMIT", true, "2", "", "", ""},
		{"for share/for share", rc, "SELECT * FROM acct FOR SHARE", "SELECT id FROM acct ORDER BY id FOR SHARE",
			"COMMIT", false, "1\n2", "", "", ""},
		{"for key share/for no key update", rc, "SELECT * FROM acct FOR KEY SHARE", "SELECT id FROM acct WHERE id = 1 FOR NO KEY UPDATE",
			"COMMIT", false, "1", "", "", ""},
		{"for share/for no key update", rc, "SELECT * FROM acct FOR SHARE", "SELECT id FROM acct WHERE id = 1 FOR NO KEY UPDATE",
			"COMMIT", true, "1", "", "", ""},
		{"for no key update/for key share", rc, "SELECT * FROM acct FOR NO KEY UPDATE", "SELECT id FROM acct WHERE id = 1 FOR KEY SHARE",
			"COMMIT", false, "1", "", "", ""},
		{"for key share/update", rc, "SELECT * FROM acct FOR KEY SHARE", "UPDATE acct SET bal = 5 WHERE id = 1 RETURNING bal",
			"COMMIT", false, "5", "", "", ""},
		{"for key share/update of the key", rc, "SELECT * FROM acct FOR KEY SHARE", "UPDATE acct SET id = 5 WHERE id = 1 RETURNING id",
			"COMMIT", true, "5", "", "", ""},
		{"update/for key share", rc, "UPDATE acct SET bal = 5 WHERE id = 1", "SELECT bal FROM acct WHERE id = 1 FOR KEY SHARE",
			"COMMIT", false, "100", "", "", ""},
		{"update/for share", rc, "UPDATE acct SET bal = 5 WHERE id = 1", "SELECT bal FROM acct WHERE id = 1 FOR SHARE",
			"COMMIT", true, "5", "", "", ""},
		{"for update/for key share", rc, "SELECT * FROM acct FOR UPDATE", "SELECT id FROM acct WHERE id = 1 FOR KEY SHARE",
			"COMMIT", true, "1", "", "", ""},
		{"nowait", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT * FROM acct FOR SHARE NOWAIT",
			"COMMIT", false, "", pgcode.LockNotAvailable, `could not obtain lock on row in relation "acct"`, ""},
		{"nowait on a free row", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT id FROM acct WHERE id = 2 FOR UPDATE NOWAIT",
			"COMMIT", false, "2", "", "", ""},
		{"skip locked", rc, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT id FROM acct ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
			"COMMIT", false, "2", "", "", ""},
		{"skip locked, all held", rc, "SELECT * FROM acct FOR NO KEY UPDATE", "SELECT id FROM acct FOR SHARE SKIP LOCKED",
			"COMMIT", false, "", "", "", ""},
		{"update/for update re-checks", rc, "UPDATE acct SET bal = bal - 10 WHERE id = 1", "SELECT bal FROM acct WHERE id = 1 FOR UPDATE",
			"COMMIT", true, "90", "", "", ""},
		{"update/for update, no longer qualifies", rc, "UPDATE acct SET bal = 0 WHERE id = 1",
			"SELECT id FROM acct WHERE bal > 50 ORDER BY id FOR UPDATE", "COMMIT", true, "2", "", "", ""},
		{"delete/for share", rc, "DELETE FROM acct WHERE id = 1", "SELECT id FROM acct ORDER BY id FOR SHARE",
			"COMMIT", true, "2", "", "", ""},
		{"update/for update, rolled back", rc, "UPDATE acct SET bal = 0 WHERE id = 1", "SELECT bal FROM acct WHERE id = 1 FOR UPDATE",
			"ROLLBACK", true, "100", "", "", ""},
		{"update/for update, repeatable read", rr, "UPDATE acct SET bal = 0 WHERE id = 1", "SELECT bal FROM acct WHERE id = 1 FOR UPDATE",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "could not serialize access due to concurrent update", ""},
		{"for update/for update, repeatable read", rr, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT bal FROM acct WHERE id = 1 FOR UPDATE",
			"COMMIT", true, "100", "", "", ""},
	}
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer exectest.Run(t, a, "ROLLBACK")
			defer exectest.Run(t, b, "ROLLBACK")
			mustRun(t, a, "TRUNCATE acct")
			mustRun(t, a, "INSERT INTO acct VALUES (1, 100), (2, 100)")
			c.run(t, a, b)
			mustRun(t, b, "ROLLBACK")
			if b.TxStatus() != session.TxIdle {
				t.Fatalf("session left in state %c", b.TxStatus())
			}
		})
	}
}

// TestSelectForUpdateErrors checks a deadlock between two lockers of rows (40P01 for the
// one closing the cycle, the other goes on) and lock_timeout (55P03).
func TestSelectForUpdateErrors(t *testing.T) {
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	mustRun(t, a, "INSERT INTO acct VALUES (1, 100), (2, 100)")

	err, o := exectest.Deadlock(t, a, b, "SELECT * FROM acct WHERE id = 1 FOR UPDATE", "SELECT * FROM acct WHERE id = 2 FOR SHARE",
		"UPDATE acct SET bal = 0 WHERE id = 2", "SELECT * FROM acct WHERE id = 1 FOR KEY SHARE")
	if pgerror.GetCode(err) != pgcode.TRDeadlockDetected || err.Error() != "deadlock detected" {
		t.Fatalf("b: %v, want deadlock detected", err)
	}
	if o.Err != nil {
		t.Fatalf("a after the deadlock: %v", o.Err)
	}
	mustRun(t, a, "COMMIT")

	mustRun(t, a, "BEGIN")
	mustRun(t, a, "SELECT * FROM acct WHERE id = 1 FOR SHARE")
	mustRun(t, b, "SET lock_timeout = '10ms'")
	_, _, err = exectest.Run(t, b, "SELECT * FROM acct ORDER BY id FOR UPDATE")
	if pgerror.GetCode(err) != pgcode.LockNotAvailable || err.Error() != "canceling statement due to lock timeout" {
		t.Fatalf("b: %v, want lock timeout", err)
	}
	mustRun(t, a, "COMMIT")
	if got := query(t, b, "SELECT id, bal FROM acct ORDER BY id FOR UPDATE"); got != "1|100\n2|0" {
		t.Fatalf("rows:\n%s", got)
	}
}

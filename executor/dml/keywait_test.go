package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestConcurrentInsertSameKey runs an INSERT of a key another open transaction inserted:
// it waits for that transaction, then fails with 23505 if it committed or goes on if it
// rolled back; ON CONFLICT takes its branch once the key is committed (READ COMMITTED) or
// fails with 40001 (REPEATABLE READ), as in PostgreSQL.
func TestConcurrentInsertSameKey(t *testing.T) {
	cases := []interleavedCase{
		{"insert/insert, committed", rc, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (3, 30)",
			"COMMIT", true, "", pgcode.UniqueViolation, "", "1|100\n2|100\n3|3"},
		{"insert/insert, rolled back", rc, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (3, 30)",
			"ROLLBACK", true, "INSERT 0 1", "", "", "1|100\n2|100\n3|30"},
		{"insert/insert other key", rc, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (4, 4)",
			"COMMIT", false, "INSERT 0 1", "", "", "1|100\n2|100\n3|3\n4|4"},
		{"insert/do nothing", rc, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (4, 4), (3, 30) ON CONFLICT DO NOTHING",
			"COMMIT", true, "INSERT 0 1", "", "", "1|100\n2|100\n3|3\n4|4"},
		{"insert/do nothing, rolled back", rc, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (3, 30) ON CONFLICT DO NOTHING",
			"ROLLBACK", true, "INSERT 0 1", "", "", "1|100\n2|100\n3|30"},
		{"insert/do update", rc, "INSERT INTO acct VALUES (3, 3)",
			"INSERT INTO acct VALUES (3, 30) ON CONFLICT (id) DO UPDATE SET bal = acct.bal + excluded.bal",
			"COMMIT", true, "INSERT 0 1", "", "", "1|100\n2|100\n3|33"},
		{"insert/do nothing, repeatable read", rr, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (3, 30) ON CONFLICT DO NOTHING",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "", "1|100\n2|100\n3|3"},
		{"insert/insert, repeatable read", rr, "INSERT INTO acct VALUES (3, 3)", "INSERT INTO acct VALUES (3, 30)",
			"COMMIT", true, "", pgcode.UniqueViolation, "", "1|100\n2|100\n3|3"},
		{"key-changing update/insert", rc, "UPDATE acct SET id = 5 WHERE id = 1", "INSERT INTO acct VALUES (5, 50)",
			"COMMIT", true, "", pgcode.UniqueViolation, "", "2|100\n5|100"},
		{"key-keeping update/insert", rc, "UPDATE acct SET bal = 0 WHERE id = 1", "INSERT INTO acct VALUES (1, 50)",
			"COMMIT", false, "", pgcode.UniqueViolation, "", "1|0\n2|100"},
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
			if c.code == "" {
				mustRun(t, b, "COMMIT")
			}
			if got := query(t, a, "SELECT id, bal FROM acct ORDER BY id"); got != c.after {
				t.Fatalf("rows:\n%s\nwant:\n%s", got, c.after)
			}
		})
	}
}

// TestInsertKeyDeadlock has two transactions each insert a key and then the other's: the
// one closing the cycle fails with 40P01 and the other goes on.
func TestInsertKeyDeadlock(t *testing.T) {
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)")
	err, o := exectest.Deadlock(t, a, b, "INSERT INTO acct VALUES (1, 1)", "INSERT INTO acct VALUES (2, 2)",
		"INSERT INTO acct VALUES (2, 20)", "INSERT INTO acct VALUES (1, 10)")
	if pgerror.GetCode(err) != pgcode.TRDeadlockDetected {
		t.Fatalf("b: %v, want 40P01", err)
	}
	if o.Err != nil || o.Tag != "INSERT 0 1" {
		t.Fatalf("a after the deadlock: %q %v", o.Tag, o.Err)
	}
	mustRun(t, a, "COMMIT")
	if got := query(t, a, "SELECT id, bal FROM acct ORDER BY id"); got != "1|1\n2|20" {
		t.Fatalf("rows:\n%s", got)
	}
}

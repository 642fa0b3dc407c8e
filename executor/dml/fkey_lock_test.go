package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestForeignKeyRowLocks runs a write to a referenced or referencing table while another
// transaction's write to the other is open: a referencing row's check locks its referenced
// row FOR KEY SHARE, so a DELETE of that row waits and then sees the new reference
// (23503), an INSERT referencing a row being deleted waits and then fails (23503, or 40001
// under REPEATABLE READ) or goes on after a rollback, and updates that keep the key do not
// wait at all, as in PostgreSQL.
func TestForeignKeyRowLocks(t *testing.T) {
	cases := []interleavedCase{
		{"insert child/delete parent", rc, "INSERT INTO child VALUES (10, 1)", "DELETE FROM parent WHERE id = 1",
			"COMMIT", true, "", pgcode.ForeignKeyViolation,
			`update or delete on table "parent" violates foreign key constraint "child_p_fkey" on table "child"`, ""},
		{"insert child/delete parent, rolled back", rc, "INSERT INTO child VALUES (10, 1)", "DELETE FROM parent WHERE id = 1",
			"ROLLBACK", true, "DELETE 1", "", "", ""},
		// PostgreSQL reports 23503 here (its check reads the newest rows of child); the
		// DELETE fails either way and no row is left without its referenced row.
		{"insert child/delete parent, repeatable read", rr, "INSERT INTO child VALUES (10, 1)", "DELETE FROM parent WHERE id = 1",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "could not serialize access due to concurrent update", ""},
		{"insert child/update parent", rc, "INSERT INTO child VALUES (10, 1)", "UPDATE parent SET name = 'y' WHERE id = 1",
			"COMMIT", false, "UPDATE 1", "", "", ""},
		{"insert child/update parent key", rc, "INSERT INTO child VALUES (10, 1)", "UPDATE parent SET id = 5 WHERE id = 1",
			"COMMIT", true, "", pgcode.ForeignKeyViolation,
			`update or delete on table "parent" violates foreign key constraint "child_p_fkey" on table "child"`, ""},
		{"delete parent/insert child", rc, "DELETE FROM parent WHERE id = 1", "INSERT INTO child VALUES (10, 1)",
			"COMMIT", true, "", pgcode.ForeignKeyViolation,
			`insert or update on table "child" violates foreign key constraint "child_p_fkey"`, ""},
		{"delete parent/insert child, rolled back", rc, "DELETE FROM parent WHERE id = 1", "INSERT INTO child VALUES (10, 1)",
			"ROLLBACK", true, "INSERT 0 1", "", "", ""},
		{"delete parent/insert child, repeatable read", rr, "DELETE FROM parent WHERE id = 1", "INSERT INTO child VALUES (10, 1)",
			"COMMIT", true, "", pgcode.TRSerializationFailure, "could not serialize access due to concurrent update", ""},
		{"update parent/insert child", rc, "UPDATE parent SET name = 'x' WHERE id = 1", "INSERT INTO child VALUES (10, 1)",
			"COMMIT", false, "INSERT 0 1", "", "", ""},
		{"update parent/insert child, update rolled back", rc, "UPDATE parent SET name = 'x' WHERE id = 1", "INSERT INTO child VALUES (10, 1)",
			"ROLLBACK", false, "INSERT 0 1", "", "", ""},
	}
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE parent (id int PRIMARY KEY, name text)")
	mustRun(t, a, "CREATE TABLE child (id int PRIMARY KEY, p int REFERENCES parent)")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer exectest.Run(t, a, "ROLLBACK")
			defer exectest.Run(t, b, "ROLLBACK")
			mustRun(t, a, "DELETE FROM child")
			mustRun(t, a, "DELETE FROM parent")
			mustRun(t, a, "INSERT INTO parent VALUES (1, 'one'), (2, 'two')")
			c.run(t, a, b)
			if c.code == "" {
				mustRun(t, b, "COMMIT")
			}
			orphans := query(t, a, "SELECT count(*) FROM child WHERE p NOT IN (SELECT id FROM parent)")
			if orphans != "0" {
				t.Fatalf("%s referencing rows without their referenced row", orphans)
			}
		})
	}
}

package session_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func exec(t *testing.T, sess *session.Session, sql string) (string, error) {
	t.Helper()
	return exectest.Exec(t, sess, sql)
}

// newTestSession returns a session over a new in-memory store holding table t.
func newTestSession(t *testing.T) *session.Session {
	t.Helper()
	sess := exectest.NewSession(t, exectest.NewMemStore())
	if _, err := exec(t, sess, `CREATE TABLE t (a int, b text, c float8);
		INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (0, NULL, 0), (NULL, 'four', 4)`); err != nil {
		t.Fatal(err)
	}
	return sess
}

// TestTransactions checks block semantics: isolation of uncommitted work, the aborted state,
// and that COMMIT of a failed block rolls back.
func TestTransactions(t *testing.T) {
	sess := newTestSession(t)
	steps := []struct {
		sql    string
		code   pgcode.Code
		status session.TxStatus
	}{
		{"BEGIN", "", session.TxActive},
		{"INSERT INTO t VALUES (5, 'five', 5)", "", session.TxActive},
		{"SELECT nope FROM t", pgcode.UndefinedColumn, session.TxFailed},
		{"SELECT 1", pgcode.InFailedSqlTransaction, session.TxFailed},
		{"COMMIT", "", session.TxIdle},
		{"BEGIN", "", session.TxActive},
		{"CREATE TABLE u (x int)", "", session.TxActive},
		{"ROLLBACK", "", session.TxIdle},
		{"SELECT * FROM u", pgcode.UndefinedTable, session.TxIdle},
	}
	for _, s := range steps {
		_, err := exec(t, sess, s.sql)
		if got := pgerror.GetCode(err); err != nil && got != s.code || err == nil && s.code != "" {
			t.Fatalf("%s: got %v, want %s", s.sql, err, s.code)
		}
		if got := sess.TxStatus(); got != s.status {
			t.Fatalf("%s: status %c, want %c", s.sql, got, s.status)
		}
	}
	if got, _ := exec(t, sess, "SELECT count(*) FROM t"); got != "4" {
		t.Fatalf("rows after failed commit: %s, want 4", got)
	}
}

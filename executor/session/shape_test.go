package session_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/session"
)

// fromShape prepares the one statement of sql and reports whether it came from a learned
// shape.
func fromShape(t *testing.T, sess *session.Session, sql string) bool {
	t.Helper()
	ps, err := sess.Parse(sql)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%s: %v", sql, err)
	}
	prep, err := sess.Prepare(ps[0], nil)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return prep.FromShape()
}

// TestLiteralShapes runs statements that differ in their integer literals: once a shape is
// learned its statements run from it, with the results binding their text gives, and a
// shape whose literals are not values (ORDER BY 1) or whose catalog changed is not used.
func TestLiteralShapes(t *testing.T) {
	sess := newTestSession(t)
	steps := []struct {
		sql, want string
		shape     bool // the statement runs from a learned shape
	}{
		{"SELECT b FROM t WHERE a = 1", "one", false},
		{"SELECT b FROM t WHERE a = 2", "two", true},
		{"SELECT b FROM t WHERE a = -1", "", true},
		{"SELECT a, b FROM t WHERE a >= 0 ORDER BY 1 LIMIT 2", "0|NULL\n1|one", false},
		{"SELECT a, b FROM t WHERE a >= 0 ORDER BY 2 LIMIT 2", "1|one\n2|two", false},
		{"SELECT a, b FROM t WHERE a >= 1 ORDER BY 2 LIMIT 1", "1|one", false},
		{"UPDATE t SET a = a + -5 WHERE a = 2", "", false},
		{"UPDATE t SET a = a + 5 WHERE a = -3", "", true},
		{"SELECT b FROM t WHERE a = 2", "two", true},
		{"ALTER TABLE t ADD COLUMN d int DEFAULT 7", "", false},
		{"SELECT b FROM t WHERE a = 1", "one", false},
		{"SELECT b, d FROM t WHERE a = 2", "two|7", false},
		{"SELECT b, d FROM t WHERE a = 1", "one|7", true},
		{"INSERT INTO t VALUES (8, 'eight', 8, 8)", "", false},
		{"INSERT INTO t VALUES (9, 'nine', 9, 9)", "", false}, // 9 as float8 is folded
		{"INSERT INTO t (a, b) VALUES (10, 'ten')", "", false},
		{"INSERT INTO t (a, b) VALUES (11, 'ten')", "", true},
		{"SELECT count(*), sum(a), sum(d), sum(c) FROM t WHERE a > 5", "4|38|31|17", false},
	}
	for _, s := range steps {
		if got := fromShape(t, sess, s.sql); got != s.shape {
			t.Errorf("%s: from a shape %v, want %v", s.sql, got, s.shape)
		}
		got, err := exec(t, sess, s.sql)
		if err != nil || got != s.want {
			t.Fatalf("%s: got %q %v, want %q", s.sql, got, err, s.want)
		}
	}
}

package session_test

import (
	"context"
	"testing"

	"github.com/pgfast/pgfast/executor/session"
)

// runShape runs the one statement of sql as a simple query does, draining its rows, and
// reports whether it ran from a learned shape, with its tag.
func runShape(t *testing.T, sess *session.Session, sql string) (bool, string) {
	t.Helper()
	ps, err := sess.Parse(sql)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%s: %v", sql, err)
	}
	prep, err := sess.Prepare(ps[0], nil)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	res, err := sess.Execute(context.Background(), prep, nil)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer res.Close()
	for {
		if _, err := res.Next(); err != nil {
			break
		}
	}
	return prep.FromShape(), res.Tag()
}

// TestLiteralShapes runs statements that differ in their integer literals: a shape seen
// twice is learned and its later statements run from it, with the results binding their
// text gives; a shape whose literals are not values (ORDER BY 1) or whose catalog changed
// is not used.
func TestLiteralShapes(t *testing.T) {
	sess := newTestSession(t)
	steps := []struct {
		sql   string
		shape bool // the statement runs from a learned shape
		check string
		want  string
	}{
		{"UPDATE t SET c = c + 1 WHERE a = 1", false, "SELECT c FROM t WHERE a = 1", "2.5"},
		{"UPDATE t SET c = c + 2 WHERE a = 2", false, "SELECT c FROM t WHERE a = 2", "NULL"},
		{"UPDATE t SET c = c + 3 WHERE a = 0", true, "SELECT c FROM t WHERE a = 0", "3"},
		{"UPDATE t SET c = c + -4 WHERE a = 1", true, "SELECT c FROM t WHERE a = 1", "-1.5"},
		{"UPDATE t SET a = a + -5 WHERE a = 2", false, "SELECT a FROM t WHERE b = 'two'", "-3"},
		{"SELECT a, b FROM t WHERE a >= 0 ORDER BY 1 LIMIT 2", false, "SELECT a, b FROM t WHERE a >= 0 ORDER BY 1 LIMIT 2", "0|NULL\n1|one"},
		{"SELECT a, b FROM t WHERE a >= 0 ORDER BY 2 LIMIT 2", false, "SELECT a, b FROM t WHERE a >= 0 ORDER BY 2 LIMIT 2", "1|one\n0|NULL"},
		{"SELECT a, b FROM t WHERE a >= 1 ORDER BY 2 LIMIT 1", false, "SELECT a, b FROM t WHERE a >= 1 ORDER BY 1 LIMIT 1", "1|one"},
		{"ALTER TABLE t ADD COLUMN d int DEFAULT 7", false, "", ""},
		{"UPDATE t SET c = c + 5 WHERE a = 0", false, "SELECT c, d FROM t WHERE a = 0", "8|7"},
		{"UPDATE t SET c = c + 5 WHERE a = 0", false, "", ""},
		{"UPDATE t SET c = c + 6 WHERE a = 0", true, "SELECT c FROM t WHERE a = 0", "19"},
		{"INSERT INTO t (a, b) VALUES (10, 'ten')", false, "", ""},
		{"INSERT INTO t (a, b) VALUES (11, 'ten')", false, "", ""},
		{"INSERT INTO t (a, b) VALUES (12, 'ten')", true, "SELECT count(*), sum(a), sum(d) FROM t WHERE b = 'ten'", "3|33|21"},
	}
	for _, s := range steps {
		if got, tag := runShape(t, sess, s.sql); got != s.shape {
			t.Errorf("%s (%s): from a shape %v, want %v", s.sql, tag, got, s.shape)
		}
		if s.check == "" {
			continue
		}
		if got, err := exec(t, sess, s.check); err != nil || got != s.want {
			t.Fatalf("%s, then %s: got %q %v, want %q", s.sql, s.check, got, err, s.want)
		}
	}
}

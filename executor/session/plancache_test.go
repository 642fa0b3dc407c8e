package session_test

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/session"
)

// prepareText parses and binds the one statement of sql as a simple query does.
func prepareText(t *testing.T, sess *session.Session, sql string) *session.Prepared {
	t.Helper()
	ps, err := sess.Parse(sql)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%s: %v", sql, err)
	}
	p, err := sess.Prepare(ps[0], nil)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return p
}

// TestTextCacheReuse checks which repeated query strings skip binding: a reusable statement
// is bound once while nothing it depends on changes, and again after DDL, SET or DISCARD
// PLANS, not after a transaction block; a statement reading a table is bound on every run.
func TestTextCacheReuse(t *testing.T) {
	sess := newTestSession(t)
	const ins = "INSERT INTO t VALUES (7, 'seven', 7)"
	steps := []struct {
		before string // run between the two binds
		sql    string
		same   bool
	}{
		{"", ins, true},
		{"", "BEGIN", true},
		{"", "SELECT 1 + 1", true},
		{"", "SELECT a FROM t WHERE a = 1", false},
		{"INSERT INTO t VALUES (8, 'eight', 8)", ins, true},
		{"BEGIN", ins, true}, // a block sets transaction_isolation to what it was
		{"COMMIT", ins, true},
		{"CREATE TABLE other (x int)", ins, false},
		{"SET search_path = public", ins, false},
		{"SET TimeZone = 'Asia/Tokyo'", "SELECT '2020-01-01 00:00'::timestamptz", false},
		{"SET TimeZone = 'Asia/Tokyo'", "SELECT '2020-01-01 00:00'::timestamptz", true},
		{"DISCARD PLANS", ins, false},
	}
	for _, st := range steps {
		first := prepareText(t, sess, st.sql)
		if st.before != "" {
			if _, err := exec(t, sess, st.before); err != nil {
				t.Fatalf("%s: %v", st.before, err)
			}
		}
		if got := prepareText(t, sess, st.sql) == first; got != st.same {
			t.Errorf("%s after %q: bound once = %v, want %v", st.sql, st.before, got, st.same)
		}
	}
}

// TestPreparedRunsWithoutRebinding checks the extended protocol's contract: a statement
// parsed and bound once runs many times with new parameters without being bound again,
// unless the catalog changes.
func TestPreparedRunsWithoutRebinding(t *testing.T) {
	sess := newTestSession(t)
	ps, err := sess.Parse("INSERT INTO t (a, b) VALUES ($1, 'p')")
	if err != nil {
		t.Fatal(err)
	}
	prep, err := sess.Prepare(ps[0], []types.OID{types.Int4})
	if err != nil {
		t.Fatal(err)
	}
	run := func(v int32) {
		t.Helper()
		res, err := sess.Execute(context.Background(), prep, []scalar.Scalar{scalar.NewInt32Scalar(v)})
		if err != nil {
			t.Fatal(err)
		}
		res.Close()
	}
	bound := prep.Statement()
	for v := range int32(3) {
		run(100 + v)
		if prep.Statement() != bound {
			t.Fatalf("execution %d bound the statement again", v+1)
		}
	}
	if got, err := exec(t, sess, "SELECT count(*) FROM t WHERE b = 'p' AND a >= 100"); err != nil || got != "3" {
		t.Fatalf("rows inserted: %q, %v; want 3", got, err)
	}
	if _, err := exec(t, sess, "ALTER TABLE t ADD COLUMN d int DEFAULT 9"); err != nil {
		t.Fatal(err)
	}
	run(200)
	if prep.Statement() == bound {
		t.Error("the statement was not bound again after ALTER TABLE")
	}
	if got, err := exec(t, sess, "SELECT d FROM t WHERE a = 200"); err != nil || got != "9" {
		t.Errorf("row inserted after ALTER TABLE: d = %q, %v; want 9", got, err)
	}
}

package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/storage"
)

// storeAdapter serves a *storage.Store as a session.Store (storage cannot import the
// executor, so its Begin returns the concrete type).
type storeAdapter struct{ *storage.Store }

func (a storeAdapter) Begin() executor.Txn { return a.Store.Begin() }

var _ executor.Txn = (*storage.Txn)(nil)

func openEngine(t *testing.T, dir string, workers int) (*session.Engine, *storage.Store) {
	t.Helper()
	st, err := storage.Open(dir, storage.WithFsync(false))
	if err != nil {
		t.Fatal(err)
	}
	return exectest.NewEngine(storeAdapter{st}, workers), st
}

func mustRun(t *testing.T, sess *session.Session, sql string) string {
	t.Helper()
	tag, _, err := exectest.Run(t, sess, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return tag
}

func query(t *testing.T, sess *session.Session, sql string) string {
	t.Helper()
	out, err := exectest.Exec(t, sess, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// TestDMLStatements checks the tags and effects of DELETE, UPDATE, TRUNCATE and ALTER TABLE
// over a table of many batches, scanned by several workers, and that all of it survives a
// restart.
func TestDMLStatements(t *testing.T) {
	dir := t.TempDir()
	eng, st := openEngine(t, dir, 4)
	s := eng.NewSession(nil)
	mustRun(t, s, "CREATE TABLE big (id int NOT NULL, grp int, label text)")
	mustRun(t, s, "INSERT INTO big SELECT g, g % 10, 'r' || g::text FROM generate_series(1, 50000) g")
	steps := []struct{ sql, tag, rows string }{
		{"DELETE FROM big WHERE id % 5 = 0", "DELETE 10000", ""},
		{"UPDATE big SET grp = -grp, label = label || '!' WHERE id % 3 = 0", "UPDATE 13333", ""},
		{"UPDATE big SET grp = 0 WHERE id > 49990 RETURNING id, grp", "UPDATE 8", "8"},
		{"DELETE FROM big WHERE grp < 0 RETURNING *", "DELETE 13331", "13331"},
		{"ALTER TABLE big ADD COLUMN extra int", "ALTER TABLE", ""},
		{"UPDATE big SET extra = id WHERE id <= 10", "UPDATE 5", ""},
		{"ALTER TABLE big DROP COLUMN label", "ALTER TABLE", ""},
		{"ALTER TABLE big RENAME TO big2", "ALTER TABLE", ""},
	}
	for _, c := range steps {
		tag, rows, err := exectest.Run(t, s, c.sql)
		if err != nil || tag != c.tag || rows != c.rows {
			t.Fatalf("%s: tag %q rows %q err %v, want %q %q", c.sql, tag, rows, err, c.tag, c.rows)
		}
	}
	want := "26669|666783322|8|5"
	check := func(s *session.Session) {
		t.Helper()
		if got := query(t, s, "SELECT count(*), sum(id), sum(CASE WHEN grp = 0 AND id > 49990 THEN 1 END), count(extra) FROM big2"); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	check(s)
	st.Close()
	eng, st = openEngine(t, dir, 2)
	defer st.Close()
	check(eng.NewSession(nil))
	s = eng.NewSession(nil)
	if tag := mustRun(t, s, "TRUNCATE big2"); tag != "TRUNCATE TABLE" {
		t.Fatalf("tag %q", tag)
	}
	if got := query(t, s, "SELECT count(*) FROM big2"); got != "0" {
		t.Fatalf("after TRUNCATE: %s", got)
	}
}

// TestUpdateFromCountsTargetRowsOnce joins a target row to several FROM rows: it is updated
// (and counted, and returned) once, as in PostgreSQL.
func TestUpdateFromCountsTargetRowsOnce(t *testing.T) {
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	s := eng.NewSession(nil)
	mustRun(t, s, "CREATE TABLE t (k int, v int)")
	mustRun(t, s, "INSERT INTO t SELECT g, 0 FROM generate_series(1, 5000) g")
	mustRun(t, s, "CREATE TABLE m (k int)")
	mustRun(t, s, "INSERT INTO m SELECT g % 100 FROM generate_series(1, 1000) g")
	tag, rows, err := exectest.Run(t, s, "UPDATE t SET v = v + 1 FROM m WHERE m.k = t.k RETURNING t.k")
	if err != nil || tag != "UPDATE 99" || rows != "99" {
		t.Fatalf("tag %q rows %q err %v", tag, rows, err)
	}
	if got := query(t, s, "SELECT count(*), sum(v), max(v) FROM t"); got != "5000|99|1" {
		t.Fatalf("got %s", got)
	}
	if tag := mustRun(t, s, "DELETE FROM t USING m WHERE m.k = t.k"); tag != "DELETE 99" {
		t.Fatalf("tag %q", tag)
	}
}

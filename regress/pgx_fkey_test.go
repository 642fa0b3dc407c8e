package regress

import (
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxForeignKeys checks foreign keys over the extended protocol: violations give
// 23503 and leave nothing of their statement or transaction behind (a cascade half done,
// a block whose deferred check fails at COMMIT), whole batches are checked at once, and
// the keys survive a restart.
func TestPgxForeignKeys(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_fk_child, pgx_fk_leaf, pgx_fk_parent",
		"CREATE TABLE pgx_fk_parent (id int8 PRIMARY KEY, v text)",
		"CREATE TABLE pgx_fk_child (id int8 PRIMARY KEY, p int4 REFERENCES pgx_fk_parent ON DELETE CASCADE)",
		"CREATE TABLE pgx_fk_leaf (c int8 CONSTRAINT leaf_c REFERENCES pgx_fk_child DEFERRABLE)",
		"INSERT INTO pgx_fk_parent SELECT g, 'p' || g FROM generate_series(1, 10000) g",
		"INSERT INTO pgx_fk_child SELECT g, (g % 10000) + 1 FROM generate_series(1, 100000) g",
		"INSERT INTO pgx_fk_leaf SELECT g FROM generate_series(1, 100000, 1000) g")
	exec := func(sql string, args ...any) error {
		_, err := conn.Exec(ctx, sql, append([]any{pgx.QueryExecModeExec}, args...)...)
		return err
	}
	steps := []struct {
		sql    string
		args   []any
		code   string // the SQLSTATE expected, "" for success
		status byte
	}{
		// one bad key among many new rows fails the whole statement
		{"INSERT INTO pgx_fk_child SELECT g, CASE WHEN g = 150000 THEN 0 ELSE 1 END FROM generate_series(100001, 200000) g", nil, "23503", 'I'},
		// deleting parents cascades to children, but a leaf still references one of them
		{"DELETE FROM pgx_fk_parent WHERE id <= $1", []any{5000}, "23503", 'I'},
		{"BEGIN", nil, "", 'T'},
		{"SET CONSTRAINTS leaf_c DEFERRED", nil, "", 'T'},
		{"DELETE FROM pgx_fk_parent WHERE id <= $1", []any{5000}, "", 'T'},
		{"COMMIT", nil, "23503", 'I'},
		{"BEGIN", nil, "", 'T'},
		{"DELETE FROM pgx_fk_leaf", nil, "", 'T'},
		{"INSERT INTO pgx_fk_child VALUES ($1, $2)", []any{int64(-1), int32(-1)}, "23503", 'E'},
		{"ROLLBACK", nil, "", 'I'},
		{"UPDATE pgx_fk_parent SET id = id + $1 WHERE id = $2", []any{int64(100000), int64(7)}, "23503", 'I'},
	}
	for _, s := range steps {
		err := exec(s.sql, s.args...)
		if pgCode(err) != s.code || (s.code == "" && err != nil) {
			t.Fatalf("%s %v: %v, want SQLSTATE %q", s.sql, s.args, err, s.code)
		}
		if st := conn.PgConn().TxStatus(); st != s.status {
			t.Fatalf("%s: transaction status = %c, want %c", s.sql, st, s.status)
		}
	}
	counts := func() {
		t.Helper()
		for table, want := range map[string]int64{"pgx_fk_parent": 10000, "pgx_fk_child": 100000, "pgx_fk_leaf": 100} {
			if n := queryInt64(t, conn, "SELECT count(*) FROM "+table); n != want {
				t.Errorf("%s has %d rows after the failed statements, want %d", table, n, want)
			}
		}
	}
	counts()
	srv.restart(t)
	conn = srv.connect(t)
	counts()
	if _, err := conn.Exec(ctx, "INSERT INTO pgx_fk_child VALUES (-1, -1)"); pgCode(err) != "23503" {
		t.Fatalf("after a restart, a missing key gives %v, want 23503", err)
	}
	mustExec(t, conn, "DELETE FROM pgx_fk_leaf", "DELETE FROM pgx_fk_parent WHERE id <= 5000")
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_fk_child"); n != 50000 {
		t.Errorf("ON DELETE CASCADE left %d children, want 50000", n)
	}
	mustExec(t, conn, "DROP TABLE pgx_fk_leaf, pgx_fk_child, pgx_fk_parent")
}

package regress

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestPgxIndexExpressions checks unique expression and partial indexes over the extended
// protocol: computed keys that repeat, and keys repeating among the rows the predicate
// selects, give 23505 through INSERT, UPDATE, COPY and CREATE UNIQUE INDEX, ON CONFLICT
// infers the indexes as PostgreSQL does (42P10 where none matches), a second transaction
// inserting the same new computed key waits for the first, and the indexes survive a
// restart. With -target it runs against PostgreSQL, which checks the expectations.
func TestPgxIndexExpressions(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_ie",
		"CREATE TABLE pgx_ie (id int, email text, gone date)",
		"CREATE UNIQUE INDEX pgx_ie_email ON pgx_ie (lower(email))",
		"CREATE UNIQUE INDEX pgx_ie_live ON pgx_ie (id) WHERE gone IS NULL",
		"INSERT INTO pgx_ie SELECT g, 'u' || g || '@x', NULL FROM generate_series(1, 10000) g")
	gone := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		sql  string
		args []any
		code string // the SQLSTATE expected, "" for success
	}{
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL)", []any{20001, "U7@X"}, "23505"},
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL)", []any{7, "new7@x"}, "23505"},
		{"INSERT INTO pgx_ie VALUES ($1, $2, $3)", []any{7, "old7@x", gone}, ""},
		{"INSERT INTO pgx_ie VALUES ($1, $2, $3)", []any{7, "older7@x", gone}, ""},
		{"INSERT INTO pgx_ie SELECT g, 'v' || g || '@x', NULL FROM generate_series(20001, 30000) g UNION ALL SELECT 30001, 'V20001@X', NULL::date", nil, "23505"},
		{"UPDATE pgx_ie SET email = upper(email) WHERE id = $1", []any{8}, ""},
		{"UPDATE pgx_ie SET email = $1 WHERE id = $2", []any{"u9@X", 10}, "23505"},
		{"UPDATE pgx_ie SET gone = NULL WHERE email = $1", []any{"old7@x"}, "23505"},
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL) ON CONFLICT (lower(email)) DO UPDATE SET gone = $3", []any{40001, "U11@x", gone}, ""},
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL) ON CONFLICT (id) WHERE gone IS NULL DO NOTHING", []any{12, "x12@x"}, ""},
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL) ON CONFLICT (id) DO NOTHING", []any{12, "x12@x"}, "42P10"},
		{"INSERT INTO pgx_ie VALUES ($1, $2, NULL) ON CONFLICT (upper(email)) DO NOTHING", []any{12, "x12@x"}, "42P10"},
		{"CREATE INDEX ON pgx_ie ((email || now()))", nil, "42P17"},
		{"CREATE UNIQUE INDEX pgx_ie_dup ON pgx_ie ((id % 1000))", nil, "23505"},
	}
	for _, s := range steps {
		_, err := conn.Exec(ctx, s.sql, append([]any{pgx.QueryExecModeExec}, s.args...)...)
		if pgCode(err) != s.code || (s.code == "" && err != nil) {
			t.Fatalf("%s %v: %v, want SQLSTATE %q", s.sql, s.args, err, s.code)
		}
	}
	_, err := conn.PgConn().CopyFrom(ctx, strings.NewReader("50001\tc@x\t\\N\n50002\tC@X\t\\N\n"), "COPY pgx_ie FROM STDIN")
	if pgCode(err) != "23505" {
		t.Fatalf("COPY of two rows with one computed key: %v, want 23505", err)
	}
	counts := func() {
		t.Helper()
		if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_ie"); n != 10002 {
			t.Errorf("pgx_ie has %d rows, want 10002", n)
		}
		if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_ie WHERE gone IS NOT NULL"); n != 3 {
			t.Errorf("pgx_ie has %d rows with gone set, want 3", n)
		}
	}
	counts()
	waitForKey(t, srv, conn, "COMMIT", "23505")
	waitForKey(t, srv, conn, "ROLLBACK", "")
	srv.restart(t)
	conn = srv.connect(t)
	counts()
	for _, sql := range []string{"INSERT INTO pgx_ie VALUES (60001, 'U100@X', NULL)", "INSERT INTO pgx_ie VALUES (100, 'z100@x', NULL)"} {
		if _, err := conn.Exec(ctx, sql); pgCode(err) != "23505" {
			t.Fatalf("after a restart, %s: %v, want 23505", sql, err)
		}
	}
	mustExec(t, conn, "DROP TABLE pgx_ie")
}

// waitForKey has one transaction insert a new computed key of pgx_ie and a second insert
// the same key, which must wait until the first ends with end, then fail with code ("" for
// success, then undone).
func waitForKey(t *testing.T, srv *pgxServer, a *pgx.Conn, end, code string) {
	t.Helper()
	b, c := srv.connect(t), srv.connect(t)
	ctx := t.Context()
	mustExec(t, a, "BEGIN", "INSERT INTO pgx_ie VALUES (70001, 'wait@x', NULL)")
	bPID := queryInt64(t, b, "SELECT pg_backend_pid()")
	done := make(chan error, 1)
	go func() {
		_, err := b.Exec(ctx, "INSERT INTO pgx_ie VALUES (70002, 'WAIT@X', NULL)")
		done <- err
	}()
	for queryInt64(t, c, "SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted", bPID) == 0 {
		select {
		case err := <-done:
			t.Fatalf("the second inserter of a computed key did not wait for the first: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	mustExec(t, a, end)
	if err := <-done; pgCode(err) != code || code == "" && err != nil {
		t.Fatalf("after the first inserter's %s, the second got %v, want SQLSTATE %q", end, err, code)
	}
	mustExec(t, a, "DELETE FROM pgx_ie WHERE id > 70000")
}

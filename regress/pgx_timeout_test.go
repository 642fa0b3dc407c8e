package regress

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// longQueries run for far longer than the timeouts below on pgfast and on PostgreSQL alike;
// each spends its time in a different kind of loop (stream, sort, hash build, join,
// recursion, window, set operation).
var longQueries = []struct{ name, sql string }{
	{"scan", "SELECT count(*) FROM generate_series(1, 2000000000) g"},
	{"sort", "SELECT g FROM generate_series(1, 200000000) g ORDER BY g DESC LIMIT 1"},
	{"hash aggregate", "SELECT count(*) FROM (SELECT g % 100000000 AS k, count(*) FROM generate_series(1, 200000000) g GROUP BY 1) s"},
	{"hash join", "SELECT count(*) FROM generate_series(1, 1000) a JOIN generate_series(1, 200000000) b ON a = b"},
	{"cross join", "SELECT count(*) FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b"},
	{"recursive", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"},
	{"window", "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY g DESC) FROM generate_series(1, 200000000) g) s"},
	{"except", "SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000000) g EXCEPT SELECT 1) s"},
}

// TestPgxStatementTimeout checks that statement_timeout stops a statement in every kind of
// loop with 57014 and PostgreSQL's message, in a block with SET LOCAL too, and that the
// session goes on afterwards.
func TestPgxStatementTimeout(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "SET statement_timeout = '300ms'")
	for _, q := range longQueries {
		t.Run(q.name, func(t *testing.T) {
			_, err := conn.Exec(t.Context(), q.sql)
			pgErr, _ := err.(*pgconn.PgError)
			if pgErr == nil || pgErr.Code != "57014" || pgErr.Message != "canceling statement due to statement timeout" {
				t.Fatalf("got %v, want 57014 canceling statement due to statement timeout", err)
			}
			assertUsable(t, conn)
		})
	}
	mustExec(t, conn, "RESET statement_timeout", "BEGIN", "SET LOCAL statement_timeout = '300ms'")
	if _, err := conn.Exec(t.Context(), longQueries[0].sql); pgCode(err) != "57014" {
		t.Fatalf("with SET LOCAL: got %v, want 57014", err)
	}
	mustExec(t, conn, "ROLLBACK")
	var got string
	if err := conn.QueryRow(t.Context(), "SHOW statement_timeout").Scan(&got); err != nil || got != "0" {
		t.Fatalf("statement_timeout after the block = %q, %v; want 0", got, err)
	}
}

// TestPgxIdleInTransactionTimeout checks that a session left idle in a transaction block
// past idle_in_transaction_session_timeout is ended with FATAL 25P03, and that one idle
// outside a block is not.
func TestPgxIdleInTransactionTimeout(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "SET idle_in_transaction_session_timeout = '200ms'")
	time.Sleep(400 * time.Millisecond)
	assertUsable(t, conn)
	mustExec(t, conn, "BEGIN")
	time.Sleep(600 * time.Millisecond)
	_, err := conn.Exec(t.Context(), "SELECT 1")
	if err == nil {
		t.Fatal("the session survived idling in a transaction block past the timeout")
	}
	// The client sees the FATAL error, or, if it writes first, a failed write or read.
	if code := pgCode(err); code != "25P03" && code != "" {
		t.Fatalf("got %v, want FATAL 25P03 or a closed connection", err)
	}
	if !conn.IsClosed() {
		// pgx notices the end of the connection once it reads the FATAL error or EOF.
		if _, err := conn.Exec(t.Context(), "SELECT 1"); err == nil {
			t.Fatal("the connection still answers after the idle timeout")
		}
	}
}

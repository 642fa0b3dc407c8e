package wire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// pgxConnect connects with pgx. sslmode=prefer makes pgx open with an SSLRequest, which
// the server declines.
func pgxConnect(t *testing.T, addr string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(fmt.Sprintf("postgres://tester@%s/db?sslmode=prefer&application_name=pgx_test", addr))
	if err != nil {
		t.Fatal(err)
	}
	// Cancel statements with a CancelRequest when the context ends, as psql does on ^C.
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: 5 * time.Second}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestPgx(t *testing.T) {
	eng := &fakeEngine{batch: 1024}
	_, addr := startServer(t, eng)
	conn := pgxConnect(t, addr)
	ctx := context.Background()

	if got := conn.PgConn().ParameterStatus("server_version"); got != "15.0" {
		t.Errorf("server_version = %q", got)
	}
	if got := eng.last().startup["application_name"]; got != "pgx_test" {
		t.Errorf("application_name = %q", got)
	}

	queries := []struct {
		name string
		sql  string
		args []any
		mode pgx.QueryExecMode
		want []string
	}{
		{"extended, binary int4", "ints 5", nil, pgx.QueryExecModeCacheStatement, []string{"1", "2", "3", "4", "5"}},
		{"simple protocol", "ints 3", nil, pgx.QueryExecModeSimpleProtocol, []string{"1", "2", "3"}},
		{"parameter", "echo $1", []any{int32(41)}, pgx.QueryExecModeCacheStatement, []string{"41"}},
		{"parameter, described", "echo $1", []any{int32(7)}, pgx.QueryExecModeDescribeExec, []string{"7"}},
		{"text parameter", "echo $1", []any{int32(9)}, pgx.QueryExecModeExec, []string{"9"}},
		{"null parameter", "echo $1", []any{nil}, pgx.QueryExecModeCacheStatement, []string{"<nil>"}},
		{"text and nulls", "pairs", nil, pgx.QueryExecModeCacheStatement, []string{"1 alpha", "2 <nil>", "3 gamma"}},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			rows, err := conn.Query(ctx, q.sql, append([]any{q.mode}, q.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				vals, err := rows.Values()
				if err != nil {
					t.Fatal(err)
				}
				var parts []string
				for _, v := range vals {
					parts = append(parts, fmt.Sprint(v))
				}
				got = append(got, strings.Join(parts, " "))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, q.want) {
				t.Errorf("got %q, want %q", got, q.want)
			}
		})
	}

	t.Run("large result streams", func(t *testing.T) {
		// Many times the flush threshold, in both protocols.
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
			rows, err := conn.Query(ctx, "ints 200000", mode)
			if err != nil {
				t.Fatal(err)
			}
			var n, sum int64
			for rows.Next() {
				var v int32
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				n++
				sum += int64(v)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n != 200000 || sum != 200000*200001/2 || rows.CommandTag().String() != "SELECT 200000" {
				t.Errorf("mode %v: %d rows, sum %d, tag %q", mode, n, sum, rows.CommandTag())
			}
		}
	})

	t.Run("exec multi-statement", func(t *testing.T) {
		tag, err := conn.Exec(ctx, "insert; insert")
		if err != nil || tag.String() != "INSERT 0 1" {
			t.Errorf("got %q, %v", tag, err)
		}
	})

	t.Run("error fields", func(t *testing.T) {
		_, err := conn.Exec(ctx, "fail")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Fatalf("got %v, want a PgError", err)
		}
		if pe.Severity != "ERROR" || pe.Code != "22012" || pe.Message != "division by zero" ||
			pe.Detail != "some detail" || pe.Hint != "some hint" || pe.Position != 8 {
			t.Errorf("got %+v", pe)
		}
		var one int32
		if err := conn.QueryRow(ctx, "ints 1").Scan(&one); err != nil || one != 1 {
			t.Errorf("after error: %d, %v", one, err)
		}
	})

	t.Run("transaction status", func(t *testing.T) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s := conn.PgConn().TxStatus(); s != 'T' {
			t.Errorf("in transaction: %c", s)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if s := conn.PgConn().TxStatus(); s != 'I' {
			t.Errorf("after rollback: %c", s)
		}
	})

	t.Run("parameter status", func(t *testing.T) {
		if _, err := conn.Exec(ctx, "set TimeZone Asia/Tokyo"); err != nil {
			t.Fatal(err)
		}
		if got := conn.PgConn().ParameterStatus("TimeZone"); got != "Asia/Tokyo" {
			t.Errorf("TimeZone = %q", got)
		}
	})

	t.Run("copy from", func(t *testing.T) {
		rows := [][]any{{int32(1), "a"}, {int32(2), nil}, {int32(3), "c"}}
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "name"}, pgx.CopyFromRows(rows))
		if err != nil || n != 3 {
			t.Errorf("got %d, %v", n, err)
		}
	})

	t.Run("copy to", func(t *testing.T) {
		var buf bytes.Buffer
		tag, err := conn.PgConn().CopyTo(ctx, &buf, "copy out")
		if err != nil || tag.String() != "COPY 2" || buf.String() != "1\tone\n2\ttwo\n" {
			t.Errorf("got %q, %q, %v", tag, buf.String(), err)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := conn.Exec(ctx, "slow")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
			t.Fatalf("got %v, want 57014", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("cancel took %v", d)
		}
		var one int32
		if err := conn.QueryRow(context.Background(), "ints 1").Scan(&one); err != nil || one != 1 {
			t.Errorf("after cancel: %d, %v", one, err)
		}
	})
}

package regress

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// connectDB connects to database db of the server instead of the regression database.
func (s *pgxServer) connectDB(t *testing.T, db string) (*pgx.Conn, error) {
	t.Helper()
	cfg, err := pgx.ParseConfig(s.url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Database = db
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		t.Cleanup(func() { conn.Close(context.Background()) })
	}
	return conn, err
}

// TestPgxDatabasesInUse checks what only several sessions show (psql's one session cannot):
// a database another session uses cannot be dropped, renamed or copied, with PostgreSQL's
// errors, until DROP DATABASE ... WITH (FORCE) ends that session; its catalog is its own.
// With -target it checks the same against PostgreSQL.
func TestPgxDatabasesInUse(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	for _, sql := range []string{"DROP DATABASE IF EXISTS regress_pgx_db WITH (FORCE)", "DROP DATABASE IF EXISTS regress_pgx_copy",
		"CREATE DATABASE regress_pgx_db"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	other, err := srv.connectDB(t, "regress_pgx_db")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(ctx, "CREATE TABLE regress_pgx_only_here (x int)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname = 'regress_pgx_only_here'").Scan(&n); err != nil || n != 0 {
		t.Errorf("the regression database sees %d tables of another database (%v)", n, err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'regress_pgx_db'").Scan(&n); err != nil || n != 1 {
		t.Errorf("pg_stat_activity lists %d sessions of regress_pgx_db (%v), want 1", n, err)
	}
	const busy = "There is 1 other session using the database."
	for _, c := range []struct{ sql, msg string }{
		{"DROP DATABASE regress_pgx_db", `database "regress_pgx_db" is being accessed by other users`},
		{"ALTER DATABASE regress_pgx_db RENAME TO regress_pgx_renamed", `database "regress_pgx_db" is being accessed by other users`},
		{"CREATE DATABASE regress_pgx_copy TEMPLATE regress_pgx_db", `source database "regress_pgx_db" is being accessed by other users`},
	} {
		_, err := conn.Exec(ctx, c.sql)
		pgErr, ok := errors.AsType[*pgconn.PgError](err)
		if !ok || pgErr.Code != "55006" || pgErr.Message != c.msg || pgErr.Detail != busy {
			t.Errorf("%s: got %v, want 55006 %q with detail %q", c.sql, err, c.msg, busy)
		}
	}
	if _, err := conn.Exec(ctx, "DROP DATABASE regress_pgx_db WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	if err := other.Ping(ctx); err == nil {
		t.Error("the session of a database dropped WITH (FORCE) still works")
	}
	_, err = srv.connectDB(t, "regress_pgx_db")
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != "3D000" || pgErr.Message != `database "regress_pgx_db" does not exist` || pgErr.Severity != "FATAL" {
		t.Errorf("connect to a dropped database: got %v, want FATAL 3D000", err)
	}
}

package app_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
)

// connectTo connects as user postgres to database db of a.
func connectTo(t *testing.T, a *app.App, db string) (*pgx.Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", a.Addr().(*net.TCPAddr), db))
	if err == nil {
		t.Cleanup(func() { conn.Close(context.Background()) })
	}
	return conn, err
}

func mustConnect(t *testing.T, a *app.App, db string) *pgx.Conn {
	t.Helper()
	conn, err := connectTo(t, a, db)
	if err != nil {
		t.Fatalf("connect to %s: %v", db, err)
	}
	return conn
}

// wantError checks that err is a PostgreSQL error with the code, message and detail.
func wantError(t *testing.T, what string, err error, code, msg, detail string) {
	t.Helper()
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != code || pgErr.Message != msg || pgErr.Detail != detail {
		t.Errorf("%s: got %v, want %s %q (detail %q)", what, err, code, msg, detail)
	}
}

func run(t *testing.T, conn *pgx.Conn, sqls ...string) {
	t.Helper()
	for _, sql := range sqls {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// TestDatabases creates databases, checks that each has its own catalog and rows while
// roles are shared, and the errors of connecting, dropping and creating as PostgreSQL
// gives them.
func TestDatabases(t *testing.T) {
	a := start(t, t.TempDir())
	ctx := t.Context()
	pg := mustConnect(t, a, "postgres")
	run(t, pg, "CREATE TABLE t (x int)", "INSERT INTO t VALUES (1)", "CREATE DATABASE one", "CREATE DATABASE two TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
	one, two := mustConnect(t, a, "one"), mustConnect(t, a, "two")
	run(t, one, "CREATE TABLE t (x text)", "INSERT INTO t VALUES ('one'), ('uno')", "CREATE ROLE shared_role")
	var n int
	if err := two.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname = 't'").Scan(&n); err != nil || n != 0 {
		t.Errorf("database two sees %d tables t (%v), want 0", n, err)
	}
	if err := one.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 2 {
		t.Errorf("database one has %d rows (%v), want 2", n, err)
	}
	if err := pg.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("database postgres has %d rows (%v), want 1", n, err)
	}
	// Roles are the cluster's.
	if err := two.QueryRow(ctx, "SELECT count(*) FROM pg_roles WHERE rolname = 'shared_role'").Scan(&n); err != nil || n != 1 {
		t.Errorf("database two sees %d roles shared_role (%v), want 1", n, err)
	}
	var db string
	if err := one.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil || db != "one" {
		t.Errorf("current_database() = %q (%v), want one", db, err)
	}
	var names string
	if err := pg.QueryRow(ctx, "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database").Scan(&names); err != nil ||
		names != "one,postgres,template0,template1,two" {
		t.Errorf("pg_database lists %q (%v)", names, err)
	}

	_, err := connectTo(t, a, "nosuch")
	wantError(t, "connect to nosuch", err, "3D000", `database "nosuch" does not exist`, "")
	_, err = connectTo(t, a, "template0")
	wantError(t, "connect to template0", err, "55000", `database "template0" is not currently accepting connections`, "")

	_, err = pg.Exec(ctx, "CREATE DATABASE one")
	wantError(t, "create one again", err, "42P04", `database "one" already exists`, "")
	_, err = pg.Exec(ctx, "CREATE DATABASE three TEMPLATE one")
	wantError(t, "copy a used database", err, "55006", `source database "one" is being accessed by other users`, "There is 1 other session using the database.")
	_, err = pg.Exec(ctx, "DROP DATABASE one")
	wantError(t, "drop a used database", err, "55006", `database "one" is being accessed by other users`, "There is 1 other session using the database.")
	_, err = pg.Exec(ctx, "DROP DATABASE postgres")
	wantError(t, "drop the current database", err, "55006", "cannot drop the currently open database", "")
	_, err = pg.Exec(ctx, "DROP DATABASE nosuch")
	wantError(t, "drop a missing database", err, "3D000", `database "nosuch" does not exist`, "")
	_, err = pg.Exec(ctx, "DROP DATABASE template1")
	wantError(t, "drop a template", err, "42809", "cannot drop a template database", "")
	tx, err := pg.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(ctx, "CREATE DATABASE four")
	wantError(t, "create in a block", err, "25001", "CREATE DATABASE cannot run inside a transaction block", "")
	tx.Rollback(ctx)
	run(t, pg, "CREATE ROLE nocreate LOGIN", "SET ROLE nocreate")
	_, err = pg.Exec(ctx, "CREATE DATABASE five")
	wantError(t, "create without CREATEDB", err, "42501", "permission denied to create database", "")
	_, err = pg.Exec(ctx, "DROP DATABASE two")
	wantError(t, "drop by another owner", err, "42501", "must be owner of database two", "")
	run(t, pg, "RESET ROLE")

	// Connecting takes the CONNECT privilege.
	run(t, pg, "CREATE DATABASE locked", "REVOKE CONNECT ON DATABASE locked FROM PUBLIC", "CREATE ROLE visitor LOGIN")
	addr := a.Addr().(*net.TCPAddr)
	_, err = pgx.Connect(ctx, fmt.Sprintf("postgres://visitor@%s/locked?sslmode=disable", addr))
	wantError(t, "connect without CONNECT", err, "42501", `permission denied for database "locked"`, "User does not have CONNECT privilege.")
	run(t, pg, "GRANT CONNECT ON DATABASE locked TO visitor")
	visitor, err := pgx.Connect(ctx, fmt.Sprintf("postgres://visitor@%s/locked?sslmode=disable", addr))
	if err != nil {
		t.Fatalf("connect with CONNECT: %v", err)
	}
	visitor.Close(ctx)

	// A database copied from one that nobody uses has its tables and rows.
	one.Close(ctx)
	waitUnused(t, pg, "one")
	run(t, pg, "CREATE DATABASE three TEMPLATE one")
	three := mustConnect(t, a, "three")
	var got string
	if err := three.QueryRow(ctx, "SELECT string_agg(x, ',' ORDER BY x) FROM t").Scan(&got); err != nil || got != "one,uno" {
		t.Errorf("the copy of one holds %q (%v), want one,uno", got, err)
	}

	// WITH (FORCE) ends the sessions using the database.
	run(t, pg, "DROP DATABASE three WITH (FORCE)")
	if err := three.Ping(ctx); err == nil {
		t.Error("a session of a dropped database still works")
	}
	if _, err := connectTo(t, a, "three"); err == nil {
		t.Error("connected to a dropped database")
	}
	two.Close(ctx)
	waitUnused(t, pg, "two")
	run(t, pg, "DROP DATABASE IF EXISTS three", "ALTER DATABASE two RENAME TO deux")
	if _, err := connectTo(t, a, "deux"); err != nil {
		t.Errorf("connect to renamed database: %v", err)
	}
}

// waitUnused waits until no session uses database db: a client's Close does not wait for
// the server to end its session.
func waitUnused(t *testing.T, conn *pgx.Conn, db string) {
	t.Helper()
	for range 500 {
		var n int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", db).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("database %s still in use", db)
}

// TestDatabasesSurviveRestart checks that created, altered and dropped databases, with
// their tables, are as they were after a restart on the same data directory.
func TestDatabasesSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir)
	pg := mustConnect(t, a, "postgres")
	run(t, pg, "CREATE DATABASE kept", "CREATE DATABASE gone", "DROP DATABASE gone",
		"ALTER DATABASE kept SET search_path = other, public", "COMMENT ON DATABASE kept IS 'kept here'")
	kept := mustConnect(t, a, "kept")
	run(t, kept, "CREATE SCHEMA other", "CREATE TABLE other.t (x int)", "INSERT INTO other.t VALUES (7)")
	kept.Close(t.Context())
	pg.Close(t.Context())
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b := start(t, dir)
	kept = mustConnect(t, b, "kept")
	var x int
	if err := kept.QueryRow(t.Context(), "SELECT x FROM t").Scan(&x); err != nil || x != 7 {
		t.Errorf("after restart t holds %d (%v), want 7 (found through the database's search_path)", x, err)
	}
	var comment string
	if err := kept.QueryRow(t.Context(), "SELECT description FROM pg_shdescription d JOIN pg_database b ON b.oid = d.objoid WHERE datname = 'kept'").Scan(&comment); err != nil || comment != "kept here" {
		t.Errorf("comment after restart = %q (%v)", comment, err)
	}
	if _, err := connectTo(t, b, "gone"); err == nil {
		t.Error("a dropped database is back after restart")
	}
}

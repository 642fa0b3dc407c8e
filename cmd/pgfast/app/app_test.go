package app_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire"
)

func start(t *testing.T, dir string) *app.App {
	t.Helper()
	a, err := app.Start(app.Config{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func connect(t *testing.T, a *app.App) *pgx.Conn {
	t.Helper()
	addr := a.Addr().(*net.TCPAddr)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@%s/postgres?sslmode=disable", addr))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestStartServeRestart starts a server on a free port, writes through it, restarts it on
// the same data directory and reads the data back.
func TestStartServeRestart(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir)
	if port := a.Addr().(*net.TCPAddr).Port; port == 0 {
		t.Fatal("Addr reports port 0")
	}
	conn := connect(t, a)
	ctx := t.Context()
	for _, sql := range []string{"CREATE TABLE app_t (x int)", "INSERT INTO app_t VALUES (1), (2), (3)"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	conn.Close(ctx)
	if err := a.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	b := start(t, dir)
	var sum int64
	if err := connect(t, b).QueryRow(ctx, "SELECT sum(x) FROM app_t").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 6 {
		t.Errorf("sum after restart = %d, want 6", sum)
	}
}

// TestShutdownClosesConnections checks that Shutdown ends open connections and stops
// accepting new ones.
func TestShutdownClosesConnections(t *testing.T) {
	a := start(t, t.TempDir())
	conn := connect(t, a)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := conn.Ping(ctx); err == nil {
		t.Error("connection still answers after Shutdown")
	}
	if c, err := net.DialTimeout("tcp", a.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("server still accepts connections after Shutdown")
	}
}

func TestStartErrors(t *testing.T) {
	if _, err := app.Start(app.Config{Listen: "127.0.0.1:0"}); err == nil {
		t.Error("Start without a data directory: no error")
	}
	a := start(t, t.TempDir())
	if _, err := app.Start(app.Config{Listen: a.Addr().String(), DataDir: t.TempDir()}); err == nil {
		t.Error("Start on a port in use: no error")
	}
}

// TestTxStatusBytes checks that the session's transaction states are ReadyForQuery's bytes,
// which the wire adapter passes through unchanged.
func TestTxStatusBytes(t *testing.T) {
	for _, c := range []struct {
		s session.TxStatus
		w wire.TxStatus
	}{{session.TxIdle, wire.TxIdle}, {session.TxActive, wire.TxActive}, {session.TxFailed, wire.TxFailed}} {
		if byte(c.s) != byte(c.w) {
			t.Errorf("session state %c is wire state %c", c.s, c.w)
		}
	}
}

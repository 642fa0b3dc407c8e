package regress

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
)

var (
	serverLogOnce sync.Once
	serverLogW    *os.File
)

// serverLogger returns the logger of in-process servers: all of them append to
// results/pgfast.log, which outlives the tests (unlike t.Log, which must not be called once a
// test ends, and a connection goroutine may still log while it winds down).
func serverLogger(t testing.TB) *slog.Logger {
	return serverLoggerAt(t, slog.LevelDebug)
}

// serverLoggerAt is serverLogger keeping only records of level or above.
func serverLoggerAt(t testing.TB, level slog.Level) *slog.Logger {
	serverLogOnce.Do(func() {
		if err := os.MkdirAll("results", 0o755); err != nil {
			return
		}
		serverLogW, _ = os.Create(filepath.Join("results", "pgfast.log"))
	})
	if serverLogW == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(serverLogW, &slog.HandlerOptions{Level: level})).
		With("test", t.Name())
}

// startServer starts pgfast in process on a free local port over dataDir, and stops it when
// the test ends.
func startServer(t testing.TB, dataDir string) *app.App {
	t.Helper()
	a, err := app.Start(app.Config{Listen: "127.0.0.1:0", DataDir: dataDir, Logger: serverLogger(t)})
	if err != nil {
		t.Fatalf("start pgfast: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("stop pgfast: %v", err)
		}
	})
	createRegressionDB(t, a)
	return a
}

// startBenchServer starts pgfast for a benchmark as the command runs it, and returns the
// connection string of its Unix-domain socket. The server logs as it does by default (info),
// not every statement, as PostgreSQL's log_statement is none by default; it governs the Go
// runtime's memory limit as the command does (GovernGC); and clients reach it over a Unix
// socket, as they reach a PostgreSQL server whose DSN names a socket directory, so that
// both sides of a comparison pay the same way in.
func startBenchServer(b *testing.B, dataDir string) string {
	b.Helper()
	// A directory of its own, short: socket paths are limited to about a hundred bytes.
	sockDir, err := os.MkdirTemp("", "pgfb")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(sockDir) })
	a, err := app.Start(app.Config{Listen: "127.0.0.1:0", DataDir: dataDir, SocketDirs: []string{sockDir},
		GovernGC: true, Logger: serverLoggerAt(b, slog.LevelInfo)})
	if err != nil {
		b.Fatalf("start pgfast: %v", err)
	}
	b.Cleanup(func() {
		if err := a.Close(); err != nil {
			b.Errorf("stop pgfast: %v", err)
		}
	})
	createRegressionDB(b, a)
	_, port := hostPort(a)
	return fmt.Sprintf("postgres://postgres@/%s?host=%s&port=%s", RegressionDB, sockDir, port)
}

// createRegressionDB creates the database the tests connect to, RegressionDB, unless the
// server's data directory has it already, as pg_regress creates it in a new cluster.
func createRegressionDB(t testing.TB, a *app.App) {
	t.Helper()
	host, port := hostPort(a)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@%s:%s/postgres?sslmode=disable", host, port))
	if err != nil {
		t.Fatalf("connect to database postgres: %v", err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", RegressionDB).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+RegressionDB); err != nil {
			t.Fatalf("create database %s: %v", RegressionDB, err)
		}
	}
}

// hostPort splits a server's address for psql's -h and -p.
func hostPort(a *app.App) (host, port string) {
	addr := a.Addr().(*net.TCPAddr)
	return addr.IP.String(), fmt.Sprint(addr.Port)
}

// connString is the pgx connection string of a server.
func connString(a *app.App) string {
	host, port := hostPort(a)
	return fmt.Sprintf("postgres://postgres@%s:%s/%s?sslmode=disable", host, port, RegressionDB)
}

// pgxServer is what a pgx test talks to: pgfast in process over a fresh data directory, or,
// with -target, the given PostgreSQL (to check that the tests assert PostgreSQL's behaviour).
type pgxServer struct {
	dataDir string
	app     *app.App // nil with -target
	url     string
}

var (
	targetOnce sync.Once
	targetURL  string
	targetErr  error
)

// newPgxServer starts a server for one test.
func newPgxServer(t *testing.T) *pgxServer {
	t.Helper()
	if *targetFlag != "" {
		targetOnce.Do(func() { targetURL, targetErr = PrepareTarget(t.Context(), *targetFlag) })
		if targetErr != nil {
			t.Fatal(targetErr)
		}
		return &pgxServer{url: targetURL}
	}
	s := &pgxServer{dataDir: t.TempDir()}
	s.app = startServer(t, s.dataDir)
	s.url = connString(s.app)
	return s
}

// restart stops the server gracefully and starts it again over the same data directory.
// Against a -target server it does nothing: its durability is not what is tested.
func (s *pgxServer) restart(t *testing.T) {
	t.Helper()
	if s.app == nil {
		t.Log("-target: not restarting the target server")
		return
	}
	if err := s.app.Close(); err != nil {
		t.Fatalf("stop pgfast: %v", err)
	}
	s.app = startServer(t, s.dataDir)
	s.url = connString(s.app)
}

package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/cluster"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/indexkey"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/executor/spill"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/storage"
	"github.com/pgfast/pgfast/udf"
	"github.com/pgfast/pgfast/wire"
)

// DefaultShutdownTimeout bounds how long Close waits for connections to finish before it
// closes the store anyway.
const DefaultShutdownTimeout = 10 * time.Second

// Config is what a server needs to start.
type Config struct {
	// Listen is the TCP address to listen on, host:port. Port 0 picks a free port; Addr
	// reports which.
	Listen string
	// DataDir is the directory holding the tables. It is created if missing.
	DataDir string
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// Workers bounds the goroutines one statement's parallel operators use; 0 means
	// GOMAXPROCS.
	Workers int
	// TLS, when set, lets clients encrypt their connections (SSLRequest is accepted).
	TLS *tls.Config
	// Credentials, when set, makes every client authenticate with SCRAM-SHA-256, with the
	// password of its role (CREATE ROLE ... PASSWORD) or else the one Credentials holds;
	// otherwise every client is trusted.
	Credentials wire.Credentials
	// RequirePasswords makes every client authenticate with SCRAM-SHA-256 against its
	// role's password, with no Credentials.
	RequirePasswords bool
	// MemoryLimit bounds the memory running statements may hold together, in bytes; 0
	// means DefaultMemoryLimit. Statements over it spill to temporary files under the data
	// directory or fail with 53200.
	MemoryLimit int64
	// GovernGC keeps the Go runtime's soft memory limit (a process-wide setting) in step
	// with MemoryLimit and the live heap, so that garbage does not take the process far
	// past it; set it when the server is the process's only one (the command does).
	GovernGC bool
	// SocketDirs are directories to listen on a Unix-domain socket in besides Listen, as
	// PostgreSQL's unix_socket_directories: the socket of port P is .s.PGSQL.P (P being
	// the TCP port Listen bound), beside its lock file .s.PGSQL.P.lock. None by default.
	SocketDirs []string
	// FileDirs, when set, are the only directories whose files foreign tables, read_csv
	// and read_parquet may read; otherwise they read any file the process can.
	FileDirs []string
}

// App is a running server.
type App struct {
	log    *slog.Logger
	store  *cluster.Cluster // the databases, each with its store
	srv    *wire.Server
	ln     net.Listener
	socks  []*unixSocket
	served chan error // receives each Serve's result once it returns
	stopGC context.CancelFunc

	once     sync.Once
	closeErr error
}

// Start opens the store in cfg.DataDir, builds the engine and starts serving on cfg.Listen.
// When it returns without error the server is accepting connections at Addr.
func Start(cfg Config) (*App, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if cfg.DataDir == "" {
		return nil, errors.New("app: no data directory configured")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("app: create data directory: %w", err)
	}

	memLimit := cfg.MemoryLimit
	if memLimit <= 0 {
		memLimit = DefaultMemoryLimit()
	}
	pool := budget.NewPool(memLimit)
	// Table rows cached in memory take at most half the memory limit, charged to the same
	// pool as queries, which take it back when they need it.
	cacheAcct := pool.NewQuery(budget.Limits{}).NewAccount(budget.Buffer)
	reg := catalog.NewRegistry()
	udf.Register(reg)
	store, err := cluster.Open(cfg.DataDir, storage.WithCache(memLimit/2, cacheAcct),
		storage.WithIndexKeyer(indexkey.New(reg, memory.DefaultAllocator)))
	if err != nil {
		return nil, fmt.Errorf("app: open storage in %s: %w", cfg.DataDir, err)
	}
	pool.SetReclaimer(func(n int64) int64 {
		var got int64
		for _, st := range store.Stores() {
			if got >= n {
				break
			}
			got += st.ReclaimCache(n - got)
		}
		return got
	})
	for _, e := range reg.Extensions() {
		if e.Open == nil {
			continue
		}
		if err := e.Open(cfg.DataDir); err != nil {
			return nil, errors.Join(fmt.Errorf("app: extension %s: %w", e.Name, err), store.Close())
		}
	}
	tmp, err := spill.Open(filepath.Join(cfg.DataDir, TempDir))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("app: %w", err), store.Close())
	}
	eng := &clusterEngine{c: store, pool: pool, engines: map[types.OID]*session.Engine{}, newEngine: func(st *storage.Store) *session.Engine {
		return session.NewEngine(storeAdapter{st}, reg, workers,
			session.WithMemory(pool), session.WithSpill(tmp), session.WithFileDirs(cfg.FileDirs))
	}}
	opts := []wire.Option{wire.WithLogger(log)}
	if cfg.TLS != nil {
		opts = append(opts, wire.WithTLS(cfg.TLS))
	}
	creds := roleCredentials{store: store.Root(), file: cfg.Credentials}
	if cfg.Credentials != nil || cfg.RequirePasswords {
		opts = append(opts, wire.WithCredentials(creds))
	}
	opts = append(opts, wire.WithLoginCheck(creds))
	srv := wire.NewServer(eng, opts...)

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("app: listen on %s: %w", cfg.Listen, err), store.Close())
	}
	port := ln.Addr().(*net.TCPAddr).Port
	var socks []*unixSocket
	for _, dir := range cfg.SocketDirs {
		u, err := listenUnix(dir, port, cfg.DataDir)
		if err != nil {
			for _, u := range socks {
				err = errors.Join(err, u.ln.Close(), u.release())
			}
			return nil, errors.Join(fmt.Errorf("app: %w", err), ln.Close(), store.Close())
		}
		socks = append(socks, u)
	}
	a := &App{log: log, store: store, srv: srv, ln: ln, socks: socks, served: make(chan error, 1+len(socks)), stopGC: func() {}}
	if cfg.GovernGC {
		var gcCtx context.Context
		gcCtx, a.stopGC = context.WithCancel(context.Background())
		go governMemory(gcCtx, eng.Memory())
	}
	go func() { a.served <- srv.Serve(ln) }()
	for _, u := range socks {
		go func() { a.served <- srv.Serve(u.ln) }()
	}
	log.Info("listening", "addr", ln.Addr().String(), "data", cfg.DataDir, "workers", workers,
		"memory_limit", budget.Size(memLimit))
	for _, u := range socks {
		log.Info("listening", "socket", u.ln.Addr().String())
	}
	return a, nil
}

// Addr returns the address the server listens on.
func (a *App) Addr() net.Addr { return a.ln.Addr() }

// Shutdown stops the server gracefully: no new connections, running statements cancelled,
// connections closed. If ctx ends first the connections are dropped anyway. The store is
// closed last. Later calls return the first call's result.
func (a *App) Shutdown(ctx context.Context) error {
	a.once.Do(func() {
		shutErr := a.srv.Shutdown(ctx)
		// Serve returns once the listener is closed; waiting for it makes sure no new
		// session can reach the store after it is closed.
		var serveErr error
	wait:
		for range 1 + len(a.socks) {
			select {
			case err := <-a.served:
				serveErr = errors.Join(serveErr, err)
			case <-ctx.Done():
				serveErr = errors.Join(serveErr, fmt.Errorf("app: server did not stop: %w", ctx.Err()))
				break wait
			}
		}
		// The socket files went with their listeners; their lock files go now.
		var lockErr error
		for _, u := range a.socks {
			lockErr = errors.Join(lockErr, u.release())
		}
		a.stopGC()
		storeErr := a.store.Close()
		a.closeErr = errors.Join(shutErr, serveErr, lockErr, storeErr)
		a.log.Info("stopped", "addr", a.ln.Addr().String())
	})
	return a.closeErr
}

// Close is Shutdown with DefaultShutdownTimeout.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), DefaultShutdownTimeout)
	defer cancel()
	return a.Shutdown(ctx)
}

// storeAdapter lets *storage.Store serve as a session.Store: storage cannot import the
// executor, so its Begin returns the concrete *storage.Txn.
type storeAdapter struct{ *storage.Store }

var _ session.Store = storeAdapter{}

// The store's sequence counters serve nextval and setval.
var _ session.SequenceStore = storeAdapter{}

// executor.Txn is satisfied by the concrete storage transaction.
var _ executor.Txn = (*storage.Txn)(nil)

// Begin implements session.Store.
func (a storeAdapter) Begin() executor.Txn { return txnAdapter{a.Store.Begin()} }

// txnAdapter gives a storage transaction the executor's lazy scans (executor.TableScanner),
// whose types storage cannot name; every other method is the transaction's own.
type txnAdapter struct{ *storage.Txn }

var _ executor.TableScanner = txnAdapter{}

// ScanTable implements executor.TableScanner.
func (t txnAdapter) ScanTable(scan *planner.Scan) (executor.TableScan, error) {
	var (
		cols   []int
		at     = make([]int, len(scan.Cols)) // each scan column's place among cols
		rowIDs bool
	)
	for i, c := range scan.Cols {
		at[i] = len(cols)
		if c == planner.RowIDCol {
			rowIDs = true
			continue
		}
		cols = append(cols, c)
	}
	var bounds []storage.Bound
	for _, b := range scan.Bounds {
		if scan.Cols[b.Col] != planner.RowIDCol {
			bounds = append(bounds, storage.Bound{Col: at[b.Col], Lo: b.Lo, Hi: b.Hi})
		}
	}
	ts, err := t.Txn.Scan(scan.Table.OID, cols, rowIDs, bounds)
	if err != nil {
		return nil, err
	}
	return scanAdapter{ts}, nil
}

// scanAdapter reports a storage scan's counts as the executor's.
type scanAdapter struct{ *storage.TableScan }

// Read implements executor.TableScan.
func (s scanAdapter) Read() executor.FilesRead {
	c := s.Counts()
	return executor.FilesRead{Files: c.Files, RowGroups: c.RowGroups, RowGroupsSkipped: c.RowGroupsSkipped, Bytes: c.Bytes}
}

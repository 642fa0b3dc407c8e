package wire

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Server accepts PostgreSQL client connections and serves each one from its own goroutine
// against a Session of its Engine.
type Server struct {
	engine    Engine
	tls       *tls.Config // nil: SSLRequest is declined
	creds     Credentials // nil: every client is trusted
	login     LoginChecker
	log       *slog.Logger
	appenders appenderFactory

	// ctx is the parent of every connection's context. Shutdown cancels it with
	// errAdminShutdown as the cause, which is what running statements then report.
	ctx    context.Context
	cancel context.CancelCauseFunc

	closing atomic.Bool
	mu      sync.Mutex
	lns     map[net.Listener]struct{}
	conns   map[*conn]struct{}
	keys    map[uint32]*conn // BackendKeyData process id -> connection, for CancelRequest
	wg      sync.WaitGroup   // connection goroutines
	notify  channelRegistry  // LISTEN: who listens on which channel
}

// Option configures a Server.
type Option func(*Server)

// WithTLS accepts SSLRequest and encrypts connections with cfg.
func WithTLS(cfg *tls.Config) Option {
	return func(s *Server) { s.tls = cfg }
}

// WithLogger sets the logger (default: slog.Default()). Connects and disconnects are logged
// at info level, each statement at debug level, internal errors and panics at warn level.
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) {
		if l != nil {
			s.log = l
		}
	}
}

// NewServer returns a server that runs statements on sessions of engine.
func NewServer(engine Engine, opts ...Option) *Server {
	s := &Server{
		engine:    engine,
		log:       slog.Default(),
		appenders: typesAppender,
		lns:       map[net.Listener]struct{}{},
		conns:     map[*conn]struct{}{},
		keys:      map[uint32]*conn{},
	}
	s.ctx, s.cancel = context.WithCancelCause(context.Background())
	for _, o := range opts {
		o(s)
	}
	return s
}

// errAdminShutdown ends statements and sessions when the server shuts down, as PostgreSQL's
// fast shutdown does.
var errAdminShutdown = fatalError(pgcode.AdminShutdown, "terminating connection due to administrator command")

// errQueryCanceled is the cause given to a statement's context by a CancelRequest.
var errQueryCanceled = pgerror.New(pgcode.QueryCanceled, "canceling statement due to user request")

// errStatementTimeout is the cause given to a statement's context when statement_timeout
// passes.
var errStatementTimeout = pgerror.New(pgcode.QueryCanceled, "canceling statement due to statement timeout")

// errIdleInTransaction ends a connection left idle in a transaction block for longer than
// idle_in_transaction_session_timeout; errIdleSession one left idle outside a block for
// longer than idle_session_timeout.
var (
	errIdleInTransaction = fatalError(pgcode.IdleInTransactionSessionTimeout, "terminating connection due to idle-in-transaction timeout")
	errIdleSession       = fatalError(pgcode.IdleSessionTimeout, "terminating connection due to idle-session timeout")
)

func fatalError(code pgcode.Code, msg string) error {
	e := pgerror.New(code, msg)
	e.Severity = "FATAL"
	return e
}

// Serve accepts connections on ln until Shutdown, then returns nil. It closes ln when it
// returns. Serve may be called for several listeners at once.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.lns[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.lns, ln)
		s.mu.Unlock()
		ln.Close()
	}()

	var backoff time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				// Out of file descriptors and the like: wait rather than spin or give up.
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.log.Warn("accept failed; retrying", "err", err, "delay", backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		c := newConn(s, nc)
		s.mu.Lock()
		if s.closing.Load() {
			s.mu.Unlock()
			nc.Close()
			return nil
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			c.serve()
		}()
	}
}

// Shutdown stops accepting connections, cancels running statements and closes every
// connection, sending idle clients PostgreSQL's FATAL 57P01. It waits for the connection
// goroutines until ctx is done; then it closes the remaining sockets and returns ctx.Err().
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	for ln := range s.lns {
		ln.Close()
	}
	s.cancel(errAdminShutdown)
	for c := range s.conns {
		c.wake()
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.nc.Close()
		}
		s.mu.Unlock()
		<-done
		return ctx.Err()
	}
}

// register gives c a fresh random cancel key and makes it reachable by CancelRequest.
func (s *Server) register(c *conn) {
	var b [8]byte
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		// Process ids stay positive int32s: libpq and drivers hold them as signed ints.
		pid := binary.BigEndian.Uint32(b[:4]) & 0x7fffffff
		if pid == 0 || s.keys[pid] != nil {
			continue
		}
		c.pid, c.secret = pid, b[4:8:8]
		s.keys[pid] = c
		return
	}
}

// forget removes c from the server's tables.
func (s *Server) forget(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if c.pid != 0 && s.keys[c.pid] == c {
		delete(s.keys, c.pid)
	}
}

// cancelRequest cancels the statement running on the connection with the given key. As in
// PostgreSQL, a wrong key or an idle connection makes it a no-op, and the requester learns
// nothing either way.
func (s *Server) cancelRequest(pid uint32, secret []byte) {
	s.mu.Lock()
	c := s.keys[pid]
	s.mu.Unlock()
	if c == nil || subtle.ConstantTimeCompare(c.secret, secret) != 1 {
		s.log.Debug("cancel request for unknown backend", "pid", pid)
		return
	}
	if c.cancelRunning() {
		s.log.Debug("statement canceled by request", "pid", pid)
	}
}

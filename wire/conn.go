package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// flushSize is the amount of buffered output after which the connection writes to the
// socket in the middle of a statement. Large enough that a result costs few system calls,
// small enough that the client starts decoding early and memory stays bounded.
const flushSize = 64 << 10

// maxMessageLen bounds one frontend message, as PostgreSQL's 1 GB allocation limit does.
const maxMessageLen = 1<<30 - 1

// conn is one client connection. Everything but cancelRunning and wake runs on the
// connection's own goroutine, which owns the socket, the session, statements and portals.
type conn struct {
	srv     *Server
	nc      net.Conn
	tls     bool // the connection was upgraded to TLS
	log     *slog.Logger
	be      *pgproto3.Backend
	started time.Time

	ctx    context.Context // cancelled when the connection ends or the server shuts down
	cancel context.CancelCauseFunc

	sess     Session
	user     string
	database string
	pid      uint32
	secret   []byte

	out  []byte // encoded backend messages not yet written
	dead error  // the socket failed (client gone): stop reading and writing

	stmts          map[string]*prepared
	portals        map[string]*portal
	ignoreTillSync bool              // an extended-protocol message failed: skip to Sync
	pendingParams  map[string]string // ParameterStatus to report before ReadyForQuery
	idle           bool              // ReadyForQuery was sent: the next read waits for a command

	mu         sync.Mutex
	running    context.CancelCauseFunc // cancels the statement in progress, if any
	act        activity                // what pg_stat_activity shows
	terminated atomic.Bool             // pg_terminate_backend ended the session

	channels    []string             // LISTEN channels, in the order they were added
	notes       []queuedNotification // notifications not yet sent
	queuedBytes int                  // the size of notes, to bound it
	waiting     bool                 // the connection waits idle: a notification may go at once
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{
		srv:     s,
		nc:      nc,
		log:     s.log.With("remote", nc.RemoteAddr().String()),
		started: time.Now(),
		stmts:   map[string]*prepared{},
		portals: map[string]*portal{},
	}
	c.ctx, c.cancel = context.WithCancelCause(s.ctx)
	return c
}

// serve runs the connection to its end.
func (c *conn) serve() {
	defer c.teardown()
	defer func() {
		if r := recover(); r != nil {
			c.log.Warn("panic outside a statement; closing connection", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	if !c.startup() {
		return
	}
	c.log.Info("connection started", "user", c.user, "database", c.database)
	c.loop()
}

// teardown releases everything the connection holds, whichever way it ended.
func (c *conn) teardown() {
	for name, p := range c.portals {
		p.close()
		delete(c.portals, name)
	}
	c.cancel(context.Canceled)
	c.unlistenAll()
	if c.sess != nil {
		func() {
			defer func() {
				if r := recover(); r != nil {
					c.log.Warn("panic closing session", "panic", r, "stack", string(debug.Stack()))
				}
			}()
			c.sess.Close()
		}()
		c.log.Info("connection ended", "duration", time.Since(c.started))
	}
	c.srv.forget(c)
	c.nc.Close()
}

// wake interrupts a blocked read so the connection notices the server is shutting down.
func (c *conn) wake() { c.nc.SetReadDeadline(time.Now()) }

// loop reads and dispatches messages until the client leaves or the connection fails.
func (c *conn) loop() {
	if c.be == nil {
		c.be = pgproto3.NewBackend(c.nc, c.nc)
	}
	c.be.SetMaxBodyLen(maxMessageLen)
	for c.dead == nil {
		if c.ending() {
			c.fatal(errAdminShutdown)
			return
		}
		msg, idle, err := c.receive()
		if err != nil {
			switch {
			case c.ending():
				c.fatal(errAdminShutdown)
			case idle != nil && isTimeout(err):
				c.log.Info("idle timeout", "err", idle)
				c.fatal(idle)
			case isConnError(err):
				c.log.Debug("client closed connection", "err", err)
			default:
				c.fatal(pgerror.New(pgcode.ProtocolViolation, "invalid frontend message").WithDetail(err.Error()))
			}
			return
		}
		if c.ignoreTillSync {
			switch msg.(type) {
			case *pgproto3.Sync:
			case *pgproto3.Terminate:
				return
			default:
				continue
			}
		}
		if !c.dispatch(msg) {
			return
		}
	}
}

// receive reads the next message; idle is the error that ends the connection if its idle
// timeout passed. While the connection waits idle outside a transaction block, the
// notifications queued for it are sent as they arrive, as PostgreSQL does.
func (c *conn) receive() (msg pgproto3.FrontendMessage, idle, err error) {
	notify := c.idle && c.sess.TxStatus() == TxIdle
	deadline, idle := c.armIdleTimeout()
	for {
		c.nc.SetReadDeadline(deadline) // zero: none
		if notify {
			c.setWaiting(true)
		}
		msg, err = c.be.Receive()
		if notify {
			c.setWaiting(false)
		}
		c.nc.SetReadDeadline(time.Time{})
		if err == nil || !notify || !isTimeout(err) || c.ending() || idle != nil && !time.Now().Before(deadline) {
			return msg, idle, err
		}
		// A notification woke the wait (a partly read message stays buffered).
		c.sendNotifications()
		if err := c.flush(); err != nil {
			return nil, idle, err
		}
	}
}

// armIdleTimeout returns, when the connection waits for a new command (it sent
// ReadyForQuery) and the session has an idle timeout for its transaction state, its
// deadline and the error that ends the connection when it passes.
func (c *conn) armIdleTimeout() (time.Time, error) {
	if !c.idle {
		return time.Time{}, nil
	}
	c.idle = false
	t := c.sess.Timeouts()
	d, err := t.IdleSession, errIdleSession
	if c.sess.TxStatus() != TxIdle {
		d, err = t.IdleInTransaction, errIdleInTransaction
	}
	if d <= 0 {
		return time.Time{}, nil
	}
	return time.Now().Add(d), err
}

// isTimeout reports whether err is a read deadline passing.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// dispatch handles one message; it returns false when the connection must end.
func (c *conn) dispatch(msg pgproto3.FrontendMessage) bool {
	var err error
	switch m := msg.(type) {
	case *pgproto3.Query:
		c.simpleQuery(m.String)
		return true
	case *pgproto3.Parse:
		err = c.guard(func() error { return c.parse(m) })
	case *pgproto3.Bind:
		err = c.guard(func() error { return c.bind(m) })
	case *pgproto3.Describe:
		err = c.guard(func() error { return c.describe(m) })
	case *pgproto3.Execute:
		err = c.guard(func() error { return c.executeMessage(m) })
	case *pgproto3.Close:
		err = c.guard(func() error { return c.closeMessage(m) })
	case *pgproto3.Sync:
		c.ignoreTillSync = false
		c.readyForQuery()
		return true
	case *pgproto3.Flush:
		c.flush()
		return true
	case *pgproto3.Terminate:
		return false
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Left over from a COPY FROM STDIN that failed while the client was still sending:
		// the protocol says to ignore them.
		return true
	case *pgproto3.FunctionCall:
		err = pgerror.New(pgcode.FeatureNotSupported, "fastpath function calls are not supported")
	default:
		c.fatal(pgerror.Newf(pgcode.ProtocolViolation, "invalid frontend message type %d", frontendType(msg)))
		return false
	}
	if err != nil {
		c.sendError(err)
		c.afterError()
		c.ignoreTillSync = true
	}
	return c.dead == nil
}

// guard runs one message's work, turning a panic into an internal error so one bad
// statement does not take the connection down.
func (c *conn) guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = c.panicError(r)
		}
	}()
	return f()
}

// panicError logs a recovered panic with its stack and returns the error the client sees.
func (c *conn) panicError(r any) error {
	c.log.Warn("panic in statement", "panic", r, "stack", string(debug.Stack()))
	return pgerror.Newf(pgcode.InternalError, "internal error: %v", r)
}

// setRunning records how to cancel the statement now running (nil: none).
func (c *conn) setRunning(cancel context.CancelCauseFunc) {
	c.mu.Lock()
	c.running = cancel
	c.mu.Unlock()
}

// cancelRunning cancels the running statement, if any; it is called from the goroutine of
// another connection that carried a CancelRequest.
func (c *conn) cancelRunning() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running == nil {
		return false
	}
	c.running(errQueryCanceled)
	return true
}

// send appends a message to the output buffer.
func (c *conn) send(m pgproto3.BackendMessage) {
	out, err := m.Encode(c.out)
	if err != nil {
		// Only a message over the protocol's 1 GB limit fails to encode.
		panic(fmt.Errorf("encoding %T: %w", m, err))
	}
	c.out = out
}

// flush writes the buffered output. After a write error the connection is dead and every
// later flush reports that error, which stops the statement in progress.
func (c *conn) flush() error {
	if c.dead != nil {
		c.out = c.out[:0]
		return c.dead
	}
	if len(c.out) == 0 {
		return nil
	}
	_, err := c.nc.Write(c.out)
	if cap(c.out) > 4*flushSize {
		c.out = nil // one huge value should not pin its buffer for the connection's life
	} else {
		c.out = c.out[:0]
	}
	if err != nil {
		c.dead = err
		c.log.Debug("write to client failed", "err", err)
	}
	return err
}

// maybeFlush writes the output once enough has accumulated.
func (c *conn) maybeFlush() error {
	if len(c.out) >= flushSize {
		return c.flush()
	}
	return c.dead
}

// sendError sends err as an ErrorResponse. Internal errors are logged: they are bugs.
func (c *conn) sendError(err error) {
	if c.dead != nil {
		return
	}
	e := pgerror.Flatten(err)
	if e.Code.IsInternal() {
		c.log.Warn("internal error", "err", err)
	} else {
		// As PostgreSQL's log_min_error_statement: what clients were refused, and why.
		c.log.Debug("error sent", "code", string(e.Code), "message", e.Message)
	}
	c.sendNotices()
	c.send(&pgproto3.ErrorResponse{
		Severity:            e.Severity,
		SeverityUnlocalized: e.Severity,
		Code:                string(e.Code),
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            e.Position,
		InternalPosition:    e.InternalPosition,
		InternalQuery:       e.InternalQuery,
		Where:               e.Context,
	})
	if e.Severity == "FATAL" {
		// The connection ends after a FATAL error: nothing else may follow it.
		c.flush()
		if c.dead == nil {
			c.dead = errFatalSent
		}
	}
}

// errFatalSent marks a connection that reported a FATAL error and must close.
var errFatalSent = errors.New("connection terminated by FATAL error")

// fatal reports err with severity FATAL; the caller then ends the connection.
func (c *conn) fatal(err error) {
	e := pgerror.Flatten(err)
	e.Severity = "FATAL"
	c.sendError(e)
}

// sendNotices sends the warnings and notices the session raised, ahead of the statement's
// completion or error, as PostgreSQL does.
func (c *conn) sendNotices() {
	if c.sess == nil || c.dead != nil {
		return
	}
	for _, n := range c.sess.TakeNotices() {
		sev := n.Severity
		if sev == "" {
			sev = "NOTICE"
		}
		c.send(&pgproto3.NoticeResponse{
			Severity:            sev,
			SeverityUnlocalized: sev,
			Code:                string(n.Code),
			Message:             n.Message,
			Detail:              n.Detail,
			Hint:                n.Hint,
			Where:               n.Context,
		})
	}
}

// collectParams gathers the reported parameters the last statement changed.
func (c *conn) collectParams() {
	if c.sess == nil {
		return
	}
	changed := c.sess.TakeChangedParameters()
	if len(changed) == 0 {
		return
	}
	if c.pendingParams == nil {
		c.pendingParams = map[string]string{}
	}
	maps.Copy(c.pendingParams, changed)
}

// readyForQuery ends a query cycle: it reports changed parameters (as PostgreSQL does,
// once, with their final values), ends portals if the transaction is over, and sends
// ReadyForQuery with the session's transaction state.
func (c *conn) readyForQuery() {
	c.collectParams()
	for _, name := range sortedNames(c.pendingParams) {
		c.send(&pgproto3.ParameterStatus{Name: name, Value: c.pendingParams[name]})
	}
	status := c.sess.TxStatus()
	c.becomeIdle(status, c.pendingParams)
	clear(c.pendingParams)
	if status == TxIdle {
		c.closePortals()
		c.sendNotifications()
	}
	c.send(&pgproto3.ReadyForQuery{TxStatus: byte(status)})
	c.flush()
	c.idle = true
}

// afterError applies the effect of a failed statement on portals: the transaction it
// belonged to is over (or aborted), and with it every portal.
func (c *conn) afterError() {
	c.collectParams()
	// Errors raised here rather than by the session abort the block too.
	c.sess.AbortTransaction()
	if c.sess.TxStatus() == TxIdle {
		c.closePortals()
		return
	}
	for _, p := range c.portals {
		p.close()
		p.state = portalFailed
	}
}

// closePortals ends every portal, as the end of a transaction does.
func (c *conn) closePortals() {
	for name, p := range c.portals {
		p.close()
		delete(c.portals, name)
	}
}

// isConnError reports whether err means the client connection is gone rather than that it
// sent something malformed.
func isConnError(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.As(err, &ne)
}

// frontendType returns the type byte of a frontend message, for error messages.
func frontendType(m pgproto3.FrontendMessage) byte {
	switch m.(type) {
	case *pgproto3.Query:
		return 'Q'
	case *pgproto3.Parse:
		return 'P'
	case *pgproto3.Bind:
		return 'B'
	case *pgproto3.Describe:
		return 'D'
	case *pgproto3.Execute:
		return 'E'
	case *pgproto3.Close:
		return 'C'
	case *pgproto3.Sync:
		return 'S'
	case *pgproto3.Flush:
		return 'H'
	case *pgproto3.Terminate:
		return 'X'
	case *pgproto3.FunctionCall:
		return 'F'
	case *pgproto3.CopyData:
		return 'd'
	case *pgproto3.CopyDone:
		return 'c'
	case *pgproto3.CopyFail:
		return 'f'
	default:
		return 'p'
	}
}

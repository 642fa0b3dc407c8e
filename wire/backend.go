package wire

import (
	"github.com/pgfast/pgfast/catalog"
)

// backendSession is a Session that serves pg_backend_pid and the signalling functions:
// the server tells it its connection's process id and how to reach the others.
type backendSession interface {
	SetBackend(b catalog.Backend)
}

// backend is one connection's view of the server, as a session's catalog.Backend.
type backend struct {
	srv *Server
	pid uint32
	c   *conn
}

// PID implements catalog.Backend.
func (b backend) PID() int32 { return int32(b.pid) }

// Signal implements catalog.Backend: a cancel works as a CancelRequest does, a terminate
// ends the session with PostgreSQL's FATAL 57P01.
func (b backend) Signal(pid int32, terminate bool) bool {
	if pid <= 0 {
		return false
	}
	b.srv.mu.Lock()
	c := b.srv.keys[uint32(pid)]
	b.srv.mu.Unlock()
	if c == nil {
		return false
	}
	if terminate {
		c.terminate()
	} else {
		c.cancelRunning()
	}
	return true
}

// terminate ends the connection from another goroutine: its running statement is canceled
// and its read is woken; the connection's loop then sends the FATAL error and closes.
func (c *conn) terminate() {
	c.terminated.Store(true)
	c.mu.Lock()
	if c.running != nil {
		c.running(errAdminShutdown)
	}
	c.mu.Unlock()
	c.wake()
}

// ending reports whether the connection must end: the server shuts down or the session
// was terminated.
func (c *conn) ending() bool { return c.srv.closing.Load() || c.terminated.Load() }

package app

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
)

// A Unix-domain socket is how PostgreSQL's clients reach a server on the same machine by
// default (psql -h /dir, host=/dir in a connection string): no TCP stack, no loopback
// round trip through it, so the cheapest way in for short statements. As PostgreSQL does,
// the server listening on port P in directory D creates the socket D/.s.PGSQL.P and beside it
// the lock file D/.s.PGSQL.P.lock, which holds the server's process ID and data directory
// and keeps a second server from taking the socket over. The socket is open to every local
// user (mode 0777, PostgreSQL's default unix_socket_permissions); clients authenticate on it
// as they do over TCP.

// socketName is the file name PostgreSQL's clients look for in a socket directory.
func socketName(port int) string { return ".s.PGSQL." + strconv.Itoa(port) }

// unixSocket is one listening socket and the lock file that guards it.
type unixSocket struct {
	ln   net.Listener
	lock *socketLock
}

// listenUnix takes the lock file of port's socket in dir, then listens on the socket,
// replacing a socket file a dead server left behind.
func listenUnix(dir string, port int, dataDir string) (*unixSocket, error) {
	path := filepath.Join(dir, socketName(port))
	lock, err := lockSocket(path+".lock", dataDir)
	if err != nil {
		return nil, err
	}
	// The lock is ours, so no live server uses the socket: a file there is stale.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, errors.Join(fmt.Errorf("could not remove stale socket file %q: %w", path, err), lock.release())
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("could not create Unix-domain socket %q: %w", path, err), lock.release())
	}
	if err := os.Chmod(path, 0o777); err != nil {
		return nil, errors.Join(fmt.Errorf("could not set permissions of %q: %w", path, err), ln.Close(), lock.release())
	}
	return &unixSocket{ln: ln, lock: lock}, nil
}

// release removes the lock file once the listener is closed (closing it removes the socket
// file).
func (u *unixSocket) release() error { return u.lock.release() }

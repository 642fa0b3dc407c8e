//go:build unix

package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// socketLock is a held socket lock file. The file is also flock'ed, so a server killed
// without removing it leaves a file the next server simply takes over: the kernel drops the
// lock with the process, and a stale process ID is never mistaken for a live server.
type socketLock struct {
	path string
	f    *os.File
}

// lockSocket creates or takes over the lock file at path and writes the server's process ID
// and data directory into it, as PostgreSQL's lock files begin.
func lockSocket(path, dataDir string) (*socketLock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("could not create lock file %q: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock file %q already exists: is another server using its socket?", path)
		}
		return nil, fmt.Errorf("could not lock file %q: %w", path, err)
	}
	abs, err := filepath.Abs(dataDir)
	if err == nil {
		err = f.Truncate(0)
	}
	if err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"+abs+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("could not write lock file %q: %w", path, err)
	}
	return &socketLock{path: path, f: f}, nil
}

// release removes the lock file while it is still locked, so that no other server can
// have taken it in between, then unlocks it.
func (l *socketLock) release() error {
	rmErr := os.Remove(l.path)
	if errors.Is(rmErr, os.ErrNotExist) {
		rmErr = nil
	}
	return errors.Join(rmErr, l.f.Close())
}

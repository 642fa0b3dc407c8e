//go:build unix

package storage

import (
	"errors"
	"os"
	"syscall"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// lockDir takes an exclusive lock on path so that two processes never run one data
// directory: each would delete the other's uncommitted files as orphans. The kernel drops the
// lock when the process dies, so a crash never leaves the directory locked.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, ioError(err, "could not create lock file \"%s\"", path)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, pgerror.Newf(pgcode.ObjectInUse, "lock file \"%s\" is held by another process", path)
		}
		return nil, ioError(err, "could not lock file \"%s\"", path)
	}
	return f, nil
}

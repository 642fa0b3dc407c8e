//go:build !unix

package storage

import "os"

// lockDir opens the lock file. Without flock the caller must make sure only one process uses
// a data directory.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, ioError(err, "could not create lock file \"%s\"", path)
	}
	return f, nil
}

//go:build !unix

package app

import "errors"

// socketLock is not available: the system has no Unix-domain sockets to guard.
type socketLock struct{}

func lockSocket(path, dataDir string) (*socketLock, error) {
	return nil, errors.New("Unix-domain sockets are not supported on this platform")
}

func (l *socketLock) release() error { return nil }

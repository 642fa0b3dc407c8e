package session

import (
	"context"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor/locks"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// statementLocks serves a statement's advisory lock functions from its session's owner,
// waiting at most the session's lock_timeout.
type statementLocks struct {
	sess    *Session
	timeout time.Duration
}

var _ catalog.AdvisoryLocks = (*statementLocks)(nil)

// request translates a function's lock into the lock table's terms.
func request(l catalog.AdvisoryLock) (locks.Key, locks.Mode, locks.Scope) {
	mode, scope := locks.Exclusive, locks.SessionScope
	if l.Shared {
		mode = locks.Shared
	}
	if l.Xact {
		scope = locks.XactScope
	}
	return locks.Key{ID: l.Key, Pair: l.Pair}, mode, scope
}

func (s *statementLocks) Lock(ctx context.Context, l catalog.AdvisoryLock) error {
	key, mode, scope := request(l)
	return s.sess.locks.Lock(ctx, key, mode, scope, s.timeout)
}

func (s *statementLocks) TryLock(l catalog.AdvisoryLock) bool {
	key, mode, scope := request(l)
	return s.sess.locks.TryLock(key, mode, scope)
}

// Unlock warns, as PostgreSQL does, when the session holds no such lock.
func (s *statementLocks) Unlock(l catalog.AdvisoryLock) bool {
	key, mode, _ := request(l)
	if s.sess.locks.Unlock(key, mode) {
		return true
	}
	name := "ExclusiveLock"
	if l.Shared {
		name = "ShareLock"
	}
	s.sess.notice("WARNING", pgcode.Warning, "you don't own a lock of type %s", name)
	return false
}

func (s *statementLocks) UnlockAll() { s.sess.locks.UnlockAll() }

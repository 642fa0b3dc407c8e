package catalog

import "context"

// AdvisoryLock names an advisory lock request: the key (one bigint, or two integers packed
// with Pair set, a separate key space), the mode and, for taking it, how long it lasts.
type AdvisoryLock struct {
	Key    int64
	Pair   bool
	Shared bool
	Xact   bool // held until the transaction ends, not the session
}

// AdvisoryLocks gives the pg_advisory_lock family access to the session's advisory locks.
type AdvisoryLocks interface {
	// Lock takes the lock, waiting while another session holds it in a conflicting mode,
	// until ctx ends, lock_timeout passes (55P03) or the wait would deadlock (40P01).
	Lock(ctx context.Context, l AdvisoryLock) error
	// TryLock takes the lock if it is free, reporting whether it did.
	TryLock(l AdvisoryLock) bool
	// Unlock releases one session-level hold, reporting whether there was one.
	Unlock(l AdvisoryLock) bool
	// UnlockAll releases every session-level hold.
	UnlockAll()
}

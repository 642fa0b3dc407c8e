package locks

import (
	"context"
	"sync"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Key names a lock: pg_advisory_lock(bigint) locks Key{ID: k}, and
// pg_advisory_lock(int, int) Key{ID: k1<<32 | uint32(k2), Pair: true}. A row lock is
// Key{Rel: table OID, ID: row key}, and Key{Rel: table OID, ID: TableID} is the table's
// lock that row lockers hold shared and a statement locking all its rows at once exclusive.
type Key struct {
	Rel  uint32
	ID   int64
	Pair bool
}

// TableID is the ID of a table's own lock (row keys are never negative).
const TableID = -1

// Mode is how a key is held.
type Mode uint8

// The lock modes.
const (
	Exclusive Mode = iota
	Shared
)

// Scope is how long a hold lasts.
type Scope uint8

// The lock scopes.
const (
	SessionScope Scope = iota // until unlocked or the session ends
	XactScope                 // until the transaction ends
)

// Manager is the server's table of advisory locks. Its methods and its owners' are safe
// for concurrent use.
type Manager struct {
	mu    sync.Mutex
	locks map[Key]*lock
}

// NewManager returns an empty lock table.
func NewManager() *Manager { return &Manager{locks: map[Key]*lock{}} }

// lock is one key's holders and the signal its waiters wait on.
type lock struct {
	holds   map[*Owner]*[2]int // per owner, the holds in each mode (both scopes)
	changed chan struct{}      // closed, and replaced, whenever a hold is released
}

// Owner is a session's side of the table.
type Owner struct {
	m    *Manager
	held map[hold]int // this owner's holds, counted per key, mode and scope
	// waiting is the lock the owner waits for and in which mode, for deadlock detection.
	waiting  *lock
	waitMode Mode
}

type hold struct {
	key   Key
	mode  Mode
	scope Scope
}

// NewOwner returns an owner holding nothing.
func (m *Manager) NewOwner() *Owner { return &Owner{m: m, held: map[hold]int{}} }

// grantable reports whether o may take l in mode now.
func (l *lock) grantable(o *Owner, mode Mode) bool {
	for h, n := range l.holds {
		if h != o && (n[Exclusive] > 0 || mode == Exclusive && n[Shared] > 0) {
			return false
		}
	}
	return true
}

// TryLock takes key in mode for scope if no other owner's hold conflicts, reporting whether
// it did.
func (o *Owner) TryLock(key Key, mode Mode, scope Scope) bool {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	l := o.m.lockOf(key)
	if !l.grantable(o, mode) {
		return false
	}
	o.grant(key, l, mode, scope)
	return true
}

// Lock takes key in mode for scope, waiting while other owners' holds conflict: until ctx
// ends (its error is returned), lockTimeout passes (> 0; 55P03), or the wait would close a
// cycle of waiting owners (40P01).
func (o *Owner) Lock(ctx context.Context, key Key, mode Mode, scope Scope, lockTimeout time.Duration) error {
	var expired <-chan time.Time
	if lockTimeout > 0 {
		t := time.NewTimer(lockTimeout)
		defer t.Stop()
		expired = t.C
	}
	m := o.m
	m.mu.Lock()
	defer func() {
		o.waiting = nil
		m.mu.Unlock()
	}()
	for {
		l := m.lockOf(key)
		if l.grantable(o, mode) {
			o.grant(key, l, mode, scope)
			return nil
		}
		if o.closesCycle(l, mode) {
			return pgerror.New(pgcode.TRDeadlockDetected, "deadlock detected").
				WithHint("See server log for query details.")
		}
		o.waiting, o.waitMode = l, mode
		changed := l.changed
		m.mu.Unlock()
		var err error
		select {
		case <-changed:
		case <-ctx.Done():
			err = ctx.Err()
		case <-expired:
			err = pgerror.New(pgcode.LockNotAvailable, "canceling statement due to lock timeout")
		}
		m.mu.Lock()
		o.waiting = nil
		if err != nil {
			return err
		}
	}
}

// Waiting reports whether the owner is waiting for a lock now.
func (o *Owner) Waiting() bool {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	return o.waiting != nil
}

// closesCycle reports whether o waiting for l in mode would wait, through the owners
// waiting in turn, for itself. Called with the manager locked.
func (o *Owner) closesCycle(l *lock, mode Mode) bool {
	seen := map[*Owner]bool{}
	var blocks func(l *lock, mode Mode, waiter *Owner) bool
	blocks = func(l *lock, mode Mode, waiter *Owner) bool {
		for h, n := range l.holds {
			if h == waiter || n[Exclusive] == 0 && (mode == Shared || n[Shared] == 0) {
				continue // not in the way
			}
			if h == o {
				return true
			}
			if !seen[h] && h.waiting != nil {
				seen[h] = true
				if blocks(h.waiting, h.waitMode, h) {
					return true
				}
			}
		}
		return false
	}
	return blocks(l, mode, o)
}

// Unlock releases one session-level hold of key in mode, reporting whether there was one.
func (o *Owner) Unlock(key Key, mode Mode) bool {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	h := hold{key, mode, SessionScope}
	if o.held[h] == 0 {
		return false
	}
	o.release(h, 1)
	return true
}

// UnlockAll releases every session-level hold (pg_advisory_unlock_all).
func (o *Owner) UnlockAll() { o.releaseWhere(func(h hold) bool { return h.scope == SessionScope }) }

// EndXact releases every transaction-level hold; the session calls it when a transaction
// ends, committed or not.
func (o *Owner) EndXact() { o.releaseWhere(func(h hold) bool { return h.scope == XactScope }) }

// EndXactRows releases every transaction-level row and table lock (a key with a Rel),
// keeping advisory ones: the session calls it once its commit is ordered and logged,
// before it is durable, so that the next writer of the rows can go on meanwhile (see the
// session's commit).
func (o *Owner) EndXactRows() {
	o.releaseWhere(func(h hold) bool { return h.scope == XactScope && h.key.Rel != 0 })
}

// Close releases everything; the session calls it when it ends.
func (o *Owner) Close() { o.releaseWhere(func(hold) bool { return true }) }

func (o *Owner) releaseWhere(match func(hold) bool) {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	for h, n := range o.held {
		if match(h) {
			o.release(h, n)
		}
	}
}

// lockOf returns key's entry, creating it; an entry without holds is never left behind,
// as an empty entry is always granted. Called with the manager locked.
func (m *Manager) lockOf(key Key) *lock {
	l := m.locks[key]
	if l == nil {
		l = &lock{holds: map[*Owner]*[2]int{}, changed: make(chan struct{})}
		m.locks[key] = l
	}
	return l
}

// grant records a hold. Called with the manager locked.
func (o *Owner) grant(key Key, l *lock, mode Mode, scope Scope) {
	n := l.holds[o]
	if n == nil {
		n = new([2]int)
		l.holds[o] = n
	}
	n[mode]++
	o.held[hold{key, mode, scope}]++
}

// release gives back count holds h. Called with the manager locked.
func (o *Owner) release(h hold, count int) {
	if o.held[h] -= count; o.held[h] == 0 {
		delete(o.held, h)
	}
	l := o.m.locks[h.key]
	n := l.holds[o]
	if n[h.mode] -= count; n[Exclusive]+n[Shared] == 0 {
		delete(l.holds, o)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	if len(l.holds) == 0 {
		delete(o.m.locks, h.key)
	}
}

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
//
// Key{Rel: unique index OID, ID: hash of a key, Index: true} is the lock a transaction
// holds on a key it inserted into a unique index until it ends, so that a second inserter
// of the key waits to learn whether the first commits.
type Key struct {
	Rel   uint32
	ID    int64
	Pair  bool
	Index bool
}

// TableID is the ID of a table's own lock (row keys are never negative).
const TableID = -1

// Mode is how a key is held.
type Mode uint8

// The lock modes. Advisory and table locks are Exclusive or Shared; row locks take the
// four strengths of PostgreSQL's row locks, Exclusive (FOR UPDATE, DELETE, an UPDATE of a
// key column), NoKeyExclusive (FOR NO KEY UPDATE, other UPDATEs), Shared (FOR SHARE) and
// KeyShared (FOR KEY SHARE, foreign-key checks).
const (
	Exclusive Mode = iota
	Shared
	NoKeyExclusive
	KeyShared
	numModes
)

// conflicts[a] has bit b set when a hold in mode a keeps out another owner asking for b,
// as PostgreSQL's row-level lock conflict table has it.
var conflicts = [numModes]uint8{
	Exclusive:      1<<Exclusive | 1<<Shared | 1<<NoKeyExclusive | 1<<KeyShared,
	Shared:         1<<Exclusive | 1<<NoKeyExclusive,
	NoKeyExclusive: 1<<Exclusive | 1<<Shared | 1<<NoKeyExclusive,
	KeyShared:      1 << Exclusive,
}

// blocks reports whether holds n (counts per mode) keep out a request in mode.
func blocks(n *[numModes]int, mode Mode) bool {
	for held := range numModes {
		if n[held] > 0 && conflicts[held]&(1<<mode) != 0 {
			return true
		}
	}
	return false
}

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
	mu     sync.Mutex
	locks  map[Key]*lock
	owners map[*Owner]struct{}
	// lastXid numbers the transactions that lock rows or keys, for pg_locks.
	lastXid uint32
}

// NewManager returns an empty lock table.
func NewManager() *Manager {
	return &Manager{locks: map[Key]*lock{}, owners: map[*Owner]struct{}{}, lastXid: firstXid - 1}
}

// firstXid is the first transaction number, PostgreSQL's first normal transaction ID.
const firstXid = 3

// lock is one key's holders and the signal its waiters wait on.
type lock struct {
	holds   map[*Owner]*[numModes]int // per owner, the holds in each mode (both scopes)
	changed chan struct{}             // closed, and replaced, whenever a hold is released
}

// Owner is a session's side of the table.
type Owner struct {
	m    *Manager
	held map[hold]int // this owner's holds, counted per key, mode and scope
	// waiting is the lock the owner waits for and in which mode, for deadlock detection;
	// waitKey and waitStart say which and since when, for pg_locks.
	waiting   *lock
	waitMode  Mode
	waitKey   Key
	waitStart time.Time
	// pid is the owner's session's process ID; xid numbers its transaction once it locks
	// a row or key (0: it has not), as PostgreSQL assigns a transaction ID at its first
	// row lock or write.
	pid int32
	xid uint32
}

type hold struct {
	key   Key
	mode  Mode
	scope Scope
}

// NewOwner returns an owner holding nothing.
func (m *Manager) NewOwner() *Owner {
	o := &Owner{m: m, held: map[hold]int{}}
	m.mu.Lock()
	m.owners[o] = struct{}{}
	m.mu.Unlock()
	return o
}

// SetPID names the owner's session by its process ID, for pg_locks.
func (o *Owner) SetPID(pid int32) {
	o.m.mu.Lock()
	o.pid = pid
	o.m.mu.Unlock()
}

// grantable reports whether o may take l in mode now.
func (l *lock) grantable(o *Owner, mode Mode) bool {
	for h, n := range l.holds {
		if h != o && blocks(n, mode) {
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
		o.waiting, o.waitStart = nil, time.Time{}
		m.mu.Unlock()
	}()
	for {
		l := m.lockOf(key)
		if l.grantable(o, mode) {
			o.grant(key, l, mode, scope)
			return nil
		}
		if cycle := o.closesCycle(key, l, mode); cycle != nil {
			return pgerror.New(pgcode.TRDeadlockDetected, "deadlock detected").
				WithDetail(cycle.String()).WithHint("See server log for query details.")
		}
		if o.waitKey != key || o.waitStart.IsZero() {
			o.waitKey, o.waitStart = key, time.Now()
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

// closesCycle returns the cycle o waiting for key (entry l) in mode would close, waiting
// through the owners waiting in turn for itself; nil when it closes none. Called with the
// manager locked.
func (o *Owner) closesCycle(key Key, l *lock, mode Mode) waitCycle {
	seen := map[*Owner]bool{}
	var leadsBack func(w wait) waitCycle
	leadsBack = func(w wait) waitCycle {
		for h, n := range w.lock.holds {
			if h == w.waiter || !blocks(n, w.mode) {
				continue // not in the way
			}
			w.holder = h
			if h == o {
				return waitCycle{w}
			}
			if !seen[h] && h.waiting != nil {
				seen[h] = true
				if rest := leadsBack(wait{waiter: h, key: h.waitKey, lock: h.waiting, mode: h.waitMode}); rest != nil {
					return append(waitCycle{w}, rest...)
				}
			}
		}
		return nil
	}
	return leadsBack(wait{waiter: o, key: key, lock: l, mode: mode})
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

// endXid forgets the transaction number once the row and key locks are gone. Called with
// the manager locked.
func (o *Owner) endXid() {
	for h := range o.held {
		if h.scope == XactScope && h.key.Rel != 0 {
			return
		}
	}
	o.xid = 0
}

// EndXactRows releases every transaction-level row and table lock (a key with a Rel),
// keeping advisory ones: the session calls it once its commit is ordered and logged,
// before it is durable, so that the next writer of the rows can go on meanwhile (see the
// session's commit).
func (o *Owner) EndXactRows() {
	o.releaseWhere(func(h hold) bool { return h.scope == XactScope && h.key.Rel != 0 })
}

// Close releases everything; the session calls it when it ends.
func (o *Owner) Close() {
	o.releaseWhere(func(hold) bool { return true })
	o.m.mu.Lock()
	delete(o.m.owners, o)
	o.m.mu.Unlock()
}

func (o *Owner) releaseWhere(match func(hold) bool) {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	for h, n := range o.held {
		if match(h) {
			o.release(h, n)
		}
	}
	o.endXid()
}

// lockOf returns key's entry, creating it; an entry without holds is never left behind,
// as an empty entry is always granted. Called with the manager locked.
func (m *Manager) lockOf(key Key) *lock {
	l := m.locks[key]
	if l == nil {
		l = &lock{holds: map[*Owner]*[numModes]int{}, changed: make(chan struct{})}
		m.locks[key] = l
	}
	return l
}

// grant records a hold. Called with the manager locked.
func (o *Owner) grant(key Key, l *lock, mode Mode, scope Scope) {
	n := l.holds[o]
	if n == nil {
		n = new([numModes]int)
		l.holds[o] = n
	}
	n[mode]++
	o.held[hold{key, mode, scope}]++
	if o.xid == 0 && scope == XactScope && key.Rel != 0 {
		o.m.lastXid++
		o.xid = o.m.lastXid
	}
}

// release gives back count holds h. Called with the manager locked.
func (o *Owner) release(h hold, count int) {
	if o.held[h] -= count; o.held[h] == 0 {
		delete(o.held, h)
	}
	l := o.m.locks[h.key]
	n := l.holds[o]
	if n[h.mode] -= count; *n == [numModes]int{} {
		delete(l.holds, o)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	if len(l.holds) == 0 {
		delete(o.m.locks, h.key)
	}
}

package locks

import (
	"fmt"
	"strings"
	"time"
)

// Info is one lock as pg_locks shows it. Advisory locks are listed as they are held or
// waited for. Row and unique-key locks are listed as PostgreSQL shows row locks: every
// transaction that locked a row or key holds its own transaction ID exclusively, and a
// transaction waiting for another's row or key waits for a share lock on that
// transaction's ID.
type Info struct {
	PID int32
	// Advisory is set for an advisory lock, whose key is Key; otherwise the lock is on
	// transaction ID Xid.
	Advisory bool
	Key      Key
	Xid      uint32
	Mode     Mode
	Granted  bool
	// WaitStart is when a lock not granted began to be waited for.
	WaitStart time.Time
}

// Snapshot lists the locks of every owner.
func (m *Manager) Snapshot() []Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Info
	for key, l := range m.locks {
		if key.Rel != 0 {
			continue
		}
		for o, n := range l.holds {
			for mode, c := range n {
				if c > 0 {
					out = append(out, Info{PID: o.pid, Advisory: true, Key: key, Mode: Mode(mode), Granted: true})
				}
			}
		}
	}
	for o := range m.owners {
		if o.xid != 0 {
			out = append(out, Info{PID: o.pid, Xid: o.xid, Mode: Exclusive, Granted: true})
		}
		if o.waiting == nil {
			continue
		}
		if o.waitKey.Rel == 0 {
			out = append(out, Info{PID: o.pid, Advisory: true, Key: o.waitKey, Mode: o.waitMode, WaitStart: o.waitStart})
			continue
		}
		for h, n := range o.waiting.holds {
			if h != o && blocks(n, o.waitMode) && h.xid != 0 {
				out = append(out, Info{PID: o.pid, Xid: h.xid, Mode: Shared, WaitStart: o.waitStart})
				break
			}
		}
	}
	return out
}

// wait is one edge of the waits-for graph: waiter waits for key, which holder holds.
type wait struct {
	waiter, holder *Owner
	key            Key
	lock           *lock
	mode           Mode
}

// waitCycle is a cycle of waits, the first waiter's last.
type waitCycle []wait

// databaseOID is the database's OID, as pg_database lists it, which PostgreSQL names
// advisory locks by.
const databaseOID = 5

// String describes the cycle as PostgreSQL's deadlock report does: one line per waiting
// process, a row or key lock shown as a wait for the holder's transaction.
func (c waitCycle) String() string {
	var b strings.Builder
	for i, w := range c {
		if i > 0 {
			b.WriteByte('\n')
		}
		if w.key.Rel == 0 {
			sub := 1
			if w.key.Pair {
				sub = 2
			}
			fmt.Fprintf(&b, "Process %d waits for %s on advisory lock [%d,%d,%d,%d]; blocked by process %d.", w.waiter.pid,
				modeName(w.mode), databaseOID, uint32(uint64(w.key.ID)>>32), uint32(w.key.ID), sub, w.holder.pid)
			continue
		}
		fmt.Fprintf(&b, "Process %d waits for ShareLock on transaction %d; blocked by process %d.", w.waiter.pid, w.holder.xid, w.holder.pid)
	}
	return b.String()
}

// modeName names an advisory lock's mode as pg_locks does.
func modeName(m Mode) string {
	if m == Shared {
		return "ShareLock"
	}
	return "ExclusiveLock"
}

package session

import (
	"context"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/locks"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
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

// rowLocks locks the rows a statement's UPDATE or DELETE changes in the session's owner
// until the transaction ends, waiting at most the session's lock_timeout for each.
type rowLocks struct {
	sess    *Session
	txn     executor.Txn
	timeout time.Duration
}

var _ executor.RowLocker = (*rowLocks)(nil)

// bulkRows is how many rows one statement locks one by one; a statement changing more
// locks the whole table instead, so the lock table stays small whatever the statement.
const bulkRows = 10_000

// LockRows holds the table's lock shared and each row's in strength's mode (FOR UPDATE or
// FOR NO KEY UPDATE), or, past bulkRows rows, the table's exclusively (which waits for
// every other writer of the table).
func (r *rowLocks) LockRows(ctx context.Context, table types.OID, keys []uint64, strength planner.LockStrength) error {
	waited := false
	lock := func(k locks.Key, mode locks.Mode) error {
		if r.sess.locks.TryLock(k, mode, locks.XactScope) {
			return nil
		}
		waited = true
		return r.sess.locks.Lock(ctx, k, mode, locks.XactScope, r.timeout)
	}
	tk := locks.Key{Rel: uint32(table), ID: locks.TableID}
	if len(keys) > bulkRows {
		if err := lock(tk, locks.Exclusive); err != nil {
			return err
		}
	} else {
		if err := lock(tk, locks.Shared); err != nil {
			return err
		}
		for _, k := range keys {
			if err := lock(locks.Key{Rel: uint32(table), ID: int64(k)}, rowModes[strength]); err != nil {
				return err
			}
		}
	}
	if waited && strength == planner.LockForUpdate {
		return r.referencesChanged(table)
	}
	return nil
}

// changeTxn is a transaction that tells whether tables changed since its snapshot.
type changeTxn interface {
	TablesChangedSince(oids []types.OID) bool
}

// referencesChanged fails with a row conflict when a table referencing table by a foreign
// key changed since the snapshot: a DELETE (or key UPDATE) of referenced rows that waited
// for their locks may have waited for a foreign-key check (FOR KEY SHARE) of a transaction
// that added referencing rows the snapshot does not show. READ COMMITTED runs the
// statement again on the newest version, whose check then sees them, as PostgreSQL's
// referential checks use a new snapshot; REPEATABLE READ reports 40001.
func (r *rowLocks) referencesChanged(table types.OID) error {
	ct, ok := r.txn.(changeTxn)
	if !ok {
		return nil
	}
	var children []types.OID
	for _, tk := range r.txn.Catalog().ReferencingKeys(table) {
		children = append(children, tk.Table.OID)
	}
	if len(children) == 0 || !ct.TablesChangedSince(children) {
		return nil
	}
	return &rowChanged{pg: pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update")}
}

// rowChanged is the 40001 of a statement whose rows a concurrent commit changed, which
// READ COMMITTED answers by running it again (isRowConflict).
type rowChanged struct{ pg *pgerror.Error }

func (e *rowChanged) Error() string     { return e.pg.Error() }
func (e *rowChanged) Unwrap() error     { return e.pg }
func (e *rowChanged) RowConflict() bool { return true }

// WaitingForLock reports whether the session's statement is waiting for a lock another
// session holds.
func (s *Session) WaitingForLock() bool { return s.locks.Waiting() }

// rowModes are the lock modes of the row lock strengths.
var rowModes = map[planner.LockStrength]locks.Mode{
	planner.LockForKeyShare:    locks.KeyShared,
	planner.LockForShare:       locks.Shared,
	planner.LockForNoKeyUpdate: locks.NoKeyExclusive,
	planner.LockForUpdate:      locks.Exclusive,
}

// LockRow holds the table's lock shared and the row's in strength's mode. Under NOWAIT a
// held lock is 55P03 at once; under SKIP LOCKED it reports false.
func (r *rowLocks) LockRow(ctx context.Context, table *catalog.TableDef, key uint64, strength planner.LockStrength, wait planner.LockWait) (bool, error) {
	o := r.sess.locks
	keys := [2]locks.Key{{Rel: uint32(table.OID), ID: locks.TableID}, {Rel: uint32(table.OID), ID: int64(key)}}
	modes := [2]locks.Mode{locks.Shared, rowModes[strength]}
	for i, k := range keys {
		if wait == planner.LockWaitBlock {
			if err := o.Lock(ctx, k, modes[i], locks.XactScope, r.timeout); err != nil {
				return false, err
			}
			continue
		}
		if o.TryLock(k, modes[i], locks.XactScope) {
			continue
		}
		if wait == planner.LockWaitSkip {
			return false, nil
		}
		return false, pgerror.Newf(pgcode.LockNotAvailable, "could not obtain lock on row in relation \"%s\"", table.Name)
	}
	return true, nil
}

// keyWaitingTxn is a transaction that locks the keys it inserts into unique indexes, so
// that a second inserter of a key waits for the first to end (package storage's
// keywait.go).
type keyWaitingTxn interface {
	SetKeyWaiter(w func(ix types.OID, hash uint64) (waited bool, err error))
}

// lockKey locks a key of unique index ix until the transaction ends, reporting whether
// another transaction held it, which it then waited for.
func (r *rowLocks) lockKey(ctx context.Context, ix types.OID, hash uint64) (bool, error) {
	o := r.sess.locks
	k := locks.Key{Rel: uint32(ix), ID: int64(hash), Index: true}
	if o.TryLock(k, locks.Exclusive, locks.XactScope) {
		return false, nil
	}
	return true, o.Lock(ctx, k, locks.Exclusive, locks.XactScope, r.timeout)
}

// lockInfo lists the sessions' locks for pg_locks.
func (e *Engine) lockInfo() []catalog.LockInfo {
	held := e.locks.Snapshot()
	out := make([]catalog.LockInfo, 0, len(held))
	for _, h := range held {
		li := catalog.LockInfo{PID: h.PID, LockType: "transactionid", TransactionID: h.Xid, Mode: "ExclusiveLock",
			Granted: h.Granted, WaitStart: h.WaitStart}
		if h.Mode == locks.Shared {
			li.Mode = "ShareLock"
		}
		if h.Advisory {
			// PostgreSQL spreads a bigint key over classid (high half) and objid (low
			// half) with objsubid 1, and a pair of integers over both with objsubid 2.
			li.LockType, li.ClassID, li.ObjID, li.ObjSubID = "advisory", uint32(uint64(h.Key.ID)>>32), uint32(h.Key.ID), 1
			if h.Key.Pair {
				li.ObjSubID = 2
			}
		}
		out = append(out, li)
	}
	return out
}

package fkey

import (
	"errors"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// A referencing row's check locks the referenced rows it found FOR KEY SHARE until the
// transaction ends, as PostgreSQL's check does, so that a concurrent DELETE (or key
// UPDATE) of them waits for this transaction, and then sees its rows (the session's row
// locks). A referenced row that a transaction committed since the snapshot changed is
// looked for again in the newest version under READ COMMITTED (a new key of the same
// value satisfies the check, a deleted one fails it with 23503), and fails with 40001
// under REPEATABLE READ. At most maxKeyShare rows are locked per check: past that, a bulk
// load is checked against its snapshot only.

const (
	maxKeyShare = 10_000
	maxRechecks = 100
)

// keyShareTxn is the transaction side of the lock.
type keyShareTxn interface {
	RowKeysEach(oid types.OID, ids []int64) []uint64
	CheckRowsCurrent(oid types.OID, keys []uint64) error
}

// recheckTxn moves to the newest version and waits until what it read there is durable.
type recheckTxn interface {
	RecheckSnapshot() error
	AwaitReads() error
}

// noRowKey is RowKeysEach's key of the transaction's own rows.
const noRowKey = ^uint64(0)

// lockReferenced locks the rows ids of parent FOR KEY SHARE and checks they are current.
func lockReferenced(ctx *executor.Ctx, parent *catalog.TableDef, ids []int64) error {
	txn, ok := ctx.Txn.(keyShareTxn)
	if !ok || ctx.RowLocks == nil || len(ids) == 0 || len(ids) > maxKeyShare {
		return nil
	}
	keys := txn.RowKeysEach(parent.OID, ids)
	for _, k := range keys {
		if k == noRowKey {
			continue
		}
		if _, err := ctx.RowLocks.LockRow(ctx, parent, k, planner.LockForKeyShare, planner.LockWaitBlock); err != nil {
			return err
		}
	}
	return txn.CheckRowsCurrent(parent.OID, keys)
}

// recheck reports whether err, a referenced row changed since the snapshot, is answered
// by looking again in the newest version (READ COMMITTED), having moved there. A check
// that keeps meeting changed rows gives up after maxRechecks attempts with the 40001.
func recheck(ctx *executor.Ctx, err error, attempt int) (bool, error) {
	var rc interface{ RowConflict() bool }
	if !errors.As(err, &rc) || !rc.RowConflict() || !readCommitted(ctx) || attempt >= maxRechecks {
		return false, err
	}
	rt, ok := ctx.Txn.(recheckTxn)
	if !ok {
		return false, err
	}
	if err := rt.RecheckSnapshot(); err != nil {
		return false, err
	}
	return true, nil
}

// awaitRechecked holds the check's outcome back until the newest version it looked in is
// durable.
func awaitRechecked(ctx *executor.Ctx, err error) error {
	if rt, ok := ctx.Txn.(recheckTxn); ok && err == nil {
		return rt.AwaitReads()
	}
	return err
}

func readCommitted(ctx *executor.Ctx) bool {
	if ctx.Session == nil || ctx.Session.Setting == nil {
		return false
	}
	iso, err := ctx.Session.Setting("transaction_isolation")
	return err == nil && (iso == "read committed" || iso == "read uncommitted")
}

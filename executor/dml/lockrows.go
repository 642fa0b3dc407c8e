package dml

import (
	"errors"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// noRowKey is rowLockTxn's key of a row the transaction inserted itself, which no other
// transaction can see and so needs no lock.
const noRowKey = ^uint64(0)

// rowLockTxn is the transaction side of SELECT ... FOR UPDATE.
type rowLockTxn interface {
	// RowKeysEach returns the lock key of each row, noRowKey for the transaction's own.
	RowKeysEach(oid types.OID, ids []int64) []uint64
	// CheckRowsCurrent fails with a row conflict when a transaction that committed after
	// the snapshot deleted or updated one of the rows.
	CheckRowsCurrent(oid types.OID, keys []uint64) error
}

// Selected is the result of a SELECT ... FOR UPDATE: its rows, with the statement's result
// schema, which belong to the caller.
type Selected struct {
	Rows []arrow.Record
	N    int64
}

// SelectLocking runs SELECT ... FOR UPDATE (or FOR NO KEY UPDATE, FOR SHARE, FOR KEY
// SHARE): it reads the query's rows in order and locks each in every locked table until
// the transaction ends, waiting for, skipping or failing on rows another transaction
// holds as the clause says, and stops once LIMIT and OFFSET have their rows. A locked row
// that a transaction committed since the snapshot changed fails the statement with a row
// conflict: READ COMMITTED runs it again on the newest version (holding the locks it
// took), REPEATABLE READ reports 40001, as PostgreSQL does.
func SelectLocking(ctx *executor.Ctx, st *planner.Statement) (*Selected, error) {
	lk := st.Locking
	want, bounded, offset, err := lockLimits(ctx, lk)
	if err != nil || bounded && want == offset {
		return &Selected{}, err
	}
	op, err := executor.Open(ctx, st.Query)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	txn, _ := ctx.Txn.(rowLockTxn)
	sel := &Selected{}
	fail := func(err error) (*Selected, error) {
		for _, r := range sel.Rows {
			r.Release()
		}
		return nil, err
	}
	schema := executor.PlanSchema(st.Result)
	var locked int64 // rows locked so far, the offset rows counted
	for !bounded || locked < want {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(err)
		}
		keep, err := lockBatch(ctx, txn, lk, rec, &locked, want, bounded)
		if err != nil {
			return fail(err)
		}
		if out, err := keptRows(ctx, rec, keep, locked, offset, schema); err != nil {
			return fail(err)
		} else if out != nil {
			sel.Rows = append(sel.Rows, out)
			sel.N += out.NumRows()
		}
	}
	return sel, nil
}

// lockLimits evaluates LIMIT and OFFSET: want is how many rows to lock (bounded false:
// all), offset how many of them not to return.
func lockLimits(ctx *executor.Ctx, lk *planner.RowLocking) (want int64, bounded bool, offset int64, err error) {
	eval := func(e planner.Expr, what string, code pgcode.Code) (int64, bool, error) {
		if e == nil {
			return 0, false, nil
		}
		ev, err := executor.CompileExprs([]planner.Expr{e})
		if err != nil {
			return 0, false, err
		}
		one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
		defer one.Release()
		a, err := ev.EvalOne(ctx, 0, one)
		if err != nil {
			return 0, false, err
		}
		defer a.Release()
		if a.IsNull(0) {
			return 0, false, nil
		}
		v := a.(*array.Int64).Value(0)
		if v < 0 {
			return 0, false, pgerror.Newf(code, "%s must not be negative", what)
		}
		return v, true, nil
	}
	count, bounded, err := eval(lk.Count, "LIMIT", pgcode.InvalidRowCountInLimitClause)
	if err != nil {
		return 0, false, 0, err
	}
	offset, _, err = eval(lk.Offset, "OFFSET", pgcode.InvalidRowCountInResultOffsetClause)
	return offset + count, bounded, offset, err
}

// lockBatch locks the rows of rec in order, advancing *locked, until want rows are locked
// (when bounded); it returns the rows locked, as positions in rec, and fails when one of
// them changed since the snapshot.
func lockBatch(ctx *executor.Ctx, txn rowLockTxn, lk *planner.RowLocking, rec arrow.Record, locked *int64, want int64, bounded bool) ([]int32, error) {
	n := int(rec.NumRows())
	keys := make([][]uint64, len(lk.Targets))
	if txn != nil && ctx.RowLocks != nil {
		for t, target := range lk.Targets {
			ids := rec.Column(target.RowID).(*array.Int64)
			keys[t] = txn.RowKeysEach(target.Table.OID, ids.Int64Values())
			for i := range n {
				if ids.IsNull(i) {
					keys[t][i] = noRowKey
				}
			}
		}
	}
	keep := make([]int32, 0, n)
rows:
	for i := 0; i < n && (!bounded || *locked < want); i++ {
		for t, target := range lk.Targets {
			if keys[t] == nil || keys[t][i] == noRowKey {
				continue
			}
			ok, err := ctx.RowLocks.LockRow(ctx, target.Table, keys[t][i], target.Strength, target.Wait)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue rows // SKIP LOCKED
			}
		}
		keep = append(keep, int32(i))
		*locked++
	}
	for t, target := range lk.Targets {
		if keys[t] == nil {
			continue
		}
		kept := make([]uint64, len(keep))
		for j, i := range keep {
			kept[j] = keys[t][i]
		}
		if err := txn.CheckRowsCurrent(target.Table.OID, kept); err != nil {
			return nil, err
		}
	}
	return keep, nil
}

// keptRows returns the visible columns of the rows keep of rec that come after the first
// offset rows locked (locked counts them all, these included), nil when none do.
func keptRows(ctx *executor.Ctx, rec arrow.Record, keep []int32, locked, offset int64, schema *arrow.Schema) (arrow.Record, error) {
	before := locked - int64(len(keep)) // rows locked before this batch
	if skip := offset - before; skip > 0 {
		keep = keep[min(skip, int64(len(keep))):]
	}
	if len(keep) == 0 {
		return nil, nil
	}
	taken, err := executor.TakeRows(ctx.Mem, rec, keep)
	if err != nil {
		return nil, err
	}
	defer taken.Release()
	return array.NewRecord(schema, taken.Columns()[:schema.NumFields()], taken.NumRows()), nil
}

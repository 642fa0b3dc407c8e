package dml

import (
	"errors"
	"io"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Upserter is implemented by transactions that can find the rows proposed rows conflict
// with in unique indexes (package storage's), which INSERT ... ON CONFLICT DO UPDATE needs.
type Upserter interface {
	// PendingRows marks the rows inserted so far into table oid; ConflictingRows refuses
	// (21000) a conflict with a row inserted after the mark.
	PendingRows(oid types.OID) int64
	// ConflictingRows returns, per row of rec, the identifier of the visible row it
	// conflicts with in the arbiter indexes, or -1.
	ConflictingRows(oid types.OID, rec arrow.Record, arbiters []types.OID, mark int64) ([]int64, error)
	// RowsByID returns the visible rows ids, in that order.
	RowsByID(oid types.OID, ids []int64) (arrow.Record, error)
}

// arbiterTxn is a transaction told which unique indexes the running INSERT ... ON CONFLICT
// arbitrates on: a key of one of them that a concurrent transaction committed while this
// one waited for it is then a row conflict, re-checked under READ COMMITTED, rather than
// a unique violation.
type arbiterTxn interface {
	SetArbiters(ixs []types.OID)
}

// upsert runs INSERT ... ON CONFLICT DO UPDATE: each batch of proposed rows is split into
// the rows that conflict with none (inserted) and those that conflict (the existing row is
// updated as UPDATE does, when WHERE holds). The count and the RETURNING rows cover both,
// in the order the rows were proposed.
func upsert(ctx *executor.Ctx, st *planner.Statement) (_ *Modified, err error) {
	cur := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if cur == nil {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	u, ok := ctx.Txn.(Upserter)
	if !ok {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "this store cannot run ON CONFLICT DO UPDATE")
	}
	if at, ok := ctx.Txn.(arbiterTxn); ok {
		at.SetArbiters(st.Arbiters)
		defer at.SetArbiters(nil)
	}
	up, err := compileUpsert(st.Upsert)
	if err != nil {
		return nil, err
	}
	op, err := executor.Open(ctx, st.Query)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	res := &Modified{}
	defer func() {
		if err != nil {
			releaseAll(res.Returning)
		}
	}()
	run := &upsertRun{ctx: ctx, st: st, table: cur.OID, u: u, up: up, mark: u.PendingRows(cur.OID),
		w: NewTableWriter(ctx, cur, st.TargetCols), schema: cur.ArrowSchema()}
	if err := run.w.SetChecks(st.Checks); err != nil {
		return nil, err
	}
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		ret, n, err := run.batch(rec)
		if err != nil {
			return nil, err
		}
		res.Rows += n
		if ret != nil {
			res.Returning = append(res.Returning, ret)
		}
	}
	return res, nil
}

type compiledUpsert struct {
	set, where, returning executor.Exprs
	hasWhere              bool
}

func compileUpsert(u *planner.Upsert) (*compiledUpsert, error) {
	c := &compiledUpsert{hasWhere: u.Where != nil}
	var err error
	if c.set, err = executor.CompileExprs(u.Set); err != nil {
		return nil, err
	}
	if u.Where != nil {
		if c.where, err = executor.CompileExprs([]planner.Expr{u.Where}); err != nil {
			return nil, err
		}
	}
	if c.returning, err = executor.CompileExprs(u.Returning); err != nil {
		return nil, err
	}
	return c, nil
}

// upsertRun is the state of one INSERT ... ON CONFLICT DO UPDATE.
type upsertRun struct {
	ctx    *executor.Ctx
	st     *planner.Statement
	table  types.OID
	u      Upserter
	up     *compiledUpsert
	mark   int64
	w      *TableWriter
	schema *arrow.Schema
}

// batch inserts or updates the proposed rows of rec and returns their RETURNING rows (nil
// without RETURNING) and how many rows it inserted or updated.
func (r *upsertRun) batch(rec arrow.Record) (arrow.Record, int64, error) {
	ctx := r.ctx
	proposed := array.NewRecord(r.schema, rec.Columns(), rec.NumRows())
	defer proposed.Release()
	ids, err := r.u.ConflictingRows(r.table, proposed, r.st.Arbiters, r.mark)
	if err != nil {
		return nil, 0, err
	}
	var ins, upd []int32
	var updIDs []int64
	for i, id := range ids {
		if id < 0 {
			ins = append(ins, int32(i))
		} else {
			upd, updIDs = append(upd, int32(i)), append(updIDs, id)
		}
	}
	var parts []arrow.Record
	defer func() { releaseAll(parts) }()
	if len(ins) > 0 {
		rows, err := executor.TakeRows(ctx.Mem, proposed, ins)
		if err != nil {
			return nil, 0, err
		}
		parts = append(parts, rows)
		if err := r.w.Write(rows.Columns(), rows.NumRows()); err != nil {
			return nil, 0, err
		}
	}
	updated, kept, err := r.update(proposed, upd, updIDs)
	if err != nil {
		return nil, 0, err
	}
	if updated != nil {
		parts = append(parts, updated)
	}
	n := int64(len(ins) + len(kept))
	if r.st.Result == nil || n == 0 {
		return nil, n, nil
	}
	ret, err := r.returning(parts, slices.Concat(ins, kept))
	return ret, n, err
}

// update applies SET to the existing rows ids that the proposed rows at positions pos
// conflict with, where WHERE holds; it returns the new rows and their positions.
func (r *upsertRun) update(proposed arrow.Record, pos []int32, ids []int64) (arrow.Record, []int32, error) {
	if len(pos) == 0 {
		return nil, nil, nil
	}
	ctx := r.ctx
	existing, err := r.u.RowsByID(r.table, ids)
	if err != nil {
		return nil, nil, err
	}
	defer existing.Release()
	excluded, err := executor.TakeRows(ctx.Mem, proposed, pos)
	if err != nil {
		return nil, nil, err
	}
	defer excluded.Release()
	both := joinColumns(existing, excluded)
	defer both.Release()
	keep := make([]int32, 0, len(pos))
	if r.up.hasWhere {
		mask, err := r.up.where.EvalOne(ctx, 0, both)
		if err != nil {
			return nil, nil, err
		}
		b := mask.(*array.Boolean)
		for i := range b.Len() {
			if b.IsValid(i) && b.Value(i) {
				keep = append(keep, int32(i))
			}
		}
		mask.Release()
	} else {
		for i := range pos {
			keep = append(keep, int32(i))
		}
	}
	vals, err := r.up.set.Eval(ctx, both)
	if err != nil {
		return nil, nil, err
	}
	newRows := array.NewRecord(r.schema, vals, both.NumRows())
	releaseAll(vals)
	defer newRows.Release()
	chosen, err := executor.TakeRows(ctx.Mem, newRows, keep)
	if err != nil {
		return nil, nil, err
	}
	table := ctx.Txn.Catalog().TableByOID(r.table)
	if err := CheckNotNull(ctx, table, chosen.Columns()); err != nil {
		chosen.Release()
		return nil, nil, err
	}
	if err := r.w.checks.check(ctx, table, chosen); err != nil {
		chosen.Release()
		return nil, nil, err
	}
	del := make([]int64, len(keep))
	at := make([]int32, len(keep))
	for k, i := range keep {
		del[k], at[k] = ids[i], pos[i]
	}
	if err := executor.LockRows(ctx, r.table, del, planner.LockForUpdate); err != nil {
		chosen.Release()
		return nil, nil, err
	}
	if err := updateRows(ctx, table, del, []arrow.Record{chosen}); err != nil {
		chosen.Release()
		return nil, nil, err
	}
	return chosen, at, nil
}

// returning evaluates RETURNING over the rows of parts (inserted, then updated), which
// were proposed at positions pos, and returns them in proposal order.
func (r *upsertRun) returning(parts []arrow.Record, pos []int32) (arrow.Record, error) {
	rows, err := concatenate(r.ctx, r.schema, parts)
	if err != nil {
		return nil, err
	}
	defer rows.Release()
	order := make([]int32, len(pos))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return int(pos[a] - pos[b]) })
	sorted, err := executor.TakeRows(r.ctx.Mem, rows, order)
	if err != nil {
		return nil, err
	}
	defer sorted.Release()
	vals, err := r.up.returning.Eval(r.ctx, sorted)
	if err != nil {
		return nil, err
	}
	defer releaseAll(vals)
	return array.NewRecord(executor.PlanSchema(r.st.Result), vals, sorted.NumRows()), nil
}

// joinColumns returns a record of a's columns followed by b's (same row count).
func joinColumns(a, b arrow.Record) arrow.Record {
	fields := slices.Concat(a.Schema().Fields(), b.Schema().Fields())
	cols := slices.Concat(a.Columns(), b.Columns())
	return array.NewRecord(arrow.NewSchema(fields, nil), cols, a.NumRows())
}

// concatenate returns the rows of recs (of schema sc) as one record.
func concatenate(ctx *executor.Ctx, sc *arrow.Schema, recs []arrow.Record) (arrow.Record, error) {
	if len(recs) == 1 {
		recs[0].Retain()
		return recs[0], nil
	}
	cols := make([]arrow.Array, sc.NumFields())
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	for c := range cols {
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		a, err := array.Concatenate(parts, ctx.Mem)
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = a
	}
	defer releaseAll(cols)
	return array.NewRecord(sc, cols, n), nil
}

func releaseAll[T interface{ Release() }](xs []T) {
	for _, x := range xs {
		x.Release()
	}
}

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

// DELETE and UPDATE run in two phases. First the statement's query runs to its end: it
// yields the identifiers of the target rows (and, for UPDATE, their new versions, and the
// RETURNING values), all computed against the statement's snapshot. Only then are the rows
// deleted and the new versions inserted, so nothing the statement reads, subqueries
// included, sees its own changes, as in PostgreSQL.

// Modified is what a DELETE or UPDATE did.
type Modified struct {
	// Rows is the number of target rows deleted or updated.
	Rows int64
	// Returning holds the RETURNING rows, with the statement's result schema; they belong
	// to the caller, who releases them.
	Returning []arrow.Record
}

// ConflictError is the row conflict (the store's error on a row that a transaction
// committed after the statement's snapshot changed) of a DELETE or UPDATE that had found
// its target rows: Matched is how many, on that snapshot. A READ COMMITTED statement runs
// again on a newer snapshot, and the session compares the count of that run with Matched.
type ConflictError struct {
	Matched int64
	Err     error
}

func (e *ConflictError) Error() string { return e.Err.Error() }
func (e *ConflictError) Unwrap() error { return e.Err }

// Modify runs DELETE or UPDATE st in ctx's transaction. On error nothing is returned and
// nothing is leaked.
func Modify(ctx *executor.Ctx, st *planner.Statement) (*Modified, error) {
	table := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if table == nil {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	op, err := executor.Open(ctx, st.Query)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	width := 0 // new-row columns after the identifier
	if st.Kind == planner.StmtUpdate {
		width = len(table.Columns)
	}
	var (
		ids  []int64
		recs []arrow.Record // the query's batches, duplicates of joined rows removed
		seen map[int64]struct{}
		res  = &Modified{}
	)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if st.TargetJoined {
		seen = map[int64]struct{}{}
	}
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rec.Retain()
		if seen != nil {
			if rec, err = firstOccurrences(ctx, rec, seen); err != nil {
				return nil, err
			}
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		recs = append(recs, rec)
		ids = append(ids, rec.Column(0).(*array.Int64).Int64Values()...)
	}

	schema := table.ArrowSchema()
	var newRows []arrow.Record
	defer func() {
		for _, r := range newRows {
			r.Release()
		}
	}()
	checks, err := compileChecks(st.Checks)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if width > 0 {
			cols := rec.Columns()[1 : 1+width]
			if err := CheckNotNull(ctx, table, cols); err != nil {
				return nil, err
			}
			newRows = append(newRows, types.NewRecord(schema, cols, rec.NumRows()))
			if err := checks.check(ctx, table, newRows[len(newRows)-1]); err != nil {
				return nil, err
			}
		}
	}
	strength := planner.LockForUpdate // DELETE, and an UPDATE of a key
	if st.Kind == planner.StmtUpdate && !st.KeyUpdate {
		strength = planner.LockForNoKeyUpdate
	}
	if err := executor.LockRows(ctx, table.OID, ids, strength); err != nil {
		return nil, err
	}
	if width > 0 {
		err = updateRows(ctx, table, ids, newRows)
	} else {
		err = DeleteRows(ctx, table, ids)
	}
	if err != nil {
		var rc interface{ RowConflict() bool }
		if errors.As(err, &rc) && rc.RowConflict() {
			return nil, &ConflictError{Matched: int64(len(ids)), Err: err}
		}
		return nil, err
	}
	res.Rows = int64(len(ids))
	if st.Result != nil {
		rs := executor.PlanSchema(st.Result)
		for _, rec := range recs {
			res.Returning = append(res.Returning, array.NewRecord(rs, rec.Columns()[1+width:], rec.NumRows()))
		}
	}
	return res, nil
}

// firstOccurrences returns rec without the rows whose identifier (column 0) was seen before,
// recording the new ones; a target row joined to several rows is changed once. It consumes
// rec.
func firstOccurrences(ctx *executor.Ctx, rec arrow.Record, seen map[int64]struct{}) (arrow.Record, error) {
	ids := rec.Column(0).(*array.Int64).Int64Values()
	var keep []int32 // the rows kept, once the first repeated one is met
	for i, id := range ids {
		if _, dup := seen[id]; dup {
			if keep == nil {
				keep = make([]int32, i, len(ids))
				for j := range keep {
					keep[j] = int32(j)
				}
			}
			continue
		}
		seen[id] = struct{}{}
		if keep != nil {
			keep = append(keep, int32(i))
		}
	}
	if keep == nil {
		return rec, nil
	}
	defer rec.Release()
	return executor.TakeRows(ctx.Mem, rec, keep)
}

// Truncate empties the tables of TRUNCATE.
func Truncate(txn executor.Txn, st *planner.Statement) error {
	for _, d := range st.Truncate {
		if txn.Catalog().TableByOID(d.OID) == nil {
			return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", d.Name)
		}
		if err := txn.Truncate(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// AlterTable applies ALTER TABLE (the caller reports st.Notices); a statement skipped by
// IF EXISTS does nothing.
func AlterTable(ctx *executor.Ctx, st *planner.Statement) error {
	txn := ctx.Txn
	if st.Alter == nil {
		return nil
	}
	if txn.Catalog().TableByOID(st.Alter.Def.OID) == nil {
		return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Alter.Def.Name)
	}
	var err error
	if len(st.Alter.FillCols) > 0 {
		err = fillAddedColumns(ctx, st.Alter)
	} else {
		err = txn.AlterTable(*st.Alter.Def, st.Alter.Src)
	}
	for _, o := range st.Alter.Others {
		if err != nil {
			break
		}
		err = txn.AlterTable(*o.Def, o.Src)
	}
	return err
}

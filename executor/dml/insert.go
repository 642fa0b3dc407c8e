package dml

import (
	"errors"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Insert runs query and appends its rows to table: query column i goes to table column
// target[i]; other columns get NULL. It returns the number of rows inserted.
func Insert(ctx *executor.Ctx, table *catalog.TableDef, target []int, query planner.Plan) (int64, error) {
	res, err := insertRows(ctx, table, target, query, nil, nil, nil)
	if err != nil {
		return 0, err
	}
	return res.Rows, nil
}

// InsertStatement runs INSERT st, with its RETURNING rows when it has any: then the query's
// columns after the stored ones are the RETURNING values (planner.Statement.Result). With
// ON CONFLICT DO NOTHING the rows left out are neither counted nor returned.
func InsertStatement(ctx *executor.Ctx, st *planner.Statement) (*Modified, error) {
	if st.Upsert != nil {
		return upsert(ctx, st)
	}
	var arbiters []types.OID
	if st.OnConflictSkip {
		arbiters = st.Arbiters
		if arbiters == nil {
			arbiters = []types.OID{}
		}
	}
	return insertRows(ctx, st.Table, st.TargetCols, st.Query, st.Result, arbiters, st.Checks)
}

// insertRows inserts query's rows; arbiters not nil leaves out the rows conflicting in
// those unique indexes.
func insertRows(ctx *executor.Ctx, table *catalog.TableDef, target []int, query planner.Plan, result []planner.Column, arbiters []types.OID, checks []planner.CheckExpr) (_ *Modified, err error) {
	cur := ctx.Txn.Catalog().TableByOID(table.OID)
	if cur == nil {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", table.Name)
	}
	op, err := executor.Open(ctx, query)
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
	var rs *arrow.Schema
	if result != nil {
		rs = executor.PlanSchema(result)
	}
	w := NewTableWriter(ctx, cur, target)
	if err := w.SetChecks(checks); err != nil {
		return nil, err
	}
	if arbiters != nil {
		w.SkipConflicts(arbiters)
	}
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := w.Write(rec.Columns()[:len(target)], rec.NumRows()); err != nil {
			return nil, err
		}
		if rs != nil && rec.NumRows() > 0 {
			ret := array.NewRecord(rs, rec.Columns()[len(target):], rec.NumRows())
			if kept := w.Kept(); kept != nil {
				taken, err := executor.TakeRows(ctx.Mem, ret, kept)
				ret.Release()
				if err != nil {
					return nil, err
				}
				ret = taken
			}
			res.Returning = append(res.Returning, ret)
		}
	}
	res.Rows = w.Rows()
	return res, nil
}

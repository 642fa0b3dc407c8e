package dml

import (
	"errors"
	"io"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Insert runs query and appends its rows to table: query column i goes to table column
// target[i]; other columns get NULL. It returns the number of rows inserted.
func Insert(ctx *executor.Ctx, table *catalog.TableDef, target []int, query planner.Plan) (int64, error) {
	cur := ctx.Txn.Catalog().TableByOID(table.OID)
	if cur == nil {
		return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", table.Name)
	}
	op, err := executor.Open(ctx, query)
	if err != nil {
		return 0, err
	}
	defer op.Close()
	w := NewTableWriter(ctx, cur, target)
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		if err := w.Write(rec.Columns(), rec.NumRows()); err != nil {
			return 0, err
		}
	}
	return w.Rows(), nil
}

package dml

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// fillAddedColumns applies an ALTER TABLE whose added columns have a DEFAULT: existing rows
// take the default's value, as in PostgreSQL. The columns are added nullable first, the
// existing rows are rewritten with the defaults filled in (a volatile default is evaluated
// per row, like PostgreSQL's table rewrite), and NOT NULL is applied last so its check sees
// the filled values and reports a NULL default as PostgreSQL does.
func fillAddedColumns(ctx *executor.Ctx, at *planner.AlterTable) error {
	def := *at.Def
	def.Columns = slices.Clone(def.Columns)
	notNull := false
	for _, i := range at.FillCols {
		if def.Columns[i].NotNull {
			def.Columns[i].NotNull, notNull = false, true
		}
	}
	if err := ctx.Txn.AlterTable(def, at.Src); err != nil {
		return err
	}
	fill, err := executor.CompileExprs(at.Fill)
	if err != nil {
		return err
	}
	recs, rowIDs, err := ctx.Txn.RowIDBatches(def.OID)
	if err != nil {
		return err
	}
	schema := ctx.Txn.Catalog().TableByOID(def.OID).ArrowSchema()
	var ids []int64
	var filled []arrow.Record
	defer func() {
		for _, r := range filled {
			r.Release()
		}
	}()
	for k, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := r.NumRows()
		if n == 0 {
			continue
		}
		made, err := fill.EvalRows(ctx, n)
		if err != nil {
			return err
		}
		cols := slices.Clone(r.Columns())
		for j, a := range made {
			cols[at.FillCols[j]] = a
		}
		filled = append(filled, array.NewRecord(schema, cols, n))
		for _, a := range made {
			a.Release()
		}
		ids = append(ids, rowIDs[k].Int64Values()...)
	}
	if len(ids) > 0 {
		if err := ctx.Txn.Delete(def.OID, ids); err != nil {
			return err
		}
		for _, r := range filled {
			if err := ctx.Txn.Insert(def.OID, r); err != nil {
				return err
			}
		}
	}
	if !notNull {
		return nil
	}
	same := make([]int, len(def.Columns))
	for i := range same {
		same[i] = i
	}
	return ctx.Txn.AlterTable(*at.Def, same)
}

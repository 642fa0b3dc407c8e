package dml

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// Every row change of the package goes through these functions, which tell the statement's
// WriteObserver (foreign keys) of it: inserts once done, deletes and updates before, while
// the old rows can still be read.

// insertRecord appends rec (of table's full schema) to table.
func insertRecord(ctx *executor.Ctx, table *catalog.TableDef, rec arrow.Record) error {
	if err := ctx.Txn.Insert(table.OID, rec); err != nil {
		return err
	}
	countWrites(ctx, table, rec.NumRows(), 0, 0)
	if ctx.Writes != nil {
		return ctx.Writes.Inserted(table, rec)
	}
	return nil
}

// DeleteRows deletes table's rows ids.
func DeleteRows(ctx *executor.Ctx, table *catalog.TableDef, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if ctx.Writes != nil {
		if err := ctx.Writes.Deleting(table, ids); err != nil {
			return err
		}
	}
	if err := ctx.Txn.Delete(table.OID, ids); err != nil {
		return err
	}
	countWrites(ctx, table, 0, 0, int64(len(ids)))
	return nil
}

// updateRows replaces table's rows ids by the rows of recs, pairwise in order.
func updateRows(ctx *executor.Ctx, table *catalog.TableDef, ids []int64, recs []arrow.Record) error {
	if len(ids) == 0 {
		return nil
	}
	if ctx.Writes != nil {
		if err := ctx.Writes.Updating(table, ids, recs); err != nil {
			return err
		}
	}
	if err := ctx.Txn.Delete(table.OID, ids); err != nil {
		return err
	}
	for _, r := range recs {
		if err := ctx.Txn.Insert(table.OID, r); err != nil {
			return err
		}
	}
	countWrites(ctx, table, 0, int64(len(ids)), 0)
	return nil
}

// ReplaceRows replaces table's rows ids by the rows of rec (of table's full schema),
// pairwise, refusing rows that break NOT NULL or the CHECK constraints checks, as an
// UPDATE does; foreign keys' referential actions change referencing rows through it.
func ReplaceRows(ctx *executor.Ctx, table *catalog.TableDef, ids []int64, rec arrow.Record, checks []planner.CheckExpr) error {
	if err := CheckNotNull(ctx, table, rec.Columns()); err != nil {
		return err
	}
	c, err := compileChecks(checks)
	if err != nil {
		return err
	}
	if err := c.check(ctx, table, rec); err != nil {
		return err
	}
	return updateRows(ctx, table, ids, []arrow.Record{rec})
}

// countWrites counts rows inserted, updated and deleted in table, for pg_stat_user_tables.
func countWrites(ctx *executor.Ctx, table *catalog.TableDef, ins, upd, del int64) {
	ctx.Tables.Of(table.OID).Wrote(ins, upd, del)
	ctx.Mods.Add(table.OID, ins+upd+del)
}

package dml

import (
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TableWriter appends rows to a table: incoming column i fills table column target[i], the
// others are NULL. It enforces NOT NULL. INSERT and COPY FROM write through it.
type TableWriter struct {
	ctx    *executor.Ctx
	table  *catalog.TableDef
	target []int
	schema *arrow.Schema
	rows   int64
	checks rowChecks
	// skipConflicts, arbiters and kept serve ON CONFLICT DO NOTHING (SkipConflicts).
	skipConflicts bool
	arbiters      []types.OID
	kept          []int32
}

// NewTableWriter returns a writer into table in ctx's transaction.
func NewTableWriter(ctx *executor.Ctx, table *catalog.TableDef, target []int) *TableWriter {
	return &TableWriter{ctx: ctx, table: table, target: target, schema: table.ArrowSchema()}
}

// Rows returns the number of rows written so far.
func (w *TableWriter) Rows() int64 { return w.rows }

// Write appends n rows given as one array per target column. The arrays stay the
// caller's.
func (w *TableWriter) Write(cols []arrow.Array, n int64) error {
	if n == 0 {
		return nil
	}
	full := make([]arrow.Array, len(w.table.Columns))
	var made []arrow.Array
	defer func() {
		for _, a := range made {
			a.Release()
		}
	}()
	for i, t := range w.target {
		full[t] = cols[i]
	}
	for i, c := range w.table.Columns {
		if full[i] == nil {
			a := array.MakeArrayOfNull(w.ctx.Mem, w.schema.Field(i).Type, int(n))
			made = append(made, a)
			full[i] = a
		}
		if !arrow.TypeEqual(full[i].DataType(), w.schema.Field(i).Type) {
			return pgerror.Newf(pgcode.InternalError, "column \"%s\" receives %s values, not %s", c.Name, full[i].DataType(), w.schema.Field(i).Type)
		}
	}
	if err := CheckNotNull(w.ctx, w.table, full); err != nil {
		return err
	}
	rec := array.NewRecord(w.schema, full, n)
	defer rec.Release()
	if err := w.checks.check(w.ctx, w.table, rec); err != nil {
		return err
	}
	if w.skipConflicts {
		return w.insertSkipping(rec)
	}
	if err := insertRecord(w.ctx, w.table, rec); err != nil {
		return err
	}
	w.kept = nil
	w.rows += n
	return nil
}

// ConflictSkipper is implemented by transactions that can insert rows leaving out those
// whose key a row already has in one of some unique indexes (package storage's).
type ConflictSkipper interface {
	// InsertSkippingConflicts inserts the rows of rec that conflict in none of the
	// arbiter indexes and returns their positions (nil: all rows).
	InsertSkippingConflicts(oid types.OID, rec arrow.Record, arbiters []types.OID) ([]int32, error)
}

// SkipConflicts makes the writer leave out the rows that conflict in the arbiter indexes
// (INSERT ... ON CONFLICT DO NOTHING); Kept then tells which rows of each Write went in.
func (w *TableWriter) SkipConflicts(arbiters []types.OID) {
	w.skipConflicts, w.arbiters = true, arbiters
}

// Kept returns the positions of the rows the last Write inserted, nil when it inserted all.
func (w *TableWriter) Kept() []int32 { return w.kept }

func (w *TableWriter) insertSkipping(rec arrow.Record) error {
	cs, ok := w.ctx.Txn.(ConflictSkipper)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot run ON CONFLICT")
	}
	kept, err := cs.InsertSkippingConflicts(w.table.OID, rec, w.arbiters)
	if err != nil {
		return err
	}
	w.kept = kept
	n := rec.NumRows()
	if kept != nil {
		n = int64(len(kept))
	}
	w.rows += n
	countWrites(w.ctx, w.table, n, 0, 0)
	if w.ctx.Writes == nil || kept != nil && len(kept) == 0 {
		return nil
	}
	if kept == nil {
		return w.ctx.Writes.Inserted(w.table, rec)
	}
	in, err := executor.TakeRows(w.ctx.Mem, rec, kept)
	if err != nil {
		return err
	}
	defer in.Release()
	return w.ctx.Writes.Inserted(w.table, in)
}

// CheckNotNull reports the first row of cols (a full row of table) with a NULL in a NOT NULL
// column, with PostgreSQL's detail listing the failing row.
func CheckNotNull(ctx *executor.Ctx, table *catalog.TableDef, cols []arrow.Array) error {
	for i, c := range table.Columns {
		if !c.NotNull || cols[i].NullN() == 0 {
			continue
		}
		row := 0
		for cols[i].IsValid(row) {
			row++
		}
		return pgerror.Newf(pgcode.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", c.Name, table.Name).
			WithDetail("Failing row contains " + rowDescription(ctx, table, cols, row) + ".")
	}
	return nil
}

// rowDescription renders row of cols as PostgreSQL's error details do: "(1, null, abc)",
// each value in its text form clipped to 64 bytes.
func rowDescription(ctx *executor.Ctx, table *catalog.TableDef, cols []arrow.Array, row int) string {
	const maxField = 64
	out := []byte{'('}
	for i, c := range table.Columns {
		if i > 0 {
			out = append(out, ", "...)
		}
		if cols[i].IsNull(row) {
			out = append(out, "null"...)
			continue
		}
		v := types.TextAppender(c.Type, cols[i], ctx.IO)(nil, row)
		if len(v) > maxField {
			cut := maxField
			for cut > 0 && !utf8.RuneStart(v[cut]) {
				cut--
			}
			v = append(v[:cut:cut], "..."...)
		}
		out = append(out, v...)
	}
	return string(append(out, ')'))
}

// SetChecks makes the writer refuse rows that break the table's CHECK constraints.
func (w *TableWriter) SetChecks(checks []planner.CheckExpr) error {
	var err error
	w.checks, err = compileChecks(checks)
	return err
}

// rowChecks are compiled CHECK constraints of a table, and the check options of views
// written through (view set).
type rowChecks struct {
	names []string
	view  []bool
	preds executor.Exprs
}

func compileChecks(checks []planner.CheckExpr) (rowChecks, error) {
	c := rowChecks{}
	preds := make([]planner.Expr, len(checks))
	for i, ch := range checks {
		c.names = append(c.names, ch.Name)
		c.view = append(c.view, ch.View)
		preds[i] = ch.Pred
	}
	var err error
	c.preds, err = executor.CompileExprs(preds)
	return c, err
}

// check reports the first row of rec (a table's full rows) that breaks a constraint, as
// PostgreSQL does: 23514 naming the constraint (44000 naming the view, for a view's check
// option), with the row in the detail.
func (c rowChecks) check(ctx *executor.Ctx, table *catalog.TableDef, rec arrow.Record) error {
	for k, name := range c.names {
		res, err := c.preds.EvalOne(ctx, k, rec)
		if err != nil {
			return err
		}
		b := res.(*array.Boolean)
		for i := range b.Len() {
			if c.view[k] && !(b.IsValid(i) && b.Value(i)) {
				res.Release()
				return pgerror.Newf(pgcode.WithCheckOptionViolation, "new row violates check option for view \"%s\"", name).
					WithDetail("Failing row contains " + rowDescription(ctx, table, rec.Columns(), i) + ".")
			}
			if !c.view[k] && b.IsValid(i) && !b.Value(i) {
				res.Release()
				return pgerror.Newf(pgcode.CheckViolation, "new row for relation \"%s\" violates check constraint \"%s\"", table.Name, name).
					WithDetail("Failing row contains " + rowDescription(ctx, table, rec.Columns(), i) + ".")
			}
		}
		res.Release()
	}
	return nil
}

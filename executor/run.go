package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/planner"
)

// What the statement layers (packages session, dml and pgcopy) use of the executor besides
// Build: opening a query, evaluating expressions outside an operator, and selecting rows.

// Open builds plan's operators and opens them. The caller drains the operator with Next
// and closes it; on error nothing is left open.
func Open(ctx *Ctx, plan planner.Plan) (Operator, error) {
	op, err := Build(plan, ctx)
	if err != nil {
		return nil, err
	}
	if err := op.Open(ctx); err != nil {
		op.Close()
		return nil, err
	}
	return op, nil
}

// Exprs are compiled expressions that read no input columns, evaluated outside any
// operator: COPY's column defaults and the defaults ALTER TABLE fills existing rows with.
type Exprs struct{ evs []evaluator }

// CompileExprs compiles es, which must not reference input columns.
func CompileExprs(es []planner.Expr) (Exprs, error) {
	evs, err := compileList(es)
	if err != nil {
		return Exprs{}, err
	}
	return Exprs{evs: evs}, nil
}

// Eval evaluates every expression over the rows of rec and returns one array per
// expression, which the caller releases. On error nothing is leaked.
func (e Exprs) Eval(ctx *Ctx, rec arrow.Record) ([]arrow.Array, error) {
	return evalAll(ctx, e.evs, rec)
}

// EvalOne evaluates expression k over the rows of rec.
func (e Exprs) EvalOne(ctx *Ctx, k int, rec arrow.Record) (arrow.Array, error) {
	return e.evs[k].eval(ctx, rec)
}

// Len returns the number of expressions.
func (e Exprs) Len() int { return len(e.evs) }

// EvalRows evaluates every expression for n rows (a volatile expression, such as nextval or
// random, once per row) and returns one array per expression, which the caller releases.
// On error nothing is leaked.
func (e Exprs) EvalRows(ctx *Ctx, n int64) ([]arrow.Array, error) {
	if len(e.evs) == 0 {
		return nil, nil
	}
	empty := array.NewRecord(arrow.NewSchema(nil, nil), nil, n)
	defer empty.Release()
	return evalAll(ctx, e.evs, empty)
}

// TakeRows returns the rows idx of rec (in that order) as a new record, which the caller
// releases.
func TakeRows(mem memory.Allocator, rec arrow.Record, idx []int32) (arrow.Record, error) {
	cols, err := takeColumns(mem, rec.Columns(), idx)
	if err != nil {
		return nil, err
	}
	defer releaseArrays(cols)
	return array.NewRecord(rec.Schema(), cols, int64(len(idx))), nil
}

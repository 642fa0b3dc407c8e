package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Records (planner.RowExpr, planner.FieldSelect) are Arrow structs with a child per field
// (catalog/types, "Records"): building one puts its fields' arrays side by side, selecting
// a field takes the child back, NULL where the record is NULL.

type rowExprEval struct {
	t      types.T
	fields []evaluator
}

func compileRowExpr(x *planner.RowExpr) (evaluator, error) {
	fields, err := compileList(x.Fields)
	if err != nil {
		return nil, err
	}
	return &rowExprEval{t: x.T, fields: fields}, nil
}

func (e *rowExprEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	fields, err := evalAll(ctx, e.fields, rec)
	if err != nil {
		return nil, err
	}
	defer releaseAll(fields)
	return types.MakeRecords(e.t, fields, nil, int(rec.NumRows())), nil
}

type fieldSelectEval struct {
	arg evaluator
	idx int
}

func (e *fieldSelectEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	a, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	f := a.(*array.Struct).Field(e.idx)
	f.Retain()
	if a.NullN() == 0 {
		return f, nil
	}
	return withValidity(ctx.Mem, f, validBitmap(a)), nil
}

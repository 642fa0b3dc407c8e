package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// domainEval enforces a domain's constraints on the values of its argument, which it
// returns unchanged (planner.CoerceToDomain). Each CHECK predicate is evaluated over the
// whole batch at once, as a one-column record holding the values.
type domainEval struct {
	x     *planner.CoerceToDomain
	arg   evaluator
	preds []evaluator // nil for NOT NULL
}

func compileDomain(x *planner.CoerceToDomain) (evaluator, error) {
	arg, err := compileExpr(x.Arg)
	if err != nil {
		return nil, err
	}
	e := &domainEval{x: x, arg: arg, preds: make([]evaluator, len(x.Constraints))}
	for i, c := range x.Constraints {
		if c.Pred == nil {
			continue
		}
		if e.preds[i], err = compileExpr(c.Pred); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *domainEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	v, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	if err := e.check(ctx, v); err != nil {
		v.Release()
		return nil, err
	}
	return v, nil
}

// check returns the error of the first constraint some value breaks.
func (e *domainEval) check(ctx *Ctx, v arrow.Array) error {
	var row arrow.Record
	defer func() {
		if row != nil {
			row.Release()
		}
	}()
	for i, c := range e.x.Constraints {
		if e.preds[i] == nil {
			if v.NullN() > 0 {
				return pgerror.Newf(pgcode.NotNullViolation, "domain %s does not allow null values", e.x.Name)
			}
			continue
		}
		if row == nil {
			schema := arrow.NewSchema([]arrow.Field{{Name: "value", Type: v.DataType(), Nullable: true}}, nil)
			row = array.NewRecord(schema, []arrow.Array{v}, int64(v.Len()))
		}
		ok, err := e.preds[i].eval(ctx, row)
		if err != nil {
			return err
		}
		b := ok.(*array.Boolean)
		failed := false
		for j := 0; j < b.Len() && !failed; j++ {
			failed = b.IsValid(j) && !b.Value(j)
		}
		ok.Release()
		if failed {
			return pgerror.Newf(pgcode.CheckViolation, "value for domain %s violates check constraint \"%s\"", e.x.Name, c.Name)
		}
	}
	return nil
}

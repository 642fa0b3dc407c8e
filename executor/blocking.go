package executor

// Helpers shared by the blocking operators (hash aggregate, joins, sort, DISTINCT, set
// operations): expression compilation hooks, output schemas and evaluation of expression
// lists over a batch.

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// exprCompiler compiles a bound expression. Operators take it as a parameter (compileExpr in
// production) so that their tests can supply a minimal evaluator.
type exprCompiler func(planner.Expr) (evaluator, error)

func compileAll(compile exprCompiler, es []planner.Expr) ([]evaluator, error) {
	out := make([]evaluator, len(es))
	for i, e := range es {
		ev, err := compile(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// evalAll evaluates es over rec. On error nothing is leaked.
func evalAll(ctx *Ctx, es []evaluator, rec arrow.Record) ([]arrow.Array, error) {
	out := make([]arrow.Array, 0, len(es))
	for _, e := range es {
		a, err := e.eval(ctx, rec)
		if err != nil {
			releaseArrays(out)
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// concatArrays joins arrays of one type into one (retaining the single part when there is
// only one).
func concatArrays(mem memory.Allocator, dt arrow.DataType, parts []arrow.Array) (arrow.Array, error) {
	switch len(parts) {
	case 0:
		return array.MakeArrayOfNull(mem, dt, 0), nil
	case 1:
		parts[0].Retain()
		return parts[0], nil
	}
	a, err := array.Concatenate(parts, mem)
	if err != nil {
		return nil, pgerror.Wrapf(err, pgcode.ProgramLimitExceeded, "cannot materialize sort key")
	}
	return a, nil
}

// checkColumnTypes verifies that an operator's output columns have the schema's types, so a
// planning mistake surfaces as an error instead of a panic in record construction.
func checkColumnTypes(schema *arrow.Schema, cols []arrow.Array) error {
	for i, c := range cols {
		if want := schema.Field(i).Type; !arrow.TypeEqual(c.DataType(), want) {
			return pgerror.Newf(pgcode.InternalError, "column %q has Arrow type %s, expected %s",
				schema.Field(i).Name, c.DataType(), want)
		}
	}
	return nil
}

// closeAll closes operators, returning the first error.
func closeAll(ops ...Operator) error {
	var first error
	for _, op := range ops {
		if op == nil {
			continue
		}
		if err := op.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

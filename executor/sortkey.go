package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Sort keys compare as their Arrow values do (rowcmp.go), which is each type's ordering for
// every built-in type. Enum values are their labels' OIDs, whose order is not the type's:
// an enum key is evaluated to the values' ranks in the type's sort order instead, taken from
// the statement's catalog snapshot.

// compileSortKeys compiles the expressions of ORDER BY keys into evaluators of comparable
// values.
func compileSortKeys(compile exprCompiler, keys []planner.SortKey) ([]evaluator, error) {
	out := make([]evaluator, len(keys))
	for i, k := range keys {
		ev, err := compileSortKey(compile, k.Expr)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// compileSortKey compiles one ORDER BY key into an evaluator of comparable values.
func compileSortKey(compile exprCompiler, e planner.Expr) (evaluator, error) {
	ev, err := compile(e)
	if err != nil {
		return nil, err
	}
	if t := e.Type(); types.IsEnum(t.OID) {
		ev = &enumRankEval{inner: ev, t: t}
	}
	return ev, nil
}

// sortKeyIsColumn reports whether key e compares as the input column it reads, which a sort
// then need not evaluate: a plain column reference of a type that is not an enum.
func sortKeyIsColumn(e planner.Expr, width int) (int, bool) {
	ref, ok := e.(*planner.ColRef)
	if !ok || ref.Idx >= width || types.IsEnum(ref.Type().OID) {
		return 0, false
	}
	return ref.Idx, true
}

// sortKeyArrow returns the Arrow type of the values compileSortKeys evaluates e to.
func sortKeyArrow(e planner.Expr) arrow.DataType {
	if types.IsEnum(e.Type().OID) {
		return arrow.PrimitiveTypes.Int32
	}
	return e.Type().Arrow()
}

// enumRankEval evaluates an enum expression to its values' ranks (types.Enum.RankArray).
type enumRankEval struct {
	inner evaluator
	t     types.T
}

func (e *enumRankEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	v, err := e.inner.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer v.Release()
	var en *types.Enum
	if ctx.IO != nil && ctx.IO.Types != nil {
		en = ctx.IO.Types.Enum(e.t.OID)
	}
	if en == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", e.t.OID)
	}
	return en.RankArray(v.(*array.Uint32), ctx.Mem), nil
}

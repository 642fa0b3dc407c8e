package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

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
	if _, _, ok := enumKey(e.Type()); ok {
		ev = &enumRankEval{inner: ev, t: e.Type()}
	}
	return ev, nil
}

// sortKeyIsColumn reports whether key e compares as the input column it reads, which a sort
// then need not evaluate: a plain column reference of a type that is not an enum.
func sortKeyIsColumn(e planner.Expr, width int) (int, bool) {
	ref, ok := e.(*planner.ColRef)
	if !ok || ref.Idx >= width {
		return 0, false
	}
	if _, _, enum := enumKey(ref.Type()); enum {
		return 0, false
	}
	return ref.Idx, true
}

// sortKeyArrow returns the Arrow type of the values compileSortKeys evaluates e to.
func sortKeyArrow(e planner.Expr) arrow.DataType {
	if _, array, ok := enumKey(e.Type()); ok {
		if array {
			return types.ArrayArrow(arrow.PrimitiveTypes.Int32)
		}
		return arrow.PrimitiveTypes.Int32
	}
	return e.Type().Arrow()
}

// enumKey reports whether values of t are enums or arrays of enums, and returns the enum.
func enumKey(t types.T) (enum types.T, array, ok bool) {
	t = types.BaseType(t)
	if types.IsEnum(t.OID) {
		return t, false, true
	}
	if elem, isArray := types.ElemType(t); isArray && types.IsEnum(elem.OID) {
		return elem, true, true
	}
	return types.T{}, false, false
}

// enumRankEval evaluates an expression of an enum type, or of arrays of one, to its
// values' ranks (enumRanker).
type enumRankEval struct {
	inner evaluator
	t     types.T // the expression's type
}

func (e *enumRankEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	v, err := e.inner.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer v.Release()
	rank := enumRanker(e.t, ctx.IO, ctx.Mem)
	if rank == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", e.t.OID)
	}
	return rank(v), nil
}

// enumRanker returns the function mapping values of t, an enum or an array of one (or a
// domain over either), to comparable ranks; nil for other types, or when io does not know
// the enum.
func enumRanker(t types.T, io *types.IOSettings, mem memory.Allocator) func(arrow.Array) arrow.Array {
	enum, isArray, ok := enumKey(t)
	if !ok || io == nil || io.Types == nil {
		return nil
	}
	en := io.Types.Enum(enum.OID)
	if en == nil {
		return nil
	}
	if isArray {
		return func(v arrow.Array) arrow.Array { return en.RankArrays(v, mem) }
	}
	return func(v arrow.Array) arrow.Array { return en.RankArray(v.(*array.Uint32), mem) }
}

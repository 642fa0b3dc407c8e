package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Numeric arithmetic, value by value on the numeric words (types.Num), with PostgreSQL's
// per-value result scales: max(s1, s2) for + - %, s1+s2 for *, select_div_scale for /.

type num = types.Num

var numericDT = types.NumericArrowType

func numericArith() arithKernels {
	return arithKernels{
		pl:  numericBinary(types.NumericAdd),
		mi:  numericBinary(types.NumericSub),
		mul: numericBinary(types.NumericMul),
		div: numericDivide(types.NumericDiv),
		mod: numericDivide(types.NumericMod),
		um: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, numericDT, args[0], func(v num) (num, bool) { return v.Neg(), true }, nil)
		},
		abs: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, numericDT, args[0], func(v num) (num, bool) { return v.Abs(), true }, nil)
		},
	}
}

func numericBinary(op func(a, b num) (num, bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, numericDT, args[0], args[1], op, func(num, num) error { return errNumericOverflow() })
	}
}

// numericDivide is / and %: a zero divisor is 22012 (except under a NaN dividend, which
// gives NaN), anything else failing is overflow.
func numericDivide(op func(a, b num) (num, bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, numericDT, args[0], args[1], func(a, b num) (num, bool) {
			if b.IsZero() && !a.IsNaN() {
				return num{}, false
			}
			return op(a, b)
		}, func(_, b num) error {
			if b.IsZero() {
				return errDivisionByZero()
			}
			return errNumericOverflow()
		})
	}
}

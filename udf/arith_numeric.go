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
		pl:  numericBinary(types.NumericAdd, func(a, b, out []num) bool { return types.NumericAddVec(a, b, out, false) }),
		mi:  numericBinary(types.NumericSub, func(a, b, out []num) bool { return types.NumericAddVec(a, b, out, true) }),
		mul: numericBinary(types.NumericMul, types.NumericMulVec),
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

// numericBinary is + - or *: vec computes whole vectors of small words of one scale (the
// usual column of declared scale), op each value otherwise (and always when vec is nil).
func numericBinary(op func(a, b num) (num, bool), vec func(a, b, out []num) bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		if vec != nil {
			n := args[0].Len()
			buf, out := newFixed[num](allocator(env), n)
			if vec(values[num](args[0]), values[num](args[1]), out) {
				return makeArray(numericDT, n, nil, 0, buf), nil
			}
			buf.Release()
		}
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

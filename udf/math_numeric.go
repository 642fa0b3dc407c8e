package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// roundToInt is round/trunc/ceil/floor(numeric): display scale 0.
func roundToInt(mode types.RoundMode) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapUnary(env, numericDT, args[0], func(v num) (num, bool) {
			return types.NumericRound(v, 0, mode)
		}, func(num) error { return errNumericOverflow() })
	}
}

// roundToDigits is round/trunc(numeric, int): each result's display scale is max(digits, 0),
// as PostgreSQL's round_var gives it.
func roundToDigits(mode types.RoundMode) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, numericDT, args[0], args[1], func(v num, d int32) (num, bool) {
			// PostgreSQL limits the digits to +-NUMERIC_MAX_RESULT_SCALE.
			return types.NumericRound(v, min(max(d, -2000), 2000), mode)
		}, func(num, int32) error { return errNumericOverflow() })
	}
}

func numericSign(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return mapUnary(env, numericDT, args[0], func(v num) (num, bool) {
		return types.NumericSignValue(v), true
	}, nil)
}

func registerNumericRounding(b builder) {
	n, i4 := types.Numeric, types.Int4
	b.scalar(1708, "round", oids(n), n, roundToInt(types.RoundHalfAway))
	b.scalar(1707, "round", oids(n, i4), n, roundToDigits(types.RoundHalfAway))
	b.scalar(1710, "trunc", oids(n), n, roundToInt(types.RoundTrunc))
	b.scalar(1709, "trunc", oids(n, i4), n, roundToDigits(types.RoundTrunc))
	ceil := b.scalar(1711, "ceil", oids(n), n, roundToInt(types.RoundCeil))
	b.alias(2167, "ceiling", ceil)
	b.scalar(1712, "floor", oids(n), n, roundToInt(types.RoundFloor))
	b.scalar(1706, "sign", oids(n), n, numericSign)
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// roundMode says how decRound treats the dropped digits.
type roundMode byte

const (
	roundHalfAway roundMode = iota // PostgreSQL's numeric round()
	roundTrunc
	roundFloor
	roundCeil
)

// decRound rounds v (at scale s) to digits fractional digits (negative digits round to tens,
// hundreds, ...), returning the result at scale digits. digits must be below s.
func decRound(v num, s, digits int32, mode roundMode) num {
	neg, h, l := split(v)
	x := u256{l, h, 0, 0}
	drop := s - digits
	sticky := false
	for k := drop - 1; k > 0; {
		step := min(k, 19)
		sticky = x.divmod64(pow10[step]) != 0 || sticky
		k -= step
	}
	last := x.divmod64(10)
	up := false
	switch mode {
	case roundHalfAway:
		up = last >= 5
	case roundFloor:
		up = neg && (last != 0 || sticky)
	case roundCeil:
		up = !neg && (last != 0 || sticky)
	}
	if up {
		x.add64(1)
	}
	// The quotient is at most 10^38 / 10 + 1, so it fits in 128 bits and 38 digits.
	r, _ := join(neg, x[1], x[0])
	return r
}

// roundToInt is a numeric -> numeric(scale 0) kernel.
func roundToInt(mode roundMode) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		s := decimalScale(args[0])
		rs := resultScale(env, 0)
		return mapUnary(env, numericType(rs), args[0], func(v num) (num, bool) {
			if s > 0 {
				v = decRound(v, s, 0, mode)
				return align(v, 0, rs)
			}
			return align(v, s, rs)
		}, func(num) error { return errNumericOverflow() })
	}
}

// roundToDigits is a numeric, int4 -> numeric kernel: values keep their scale (a column has
// one scale, while PostgreSQL's result scale would be the per-row digit count).
func roundToDigits(mode roundMode) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		s := decimalScale(args[0])
		rs := resultScale(env, s)
		return mapBinary(env, numericType(rs), args[0], args[1], func(v num, d int32) (num, bool) {
			if d >= s {
				return align(v, s, rs)
			}
			d = max(d, s-80) // beyond 38 digits everything rounds to zero
			return align(decRound(v, s, d, mode), d, rs)
		}, func(num, int32) error { return errNumericOverflow() })
	}
}

func numericSign(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	rs := resultScale(env, 0)
	one, _ := align(decimal128.FromI64(1), 0, rs)
	return mapUnary(env, numericType(rs), args[0], func(v num) (num, bool) {
		switch {
		case v.HighBits() < 0:
			return one.Negate(), true
		case isZero(v):
			return num{}, true
		}
		return one, true
	}, nil)
}

func registerNumericRounding(b builder) {
	n, i4 := types.Numeric, types.Int4
	scale0 := func(f *catalog.Func) *catalog.Func {
		f.ReturnType = func([]types.T) types.T { return types.NumericWithScale(0) }
		return f
	}
	keep := func(f *catalog.Func) *catalog.Func { f.ReturnType = sameType; return f }
	scale0(b.scalar(1708, "round", oids(n), n, roundToInt(roundHalfAway)))
	keep(b.scalar(1707, "round", oids(n, i4), n, roundToDigits(roundHalfAway)))
	scale0(b.scalar(1710, "trunc", oids(n), n, roundToInt(roundTrunc)))
	keep(b.scalar(1709, "trunc", oids(n, i4), n, roundToDigits(roundTrunc)))
	ceil := scale0(b.scalar(1711, "ceil", oids(n), n, roundToInt(roundCeil)))
	b.alias(2167, "ceiling", ceil)
	scale0(b.scalar(1712, "floor", oids(n), n, roundToInt(roundFloor)))
	scale0(b.scalar(1706, "sign", oids(n), n, numericSign))
}

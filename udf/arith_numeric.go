package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Numeric arithmetic. Result scales follow PostgreSQL's display scales where those depend
// only on the operand scales: max(s1, s2) for + - %, s1+s2 for * (capped, see mulScale). For
// division PostgreSQL picks a value-dependent scale (select_div_scale: at least 16 significant
// digits); a column needs one scale, so we use max(16, s1, s2), which matches PostgreSQL for
// quotients between 1 and 10 and keeps at least 16 fractional digits otherwise.

// mulScale is the scale of a product: exact (s1+s2) unless that exceeds both the operand
// scales and the default scale, since every digit of scale is a digit less for the integer
// part in a 38-digit decimal.
func mulScale(s1, s2 int32) int32 {
	return min(s1+s2, max(s1, s2, types.DefaultNumericScale), maxNumericScale)
}

// divScale is the scale of a quotient (and of avg).
func divScale(s1, s2 int32) int32 {
	return min(max(s1, s2, types.DefaultNumericScale), maxNumericScale)
}

var numericBinaryReturn = map[string]func([]types.T) types.T{
	"add": func(a []types.T) types.T {
		return types.NumericWithScale(max(a[0].NumericScale(), a[1].NumericScale()))
	},
	"sub": func(a []types.T) types.T {
		return types.NumericWithScale(max(a[0].NumericScale(), a[1].NumericScale()))
	},
	"mod": func(a []types.T) types.T {
		return types.NumericWithScale(max(a[0].NumericScale(), a[1].NumericScale()))
	},
	"mul": func(a []types.T) types.T {
		return types.NumericWithScale(mulScale(a[0].NumericScale(), a[1].NumericScale()))
	},
	"div": func(a []types.T) types.T {
		return types.NumericWithScale(divScale(a[0].NumericScale(), a[1].NumericScale()))
	},
}

// resultScale returns the scale the caller expects the result at: the call site's declared
// return type when it is numeric, else the scale derived from the argument arrays.
func resultScale(env *catalog.FuncEnv, derived int32) int32 {
	if env != nil && env.RetType.OID == types.Numeric {
		return env.RetType.NumericScale()
	}
	return derived
}

func numericArith() arithKernels {
	return arithKernels{
		pl: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return numericAddSub(env, args, decAdd)
		},
		mi: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return numericAddSub(env, args, decSub)
		},
		mul: numericMul,
		div: numericDiv,
		mod: numericMod,
		um: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return numericUnary(env, args[0], func(v num) num { return v.Negate() })
		},
		abs: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return numericUnary(env, args[0], func(v num) num { return v.Abs() })
		},
	}
}

func numericUnary(env *catalog.FuncEnv, x arrow.Array, f func(num) num) (arrow.Array, error) {
	s := decimalScale(x)
	rs := resultScale(env, s)
	return mapUnary(env, numericType(rs), x, func(v num) (num, bool) {
		r := f(v)
		if rs != s {
			return decRescale(r, s, rs)
		}
		return r, true
	}, func(num) error { return errNumericOverflow() })
}

// align converts v from scale from to scale to, skipping the work when they agree.
func align(v num, from, to int32) (num, bool) {
	if from == to {
		return v, true
	}
	return decRescale(v, from, to)
}

func numericAddSub(env *catalog.FuncEnv, args []arrow.Array, op func(a, b num) (num, bool)) (arrow.Array, error) {
	s1, s2 := decimalScale(args[0]), decimalScale(args[1])
	s := max(s1, s2)
	rs := resultScale(env, s)
	f := func(a, b num) (num, bool) {
		var ok1, ok2 bool
		a, ok1 = align(a, s1, s)
		b, ok2 = align(b, s2, s)
		r, ok := op(a, b)
		if !(ok && ok1 && ok2) {
			return num{}, false
		}
		return align(r, s, rs)
	}
	if s1 == s2 && s == rs {
		f = op
	}
	return mapBinary(env, numericType(rs), args[0], args[1], f, func(num, num) error { return errNumericOverflow() })
}

func numericMul(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	s1, s2 := decimalScale(args[0]), decimalScale(args[1])
	rs := resultScale(env, mulScale(s1, s2))
	drop := s1 + s2 - rs
	f := func(a, b num) (num, bool) { return decMul(a, b, drop) }
	if drop < 0 {
		f = func(a, b num) (num, bool) {
			r, ok := decMul(a, b, 0)
			if !ok {
				return r, false
			}
			return decRescale(r, s1+s2, rs)
		}
	}
	return mapBinary(env, numericType(rs), args[0], args[1], f, func(num, num) error { return errNumericOverflow() })
}

func isZero(v num) bool { return v.HighBits() == 0 && v.LowBits() == 0 }

func numericDiv(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	s1, s2 := decimalScale(args[0]), decimalScale(args[1])
	rs := resultScale(env, divScale(s1, s2))
	e := rs - s1 + s2
	var scratch divScratch
	return mapBinary(env, numericType(rs), args[0], args[1], func(a, b num) (num, bool) {
		if isZero(b) {
			return num{}, false
		}
		return scratch.decDiv(a, b, e)
	}, func(_, b num) error {
		if isZero(b) {
			return errDivisionByZero()
		}
		return errNumericOverflow()
	})
}

func numericMod(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	s1, s2 := decimalScale(args[0]), decimalScale(args[1])
	s := max(s1, s2)
	rs := resultScale(env, s)
	var scratch divScratch
	return mapBinary(env, numericType(rs), args[0], args[1], func(a, b num) (num, bool) {
		a, ok1 := align(a, s1, s)
		b, ok2 := align(b, s2, s)
		if !ok1 || !ok2 || isZero(b) {
			return num{}, false
		}
		return align(scratch.decMod(a, b), s, rs)
	}, func(_, b num) error {
		if isZero(b) {
			return errDivisionByZero()
		}
		return errNumericOverflow()
	})
}

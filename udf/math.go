package udf

import (
	"math"
	"math/rand/v2"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Mathematical functions. float8 versions follow PostgreSQL's float.c, including its error
// reporting for results the C library flags with ERANGE. numeric versions exist where the
// result scale is static (rounding to an integer, sign); numeric sqrt/exp/ln/power pick
// value-dependent scales in PostgreSQL and resolve to the float8 versions here.

func registerMath(b builder) {
	f8 := types.Float8
	float8Fn := func(oid types.OID, name string, f func(float64) (float64, bool), fail func(float64) error) *catalog.Func {
		return b.scalar(oid, name, oids(f8), f8, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, arrow.PrimitiveTypes.Float64, args[0], f, fail)
		})
	}
	exact := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), true }
	}
	float8Fn(1342, "round", exact(math.RoundToEven), nil)
	float8Fn(1343, "trunc", exact(math.Trunc), nil)
	ceil := float8Fn(2308, "ceil", exact(math.Ceil), nil)
	b.alias(2320, "ceiling", ceil)
	float8Fn(2309, "floor", exact(math.Floor), nil)
	float8Fn(2310, "sign", exact(signFloat), nil)
	float8Fn(1345, "cbrt", exact(math.Cbrt), nil)
	float8Fn(1344, "sqrt", func(x float64) (float64, bool) { return math.Sqrt(x), !(x < 0) }, func(float64) error {
		return pgerror.New(pgcode.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
	})
	float8Fn(1347, "exp", expFloat, func(x float64) error { return floatErr(math.Exp(x)) })
	float8Fn(1341, "ln", logFloat(math.Log), logError)
	float8Fn(1340, "log", logFloat(math.Log10), logError)
	float8Fn(1194, "log10", logFloat(math.Log10), logError)
	degrees := func(x float64) float64 { return x / radiansPerDegree }
	radians := func(x float64) float64 { return x * radiansPerDegree }
	float8Fn(1608, "degrees", finite(degrees), floatErrOf(degrees))
	float8Fn(1609, "radians", finite(radians), floatErrOf(radians))

	pow := b.scalar(1368, "power", oids(f8, f8), f8, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, arrow.PrimitiveTypes.Float64, args[0], args[1], powFloat, powError)
	})
	b.alias(1346, "pow", pow)
	b.op(965, "^", f8, f8, b.alias(232, "dpow", pow))

	b.scalar(1610, "pi", nil, f8, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		return fillFloat64(env, func() float64 { return math.Pi }), nil
	})
	random := b.scalar(1598, "random", nil, f8, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		return fillFloat64(env, rand.Float64), nil
	})
	random.Volatility = catalog.Volatile

	registerNumericRounding(b)
	registerNumericTranscend(b)
	registerTrig(b)
	registerMathExtra(b)
}

func signFloat(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0 // NaN included, as in PostgreSQL
}

// finite wraps f so that an infinite result from a finite argument fails (PostgreSQL's
// float overflow check).
func finite(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) {
		r := f(x)
		return r, !math.IsInf(r, 0) || math.IsInf(x, 0)
	}
}

func floatErrOf(f func(float64) float64) func(float64) error {
	return func(x float64) error { return floatErr(f(x)) }
}

func expFloat(x float64) (float64, bool) {
	r := math.Exp(x)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return r, true
	}
	return r, !math.IsInf(r, 0) && r != 0
}

func logFloat(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) { return f(x), !(x <= 0) }
}

func logError(x float64) error {
	if x == 0 {
		return pgerror.New(pgcode.InvalidArgumentForLog, "cannot take logarithm of zero")
	}
	return pgerror.New(pgcode.InvalidArgumentForLog, "cannot take logarithm of a negative number")
}

// powFloat is PostgreSQL's dpow: the C library's pow with its special cases pinned down and
// domain and range errors reported.
func powFloat(x, y float64) (float64, bool) {
	switch {
	case math.IsNaN(x):
		if math.IsNaN(y) || y != 0 {
			return math.NaN(), true
		}
		return 1, true
	case math.IsNaN(y):
		if x != 1 {
			return math.NaN(), true
		}
		return 1, true
	case x == 0 && y < 0:
		return 0, false
	case x < 0 && math.Floor(y) != y && !math.IsInf(y, 0):
		return 0, false
	case math.IsInf(x, 0) || math.IsInf(y, 0):
		return math.Pow(x, y), true
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) || (r == 0 && x != 0) {
		return r, false
	}
	return r, true
}

func powError(x, y float64) error {
	switch {
	case x == 0 && y < 0:
		return pgerror.New(pgcode.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	case x < 0 && math.Floor(y) != y:
		return pgerror.New(pgcode.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	return floatErr(math.Pow(x, y))
}

// batchLen returns the number of rows of a call: its arguments' length, or env.Rows for
// functions without arguments.
func batchLen(env *catalog.FuncEnv, args []arrow.Array) int {
	if len(args) > 0 {
		return args[0].Len()
	}
	if env == nil {
		return 1
	}
	return env.Rows
}

func fillFloat64(env *catalog.FuncEnv, f func() float64) arrow.Array {
	n := batchLen(env, nil)
	buf, out := newFixed[float64](allocator(env), n)
	for i := range out {
		out[i] = f()
	}
	return makeArray(arrow.PrimitiveTypes.Float64, n, nil, 0, buf)
}

package udf

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Trigonometric and hyperbolic functions on float8, as PostgreSQL's float.c defines them:
// NaN in gives NaN out, arguments outside a function's domain (and infinite arguments of
// the periodic ones) are 22003 "input is out of range". The degree-based variants reduce
// their argument to the first quadrant and scale by the function's own value at 30, 45 or 60
// degrees, so that sind(30) is exactly 0.5 and tand(45) exactly 1, as PostgreSQL does.

// radiansPerDegree is a variable so that products with it round as float64 arithmetic does
// at run time, not exactly as Go's constant arithmetic would.
var radiansPerDegree = 0.0174532925199432957692

// The constants PostgreSQL computes once at run time with the same library functions the
// degree-based functions call, so the scaled results are exact at the special angles.
var (
	sin30         = math.Sin(30 * radiansPerDegree)
	oneMinusCos60 = 1 - math.Cos(60*radiansPerDegree)
	asin05        = math.Asin(0.5)
	acos05        = math.Acos(0.5)
	atan10        = math.Atan(1)
	tan45         = sindQ1(45) / cosdQ1(45)
	cot45         = cosdQ1(45) / sindQ1(45)
)

func errInputOutOfRange() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "input is out of range")
}

func registerTrig(b builder) {
	f8 := types.Float8
	unary := func(oid types.OID, name string, f func(float64) (float64, bool)) *catalog.Func {
		return b.scalar(oid, name, oids(f8), f8, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, arrow.PrimitiveTypes.Float64, args[0], f, func(float64) error { return errInputOutOfRange() })
		})
	}
	binary := func(oid types.OID, name string, f func(y, x float64) float64) {
		b.scalar(oid, name, oids(f8, f8), f8, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinary(env, arrow.PrimitiveTypes.Float64, args[0], args[1], func(y, x float64) (float64, bool) {
				return f(y, x), true
			}, nil)
		})
	}
	periodic := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), !math.IsInf(x, 0) }
	}
	unitDomain := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), math.IsNaN(x) || (x >= -1 && x <= 1) }
	}
	always := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), true }
	}

	unary(1604, "sin", periodic(math.Sin))
	unary(1605, "cos", periodic(math.Cos))
	unary(1606, "tan", periodic(math.Tan))
	unary(1607, "cot", periodic(func(x float64) float64 { return 1 / math.Tan(x) }))
	unary(1600, "asin", unitDomain(math.Asin))
	unary(1601, "acos", unitDomain(math.Acos))
	unary(1602, "atan", always(math.Atan))
	binary(1603, "atan2", math.Atan2)

	unary(2735, "sind", periodic(sind))
	unary(2736, "cosd", periodic(cosd))
	unary(2737, "tand", periodic(tand))
	unary(2738, "cotd", periodic(cotd))
	unary(2731, "asind", unitDomain(asind))
	unary(2732, "acosd", unitDomain(acosd))
	unary(2733, "atand", always(func(x float64) float64 { return math.Atan(x) / atan10 * 45 }))
	binary(2734, "atan2d", func(y, x float64) float64 { return math.Atan2(y, x) / atan10 * 45 })

	unary(2462, "sinh", always(math.Sinh))
	unary(2463, "cosh", always(math.Cosh))
	unary(2464, "tanh", always(math.Tanh))
	unary(2465, "asinh", always(math.Asinh))
	unary(2466, "acosh", func(x float64) (float64, bool) { return math.Acosh(x), math.IsNaN(x) || x >= 1 })
	unary(2467, "atanh", unitDomain(math.Atanh))
}

func sind0To30(x float64) float64 { return math.Sin(x*radiansPerDegree) / sin30 / 2 }

func cosd0To60(x float64) float64 {
	return 1 - (1-math.Cos(x*radiansPerDegree))/oneMinusCos60/2
}

// sindQ1 and cosdQ1 stitch sine and cosine together over [0, 90] so that the results at 0,
// 30, 60 and 90 degrees are exact.
func sindQ1(x float64) float64 {
	if x <= 30 {
		return sind0To30(x)
	}
	return cosd0To60(90 - x)
}

func cosdQ1(x float64) float64 {
	if x <= 60 {
		return cosd0To60(x)
	}
	return sind0To30(90 - x)
}

// quadrant reduces an angle in degrees to [0, 90] and returns the signs the reduction
// implies for an odd function (sine, tangent, cotangent: oddSign) and for cosine.
func quadrant(x float64) (a float64, oddSign, cosSign, tanSign float64) {
	a, oddSign, cosSign, tanSign = math.Mod(x, 360), 1, 1, 1
	if a < 0 {
		a, oddSign, tanSign = -a, -1, -1
	}
	if a > 180 {
		a, oddSign, tanSign = 360-a, -oddSign, -tanSign
	}
	if a > 90 {
		a, cosSign, tanSign = 180-a, -1, -tanSign
	}
	return a, oddSign, cosSign, tanSign
}

func sind(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	a, s, _, _ := quadrant(x)
	return s * sindQ1(a)
}

func cosd(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	a, _, s, _ := quadrant(x)
	return s * cosdQ1(a)
}

func tand(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	a, _, _, s := quadrant(x)
	return s*(sindQ1(a)/cosdQ1(a))/tan45 + 0 // + 0 turns -0 into 0, as PostgreSQL does
}

func cotd(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	a, _, _, s := quadrant(x)
	return s*(cosdQ1(a)/sindQ1(a))/cot45 + 0
}

func asindQ1(x float64) float64 {
	if x <= 0.5 {
		return math.Asin(x) / asin05 * 30
	}
	return 90 - math.Acos(x)/acos05*60
}

func acosdQ1(x float64) float64 {
	if x <= 0.5 {
		return 90 - math.Asin(x)/asin05*30
	}
	return math.Acos(x) / acos05 * 60
}

func asind(x float64) float64 {
	if x >= 0 {
		return asindQ1(x)
	}
	return -asindQ1(-x)
}

func acosd(x float64) float64 {
	if x >= 0 {
		return acosdQ1(x)
	}
	return 90 + asindQ1(-x)
}

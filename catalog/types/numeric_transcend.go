package types

import (
	"math"
	"math/big"
	"sync"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Square root, exponential, logarithms, power and truncating division of numerics, as
// PostgreSQL's numeric.c defines them. Each result's display scale is chosen the way
// PostgreSQL chooses it: from an estimate of the result's decimal weight, so that it has at
// least numericMinSigDigits significant digits and no fewer fractional digits than the
// inputs. The value is computed in binary floating point with far more precision than the
// 35 digits a coefficient holds, then rounded half away from zero to that scale. Where the
// scale would need more than 35 significant digits (or a display scale above
// NumericMaxScale), the result keeps as many fractional digits as fit, where PostgreSQL
// would print them all; results whose integer part needs more than 35 digits are 22003
// "value overflows numeric format", where PostgreSQL's limit is far higher.

const (
	// numericMinSigDigits is NUMERIC_MIN_SIG_DIGITS: the fewest significant digits a
	// computed transcendental result shows.
	numericMinSigDigits = 16
	// numericMaxDisplayScale is NUMERIC_MAX_DISPLAY_SCALE, the cap of a chosen scale.
	numericMaxDisplayScale = 1000
	// transPrec is the working precision in bits (about 150 decimal digits): enough that
	// rounding to any 35-digit result is right except for values within 10^-110 of a tie.
	transPrec = 500
)

// ln2 is ln(2) at transPrec bits, computed once.
var ln2 = sync.OnceValue(func() *big.Float {
	// ln 2 = 2 atanh(1/3).
	third := newFloat().Quo(newFloat().SetInt64(1), newFloat().SetInt64(3))
	return atanhTimes2(third)
})

func newFloat() *big.Float { return new(big.Float).SetPrec(transPrec) }

// toFloat converts a finite numeric exactly (up to transPrec bits).
func toFloat(n Num) *big.Float {
	neg, m, scale := n.parts()
	var c big.Int
	c.SetUint64(m.hi)
	c.Lsh(&c, 64)
	c.Or(&c, new(big.Int).SetUint64(m.lo))
	if neg {
		c.Neg(&c)
	}
	f := newFloat().SetInt(&c)
	if scale > 0 {
		f.Quo(f, newFloat().SetInt(pow10Big(scale)))
	}
	return f
}

// decWeight returns floor(log10|n|) of a finite nonzero numeric: its decimal weight.
func decWeight(n Num) int32 {
	_, m, scale := n.parts()
	var c big.Int
	c.SetUint64(m.hi)
	c.Lsh(&c, 64)
	c.Or(&c, new(big.Int).SetUint64(m.lo))
	return int32(len(c.String())) - 1 - scale
}

// nbaseWeight is the weight of n in PostgreSQL's base-10000 digits (0 for zero).
func nbaseWeight(n Num) int32 {
	if n.IsZero() {
		return 0
	}
	q, _ := floorDiv(int64(decWeight(n)), 4)
	return int32(q)
}

// fromFloat rounds f half away from zero to rscale fractional digits, keeping no more
// digits than a coefficient holds.
func fromFloat(f *big.Float, rscale int32) (Num, error) {
	rscale = min(max(rscale, 0), numericMaxDisplayScale)
	if f.Sign() != 0 {
		// Digits left of the point: keep the scale within the 35 digits, plus one so the
		// final rounding (finishNumeric) sees the next digit.
		exp := f.MantExp(nil) // |f| < 2^exp
		intDigits := int32(math.Ceil(float64(exp) * math.Log10(2)))
		if intDigits > NumericMaxDigits+1 {
			return Num{}, errNumericFormatOverflow()
		}
		rscale = min(rscale, NumericMaxDigits+1-intDigits)
	}
	rscale = min(rscale, NumericMaxScale+1)
	scaled := newFloat().Set(f)
	if rscale > 0 {
		scaled.Mul(scaled, newFloat().SetInt(pow10Big(rscale)))
	} else if rscale < 0 {
		scaled.Quo(scaled, newFloat().SetInt(pow10Big(-rscale)))
	}
	neg := scaled.Sign() < 0
	scaled.Abs(scaled)
	scaled.Add(scaled, newFloat().SetFloat64(0.5))
	c, _ := scaled.Int(nil)
	if rscale < 0 {
		c.Mul(c, pow10Big(-rscale))
		rscale = 0
	}
	r, ok := numericFromBig(neg, c, rscale)
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return r, nil
}

// chooseScale applies PostgreSQL's bounds to a scale derived from a weight estimate.
func chooseScale(rscale int32, dscales ...int32) int32 {
	for _, d := range dscales {
		rscale = max(rscale, d)
	}
	return min(max(rscale, 0), numericMaxDisplayScale)
}

// NumericSqrtOf is sqrt(numeric): numeric_sqrt's scale and errors.
func NumericSqrtOf(n Num) (Num, error) {
	if n.Sign() < 0 {
		return Num{}, pgerror.New(pgcode.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
	}
	if n.IsSpecial() {
		return n, nil
	}
	sweight := 2*nbaseWeight(n) + 1
	r, ok := NumericSqrt(n, chooseScale(numericMinSigDigits-sweight, n.Scale()))
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return r, nil
}

// NumericExp is exp(numeric).
func NumericExp(n Num) (Num, error) {
	switch {
	case n.IsNaN():
		return n, nil
	case n == NumericPosInf:
		return n, nil
	case n == NumericNegInf:
		return Num{}, nil
	}
	val := n.Float64()
	if math.Abs(val) >= 6000 {
		if val > 0 {
			return Num{}, errNumericFormatOverflow()
		}
		return fromFloat(newFloat(), chooseScale(numericMinSigDigits+2000, n.Scale()))
	}
	w := max(min(val*0.434294481903252, 2000), -2000)
	rscale := chooseScale(numericMinSigDigits-int32(w), n.Scale())
	if w > NumericMaxDigits+1 {
		return Num{}, errNumericFormatOverflow()
	}
	return fromFloat(expFloat(toFloat(n)), rscale)
}

// NumericLn is ln(numeric).
func NumericLn(n Num) (Num, error) {
	switch {
	case n.IsNaN(), n == NumericPosInf:
		return n, nil
	}
	if err := checkLogArg(n); err != nil {
		return Num{}, err
	}
	rscale := chooseScale(numericMinSigDigits-estimateLnWeight(n), n.Scale())
	return fromFloat(lnFloat(toFloat(n)), rscale)
}

// NumericLog is log(base, n); log(n) is log(10, n).
func NumericLog(base, n Num) (Num, error) {
	if base.IsSpecial() || n.IsSpecial() {
		if base.IsNaN() || n.IsNaN() {
			return NumericNaN, nil
		}
		s1, s2 := base.Sign(), n.Sign()
		if s1 < 0 || s2 < 0 {
			return Num{}, errLogNegative()
		}
		if s1 == 0 || s2 == 0 {
			return Num{}, errLogZero()
		}
		if base == NumericPosInf {
			if n == NumericPosInf {
				return NumericNaN, nil // Inf / Inf
			}
			return Num{}, nil
		}
		return NumericPosInf, nil
	}
	if err := checkLogArg(base); err != nil {
		return Num{}, err
	}
	if err := checkLogArg(n); err != nil {
		return Num{}, err
	}
	if CompareNumeric(base, MakeNumeric(1, 0)) == 0 {
		return Num{}, pgerror.New(pgcode.DivisionByZero, "division by zero")
	}
	rw := estimateLnWeight(n) - estimateLnWeight(base)
	rscale := chooseScale(numericMinSigDigits-rw, base.Scale(), n.Scale())
	return fromFloat(newFloat().Quo(lnFloat(toFloat(n)), lnFloat(toFloat(base))), rscale)
}

func errLogZero() error {
	return pgerror.New(pgcode.InvalidArgumentForLog, "cannot take logarithm of zero")
}

func errLogNegative() error {
	return pgerror.New(pgcode.InvalidArgumentForLog, "cannot take logarithm of a negative number")
}

func checkLogArg(n Num) error {
	switch s := n.Sign(); {
	case s == 0:
		return errLogZero()
	case s < 0:
		return errLogNegative()
	}
	return nil
}

// estimateLnWeight is estimate_ln_dweight: roughly log10(|ln(n)|) of a finite n, from the
// leading base-10000 digits as PostgreSQL takes them, so the chosen scales agree.
func estimateLnWeight(n Num) int32 {
	if n.Sign() <= 0 {
		return 0
	}
	if CompareNumeric(n, MakeNumeric(9, 1)) >= 0 && CompareNumeric(n, MakeNumeric(11, 1)) <= 0 {
		x, _ := NumericSub(n, MakeNumeric(1, 0))
		if x.IsZero() {
			return 0
		}
		return decWeight(x)
	}
	// The first two base-10000 digits: floor(n / 10000^(w-1)).
	w := nbaseWeight(n)
	e := -4 * (w - 1)
	_, m, scale := n.parts()
	var c big.Int
	c.SetUint64(m.hi)
	c.Lsh(&c, 64)
	c.Or(&c, new(big.Int).SetUint64(m.lo))
	if shift := e - scale; shift >= 0 {
		c.Mul(&c, pow10Big(shift))
	} else {
		c.Quo(&c, pow10Big(-shift))
	}
	digits := float64(c.Int64())
	lnv := math.Log(digits) + float64(4*(w-1))*2.302585092994046
	return int32(math.Log10(math.Abs(lnv)))
}

// NumericPower is power(base, exp) and base ^ exp.
func NumericPower(base, exp Num) (Num, error) {
	if base.IsSpecial() || exp.IsSpecial() {
		return numericPowerSpecial(base, exp)
	}
	if base.IsZero() && exp.Sign() < 0 {
		return Num{}, pgerror.New(pgcode.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	integral := isIntegral(exp)
	if base.Sign() < 0 && !integral {
		return Num{}, pgerror.New(pgcode.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	if integral {
		if e, ok := exp.Int64(); ok && e >= math.MinInt32 && e <= math.MaxInt32 {
			return powerInt(base, e)
		}
	}
	if base.IsZero() {
		return fromFloat(newFloat(), numericMinSigDigits)
	}
	neg := base.Sign() < 0
	b := toFloat(base.Abs())
	lnNum := newFloat().Mul(lnFloat(b), toFloat(exp))
	val, _ := lnNum.Float64()
	if math.Abs(val) > 6000*1.01 {
		if val > 0 {
			return Num{}, errNumericFormatOverflow()
		}
		return fromFloat(newFloat(), numericMaxDisplayScale)
	}
	val *= 0.434294481903252
	if val > NumericMaxDigits+1 {
		return Num{}, errNumericFormatOverflow()
	}
	rscale := chooseScale(numericMinSigDigits-int32(val), base.Scale(), exp.Scale())
	r := expFloat(lnNum)
	if neg && isOdd(exp) {
		r.Neg(r)
	}
	return fromFloat(r, rscale)
}

// powerInt is PostgreSQL 15's power_var_int: an integer exponent, computed by repeated
// squaring, at display scale max(16, base's scale) whatever the result's magnitude.
func powerInt(base Num, e int64) (Num, error) {
	rscale := chooseScale(numericMinSigDigits, base.Scale())
	if !base.IsZero() && float64(e)*math.Log10(math.Abs(base.Float64())) > NumericMaxDigits+1 {
		return Num{}, errNumericFormatOverflow()
	}
	if e == 0 {
		return fromFloat(newFloat().SetInt64(1), rscale)
	}
	if base.IsZero() {
		return fromFloat(newFloat(), rscale)
	}
	mag := uint64(e)
	if e < 0 {
		mag = uint64(-e)
	}
	r, sq := newFloat().SetInt64(1), toFloat(base)
	for ; mag > 0; mag >>= 1 {
		if mag&1 != 0 {
			r.Mul(r, sq)
		}
		if mag > 1 {
			sq.Mul(sq, sq)
		}
	}
	if e < 0 {
		r.Quo(newFloat().SetInt64(1), r)
	}
	return fromFloat(r, rscale)
}

// numericPowerSpecial is numeric_power for NaN and infinite inputs, following POSIX pow.
func numericPowerSpecial(base, exp Num) (Num, error) {
	one := MakeNumeric(1, 0)
	if base.IsNaN() {
		if !exp.IsSpecial() && exp.IsZero() {
			return one, nil
		}
		return NumericNaN, nil
	}
	if exp.IsNaN() {
		if !base.IsSpecial() && CompareNumeric(base, one) == 0 {
			return one, nil
		}
		return NumericNaN, nil
	}
	s1, s2 := base.Sign(), exp.Sign()
	if s1 == 0 && s2 < 0 {
		return Num{}, pgerror.New(pgcode.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	if s1 < 0 && !isIntegral(exp) {
		return Num{}, pgerror.New(pgcode.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	if base.IsInf() {
		if s1 > 0 {
			switch {
			case s2 > 0:
				return NumericPosInf, nil
			case s2 == 0:
				return one, nil
			}
			return Num{}, nil
		}
		// -Infinity: the sign follows an odd integral exponent.
		switch {
		case s2 > 0:
			if isOdd(exp) {
				return NumericNegInf, nil
			}
			return NumericPosInf, nil
		case s2 == 0:
			return one, nil
		}
		return Num{}, nil
	}
	// Finite base, infinite exponent: compare |base| with 1.
	c := CompareNumeric(base.Abs(), one)
	switch {
	case c == 0:
		return one, nil
	case (c > 0) == (s2 > 0):
		return NumericPosInf, nil
	}
	return Num{}, nil
}

// isIntegral reports whether n is a whole number (infinities count, as in PostgreSQL).
func isIntegral(n Num) bool {
	if n.IsNaN() {
		return false
	}
	if n.IsInf() {
		return true
	}
	r, _ := NumericRound(n, 0, RoundTrunc)
	return CompareNumeric(r, n) == 0
}

// isOdd reports whether an integral n is odd; infinities are not.
func isOdd(n Num) bool {
	if n.IsSpecial() {
		return false
	}
	r, ok := NumericMod(n, MakeNumeric(2, 0))
	return ok && !r.IsZero()
}

// NumericDivTrunc is div(numeric, numeric): the quotient truncated toward zero, scale 0.
func NumericDivTrunc(a, b Num) (Num, error) {
	if a.IsSpecial() || b.IsSpecial() {
		if a.IsNaN() || b.IsNaN() {
			return NumericNaN, nil
		}
		if a.IsInf() {
			if b.IsSpecial() {
				return NumericNaN, nil
			}
			switch s := b.Sign() * a.Sign(); {
			case b.IsZero():
				return Num{}, pgerror.New(pgcode.DivisionByZero, "division by zero")
			case s > 0:
				return NumericPosInf, nil
			}
			return NumericNegInf, nil
		}
		return Num{}, nil
	}
	if b.IsZero() {
		return Num{}, pgerror.New(pgcode.DivisionByZero, "division by zero")
	}
	r, ok := NumericDivTo(a, b, 0, true)
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return r, nil
}

// expFloat is e^x: x is halved until it is tiny, summed as a Taylor series, and the sum
// squared back.
func expFloat(x *big.Float) *big.Float {
	r := newFloat().Set(x)
	k := 0
	if e := r.MantExp(nil); e > -12 {
		k = e + 12
		r.SetMantExp(r, -k)
	}
	sum, term := newFloat().SetInt64(1), newFloat().SetInt64(1)
	limit := newFloat().SetMantExp(newFloat().SetInt64(1), -transPrec-8)
	for i := int64(1); ; i++ {
		term.Mul(term, r)
		term.Quo(term, newFloat().SetInt64(i))
		sum.Add(sum, term)
		if newFloat().Abs(term).Cmp(limit) < 0 {
			break
		}
	}
	for ; k > 0; k-- {
		sum.Mul(sum, sum)
	}
	return sum
}

// lnFloat is ln(x) for x > 0: x = m * 2^e with m in [0.5, 1), m is brought near 1 by
// square roots, and ln m comes from the atanh series.
func lnFloat(x *big.Float) *big.Float {
	m := newFloat()
	e := x.MantExp(m)
	const roots = 8
	for i := 0; i < roots; i++ {
		m.Sqrt(m)
	}
	one := newFloat().SetInt64(1)
	z := newFloat().Quo(newFloat().Sub(m, one), newFloat().Add(m, one))
	r := atanhTimes2(z)
	r.SetMantExp(r, roots)
	return r.Add(r, newFloat().Mul(ln2(), newFloat().SetInt64(int64(e))))
}

// atanhTimes2 is 2 atanh(z) = 2 (z + z^3/3 + z^5/5 + ...) for small |z|.
func atanhTimes2(z *big.Float) *big.Float {
	sum, pow := newFloat().Set(z), newFloat().Set(z)
	z2 := newFloat().Mul(z, z)
	limit := newFloat().SetMantExp(newFloat().SetInt64(1), -transPrec-8)
	for i := int64(3); ; i += 2 {
		pow.Mul(pow, z2)
		t := newFloat().Quo(pow, newFloat().SetInt64(i))
		sum.Add(sum, t)
		if t.Sign() == 0 || newFloat().Abs(t).Cmp(limit) < 0 {
			break
		}
	}
	return sum.SetMantExp(sum, 1)
}

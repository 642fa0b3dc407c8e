package types

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Numeric values live in Arrow Decimal128 arrays as a signed 128-bit integer v standing for
// v / 10^scale. Arrow's own decimal helpers go through math/big for division and rescaling,
// which is far too slow for per-value loops, so this file keeps the arithmetic on an unsigned
// 128-bit magnitude plus a sign, using math/bits.

// u128 is an unsigned 128-bit magnitude.
type u128 struct{ hi, lo uint64 }

// pow10u64 holds 10^0 .. 10^19, the powers that fit in a uint64.
var pow10u64 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// pow10u128 holds 10^0 .. 10^38.
var pow10u128 = func() (p [39]u128) {
	p[0] = u128{0, 1}
	for i := 1; i < len(p); i++ {
		p[i], _ = p[i-1].mul64(10)
	}
	return
}()

// decimalLimit is 10^38: magnitudes at or above it do not fit numeric(38, s).
var decimalLimit = pow10u128[NumericMaxPrecision]

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func (a u128) less(b u128) bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }

func (a u128) add(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c2 := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c2 != 0
}

func (a u128) sub(b u128) u128 {
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, c)
	return u128{hi, lo}
}

// mul64 returns a*m and whether the product overflowed 128 bits.
func (a u128) mul64(m uint64) (u128, bool) {
	h1, lo := bits.Mul64(a.lo, m)
	h2, l2 := bits.Mul64(a.hi, m)
	hi, c := bits.Add64(h1, l2, 0)
	return u128{hi, lo}, h2 != 0 || c != 0
}

// divmod64 returns a/d and a%d.
func (a u128) divmod64(d uint64) (u128, uint64) {
	qhi, r := bits.Div64(0, a.hi, d)
	qlo, r := bits.Div64(r, a.lo, d)
	return u128{qhi, qlo}, r
}

// mulPow10 returns a*10^k and whether it overflowed 128 bits.
func (a u128) mulPow10(k int32) (u128, bool) {
	for k > 0 {
		step := min(k, 19)
		var of bool
		if a, of = a.mul64(pow10u64[step]); of {
			return a, true
		}
		k -= step
	}
	return a, false
}

// divPow10 returns a/10^k truncated, and whether any nonzero digit was dropped.
func (a u128) divPow10(k int32) (u128, bool) {
	inexact := false
	for k > 0 {
		step := min(k, 19)
		var r uint64
		a, r = a.divmod64(pow10u64[step])
		inexact = inexact || r != 0
		k -= step
	}
	return a, inexact
}

// roundPow10 returns a/10^k rounded half away from zero (as PostgreSQL's numeric rounds).
func (a u128) roundPow10(k int32) u128 {
	if k <= 0 {
		return a
	}
	if k > 38 {
		// Anything we can hold is below 0.5 * 10^39.
		return u128{}
	}
	half, _ := pow10u128[k-1].mul64(5)
	s, of := a.add(half)
	if of {
		// Only possible for magnitudes near 2^128, which a signed 128-bit value never reaches.
		return u128{}
	}
	q, _ := s.divPow10(k)
	return q
}

// splitNum returns the sign and magnitude of a Decimal128 integer.
func splitNum(n decimal128.Num) (neg bool, m u128) {
	hi, lo := n.HighBits(), n.LowBits()
	if hi < 0 {
		lo2, c := bits.Sub64(0, lo, 0)
		hi2, _ := bits.Sub64(0, uint64(hi), c)
		return true, u128{hi2, lo2}
	}
	return false, u128{uint64(hi), lo}
}

// joinNum is the inverse of splitNum; m must be below 2^127.
func joinNum(neg bool, m u128) decimal128.Num {
	if neg {
		lo, c := bits.Sub64(0, m.lo, 0)
		hi, _ := bits.Sub64(0, m.hi, c)
		return decimal128.New(int64(hi), lo)
	}
	return decimal128.New(int64(m.hi), m.lo)
}

// RescaleDecimal converts v, an integer standing for v/10^from, to the integer that stands for
// the same value at scale to, rounding half away from zero when digits are dropped (as
// PostgreSQL's numeric rounding does). ok is false if the result does not fit in 38 digits.
func RescaleDecimal(v decimal128.Num, from, to int32) (out decimal128.Num, ok bool) {
	if from == to {
		return v, true
	}
	neg, m := splitNum(v)
	if to > from {
		var of bool
		if m, of = m.mulPow10(to - from); of || !m.less(decimalLimit) {
			return v, false
		}
	} else {
		m = m.roundPow10(from - to)
		if !m.less(decimalLimit) {
			return v, false
		}
	}
	return joinNum(neg, m), true
}

// CompareDecimal compares a/10^as with b/10^bs exactly, returning -1, 0 or 1.
func CompareDecimal(a decimal128.Num, as int32, b decimal128.Num, bs int32) int {
	an, am := splitNum(a)
	bn, bm := splitNum(b)
	if am.isZero() && bm.isZero() {
		return 0
	}
	if an != bn {
		if an {
			return -1
		}
		return 1
	}
	// Bring both to the larger scale; if that overflows, the scaled side is the larger in
	// magnitude, since the other side is below 2^128.
	c := 0
	var of bool
	switch {
	case as < bs:
		if am, of = am.mulPow10(bs - as); of {
			c = 1
		}
	case bs < as:
		if bm, of = bm.mulPow10(as - bs); of {
			c = -1
		}
	}
	if !of {
		switch {
		case am.less(bm):
			c = -1
		case bm.less(am):
			c = 1
		}
	}
	if an {
		c = -c
	}
	return c
}

// AppendDecimal appends the text form of v/10^scale with exactly scale fractional digits, as
// numeric_out prints a value whose display scale is scale. A negative scale prints an integer.
func AppendDecimal(dst []byte, v decimal128.Num, scale int32) []byte {
	neg, m := splitNum(v)
	if neg {
		dst = append(dst, '-')
	}
	var buf [48]byte
	i := len(buf)
	// Produce the digits least significant first in chunks of 19.
	for {
		var r uint64
		m, r = m.divmod64(pow10u64[19])
		if m.isZero() {
			for r > 0 {
				i--
				buf[i] = byte('0' + r%10)
				r /= 10
			}
			break
		}
		for k := 0; k < 19; k++ {
			i--
			buf[i] = byte('0' + r%10)
			r /= 10
		}
	}
	digits := buf[i:]
	if scale <= 0 {
		if len(digits) == 0 {
			return append(dst, '0')
		}
		dst = append(dst, digits...)
		for k := int32(0); k < -scale; k++ {
			dst = append(dst, '0')
		}
		return dst
	}
	n := int(scale)
	if len(digits) <= n {
		dst = append(dst, '0', '.')
		for k := len(digits); k < n; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-n]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-n:]...)
}

// DecimalToString returns the text form of v/10^scale; see AppendDecimal.
func DecimalToString(v decimal128.Num, scale int32) string {
	return string(AppendDecimal(nil, v, scale))
}

// ParseDecimal parses PostgreSQL numeric input (surrounding white space, sign, digits, point,
// exponent) and returns the value at the given scale, rounded half away from zero. Errors are
// 22P02 for bad syntax and 22003 when the value does not fit in 38 digits. NaN and infinities
// are valid numeric input in PostgreSQL but have no Decimal128 form; they are rejected with
// 0A000.
func ParseDecimal(s string, scale int32) (decimal128.Num, error) {
	v, err := parseDecimal(s, scale)
	if err != nil {
		if err == errNumericSyntax {
			return v, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
		}
		return v, err
	}
	return v, nil
}

// errNumericSyntax is returned by parseDecimal for malformed input, so callers can word the
// error for their own type.
var errNumericSyntax = pgerror.New(pgcode.InvalidTextRepresentation, "invalid numeric syntax")

// errNumericFormatOverflow reports a value that needs more than 38 digits at its scale.
func errNumericFormatOverflow() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "value overflows numeric format")
}

func parseDecimal(s string, scale int32) (decimal128.Num, error) {
	i, n := 0, len(s)
	for i < n && isSpace(s[i]) {
		i++
	}
	for n > i && isSpace(s[n-1]) {
		n--
	}
	body := s[i:n]
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if special := s[i:n]; len(special) >= 3 && !isDigit(special[0]) && special[0] != '.' {
		switch {
		case equalFold(body, "nan"):
			return decimal128.Num{}, pgerror.New(pgcode.FeatureNotSupported, "numeric NaN is not supported")
		case equalFold(special, "infinity"), equalFold(special, "inf"):
			return decimal128.Num{}, pgerror.New(pgcode.FeatureNotSupported, "numeric infinity is not supported")
		}
	}
	// Collect significant digits into a 128-bit magnitude; digits beyond what we can hold
	// only matter for rounding, so remember the first dropped digit and whether any nonzero
	// digit followed it.
	var m u128
	nd := 0  // significant digits kept in m
	exp := 0 // value = (m + dropped digits as a fraction) * 10^exp
	dropped := false
	var firstDropped byte
	sawDigit, sawPoint := false, false
	for ; i < n; i++ {
		c := s[i]
		if c == '.' {
			if sawPoint {
				return decimal128.Num{}, errNumericSyntax
			}
			sawPoint = true
			continue
		}
		if !isDigit(c) {
			break
		}
		sawDigit = true
		d := uint64(c - '0')
		switch {
		case nd < NumericMaxPrecision:
			if nd > 0 || d != 0 {
				m, _ = m.mul64(10)
				m, _ = m.add(u128{0, d})
				nd++
			}
			if sawPoint {
				exp--
			}
		default:
			// Past 38 significant digits only the first dropped digit matters, for rounding.
			if !dropped {
				dropped, firstDropped = true, c
			}
			if !sawPoint {
				exp++
			}
		}
	}
	if !sawDigit {
		return decimal128.Num{}, errNumericSyntax
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i >= n || !isDigit(s[i]) {
			return decimal128.Num{}, errNumericSyntax
		}
		e := 0
		for ; i < n && isDigit(s[i]); i++ {
			if e < 1000000 {
				e = e*10 + int(s[i]-'0')
			}
		}
		if e > 1000 {
			// PostgreSQL's limit on the exponent of numeric input.
			return decimal128.Num{}, errNumericSyntax
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != n {
		return decimal128.Num{}, errNumericSyntax
	}
	// value = m * 10^exp, plus the dropped digits (first digit firstDropped, then sticky)
	// just below m's last digit.
	shift := int32(exp) + scale
	if m.isZero() {
		return decimal128.Num{}, nil
	}
	if shift >= 0 {
		var of bool
		if m, of = m.mulPow10(shift); of || !m.less(decimalLimit) {
			return decimal128.Num{}, errNumericFormatOverflow()
		}
		// With digits dropped, m has 38 digits, so only shift == 0 gets here.
		if dropped && firstDropped >= '5' {
			m, _ = m.add(u128{0, 1})
		}
	} else {
		// Dropped digits sit below m's last digit; they cannot move the rounding decision,
		// which depends only on whether the removed part of m reaches one half.
		m = m.roundPow10(-shift)
	}
	if !m.less(decimalLimit) {
		return decimal128.Num{}, errNumericFormatOverflow()
	}
	return joinNum(neg, m), nil
}

// NumericTypmodError checks that v/10^scale fits numeric(precision, scale) and returns
// PostgreSQL's "numeric field overflow" error if not. v must already be rounded to scale.
func NumericTypmodError(v decimal128.Num, typmod int32) error {
	p, s, ok := NumericTypmod(typmod)
	if !ok {
		return nil
	}
	_, m := splitNum(v)
	if p <= 38 && m.less(pow10u128[p]) {
		return nil
	}
	if p > 38 {
		return nil
	}
	return numericFieldOverflow(p, s)
}

func numericFieldOverflow(p, s int32) error {
	e := pgerror.New(pgcode.NumericValueOutOfRange, "numeric field overflow")
	if maxdigits := p - s; maxdigits != 0 {
		e.Detail = "A field with precision " + itoa(p) + ", scale " + itoa(s) + " must round to an absolute value less than 10^" + itoa(maxdigits) + "."
	} else {
		e.Detail = "A field with precision " + itoa(p) + ", scale " + itoa(s) + " must round to an absolute value less than 1."
	}
	return e
}

func itoa(v int32) string { return strconv.Itoa(int(v)) }

// DecimalFromInt64 returns v at the given scale; ok is false if it needs more than 38 digits.
func DecimalFromInt64(v int64, scale int32) (decimal128.Num, bool) {
	neg := v < 0
	m := u128{0, uint64(v)}
	if neg {
		m.lo = uint64(-v) // also right for MinInt64
	}
	if scale < 0 {
		m = m.roundPow10(-scale)
	} else {
		var of bool
		if m, of = m.mulPow10(scale); of || !m.less(decimalLimit) {
			return decimal128.Num{}, false
		}
	}
	return joinNum(neg, m), true
}

// DecimalToInt64 rounds v/10^scale half away from zero to an integer; ok is false if the
// result does not fit in an int64.
func DecimalToInt64(v decimal128.Num, scale int32) (int64, bool) {
	neg, m := splitNum(v)
	if scale > 0 {
		m = m.roundPow10(scale)
	} else if scale < 0 {
		var of bool
		if m, of = m.mulPow10(-scale); of {
			return 0, false
		}
	}
	if m.hi != 0 {
		return 0, false
	}
	if neg {
		if m.lo > 1<<63 {
			return 0, false
		}
		return -int64(m.lo), true
	}
	if m.lo > math.MaxInt64 {
		return 0, false
	}
	return int64(m.lo), true
}

// DecimalToFloat64 returns the float64 nearest to v/10^scale, as PostgreSQL's numeric to
// double precision cast does (it goes through the decimal text).
func DecimalToFloat64(v decimal128.Num, scale int32) float64 {
	neg, m := splitNum(v)
	if m.hi == 0 && m.lo < 1<<53 && scale >= 0 && scale <= 22 {
		// Both operands are exact, so the one division is correctly rounded.
		f := float64(m.lo) / pow10f64[scale]
		if neg {
			f = -f
		}
		return f
	}
	var buf [64]byte
	f, _ := strconv.ParseFloat(string(AppendDecimal(buf[:0], v, scale)), 64)
	return f
}

// DecimalToFloat32 returns the float32 nearest to v/10^scale.
func DecimalToFloat32(v decimal128.Num, scale int32) float32 {
	var buf [64]byte
	f, _ := strconv.ParseFloat(string(AppendDecimal(buf[:0], v, scale)), 32)
	return float32(f)
}

var pow10f64 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// DecimalFromFloat64 converts f to numeric at the given scale as PostgreSQL does: through its
// text form with 15 significant digits (DBL_DIG), then rounded to the scale.
func DecimalFromFloat64(f float64, scale int32) (decimal128.Num, error) {
	return decimalFromFloat(f, 15, 64, scale)
}

// DecimalFromFloat32 converts f to numeric as PostgreSQL does, through 6 significant digits.
func DecimalFromFloat32(f float32, scale int32) (decimal128.Num, error) {
	return decimalFromFloat(float64(f), 6, 32, scale)
}

func decimalFromFloat(f float64, digits, bitSize int, scale int32) (decimal128.Num, error) {
	if math.IsNaN(f) {
		return decimal128.Num{}, pgerror.New(pgcode.FeatureNotSupported, "numeric NaN is not supported")
	}
	if math.IsInf(f, 0) {
		return decimal128.Num{}, pgerror.New(pgcode.FeatureNotSupported, "numeric infinity is not supported")
	}
	var buf [40]byte
	b := strconv.AppendFloat(buf[:0], f, 'e', digits-1, bitSize)
	return parseDecimal(string(b), scale)
}

package types

// # The numeric representation
//
// PostgreSQL's numeric keeps a display scale (dscale) with every value: 1, 2.5 and 6.00 in
// one column print as 1, 2.5 and 6.00, and arithmetic derives each result's dscale from its
// operands' (max for + and -, the sum for *, select_div_scale for /). pgfast keeps that
// per-value scale too. Every numeric, whatever its modifier, is held in an Arrow
// FixedSizeBinary(16) array (NumericArrowType; no other SQL type uses that Arrow type, so
// code that sees it knows it holds numerics). Each 16-byte little-endian word is a signed
// 128-bit integer
//
//	w = coef*256 + dscale
//
// whose low 8 bits are the display scale and whose upper 120 bits are the signed coefficient:
// the value is coef * 10^-dscale. Words of equal dscale order as signed integers, so the
// common case of comparing values of one column compares words directly.
//
// Coefficients hold at most NumericMaxDigits (35) decimal digits and dscale is at most
// NumericMaxScale. A result that needs more digits than that keeps as many fractional digits
// as fit, rounded half away from zero (PostgreSQL would keep them all); only when the
// integer part alone needs more than 35 digits does the operation fail with 22003 "value
// overflows numeric format". NaN and the infinities are held as words with a reserved
// display scale (see numeric_special.go).
//
// Declared numeric(p,s) columns round each value to dscale s when it is stored (assignment
// or explicit cast, as PostgreSQL's apply_typmod) and check precision p with PostgreSQL's
// "numeric field overflow" error. Equality ignores dscale (1.5 = 1.50): hashing uses
// Normalize, which strips trailing fractional zeros, so GROUP BY, DISTINCT and hash joins
// treat 1.5 and 1.50 as one value.

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Num is one numeric value in its executor word (see the representation notes above).
// Its memory layout is the 16-byte little-endian word of a FixedSizeBinary(16) array, so
// NumericValues can view an array's buffer as []Num.
type Num struct {
	lo uint64
	hi int64
}

const (
	// NumericMaxDigits is the number of decimal digits a coefficient holds.
	NumericMaxDigits = 35
	// NumericMaxScale is the largest display scale a value keeps.
	NumericMaxScale = 250
)

// NumericArrowType is the Arrow type of every numeric array.
var NumericArrowType arrow.DataType = &arrow.FixedSizeBinaryType{ByteWidth: 16}

// IsNumericArrow reports whether dt is the Arrow type that holds numerics.
func IsNumericArrow(dt arrow.DataType) bool {
	fs, ok := dt.(*arrow.FixedSizeBinaryType)
	return ok && fs.ByteWidth == 16
}

// NumericValues returns the values of a numeric array (offset applied) without copying.
// Slots of NULL rows hold arbitrary words.
func NumericValues(arr arrow.Array) []Num { return values[Num](arr) }

// numericLimit is 10^35: coefficient magnitudes must stay below it.
var numericLimit = pow10u128[NumericMaxDigits]

// Scale returns the value's display scale.
func (n Num) Scale() int32 { return int32(n.lo & 0xff) }

// IsZero reports whether the value is zero (of any scale).
func (n Num) IsZero() bool { return n.hi == 0 && n.lo>>8 == 0 && !n.IsSpecial() }

// Sign returns -1, 0 or 1: -1 for -Infinity, 1 for +Infinity and NaN (callers that must
// tell NaN apart test IsNaN first).
func (n Num) Sign() int {
	switch {
	case n.IsSpecial():
		if n.lo&0xff == numericNInfScale {
			return -1
		}
		return 1
	case n.hi < 0:
		return -1
	case n.IsZero():
		return 0
	}
	return 1
}

// parts returns the sign, coefficient magnitude and scale.
func (n Num) parts() (neg bool, m u128, scale int32) {
	scale = int32(n.lo & 0xff)
	hi, lo := uint64(n.hi), n.lo&^0xff
	if n.hi < 0 {
		neg = true
		var c uint64
		lo, c = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, c)
	}
	return neg, u128{hi >> 8, lo>>8 | hi<<56}, scale
}

// makeNumeric builds a word; m must be below 10^35 and scale within [0, NumericMaxScale].
func makeNumeric(neg bool, m u128, scale int32) Num {
	hi, lo := m.hi<<8|m.lo>>56, m.lo<<8
	if neg {
		var c uint64
		lo, c = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, c)
	}
	return Num{lo | uint64(scale), int64(hi)}
}

// NumericFromInt64 returns v with display scale 0.
func NumericFromInt64(v int64) Num {
	m := uint64(v)
	if v < 0 {
		m = uint64(-v) // also right for MinInt64
	}
	return makeNumeric(v < 0, u128{0, m}, 0)
}

// MakeNumeric returns coef * 10^-scale with display scale scale (0 <= scale <=
// NumericMaxScale).
func MakeNumeric(coef int64, scale int32) Num {
	n := NumericFromInt64(coef)
	n.lo |= uint64(scale)
	return n
}

// Neg returns -n with n's scale.
func (n Num) Neg() Num {
	if n.IsSpecial() {
		if n.IsInf() {
			return infOfSign(n.lo&0xff == numericPInfScale)
		}
		return n
	}
	neg, m, s := n.parts()
	return makeNumeric(!neg && !m.isZero(), m, s)
}

// Abs returns |n| with n's scale.
func (n Num) Abs() Num {
	if n.IsInf() {
		return NumericPosInf
	}
	if n.hi < 0 {
		return n.Neg()
	}
	return n
}

// Normalize returns n with trailing fractional zeros removed (1.500 -> 1.5, 0.00 -> 0): the
// canonical word of n's value, for hashing and equality.
func (n Num) Normalize() Num {
	s := n.Scale()
	if s == 0 || n.IsSpecial() {
		return n
	}
	neg, m, _ := n.parts()
	if m.isZero() {
		return Num{}
	}
	if m.hi == 0 {
		x := m.lo
		for s > 0 && x%10 == 0 {
			x /= 10
			s--
		}
		return makeNumeric(neg, u128{0, x}, s)
	}
	for s > 0 {
		q, r := m.divmod64(10)
		if r != 0 {
			break
		}
		m = q
		s--
	}
	return makeNumeric(neg, m, s)
}

// compareSmall compares finite values of different scales whose coefficients fit in 64
// bits after bringing both to the larger scale (column values against a constant written
// with fewer decimals, such as l_quantity < 24); ok is false otherwise.
func compareSmall(a, b Num) (int, bool) {
	sa, sb := int32(a.lo&0xff), int32(b.lo&0xff)
	if sa > NumericMaxScale || sb > NumericMaxScale {
		return 0, false
	}
	ca, ok1 := smallCoef(a)
	cb, ok2 := smallCoef(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	if sa < sb {
		d := sb - sa
		if d > 18 || ca > math.MaxInt64/pow10i64[d] || ca < -math.MaxInt64/pow10i64[d] {
			return 0, false
		}
		ca *= pow10i64[d]
	} else {
		d := sa - sb
		if d > 18 || cb > math.MaxInt64/pow10i64[d] || cb < -math.MaxInt64/pow10i64[d] {
			return 0, false
		}
		cb *= pow10i64[d]
	}
	switch {
	case ca < cb:
		return -1, true
	case ca > cb:
		return 1, true
	}
	return 0, true
}

// smallCoef returns the coefficient of n when its word fits in 64 bits.
func smallCoef(n Num) (int64, bool) {
	if (n.hi == 0 && n.lo>>63 == 0) || (n.hi == -1 && n.lo>>63 == 1) {
		return int64(n.lo) >> 8, true
	}
	return 0, false
}

// pow10i64[i] is 10^i.
var pow10i64 = [19]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// CompareNumeric compares the values of a and b (ignoring display scale), returning -1, 0
// or 1.
func CompareNumeric(a, b Num) int {
	if a.lo&0xff == b.lo&0xff {
		switch {
		case a.hi != b.hi:
			if a.hi < b.hi {
				return -1
			}
			return 1
		case a.lo < b.lo:
			return -1
		case a.lo > b.lo:
			return 1
		}
		return 0
	}
	if r, ok := compareSmall(a, b); ok {
		return r
	}
	if ra, rb := a.specialRank(), b.specialRank(); ra != 0 || rb != 0 {
		if ra == 0 {
			ra = 1 // any finite value sits between the infinities
		}
		if rb == 0 {
			rb = 1
		}
		if ra == 1 && rb == 1 {
			return 0
		}
		return cmpSign(ra, rb)
	}
	an, am, as := a.parts()
	bn, bm, bs := b.parts()
	if am.isZero() && bm.isZero() {
		return 0
	}
	if an != bn || am.isZero() || bm.isZero() {
		return cmpSign(a.Sign(), b.Sign())
	}
	// Bring both to the larger scale; if that overflows, the scaled side is the larger in
	// magnitude, since the other side is below 10^35.
	c := 0
	var of bool
	if as < bs {
		if am, of = am.mulPow10(bs - as); of {
			c = 1
		}
	} else {
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

func cmpSign(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AppendNumeric appends numeric_out's text form of n: exactly dscale fractional digits.
func AppendNumeric(dst []byte, n Num) []byte {
	if n.IsSpecial() {
		return appendSpecial(dst, n)
	}
	neg, m, scale := n.parts()
	if neg {
		dst = append(dst, '-')
	}
	var buf [48]byte
	digits := u128Digits(&buf, m)
	k := int(scale)
	if len(digits) <= k {
		dst = append(dst, '0')
		if k == 0 {
			return dst
		}
		dst = append(dst, '.')
		for i := len(digits); i < k; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-k]...)
	if k > 0 {
		dst = append(dst, '.')
		dst = append(dst, digits[len(digits)-k:]...)
	}
	return dst
}

// String returns numeric_out's text form of n.
func (n Num) String() string { return string(AppendNumeric(nil, n)) }

// decDigits returns the number of decimal digits of m (0 for zero).
func decDigits(m u128) int32 {
	if m.isZero() {
		return 0
	}
	// Estimate from the bit length, then correct by one comparison.
	bl := 128 - bits.LeadingZeros64(m.hi)
	if m.hi == 0 {
		bl = 64 - bits.LeadingZeros64(m.lo)
	}
	d := int32(bl * 1233 >> 12) // floor(bl * log10(2))
	if d < int32(len(pow10u128)) && !m.less(pow10u128[d]) {
		d++
	}
	return max(d, 1)
}

// Errors of numeric values.

func errNumericFormatOverflow() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "value overflows numeric format")
}

func specialFloat(n Num) float64 {
	switch n.lo & 0xff {
	case numericPInfScale:
		return math.Inf(1)
	case numericNInfScale:
		return math.Inf(-1)
	}
	return math.NaN()
}

// ErrNumericOverflow returns 22003 "value overflows numeric format", the error of results
// beyond the representation.
func ErrNumericOverflow() error { return errNumericFormatOverflow() }

// fromDigits builds the value digits * 10^exp (digits are ASCII decimal digits) at display
// scale dscale: digits below dscale are dropped, rounding half away from zero (or
// truncating, with trunc). When the coefficient would exceed 35 digits, fractional digits
// are rounded away to fit; ok is false if the integer part alone does not fit.
func fromDigits(neg bool, digits []byte, exp int, dscale int, trunc bool) (Num, bool) {
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	if len(digits) == 0 {
		return makeNumeric(false, u128{}, int32(min(dscale, NumericMaxScale))), true
	}
	if dscale > NumericMaxScale {
		// Digits this far below the point are not kept.
		return Num{}, false
	}
	// The coefficient at dscale is digits followed by shift zeros, or digits with -shift
	// of its last digits removed.
	shift := exp + dscale
	keep := len(digits) + shift // digits of the coefficient
	if keep > NumericMaxDigits {
		cut := keep - NumericMaxDigits
		if cut > dscale {
			return Num{}, false
		}
		dscale -= cut
		shift -= cut
		keep -= cut
		trunc = false
	}
	var m u128
	if shift >= 0 {
		for _, c := range digits {
			m, _ = m.mul64(10)
			m, _ = m.add(u128{0, uint64(c - '0')})
		}
		m, _ = m.mulPow10(int32(shift))
		return makeNumeric(neg, m, int32(dscale)), true
	}
	kept := digits[:max(keep, 0)]
	for _, c := range kept {
		m, _ = m.mul64(10)
		m, _ = m.add(u128{0, uint64(c - '0')})
	}
	if !trunc && keep >= 0 && digits[keep] >= '5' {
		m, _ = m.add(u128{0, 1})
		if !m.less(numericLimit) {
			// 99...9 rounded up to 10^35: drop the new trailing zero if a fraction digit
			// is left to give, else the integer part does not fit.
			if dscale == 0 {
				return Num{}, false
			}
			m, _ = m.divmod64(10)
			dscale--
		}
	}
	return makeNumeric(neg && !m.isZero(), m, int32(dscale)), true
}

// ParseNumericText parses PostgreSQL numeric input (surrounding white space, sign, digits,
// point, exponent) as numeric_in does: the display scale is the number of digits after the
// point less the exponent (at least 0). Errors are 22P02 for bad syntax and 22003 for values
// beyond the representation. 'NaN', 'Infinity' and 'inf' (signed, any case) give the
// special values.
func ParseNumericText(s string) (Num, error) {
	n, err := parseNumeric(s)
	if err == errNumericSyntax {
		return n, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	return n, err
}

// ParseNumeric parses numeric input for a value of type t: numeric_in, then t's modifier
// applied (rounded to its scale and checked against its precision).
func ParseNumeric(str string, t T) (Num, error) {
	if v, ok := parseFixedNumeric(str, t.Typmod); ok {
		return v, nil
	}
	v, err := ParseNumericText(str)
	if err != nil {
		return v, err
	}
	return NumericApplyTypmod(v, t.Typmod)
}

// parseFixedNumeric reads [-]digits[.digits] for numeric(p,s) when the value needs no
// rounding and fits 16 digits: the coefficient at scale s, checked against p, as
// NumericApplyTypmod would leave it. ok is false for every other input, which the general
// path handles (and reports).
func parseFixedNumeric(str string, typmod int32) (Num, bool) {
	p, s, ok := NumericTypmod(typmod)
	if !ok || p > 16 || len(str) == 0 || len(str) > 18 {
		return Num{}, false
	}
	i := 0
	neg := str[0] == '-'
	if neg {
		i++
	}
	var c int64
	digits, frac := 0, -1
	for ; i < len(str); i++ {
		ch := str[i]
		switch {
		case ch >= '0' && ch <= '9':
			c = c*10 + int64(ch-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case ch == '.' && frac < 0:
			frac = 0
		default:
			return Num{}, false
		}
	}
	if digits == 0 || frac > int(s) {
		return Num{}, false
	}
	if frac < 0 {
		frac = 0
	}
	c *= pow10i64[int(s)-frac]
	if c >= pow10i64[p] {
		return Num{}, false // numeric field overflow: the general path words the error
	}
	if neg {
		c = -c
	}
	return smallWord(c, s), true
}

// errNumericSyntax is returned by parseNumeric for malformed input, so callers can word the
// error for their own type.
var errNumericSyntax = pgerror.New(pgcode.InvalidTextRepresentation, "invalid numeric syntax")

func parseNumeric(s string) (Num, error) {
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
			return NumericNaN, nil
		case equalFold(special, "infinity"), equalFold(special, "inf"):
			return infOfSign(neg), nil
		}
	}
	var stack [64]byte
	digits := stack[:0]
	frac := 0
	sawDigit, sawPoint := false, false
	for ; i < n; i++ {
		c := s[i]
		if c == '.' {
			if sawPoint {
				return Num{}, errNumericSyntax
			}
			sawPoint = true
			continue
		}
		if !isDigit(c) {
			break
		}
		sawDigit = true
		if c != '0' || len(digits) > 0 {
			digits = append(digits, c)
		}
		if sawPoint {
			frac++
		}
	}
	if !sawDigit {
		return Num{}, errNumericSyntax
	}
	exp := 0
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i >= n || !isDigit(s[i]) {
			return Num{}, errNumericSyntax
		}
		for ; i < n && isDigit(s[i]); i++ {
			if exp < 1000000 {
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if exp > 1000 {
			// PostgreSQL's limit on the exponent of numeric input.
			return Num{}, errNumericSyntax
		}
		if eneg {
			exp = -exp
		}
	}
	if i != n {
		return Num{}, errNumericSyntax
	}
	// Significant digits after the point that were leading zeros are not in digits, but
	// they count for the scale: value = digits * 10^(exp - frac).
	v, ok := fromDigits(neg, digits, exp-frac, max(frac-exp, 0), false)
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return v, nil
}

// NumericApplyTypmod coerces n to numeric(p,s) as PostgreSQL's apply_typmod does: rounded
// half away from zero to dscale s (0 when s is negative, after rounding to 10^-s), then
// checked to have at most p-s integer digits, failing with 22003 "numeric field overflow".
// A typmod without precision and scale returns n unchanged.
func NumericApplyTypmod(n Num, typmod int32) (Num, error) {
	p, s, ok := NumericTypmod(typmod)
	if !ok || n.IsNaN() {
		return n, nil
	}
	if n.IsInf() {
		return n, errNumericFieldInfinite(p, s)
	}
	r, ok := NumericRound(n, s, RoundHalfAway)
	if !ok {
		return n, numericFieldOverflow(p, s)
	}
	_, m, ds := r.parts()
	if m.isZero() {
		return r, nil
	}
	// |r| < 10^(p-s) <=> m < 10^(p-s+ds).
	if lim := p - s + ds; lim <= 0 || (lim < int32(len(pow10u128)) && !m.less(pow10u128[lim])) {
		return n, numericFieldOverflow(p, s)
	}
	return r, nil
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

// Int64 rounds n half away from zero to an integer; ok is false beyond int64 and for NaN
// and the infinities.
func (n Num) Int64() (int64, bool) {
	if n.IsSpecial() {
		return 0, false
	}
	neg, m, s := n.parts()
	m = m.roundPow10(s)
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

var pow10f64 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Float64 returns the float64 nearest to n, as PostgreSQL's numeric to double precision
// cast does (it reads the decimal text).
func (n Num) Float64() float64 {
	if n.IsSpecial() {
		return specialFloat(n)
	}
	neg, m, s := n.parts()
	if m.hi == 0 && m.lo < 1<<53 && s <= 22 {
		// Both operands are exact, so the one division is correctly rounded.
		f := float64(m.lo) / pow10f64[s]
		if neg {
			f = -f
		}
		return f
	}
	var buf [300]byte
	f, _ := strconv.ParseFloat(bytesView(AppendNumeric(buf[:0], n)), 64)
	return f
}

// Float32 returns the float32 nearest to n.
func (n Num) Float32() float32 {
	if n.IsSpecial() {
		return float32(specialFloat(n))
	}
	var buf [300]byte
	f, _ := strconv.ParseFloat(bytesView(AppendNumeric(buf[:0], n)), 32)
	return float32(f)
}

// NumericFromFloat64 converts f as PostgreSQL's float8_numeric does: through its text with
// 15 significant digits (%.15g), whose digits after the point give the display scale, so
// 0.1::float8 becomes 0.1.
func NumericFromFloat64(f float64) (Num, error) { return numericFromFloat(f, 15, 64) }

// NumericFromFloat32 converts f as float4_numeric does, through 6 significant digits.
func NumericFromFloat32(f float32) (Num, error) { return numericFromFloat(float64(f), 6, 32) }

func numericFromFloat(f float64, digits, bitSize int) (Num, error) {
	if math.IsNaN(f) {
		return NumericNaN, nil
	}
	if math.IsInf(f, 0) {
		return infOfSign(f < 0), nil
	}
	var buf [40]byte
	b := strconv.AppendFloat(buf[:0], f, 'e', digits-1, bitSize)
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	e := 0
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == 'e' {
			e, _ = strconv.Atoi(bytesView(b[i+1:]))
			b = b[:i]
			break
		}
	}
	// b is d.ddd: gather the mantissa digits and drop trailing zeros, as %g does.
	var dbuf [24]byte
	d := append(dbuf[:0], b[0])
	if len(b) > 2 {
		d = append(d, b[2:]...)
	}
	for len(d) > 1 && d[len(d)-1] == '0' {
		d = d[:len(d)-1]
	}
	exp := e - (len(d) - 1)
	v, ok := fromDigits(neg, d, exp, max(-exp, 0), false)
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return v, nil
}

// AppendNumericBuilder appends n to b, a FixedSizeBinary(16) builder.
func AppendNumericBuilder(b array.Builder, n Num) {
	var w [16]byte
	binary.LittleEndian.PutUint64(w[:8], n.lo)
	binary.LittleEndian.PutUint64(w[8:], uint64(n.hi))
	b.(*array.FixedSizeBinaryBuilder).Append(w[:])
}

// NumericFromBytes reads a value from its 16-byte little-endian word.
func NumericFromBytes(b []byte) Num {
	return Num{binary.LittleEndian.Uint64(b[:8]), int64(binary.LittleEndian.Uint64(b[8:16]))}
}

// Bytes returns the 16-byte little-endian word of n.
func (n Num) Bytes() []byte {
	w := make([]byte, 16)
	binary.LittleEndian.PutUint64(w[:8], n.lo)
	binary.LittleEndian.PutUint64(w[8:], uint64(n.hi))
	return w
}

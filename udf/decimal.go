package udf

import (
	"math/big"
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"

	"github.com/pgfast/pgfast/catalog/types"
)

// Numeric values are Decimal128 integers v standing for v/10^scale, at most 38 digits. The
// arithmetic here works on sign plus magnitude; products and scaled dividends are formed
// exactly in 256 bits before rounding back, so results are exact up to the final rounding
// (half away from zero, as PostgreSQL's numeric rounds). Only division by a divisor wider than
// 64 bits falls back to math/big, through a reusable scratch so loops do not allocate.

type num = decimal128.Num

// maxNumericScale caps derived scales so that a result keeps room for integer digits.
const maxNumericScale = 32

// u256 is an unsigned 256-bit integer, least significant limb first.
type u256 [4]uint64

var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// limit128 is 10^38 as (hi, lo): magnitudes at or above it overflow numeric(38).
var limitHi, limitLo = func() (uint64, uint64) {
	hi, lo := uint64(0), uint64(1)
	for i := 0; i < 38; i++ {
		h1, l := bits.Mul64(lo, 10)
		hi = hi*10 + h1
		lo = l
	}
	return hi, lo
}()

// split returns the sign and magnitude of v.
func split(v num) (neg bool, hi, lo uint64) {
	h, l := v.HighBits(), v.LowBits()
	if h < 0 {
		l2, c := bits.Sub64(0, l, 0)
		h2, _ := bits.Sub64(0, uint64(h), c)
		return true, h2, l2
	}
	return false, uint64(h), l
}

// join builds a value from sign and magnitude; ok is false beyond 38 digits.
func join(neg bool, hi, lo uint64) (num, bool) {
	if hi > limitHi || (hi == limitHi && lo >= limitLo) {
		return num{}, false
	}
	if neg {
		l, c := bits.Sub64(0, lo, 0)
		h, _ := bits.Sub64(0, hi, c)
		return decimal128.New(int64(h), l), true
	}
	return decimal128.New(int64(hi), lo), true
}

// decAdd adds two values of the same scale.
func decAdd(a, b num) (num, bool) {
	lo, c := bits.Add64(a.LowBits(), b.LowBits(), 0)
	hi := a.HighBits() + b.HighBits() + int64(c)
	// Both operands are below 10^38 in magnitude, so the exact sum is below 2^128 and a
	// signed wrap cannot hide an overflow: checking the digit limit is enough, except for
	// the sign wrap itself.
	ah, bh := a.HighBits(), b.HighBits()
	if (ah >= 0) == (bh >= 0) && (hi >= 0) != (ah >= 0) {
		return num{}, false
	}
	neg, mh, ml := split(decimal128.New(hi, lo))
	return join(neg, mh, ml)
}

// decSub subtracts two values of the same scale.
func decSub(a, b num) (num, bool) { return decAdd(a, b.Negate()) }

// mul128 returns the 256-bit product of two 128-bit magnitudes.
func mul128(ah, al, bh, bl uint64) u256 {
	var r u256
	h, l := bits.Mul64(al, bl)
	r[0] = l
	r[1] = h
	h, l = bits.Mul64(al, bh)
	var c uint64
	r[1], c = bits.Add64(r[1], l, 0)
	r[2], c = bits.Add64(h, 0, c)
	r[3] = c
	h, l = bits.Mul64(ah, bl)
	r[1], c = bits.Add64(r[1], l, 0)
	r[2], c = bits.Add64(r[2], h, c)
	r[3] += c
	h, l = bits.Mul64(ah, bh)
	r[2], c = bits.Add64(r[2], l, 0)
	r[3], _ = bits.Add64(r[3], h, c)
	return r
}

// mul64 multiplies x by m in place and reports a carry out of 256 bits.
func (x *u256) mul64(m uint64) bool {
	var carry uint64
	for i := range x {
		h, l := bits.Mul64(x[i], m)
		var c uint64
		x[i], c = bits.Add64(l, carry, 0)
		carry = h + c
	}
	return carry != 0
}

// divmod64 divides x by d in place and returns the remainder.
func (x *u256) divmod64(d uint64) uint64 {
	var r uint64
	for i := len(x) - 1; i >= 0; i-- {
		x[i], r = bits.Div64(r, x[i], d)
	}
	return r
}

func (x *u256) add64(v uint64) {
	var c uint64
	x[0], c = bits.Add64(x[0], v, 0)
	for i := 1; i < len(x) && c != 0; i++ {
		x[i], c = bits.Add64(x[i], 0, c)
	}
}

// roundDiv10 divides x by 10^k rounding half away from zero (x is a magnitude).
func (x *u256) roundDiv10(k int32) {
	if k <= 0 {
		return
	}
	// Truncate all but the last digit, then round on it: no carry overflow possible.
	for k > 1 {
		step := min(k-1, 19)
		x.divmod64(pow10[step])
		k -= step
	}
	r := x.divmod64(10)
	if r >= 5 {
		x.add64(1)
	}
}

// fits128 reports whether x is below 2^128.
func (x *u256) fits128() bool { return x[2] == 0 && x[3] == 0 }

// decMul multiplies a and b (scales sa, sb) and rounds the product away by drop digits, so
// the result has scale sa+sb-drop.
func decMul(a, b num, drop int32) (num, bool) {
	an, ah, al := split(a)
	bn, bh, bl := split(b)
	if ah == 0 && bh == 0 && drop == 0 {
		h, l := bits.Mul64(al, bl)
		return join(an != bn, h, l)
	}
	p := mul128(ah, al, bh, bl)
	p.roundDiv10(drop)
	if !p.fits128() {
		return num{}, false
	}
	return join(an != bn, p[1], p[0])
}

// divScratch holds reusable big integers for divisions by wide divisors.
type divScratch struct{ n, d, q, r, two big.Int }

// decDiv returns round(a*10^e / b) for b != 0; the caller picks e so that the quotient has
// the wanted scale (e = scale(result) - scale(a) + scale(b)).
func (s *divScratch) decDiv(a, b num, e int32) (num, bool) {
	an, ah, al := split(a)
	bn, bh, bl := split(b)
	neg := an != bn
	if bh == 0 && bl == 0 {
		return num{}, false
	}
	if e >= 0 && e <= 38 && bh == 0 {
		x := u256{al, ah, 0, 0}
		for k := e; k > 0; {
			step := min(k, 19)
			x.mul64(pow10[step])
			k -= step
		}
		r := x.divmod64(bl)
		// Half away from zero: compare 2r with the divisor without overflowing.
		if r >= bl-r {
			x.add64(1)
		}
		if !x.fits128() {
			return num{}, false
		}
		return join(neg, x[1], x[0])
	}
	s.setU128(&s.n, ah, al)
	if e > 0 {
		s.q.SetInt64(10)
		s.r.SetInt64(int64(e))
		s.q.Exp(&s.q, &s.r, nil)
		s.n.Mul(&s.n, &s.q)
	}
	s.setU128(&s.d, bh, bl)
	if e < 0 {
		s.q.SetInt64(10)
		s.r.SetInt64(int64(-e))
		s.q.Exp(&s.q, &s.r, nil)
		s.d.Mul(&s.d, &s.q)
	}
	s.q.QuoRem(&s.n, &s.d, &s.r)
	s.r.Lsh(&s.r, 1)
	if s.r.Cmp(&s.d) >= 0 {
		s.q.Add(&s.q, s.two.SetInt64(1))
	}
	if s.q.BitLen() > 128 {
		return num{}, false
	}
	w := s.q.Bits()
	var hi, lo uint64
	if len(w) > 0 {
		lo = uint64(w[0])
	}
	if len(w) > 1 {
		hi = uint64(w[1])
	}
	return join(neg, hi, lo)
}

func (s *divScratch) setU128(z *big.Int, hi, lo uint64) {
	z.SetUint64(hi)
	z.Lsh(z, 64)
	z.Or(z, s.two.SetUint64(lo))
}

// decMod returns the remainder of a/b truncated toward zero (sign of a), both at one scale.
func (s *divScratch) decMod(a, b num) num {
	an, ah, al := split(a)
	_, bh, bl := split(b)
	if ah == 0 && bh == 0 {
		r, _ := join(an, 0, al%bl)
		return r
	}
	s.setU128(&s.n, ah, al)
	s.setU128(&s.d, bh, bl)
	s.q.QuoRem(&s.n, &s.d, &s.r)
	w := s.r.Bits()
	var hi, lo uint64
	if len(w) > 0 {
		lo = uint64(w[0])
	}
	if len(w) > 1 {
		hi = uint64(w[1])
	}
	r, _ := join(an, hi, lo)
	return r
}

// decRescale converts v from scale from to scale to, rounding half away from zero.
func decRescale(v num, from, to int32) (num, bool) { return types.RescaleDecimal(v, from, to) }

// decimalScale returns the scale of a Decimal128 array.
func decimalScale(a arrow.Array) int32 { return a.DataType().(*arrow.Decimal128Type).Scale }

// numericType returns the Arrow type of numerics at scale s.
func numericType(s int32) arrow.DataType {
	return &arrow.Decimal128Type{Precision: types.NumericMaxPrecision, Scale: s}
}

package types

import (
	"math/big"
	"math/bits"
)

// Num arithmetic with PostgreSQL's display-scale rules (numeric.c): add_var and sub_var
// give max(dscale), mul_var the sum, div_var select_div_scale's choice, mod_var max(dscale),
// round_var and trunc_var the requested digits. Results are exact before the final
// rounding; see finishNumeric for what happens beyond 35 digits. Functions return ok = false
// when the integer part of the result does not fit (callers report ErrNumericOverflow).

// finishNumeric builds the result neg * x * 10^-scale, rounding fractional digits away
// (half away from zero) until the coefficient has at most 35 digits and the scale is at
// most NumericMaxScale.
func finishNumeric(neg bool, x u256, scale int32) (Num, bool) {
	if scale > NumericMaxScale {
		x.roundDiv10(scale-NumericMaxScale, false)
		scale = NumericMaxScale
	}
	if !x.fits128() || !x.low().less(numericLimit) {
		d := u256Digits(&x)
		cut := d - NumericMaxDigits
		if cut > scale {
			return Num{}, false
		}
		x.roundDiv10(cut, false)
		scale -= cut
		if !x.low().less(numericLimit) || !x.fits128() {
			// Rounding carried into a new digit: it is a trailing zero.
			if scale == 0 {
				return Num{}, false
			}
			x.divmod64(10)
			scale--
		}
	}
	m := x.low()
	return makeNumeric(neg && !m.isZero(), m, scale), true
}

// u256Digits returns the number of decimal digits of x.
func u256Digits(x *u256) int32 {
	if x.fits128() {
		return decDigits(x.low())
	}
	y := *x
	d := int32(0)
	for !y.fits128() {
		y.divmod64(pow10u64[19])
		d += 19
	}
	return d + decDigits(y.low())
}

// aligned returns the magnitudes of a and b at their common (larger) scale. A gap of more
// than 38 digits first rounds the finer operand to 38 digits below the coarser one's scale;
// such sums have far more than 35 digits and are rounded anyway.
func aligned(a, b Num) (an bool, am u256, bn bool, bm u256, scale int32) {
	an, m1, s1 := a.parts()
	bn, m2, s2 := b.parts()
	am, bm = u256From(m1), u256From(m2)
	switch {
	case s1 < s2:
		if s2-s1 > 38 && !m1.isZero() {
			bm.roundDiv10(s2-s1-38, false)
			s2 = s1 + 38
		}
		am.mulPow10(s2 - s1)
		return an, am, bn, bm, s2
	case s2 < s1:
		if s1-s2 > 38 && !m2.isZero() {
			am.roundDiv10(s1-s2-38, false)
			s1 = s2 + 38
		}
		bm.mulPow10(s1 - s2)
		return an, am, bn, bm, s1
	}
	return an, am, bn, bm, s1
}

// Small values. Most numerics in practice (money amounts, quantities, rates) have
// coefficients far below 2^55, where a word is a plain int64 c*256 + scale. The arithmetic
// below works on those in 64 bits and falls back to the general 128/256-bit paths when an
// operand or the result is larger.

// smallLimit bounds the coefficients of small words: c*256 fits in an int64.
const smallLimit = 1 << 55

// smallWord builds the word of coefficient c (|c| < smallLimit) and display scale s.
func smallWord(c int64, s int32) Num {
	w := c<<8 + int64(s)
	return Num{uint64(w), w >> 63}
}

// smallParts returns the coefficient and scale of a finite small word.
func smallParts(n Num) (c int64, s int32, ok bool) {
	s = int32(n.lo & 0xff)
	if s > NumericMaxScale {
		return 0, 0, false
	}
	c, ok = smallCoef(n)
	return c, s, ok
}

// addSmall adds two small values, aligning the smaller scale; ok is false when a value or
// the sum is not small.
func addSmall(a, b Num, negateB bool) (Num, bool) {
	ca, sa, ok1 := smallParts(a)
	cb, sb, ok2 := smallParts(b)
	if !ok1 || !ok2 {
		return Num{}, false
	}
	if negateB {
		cb = -cb
	}
	if sa != sb {
		if sa < sb {
			ca, cb, sa, sb = cb, ca, sb, sa // now sa > sb: scale up b
		}
		d := sa - sb
		if d > 15 || cb >= smallLimit/pow10i64[d] || cb <= -smallLimit/pow10i64[d] {
			return Num{}, false
		}
		cb *= pow10i64[d]
	}
	r := ca + cb
	if r >= smallLimit || r <= -smallLimit {
		return Num{}, false
	}
	return smallWord(r, sa), true
}

// mulSmall multiplies two small values whose product is small.
func mulSmall(a, b Num) (Num, bool) {
	ca, sa, ok1 := smallParts(a)
	cb, sb, ok2 := smallParts(b)
	if !ok1 || !ok2 || sa+sb > NumericMaxScale {
		return Num{}, false
	}
	neg := (ca < 0) != (cb < 0)
	hi, lo := bits.Mul64(uint64(absInt64(ca)), uint64(absInt64(cb)))
	if hi != 0 || lo >= smallLimit {
		return Num{}, false
	}
	r := int64(lo)
	if neg {
		r = -r
	}
	return smallWord(r, sa+sb), true
}

func absInt64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// NumericAdd returns a + b with display scale max(dscale(a), dscale(b)).
func NumericAdd(a, b Num) (Num, bool) {
	if r, ok := addSmall(a, b, false); ok {
		return r, true
	}
	if a.IsSpecial() || b.IsSpecial() {
		return specialAdd(a, b), true
	}
	if a.lo&0xff == b.lo&0xff {
		// Same scale: add the words' coefficients directly (the scale byte is added once).
		if r, ok := addSameScale(a, b); ok {
			return r, true
		}
	}
	return addSlow(a, b, false)
}

// NumericSub returns a - b with display scale max(dscale(a), dscale(b)).
func NumericSub(a, b Num) (Num, bool) {
	if r, ok := addSmall(a, b, true); ok {
		return r, true
	}
	if a.IsSpecial() || b.IsSpecial() {
		return specialAdd(a, b.Neg()), true
	}
	if a.lo&0xff == b.lo&0xff {
		if r, ok := addSameScale(a, b.Neg()); ok {
			return r, true
		}
	}
	return addSlow(a, b, true)
}

// addSameScale adds two words of one scale as 128-bit integers; ok is false when the
// coefficient leaves the 35-digit range (the slow path then rounds or reports overflow).
func addSameScale(a, b Num) (Num, bool) {
	s := a.lo & 0xff
	alo, blo := a.lo&^0xff, b.lo&^0xff
	lo := alo + blo
	c := uint64(0)
	if lo < alo {
		c = 1
	}
	hi := a.hi + b.hi + int64(c)
	r := Num{lo | s, hi}
	// Both coefficients are below 10^35 in magnitude, so the exact sum is below 2^118 and
	// cannot wrap 128 bits; only the digit limit needs checking.
	_, m, _ := r.parts()
	return r, m.less(numericLimit)
}

func addSlow(a, b Num, negateB bool) (Num, bool) {
	an, am, bn, bm, s := aligned(a, b)
	if negateB {
		bn = !bn
	}
	if an == bn {
		am.add(&bm)
		return finishNumeric(an, am, s)
	}
	if am.cmp(&bm) >= 0 {
		am.sub(&bm)
		return finishNumeric(an, am, s)
	}
	bm.sub(&am)
	return finishNumeric(bn, bm, s)
}

// NumericMul returns a * b with display scale dscale(a) + dscale(b).
func NumericMul(a, b Num) (Num, bool) {
	if r, ok := mulSmall(a, b); ok {
		return r, true
	}
	if a.IsSpecial() || b.IsSpecial() {
		return specialMul(a, b), true
	}
	an, am, as := a.parts()
	bn, bm, bs := b.parts()
	if am.hi == 0 && bm.hi == 0 {
		h, l := bits.Mul64(am.lo, bm.lo)
		x := u256{l, h, 0, 0}
		return finishNumeric(an != bn, x, as+bs)
	}
	return finishNumeric(an != bn, mul128(am, bm), as+bs)
}

// weightAndFirst returns PostgreSQL's base-10000 weight of n's most significant nonzero
// digit group and that group's value (0, 0 for zero), as select_div_scale reads them.
func weightAndFirst(m u128, scale int32) (weight int32, first uint64) {
	if m.isZero() {
		return 0, 0
	}
	p := decDigits(m) - 1 - scale // power of ten of the leading digit
	weight = floorDiv32(p, 4)
	// The group is the digits at powers 4*weight+3 .. 4*weight.
	shift := scale + 4*weight
	if shift >= 0 {
		q, _ := m.divPow10(shift)
		return weight, q.lo
	}
	return weight, m.lo * pow10u64[-shift]
}

func floorDiv32(a, b int32) int32 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// NumericDivScale returns the display scale PostgreSQL gives a / b (select_div_scale): at
// least 16 significant digits, and no less than either operand's display scale.
func NumericDivScale(a, b Num) int32 {
	_, am, as := a.parts()
	_, bm, bs := b.parts()
	w1, f1 := weightAndFirst(am, as)
	w2, f2 := weightAndFirst(bm, bs)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := 16 - qweight*4
	rscale = max(rscale, as, bs, 0)
	return min(rscale, 1000)
}

// NumericDiv returns a / b with PostgreSQL's display scale (NumericDivScale), rounded half
// away from zero. b must not be zero unless a is NaN.
func NumericDiv(a, b Num) (Num, bool) {
	if a.IsSpecial() || b.IsSpecial() {
		return NumericDivTo(a, b, 0, false)
	}
	return NumericDivTo(a, b, NumericDivScale(a, b), false)
}

// NumericDivTo returns a / b at display scale rscale, rounded half away from zero or, with
// trunc, truncated toward zero. b must not be zero.
func NumericDivTo(a, b Num, rscale int32, trunc bool) (Num, bool) {
	if a.IsSpecial() || b.IsSpecial() {
		if !a.IsNaN() && b.IsZero() {
			return Num{}, false
		}
		return specialDiv(a, b), true
	}
	an, am, as := a.parts()
	bn, bm, bs := b.parts()
	if bm.isZero() {
		return Num{}, false
	}
	neg := an != bn
	if am.isZero() {
		return makeNumeric(false, u128{}, min(rscale, NumericMaxScale)), true
	}
	// Keep the quotient within 35 digits: its leading digit is at power p1-p2 or one below.
	pq := (decDigits(am) - 1 - as) - (decDigits(bm) - 1 - bs)
	if limit := NumericMaxDigits - 1 - pq; rscale > limit {
		if limit < 0 {
			return Num{}, false
		}
		rscale, trunc = limit, false
	}
	rscale = min(rscale, NumericMaxScale)
	// q = a * 10^e / b at scale rscale, with e = rscale - as + bs.
	e := rscale - as + bs
	x, y := u256From(am), u256From(bm)
	if e >= 0 {
		x.mulPow10(e) // below 10^35 * 10^35 * 10: no overflow
	} else {
		if -e > 36 {
			// The divisor exceeds twice the dividend: the quotient rounds to zero.
			return makeNumeric(false, u128{}, rscale), true
		}
		y.mulPow10(-e)
	}
	q, r := divmod256(x, y)
	if !trunc {
		// Round half away from zero: 2r >= y.
		r2 := r
		if r2.add(&r) || r2.cmp(&y) >= 0 {
			q.add64(1)
		}
	}
	return finishNumeric(neg, q, rscale)
}

// NumericMod returns a % b (the remainder of truncated division, with a's sign) with display
// scale max(dscale(a), dscale(b)). b must not be zero.
func NumericMod(a, b Num) (Num, bool) {
	if a.IsSpecial() || b.IsSpecial() {
		if !a.IsNaN() && b.IsZero() {
			return Num{}, false
		}
		return specialMod(a, b), true
	}
	an, am, _, bm, s := aligned(a, b)
	if bm.isZero() {
		return Num{}, false
	}
	_, r := divmod256(am, bm)
	return finishNumeric(an, r, s)
}

// RoundMode says how NumericRound treats dropped digits.
type RoundMode byte

// Rounding modes.
const (
	RoundHalfAway RoundMode = iota // round(): half away from zero
	RoundTrunc                     // trunc(): toward zero
	RoundFloor                     // floor(): toward -infinity
	RoundCeil                      // ceil(): toward +infinity
)

// NumericRound rounds n to digits fractional digits (negative digits round to tens,
// hundreds, ...) as round_var and trunc_var do; the result's display scale is max(digits,
// 0). Asking for more digits than n has pads with zeros.
func NumericRound(n Num, digits int32, mode RoundMode) (Num, bool) {
	if n.IsSpecial() {
		return n, true
	}
	neg, m, s := n.parts()
	ds := max(digits, 0)
	if digits >= s {
		// Pad with zeros, as far as the representation allows.
		target := min(ds, NumericMaxScale)
		if !m.isZero() {
			target = min(target, s+NumericMaxDigits-decDigits(m))
		}
		m, _ = m.mulPow10(target - s)
		return makeNumeric(neg, m, target), true
	}
	drop := s - digits
	x := u256From(m)
	if drop > 40 {
		// Everything we hold is below 10^35, far under half a unit of the kept digit.
		x = u256{}
		if mode == RoundFloor && neg || mode == RoundCeil && !neg && !m.isZero() {
			x = u256{1}
		}
		if x.isZero() {
			return makeNumeric(false, u128{}, ds), true
		}
	} else {
		sticky := false
		for k := drop - 1; k > 0; {
			step := min(k, 19)
			sticky = x.divmod64(pow10u64[step]) != 0 || sticky
			k -= step
		}
		last := x.divmod64(10)
		up := false
		switch mode {
		case RoundHalfAway:
			up = last >= 5
		case RoundFloor:
			up = neg && (last != 0 || sticky)
		case RoundCeil:
			up = !neg && (last != 0 || sticky)
		}
		if up {
			x.add64(1)
		}
	}
	if digits < 0 {
		// Back to units: the rounded value has -digits trailing zeros.
		if x.mulPow10(-digits) {
			return Num{}, false
		}
	}
	return finishNumeric(neg, x, ds)
}

// NumericRescale returns n at display scale scale, rounding half away from zero (the
// numeric to numeric(p, scale) conversion without its precision check).
func NumericRescale(n Num, scale int32) (Num, bool) {
	if n.Scale() == scale {
		return n, true
	}
	return NumericRound(n, scale, RoundHalfAway)
}

// NumericSqrt returns the square root of n (n >= 0) rounded half away from zero to rscale
// digits, as sqrt_var does.
func NumericSqrt(n Num, rscale int32) (Num, bool) {
	if n.IsSpecial() {
		return n, true // NaN or +Infinity; callers reject negative input first
	}
	_, m, s := n.parts()
	rscale = min(max(rscale, 0), NumericMaxScale)
	// sqrt(m * 10^-s) at scale rscale+1 = isqrt(m * 10^(2*(rscale+1) - s)).
	e := 2*(rscale+1) - s
	var x, t big.Int
	x.SetUint64(m.hi)
	x.Lsh(&x, 64)
	x.Or(&x, t.SetUint64(m.lo))
	if e >= 0 {
		x.Mul(&x, t.Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	} else {
		x.Quo(&x, t.Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
	}
	x.Sqrt(&x)
	// One extra digit, then round on it; the true root is at or above the truncated one,
	// so rounding on the truncated digit is exact.
	last := new(big.Int)
	x.QuoRem(&x, big.NewInt(10), last)
	if last.Int64() >= 5 {
		x.Add(&x, big.NewInt(1))
	}
	return numericFromBig(false, &x, rscale)
}

// numericFromBig builds neg * x * 10^-scale from a big magnitude, rounding to fit.
func numericFromBig(neg bool, x *big.Int, scale int32) (Num, bool) {
	for x.BitLen() > 256 {
		if scale == 0 {
			return Num{}, false
		}
		// Only reached for absurd inputs; dropping a digit at a time is fine.
		var r big.Int
		x.QuoRem(x, big.NewInt(10), &r)
		if r.Int64() >= 5 {
			x.Add(x, big.NewInt(1))
		}
		scale--
	}
	var w u256
	for i, word := range x.Bits() {
		w[i] = uint64(word)
	}
	return finishNumeric(neg, w, scale)
}

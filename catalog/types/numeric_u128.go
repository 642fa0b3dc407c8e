package types

import "math/bits"

// 128-bit unsigned arithmetic on coefficient magnitudes, with math/bits; Arrow's and
// math/big's helpers allocate, which per-value loops cannot afford.

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

package types

import "math/bits"

// u256 is an unsigned 256-bit integer, least significant limb first. Products of two
// coefficients and dividends scaled for division are formed exactly in it.
type u256 [4]uint64

func u256From(m u128) u256 { return u256{m.lo, m.hi, 0, 0} }

func (x *u256) isZero() bool { return x[0]|x[1]|x[2]|x[3] == 0 }

// fits128 reports whether x is below 2^128.
func (x *u256) fits128() bool { return x[2] == 0 && x[3] == 0 }

func (x *u256) low() u128 { return u128{x[1], x[0]} }

// limbs returns the number of significant limbs (0 for zero).
func (x *u256) limbs() int {
	for i := 3; i >= 0; i-- {
		if x[i] != 0 {
			return i + 1
		}
	}
	return 0
}

func (x *u256) cmp(y *u256) int {
	for i := 3; i >= 0; i-- {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
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

// mulPow10 multiplies x by 10^k in place and reports overflow.
func (x *u256) mulPow10(k int32) bool {
	for k > 0 {
		step := min(k, 19)
		if x.mul64(pow10u64[step]) {
			return true
		}
		k -= step
	}
	return false
}

// divmod64 divides x by d in place and returns the remainder.
func (x *u256) divmod64(d uint64) uint64 {
	var r uint64
	for i := len(x) - 1; i >= 0; i-- {
		x[i], r = bits.Div64(r, x[i], d)
	}
	return r
}

func (x *u256) add(y *u256) bool {
	var c uint64
	for i := range x {
		x[i], c = bits.Add64(x[i], y[i], c)
	}
	return c != 0
}

// sub sets x = x - y; x must not be below y.
func (x *u256) sub(y *u256) {
	var b uint64
	for i := range x {
		x[i], b = bits.Sub64(x[i], y[i], b)
	}
}

func (x *u256) add64(v uint64) {
	var c uint64
	x[0], c = bits.Add64(x[0], v, 0)
	for i := 1; i < len(x) && c != 0; i++ {
		x[i], c = bits.Add64(x[i], 0, c)
	}
}

// roundDiv10 divides x by 10^k rounding half away from zero (x is a magnitude). With
// trunc the dropped digits are discarded instead.
func (x *u256) roundDiv10(k int32, trunc bool) {
	if k <= 0 {
		return
	}
	if k > 78 {
		*x = u256{}
		return
	}
	// Truncate all but the last digit, then round on it: no carry overflow possible.
	for k > 1 {
		step := min(k-1, 19)
		x.divmod64(pow10u64[step])
		k -= step
	}
	r := x.divmod64(10)
	if r >= 5 && !trunc {
		x.add64(1)
	}
}

// mul128 returns the 256-bit product of two 128-bit magnitudes.
func mul128(a, b u128) u256 {
	var r u256
	h, l := bits.Mul64(a.lo, b.lo)
	r[0], r[1] = l, h
	h, l = bits.Mul64(a.lo, b.hi)
	var c uint64
	r[1], c = bits.Add64(r[1], l, 0)
	r[2], c = bits.Add64(h, 0, c)
	r[3] = c
	h, l = bits.Mul64(a.hi, b.lo)
	r[1], c = bits.Add64(r[1], l, 0)
	r[2], c = bits.Add64(r[2], h, c)
	r[3] += c
	h, l = bits.Mul64(a.hi, b.hi)
	r[2], c = bits.Add64(r[2], l, 0)
	r[3], _ = bits.Add64(r[3], h, c)
	return r
}

// divmod256 returns u/v and u%v for v != 0 (Knuth's algorithm D on 64-bit limbs).
func divmod256(u, v u256) (q, r u256) {
	n := v.limbs()
	if n == 1 {
		q = u
		rem := q.divmod64(v[0])
		return q, u256{rem}
	}
	m := u.limbs()
	if m < n || u.cmp(&v) < 0 {
		return u256{}, u
	}
	s := uint(bits.LeadingZeros64(v[n-1]))
	var vn [4]uint64
	for i := n - 1; i > 0; i-- {
		vn[i] = v[i]<<s | v[i-1]>>(64-s)
	}
	vn[0] = v[0] << s
	var un [5]uint64
	un[m] = u[m-1] >> (64 - s)
	for i := m - 1; i > 0; i-- {
		un[i] = u[i]<<s | u[i-1]>>(64-s)
	}
	un[0] = u[0] << s
	if s == 0 {
		// x >> 64 is 0 in Go, so the loops above already did the right thing.
		un[m] = 0
	}
	for j := m - n; j >= 0; j-- {
		var qhat, rhat uint64
		overflowR := false
		if un[j+n] >= vn[n-1] {
			qhat = ^uint64(0)
			var c uint64
			rhat, c = bits.Add64(un[j+n-1], vn[n-1], 0)
			overflowR = c != 0
		} else {
			qhat, rhat = bits.Div64(un[j+n], un[j+n-1], vn[n-1])
		}
		for !overflowR {
			ph, pl := bits.Mul64(qhat, vn[n-2])
			if ph > rhat || (ph == rhat && pl > un[j+n-2]) {
				qhat--
				var c uint64
				rhat, c = bits.Add64(rhat, vn[n-1], 0)
				overflowR = c != 0
				continue
			}
			break
		}
		var borrow, carry uint64
		for i := 0; i < n; i++ {
			ph, pl := bits.Mul64(qhat, vn[i])
			var c uint64
			pl, c = bits.Add64(pl, carry, 0)
			ph += c
			un[i+j], borrow = bits.Sub64(un[i+j], pl, borrow)
			carry = ph
		}
		var b uint64
		un[j+n], b = bits.Sub64(un[j+n], carry, borrow)
		if b != 0 {
			qhat--
			var c uint64
			for i := 0; i < n; i++ {
				un[i+j], c = bits.Add64(un[i+j], vn[i], c)
			}
			un[j+n] += c
		}
		q[j] = qhat
	}
	for i := 0; i < n; i++ {
		r[i] = un[i]>>s | un[i+1]<<(64-s)
	}
	if s == 0 {
		for i := 0; i < n; i++ {
			r[i] = un[i]
		}
	}
	return q, r
}

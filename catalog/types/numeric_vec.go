package types

import "math/bits"

// Whole-vector numeric kernels. A column of declared scale (numeric(15,2), say) holds
// words of one display scale whose coefficients fit the small 64-bit range, and so do the
// constants compared or combined with it. For two such vectors the per-value checks of the
// scalar functions (small? same scale? overflow?) can be made once per vector: each kernel
// computes every row as plain int64 arithmetic while OR-ing together what it would have to
// check, and checks that once at the end. It reports false when its operands do not have
// that shape (a special, wide or differently scaled word, or coefficients large enough to
// overflow), and the caller then runs the per-value functions, which give the same results.

// vecScales returns the display scales of a[0] and b[0] and the powers of ten that bring
// coefficients of those scales to the larger one; ok is false for unequal lengths, empty
// vectors, special words or scales too far apart.
func vecScales(a, b []Num) (sa, sb uint64, ma, mb int64, ok bool) {
	if len(a) == 0 || len(a) != len(b) {
		return 0, 0, 0, 0, false
	}
	sa, sb = a[0].lo&0xff, b[0].lo&0xff
	d := int(sa) - int(sb)
	if sa > NumericMaxScale || sb > NumericMaxScale || d > 18 || d < -18 {
		return 0, 0, 0, 0, false
	}
	ma, mb = 1, 1
	if d > 0 {
		mb = pow10i64[d]
	} else if d < 0 {
		ma = pow10i64[-d]
	}
	return sa, sb, ma, mb, true
}

// notSmall is nonzero when n is not a small word of display scale s: another scale byte,
// or a high word that is not the sign extension of the low one.
func notSmall(n Num, s uint64) uint64 {
	return (n.lo^s)&0xff | uint64(n.hi^int64(n.lo)>>63)
}

// magnitude is |c| for the coefficient c of a small word, branch-free.
func magnitude(n Num) uint64 {
	c := int64(n.lo) >> 8
	m := c >> 63
	return uint64((c ^ m) - m)
}

// fits reports whether every magnitude OR-ed into mag (an upper bound, below twice the
// largest), times m, stays below limit.
func fits(mag uint64, m int64, limit uint64) bool {
	hi, lo := bits.Mul64(mag, uint64(m))
	return mag < smallLimit && hi == 0 && lo < limit
}

// NumericAddVec sets out[i] to a[i] + b[i] (a[i] - b[i] when negateB), with the display
// scale NumericAdd gives, and reports whether it could; out has len(a) slots, and its
// contents are unspecified when it could not.
func NumericAddVec(a, b, out []Num, negateB bool) bool {
	sa, sb, ma, mb, ok := vecScales(a, b)
	if !ok {
		return false
	}
	s := int64(max(sa, sb))
	if negateB {
		mb = -mb
	}
	out = out[:len(a)]
	b = b[:len(a)]
	var bad, magA, magB uint64
	for i := range a {
		x, y := a[i], b[i]
		bad |= notSmall(x, sa) | notSmall(y, sb)
		magA |= magnitude(x)
		magB |= magnitude(y)
		w := ((int64(x.lo)>>8)*ma+(int64(y.lo)>>8)*mb)<<8 + s
		out[i] = Num{uint64(w), w >> 63}
	}
	// Each aligned addend below half the small limit keeps the sum below it.
	return bad == 0 && fits(magA, ma, smallLimit/2) && fits(magB, max(mb, -mb), smallLimit/2)
}

// NumericMulVec sets out[i] to a[i] * b[i], with the display scale NumericMul gives, and
// reports whether it could (out's contents are unspecified when not).
func NumericMulVec(a, b, out []Num) bool {
	sa, sb, _, _, ok := vecScales(a, b)
	if !ok || sa+sb > NumericMaxScale {
		return false
	}
	s := int64(sa + sb)
	out = out[:len(a)]
	b = b[:len(a)]
	var bad, magA, magB uint64
	for i := range a {
		x, y := a[i], b[i]
		bad |= notSmall(x, sa) | notSmall(y, sb)
		magA |= magnitude(x)
		magB |= magnitude(y)
		w := (int64(x.lo)>>8)*(int64(y.lo)>>8)<<8 + s
		out[i] = Num{uint64(w), w >> 63}
	}
	if bad != 0 || magA >= smallLimit || magB >= smallLimit {
		return false
	}
	hi, lo := bits.Mul64(magA, magB)
	return hi == 0 && lo < smallLimit
}

// NumericCompareVec sets bit i of out (little-endian bit order, as Arrow's bitmaps) where
// a[i] < b[i] by value, or a[i] = b[i] when eq, and reports whether it could. out must be
// zeroed; it is zeroed again when the kernel could not.
func NumericCompareVec(a, b []Num, eq bool, out []byte) bool {
	sa, sb, ma, mb, ok := vecScales(a, b)
	if !ok {
		return false
	}
	b = b[:len(a)]
	var bad, magA, magB uint64
	for i := range a {
		x, y := a[i], b[i]
		bad |= notSmall(x, sa) | notSmall(y, sb)
		magA |= magnitude(x)
		magB |= magnitude(y)
		cx, cy := (int64(x.lo)>>8)*ma, (int64(y.lo)>>8)*mb
		hit := cx < cy
		if eq {
			hit = cx == cy
		}
		out[i>>3] |= bit(hit) << (uint(i) & 7)
	}
	if bad != 0 || !fits(magA, ma, 1<<63) || !fits(magB, mb, 1<<63) {
		clear(out[:(len(a)+7)/8])
		return false
	}
	return true
}

// bit is 1 for true; the compiler makes it a flag move, keeping loops branch-free.
func bit(c bool) byte {
	if c {
		return 1
	}
	return 0
}

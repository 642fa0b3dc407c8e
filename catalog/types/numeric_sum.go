package types

import (
	"math/big"
	"math/bits"
)

// NumericSum accumulates a sum of numerics exactly, as PostgreSQL's sum and avg do: the
// coefficient is a signed 128-bit integer at the largest display scale seen so far, so
// adding a value of that scale is one 128-bit addition. A sum that leaves 127 bits (or a
// rescale that would) moves to a big.Int and stays exact. The zero value is an empty sum at
// scale 0.
type NumericSum struct {
	lo    uint64
	hi    int64
	scale int32
	// special records the NaN and infinite inputs (sumNaN, sumPInf, sumNInf bits), which
	// decide the result by themselves, as PostgreSQL's NaN and infinity counts do.
	special uint8
	wide    *big.Int // the coefficient, once it no longer fits 127 bits
}

const (
	sumNaN uint8 = 1 << iota
	sumPInf
	sumNInf
)

// noteSpecial records a special input.
func (s *NumericSum) noteSpecial(n Num) {
	switch n.lo & 0xff {
	case numericNaNScale:
		s.special |= sumNaN
	case numericPInfScale:
		s.special |= sumPInf
	default:
		s.special |= sumNInf
	}
}

// specialResult is the sum of the recorded special inputs (whatever the finite ones):
// NaN with any NaN or with both infinities, else the infinity seen.
func (s *NumericSum) specialResult() Num {
	switch {
	case s.special&sumNaN != 0 || s.special == sumPInf|sumNInf:
		return NumericNaN
	case s.special == sumPInf:
		return NumericPosInf
	}
	return NumericNegInf
}

// Add adds n.
func (s *NumericSum) Add(n Num) {
	ns := int32(n.lo & 0xff)
	if ns != s.scale && s.wide == nil && ns <= NumericMaxScale {
		switch {
		case s.lo == 0 && s.hi == 0 && ns > s.scale:
			s.scale = ns // zero at any scale is zero: the usual first value of a sum
		case ns < s.scale && s.scale-ns <= 18:
			// A value of fewer decimals: scale it up when it stays small.
			if c, ok := smallCoef(n); ok && c < smallLimit/pow10i64[s.scale-ns] && c > -smallLimit/pow10i64[s.scale-ns] {
				n, ns = smallWord(c*pow10i64[s.scale-ns], s.scale), s.scale
			}
		}
	}
	if ns == s.scale && s.wide == nil {
		clo, chi := n.lo>>8|uint64(n.hi)<<56, n.hi>>8
		lo, c := bits.Add64(s.lo, clo, 0)
		hi := s.hi + chi + int64(c)
		if (s.hi >= 0) != (chi >= 0) || (hi >= 0) == (s.hi >= 0) {
			s.lo, s.hi = lo, hi
			return
		}
	}
	s.addSlow(n)
}

// AddGrouped adds vals[i] to sums[groups[i]] for every row i: Add over a batch, with Add's
// common case (a value of the sum's scale, no overflow) written into the loop.
func AddGrouped(sums []NumericSum, groups []uint32, vals []Num) {
	vals = vals[:len(groups)]
	for i, g := range groups {
		n, s := vals[i], &sums[g]
		// Special values' scale bytes are above any sum's scale, so they take Add.
		if n.lo&0xff == uint64(s.scale) && s.wide == nil {
			clo, chi := n.lo>>8|uint64(n.hi)<<56, n.hi>>8
			lo, c := bits.Add64(s.lo, clo, 0)
			hi := s.hi + chi + int64(c)
			if (s.hi >= 0) != (chi >= 0) || (hi >= 0) == (s.hi >= 0) {
				s.lo, s.hi = lo, hi
				continue
			}
		}
		s.Add(n)
	}
}

// AddInt64 adds v (display scale 0).
func (s *NumericSum) AddInt64(v int64) {
	if s.scale == 0 && s.wide == nil {
		lo, c := bits.Add64(s.lo, uint64(v), 0)
		vh := v >> 63
		hi := s.hi + vh + int64(c)
		if (s.hi >= 0) != (vh >= 0) || (hi >= 0) == (s.hi >= 0) {
			s.lo, s.hi = lo, hi
			return
		}
	}
	s.addSlow(NumericFromInt64(v))
}

// Merge adds the sum o.
func (s *NumericSum) Merge(o *NumericSum) {
	s.special |= o.special
	if s.wide == nil && s.lo == 0 && s.hi == 0 && o.scale > s.scale {
		// Zero at any scale is zero: a group's first merge (parallel aggregation merges
		// every group of a worker into an empty one) stays a 128-bit addition.
		s.scale = o.scale
	}
	if o.wide == nil && o.scale == s.scale && s.wide == nil {
		lo, c := bits.Add64(s.lo, o.lo, 0)
		hi := s.hi + o.hi + int64(c)
		if (s.hi >= 0) != (o.hi >= 0) || (hi >= 0) == (s.hi >= 0) {
			s.lo, s.hi = lo, hi
			return
		}
	}
	var x big.Int
	o.bigCoef(&x)
	s.addBig(&x, o.scale)
}

func (s *NumericSum) addSlow(n Num) {
	if n.IsSpecial() {
		s.noteSpecial(n)
		return
	}
	neg, m, ns := n.parts()
	var x, t big.Int
	x.SetUint64(m.hi)
	x.Lsh(&x, 64)
	x.Or(&x, t.SetUint64(m.lo))
	if neg {
		x.Neg(&x)
	}
	s.addBig(&x, ns)
}

// addBig adds x * 10^-xs, then moves back to 128 bits when the result fits.
func (s *NumericSum) addBig(x *big.Int, xs int32) {
	var acc big.Int
	s.bigCoef(&acc)
	if xs > s.scale {
		acc.Mul(&acc, pow10Big(xs-s.scale))
		s.scale = xs
	} else if xs < s.scale {
		x = new(big.Int).Mul(x, pow10Big(s.scale-xs))
	}
	acc.Add(&acc, x)
	if acc.BitLen() < 127 {
		s.wide = nil
		mag := new(big.Int).Abs(&acc)
		var lo, hi uint64
		w := mag.Bits()
		if len(w) > 0 {
			lo = uint64(w[0])
		}
		if len(w) > 1 {
			hi = uint64(w[1])
		}
		if acc.Sign() < 0 {
			var c uint64
			lo, c = bits.Sub64(0, lo, 0)
			hi, _ = bits.Sub64(0, hi, c)
		}
		s.lo, s.hi = lo, int64(hi)
		return
	}
	if s.wide == nil {
		s.wide = new(big.Int)
	}
	s.wide.Set(&acc)
}

// bigCoef sets x to the coefficient.
func (s *NumericSum) bigCoef(x *big.Int) {
	if s.wide != nil {
		x.Set(s.wide)
		return
	}
	neg := s.hi < 0
	lo, hi := s.lo, uint64(s.hi)
	if neg {
		var c uint64
		lo, c = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, c)
	}
	var t big.Int
	x.SetUint64(hi)
	x.Lsh(x, 64)
	x.Or(x, t.SetUint64(lo))
	if neg {
		x.Neg(x)
	}
}

// Result returns the sum with display scale the largest of the added values'; ok is false
// when it does not fit the representation.
func (s *NumericSum) Result() (Num, bool) {
	if s.special != 0 {
		return s.specialResult(), true
	}
	if s.wide != nil {
		var mag big.Int
		mag.Abs(s.wide)
		return numericFromBig(s.wide.Sign() < 0, &mag, s.scale)
	}
	neg := s.hi < 0
	lo, hi := s.lo, uint64(s.hi)
	if neg {
		var c uint64
		lo, c = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, c)
	}
	return finishNumeric(neg, u256{lo, hi, 0, 0}, s.scale)
}

func pow10Big(k int32) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
}

// AddSquare adds n*n, exactly (at display scale twice n's), for sums of squares.
func (s *NumericSum) AddSquare(n Num) {
	if n.IsSpecial() {
		// The square of an infinity is +Infinity; only the presence matters to variance.
		s.noteSpecial(n)
		return
	}
	_, m, ns := n.parts()
	sq := mul128(m, m)
	if sq.fits128() && sq[1] < 1<<62 && 2*ns == s.scale && s.wide == nil {
		lo, c := bits.Add64(s.lo, sq[0], 0)
		hi := s.hi + int64(sq[1]) + int64(c)
		if s.hi < 0 || hi >= 0 {
			s.lo, s.hi = lo, hi
			return
		}
	}
	var x, t big.Int
	for i := 3; i >= 0; i-- {
		x.Lsh(&x, 64)
		x.Or(&x, t.SetUint64(sq[i]))
	}
	s.addBig(&x, 2*ns)
}

// NumericVariance computes var_samp, var_pop, stddev_samp or stddev_pop from a count, the
// sum and the sum of squares of the inputs, as PostgreSQL's numeric_stddev_internal does:
// (N*sumX2 - sumX^2) / (N*(N-1)) (or N*N for the population forms) at select_div_scale's
// scale, and for the standard deviations the square root of that at the same scale. null is
// true when the result is NULL (N <= 1 for the sample forms, N = 0 otherwise).
func NumericVariance(n int64, sumX, sumX2 *NumericSum, sample, stddev bool) (v Num, null, ok bool) {
	if n <= 0 || (sample && n <= 1) {
		return Num{}, true, true
	}
	if sumX.special != 0 {
		return NumericNaN, false, true
	}
	var a, b big.Int
	sumX.bigCoef(&a)
	sumX2.bigCoef(&b)
	s := sumX.scale
	// Bring sumX2 to scale 2s (it is at most that, being a sum of squares of values with
	// display scale up to s).
	if d := 2*s - sumX2.scale; d > 0 {
		b.Mul(&b, pow10Big(d))
	}
	bn := big.NewInt(n)
	var num big.Int
	num.Mul(bn, &b)
	a.Mul(&a, &a)
	num.Sub(&num, &a) // at scale 2s
	if num.Sign() <= 0 {
		return Num{}, false, true
	}
	den := new(big.Int).Set(bn)
	if sample {
		den.Mul(den, big.NewInt(n-1))
	} else {
		den.Mul(den, bn)
	}
	rscale := divScaleBig(&num, 2*s, den)
	// variance = round(num * 10^(rscale - 2s) / den)
	q := new(big.Int)
	if e := rscale - 2*s; e >= 0 {
		q.Mul(&num, pow10Big(e))
		q.Set(roundQuo(q, den))
	} else {
		q.Set(roundQuo(&num, new(big.Int).Mul(den, pow10Big(-e))))
	}
	if stddev {
		// sqrt(q * 10^-rscale) at rscale+1 digits, then rounded on the extra digit.
		x := new(big.Int).Mul(q, pow10Big(rscale+2))
		x.Sqrt(x)
		last := new(big.Int)
		x.QuoRem(x, big.NewInt(10), last)
		if last.Int64() >= 5 {
			x.Add(x, big.NewInt(1))
		}
		q = x
	}
	v, ok = numericFromBig(false, q, min(rscale, NumericMaxScale))
	return v, false, ok
}

// roundQuo returns x/y rounded half away from zero, for positive x and y.
func roundQuo(x, y *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(x, y, new(big.Int))
	if r.Lsh(r, 1).Cmp(y) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// divScaleBig is select_div_scale for a positive dividend x * 10^-xs and a positive integer
// divisor y.
func divScaleBig(x *big.Int, xs int32, y *big.Int) int32 {
	w1, f1 := bigWeightAndFirst(x, xs)
	w2, f2 := bigWeightAndFirst(y, 0)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	return min(max(16-qweight*4, xs, 0), 1000)
}

func bigWeightAndFirst(x *big.Int, scale int32) (int32, uint64) {
	d := x.String()
	p := int32(len(d)) - 1 - scale
	w := floorDiv32(p, 4)
	// The leading group holds the digits at powers p .. 4w.
	n := p - 4*w + 1
	var first uint64
	for i := int32(0); i < n; i++ {
		first *= 10
		if i < int32(len(d)) {
			first += uint64(d[i] - '0')
		}
	}
	return w, first
}

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
	wide  *big.Int // the coefficient, once it no longer fits 127 bits
}

// Add adds n.
func (s *NumericSum) Add(n Num) {
	ns := int32(n.lo & 0xff)
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

package stats

import (
	"math"
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/zeebo/xxh3"

	"github.com/pgfast/pgfast/catalog/types"
)

// precision is log2 of the HyperLogLog's register count.
const precision = 12

const registers = 1 << precision

// Sketch summarises one column of a set of rows; see the package comment. The zero value is
// an empty sketch. A Sketch is not safe for concurrent Adds; once filled it may be read and
// merged into others by any number of goroutines.
type Sketch struct {
	// Rows and Nulls count the values added and the NULLs among them.
	Rows, Nulls int64
	min, max    float64
	hasRange    bool
	// unhashed is set when values of a type the sketch does not count were added, so the
	// distinct count is unknown.
	unhashed bool
	regs     [registers]uint8
}

// Merge adds o's rows to s.
func (s *Sketch) Merge(o *Sketch) {
	s.Rows += o.Rows
	s.Nulls += o.Nulls
	s.unhashed = s.unhashed || o.unhashed
	if o.hasRange {
		s.widen(o.min, o.max)
	}
	for i, r := range o.regs {
		if r > s.regs[i] {
			s.regs[i] = r
		}
	}
}

func (s *Sketch) widen(lo, hi float64) {
	if !s.hasRange {
		s.min, s.max, s.hasRange = lo, hi, true
		return
	}
	s.min = math.Min(s.min, lo)
	s.max = math.Max(s.max, hi)
}

// Column returns the statistics the sketch estimates.
func (s *Sketch) Column() Column {
	c := Column{Min: s.min, Max: s.max, HasRange: s.hasRange}
	if s.Rows > 0 {
		c.NullFrac = float64(s.Nulls) / float64(s.Rows)
	}
	if !s.unhashed {
		c.NDV = math.Min(s.distinct(), float64(s.Rows-s.Nulls))
	}
	return c
}

// distinct is the HyperLogLog estimate, with linear counting while registers are empty.
func (s *Sketch) distinct() float64 {
	sum, zeros := 0.0, 0
	for _, r := range s.regs {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	const m = float64(registers)
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		return m * math.Log(m/float64(zeros))
	}
	return e
}

func (s *Sketch) addHash(h uint64) {
	i := h >> (64 - precision)
	w := h<<precision | 1<<(precision-1)
	if r := uint8(bits.LeadingZeros64(w) + 1); r > s.regs[i] {
		s.regs[i] = r
	}
}

// mix64 spreads a 64-bit value over all bits (splitmix64's finalizer).
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Add summarises arr's values.
func (s *Sketch) Add(arr arrow.Array) {
	n := arr.Len()
	s.Rows += int64(n)
	s.Nulls += int64(arr.NullN())
	if n == arr.NullN() {
		return
	}
	switch a := arr.(type) {
	case *array.Int16:
		addInts(s, a, a.Int16Values(), 1)
	case *array.Int32:
		addInts(s, a, a.Int32Values(), 1)
	case *array.Int64:
		addInts(s, a, a.Int64Values(), 1)
	case *array.Uint32:
		addInts(s, a, a.Uint32Values(), 1)
	case *array.Date32:
		addInts(s, a, a.Date32Values(), 86400)
	case *array.Timestamp:
		addInts(s, a, a.TimestampValues(), 1e-6)
	case *array.Time64:
		addInts(s, a, a.Time64Values(), 1e-6)
	case *array.Float64:
		addFloats(s, a, a.Float64Values())
	case *array.Float32:
		addFloats(s, a, a.Float32Values())
	case *array.Boolean:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.addHash(mix64(uint64(b2u(a.Value(i)))))
			}
		}
	case *array.String:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.addHash(xxh3.HashString(a.Value(i)))
			}
		}
	case *array.Binary:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.addHash(xxh3.Hash(a.Value(i)))
			}
		}
	case *array.FixedSizeBinary:
		if types.IsNumericArrow(a.DataType()) {
			addNumerics(s, a)
			return
		}
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.addHash(xxh3.Hash(a.Value(i)))
			}
		}
	case *array.MonthDayNanoInterval:
		for i, v := range a.MonthDayNanoIntervalValues() {
			if a.IsValid(i) {
				s.addHash(mix64(uint64(v.Months)<<32|uint64(uint32(v.Days))) ^ mix64(uint64(v.Nanoseconds)))
			}
		}
	case array.ExtensionArray:
		s.Rows -= int64(n)
		s.Nulls -= int64(arr.NullN())
		s.Add(a.Storage())
	default:
		s.unhashed = true
	}
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

type integer interface {
	~int16 | ~int32 | ~int64 | ~uint32
}

// addInts hashes integer-like values and tracks their range; unit maps a value onto the
// number line (days to seconds, microseconds to seconds).
func addInts[T integer](s *Sketch, arr arrow.Array, vals []T, unit float64) {
	lo, hi := T(0), T(0)
	seen := false
	for i, v := range vals {
		if arr.IsNull(i) {
			continue
		}
		s.addHash(mix64(uint64(v)))
		if !seen {
			lo, hi, seen = v, v, true
		} else if v < lo {
			lo = v
		} else if v > hi {
			hi = v
		}
	}
	if seen {
		s.widen(float64(lo)*unit, float64(hi)*unit)
	}
}

func addFloats[T float32 | float64](s *Sketch, arr arrow.Array, vals []T) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range vals {
		if arr.IsNull(i) {
			continue
		}
		f := float64(v)
		s.addHash(mix64(math.Float64bits(f)))
		if f == f { // not NaN
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if lo <= hi {
		s.widen(lo, hi)
	}
}

// addNumerics hashes numeric words and tracks their range; values of one display scale
// (a numeric(p,s) column) compare as integers, others through CompareNumeric.
func addNumerics(s *Sketch, a *array.FixedSizeBinary) {
	vals := types.NumericValues(a)
	var lo, hi types.Num
	seen := false
	for i, v := range vals {
		if a.IsNull(i) {
			continue
		}
		s.addHash(xxh3.Hash(a.Value(i)))
		if v.IsSpecial() {
			continue
		}
		switch {
		case !seen:
			lo, hi, seen = v, v, true
		case types.CompareNumeric(v, lo) < 0:
			lo = v
		case types.CompareNumeric(v, hi) > 0:
			hi = v
		}
	}
	if seen {
		s.widen(lo.Float64(), hi.Float64())
	}
}

package udf

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Variance and standard deviation over floats, in float8 with the Youngs-Cramer update
// (count, sum, and sum of squared deviations), which PostgreSQL also uses: it is stable
// where the textbook sum-of-squares formula cancels catastrophically, and two states combine
// exactly, so parallel partial aggregates give the same answer as a single pass.
//
// The integer and numeric overloads return numeric, computed exactly from the count, sum and
// sum of squares as PostgreSQL's numeric_stddev_internal does (numericVarState).

type moments struct{ n, sx, sxx float64 }

func (m *moments) add(x float64) error {
	oldSx := m.sx
	m.n++
	m.sx += x
	if m.n > 1 {
		t := x*m.n - m.sx
		m.sxx += t * t / (m.n * (m.n - 1))
		if isInf(m.sx) || isInf(m.sxx) {
			if !isInf(oldSx) && !isInf(x) {
				return errFloatOverflow()
			}
			m.sxx = math.NaN()
		}
	} else if isNaN(x) || isInf(x) {
		m.sxx = math.NaN()
	}
	return nil
}

func (m *moments) combine(o moments) {
	switch {
	case o.n == 0:
	case m.n == 0:
		*m = o
	default:
		n := m.n + o.n
		d := m.sx/m.n - o.sx/o.n
		m.sxx += o.sxx + m.n*o.n*d*d/n
		m.sx += o.sx
		m.n = n
	}
}

// varKind selects the final function.
type varKind byte

const (
	varSamp varKind = iota
	varPop
	stddevSamp
	stddevPop
)

func (k varKind) final(m moments) (float64, bool) {
	switch k {
	case varPop, stddevPop:
		if m.n == 0 {
			return 0, false
		}
		v := m.sxx / m.n
		if k == stddevPop {
			v = math.Sqrt(v)
		}
		return v, true
	}
	if m.n <= 1 {
		return 0, false
	}
	v := m.sxx / (m.n - 1)
	if k == stddevSamp {
		v = math.Sqrt(v)
	}
	return v, true
}

type varianceState[T float] struct {
	m    []moments
	kind varKind
	mem  memory.Allocator
}

func (s *varianceState[T]) Update(groups []uint32, args []arrow.Array) error {
	s.m = growTo(s.m, groupCount(groups))
	vals, v := values[T](args[0]), validityOf(args[0])
	for i, g := range groups {
		if v.ok(i) {
			if err := s.m[g].add(float64(vals[i])); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *varianceState[T]) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*varianceState[T])
	s.m = growTo(s.m, groupCount(mapping[:min(len(mapping), len(o.m))]))
	for g, m := range o.m {
		s.m[mapping[g]].combine(m)
	}
	return nil
}

func (s *varianceState[T]) Finalize(ngroups int) (arrow.Array, error) {
	s.m = growTo(s.m, ngroups)
	out := slots[float64]{v: make([]float64, ngroups), seen: make([]bool, ngroups)}
	for g, m := range s.m[:ngroups] {
		out.v[g], out.seen[g] = s.kind.final(m)
	}
	return finishFixed(s.mem, arrow.PrimitiveTypes.Float64, &out, ngroups), nil
}

// numericVarState is variance and standard deviation over int2, int4, int8 and numeric.
type numericVarState[T int16 | int32 | int64 | num] struct {
	n          []int64
	sum, sumSq []types.NumericSum
	kind       varKind
	mem        memory.Allocator
}

func (s *numericVarState[T]) grow(n int) {
	s.n = growTo(s.n, n)
	s.sum = growTo(s.sum, n)
	s.sumSq = growTo(s.sumSq, n)
}

func (s *numericVarState[T]) Update(groups []uint32, args []arrow.Array) error {
	s.grow(groupCount(groups))
	vals, v := values[T](args[0]), validityOf(args[0])
	for i, g := range groups {
		if !v.ok(i) {
			continue
		}
		var x num
		switch val := any(vals[i]).(type) {
		case num:
			x = val
		case int16:
			x = types.NumericFromInt64(int64(val))
		case int32:
			x = types.NumericFromInt64(int64(val))
		case int64:
			x = types.NumericFromInt64(val)
		}
		s.n[g]++
		s.sum[g].Add(x)
		s.sumSq[g].AddSquare(x)
	}
	return nil
}

func (s *numericVarState[T]) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*numericVarState[T])
	s.grow(groupCount(mapping[:min(len(mapping), len(o.n))]))
	for g := range o.n {
		d := mapping[g]
		s.n[d] += o.n[g]
		s.sum[d].Merge(&o.sum[g])
		s.sumSq[d].Merge(&o.sumSq[g])
	}
	return nil
}

func (s *numericVarState[T]) Finalize(ngroups int) (arrow.Array, error) {
	s.grow(ngroups)
	out := slots[num]{v: make([]num, ngroups), seen: make([]bool, ngroups)}
	sample := s.kind == varSamp || s.kind == stddevSamp
	stddev := s.kind == stddevSamp || s.kind == stddevPop
	for g := range out.v {
		r, null, ok := types.NumericVariance(s.n[g], &s.sum[g], &s.sumSq[g], sample, stddev)
		if !ok {
			return nil, errNumericOverflow()
		}
		out.v[g], out.seen[g] = r, !null
	}
	return finishFixed(s.mem, numericDT, &out, ngroups), nil
}

func registerVariance(b builder) {
	for _, v := range []struct {
		name               string
		kind               varKind
		i8, i4, i2, f4, f8 types.OID
		n                  types.OID
	}{
		{"variance", varSamp, 2148, 2149, 2150, 2151, 2152, 2153},
		{"var_samp", varSamp, 2641, 2642, 2643, 2644, 2645, 2646},
		{"var_pop", varPop, 2718, 2719, 2720, 2721, 2722, 2723},
		{"stddev", stddevSamp, 2154, 2155, 2156, 2157, 2158, 2159},
		{"stddev_samp", stddevSamp, 2712, 2713, 2714, 2715, 2716, 2717},
		{"stddev_pop", stddevPop, 2724, 2725, 2726, 2727, 2728, 2729},
	} {
		kind := v.kind
		b.aggregate(v.f4, v.name, oids(types.Float4), types.Float8, func(env *catalog.FuncEnv) catalog.AggState {
			return &varianceState[float32]{kind: kind, mem: allocator(env)}
		})
		b.aggregate(v.f8, v.name, oids(types.Float8), types.Float8, func(env *catalog.FuncEnv) catalog.AggState {
			return &varianceState[float64]{kind: kind, mem: allocator(env)}
		})
		b.aggregate(v.i8, v.name, oids(types.Int8), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState {
			return &numericVarState[int64]{kind: kind, mem: allocator(env)}
		})
		b.aggregate(v.i4, v.name, oids(types.Int4), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState {
			return &numericVarState[int32]{kind: kind, mem: allocator(env)}
		})
		b.aggregate(v.i2, v.name, oids(types.Int2), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState {
			return &numericVarState[int16]{kind: kind, mem: allocator(env)}
		})
		b.aggregate(v.n, v.name, oids(types.Numeric), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState {
			return &numericVarState[num]{kind: kind, mem: allocator(env)}
		})
	}
}

// stringAggState is string_agg(text, text). Each group keeps its delimiters too, the first
// one included, so that merged partial states join with the right delimiter; Finalize drops
// the leading one.
type stringAggState struct {
	buf      [][]byte
	firstLen []int
	seen     []bool
	mem      memory.Allocator
}

func (s *stringAggState) grow(n int) {
	s.buf = growTo(s.buf, n)
	s.firstLen = growTo(s.firstLen, n)
	s.seen = growTo(s.seen, n)
}

func (s *stringAggState) Update(groups []uint32, args []arrow.Array) error {
	s.grow(groupCount(groups))
	vals, delims := stringsOf(args[0]), stringsOf(args[1])
	vv, dv := validityOf(args[0]), validityOf(args[1])
	for i, g := range groups {
		if !vv.ok(i) {
			continue
		}
		d := ""
		if dv.ok(i) {
			d = delims.Value(i)
		}
		if !s.seen[g] {
			s.seen[g], s.firstLen[g] = true, len(d)
		}
		s.buf[g] = append(append(s.buf[g], d...), vals.Value(i)...)
	}
	return nil
}

func (s *stringAggState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*stringAggState)
	s.grow(groupCount(mapping[:min(len(mapping), len(o.buf))]))
	for g, b := range o.buf {
		if !o.seen[g] {
			continue
		}
		d := mapping[g]
		if !s.seen[d] {
			s.seen[d], s.firstLen[d] = true, o.firstLen[g]
		}
		s.buf[d] = append(s.buf[d], b...)
	}
	return nil
}

func (s *stringAggState) Finalize(ngroups int) (arrow.Array, error) {
	s.grow(ngroups)
	out := newStrOut(s.mem, ngroups, 0)
	for g := 0; g < ngroups; g++ {
		if s.seen[g] {
			out.appendBytes(s.buf[g][s.firstLen[g]:])
			out.end()
		} else {
			out.endNull(s.mem)
		}
	}
	return out.finish(), nil
}

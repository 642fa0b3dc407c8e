package udf

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Aggregates keep one slot per group in slices indexed by group number, grown on demand,
// and fold whole argument arrays in typed loops. States of the same aggregate merge slot by
// slot, which is how partial aggregates computed in parallel are combined. All aggregates
// here skip NULL inputs (count(*) has none); an aggregate over no non-null input is NULL,
// except count, which is 0.

// rowValidity gives cheap access to an argument's validity bitmap.
type rowValidity struct {
	bits []byte // nil when the array has no nulls
	off  int
}

func validityOf(a arrow.Array) rowValidity {
	if a.NullN() == 0 {
		return rowValidity{}
	}
	return rowValidity{a.NullBitmapBytes(), a.Data().Offset()}
}

func (v rowValidity) ok(i int) bool { return v.bits == nil || bitSet(v.bits, v.off+i) }

// groupCount returns 1 + the largest group number in groups (0 if none).
func groupCount(groups []uint32) int {
	m := uint32(0)
	for _, g := range groups {
		m = max(m, g+1)
	}
	return int(m)
}

// growTo extends per-group state s to n zero-initialized slots. Capacity at least doubles
// when it runs out: a GROUP BY of a million groups grows its states batch by batch, and
// growing by less copies the states (and clears them) many times over.
func growTo[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		tail := s[len(s):n]
		clear(tail)
		return s[:n]
	}
	grown := make([]T, n, max(n, 2*cap(s)))
	copy(grown, s)
	return grown
}

// slots holds per-group values plus whether each group has seen a non-null input.
type slots[T any] struct {
	v    []T
	seen []bool
}

func (s *slots[T]) grow(n int) {
	s.v = growTo(s.v, n)
	s.seen = growTo(s.seen, n)
}

// finishFixed builds the result of a fixed-width aggregate: NULL for unseen groups.
func finishFixed[T fixedWidth](mem memory.Allocator, dt arrow.DataType, s *slots[T], ngroups int) arrow.Array {
	s.grow(ngroups)
	buf, out := newFixed[T](mem, ngroups)
	copy(out, s.v[:ngroups])
	valid, nulls := seenBitmap(mem, s.seen[:ngroups])
	return makeArray(dt, ngroups, valid, nulls, buf)
}

// seenBitmap returns a validity bitmap for seen flags, or nil when all are set.
func seenBitmap(mem memory.Allocator, seen []bool) (*memory.Buffer, int) {
	nulls := 0
	for _, s := range seen {
		if !s {
			nulls++
		}
	}
	if nulls == 0 {
		return nil, 0
	}
	buf := newBitmap(mem, len(seen))
	bits := buf.Bytes()
	for i, s := range seen {
		bits[i>>3] |= setIf(s) << (uint(i) & 7)
	}
	return buf, nulls
}

// mergeSlots folds other's seen slots into s with combine.
func mergeSlots[T any](s, other *slots[T], mapping []uint32, combine func(dst *T, src T) error) error {
	s.grow(groupCount(mapping[:min(len(mapping), len(other.v))]))
	for g, src := range other.v {
		if !other.seen[g] {
			continue
		}
		d := mapping[g]
		if !s.seen[d] {
			s.v[d], s.seen[d] = src, true
			continue
		}
		if err := combine(&s.v[d], src); err != nil {
			return err
		}
	}
	return nil
}

// ---- count ----

// countState is count(*) (star) or count(x).
type countState struct {
	star   bool
	counts []int64
	mem    memory.Allocator
}

var _ catalog.AggState = (*countState)(nil)

func (s *countState) Update(groups []uint32, args []arrow.Array) error {
	s.counts = growTo(s.counts, groupCount(groups))
	if s.star || args[0].NullN() == 0 {
		for _, g := range groups {
			s.counts[g]++
		}
		return nil
	}
	v := validityOf(args[0])
	for i, g := range groups {
		if v.ok(i) {
			s.counts[g]++
		}
	}
	return nil
}

func (s *countState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*countState)
	s.counts = growTo(s.counts, groupCount(mapping[:min(len(mapping), len(o.counts))]))
	for g, c := range o.counts {
		s.counts[mapping[g]] += c
	}
	return nil
}

func (s *countState) Finalize(ngroups int) (arrow.Array, error) {
	s.counts = growTo(s.counts, ngroups)
	buf, out := newFixed[int64](s.mem, ngroups)
	copy(out, s.counts)
	return makeArray(arrow.PrimitiveTypes.Int64, ngroups, nil, 0, buf), nil
}

// ---- sum and avg over integers and floats ----

// intSumState is sum(int2|int4) -> int8, and the sum half of avg over them.
type intSumState[T signed] struct {
	sums  slots[int64]
	count []int64 // for avg
	avg   bool
	mem   memory.Allocator
}

func (s *intSumState[T]) Update(groups []uint32, args []arrow.Array) error {
	n := groupCount(groups)
	s.sums.grow(n)
	s.count = growTo(s.count, n)
	vals, v := values[T](args[0]), validityOf(args[0])
	for i, g := range groups {
		if v.ok(i) {
			s.sums.v[g] += int64(vals[i])
			s.sums.seen[g] = true
			s.count[g]++
		}
	}
	return nil
}

func (s *intSumState[T]) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*intSumState[T])
	for g, c := range o.count {
		s.count = growTo(s.count, int(mapping[g])+1)
		s.count[mapping[g]] += c
	}
	return mergeSlots(&s.sums, &o.sums, mapping, func(d *int64, v int64) error { *d += v; return nil })
}

func (s *intSumState[T]) Finalize(ngroups int) (arrow.Array, error) {
	if !s.avg {
		return finishFixed(s.mem, arrow.PrimitiveTypes.Int64, &s.sums, ngroups), nil
	}
	s.sums.grow(ngroups)
	s.count = growTo(s.count, ngroups)
	avg := slots[num]{v: make([]num, ngroups), seen: s.sums.seen[:ngroups]}
	for g := range avg.v {
		if avg.seen[g] {
			q, ok := types.NumericDiv(types.NumericFromInt64(s.sums.v[g]), types.NumericFromInt64(s.count[g]))
			if !ok {
				return nil, errNumericOverflow()
			}
			avg.v[g] = q
		}
	}
	return finishFixed(s.mem, numericDT, &avg, ngroups), nil
}

// floatSumState sums T inputs in an A accumulator: sum(float4|float8) in the argument's type,
// avg in float8 (as PostgreSQL's float4_accum widens).
type floatSumState[T, A float] struct {
	sums  slots[A]
	count []int64
	avg   bool
	mem   memory.Allocator
}

func addChecked[T float](d *T, v T) error {
	r := *d + v
	if isInf(r) && !isInf(*d) && !isInf(v) {
		return errFloatOverflow()
	}
	*d = r
	return nil
}

func (s *floatSumState[T, A]) Update(groups []uint32, args []arrow.Array) error {
	n := groupCount(groups)
	s.sums.grow(n)
	s.count = growTo(s.count, n)
	vals, v := values[T](args[0]), validityOf(args[0])
	for i, g := range groups {
		if v.ok(i) {
			if err := addChecked(&s.sums.v[g], A(vals[i])); err != nil {
				return err
			}
			s.sums.seen[g] = true
			s.count[g]++
		}
	}
	return nil
}

func (s *floatSumState[T, A]) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*floatSumState[T, A])
	for g, c := range o.count {
		s.count = growTo(s.count, int(mapping[g])+1)
		s.count[mapping[g]] += c
	}
	return mergeSlots(&s.sums, &o.sums, mapping, addChecked[A])
}

func (s *floatSumState[T, A]) Finalize(ngroups int) (arrow.Array, error) {
	s.sums.grow(ngroups)
	if !s.avg {
		var z A
		dt := arrow.DataType(arrow.PrimitiveTypes.Float64)
		if _, single := any(z).(float32); single {
			dt = arrow.PrimitiveTypes.Float32
		}
		return finishFixed(s.mem, dt, &s.sums, ngroups), nil
	}
	s.count = growTo(s.count, ngroups)
	avg := slots[float64]{v: make([]float64, ngroups), seen: s.sums.seen[:ngroups]}
	for g := range avg.v {
		if avg.seen[g] {
			avg.v[g] = float64(s.sums.v[g]) / float64(s.count[g])
		}
	}
	return finishFixed(s.mem, arrow.PrimitiveTypes.Float64, &avg, ngroups), nil
}

// ---- sum and avg over int8 and numeric, accumulated exactly ----

// decSumState is sum(int8) -> numeric, sum(numeric), and avg over both, as PostgreSQL's
// numeric accumulators: sums are exact (types.NumericSum) with the largest input display
// scale, and avg divides by the count with numeric division's display scale.
type decSumState struct {
	sums   []types.NumericSum
	seen   []bool
	count  []int64
	int8In bool
	avg    bool
	mem    memory.Allocator
}

func (s *decSumState) grow(n int) {
	s.sums = growTo(s.sums, n)
	s.seen = growTo(s.seen, n)
	s.count = growTo(s.count, n)
}

func (s *decSumState) Update(groups []uint32, args []arrow.Array) error {
	s.grow(groupCount(groups))
	v := validityOf(args[0])
	if s.int8In {
		vals := values[int64](args[0])
		for i, g := range groups {
			if v.ok(i) {
				s.sums[g].AddInt64(vals[i])
				s.seen[g] = true
				s.count[g]++
			}
		}
		return nil
	}
	vals := values[num](args[0])
	if v.bits == nil {
		types.AddGrouped(s.sums, groups, vals)
		for _, g := range groups {
			s.seen[g] = true
			s.count[g]++
		}
		return nil
	}
	for i, g := range groups {
		if v.ok(i) {
			s.sums[g].Add(vals[i])
			s.seen[g] = true
			s.count[g]++
		}
	}
	return nil
}

// Transition implements catalog.SharedTransition: sum and avg accumulate alike.
func (s *decSumState) Transition() string {
	if s.int8In {
		return "int8_avg_accum"
	}
	return "numeric_avg_accum"
}

// FinalizeShared implements catalog.SharedTransition.
func (s *decSumState) FinalizeShared(from catalog.AggState, ngroups int) (arrow.Array, error) {
	o, ok := from.(*decSumState)
	if !ok || o.int8In != s.int8In {
		return nil, fmt.Errorf("udf: %s cannot finalize from %T", s.Transition(), from)
	}
	view := *o
	view.avg, view.mem = s.avg, s.mem
	return view.Finalize(ngroups)
}

func (s *decSumState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*decSumState)
	s.grow(groupCount(mapping[:min(len(mapping), len(o.sums))]))
	for g := range o.sums {
		if !o.seen[g] {
			continue
		}
		d := mapping[g]
		s.sums[d].Merge(&o.sums[g])
		s.seen[d] = true
		s.count[d] += o.count[g]
	}
	return nil
}

func (s *decSumState) Finalize(ngroups int) (arrow.Array, error) {
	s.grow(ngroups)
	out := slots[num]{v: make([]num, ngroups), seen: s.seen[:ngroups]}
	for g := range out.v {
		if !out.seen[g] {
			continue
		}
		r, ok := s.sums[g].Result()
		if ok && s.avg {
			r, ok = types.NumericDiv(r, types.NumericFromInt64(s.count[g]))
		}
		if !ok {
			return nil, errNumericOverflow()
		}
		out.v[g] = r
	}
	return finishFixed(s.mem, numericDT, &out, ngroups), nil
}

// ---- bool_and, bool_or ----

type boolAggState struct {
	vals slots[bool]
	and  bool
	mem  memory.Allocator
}

func (s *boolAggState) Update(groups []uint32, args []arrow.Array) error {
	s.vals.grow(groupCount(groups))
	bits, off := boolValues(args[0])
	v := validityOf(args[0])
	for i, g := range groups {
		if !v.ok(i) {
			continue
		}
		x := bitSet(bits, off+i)
		switch {
		case !s.vals.seen[g]:
			s.vals.v[g], s.vals.seen[g] = x, true
		case s.and:
			s.vals.v[g] = s.vals.v[g] && x
		default:
			s.vals.v[g] = s.vals.v[g] || x
		}
	}
	return nil
}

func (s *boolAggState) Merge(other catalog.AggState, mapping []uint32) error {
	return mergeSlots(&s.vals, &other.(*boolAggState).vals, mapping, func(d *bool, v bool) error {
		if s.and {
			*d = *d && v
		} else {
			*d = *d || v
		}
		return nil
	})
}

func (s *boolAggState) Finalize(ngroups int) (arrow.Array, error) {
	s.vals.grow(ngroups)
	out := newBoolOut(s.mem, ngroups)
	for g, x := range s.vals.v[:ngroups] {
		out.bits[g>>3] |= setIf(x) << (uint(g) & 7)
	}
	valid, nulls := seenBitmap(s.mem, s.vals.seen[:ngroups])
	return makeArray(arrow.FixedWidthTypes.Boolean, ngroups, valid, nulls, out.buf), nil
}

// ---- registration ----

func registerAggregates(b builder) {
	count := func(oid types.OID, args []types.OID, star bool) {
		b.aggregate(oid, "count", args, types.Int8, func(env *catalog.FuncEnv) catalog.AggState {
			return &countState{star: star, mem: allocator(env)}
		})
	}
	count(2803, nil, true)
	count(2147, oids(types.Any), false)

	intSum := func(sumOID, avgOID types.OID, t types.OID, mk func(env *catalog.FuncEnv, avg bool) catalog.AggState) {
		b.aggregate(sumOID, "sum", oids(t), types.Int8, func(env *catalog.FuncEnv) catalog.AggState { return mk(env, false) })
		b.aggregate(avgOID, "avg", oids(t), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState { return mk(env, true) })
	}
	intSum(2109, 2102, types.Int2, func(env *catalog.FuncEnv, avg bool) catalog.AggState {
		return &intSumState[int16]{avg: avg, mem: allocator(env)}
	})
	intSum(2108, 2101, types.Int4, func(env *catalog.FuncEnv, avg bool) catalog.AggState {
		return &intSumState[int32]{avg: avg, mem: allocator(env)}
	})

	b.aggregate(2110, "sum", oids(types.Float4), types.Float4, func(env *catalog.FuncEnv) catalog.AggState {
		return &floatSumState[float32, float32]{mem: allocator(env)}
	})
	b.aggregate(2111, "sum", oids(types.Float8), types.Float8, func(env *catalog.FuncEnv) catalog.AggState {
		return &floatSumState[float64, float64]{mem: allocator(env)}
	})
	b.aggregate(2104, "avg", oids(types.Float4), types.Float8, func(env *catalog.FuncEnv) catalog.AggState {
		return &floatSumState[float32, float64]{avg: true, mem: allocator(env)}
	})
	b.aggregate(2105, "avg", oids(types.Float8), types.Float8, func(env *catalog.FuncEnv) catalog.AggState {
		return &floatSumState[float64, float64]{avg: true, mem: allocator(env)}
	})

	decSum := func(oid types.OID, name string, arg types.OID, int8In, avg bool) {
		b.aggregate(oid, name, oids(arg), types.Numeric, func(env *catalog.FuncEnv) catalog.AggState {
			return &decSumState{int8In: int8In, avg: avg, mem: allocator(env)}
		})
	}
	decSum(2107, "sum", types.Int8, true, false)
	decSum(2100, "avg", types.Int8, true, true)
	decSum(2114, "sum", types.Numeric, false, false)
	decSum(2103, "avg", types.Numeric, false, true)

	boolAgg := func(oid types.OID, name string, and bool) {
		b.aggregate(oid, name, oids(types.Bool), types.Bool, func(env *catalog.FuncEnv) catalog.AggState {
			return &boolAggState{and: and, mem: allocator(env)}
		})
	}
	boolAgg(2517, "bool_and", true)
	boolAgg(2518, "bool_or", false)
	boolAgg(2519, "every", true)

	registerMinMax(b)
	registerVariance(b)
	b.aggregate(3538, "string_agg", oids(types.Text, types.Text), types.Text, func(env *catalog.FuncEnv) catalog.AggState {
		return &stringAggState{mem: allocator(env)}
	})
}

package udf

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// min and max keep the extreme value per group in the argument's own representation, using
// the same total orders as the comparison operators (NaN is the largest float).

// minMaxOIDs lists pg_proc's min and max aggregates per type.
var minMaxOIDs = []struct {
	t        types.OID
	min, max types.OID
}{
	{types.Int8, 2131, 2115}, {types.Int4, 2132, 2116}, {types.Int2, 2133, 2117},
	{types.Oid, 2134, 2118}, {types.Float4, 2135, 2119}, {types.Float8, 2136, 2120},
	{types.Date, 2138, 2122}, {types.Timestamp, 2142, 2126}, {types.Timestamptz, 2143, 2127},
	{types.Text, 2145, 2129}, {types.Numeric, 2146, 2130},
	{types.Time, 2139, 2123}, {types.Interval, 2144, 2128},
}

func registerMinMax(b builder) {
	for _, m := range minMaxOIDs {
		for _, isMax := range []bool{false, true} {
			oid, name := m.min, "min"
			if isMax {
				oid, name = m.max, "max"
			}
			b.aggregate(oid, name, oids(m.t), m.t, minMaxImpl(m.t, isMax))
		}
	}
}

func minMaxImpl(t types.OID, isMax bool) catalog.AggImpl {
	dt := types.Of(t).Arrow()
	return func(env *catalog.FuncEnv) catalog.AggState {
		mem := allocator(env)
		switch t {
		case types.Int2:
			return &extremeState[int16]{isMax: isMax, less: lessOrdered[int16], dt: dt, mem: mem}
		case types.Int4:
			return &extremeState[int32]{isMax: isMax, less: lessOrdered[int32], dt: dt, mem: mem}
		case types.Int8:
			return &extremeState[int64]{isMax: isMax, less: lessOrdered[int64], dt: dt, mem: mem}
		case types.Oid:
			return &extremeState[uint32]{isMax: isMax, less: lessOrdered[uint32], dt: dt, mem: mem}
		case types.Date:
			return &extremeState[arrow.Date32]{isMax: isMax, less: lessOrdered[arrow.Date32], dt: dt, mem: mem}
		case types.Timestamp, types.Timestamptz:
			return &extremeState[arrow.Timestamp]{isMax: isMax, less: lessOrdered[arrow.Timestamp], dt: dt, mem: mem}
		case types.Time:
			return &extremeState[arrow.Time64]{isMax: isMax, less: lessOrdered[arrow.Time64], dt: dt, mem: mem}
		case types.Interval:
			return &extremeState[ivl]{isMax: isMax, less: ivLess, dt: dt, mem: mem}
		case types.Float4:
			return &extremeState[float32]{isMax: isMax, less: floatLess[float32], dt: dt, mem: mem}
		case types.Float8:
			return &extremeState[float64]{isMax: isMax, less: floatLess[float64], dt: dt, mem: mem}
		case types.Numeric:
			// The extreme keeps its own display scale, as PostgreSQL's numeric_larger does.
			return &extremeState[num]{isMax: isMax, less: func(a, b num) bool { return types.CompareNumeric(a, b) < 0 }, dt: dt, mem: mem}
		case types.Text:
			return &textExtremeState{isMax: isMax, mem: mem}
		}
		panic("udf: no min/max for type " + types.Of(t).String())
	}
}

func lessOrdered[T ordered](a, b T) bool { return a < b }

// extremeState is min or max over a fixed-width type.
type extremeState[T fixedWidth] struct {
	vals  slots[T]
	isMax bool
	less  func(a, b T) bool
	dt    arrow.DataType
	mem   memory.Allocator
}

// better reports whether x should replace the current extreme cur.
func (s *extremeState[T]) better(x, cur T) bool {
	if s.isMax {
		return s.less(cur, x)
	}
	return s.less(x, cur)
}

func (s *extremeState[T]) Update(groups []uint32, args []arrow.Array) error {
	s.vals.grow(groupCount(groups))
	vals := values[T](args[0])
	v := validityOf(args[0])
	for i, g := range groups {
		if v.ok(i) && (!s.vals.seen[g] || s.better(vals[i], s.vals.v[g])) {
			s.vals.v[g], s.vals.seen[g] = vals[i], true
		}
	}
	return nil
}

func (s *extremeState[T]) Merge(other catalog.AggState, mapping []uint32) error {
	return mergeSlots(&s.vals, &other.(*extremeState[T]).vals, mapping, func(d *T, v T) error {
		if s.better(v, *d) {
			*d = v
		}
		return nil
	})
}

func (s *extremeState[T]) Finalize(ngroups int) (arrow.Array, error) {
	return finishFixed(s.mem, s.dt, &s.vals, ngroups), nil
}

// textExtremeState is min or max over text; it copies a value only when it becomes the new
// extreme, since argument arrays do not outlive Update.
type textExtremeState struct {
	vals  slots[string]
	isMax bool
	mem   memory.Allocator
}

func (s *textExtremeState) better(x, cur string) bool {
	if s.isMax {
		return cur < x
	}
	return x < cur
}

func (s *textExtremeState) Update(groups []uint32, args []arrow.Array) error {
	s.vals.grow(groupCount(groups))
	in := stringsOf(args[0])
	v := validityOf(args[0])
	for i, g := range groups {
		if !v.ok(i) {
			continue
		}
		if x := in.Value(i); !s.vals.seen[g] || s.better(x, s.vals.v[g]) {
			s.vals.v[g], s.vals.seen[g] = strings.Clone(x), true
		}
	}
	return nil
}

func (s *textExtremeState) Merge(other catalog.AggState, mapping []uint32) error {
	return mergeSlots(&s.vals, &other.(*textExtremeState).vals, mapping, func(d *string, v string) error {
		if s.better(v, *d) {
			*d = v
		}
		return nil
	})
}

func (s *textExtremeState) Finalize(ngroups int) (arrow.Array, error) {
	s.vals.grow(ngroups)
	size := 0
	for _, x := range s.vals.v[:ngroups] {
		size += len(x)
	}
	out := newStrOut(s.mem, ngroups, size)
	for g, x := range s.vals.v[:ngroups] {
		if s.vals.seen[g] {
			out.appendString(x)
			out.end()
		} else {
			out.endNull(s.mem)
		}
	}
	return out.finish(), nil
}

package executor

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// valueSet is the set of values an IN (subquery) tests against, with SQL's NULL semantics:
// x IN (set) is NULL when x is not found and the set holds a NULL (or x is NULL).
type valueSet struct {
	ints    map[int64]struct{}
	floats  map[float64]struct{}
	strs    map[string]struct{}
	nums    map[types.Num]struct{} // normalized, so 1.5 finds 1.50
	keys    *hashTable             // values of other layouts (arrays), by their hash keys
	hasNull bool
	values  int // non-NULL values added, duplicates included
}

func newValueSet() *valueSet {
	return &valueSet{ints: map[int64]struct{}{}, floats: map[float64]struct{}{}, strs: map[string]struct{}{}, nums: map[types.Num]struct{}{}}
}

// add inserts every value of arr.
func (s *valueSet) add(arr arrow.Array) {
	n := arr.Len()
	s.values += n - arr.NullN()
	if arr.NullN() > 0 {
		s.hasNull = true
	}
	switch a := arr.(type) {
	case *array.Int16:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.ints[int64(a.Value(i))] = struct{}{}
			}
		}
	case *array.Int32:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.ints[int64(a.Value(i))] = struct{}{}
			}
		}
	case *array.Int64:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.ints[a.Value(i)] = struct{}{}
			}
		}
	case *array.Date32:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.ints[int64(a.Value(i))] = struct{}{}
			}
		}
	case *array.Timestamp:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.ints[int64(a.Value(i))] = struct{}{}
			}
		}
	case *array.Boolean:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				v := int64(0)
				if a.Value(i) {
					v = 1
				}
				s.ints[v] = struct{}{}
			}
		}
	case *array.Float32:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.floats[normFloat(float64(a.Value(i)))] = struct{}{}
			}
		}
	case *array.Float64:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.floats[normFloat(a.Value(i))] = struct{}{}
			}
		}
	case *array.String:
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.strs[a.Value(i)] = struct{}{}
			}
		}
	case *types.ExtArray:
		key := extensionKey(a)
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.strs[key(i)] = struct{}{}
			}
		}
	case *array.FixedSizeBinary:
		if !types.IsNumericArrow(a.DataType()) {
			s.addKeys(a) // uuid
			break
		}
		vals := types.NumericValues(a)
		for i := 0; i < n; i++ {
			if a.IsValid(i) {
				s.nums[vals[i].Normalize()] = struct{}{}
			}
		}
	default:
		// Arrays and records, and every other type (oid, "char", time, interval, bytea):
		// the hash table's keys.
		s.addKeys(a)
	}
}

// addKeys adds the non-NULL values of arr (arrays) to the set's hash table.
func (s *valueSet) addKeys(arr arrow.Array) {
	if s.keys == nil {
		t, err := newHashTable([]arrow.DataType{arr.DataType()})
		if err != nil {
			return
		}
		s.keys = t
	}
	groups := make([]uint32, arr.Len())
	s.keys.findOrInsert([]arrow.Array{arr}, validRowsOf(arr), groups)
}

// validRowsOf lists the rows of arr that are not NULL.
func validRowsOf(arr arrow.Array) []int32 {
	rows := make([]int32, 0, arr.Len())
	for i := 0; i < arr.Len(); i++ {
		if arr.IsValid(i) {
			rows = append(rows, int32(i))
		}
	}
	return rows
}

// normFloat maps -0 to 0 and every NaN to one NaN bit pattern so that map lookups follow
// PostgreSQL's float equality (NaN = NaN).
func normFloat(f float64) float64 {
	if f == 0 {
		return 0
	}
	if math.IsNaN(f) {
		return math.Float64frombits(0x7ff8000000000001)
	}
	return f
}

// contains evaluates arg [NOT] IN set for every row.
func (s *valueSet) contains(mem memory.Allocator, arg arrow.Array, not bool) (arrow.Array, error) {
	n := arg.Len()
	if !s.hasNull && s.values == 0 {
		// Nothing is IN an empty set, NULL included.
		return broadcast(mem, scalar.NewBooleanScalar(not), n)
	}
	vals, valid := newBitmap(n), newBitmap(n)
	found := func(i int, ok bool) {
		switch {
		case !arg.IsValid(i):
			// NULL IN (...) is NULL.
		case ok:
			valid.set(i)
			if !not {
				vals.set(i)
			}
		case s.hasNull:
			// Not found but the set holds NULL: unknown.
		default:
			valid.set(i)
			if not {
				vals.set(i)
			}
		}
	}
	switch a := arg.(type) {
	case *array.Int16:
		for i := 0; i < n; i++ {
			_, ok := s.ints[int64(a.Value(i))]
			found(i, ok)
		}
	case *array.Int32:
		for i := 0; i < n; i++ {
			_, ok := s.ints[int64(a.Value(i))]
			found(i, ok)
		}
	case *array.Int64:
		for i := 0; i < n; i++ {
			_, ok := s.ints[a.Value(i)]
			found(i, ok)
		}
	case *array.Date32:
		for i := 0; i < n; i++ {
			_, ok := s.ints[int64(a.Value(i))]
			found(i, ok)
		}
	case *array.Timestamp:
		for i := 0; i < n; i++ {
			_, ok := s.ints[int64(a.Value(i))]
			found(i, ok)
		}
	case *array.Boolean:
		for i := 0; i < n; i++ {
			v := int64(0)
			if a.Value(i) {
				v = 1
			}
			_, ok := s.ints[v]
			found(i, ok)
		}
	case *array.Float32:
		for i := 0; i < n; i++ {
			_, ok := s.floats[normFloat(float64(a.Value(i)))]
			found(i, ok)
		}
	case *array.Float64:
		for i := 0; i < n; i++ {
			_, ok := s.floats[normFloat(a.Value(i))]
			found(i, ok)
		}
	case *array.String:
		for i := 0; i < n; i++ {
			_, ok := s.strs[a.Value(i)]
			found(i, ok)
		}
	case *array.FixedSizeBinary:
		if !types.IsNumericArrow(a.DataType()) {
			return s.containsKeys(mem, a, found, vals, valid)
		}
		vals := types.NumericValues(a)
		for i := 0; i < n; i++ {
			_, ok := s.nums[vals[i].Normalize()]
			found(i, ok)
		}
	case *types.ExtArray:
		key := extensionKey(a)
		for i := 0; i < n; i++ {
			_, ok := s.strs[key(i)]
			found(i, ok)
		}
	default:
		return s.containsKeys(mem, a, found, vals, valid)
	}
	return newBoolArray(mem, vals, valid, n), nil
}

// containsKeys looks the values of arg up among the hash table's keys (addKeys).
func (s *valueSet) containsKeys(mem memory.Allocator, arg arrow.Array, found func(int, bool), vals, valid bitmap) (arrow.Array, error) {
	n := arg.Len()
	groups := make([]uint32, n)
	for i := range groups {
		groups[i] = noGroup
	}
	if s.keys != nil {
		if err := s.keys.find([]arrow.Array{arg}, validRowsOf(arg), groups); err != nil {
			return nil, err
		}
	}
	for i := 0; i < n; i++ {
		found(i, groups[i] != noGroup)
	}
	return newBoolArray(mem, vals, valid, n), nil
}

package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Accumulating many values into arrays, group by group: what array_agg and ARRAY(subquery)
// do. Values are gathered in one Take per call, whatever their type.

// CollectArrays builds one array per group from the values of src (of any type): group g
// holds src's rows perm[offsets[g]:offsets[g+1]] in that order, as a one-dimensional array
// (NULL values become NULL elements). A group with no rows is the empty array, or NULL
// when valid (nil: all valid) says so.
func CollectArrays(mem memory.Allocator, src arrow.Array, offsets, perm []int32, valid []bool) (arrow.Array, error) {
	elems, err := Take(mem, src, perm)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	var shapes []Shape
	if valid != nil {
		shapes = make([]Shape, len(valid))
		for g := range shapes {
			shapes[g] = Vector(int(offsets[g+1] - offsets[g]))
		}
	}
	return MakeArrays(mem, elems, offsets, valid, shapes), nil
}

// StackArrays builds one array per group from sub-arrays: group g stacks the arrays of src
// (array layout) at rows perm[offsets[g]:offsets[g+1]] into an array of one more dimension,
// as array_agg(anyarray) and ARRAY(SELECT array ...) do. The sub-arrays must be non-null,
// non-empty and of one shape: PostgreSQL's errors otherwise. A group with no rows is the
// empty array, or NULL when valid (nil: all valid) says so.
func StackArrays(mem memory.Allocator, src arrow.Array, offsets, perm []int32, valid []bool) (arrow.Array, error) {
	r := ReadArrays(src)
	groups := len(offsets) - 1
	shapes := make([]Shape, groups)
	var elemIdx []int32
	elemOffs := make([]int32, groups+1)
	for g := 0; g < groups; g++ {
		rows := perm[offsets[g]:offsets[g+1]]
		var inner Shape
		for k, row := range rows {
			if r.IsNull(int(row)) {
				return nil, pgerror.New(pgcode.NullValueNotAllowed, "cannot accumulate null arrays")
			}
			s := r.Shape(int(row))
			if s.NDim == 0 {
				return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot accumulate empty arrays")
			}
			if k == 0 {
				inner = s
				if s.NDim+1 > MaxDim {
					return nil, errTooManyDims(s.NDim + 1)
				}
			} else if s != inner {
				return nil, pgerror.New(pgcode.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
			}
			start, end := r.Range(int(row))
			for e := start; e < end; e++ {
				elemIdx = append(elemIdx, int32(e))
			}
		}
		elemOffs[g+1] = int32(len(elemIdx))
		if len(rows) > 0 {
			shapes[g] = StackedShape(inner, int32(len(rows)))
		}
	}
	elems, err := Take(mem, r.Elements(), elemIdx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return MakeArrays(mem, elems, elemOffs, valid, shapes), nil
}

// StackedShape returns the shape of n sub-arrays of shape s stacked: s with an outer
// dimension of n counted from 1.
func StackedShape(s Shape, n int32) Shape {
	out := Shape{NDim: s.NDim + 1}
	out.Dims[0], out.LBounds[0] = n, 1
	copy(out.Dims[1:], s.Dims[:s.NDim])
	copy(out.LBounds[1:], s.LBounds[:s.NDim])
	return out
}

// IsArrayValues reports whether values of type t are held in the array layout, so that
// accumulating them stacks sub-arrays: the array types, but not int2vector and oidvector,
// which PostgreSQL treats as scalars there.
func IsArrayValues(t T) bool { return IsArray(t.OID) && !IsVector(t.OID) }

// Accumulate is CollectArrays or StackArrays, as values of type t need.
func Accumulate(mem memory.Allocator, t T, src arrow.Array, offsets, perm []int32, valid []bool) (arrow.Array, error) {
	if IsArrayValues(t) {
		return StackArrays(mem, src, offsets, perm, valid)
	}
	return CollectArrays(mem, src, offsets, perm, valid)
}

// ArrayOfValues returns the type of arrays accumulated from values of type t: t's array
// type, or t itself when t is an array type (the result has one more dimension), or false
// when t has no array type.
func ArrayOfValues(t T) (T, bool) {
	if IsArrayValues(t) {
		return t, true
	}
	return ArrayType(t)
}

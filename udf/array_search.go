package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Searching arrays: array_position(s), the containment operators @> <@ && and the array
// form of width_bucket. Elements are compared with catalog/types' comparator, so every
// element type has its own equality (1 = 1.0 for numeric, NaN = NaN for floats).

func registerArraySearch(b builder) {
	ca, c := types.AnyCompatibleArray, types.AnyCompatible
	nonStrict := func(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.ScalarImpl) *catalog.Func {
		return b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Kind: catalog.KindFunc, Args: args, Ret: ret,
			Volatility: catalog.Immutable, Scalar: impl})
	}
	nonStrict(3277, "array_position", oids(ca, c), types.Int4, arrayPosition)
	nonStrict(3278, "array_position", oids(ca, c, types.Int4), types.Int4, arrayPosition)
	nonStrict(3279, "array_positions", oids(ca, c), types.Int4Array, arrayPositions)
	a := types.AnyArray
	b.op(2751, "@>", a, a, b.scalar(2748, "arraycontains", oids(a, a), types.Bool, containment(false, false)))
	b.op(2752, "<@", a, a, b.scalar(2749, "arraycontained", oids(a, a), types.Bool, containment(true, false)))
	b.op(2750, "&&", a, a, b.scalar(2747, "arrayoverlap", oids(a, a), types.Bool, containment(false, true)))
	b.scalar(3218, "width_bucket", oids(c, ca), types.Int4, widthBucketArray)
}

// searchable returns row i's elements for array_position(s), with its errors.
func searchable(r *types.ArrayReader, i int) (start, end int, lb int32, err error) {
	s := r.Shape(i)
	if s.NDim > 1 {
		return 0, 0, 0, pgerror.New(pgcode.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
	}
	start, end = r.Range(i)
	if s.NDim == 1 {
		lb = s.LBounds[0]
	}
	return start, end, lb, nil
}

// arrayPosition is array_position(array, value [, start]): the subscript of the first
// element not distinct from value (from subscript start on), or NULL.
func arrayPosition(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[0])
	m, err := newMatcher(r.Elements(), args[1])
	if err != nil {
		return nil, err
	}
	bld := array.NewInt32Builder(allocator(env))
	defer bld.Release()
	for i := 0; i < r.Len(); i++ {
		if r.IsNull(i) {
			bld.AppendNull()
			continue
		}
		start, end, lb, err := searchable(&r, i)
		if err != nil {
			return nil, err
		}
		from := start
		if len(args) > 2 {
			if args[2].IsNull(i) {
				return nil, pgerror.New(pgcode.NullValueNotAllowed, "initial position must not be null")
			}
			if sp := int(values[int32](args[2])[i]) - int(lb); sp > 0 {
				from = start + sp
			}
		}
		found := false
		for k := from; k < end; k++ {
			if m.match(k, i) {
				bld.Append(lb + int32(k-start))
				found = true
				break
			}
		}
		if !found {
			bld.AppendNull()
		}
	}
	return bld.NewArray(), nil
}

// arrayPositions is array_positions(array, value): the subscripts of every element not
// distinct from value, as an int4 array ({} when there are none; NULL for a NULL array).
func arrayPositions(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[0])
	m, err := newMatcher(r.Elements(), args[1])
	if err != nil {
		return nil, err
	}
	ab := types.NewArrayBuilder(allocator(env), arrow.PrimitiveTypes.Int32)
	defer ab.Release()
	eb := ab.Elems().(*array.Int32Builder)
	for i := 0; i < r.Len(); i++ {
		if r.IsNull(i) {
			ab.AppendNull()
			continue
		}
		start, end, lb, err := searchable(&r, i)
		if err != nil {
			return nil, err
		}
		first := ab.Begin()
		for k := start; k < end; k++ {
			if m.match(k, i) {
				eb.Append(lb + int32(k-start))
			}
		}
		ab.End(types.Vector(eb.Len() - first))
	}
	return ab.NewArray(), nil
}

// containment is arraycontains (x @> y: every non-NULL element of y is in x), with
// reversed arraycontained (x <@ y), or with overlap arrayoverlap (x && y: some element of
// x is in y). Arrays are compared as sets of their elements, whatever their shape; NULL
// elements never match.
func containment(reversed, overlap bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := types.ReadArrays(args[0]), types.ReadArrays(args[1])
		if reversed {
			x, y = y, x
		}
		xe, ye := x.Elements(), y.Elements()
		c, err := types.NewComparator(ye, xe)
		if err != nil {
			return nil, err
		}
		out := newBoolOut(allocator(env), x.Len())
		for i := 0; i < x.Len(); i++ {
			if !env.RowValid(i) {
				continue
			}
			xs, xend := x.Range(i)
			ys, yend := y.Range(i)
			hold := !overlap
			for k := ys; k < yend; k++ {
				if ye.IsNull(k) {
					if !overlap {
						hold = false
						break
					}
					continue
				}
				found := false
				for j := xs; j < xend; j++ {
					if !xe.IsNull(j) && c(k, j) == 0 {
						found = true
						break
					}
				}
				if found == overlap {
					hold = overlap
					break
				}
			}
			if hold {
				out.set(i)
			}
		}
		return out.finish(x.Len()), nil
	}
}

// widthBucketArray is width_bucket(operand, thresholds): the number of thresholds (sorted
// ascending) less than or equal to the operand, found by binary search.
func widthBucketArray(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[1])
	elems := r.Elements()
	c, err := types.NewComparator(args[0], elems)
	if err != nil {
		return nil, err
	}
	n := args[0].Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		if r.NDim(i) > 1 {
			return nil, pgerror.New(pgcode.ArraySubscriptError, "thresholds must be one-dimensional array")
		}
		start, end := r.Range(i)
		for k := start; k < end; k++ {
			if elems.IsNull(k) {
				return nil, pgerror.New(pgcode.NullValueNotAllowed, "thresholds array must not contain NULLs")
			}
		}
		lo, hi := start, end
		for lo < hi {
			mid := (lo + hi) / 2
			if c(i, mid) >= 0 {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		out[i] = int32(lo - start)
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

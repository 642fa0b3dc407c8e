package udf

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The dimension functions: array_ndims, array_dims, array_lower, array_upper, array_length
// and cardinality. Like PostgreSQL's, they return NULL for an empty array (which has no
// dimensions) and for a dimension it does not have; cardinality counts every element.

func registerArrayDims(b builder) {
	anyArr := types.AnyArray
	b.scalar(2091, "array_lower", oids(anyArr, types.Int4), types.Int4, perDim(func(s types.Shape, d int) int32 { return s.LBounds[d] }))
	b.scalar(2092, "array_upper", oids(anyArr, types.Int4), types.Int4, perDim(func(s types.Shape, d int) int32 { return s.Upper(d) }))
	b.scalar(2176, "array_length", oids(anyArr, types.Int4), types.Int4, perDim(func(s types.Shape, d int) int32 { return s.Dims[d] }))
	b.scalar(2333, "array_ndims", oids(anyArr), types.Int4, perArray(func(r *types.ArrayReader, i int) (int32, bool) {
		n := r.NDim(i)
		return int32(n), n > 0
	}))
	b.scalar(3179, "cardinality", oids(anyArr), types.Int4, perArray(func(r *types.ArrayReader, i int) (int32, bool) {
		s, e := r.Range(i)
		return int32(e - s), true
	}))
	b.scalar(747, "array_dims", oids(anyArr), types.Text, arrayDims)
}

// perArray builds an int4 function of each row's array.
func perArray(f func(r *types.ArrayReader, i int) (int32, bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		r := types.ReadArrays(args[0])
		bld := array.NewInt32Builder(allocator(env))
		defer bld.Release()
		bld.Reserve(r.Len())
		for i := 0; i < r.Len(); i++ {
			if !env.RowValid(i) {
				bld.AppendNull()
				continue
			}
			if v, ok := f(&r, i); ok {
				bld.Append(v)
			} else {
				bld.AppendNull()
			}
		}
		return bld.NewArray(), nil
	}
}

// perDim builds an int4 function of each row's array and a dimension number (from 1).
func perDim(f func(s types.Shape, d int) int32) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		r := types.ReadArrays(args[0])
		dims := values[int32](args[1])
		bld := array.NewInt32Builder(allocator(env))
		defer bld.Release()
		bld.Reserve(r.Len())
		for i := 0; i < r.Len(); i++ {
			if !env.RowValid(i) {
				bld.AppendNull()
				continue
			}
			s := r.Shape(i)
			d := int(dims[i])
			if d < 1 || d > s.NDim {
				bld.AppendNull()
				continue
			}
			bld.Append(f(s, d-1))
		}
		return bld.NewArray(), nil
	}
}

// arrayDims is array_dims: "[lb:ub]" per dimension.
func arrayDims(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[0])
	mem := allocator(env)
	out := newStrOut(mem, r.Len(), 0)
	var buf []byte
	for i := 0; i < r.Len(); i++ {
		s := r.Shape(i)
		if !env.RowValid(i) || s.NDim == 0 {
			out.endNull(mem)
			continue
		}
		buf = buf[:0]
		for d := 0; d < s.NDim; d++ {
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, int64(s.LBounds[d]), 10)
			buf = append(buf, ':')
			buf = strconv.AppendInt(buf, int64(s.Upper(d)), 10)
			buf = append(buf, ']')
		}
		out.appendBytes(buf)
		out.end()
	}
	return out.finish(), nil
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The functions that build arrays from arrays: array_append, array_prepend, array_cat (and
// their || operators), array_remove, array_replace, trim_array and array_fill. Each computes,
// for the batch, which element every result position takes (an element of the inputs, or
// -1 for NULL) and gathers them with one Take of the concatenated inputs.

func registerArrayFuncs(b builder) {
	ca, c := types.AnyCompatibleArray, types.AnyCompatible
	nonStrict := func(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.ScalarImpl) *catalog.Func {
		return b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Kind: catalog.KindFunc, Args: args, Ret: ret,
			Volatility: catalog.Immutable, Scalar: impl})
	}
	b.op(349, "||", ca, c, nonStrict(378, "array_append", oids(ca, c), ca, arrayAppend(false)))
	b.op(374, "||", c, ca, nonStrict(379, "array_prepend", oids(c, ca), ca, arrayAppend(true)))
	b.op(375, "||", ca, ca, nonStrict(383, "array_cat", oids(ca, ca), ca, arrayCat))
	nonStrict(3167, "array_remove", oids(ca, c), ca, arrayReplace(true))
	nonStrict(3168, "array_replace", oids(ca, c, c), ca, arrayReplace(false))
	b.scalar(6172, "trim_array", oids(types.AnyArray, types.Int4), types.AnyArray, trimArray)
	nonStrict(1193, "array_fill", oids(types.AnyElement, types.Int4Array), types.AnyArray, arrayFill)
	nonStrict(1286, "array_fill", oids(types.AnyElement, types.Int4Array, types.Int4Array), types.AnyArray, arrayFill)
}

// arrayGather collects the positions of a batch's result arrays in a concatenation of
// sources, and makes the arrays.
type arrayGather struct {
	idx    []int32
	offs   []int32
	valid  []bool
	shapes []types.Shape
}

func newArrayGather(n int) *arrayGather {
	return &arrayGather{offs: make([]int32, 1, n+1), valid: make([]bool, 0, n), shapes: make([]types.Shape, 0, n)}
}

// end closes a row: NULL when !valid, else the positions added since the last row, with
// shape s.
func (g *arrayGather) end(valid bool, s types.Shape) {
	g.offs = append(g.offs, int32(len(g.idx)))
	g.valid = append(g.valid, valid)
	g.shapes = append(g.shapes, s)
}

// rangeOf appends the positions start..end-1 offset by base.
func (g *arrayGather) rangeOf(base int32, start, end int) {
	for k := start; k < end; k++ {
		g.idx = append(g.idx, base+int32(k))
	}
}

// finish gathers the positions from the concatenation of srcs.
func (g *arrayGather) finish(env *catalog.FuncEnv, srcs ...arrow.Array) (arrow.Array, error) {
	mem := allocator(env)
	all := srcs[0]
	if len(srcs) > 1 {
		var err error
		if all, err = array.Concatenate(srcs, mem); err != nil {
			return nil, err
		}
		defer all.Release()
	}
	elems, err := types.Take(mem, all, g.idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(mem, elems, g.offs, g.valid, g.shapes), nil
}

// arrayAppend is array_append (prepend false: the array is the first argument, the element
// goes last) and array_prepend. A NULL array counts as empty; the array must have at most
// one dimension, whose lower bound the result keeps.
func arrayAppend(prepend bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		arrArg, valArg := args[0], args[1]
		if prepend {
			arrArg, valArg = args[1], args[0]
		}
		r := types.ReadArrays(arrArg)
		base := int32(r.Elements().Len())
		g := newArrayGather(r.Len())
		for i := 0; i < r.Len(); i++ {
			s := types.Shape{}
			start, end := 0, 0
			if !r.IsNull(i) {
				s = r.Shape(i)
				start, end = r.Range(i)
			}
			if s.NDim > 1 {
				return nil, pgerror.New(pgcode.DataException, "argument must be empty or one-dimensional array")
			}
			if s.NDim == 0 {
				s = types.Vector(1)
			} else {
				if !prepend && int64(s.LBounds[0])+int64(s.Dims[0]) > 1<<31-1 || prepend && s.LBounds[0] == -1<<31 {
					return nil, pgerror.New(pgcode.NumericValueOutOfRange, "integer out of range")
				}
				s.Dims[0]++
			}
			if prepend {
				g.idx = append(g.idx, base+int32(i))
			}
			g.rangeOf(0, start, end)
			if !prepend {
				g.idx = append(g.idx, base+int32(i))
			}
			g.end(true, s)
		}
		return g.finish(env, r.Elements(), valArg)
	}
}

// matcher finds the elements of arrays equal to a per-row value, NULL matching NULL as IS
// NOT DISTINCT FROM does (array_position, array_remove, array_replace).
type matcher struct {
	elems, vals arrow.Array
	cmp         types.Comparator
}

func newMatcher(elems, vals arrow.Array) (*matcher, error) {
	c, err := types.NewComparator(elems, vals)
	if err != nil {
		return nil, err
	}
	return &matcher{elems: elems, vals: vals, cmp: c}, nil
}

// match reports whether element k equals value i.
func (m *matcher) match(k, i int) bool {
	en, vn := m.elems.IsNull(k), m.vals.IsNull(i)
	if en || vn {
		return en && vn
	}
	return m.cmp(k, i) == 0
}

// arrayReplace is array_replace(array, search, replace), or with remove array_remove(array,
// search): every element not distinct from search is replaced or dropped. Removal works on
// one-dimensional arrays only and keeps the lower bound.
func arrayReplace(remove bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		r := types.ReadArrays(args[0])
		m, err := newMatcher(r.Elements(), args[1])
		if err != nil {
			return nil, err
		}
		base := int32(r.Elements().Len())
		g := newArrayGather(r.Len())
		for i := 0; i < r.Len(); i++ {
			if r.IsNull(i) {
				g.end(false, types.Shape{})
				continue
			}
			s := r.Shape(i)
			if remove && s.NDim > 1 {
				return nil, pgerror.New(pgcode.FeatureNotSupported, "removing elements from multidimensional arrays is not supported")
			}
			start, end := r.Range(i)
			kept := 0
			for k := start; k < end; k++ {
				switch {
				case !m.match(k, i):
					g.idx = append(g.idx, int32(k))
				case remove:
					continue
				default:
					g.idx = append(g.idx, base+int32(i))
				}
				kept++
			}
			if remove {
				if kept == 0 {
					s = types.Shape{}
				} else {
					s.Dims[0] = int32(kept)
				}
			}
			g.end(true, s)
		}
		if remove {
			return g.finish(env, r.Elements())
		}
		return g.finish(env, r.Elements(), args[2])
	}
}

// trimArray is trim_array(array, n): the array without its last n sub-arrays of the first
// dimension, counted from 1.
func trimArray(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[0])
	ns := values[int32](args[1])
	g := newArrayGather(r.Len())
	for i := 0; i < r.Len(); i++ {
		if !env.RowValid(i) {
			g.end(false, types.Shape{})
			continue
		}
		s := r.Shape(i)
		var first int32
		if s.NDim > 0 {
			first = s.Dims[0]
		}
		if ns[i] < 0 || ns[i] > first {
			return nil, pgerror.Newf(pgcode.ArraySubscriptError, "number of elements to trim must be between 0 and %d", first)
		}
		start, end := r.Range(i)
		if ns[i] == first {
			g.end(true, types.Shape{})
			continue
		}
		per := (end - start) / int(first)
		keep := int(first-ns[i]) * per
		g.rangeOf(0, start, start+keep)
		s.Dims[0] = first - ns[i]
		for d := 0; d < s.NDim; d++ {
			s.LBounds[d] = 1 // a slice counts from 1, as array_get_slice makes it
		}
		g.end(true, s)
	}
	return g.finish(env, r.Elements())
}

// arrayFill is array_fill(value, dims [, lower bounds]): an array of the given shape with
// every element value.
func arrayFill(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := args[0].Len()
	dimsR := types.ReadArrays(args[1])
	var lbsR types.ArrayReader
	if len(args) > 2 {
		lbsR = types.ReadArrays(args[2])
	}
	g := newArrayGather(n)
	for i := 0; i < n; i++ {
		if dimsR.IsNull(i) || len(args) > 2 && lbsR.IsNull(i) {
			return nil, pgerror.New(pgcode.NullValueNotAllowed, "dimension array or low bound array cannot be null")
		}
		dims, err := fillBounds(&dimsR, i, "Dimension array must be one dimensional.", "dimension values cannot be null")
		if err != nil {
			return nil, err
		}
		lbs := make([]int32, len(dims))
		for d := range lbs {
			lbs[d] = 1
		}
		if len(args) > 2 {
			if lbs, err = fillBounds(&lbsR, i, "Dimension array must be one dimensional.", "dimension values cannot be null"); err != nil {
				return nil, err
			}
			if len(lbs) != len(dims) {
				return nil, pgerror.New(pgcode.ArraySubscriptError, "wrong number of array subscripts").
					WithDetail("Low bound array has different size than dimensions array.")
			}
		}
		s, count, err := fillShape(dims, lbs)
		if err != nil {
			return nil, err
		}
		for k := 0; k < count; k++ {
			g.idx = append(g.idx, int32(i))
		}
		g.end(true, s)
	}
	return g.finish(env, args[0])
}

// fillBounds reads row i of an int4[] argument of array_fill as a list.
func fillBounds(r *types.ArrayReader, i int, notOneDim, nullMsg string) ([]int32, error) {
	if r.NDim(i) > 1 {
		return nil, pgerror.New(pgcode.ArraySubscriptError, "wrong number of array subscripts").WithDetail(notOneDim)
	}
	start, end := r.Range(i)
	elems := r.Elements()
	vals := values[int32](elems)
	out := make([]int32, 0, end-start)
	for k := start; k < end; k++ {
		if elems.IsNull(k) {
			return nil, pgerror.New(pgcode.NullValueNotAllowed, nullMsg)
		}
		out = append(out, vals[k])
	}
	return out, nil
}

// fillShape checks array_fill's dimensions as ArrayGetNItems and ArrayCheckBounds do and
// returns the shape and element count (no dimensions, or a zero one, give '{}').
func fillShape(dims, lbs []int32) (types.Shape, int, error) {
	if len(dims) > types.MaxDim {
		return types.Shape{}, 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(dims), types.MaxDim)
	}
	s := types.Shape{NDim: len(dims)}
	count := int64(1)
	for d := range dims {
		if dims[d] < 0 {
			return s, 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArrayElems)
		}
		count *= int64(dims[d])
		if count > maxArrayElems {
			return s, 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArrayElems)
		}
		if int64(dims[d])+int64(lbs[d]) > 1<<31-1 {
			return s, 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array lower bound is too large: %d", lbs[d])
		}
		s.Dims[d], s.LBounds[d] = dims[d], lbs[d]
	}
	if len(dims) == 0 || count == 0 {
		return types.Shape{}, 0, nil
	}
	return s, int(count), nil
}

// maxArrayElems is PostgreSQL's MaxArraySize.
const maxArrayElems = (1<<30 - 1) / 8

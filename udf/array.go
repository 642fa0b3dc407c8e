package udf

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Functions and operators over arrays (catalog/types' array layout): comparison, the
// dimension functions, array_to_string, || and unnest. Kernels read every row's elements
// through one ArrayReader and build results with one Take of the elements they keep.

func registerArrays(b builder) {
	registerArrayCompare(b)
	registerArrayDims(b)
	arrayToString := b.scalar(395, "array_to_string", oids(types.AnyArray, types.Text), types.Text, arrayToString)
	arrayToString.Volatility = catalog.Stable
	b.reg.AddFunc(&catalog.Func{OID: 384, Name: "array_to_string", Kind: catalog.KindFunc,
		Args: oids(types.AnyArray, types.Text, types.Text), Ret: types.Text, Volatility: catalog.Stable, Scalar: arrayToString.Scalar})
	registerArrayFuncs(b)
	registerExpandArray(b)
	registerArraySearch(b)
	registerArrayText(b)
	registerAnyExtreme(b)
	registerArrayAgg(b)
	registerTypeIO(b)
	b.reg.AddFunc(&catalog.Func{OID: 2331, Name: "unnest", Kind: catalog.KindFunc, Args: oids(types.AnyArray),
		Ret: types.AnyElement, RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: unnest, SetBatch: unnestBatch})
	for _, f := range []struct {
		oid  types.OID
		args []types.OID
	}{{1192, oids(types.AnyArray, types.Int4)}, {1191, oids(types.AnyArray, types.Int4, types.Bool)}} {
		b.reg.AddFunc(&catalog.Func{OID: f.oid, Name: "generate_subscripts", Kind: catalog.KindFunc, Args: f.args,
			Ret: types.Int4, RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: generateSubscripts})
	}
}

// arrayCat is array_cat (||) of two arrays: a NULL or empty array leaves the other; arrays
// of equal dimensions concatenate along the first, keeping the first one's lower bounds;
// an array one dimension smaller is appended (or prepended) as one more sub-array.
func arrayCat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, y := types.ReadArrays(args[0]), types.ReadArrays(args[1])
	n := args[0].Len()
	ex, ey := x.Elements(), y.Elements()
	both, err := array.Concatenate([]arrow.Array{ex, ey}, allocator(env))
	if err != nil {
		return nil, err
	}
	defer both.Release()
	base := int32(ex.Len())
	var idx []int32
	offs := make([]int32, n+1)
	valid := make([]bool, n)
	shapes := make([]types.Shape, n)
	for i := 0; i < n; i++ {
		xNull, yNull := x.IsNull(i), y.IsNull(i)
		valid[i] = !xNull || !yNull
		var xs, ys types.Shape
		if !xNull {
			xs = x.Shape(i)
		}
		if !yNull {
			ys = y.Shape(i)
		}
		shape, err := catShape(xs, ys)
		if err != nil {
			return nil, err
		}
		shapes[i] = shape
		if !xNull {
			s, e := x.Range(i)
			for k := s; k < e; k++ {
				idx = append(idx, int32(k))
			}
		}
		if !yNull {
			s, e := y.Range(i)
			for k := s; k < e; k++ {
				idx = append(idx, base+int32(k))
			}
		}
		offs[i+1] = int32(len(idx))
	}
	elems, err := types.Take(allocator(env), both, idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(allocator(env), elems, offs, valid, shapes), nil
}

// catShape is the shape of array_cat(x, y), or PostgreSQL's error when they do not fit.
func catShape(x, y types.Shape) (types.Shape, error) {
	switch {
	case y.NDim == 0:
		return x, nil
	case x.NDim == 0:
		return y, nil
	case x.NDim == y.NDim:
		for d := 1; d < x.NDim; d++ {
			if x.Dims[d] != y.Dims[d] || x.LBounds[d] != y.LBounds[d] {
				return types.Shape{}, pgerror.New(pgcode.ArraySubscriptError, "cannot concatenate incompatible arrays").
					WithDetail("Arrays with differing element dimensions are not compatible for concatenation.")
			}
		}
		out := x
		out.Dims[0] += y.Dims[0]
		return out, nil
	case x.NDim == y.NDim+1:
		for d := 0; d < y.NDim; d++ {
			if x.Dims[d+1] != y.Dims[d] || x.LBounds[d+1] != y.LBounds[d] {
				return types.Shape{}, pgerror.New(pgcode.ArraySubscriptError, "cannot concatenate incompatible arrays").
					WithDetail("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
		out := x
		out.Dims[0]++
		return out, nil
	case x.NDim+1 == y.NDim:
		for d := 0; d < x.NDim; d++ {
			if y.Dims[d+1] != x.Dims[d] || y.LBounds[d+1] != x.LBounds[d] {
				return types.Shape{}, pgerror.New(pgcode.ArraySubscriptError, "cannot concatenate incompatible arrays").
					WithDetail("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
		out := y
		out.Dims[0]++
		return out, nil
	}
	return types.Shape{}, pgerror.New(pgcode.ArraySubscriptError, "cannot concatenate incompatible arrays").
		WithDetail(fmt.Sprintf("Arrays of %d and %d dimensions are not compatible for concatenation.", x.NDim, y.NDim))
}

// arrayFromScalar returns a one-row array holding the array value s.
func arrayFromScalar(env *catalog.FuncEnv, s scalar.Scalar) (arrow.Array, error) {
	return types.ScalarArray(allocator(env), s)
}

// unnest returns an array's elements as rows.
func unnest(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	arr, err := arrayFromScalar(env, args[0])
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	r := types.ReadArrays(arr)
	start, end := r.Range(0)
	return &elemSource{elems: array.NewSlice(r.Elements(), int64(start), int64(end))}, nil
}

// generateSubscripts is generate_subscripts(array, dim [, reverse]): the subscripts of the
// array's dimension dim, in order or (reverse) backwards; none when it has no such
// dimension.
func generateSubscripts(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	arr, err := arrayFromScalar(env, args[0])
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	r := types.ReadArrays(arr)
	s := r.Shape(0)
	d := int(args[1].(*scalar.Int32).Value)
	reverse := len(args) > 2 && args[2].(*scalar.Boolean).Value
	b := array.NewInt32Builder(allocator(env))
	defer b.Release()
	if d >= 1 && d <= s.NDim {
		lo, hi := s.LBounds[d-1], s.Upper(d-1)
		for k := lo; k <= hi; k++ {
			if reverse {
				b.Append(hi - (k - lo))
			} else {
				b.Append(k)
			}
		}
	}
	return &elemSource{elems: b.NewArray()}, nil
}

// unnestBatch is unnest over a batch of arrays: their elements, without copying when no row
// is skipped, and the row of each.
func unnestBatch(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, []int32, error) {
	r := types.ReadArrays(args[0])
	offs := r.Offsets()
	rows := make([]int32, 0, offs[len(offs)-1]-offs[0])
	skipped := false
	for i := 0; i < r.Len(); i++ {
		start, end := r.Range(i)
		if !env.RowValid(i) {
			skipped = skipped || end > start
			continue
		}
		for k := start; k < end; k++ {
			rows = append(rows, int32(i))
		}
	}
	if !skipped {
		elems, _ := r.Compact()
		return elems, rows, nil
	}
	idx := make([]int32, 0, len(rows))
	for i := 0; i < r.Len(); i++ {
		if env.RowValid(i) {
			start, end := r.Range(i)
			for k := start; k < end; k++ {
				idx = append(idx, int32(k))
			}
		}
	}
	elems, err := types.Take(allocator(env), r.Elements(), idx)
	return elems, rows, err
}

// elemSource hands out unnest's elements in batches.
type elemSource struct {
	elems arrow.Array
	next  int
}

func (s *elemSource) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	if s.elems == nil || s.next >= s.elems.Len() {
		if s.elems != nil {
			s.elems.Release()
			s.elems = nil
		}
		return nil, 0, nil
	}
	end := min(s.next+max, s.elems.Len())
	out := array.NewSlice(s.elems, int64(s.next), int64(end))
	s.next = end
	return []arrow.Array{out}, out.Len(), nil
}

// arrayToString is array_to_string(array, delimiter [, null_string]): the elements' text
// output joined by the delimiter; NULL elements are skipped, or printed as null_string when
// it is given and not NULL.
func arrayToString(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	r := types.ReadArrays(args[0])
	elemT, _ := types.ElemType(env.ArgTypes[0])
	elems := r.Elements()
	app := types.TextAppender(elemT, elems, env.IO)
	delims := stringsOf(args[1])
	mem := allocator(env)
	out := newStrOut(mem, r.Len(), 0)
	var buf []byte
	for i := 0; i < r.Len(); i++ {
		if r.IsNull(i) || delims.IsNull(i) {
			out.endNull(mem)
			continue
		}
		nullStr, withNull := "", false
		if len(args) > 2 && args[2].IsValid(i) {
			nullStr, withNull = stringsOf(args[2]).Value(i), true
		}
		first := true
		start, end := r.Range(i)
		for k := start; k < end; k++ {
			null := elems.IsNull(k)
			if null && !withNull {
				continue
			}
			if !first {
				out.appendString(delims.Value(i))
			}
			first = false
			if null {
				out.appendString(nullStr)
			} else {
				buf = app(buf[:0], k)
				out.appendBytes(buf)
			}
		}
		out.end()
	}
	return out.finish(), nil
}

package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Array expressions: ARRAY(subquery), ARRAY[...], op ANY/ALL (array) and subscripts. Each
// works on whole batches: it computes, for the batch, which elements each row's result is
// made of, then gathers them with one Take (catalog/types' array layout keeps every row's
// elements in one flat array).

// arraySubqueryValue runs ARRAY(subquery)'s plan and returns its values as one array
// ('{}' when there are no rows).
func arraySubqueryValue(ctx *Ctx, op Operator, colT types.T) (scalar.Scalar, error) {
	var parts []arrow.Array
	defer func() { releaseArrays(parts) }()
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		c := rec.Column(0)
		c.Retain()
		parts = append(parts, c)
	}
	res, err := accumulateParts(ctx, colT, parts)
	if err != nil {
		return nil, err
	}
	defer res.Release()
	return scalar.GetScalar(res, 0)
}

// accumulateParts makes one array (a one-row array-layout array) of all values of parts,
// values of type colT: its elements, or its sub-arrays when colT is an array type.
func accumulateParts(ctx *Ctx, colT types.T, parts []arrow.Array) (arrow.Array, error) {
	var all arrow.Array
	switch len(parts) {
	case 0:
		all = array.MakeArrayOfNull(ctx.Mem, colT.Arrow(), 0)
	case 1:
		all = parts[0]
		all.Retain()
	default:
		var err error
		if all, err = array.Concatenate(parts, ctx.Mem); err != nil {
			return nil, err
		}
	}
	defer all.Release()
	n := all.Len()
	return types.Accumulate(ctx.Mem, colT, all, []int32{0, int32(n)}, iota32(nil, n), nil)
}

// arrayOpEval evaluates x op ANY/ALL (array) with SQL's three-valued logic: ANY is true
// when some comparison is, ALL false when some comparison is; otherwise a NULL comparison
// (or element) makes the result NULL. An empty array gives false for ANY and true for ALL,
// whatever x; a NULL array gives NULL. The comparison runs once per batch over every
// (row, element) pair.
type arrayOpEval struct {
	x        *planner.ArrayOp
	arg, arr evaluator
	cmp      evaluator
	schema   *arrow.Schema
}

func compileArrayOp(x *planner.ArrayOp) (evaluator, error) {
	arg, err := compileExpr(x.Arg)
	if err != nil {
		return nil, err
	}
	arr, err := compileExpr(x.Array)
	if err != nil {
		return nil, err
	}
	cmp, err := compileExpr(x.Cmp)
	if err != nil {
		return nil, err
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "arg", Type: x.Arg.Type().Arrow(), Nullable: true},
		{Name: "elem", Type: x.Elem.Arrow(), Nullable: true},
	}, nil)
	return &arrayOpEval{x: x, arg: arg, arr: arr, cmp: cmp, schema: schema}, nil
}

func (e *arrayOpEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	arg, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arg.Release()
	arrs, err := e.arr.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arrs.Release()
	r := types.ReadArrays(arrs)
	n := arrs.Len()
	var argIdx, elemIdx []int32
	for i := 0; i < n; i++ {
		if r.IsNull(i) {
			continue
		}
		start, end := r.Range(i)
		for k := start; k < end; k++ {
			argIdx = append(argIdx, int32(i))
			elemIdx = append(elemIdx, int32(k))
		}
	}
	res, err := e.compare(ctx, arg, r.Elements(), argIdx, elemIdx)
	if err != nil {
		return nil, err
	}
	if res != nil {
		defer res.Release()
	}
	all := e.x.All
	vals, valid := newBitmap(n), newBitmap(n)
	pos := 0
	for i := 0; i < n; i++ {
		if r.IsNull(i) {
			continue
		}
		start, end := r.Range(i)
		decided, sawNull := false, false
		for k := pos; k < pos+end-start; k++ {
			if res.IsNull(k) {
				sawNull = true
			} else if res.Value(k) != all {
				decided = true
				break
			}
		}
		pos += end - start
		switch {
		case decided:
			valid.set(i)
			if !all {
				vals.set(i)
			}
		case !sawNull:
			valid.set(i)
			if all {
				vals.set(i)
			}
		}
	}
	return newBoolArray(ctx.Mem, vals, valid, n), nil
}

// compare evaluates the operator over the pairs (arg row argIdx[k], element elemIdx[k]);
// nil when there are none.
func (e *arrayOpEval) compare(ctx *Ctx, arg, elems arrow.Array, argIdx, elemIdx []int32) (*array.Boolean, error) {
	if len(argIdx) == 0 {
		return nil, nil
	}
	a, err := takeArray(ctx.Mem, arg, argIdx)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	el, err := takeArray(ctx.Mem, elems, elemIdx)
	if err != nil {
		return nil, err
	}
	defer el.Release()
	pair := array.NewRecord(e.schema, []arrow.Array{a, el}, int64(len(argIdx)))
	defer pair.Release()
	res, err := e.cmp.eval(ctx, pair)
	if err != nil {
		return nil, err
	}
	return res.(*array.Boolean), nil
}

// arrayExprEval evaluates ARRAY[...].
type arrayExprEval struct {
	x     *planner.ArrayExpr
	elems []evaluator
}

func (e *arrayExprEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	elemT, _ := types.ElemType(e.x.T)
	if len(e.elems) == 0 {
		if types.IsVector(e.x.T.OID) && n > 0 {
			return nil, errNotVector(e.x.T)
		}
		empty := array.MakeArrayOfNull(ctx.Mem, elemT.Arrow(), 0)
		defer empty.Release()
		return types.MakeArrays(ctx.Mem, empty, make([]int32, n+1), nil, nil), nil
	}
	vals, err := evalAll(ctx, e.elems, rec)
	if err != nil {
		return nil, err
	}
	defer releaseAll(vals)
	if e.x.Multi {
		return stackArrayExpr(ctx, vals, n)
	}
	if types.IsVector(e.x.T.OID) {
		// ARRAY[...]::int2vector: a vector holds one dimension without NULLs.
		for _, v := range vals {
			if v.NullN() > 0 {
				return nil, errNotVector(e.x.T)
			}
		}
	}
	// Row i's elements are value i of each element expression: interleave them.
	all, err := array.Concatenate(vals, ctx.Mem)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	k := len(vals)
	idx := make([]int32, 0, n*k)
	offs := make([]int32, n+1)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			idx = append(idx, int32(j*n+i))
		}
		offs[i+1] = int32(len(idx))
	}
	elems, err := takeArray(ctx.Mem, all, idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(ctx.Mem, elems, offs, nil, nil), nil
}

// errNotVector is PostgreSQL's refusal of an array that is not a valid int2vector or
// oidvector (check_valid_oidvector).
func errNotVector(t types.T) error {
	return pgerror.Newf(pgcode.DatatypeMismatch, "array is not a valid %s", t)
}

// stackArrayExpr builds ARRAY[sub, ...] of sub-arrays as ExecEvalArrayExpr does: the
// sub-arrays of a row must share one shape; NULL and empty ones are allowed only when all
// are, which gives the empty array.
func stackArrayExpr(ctx *Ctx, subs []arrow.Array, n int) (arrow.Array, error) {
	readers := make([]types.ArrayReader, len(subs))
	inner := make([]arrow.Array, len(subs))
	base := make([]int32, len(subs))
	total := 0
	for j, s := range subs {
		readers[j] = types.ReadArrays(s)
		inner[j] = readers[j].Elements()
		base[j] = int32(total)
		total += inner[j].Len()
	}
	all, err := array.Concatenate(inner, ctx.Mem)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	mismatch := func() error {
		return pgerror.New(pgcode.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
	}
	var idx []int32
	offs := make([]int32, n+1)
	shapes := make([]types.Shape, n)
	for i := 0; i < n; i++ {
		var first types.Shape
		have, empty := false, false
		for j := range subs {
			r := &readers[j]
			if r.IsNull(i) || r.NDim(i) == 0 {
				empty = true
				continue
			}
			s := r.Shape(i)
			if !have {
				first, have = s, true
				if s.NDim+1 > types.MaxDim {
					return nil, pgerror.Newf(pgcode.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", s.NDim+1, types.MaxDim)
				}
			} else if s != first {
				return nil, mismatch()
			}
			start, end := r.Range(i)
			for k := start; k < end; k++ {
				idx = append(idx, base[j]+int32(k))
			}
		}
		if empty && have {
			return nil, mismatch()
		}
		if have {
			shapes[i] = types.StackedShape(first, int32(len(subs)))
		}
		offs[i+1] = int32(len(idx))
	}
	elems, err := takeArray(ctx.Mem, all, idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(ctx.Mem, elems, offs, nil, shapes), nil
}

// subscriptEval evaluates array subscripts and slices.
type subscriptEval struct {
	x            *planner.Subscript
	arr          evaluator
	lower, upper []evaluator // nil entries for omitted bounds
}

func compileSubscript(x *planner.Subscript) (evaluator, error) {
	arr, err := compileExpr(x.Array)
	if err != nil {
		return nil, err
	}
	e := &subscriptEval{x: x, arr: arr}
	opt := func(ex planner.Expr) (evaluator, error) {
		if ex == nil {
			return nil, nil
		}
		return compileExpr(ex)
	}
	for i := range x.Upper {
		l, err := opt(x.Lower[i])
		if err != nil {
			return nil, err
		}
		u, err := opt(x.Upper[i])
		if err != nil {
			return nil, err
		}
		e.lower, e.upper = append(e.lower, l), append(e.upper, u)
	}
	return e, nil
}

// bound is one evaluated subscript bound: its values, or nil when omitted.
type bound struct {
	arr  arrow.Array
	vals []int32
}

func (b bound) at(i int) (v int32, given, null bool) {
	if b.arr == nil {
		return 0, false, false
	}
	if b.arr.IsNull(i) {
		return 0, true, true
	}
	return b.vals[i], true, false
}

// evalBounds evaluates subscript bounds (nil evaluators for omitted ones).
func evalBounds(ctx *Ctx, evs []evaluator, rec arrow.Record) ([]bound, error) {
	out := make([]bound, len(evs))
	for i, ev := range evs {
		if ev == nil {
			continue
		}
		a, err := ev.eval(ctx, rec)
		if err != nil {
			releaseBounds(out)
			return nil, err
		}
		out[i] = bound{arr: a, vals: fixedValues[int32](a)}
	}
	return out, nil
}

func releaseBounds(bs []bound) {
	for _, b := range bs {
		if b.arr != nil {
			b.arr.Release()
		}
	}
}

func (e *subscriptEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	arrs, err := e.arr.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arrs.Release()
	lower, err := evalBounds(ctx, e.lower, rec)
	if err != nil {
		return nil, err
	}
	defer releaseBounds(lower)
	upper, err := evalBounds(ctx, e.upper, rec)
	if err != nil {
		return nil, err
	}
	defer releaseBounds(upper)
	r := types.ReadArrays(arrs)
	if e.x.Slice {
		return sliceArrays(ctx, &r, lower, upper)
	}
	idx := make([]int32, r.Len())
	for i := range idx {
		idx[i] = elementAt(&r, i, upper)
	}
	return takeArray(ctx.Mem, r.Elements(), idx)
}

// elementAt returns the position in r.Elements() of row i's element at the subscripts
// subs, or -1 (NULL) when the array or a subscript is NULL, the number of subscripts is not
// the array's, or a subscript is out of range.
func elementAt(r *types.ArrayReader, i int, subs []bound) int32 {
	if r.IsNull(i) || r.NDim(i) != len(subs) {
		return -1
	}
	s := r.Shape(i)
	start, _ := r.Range(i)
	off := 0
	for d := range subs {
		v, _, null := subs[d].at(i)
		if null || v < s.LBounds[d] || v > s.Upper(d) {
			return -1
		}
		off = off*int(s.Dims[d]) + int(v-s.LBounds[d])
	}
	return int32(start + off)
}

// sliceArrays computes arr[lower:upper]... for every row, as array_get_slice: bounds are
// clamped to the array's, an omitted bound is the array's own, a slice with no elements is
// the empty array, and the result counts from 1. A NULL bound gives NULL.
func sliceArrays(ctx *Ctx, r *types.ArrayReader, lower, upper []bound) (arrow.Array, error) {
	n := r.Len()
	offs := make([]int32, n+1)
	valid := make([]bool, n)
	shapes := make([]types.Shape, n)
	var idx []int32
	for i := 0; i < n; i++ {
		offs[i+1] = int32(len(idx))
		if r.IsNull(i) || anyNull(lower, i) || anyNull(upper, i) {
			continue
		}
		valid[i] = true
		s := r.Shape(i)
		if s.NDim < len(upper) || s.NDim == 0 {
			continue
		}
		var lo, hi [types.MaxDim]int32
		out := types.Shape{NDim: s.NDim}
		empty := false
		for d := 0; d < s.NDim; d++ {
			lo[d], hi[d] = s.LBounds[d], s.Upper(d)
			if d < len(upper) {
				if v, given, _ := lower[d].at(i); given && v > lo[d] {
					lo[d] = v
				}
				if v, given, _ := upper[d].at(i); given && v < hi[d] {
					hi[d] = v
				}
			}
			if lo[d] > hi[d] {
				empty = true
				break
			}
			out.Dims[d], out.LBounds[d] = hi[d]-lo[d]+1, 1
		}
		if empty {
			continue
		}
		start, _ := r.Range(i)
		idx = appendBox(idx, int32(start), s, lo, out)
		offs[i+1] = int32(len(idx))
		shapes[i] = out
	}
	elems, err := takeArray(ctx.Mem, r.Elements(), idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(ctx.Mem, elems, offs, valid, shapes), nil
}

func anyNull(bs []bound, i int) bool {
	for _, b := range bs {
		if _, given, null := b.at(i); given && null {
			return true
		}
	}
	return false
}

// appendBox appends the positions of the elements of the sub-box of an array of shape s
// (its elements from start) that begins at subscripts lo and has the dimensions of box, in
// row-major order.
func appendBox(idx []int32, start int32, s types.Shape, lo [types.MaxDim]int32, box types.Shape) []int32 {
	var at [types.MaxDim]int32
	for {
		off := int32(0)
		for d := 0; d < s.NDim; d++ {
			off = off*s.Dims[d] + (lo[d] - s.LBounds[d] + at[d])
		}
		idx = append(idx, start+off)
		d := s.NDim - 1
		for ; d >= 0; d-- {
			at[d]++
			if at[d] < box.Dims[d] {
				break
			}
			at[d] = 0
		}
		if d < 0 {
			return idx
		}
	}
}

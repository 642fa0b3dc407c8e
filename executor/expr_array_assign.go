package executor

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Subscripted assignment (UPDATE t SET a[i] = v, a[i:j] = '{...}'), as PostgreSQL's
// array_set_element and array_set_slice compute it. Per batch, the old arrays' elements and
// the assigned values (or source arrays' elements) are concatenated once; each row's new
// array is a list of positions in that concatenation (or -1 for the NULLs that fill a gap
// when a one-dimensional array grows), gathered with one Take.

type arrayAssignEval struct {
	x            *planner.ArrayAssign
	arr, val     evaluator
	lower, upper []evaluator
}

func compileArrayAssign(x *planner.ArrayAssign) (evaluator, error) {
	arr, err := compileExpr(x.Array)
	if err != nil {
		return nil, err
	}
	val, err := compileExpr(x.Value)
	if err != nil {
		return nil, err
	}
	e := &arrayAssignEval{x: x, arr: arr, val: val}
	if e.lower, err = compileOpt(x.Lower); err != nil {
		return nil, err
	}
	if e.upper, err = compileOpt(x.Upper); err != nil {
		return nil, err
	}
	return e, nil
}

// compileOpt compiles expressions that may be nil (omitted subscript bounds).
func compileOpt(es []planner.Expr) ([]evaluator, error) {
	out := make([]evaluator, len(es))
	for i, ex := range es {
		if ex == nil {
			continue
		}
		ev, err := compileExpr(ex)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func errArraySize() error {
	return pgerror.Newf(pgcode.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArrayItems)
}

func errSubscript(msg string) *pgerror.Error { return pgerror.New(pgcode.ArraySubscriptError, msg) }

// maxArrayItems is PostgreSQL's MaxArraySize.
const maxArrayItems = (1<<30 - 1) / 8

// checkedDim returns hi-lo+1 as a dimension length, or the size error when it overflows
// or exceeds the maximum.
func checkedDim(lo, hi int64) (int32, error) {
	d := hi - lo + 1
	if d > maxArrayItems || d > math.MaxInt32 || lo+d > math.MaxInt32+1 {
		return 0, errArraySize()
	}
	return int32(d), nil
}

func (e *arrayAssignEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	arrs, err := e.arr.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arrs.Release()
	vals, err := e.val.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer vals.Release()
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

	old := types.ReadArrays(arrs)
	newElems := vals
	var src types.ArrayReader
	if e.x.Slice {
		src = types.ReadArrays(vals)
		newElems = src.Elements()
	}
	all, err := array.Concatenate([]arrow.Array{old.Elements(), newElems}, ctx.Mem)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	a := assigner{old: &old, base: int32(old.Elements().Len())}
	n := arrs.Len()
	offs := make([]int32, n+1)
	shapes := make([]types.Shape, n)
	for i := 0; i < n; i++ {
		if anyNull(lower, i) || anyNull(upper, i) {
			return nil, pgerror.New(pgcode.NullValueNotAllowed, "array subscript in assignment must not be null")
		}
		var err error
		if e.x.Slice {
			shapes[i], err = a.slice(i, lower, upper, &src)
		} else {
			shapes[i], err = a.element(i, upper)
		}
		if err != nil {
			return nil, err
		}
		offs[i+1] = int32(len(a.idx))
	}
	elems, err := takeArray(ctx.Mem, all, a.idx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(ctx.Mem, elems, offs, nil, shapes), nil
}

// assigner builds the element positions of the new arrays: old elements by their index,
// assigned ones from base on, -1 for NULL fill.
type assigner struct {
	old  *types.ArrayReader
	base int32
	idx  []int32
}

// oldShape returns row i's array shape and first element, a NULL array counting as empty.
func (a *assigner) oldShape(i int) (types.Shape, int32) {
	if a.old.IsNull(i) {
		return types.Shape{}, 0
	}
	s, _ := a.old.Range(i)
	return a.old.Shape(i), int32(s)
}

// element assigns the value of row i at subscripts subs (array_set_element).
func (a *assigner) element(i int, subs []bound) (types.Shape, error) {
	s, start := a.oldShape(i)
	val := a.base + int32(i)
	var ix [types.MaxDim]int32
	for d := range subs {
		ix[d], _, _ = subs[d].at(i)
	}
	if s.NDim == 0 {
		out := types.Shape{NDim: len(subs)}
		for d := range subs {
			out.Dims[d], out.LBounds[d] = 1, ix[d]
		}
		a.idx = append(a.idx, val)
		return out, nil
	}
	if s.NDim != len(subs) {
		return s, errSubscript("wrong number of array subscripts")
	}
	if s.NDim == 1 {
		return a.grow1D(s, start, int64(ix[0]), int64(ix[0]), func(int64) int32 { return val })
	}
	off := int32(0)
	for d := 0; d < s.NDim; d++ {
		if ix[d] < s.LBounds[d] || ix[d] > s.Upper(d) {
			return s, errSubscript("array subscript out of range")
		}
		off = off*s.Dims[d] + ix[d] - s.LBounds[d]
	}
	for k := int32(0); k < int32(s.Count()); k++ {
		if k == off {
			a.idx = append(a.idx, val)
		} else {
			a.idx = append(a.idx, start+k)
		}
	}
	return s, nil
}

// grow1D writes a one-dimensional array covering both its old range and [lo, hi], whose
// positions come from at (the assigned ones), the old elements, or NULL.
func (a *assigner) grow1D(s types.Shape, start int32, lo, hi int64, at func(p int64) int32) (types.Shape, error) {
	lb, ub := int64(s.LBounds[0]), int64(s.Upper(0))
	from, to := min(lb, lo), max(ub, hi)
	dim, err := checkedDim(from, to)
	if err != nil {
		return s, err
	}
	for p := from; p <= to; p++ {
		switch {
		case p >= lo && p <= hi:
			a.idx = append(a.idx, at(p))
		case p >= lb && p <= ub:
			a.idx = append(a.idx, start+int32(p-lb))
		default:
			a.idx = append(a.idx, -1)
		}
	}
	out := types.Shape{NDim: 1}
	out.Dims[0], out.LBounds[0] = dim, int32(from)
	return out, nil
}

// slice assigns the source array of row i to the slice lower:upper (array_set_slice). A
// NULL source leaves the array as it is.
func (a *assigner) slice(i int, lower, upper []bound, src *types.ArrayReader) (types.Shape, error) {
	s, start := a.oldShape(i)
	if src.IsNull(i) {
		for k := int32(0); k < int32(s.Count()); k++ {
			a.idx = append(a.idx, start+k)
		}
		return s, nil
	}
	srcStart, srcEnd := src.Range(i)
	srcAt := a.base + int32(srcStart)
	nsrc := srcEnd - srcStart
	if s.NDim == 0 {
		return a.sliceOfEmpty(i, lower, upper, srcAt, nsrc)
	}
	if s.NDim < len(upper) {
		return s, errSubscript("wrong number of array subscripts")
	}
	var lo, hi [types.MaxDim]int64
	for d := 0; d < s.NDim; d++ {
		lo[d], hi[d] = int64(s.LBounds[d]), int64(s.Upper(d))
		if d < len(upper) {
			if v, given, _ := lower[d].at(i); given {
				lo[d] = int64(v)
			}
			if v, given, _ := upper[d].at(i); given {
				hi[d] = int64(v)
			}
		}
		if lo[d] > hi[d] {
			return s, errSubscript("upper bound cannot be less than lower bound")
		}
		if s.NDim > 1 && (lo[d] < int64(s.LBounds[d]) || hi[d] > int64(s.Upper(d))) {
			return s, errSubscript("array subscript out of range")
		}
	}
	need := int64(1)
	for d := 0; d < s.NDim; d++ {
		need *= hi[d] - lo[d] + 1
		if need > maxArrayItems {
			return s, errArraySize()
		}
	}
	if need > int64(nsrc) {
		return s, errSubscript("source array too small")
	}
	if s.NDim == 1 {
		return a.grow1D(s, start, lo[0], hi[0], func(p int64) int32 { return srcAt + int32(p-lo[0]) })
	}
	a.replaceBox(s, start, lo, hi, srcAt)
	return s, nil
}

// replaceBox writes a multidimensional array of shape s whose sub-box lo..hi comes from
// the source elements from srcAt, read serially, and the rest from the old elements.
func (a *assigner) replaceBox(s types.Shape, start int32, lo, hi [types.MaxDim]int64, srcAt int32) {
	var at [types.MaxDim]int64
	for d := 0; d < s.NDim; d++ {
		at[d] = int64(s.LBounds[d])
	}
	for k := int32(0); k < int32(s.Count()); k++ {
		inside := true
		for d := 0; d < s.NDim; d++ {
			inside = inside && at[d] >= lo[d] && at[d] <= hi[d]
		}
		if inside {
			a.idx = append(a.idx, srcAt)
			srcAt++
		} else {
			a.idx = append(a.idx, start+k)
		}
		for d := s.NDim - 1; d >= 0; d-- {
			at[d]++
			if at[d] <= int64(s.Upper(d)) {
				break
			}
			at[d] = int64(s.LBounds[d])
		}
	}
}

// sliceOfEmpty assigns a slice of an empty (or NULL) array: the result is the slice, whose
// bounds must both be given, filled from the source read serially.
func (a *assigner) sliceOfEmpty(i int, lower, upper []bound, srcAt int32, nsrc int) (types.Shape, error) {
	out := types.Shape{NDim: len(upper)}
	need := int64(1)
	for d := range upper {
		l, lgiven, _ := lower[d].at(i)
		u, ugiven, _ := upper[d].at(i)
		if !lgiven || !ugiven {
			return out, errSubscript("array slice subscript must provide both boundaries").
				WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
		}
		dim := int64(u) - int64(l) + 1
		if dim > math.MaxInt32 || dim < math.MinInt32 {
			return out, errArraySize()
		}
		out.Dims[d], out.LBounds[d] = int32(dim), l
		if dim < 0 {
			return out, errArraySize()
		}
		need *= dim
		if need > maxArrayItems {
			return out, errArraySize()
		}
	}
	if need > int64(nsrc) {
		return out, errSubscript("source array too small")
	}
	if need == 0 {
		return types.Shape{}, nil
	}
	for k := int32(0); k < int32(need); k++ {
		a.idx = append(a.idx, srcAt+k)
	}
	return out, nil
}

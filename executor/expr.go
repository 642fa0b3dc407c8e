package executor

import (
	"fmt"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// evaluator computes one compiled expression over a batch.
//
// Evaluators are built per operator instance (parallel workers each build their own), so
// they may cache per-batch-size state without locking.
type evaluator interface {
	// eval returns an array with rec.NumRows() values of the expression's Arrow type. The
	// caller owns the result and must Release it.
	eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error)
}

// compileExpr compiles a bound expression once, for evaluation over batches whose columns
// are those of the plan node's input (planner.ColRef.Idx indexes them). Sub-expressions
// that read no columns and call only immutable functions are folded: evaluated once, on the
// first batch, then broadcast.
func compileExpr(e planner.Expr) (evaluator, error) {
	ev, err := compileNode(e)
	if err != nil {
		return nil, err
	}
	switch e.(type) {
	case *planner.Const, *planner.Param, *planner.ColRef:
		return ev, nil
	}
	if isConstant(e) {
		return &foldedEval{inner: ev}, nil
	}
	return ev, nil
}

// isConstant reports whether e has the same value for every row of every batch of one
// execution: it reads no columns, calls no volatile function and holds no subquery.
func isConstant(e planner.Expr) bool {
	switch x := e.(type) {
	case *planner.ColRef, *planner.Subquery:
		return false
	case *planner.Call:
		if x.Func.Volatility == catalog.Volatile {
			return false
		}
		for _, a := range x.Args {
			if !isConstant(a) {
				return false
			}
		}
		return true
	case *planner.Const, *planner.Param:
		return true
	case *planner.Cast:
		return isConstant(x.Arg)
	case *planner.CoerceToDomain:
		return isConstant(x.Arg)
	case *planner.Case:
		for _, w := range x.Whens {
			if !isConstant(w.Cond) || !isConstant(w.Result) {
				return false
			}
		}
		return isConstant(x.Else)
	case *planner.BoolExpr:
		for _, a := range x.Args {
			if !isConstant(a) {
				return false
			}
		}
		return true
	case *planner.NullTest:
		return isConstant(x.Arg)
	case *planner.InList:
		return isConstant(x.Arg)
	case *planner.Coalesce:
		return allConstant(x.Args)
	case *planner.ArrayExpr:
		return allConstant(x.Elems)
	case *planner.RowExpr:
		return allConstant(x.Fields)
	case *planner.FieldSelect:
		return isConstant(x.Arg)
	case *planner.Subscript:
		for i := range x.Upper {
			if x.Lower[i] != nil && !isConstant(x.Lower[i]) || x.Upper[i] != nil && !isConstant(x.Upper[i]) {
				return false
			}
		}
		return isConstant(x.Array)
	case *planner.ArrayOp:
		return isConstant(x.Arg) && isConstant(x.Array)
	case *planner.ArrayAssign:
		for i := range x.Upper {
			if x.Lower[i] != nil && !isConstant(x.Lower[i]) || x.Upper[i] != nil && !isConstant(x.Upper[i]) {
				return false
			}
		}
		return isConstant(x.Array) && isConstant(x.Value)
	}
	return false
}

func allConstant(es []planner.Expr) bool {
	for _, e := range es {
		if !isConstant(e) {
			return false
		}
	}
	return true
}

// foldedEval evaluates a constant expression once per execution and broadcasts the value.
type foldedEval struct {
	inner  evaluator
	value  scalar.Scalar
	cached arrow.Array
}

func (e *foldedEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	if e.value == nil {
		one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
		a, err := e.inner.eval(ctx, one)
		one.Release()
		if err != nil {
			return nil, err
		}
		v, err := scalar.GetScalar(a, 0)
		a.Release()
		if err != nil {
			return nil, err
		}
		e.value = v
	}
	return cachedBroadcast(ctx.Mem, e.value, int(rec.NumRows()), &e.cached)
}

func compileNode(e planner.Expr) (evaluator, error) {
	switch x := e.(type) {
	case *planner.ColRef:
		return &colEval{idx: x.Idx}, nil
	case *planner.Const:
		v := x.Value
		if !arrow.TypeEqual(v.DataType(), x.T.Arrow()) {
			if !v.IsValid() {
				v = scalar.MakeNullScalar(x.T.Arrow())
			} else {
				return nil, pgerror.Newf(pgcode.InternalError, "constant %s held as %s, not %s", x, v.DataType(), x.T.Arrow())
			}
		}
		return &constEval{value: v}, nil
	case *planner.Param:
		return &paramEval{idx: x.Idx, t: x.T}, nil
	case *planner.Call:
		args, err := compileList(x.Args)
		if err != nil {
			return nil, err
		}
		if x.Func.Scalar == nil {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "function %s cannot be called here", x.Func.Name)
		}
		argTypes := make([]types.T, len(x.Args))
		for i, a := range x.Args {
			argTypes[i] = a.Type()
		}
		return &callEval{fn: x.Func, args: args, argTypes: argTypes, ret: x.T}, nil
	case *planner.Cast:
		arg, err := compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		return &castEval{arg: arg, from: x.Arg.Type(), to: x.T, context: x.Context}, nil
	case *planner.Case:
		c := &caseEval{t: x.T}
		for _, w := range x.Whens {
			cond, err := compileExpr(w.Cond)
			if err != nil {
				return nil, err
			}
			res, err := compileExpr(w.Result)
			if err != nil {
				return nil, err
			}
			c.conds, c.results = append(c.conds, cond), append(c.results, res)
		}
		var err error
		if c.elseExpr, err = compileExpr(x.Else); err != nil {
			return nil, err
		}
		return c, nil
	case *planner.BoolExpr:
		args, err := compileList(x.Args)
		if err != nil {
			return nil, err
		}
		whole := make([]bool, len(x.Args))
		for i, a := range x.Args {
			whole[i] = infallible(a)
		}
		return &boolEval{op: x.Op, args: args, whole: whole}, nil
	case *planner.NullTest:
		arg, err := compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		return &nullTestEval{arg: arg, not: x.Not, record: types.IsRecord(x.Arg.Type()), void: x.Arg.Type().OID == types.Void}, nil
	case *planner.InList:
		return compileInList(x)
	case *planner.Coalesce:
		args, err := compileList(x.Args)
		if err != nil {
			return nil, err
		}
		return &coalesceEval{args: args, t: x.T}, nil
	case *planner.Subquery:
		if x.Correlated {
			return compileApply(x)
		}
		return compileSubquery(x)
	case *planner.OuterRef:
		return &outerRefEval{level: x.Level, idx: x.Idx}, nil
	case *planner.ArrayOp:
		return compileArrayOp(x)
	case *planner.CoerceToDomain:
		return compileDomain(x)
	case *planner.Subscript:
		return compileSubscript(x)
	case *planner.ArrayAssign:
		return compileArrayAssign(x)
	case *planner.RowExpr:
		return compileRowExpr(x)
	case *planner.FieldSelect:
		arg, err := compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		return &fieldSelectEval{arg: arg, idx: x.Idx}, nil
	case *planner.ArrayExpr:
		elems, err := compileList(x.Elems)
		if err != nil {
			return nil, err
		}
		return &arrayExprEval{x: x, elems: elems}, nil
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "expression %T is not supported by the executor", e)
}

func compileList(es []planner.Expr) ([]evaluator, error) {
	out := make([]evaluator, len(es))
	for i, e := range es {
		ev, err := compileExpr(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

type colEval struct{ idx int }

func (e *colEval) eval(_ *Ctx, rec arrow.Record) (arrow.Array, error) {
	c := rec.Column(e.idx)
	c.Retain()
	return c, nil
}

// constEval broadcasts a constant, reusing the array while batch sizes repeat.
type constEval struct {
	value  scalar.Scalar
	cached arrow.Array
}

func (e *constEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	return cachedBroadcast(ctx.Mem, e.value, int(rec.NumRows()), &e.cached)
}

// cachedBroadcast returns v repeated n times, from a cached array of at least a batch's
// rows (fixed-width types): batches narrowed by a filter or by AND's short-circuit get a
// prefix of it, so a constant is built once per evaluator, not once per batch length.
func cachedBroadcast(mem memory.Allocator, v scalar.Scalar, n int, cache *arrow.Array) (arrow.Array, error) {
	if c := *cache; c != nil && c.Len() >= n {
		if c.Len() == n {
			c.Retain()
			return c, nil
		}
		return array.NewSlice(c, 0, int64(n)), nil
	}
	// The cache is not accounted to any one batch: it lives as long as the evaluator, which
	// is never closed, so it is built from the default allocator.
	rows := n
	if _, fixed := v.DataType().(arrow.FixedWidthDataType); fixed && n > 1 {
		// (A long string is not worth repeating beyond need, nor is a constant of one row:
		// VALUES evaluates its rows one at a time, with evaluators built for each run of
		// the statement, and a single-row INSERT would build a batch's worth every time.)
		rows = max(n, BatchSize)
	}
	arr, err := broadcast(memory.DefaultAllocator, v, rows)
	if err != nil {
		return nil, err
	}
	if *cache != nil {
		(*cache).Release()
	}
	*cache = arr
	if arr.Len() > n {
		return array.NewSlice(arr, 0, int64(n)), nil
	}
	arr.Retain()
	return arr, nil
}

type paramEval struct {
	idx    int
	t      types.T
	cached arrow.Array
}

func (e *paramEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	if e.idx >= len(ctx.Params) {
		return nil, pgerror.Newf(pgcode.UndefinedParameter, "there is no parameter $%d", e.idx+1)
	}
	v := ctx.Params[e.idx]
	if !arrow.TypeEqual(v.DataType(), e.t.Arrow()) {
		if !v.IsValid() {
			v = scalar.MakeNullScalar(e.t.Arrow())
		} else {
			return nil, pgerror.Newf(pgcode.InternalError, "parameter $%d held as %s, not %s", e.idx+1, v.DataType(), e.t.Arrow())
		}
	}
	// Parameters are fixed for one execution; evaluators live for one execution.
	return cachedBroadcast(ctx.Mem, v, int(rec.NumRows()), &e.cached)
}

// callEval calls a registry function. Strictness is handled here, once for all functions:
// the kernel is told which rows have only non-null arguments and those others are nulled.
type callEval struct {
	fn       *catalog.Func
	args     []evaluator
	argTypes []types.T
	ret      types.T
}

func (e *callEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	args, err := evalAll(ctx, e.args, rec)
	if err != nil {
		return nil, err
	}
	defer releaseAll(args)
	n := int(rec.NumRows())
	env := ctx.FuncEnv(e.argTypes, e.ret)
	env.Rows = n
	var valid bitmap
	if e.fn.Strict {
		valid = andValidity(args, n)
		if valid != nil {
			env.Valid = valid
		}
	}
	res, err := e.fn.Scalar(env, args)
	if err != nil {
		return nil, err
	}
	if res.Len() != n {
		res.Release()
		return nil, pgerror.Newf(pgcode.InternalError, "function %s returned %d values for %d rows", e.fn.Name, res.Len(), n)
	}
	if valid != nil {
		res = withValidity(ctx.Mem, res, valid)
	}
	return res, nil
}

type castEval struct {
	arg      evaluator
	from, to types.T
	context  types.CoercionContext
}

func (e *castEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	a, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	return types.CastArrayContext(a, e.from, e.to, e.context, ctx.IO, ctx.Mem)
}

type nullTestEval struct {
	arg evaluator
	not bool
	// record marks a record argument, which IS NULL when every field is NULL and IS NOT
	// NULL when none is, as PostgreSQL tests rows.
	record bool
	// void marks the result of a function returning void: a value, though Arrow holds it
	// as a Null array.
	void bool
}

func (e *nullTestEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	a, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	vals := newBitmap(n)
	valid := validBitmap(a)
	if e.void {
		valid = nil
	}
	var fields []arrow.Array
	if st, ok := a.(*array.Struct); ok && e.record {
		for f := 0; f < st.NumField(); f++ {
			fields = append(fields, st.Field(f))
		}
	}
	for i := 0; i < n; i++ {
		isNull := valid != nil && !valid.get(i)
		if !isNull && fields != nil {
			if nulls := countFieldNulls(fields, i); e.not {
				isNull = nulls > 0 // IS NOT NULL: no field may be NULL
			} else {
				isNull = nulls == len(fields)
			}
		}
		if isNull != e.not {
			vals.set(i)
		}
	}
	return newBoolArray(ctx.Mem, vals, nil, n), nil
}

// countFieldNulls counts the fields of a record row that are NULL.
func countFieldNulls(fields []arrow.Array, row int) int {
	n := 0
	for _, f := range fields {
		if f.IsNull(row) {
			n++
		}
	}
	return n
}

// subqueryCache holds the results of uncorrelated subqueries for one execution, shared by
// the parallel workers of the statement.
type subqueryCache struct {
	mu      sync.Mutex
	results map[*planner.Subquery]*subqueryResult
}

type subqueryResult struct {
	once  sync.Once
	err   error
	value scalar.Scalar // scalar subquery
	exist bool          // EXISTS
	set   *valueSet     // IN
}

func compileSubquery(x *planner.Subquery) (evaluator, error) {
	e := &subqueryEval{sq: x}
	if x.Arg != nil {
		arg, err := compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		e.arg = arg
	}
	return e, nil
}

type subqueryEval struct {
	sq     *planner.Subquery
	arg    evaluator
	cached arrow.Array
}

func (e *subqueryEval) result(ctx *Ctx) (*subqueryResult, error) {
	if ctx.subqueries == nil {
		return nil, fmt.Errorf("executor: no subquery cache in context")
	}
	c := ctx.subqueries
	c.mu.Lock()
	if c.results == nil {
		c.results = map[*planner.Subquery]*subqueryResult{}
	}
	r := c.results[e.sq]
	if r == nil {
		r = &subqueryResult{}
		c.results[e.sq] = r
	}
	c.mu.Unlock()
	r.once.Do(func() { r.err = runSubquery(ctx, e.sq, r) })
	return r, r.err
}

func (e *subqueryEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	r, err := e.result(ctx)
	if err != nil {
		return nil, err
	}
	n := int(rec.NumRows())
	switch e.sq.Kind {
	case planner.ScalarSubquery, planner.ArraySubquery:
		return cachedBroadcast(ctx.Mem, r.value, n, &e.cached)
	case planner.ExistsSubquery:
		return cachedBroadcast(ctx.Mem, scalar.NewBooleanScalar(r.exist != e.sq.Not), n, &e.cached)
	}
	arg, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arg.Release()
	return r.set.contains(ctx.Mem, arg, e.sq.Not)
}

// runSubquery executes a subquery plan to completion and keeps what its use needs.
func runSubquery(ctx *Ctx, sq *planner.Subquery, r *subqueryResult) error {
	op, err := Build(sq.Plan, ctx)
	if err != nil {
		return err
	}
	if err := op.Open(ctx); err != nil {
		op.Close()
		return err
	}
	defer op.Close()
	switch sq.Kind {
	case planner.ExistsSubquery:
		rec, err := op.Next(ctx)
		if err != nil && !isEOF(err) {
			return err
		}
		r.exist = rec != nil && rec.NumRows() > 0
		return nil
	case planner.ArraySubquery:
		r.value, err = arraySubqueryValue(ctx, op, sq.Plan.Columns()[0].Type)
		return err
	case planner.ScalarSubquery:
		r.value = scalar.MakeNullScalar(sq.T.Arrow())
		seen := 0
		for {
			rec, err := op.Next(ctx)
			if isEOF(err) {
				return nil
			}
			if err != nil {
				return err
			}
			seen += int(rec.NumRows())
			if seen > 1 {
				return pgerror.New(pgcode.CardinalityViolation, "more than one row returned by a subquery used as an expression")
			}
			if rec.NumRows() == 1 {
				if r.value, err = scalar.GetScalar(rec.Column(0), 0); err != nil {
					return err
				}
			}
		}
	}
	r.set = newValueSet()
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			return nil
		}
		if err != nil {
			return err
		}
		r.set.add(rec.Column(0))
	}
}

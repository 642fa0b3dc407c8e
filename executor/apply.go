package executor

// Correlated subqueries the planner could not turn into joins are evaluated per row of
// their input (a nested-loop apply): for each row the subquery's plan is built and run in a
// context whose outer row is that row, and its OuterRefs read the row's values. Each run
// gets its own CTE registry and a single worker, so rows evaluated concurrently by parallel
// pipeline workers never share state. Uncorrelated subqueries nested inside are still
// computed once per statement through the shared subquery cache.
//
// This is the slow path, by design only for shapes decorrelation does not cover (the
// common EXISTS, IN and aggregate forms become hash joins in the planner). Rows that agree
// on the outer columns a subquery reads share one evaluation (applyMemo, as PostgreSQL's
// Memoize node), unless the subquery calls a volatile function; EXISTS stops at its first
// row.

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// outerRow is the row a correlated subquery runs for; parent is the row of the subquery
// enclosing that one, for OuterRefs of higher levels.
type outerRow struct {
	rec    arrow.Record
	row    int
	parent *outerRow
}

// outerRefEval broadcasts a column of an outer row.
type outerRefEval struct {
	level, idx int
}

func (e *outerRefEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	o := ctx.outer
	for l := 1; l < e.level && o != nil; l++ {
		o = o.parent
	}
	if o == nil {
		return nil, pgerror.New(pgcode.InternalError, "outer reference evaluated outside its subquery")
	}
	v, err := scalar.GetScalar(o.rec.Column(e.idx), o.row)
	if err != nil {
		return nil, err
	}
	return broadcast(ctx.Mem, v, int(rec.NumRows()))
}

// applyEval evaluates a correlated subquery per row.
type applyEval struct {
	sq   *planner.Subquery
	arg  evaluator // IN's left operand
	memo *applyMemo
}

func compileApply(x *planner.Subquery) (evaluator, error) {
	e := &applyEval{sq: x}
	if cols, ok := x.MemoColumns(); ok {
		e.memo = &applyMemo{cols: cols}
	}
	if x.Arg != nil {
		arg, err := compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		e.arg = arg
	}
	return e, nil
}

func (e *applyEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	var arg arrow.Array
	if e.arg != nil {
		a, err := e.arg.eval(ctx, rec)
		if err != nil {
			return nil, err
		}
		defer a.Release()
		arg = a
	}
	parts := make([]arrow.Array, 0, n)
	defer func() { releaseAll(parts) }()
	var key strings.Builder
	for i := 0; i < n; i++ {
		key.Reset()
		memo := e.memo != nil && e.memo.key(&key, rec, arg, i)
		if memo {
			if v, ok := e.memo.get(ctx, key.String()); ok {
				a, err := broadcast(ctx.Mem, v, 1)
				if err != nil {
					return nil, err
				}
				parts = append(parts, a)
				continue
			}
		}
		sub := *ctx
		sub.outer = &outerRow{rec: rec, row: i, parent: ctx.outer}
		sub.ctes = ctx.cteRegistry().child()
		sub.Workers = 1
		v, err := e.row(&sub, arg, i)
		if err != nil {
			return nil, err
		}
		parts = append(parts, v)
		if memo {
			if err := e.memo.put(ctx, key.String(), v); err != nil {
				return nil, err
			}
		}
	}
	if n == 0 {
		return array.MakeArrayOfNull(ctx.Mem, e.sq.T.Arrow(), 0), nil
	}
	return array.Concatenate(parts, ctx.Mem)
}

// row runs the subquery for row i and returns its one-element result.
func (e *applyEval) row(ctx *Ctx, arg arrow.Array, i int) (arrow.Array, error) {
	if e.sq.Kind == planner.ExistsSubquery {
		found, err := anyRow(ctx, e.sq.Plan)
		if err != nil {
			return nil, err
		}
		return broadcast(ctx.Mem, scalar.NewBooleanScalar(found != e.sq.Not), 1)
	}
	recs, err := drain(ctx, e.sq.Plan, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	switch e.sq.Kind {
	case planner.ArraySubquery:
		parts := make([]arrow.Array, len(recs))
		for k, r := range recs {
			parts[k] = r.Column(0)
		}
		return accumulateParts(ctx, e.sq.Plan.Columns()[0].Type, parts)
	case planner.ScalarSubquery:
		switch {
		case len(recs) == 0:
			return array.MakeArrayOfNull(ctx.Mem, e.sq.T.Arrow(), 1), nil
		case len(recs) > 1 || recs[0].NumRows() > 1:
			return nil, pgerror.New(pgcode.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}
		v := array.NewSlice(recs[0].Column(0), 0, 1)
		return v, nil
	}
	set := newValueSet()
	for _, r := range recs {
		set.add(r.Column(0))
	}
	one := array.NewSlice(arg, int64(i), int64(i+1))
	defer one.Release()
	return set.contains(ctx.Mem, one, e.sq.Not)
}

// anyRow reports whether plan produces a row, stopping at the first.
func anyRow(ctx *Ctx, plan planner.Plan) (bool, error) {
	op, err := Build(plan, ctx)
	if err != nil {
		return false, err
	}
	defer op.Close()
	if err := op.Open(ctx); err != nil {
		return false, err
	}
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if rec.NumRows() > 0 {
			return true, nil
		}
	}
}

// applyMemoLimit bounds the results one applyMemo keeps; past it, rows are evaluated
// without being remembered.
const applyMemoLimit = 1 << 16

// applyMemo remembers a correlated subquery's results by the values of the outer columns
// it reads (and IN's left operand). Results are valid for one statement execution and one
// row of each enclosing subquery (whose columns nested references may read too), so the
// memo empties itself when the execution or the enclosing row changes.
type applyMemo struct {
	cols []int

	mu      sync.Mutex
	scope   *subqueryCache
	outer   *outerRow
	results map[string]scalar.Scalar
}

// key writes row i's memo key: each value's validity and exact bits, length-prefixed. ok is
// false for a value of a type it does not encode, which the row is then not memoized by.
func (m *applyMemo) key(b *strings.Builder, rec arrow.Record, arg arrow.Array, i int) (ok bool) {
	for _, c := range m.cols {
		if !appendMemoKey(b, rec.Column(c), i) {
			return false
		}
	}
	return arg == nil || appendMemoKey(b, arg, i)
}

// appendMemoKey encodes value i of a; false for types it does not know.
func appendMemoKey(b *strings.Builder, a arrow.Array, i int) bool {
	if a.IsNull(i) {
		b.WriteString("n;")
		return true
	}
	var v string
	switch x := a.(type) {
	case *array.Int16:
		v = strconv.FormatInt(int64(x.Value(i)), 10)
	case *array.Int32:
		v = strconv.FormatInt(int64(x.Value(i)), 10)
	case *array.Int64:
		v = strconv.FormatInt(x.Value(i), 10)
	case *array.Float32:
		v = strconv.FormatUint(uint64(math.Float32bits(x.Value(i))), 16)
	case *array.Float64:
		v = strconv.FormatUint(math.Float64bits(x.Value(i)), 16)
	case *array.Boolean:
		v = strconv.FormatBool(x.Value(i))
	case *array.String:
		v = x.Value(i)
	case *array.LargeString:
		v = x.Value(i)
	case *array.Binary:
		v = string(x.Value(i))
	case *array.Date32:
		v = strconv.FormatInt(int64(x.Value(i)), 10)
	case *array.Timestamp:
		v = strconv.FormatInt(int64(x.Value(i)), 10)
	case *array.Time64:
		v = strconv.FormatInt(int64(x.Value(i)), 10)
	default:
		return false
	}
	b.WriteString(strconv.Itoa(len(v)))
	b.WriteByte(':')
	b.WriteString(v)
	return true
}

func (m *applyMemo) get(ctx *Ctx, key string) (scalar.Scalar, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.scope != ctx.subqueries || m.outer != ctx.outer {
		return nil, false
	}
	v, ok := m.results[key]
	return v, ok
}

func (m *applyMemo) put(ctx *Ctx, key string, v arrow.Array) error {
	s, ok, err := memoScalar(v)
	if err != nil || !ok {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.scope != ctx.subqueries || m.outer != ctx.outer || m.results == nil {
		m.scope, m.outer, m.results = ctx.subqueries, ctx.outer, map[string]scalar.Scalar{}
	}
	if len(m.results) < applyMemoLimit {
		m.results[key] = s
	}
	return nil
}

// memoScalar copies a one-element result into a scalar that shares no memory with it; ok
// is false for types (records, arrays) it does not copy, whose results are not memoized.
func memoScalar(v arrow.Array) (scalar.Scalar, bool, error) {
	switch x := v.(type) {
	case *array.String:
		if !arrow.TypeEqual(x.DataType(), arrow.BinaryTypes.String) {
			return nil, false, nil
		}
		if x.IsNull(0) {
			return scalar.MakeNullScalar(x.DataType()), true, nil
		}
		return scalar.NewStringScalar(strings.Clone(x.Value(0))), true, nil
	case *array.Int16, *array.Int32, *array.Int64, *array.Float32, *array.Float64, *array.Boolean,
		*array.Date32, *array.Timestamp, *array.Time64, *array.Decimal128:
		s, err := scalar.GetScalar(v, 0)
		return s, err == nil, err
	}
	return nil, false, nil
}

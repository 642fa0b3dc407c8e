package executor

// Correlated subqueries the planner could not turn into joins are evaluated per row of
// their input (a nested-loop apply): for each row the subquery's plan is built and run in a
// context whose outer row is that row, and its OuterRefs read the row's values. Each run
// gets its own CTE registry and a single worker, so rows evaluated concurrently by parallel
// pipeline workers never share state. Uncorrelated subqueries nested inside are still
// computed once per statement through the shared subquery cache.
//
// This is the slow path, by design only for shapes decorrelation does not cover (the
// common EXISTS, IN and aggregate forms become hash joins in the planner).

import (
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
	sq  *planner.Subquery
	arg evaluator // IN's left operand
}

func compileApply(x *planner.Subquery) (evaluator, error) {
	e := &applyEval{sq: x}
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
	for i := 0; i < n; i++ {
		sub := *ctx
		sub.outer = &outerRow{rec: rec, row: i, parent: ctx.outer}
		sub.ctes = ctx.cteRegistry().child()
		sub.Workers = 1
		v, err := e.row(&sub, arg, i)
		if err != nil {
			return nil, err
		}
		parts = append(parts, v)
	}
	if n == 0 {
		return array.MakeArrayOfNull(ctx.Mem, e.sq.T.Arrow(), 0), nil
	}
	return array.Concatenate(parts, ctx.Mem)
}

// row runs the subquery for row i and returns its one-element result.
func (e *applyEval) row(ctx *Ctx, arg arrow.Array, i int) (arrow.Array, error) {
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
	case planner.ExistsSubquery:
		return broadcast(ctx.Mem, scalar.NewBooleanScalar((len(recs) > 0) != e.sq.Not), 1)
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

package planner

import (
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// Subqueries that re-aggregate the outer query's groups. TPC-H Q11 keeps the parts whose
// stock value is a fraction of the whole:
//
//	SELECT ps_partkey, sum(v) FROM X GROUP BY ps_partkey
//	HAVING sum(v) > (SELECT sum(v) * 0.0001 FROM X)
//
// with the same FROM and WHERE (X) in both: run as written, X's joins are computed twice.
// But the total is the sum of the groups' sums, which the outer query has at hand: the
// subquery's value is a window aggregate over all the groups, sum(sum(v)) OVER (), and X
// is computed once. That holds for aggregates whose value over a set is the same aggregate
// of their values over the parts of any partition of the set: min, max, and sum where the
// result has the argument's type and adds exactly (numeric, interval; not floats, whose
// sum depends on the order of the additions, nor sum(int), whose type widens). The
// window sees the groups only where the outer query has some, so the subquery's value
// over no rows is never needed.

// reaggregateSubqueries rewrites HAVING filters over an aggregate whose uncorrelated
// scalar subqueries aggregate the aggregate's own input. It runs first, while both are
// still as bound, so the two inputs compare equal node for node.
func (o *optimizer) reaggregateSubqueries(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		f, ok := p.(*Filter)
		if !ok {
			return p, nil
		}
		agg, ok := f.Input.(*Aggregate)
		if !ok || len(agg.GroupBy) == 0 || agg.Sets != nil || callsVolatile(agg.Input) {
			return p, nil
		}
		return reaggregateFilter(f, agg), nil
	})
}

// reaggregateFilter returns f with the subqueries it can answer from agg's groups replaced
// by window aggregates over them; f itself when there are none.
func reaggregateFilter(f *Filter, agg *Aggregate) Plan {
	nOut := len(agg.Out)
	win := &Window{Input: agg, Out: append([]Column(nil), agg.Out...)}
	pred := deepMapExpr(f.Pred, func(e Expr) Expr {
		sq, ok := e.(*Subquery)
		if !ok || sq.Correlated || sq.Kind != ScalarSubquery {
			return e
		}
		calls, value := regroupedValue(sq, agg)
		if calls == nil {
			return e
		}
		base := len(win.Out)
		for _, c := range calls {
			win.Funcs = append(win.Funcs, c)
			win.Out = append(win.Out, Column{Name: c.Func.Name, Type: c.T})
		}
		return deepMapExpr(value, func(e Expr) Expr {
			if c, ok := e.(*ColRef); ok {
				return &ColRef{Idx: base + c.Idx, T: c.T, Name: calls[c.Idx].Func.Name}
			}
			return e
		})
	})
	if len(win.Funcs) == 0 {
		return f
	}
	out := &Project{Input: &Filter{Input: win, Pred: pred}}
	for i, c := range agg.Out[:nOut] {
		name := c.Name
		if i < len(agg.GroupBy) {
			if g, ok := agg.GroupBy[i].(*ColRef); ok {
				name = g.Name // what the query calls it, for EXPLAIN
			}
		}
		out.Exprs = append(out.Exprs, &ColRef{Idx: i, T: c.Type, Name: name})
		out.Out = append(out.Out, c)
	}
	return out
}

// regroupedValue recognizes sq as one expression over aggregates of agg's input, each
// computed by agg too and combinable over its groups. It returns the window calls
// combining them (over agg's output) and sq's expression over their columns, numbered
// from 0; nil calls when sq has another shape.
func regroupedValue(sq *Subquery, agg *Aggregate) ([]WindowCall, Expr) {
	proj, ok := sq.Plan.(*Project)
	if !ok || len(proj.Exprs) != 1 || hasSubquery(proj.Exprs[0]) {
		return nil, nil
	}
	inner, ok := proj.Input.(*Aggregate)
	if !ok || len(inner.GroupBy) > 0 || inner.Sets != nil || !samePlan(inner.Input, agg.Input) {
		return nil, nil
	}
	calls := make([]WindowCall, len(inner.Aggs))
	for i, a := range inner.Aggs {
		if !combinable(a) {
			return nil, nil
		}
		j := slices.IndexFunc(agg.Aggs, func(b AggCall) bool {
			return b.Func == a.Func && combinable(b) && exprsEqual(a.Args, b.Args)
		})
		if j < 0 {
			return nil, nil
		}
		col := agg.Out[len(agg.GroupBy)+j]
		calls[i] = WindowCall{Func: a.Func, Args: []Expr{&ColRef{Idx: len(agg.GroupBy) + j, T: col.Type, Name: col.Name}},
			Frame: DefaultFrame, T: a.T}
	}
	return calls, proj.Exprs[0]
}

// combinable reports whether the aggregate's value over a set is the same aggregate of its
// values over the parts of the set.
func combinable(a AggCall) bool {
	if a.Distinct || a.Filter != nil || len(a.OrderBy) > 0 || len(a.Args) != 1 || len(a.Func.Args) != 1 {
		return false
	}
	switch a.Func.Name {
	case "min", "max":
		return true
	case "sum":
		arg := a.Func.Args[0]
		return arg == a.Func.Ret && (arg == types.Numeric || arg == types.Interval)
	}
	return false
}

// samePlan reports whether two bound plans compute the same rows the same way: the same
// scans, filters, joins and projections with equal expressions.
func samePlan(a, b Plan) bool {
	switch x := a.(type) {
	case *Scan:
		y, ok := b.(*Scan)
		return ok && x.Table == y.Table && slices.Equal(x.Cols, y.Cols) && x.Lookup == nil && y.Lookup == nil &&
			len(x.Bounds) == 0 && len(y.Bounds) == 0
	case *Filter:
		y, ok := b.(*Filter)
		return ok && !hasSubquery(x.Pred) && exprEqual(x.Pred, y.Pred) && samePlan(x.Input, y.Input)
	case *Join:
		y, ok := b.(*Join)
		return ok && x.Type == y.Type && !hasSubquery(x.Cond) && exprEqual(x.Cond, y.Cond) &&
			samePlan(x.Left, y.Left) && samePlan(x.Right, y.Right)
	case *Project:
		y, ok := b.(*Project)
		if !ok || len(x.Exprs) != len(y.Exprs) || !samePlan(x.Input, y.Input) {
			return false
		}
		for i := range x.Exprs {
			if hasSubquery(x.Exprs[i]) || !exprEqual(x.Exprs[i], y.Exprs[i]) {
				return false
			}
		}
		return true
	}
	return false
}

package planner

// Semi-join reduction of aggregates. A decorrelated aggregate subquery (TPC-H Q17's
// avg(l_quantity) per part, Q20's sum(l_quantity) per part and supplier) is computed for
// every group, and only then joined with the few rows of the outer query that want a
// value: Q17 averages the quantities of all 200,000 parts to use 200. When an inner join
// equates a group key of an aggregate with a column of a small other side, reduceAggregates
// filters the aggregate's input by a semi join with that other side first, so only the
// groups that can match are computed (the magic-set rewrite; DuckDB reaches the same end
// with join filters pushed into the aggregate's input). The other side is computed twice,
// so it must be cheap next to the input it reduces.

// reduceAggregates applies the reduction to every inner join, innermost first.
func (o *optimizer) reduceAggregates(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		j, ok := p.(*Join)
		if !ok || j.Type != InnerJoin {
			return p, nil
		}
		lw := len(j.Left.Columns())
		if n := o.reduceSide(j.Left, j.Right, conjuncts(j.Cond), lw, true); n != nil {
			return &Join{Type: j.Type, Left: n, Right: j.Right, Cond: j.Cond}, nil
		}
		if n := o.reduceSide(j.Right, j.Left, conjuncts(j.Cond), lw, false); n != nil {
			return &Join{Type: j.Type, Left: j.Left, Right: n, Cond: j.Cond}, nil
		}
		return p, nil
	})
}

// reduceSide returns agg (one input of a join, left when isLeft) with its aggregate's input
// semi-joined to other on the join's equalities between agg's group keys and other's
// columns, or nil when there are none or the reduction does not pay.
func (o *optimizer) reduceSide(agg, other Plan, conds []Expr, lw int, isLeft bool) Plan {
	a, proj := aggregateBelow(agg)
	if a == nil || len(a.GroupBy) == 0 || !cheapToRepeat(other) {
		return nil
	}
	inW := len(a.Input.Columns())
	var semi []Expr
	for _, c := range conds {
		lc, rc, ok := o.equiKey(c, lw)
		if !ok {
			continue
		}
		mine, theirs := lc, rc-lw
		if !isLeft {
			mine, theirs = rc-lw, lc
		}
		g := groupKeyColumn(a, proj, mine)
		if g < 0 {
			continue
		}
		call := c.(*Call)
		in := a.Input.Columns()[g]
		oc := other.Columns()[theirs]
		eq := o.equality(&ColRef{Idx: g, T: in.Type, Name: in.Name}, &ColRef{Idx: inW + theirs, T: oc.Type, Name: oc.Name})
		if eq == nil || eq.(*Call).Func != call.Func {
			continue
		}
		semi = append(semi, eq)
	}
	if len(semi) == 0 {
		return nil
	}
	reduced := &Join{Type: SemiJoin, Left: a.Input, Right: other, Cond: andAll(semi)}
	if o.rows(reduced) > 0.5*o.rows(a.Input) {
		return nil
	}
	var in Plan = reduced
	if q := o.pushSemiJoin(reduced); q != nil {
		in = q // onto the input of a join that the keys come from
	}
	na := &Aggregate{Input: in, GroupBy: a.GroupBy, Aggs: a.Aggs, Out: a.Out}
	if proj != nil {
		return &Project{Input: na, Exprs: proj.Exprs, Out: proj.Out}
	}
	return na
}

// aggregateBelow returns p as an aggregate, directly or under one projection.
func aggregateBelow(p Plan) (*Aggregate, *Project) {
	switch x := p.(type) {
	case *Aggregate:
		return x, nil
	case *Project:
		if a, ok := x.Input.(*Aggregate); ok {
			return a, x
		}
	}
	return nil, nil
}

// groupKeyColumn returns the input column of the aggregate that output column c of its
// plan (through proj, if any) is a group key of, or -1.
func groupKeyColumn(a *Aggregate, proj *Project, c int) int {
	if proj != nil {
		r, ok := proj.Exprs[c].(*ColRef)
		if !ok {
			return -1
		}
		c = r.Idx
	}
	if c >= len(a.GroupBy) {
		return -1
	}
	if r, ok := a.GroupBy[c].(*ColRef); ok {
		return r.Idx
	}
	return -1
}

// cheapToRepeat reports whether p may be computed a second time: it reads only scans,
// filters, projections and joins of them, no aggregates or subqueries.
func cheapToRepeat(p Plan) bool {
	switch x := p.(type) {
	case *Scan:
		return true
	case *Filter:
		return !hasSubquery(x.Pred) && cheapToRepeat(x.Input)
	case *Project:
		for _, e := range x.Exprs {
			if hasSubquery(e) {
				return false
			}
		}
		return cheapToRepeat(x.Input)
	case *Join:
		return !hasSubquery(x.Cond) && cheapToRepeat(x.Left) && cheapToRepeat(x.Right)
	}
	return false
}

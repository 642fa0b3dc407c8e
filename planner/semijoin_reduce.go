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
	if a == nil || len(a.GroupBy) == 0 || a.Sets != nil || !cheapToRepeat(other) {
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

// Semi-join reduction of semi and anti joins' build sides. A semi or anti join builds its
// hash table on its right input, all of it: TPC-H Q4 keeps the 57,000 orders of a quarter
// that have a late lineitem by hashing 3.8 million lineitems, Q22 the customers without
// orders by hashing all 1.5 million orders. When the left input is a small filtered scan,
// reduceSemiJoins first semi-joins the right input to the left's keys (a hash table of the
// few left keys, probed by the big side), so the join builds only the right rows that can
// match any left row. Whether a left row has a match cannot change: a right row that
// equals no left row on one of the condition's equalities satisfies the condition for none.
// The left input is computed twice, so it must be a scan with filters and projections.
func (o *optimizer) reduceSemiJoins(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		j, ok := p.(*Join)
		if !ok || (j.Type != SemiJoin && j.Type != AntiJoin) || !filteredScan(j.Left) || o.buildsLeft(j) {
			// A join hashing its (small) left input needs no reduced right one.
			return p, nil
		}
		lw, rw := len(j.Left.Columns()), len(j.Right.Columns())
		var semi []Expr
		for _, c := range conjuncts(j.Cond) {
			lc, rc, ok := o.equiKey(c, lw)
			if !ok {
				continue
			}
			lcol, rcol := j.Left.Columns()[lc], j.Right.Columns()[rc-lw]
			eq := o.equality(&ColRef{Idx: rc - lw, T: rcol.Type, Name: rcol.Name}, &ColRef{Idx: rw + lc, T: lcol.Type, Name: lcol.Name})
			if eq == nil || eq.(*Call).Func != c.(*Call).Func {
				continue
			}
			semi = append(semi, eq)
		}
		if len(semi) == 0 {
			return p, nil
		}
		reduced := &Join{Type: SemiJoin, Left: j.Right, Right: j.Left, Cond: andAll(semi)}
		if o.rows(reduced) > 0.5*o.rows(j.Right) {
			return p, nil
		}
		return &Join{Type: j.Type, Left: j.Left, Right: reduced, Cond: j.Cond}, nil
	})
}

// filteredScan reports whether p is a scan under filters and projections only, without
// subqueries: cheap to compute twice.
func filteredScan(p Plan) bool {
	switch x := p.(type) {
	case *Scan:
		return true
	case *Filter:
		return !hasSubquery(x.Pred) && filteredScan(x.Input)
	case *Project:
		return cheapToRepeat(x) && filteredScan(x.Input)
	}
	return false
}

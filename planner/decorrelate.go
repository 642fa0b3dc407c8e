package planner

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// Decorrelation turns correlated subqueries into joins, so that they run as one hash join
// instead of once per outer row:
//
//	WHERE EXISTS (SELECT .. FROM X WHERE corr AND rest)      semi join X' on corr
//	WHERE NOT EXISTS (...)                                   anti join X' on corr
//	WHERE a IN (SELECT e FROM X WHERE corr AND rest)         semi join X' on a = e AND corr
//	WHERE a NOT IN (SELECT e FROM X WHERE corr AND rest)     anti join X' on
//	                                                         (a = e OR a IS NULL OR e IS NULL) AND corr
//	(SELECT f(agg(..)) FROM X WHERE o1 = i1 AND .. AND rest) left join (X' grouped by i1..) on o1 = i1 ..
//
// where X' is X filtered by the uncorrelated conjuncts. The NOT IN form is exact for a
// WHERE conjunct, where NULL counts as false: an outer row survives only when no subquery
// row of its correlation group equals it, and neither it nor any of those rows is NULL,
// or when the group is empty. The scalar form groups the subquery by its correlation keys;
// an outer row without a group gets the value the subquery has over no rows (count() is 0,
// other aggregates NULL), computed by substituting those values into the select list.
//
// Subqueries of other shapes (correlation under OR, in the select list of an EXISTS with
// aggregates, non-equality correlation of an aggregate, LIMIT ..) stay correlated and are
// evaluated per row by the executor.

// decorrelate rewrites the correlated subqueries of Filters and Projects into joins.
func (o *optimizer) decorrelate(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		switch x := p.(type) {
		case *Filter:
			return o.decorrelateFilter(x)
		case *Project:
			return o.decorrelateProject(x)
		case *LateralJoin:
			return o.decorrelateLateral(x)
		}
		return p, nil
	})
}

func (o *optimizer) decorrelateFilter(f *Filter) (Plan, error) {
	if !anyCorrelated(f.Pred) && !hasUncorrelatedIn(f.Pred) {
		return f, nil
	}
	input := f.Input
	width := len(input.Columns())
	var keep []Expr
	for _, c := range conjuncts(f.Pred) {
		sq, not := asSubqueryPredicate(c)
		if sq != nil && !sq.Correlated && sq.Kind == InSubquery && !not {
			j, err := o.inJoin(input, sq)
			if err != nil {
				return nil, err
			}
			if j != nil {
				input = j
				continue
			}
		}
		if sq != nil && sq.Correlated && (sq.Kind == ExistsSubquery || sq.Kind == InSubquery) {
			j, err := o.subqueryJoin(input, sq, not)
			if err != nil {
				return nil, err
			}
			if j != nil {
				input = j
				continue
			}
		}
		keep = append(keep, c)
	}
	keep, input, err := o.liftScalars(keep, input)
	if err != nil {
		return nil, err
	}
	var out Plan = input
	if len(keep) > 0 {
		out = &Filter{Input: input, Pred: andAll(keep)}
	}
	return narrow(out, width), nil
}

func (o *optimizer) decorrelateProject(p *Project) (Plan, error) {
	found := false
	for _, e := range p.Exprs {
		found = found || anyCorrelated(e)
	}
	if !found {
		return p, nil
	}
	exprs, input, err := o.liftScalars(p.Exprs, p.Input)
	if err != nil {
		return nil, err
	}
	return &Project{Input: input, Exprs: exprs, Out: p.Out}, nil
}

// narrow projects p to its first width columns when it has more.
func narrow(p Plan, width int) Plan {
	cols := p.Columns()
	if len(cols) == width {
		return p
	}
	proj := &Project{Input: p, Out: cols[:width:width]}
	for i, c := range cols[:width] {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
	}
	return proj
}

// hasUncorrelatedIn reports whether a conjunct of e is an uncorrelated x IN (subquery).
func hasUncorrelatedIn(e Expr) bool {
	for _, c := range conjuncts(e) {
		if sq, not := asSubqueryPredicate(c); sq != nil && !sq.Correlated && sq.Kind == InSubquery && !not {
			return true
		}
	}
	return false
}

// inJoin turns an uncorrelated WHERE x IN (subquery) into a semi join of input with the
// subquery on x = its column, which the optimizer can then place and order like any join
// (instead of filtering after every join); nil when x cannot be compared so.
func (o *optimizer) inJoin(input Plan, sq *Subquery) (Plan, error) {
	if hasSubquery(sq.Arg) || planEscapes(sq.Plan) {
		return nil, nil
	}
	lw := len(input.Columns())
	c := sq.Plan.Columns()[0]
	eq := o.equality(sq.Arg, &ColRef{Idx: lw, T: c.Type, Name: c.Name})
	if eq == nil {
		return nil, nil
	}
	// The subquery's plan joins this plan, whose earlier rules have run already.
	body, err := o.foldConstants(sq.Plan)
	if err != nil {
		return nil, err
	}
	if body, err = o.factorOrs(body); err != nil {
		return nil, err
	}
	if body, err = o.decorrelate(body); err != nil {
		return nil, err
	}
	return &Join{Type: SemiJoin, Left: input, Right: body, Cond: eq}, nil
}

func anyCorrelated(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if sq, ok := e.(*Subquery); ok && sq.Correlated {
			found = true
		}
	})
	return found
}

// asSubqueryPredicate recognizes [NOT] EXISTS and [NOT] IN as a whole conjunct.
func asSubqueryPredicate(e Expr) (sq *Subquery, not bool) {
	if b, ok := e.(*BoolExpr); ok && b.Op == Not {
		if s, ok := b.Args[0].(*Subquery); ok {
			return s, !s.Not
		}
		return nil, false
	}
	if s, ok := e.(*Subquery); ok {
		return s, s.Not
	}
	return nil, false
}

// subqueryJoin turns a correlated EXISTS or IN conjunct into a semi (anti, for not) join of
// input; it returns nil when the subquery's shape does not allow it.
func (o *optimizer) subqueryJoin(input Plan, sq *Subquery, not bool) (Plan, error) {
	body := sq.Plan
	var target Expr // IN: the compared column, over body
	if sq.Kind == InSubquery {
		c := body.Columns()[0]
		target = &ColRef{Idx: 0, T: c.Type, Name: c.Name}
	}
	// Peel what does not change the set of values tested.
	for done := false; !done; {
		switch x := body.(type) {
		case *Sort:
			body = x.Input
		case *Distinct:
			if len(x.On) > 0 {
				return nil, nil // which rows survive depends on columns not tested
			}
			body = x.Input
		case *Limit:
			c, ok := x.Count.(*Const)
			if sq.Kind != ExistsSubquery || x.Offset != nil || !ok || !positive(c) {
				return nil, nil
			}
			body = x.Input
		case *Project:
			if target != nil {
				target = substitute(target, x.Exprs)
			}
			body = x.Input
		default:
			done = true
		}
	}
	corr, rest := splitCorrelated(body)
	if corr == nil {
		return nil, nil
	}
	inner := rest
	if planEscapes(inner) || target != nil && (hasSubquery(target) || !directOuterOnly(target)) {
		return nil, nil
	}
	var err error
	if inner, err = o.decorrelate(inner); err != nil {
		return nil, err
	}
	lw := len(input.Columns())
	conds := make([]Expr, 0, len(corr)+1)
	if target != nil {
		arg := sq.Arg
		t := joinSide(target, lw)
		eq := o.equality(arg, t)
		if eq == nil {
			return nil, nil
		}
		if not {
			eq = &BoolExpr{Op: Or, Args: []Expr{eq, &NullTest{Arg: arg}, &NullTest{Arg: t}}}
		}
		conds = append(conds, eq)
	}
	for _, c := range corr {
		conds = append(conds, joinSide(c, lw))
	}
	jt := SemiJoin
	if not {
		jt = AntiJoin
	}
	return &Join{Type: jt, Left: input, Right: inner, Cond: andAll(conds)}, nil
}

func positive(c *Const) bool {
	switch v := c.Value.(type) {
	case *scalar.Int64:
		return v.Valid && v.Value > 0
	case *scalar.Int32:
		return v.Valid && v.Value > 0
	}
	return false
}

// splitCorrelated takes the conjuncts reading the outer row directly off the top Filter of
// a subquery body. It returns nil conjuncts when the correlation is elsewhere (deeper in
// the plan, or inside a nested subquery), and the body without them.
func splitCorrelated(body Plan) (corr []Expr, rest Plan) {
	f, ok := body.(*Filter)
	if !ok {
		return nil, body
	}
	var keep []Expr
	for _, c := range conjuncts(f.Pred) {
		if hasDirectOuter(c) {
			if hasSubquery(c) || !directOuterOnly(c) {
				return nil, body
			}
			corr = append(corr, c)
		} else {
			keep = append(keep, c)
		}
	}
	if corr == nil {
		return nil, body
	}
	rest = f.Input
	if len(keep) > 0 {
		rest = &Filter{Input: f.Input, Pred: andAll(keep)}
	}
	return corr, rest
}

// hasDirectOuter reports whether e reads the outer row itself (not through a subquery).
func hasDirectOuter(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if r, ok := e.(*OuterRef); ok && r.Level == 1 {
			found = true
		}
	})
	return found
}

// directOuterOnly reports whether every outer reference of e is to the row one level out.
func directOuterOnly(e Expr) bool {
	ok := true
	walkExpr(e, func(e Expr) {
		if r, is := e.(*OuterRef); is && r.Level != 1 {
			ok = false
		}
	})
	return ok
}

// joinSide rewrites an expression over a subquery's body and the outer row into one over
// the join of the outer input (lw columns) and the body.
func joinSide(e Expr, lw int) Expr {
	e = remapColumns(e, func(i int) int { return i + lw })
	return deepMapExpr(e, func(e Expr) Expr {
		if r, ok := e.(*OuterRef); ok && r.Level == 1 {
			return &ColRef{Idx: r.Idx, T: r.T, Name: r.Name, Rel: r.Rel}
		}
		return e
	})
}

// substitute replaces ColRef i of e with exprs[i].
func substitute(e Expr, exprs []Expr) Expr {
	return deepMapExpr(e, func(e Expr) Expr {
		if c, ok := e.(*ColRef); ok {
			return exprs[c.Idx]
		}
		return e
	})
}

// equality returns l = r with the "=" operator of their (common) type, or nil.
func (o *optimizer) equality(l, r Expr) Expr {
	lt, rt := l.Type(), r.Type()
	for _, op := range o.reg.Operators("=") {
		if op.Left == lt.OID && op.Right == rt.OID {
			return &Call{Func: op.Func, Args: []Expr{l, r}, T: types.TBool}
		}
	}
	return nil
}

// liftScalars replaces the correlated scalar subqueries with aggregates in exprs (over
// input) by columns of left joins added to input. The new input keeps input's columns
// first.
func (o *optimizer) liftScalars(exprs []Expr, input Plan) ([]Expr, Plan, error) {
	out := make([]Expr, len(exprs))
	var err error
	for i, e := range exprs {
		out[i] = deepMapExpr(e, func(e Expr) Expr {
			sq, ok := e.(*Subquery)
			if !ok || err != nil || !sq.Correlated || sq.Kind != ScalarSubquery {
				return e
			}
			var r Expr
			var j Plan
			r, j, err = o.liftScalar(sq, input)
			if r == nil {
				return e
			}
			input = j
			return r
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, input, nil
}

// liftScalar decorrelates one scalar aggregate subquery: it returns the expression standing
// for its value and the input joined with the grouped subquery, or nil when the subquery's
// shape does not allow it.
func (o *optimizer) liftScalar(sq *Subquery, input Plan) (Expr, Plan, error) {
	proj, ok := sq.Plan.(*Project)
	if !ok || len(proj.Exprs) != 1 {
		return nil, nil, nil
	}
	agg, ok := proj.Input.(*Aggregate)
	if !ok || len(agg.GroupBy) > 0 || agg.Sets != nil || planEscapes(&Project{Input: &Values{}, Exprs: proj.Exprs}) {
		return nil, nil, nil
	}
	corr, rest := splitCorrelated(agg.Input)
	if corr == nil || planEscapes(rest) {
		return nil, nil, nil
	}
	for _, a := range agg.Aggs {
		for _, e := range append(append([]Expr(nil), a.Args...), a.Filter) {
			if e != nil && hasDirectOuter(e) {
				return nil, nil, nil
			}
		}
	}
	// Every correlated conjunct must be inner = outer: the inner sides become group keys.
	type key struct {
		call       *Call
		innerFirst bool
	}
	keys := make([]key, len(corr))
	for i, c := range corr {
		call, ok := c.(*Call)
		if !ok || !o.eqFuncs[call.Func] || len(call.Args) != 2 {
			return nil, nil, nil
		}
		a, b := call.Args[0], call.Args[1]
		switch {
		case innerOnly(a) && outerOnly(b):
			keys[i] = key{call, true}
		case outerOnly(a) && innerOnly(b):
			keys[i] = key{call, false}
		default:
			return nil, nil, nil
		}
	}
	inner, err := o.decorrelate(rest)
	if err != nil {
		return nil, nil, err
	}
	n := len(keys)
	grouped := &Aggregate{Input: inner, Aggs: agg.Aggs}
	for i, k := range keys {
		ie := k.call.Args[1]
		if k.innerFirst {
			ie = k.call.Args[0]
		}
		grouped.GroupBy = append(grouped.GroupBy, ie)
		grouped.Out = append(grouped.Out, Column{Name: "key" + strconv.Itoa(i), Type: ie.Type()})
	}
	grouped.Out = append(grouped.Out, agg.Out...)
	// Right side: the keys, a marker that is never NULL, and the subquery's value.
	right := &Project{Input: grouped}
	for i := 0; i < n; i++ {
		c := grouped.Out[i]
		right.Exprs = append(right.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		right.Out = append(right.Out, c)
	}
	value := remapColumns(proj.Exprs[0], func(i int) int { return i + n })
	right.Exprs = append(right.Exprs, boolConst(true), value)
	right.Out = append(right.Out, Column{Name: "matched", Type: types.TBool}, Column{Name: proj.Out[0].Name, Type: sq.T})

	lw := len(input.Columns())
	conds := make([]Expr, n)
	for i, k := range keys {
		args := make([]Expr, 2)
		rk := &ColRef{Idx: lw + i, T: grouped.Out[i].Type, Name: grouped.Out[i].Name}
		if k.innerFirst {
			args[0], args[1] = rk, joinSide(k.call.Args[1], lw)
		} else {
			args[0], args[1] = joinSide(k.call.Args[0], lw), rk
		}
		conds[i] = &Call{Func: k.call.Func, Args: args, T: k.call.T}
	}
	join := &Join{Type: LeftJoin, Left: input, Right: right, Cond: andAll(conds)}
	result := Expr(&ColRef{Idx: lw + n + 1, T: sq.T, Name: proj.Out[0].Name})
	// Over no rows the aggregates give their empty values: count() 0, the others NULL.
	empty := deepMapExpr(proj.Exprs[0], func(e Expr) Expr {
		c, ok := e.(*ColRef)
		if !ok {
			return e
		}
		if a := agg.Aggs[c.Idx]; a.Func.Name == "count" {
			return &Const{Value: scalar.NewInt64Scalar(0), T: a.T}
		}
		return nullConst(c.T)
	})
	empty = o.fold(empty)
	if k, ok := empty.(*Const); !ok || k.Value.IsValid() {
		marker := &ColRef{Idx: lw + n, T: types.TBool, Name: "matched"}
		result = &Case{Whens: []When{{Cond: &NullTest{Arg: marker}, Result: empty}}, Else: result, T: sq.T}
	}
	return result, join, nil
}

// innerOnly reports whether e reads only the subquery's own columns.
func innerOnly(e Expr) bool {
	ok := true
	walkExpr(e, func(e Expr) {
		switch e.(type) {
		case *OuterRef, *Subquery:
			ok = false
		}
	})
	return ok
}

// outerOnly reports whether e reads only the outer row (and reads it).
func outerOnly(e Expr) bool {
	ok, seen := true, false
	walkExpr(e, func(e Expr) {
		switch x := e.(type) {
		case *ColRef, *Subquery:
			ok = false
		case *OuterRef:
			seen = true
			ok = ok && x.Level == 1
		}
	})
	return ok && seen
}

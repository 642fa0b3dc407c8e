package planner

import "github.com/pgfast/pgfast/catalog"

// OR of ANDs. A predicate such as TPC-H Q19's
//
//	(p_partkey = l_partkey AND p_brand = 'A' AND l_quantity <= 11) OR
//	(p_partkey = l_partkey AND p_brand = 'B' AND l_quantity <= 20)
//
// hides its join key inside the disjunction, which leaves a nested loop over the whole
// cross product. Two rewrites, both PostgreSQL's, expose what it implies:
//
//   - factorOrExpr pulls the conjuncts every disjunct shares out of the OR
//     (prepqual.c's process_duplicate_ors): (k AND a) OR (k AND b) is k AND (a OR b), so
//     p_partkey = l_partkey becomes a hash-join key;
//   - sideRestriction derives, for one input of a join, the OR of each disjunct's conjuncts
//     that read only that input (orclauses.c's extract_restriction_or_clauses): it is
//     implied by the whole OR, so it filters that input early while the OR itself stays as
//     the join's residual condition.
//
// Only deterministic conjuncts without subqueries are moved or duplicated.

// factorOrExpr rewrites every OR in e, innermost first.
func (o *optimizer) factorOrExpr(e Expr) Expr {
	if e == nil {
		return nil
	}
	e = mapChildren(e, o.factorOrExpr)
	b, ok := e.(*BoolExpr)
	if !ok || b.Op != Or {
		return e
	}
	var arms [][]Expr
	for _, a := range disjuncts(b) {
		arms = append(arms, conjuncts(a))
	}
	var common []Expr
	for _, c := range arms[0] {
		if !movable(c) {
			continue
		}
		inAll := true
		for _, arm := range arms[1:] {
			if o.indexOfExpr(arm, c) < 0 {
				inAll = false
				break
			}
		}
		if inAll && o.indexOfExpr(common, c) < 0 {
			common = append(common, c)
		}
	}
	if len(common) == 0 {
		return e
	}
	var rest []Expr
	for _, arm := range arms {
		var left []Expr
		for _, c := range arm {
			if o.indexOfExpr(common, c) < 0 {
				left = append(left, c)
			}
		}
		if len(left) == 0 {
			// (k) OR (k AND b) is k.
			return andAll(common)
		}
		rest = append(rest, andAll(left))
	}
	return andAll(append(common, &BoolExpr{Op: Or, Args: rest}))
}

// disjuncts flattens nested ORs.
func disjuncts(e Expr) []Expr {
	if b, ok := e.(*BoolExpr); ok && b.Op == Or {
		var out []Expr
		for _, a := range b.Args {
			out = append(out, disjuncts(a)...)
		}
		return out
	}
	return []Expr{e}
}

// indexOfExpr finds an expression the same as e in es (sameCondition), or -1.
func (o *optimizer) indexOfExpr(es []Expr, e Expr) int {
	for i, x := range es {
		if o.sameCondition(x, e) {
			return i
		}
	}
	return -1
}

// sameCondition reports whether a and b are the same expression, taking a = b and b = a as
// one condition.
func (o *optimizer) sameCondition(a, b Expr) bool {
	if exprEqual(a, b) {
		return true
	}
	x, ok1 := a.(*Call)
	y, ok2 := b.(*Call)
	return ok1 && ok2 && o.eqFuncs[x.Func] && x.Func == y.Func && len(x.Args) == 2 && len(y.Args) == 2 &&
		exprEqual(x.Args[0], y.Args[1]) && exprEqual(x.Args[1], y.Args[0])
}

// movable reports whether e may be evaluated more or fewer times, or elsewhere, without
// changing the result: no subqueries and no volatile functions.
func movable(e Expr) bool {
	ok := true
	walkExpr(e, func(e Expr) {
		switch x := e.(type) {
		case *Subquery:
			ok = false
		case *Call:
			if x.Func.Volatility == catalog.Volatile {
				ok = false
			}
		}
	})
	return ok
}

// sideRestriction derives from an OR over a join's concatenated row (lw left columns) the
// restriction it implies on one input (want 1: left, 2: right), or nil when some disjunct
// restricts that input in no way. The result is over the join's row; callers remap it.
func sideRestriction(e Expr, lw int, want int) Expr {
	b, ok := e.(*BoolExpr)
	if !ok || b.Op != Or || !movable(e) {
		return nil
	}
	var arms []Expr
	for _, d := range disjuncts(b) {
		var mine []Expr
		for _, c := range conjuncts(d) {
			if side(c, lw) == want {
				mine = append(mine, c)
			}
		}
		if len(mine) == 0 {
			return nil
		}
		arms = append(arms, andAll(mine))
	}
	return &BoolExpr{Op: Or, Args: arms}
}

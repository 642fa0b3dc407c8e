package planner

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
)

// Rule is one named rewrite of a plan tree. Rules run in order, once each, bottom-up through
// Apply's own recursion; each must preserve the plan's output columns exactly.
type Rule struct {
	Name  string
	Apply func(o *optimizer, p Plan) (Plan, error)
}

// optimizer holds what rules need to know beyond the plan.
type optimizer struct {
	// eqFuncs are the functions implementing "=" operators: conjuncts calling one with an
	// argument from each side of a join become hash-join keys.
	eqFuncs map[*catalog.Func]bool
	info    *regInfo
	reg     *catalog.Registry
	// stats supplies table statistics (nil: none, estimates use defaults); est memoizes
	// the estimates of plan nodes (cardinality.go) and tables the statistics fetched.
	stats  StatsSource
	est    map[Plan]*relEst
	cteEst map[int]*relEst
	tables map[*catalog.TableDef]*stats.Table
}

// StatsSource supplies the statistics of stored tables, for cardinality estimates. It
// returns nil for a table it knows nothing about.
type StatsSource interface {
	TableStats(def *catalog.TableDef) *stats.Table
}

// LookupPreferrer is a StatsSource for a statement that should find rows through a unique
// index even where reading the whole table costs less: one of a SERIALIZABLE transaction,
// whose commit is checked against the rows and keys it looked up but against any change
// to a table it scanned (package storage's ssi.go), as PostgreSQL's sequential scans lock
// the whole relation.
type LookupPreferrer interface {
	PreferLookups() bool
}

// RowCounter is a StatsSource that can also count a table's rows cheaply, without its
// column statistics; ok is false when it cannot.
type RowCounter interface {
	TableRows(def *catalog.TableDef) (rows float64, ok bool)
}

// Rules is the ordered list of rewrites Optimize applies.
var Rules = []Rule{
	{Name: "reaggregate_subqueries", Apply: (*optimizer).reaggregateSubqueries},
	{Name: "fold_constants", Apply: (*optimizer).foldConstants},
	{Name: "factor_ors", Apply: (*optimizer).factorOrs},
	{Name: "window_subqueries", Apply: (*optimizer).windowSubqueries},
	{Name: "decorrelate_subqueries", Apply: (*optimizer).decorrelate},
	{Name: "fold_decorrelated", Apply: (*optimizer).foldConstants},
	{Name: "push_down_filters", Apply: (*optimizer).pushDownFilters},
	{Name: "reorder_joins", Apply: (*optimizer).reorderJoins},
	{Name: "reduce_aggregates", Apply: (*optimizer).reduceAggregates},
	{Name: "reduce_semi_joins", Apply: (*optimizer).reduceSemiJoins},
	{Name: "choose_join_algorithms", Apply: (*optimizer).chooseJoins},
	{Name: "prune_columns", Apply: (*optimizer).pruneColumns},
	{Name: "bound_scans", Apply: (*optimizer).boundScans},
	{Name: "lookup_by_index", Apply: (*optimizer).lookupByIndex},
}

// Optimize rewrites a bound plan into the physical plan the executor runs, with estimates
// from src (nil: default estimates).
func Optimize(p Plan, reg *catalog.Registry, src StatsSource) (Plan, error) {
	o := newOptimizer(reg, src)
	var err error
	for _, r := range Rules {
		if p, err = r.Apply(o, p); err != nil {
			return nil, err
		}
	}
	// Subqueries inside expressions are plans of their own.
	return transformUp(p, func(p Plan) (Plan, error) {
		var serr error
		p = mapPlanExprs(p, func(e Expr) Expr {
			return deepMapExpr(e, func(e Expr) Expr {
				sq, ok := e.(*Subquery)
				if !ok || serr != nil {
					return e
				}
				n := *sq
				n.Plan, serr = Optimize(sq.Plan, reg, src)
				return &n
			})
		})
		return p, serr
	})
}

func newOptimizer(reg *catalog.Registry, src StatsSource) *optimizer {
	info := registryInfo(reg)
	return &optimizer{eqFuncs: info.eqFuncs, info: info, reg: reg, stats: src,
		est: map[Plan]*relEst{}, cteEst: map[int]*relEst{}, tables: map[*catalog.TableDef]*stats.Table{}}
}

// transformUp applies fn to every node, children first.
func transformUp(p Plan, fn func(Plan) (Plan, error)) (Plan, error) {
	kids := p.Children()
	if len(kids) > 0 {
		nk := make([]Plan, len(kids))
		changed := false
		for i, k := range kids {
			n, err := transformUp(k, fn)
			if err != nil {
				return nil, err
			}
			nk[i] = n
			changed = changed || n != k
		}
		if changed {
			p = p.WithChildren(nk)
		}
	}
	return fn(p)
}

// conjuncts splits an AND tree into its terms.
func conjuncts(e Expr) []Expr {
	if e == nil {
		return nil
	}
	if b, ok := e.(*BoolExpr); ok && b.Op == And {
		var out []Expr
		for _, a := range b.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []Expr{e}
}

// side classifies the columns an expression reads relative to a join with lw left columns:
// 0 none, 1 left only, 2 right only, 3 both.
func side(e Expr, lw int) int {
	s := 0
	for c := range columnsUsed(e) {
		if c < lw {
			s |= 1
		} else {
			s |= 2
		}
	}
	return s
}

// hasSubquery reports whether e contains a subquery; such predicates stay where they are.
func hasSubquery(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if _, ok := e.(*Subquery); ok {
			found = true
		}
	})
	return found
}

// staysPut reports whether a predicate stays where it is: it holds a correlated subquery,
// whose outer references are to the row of the node holding it, or a set a subquery
// computes ([NOT] IN, EXISTS), which may cost more to probe than the joins below would
// save. An uncorrelated scalar subquery is a value computed once per statement, so a
// comparison with it moves like any other (TPC-H Q22 compares c_acctbal with an average
// over customers: the comparison filters the customers before their anti join with
// orders, not after).
func staysPut(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if sq, ok := e.(*Subquery); ok && (sq.Correlated || sq.Kind != ScalarSubquery || planEscapes(sq.Plan)) {
			found = true
		}
	})
	return found
}

// pushDownFilters moves WHERE and ON conjuncts as close to the scans as join semantics allow.
func (o *optimizer) pushDownFilters(p Plan) (Plan, error) {
	var push func(p Plan, preds []Expr) Plan
	wrap := func(p Plan, preds []Expr) Plan {
		if len(preds) == 0 {
			return p
		}
		return &Filter{Input: p, Pred: andAll(preds)}
	}
	push = func(p Plan, preds []Expr) Plan {
		switch x := p.(type) {
		case *Filter:
			return push(x.Input, append(conjuncts(x.Pred), preds...))
		case *Join:
			lw := len(x.Left.Columns())
			x = reduceOuterJoin(x, preds, lw)
			var toLeft, toRight, keep, cond []Expr
			for _, c := range conjuncts(x.Cond) {
				s := side(c, lw)
				switch {
				case staysPut(c):
					cond = append(cond, c)
				case s == 1 && (x.Type == InnerJoin || x.Type == RightJoin || x.Type == SemiJoin):
					toLeft = append(toLeft, c)
				case s == 2 && (x.Type == InnerJoin || x.Type == LeftJoin || x.Type == SemiJoin || x.Type == AntiJoin):
					toRight = append(toRight, remapColumns(c, func(i int) int { return i - lw }))
				default:
					cond = append(cond, c)
				}
			}
			for _, c := range preds {
				s := side(c, lw)
				switch {
				case staysPut(c):
					keep = append(keep, c)
				case s == 1 && (x.Type == InnerJoin || x.Type == LeftJoin || x.Type == SemiJoin || x.Type == AntiJoin):
					toLeft = append(toLeft, c)
				case s == 2 && (x.Type == InnerJoin || x.Type == RightJoin):
					toRight = append(toRight, remapColumns(c, func(i int) int { return i - lw }))
				case x.Type == InnerJoin && s == 3:
					cond = append(cond, c)
				default:
					keep = append(keep, c)
				}
			}
			if x.Type == InnerJoin {
				for _, c := range cond {
					if r := sideRestriction(c, lw, 1); r != nil {
						toLeft = append(toLeft, r)
					}
					if r := sideRestriction(c, lw, 2); r != nil {
						toRight = append(toRight, remapColumns(r, func(i int) int { return i - lw }))
					}
				}
			}
			j := &Join{Type: x.Type, Left: push(x.Left, toLeft), Right: push(x.Right, toRight), Cond: andAll(cond)}
			return wrap(j, keep)
		case *ProjectSet:
			// Conjuncts over the input's columns filter input rows before the functions run
			// (each output row repeats its input row's values).
			nIn := len(x.Input.Columns())
			var down, keep []Expr
			for _, c := range preds {
				if s := side(c, nIn); s == 1 && !staysPut(c) {
					down = append(down, c)
				} else {
					keep = append(keep, c)
				}
			}
			return wrap(x.WithChildren([]Plan{push(x.Input, down)}), keep)
		case *LateralJoin:
			// Conjuncts over the left items' columns filter their rows before the subquery
			// runs for them, for an inner as for a left lateral join.
			nIn := len(x.Input.Columns())
			var down, keep []Expr
			for _, c := range preds {
				if s := side(c, nIn); s == 1 && !staysPut(c) {
					down = append(down, c)
				} else {
					keep = append(keep, c)
				}
			}
			return wrap(x.WithChildren([]Plan{push(x.Input, down)}), keep)
		default:
			kids := p.Children()
			if len(kids) > 0 {
				nk := make([]Plan, len(kids))
				for i, k := range kids {
					nk[i] = push(k, nil)
				}
				p = p.WithChildren(nk)
			}
			return wrap(p, preds)
		}
	}
	return push(p, nil), nil
}

// chooseJoins replaces logical joins with hash joins on their equality conjuncts, or nested
// loops when there are none.
func (o *optimizer) chooseJoins(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		j, ok := p.(*Join)
		if !ok {
			return p, nil
		}
		lw := len(j.Left.Columns())
		var lk, rk, residual []Expr
		for _, c := range conjuncts(j.Cond) {
			if call, ok := c.(*Call); ok && o.eqFuncs[call.Func] && len(call.Args) == 2 && !hasSubquery(c) {
				a, b := call.Args[0], call.Args[1]
				sa, sb := side(a, lw), side(b, lw)
				if sa == 2 && sb == 1 {
					a, b, sa, sb = b, a, sb, sa
				}
				if sa == 1 && sb == 2 {
					lk = append(lk, a)
					rk = append(rk, remapColumns(b, func(i int) int { return i - lw }))
					continue
				}
			}
			residual = append(residual, c)
		}
		if len(lk) == 0 {
			return &NestedLoopJoin{Type: j.Type, Left: j.Left, Right: j.Right, Cond: j.Cond}, nil
		}
		return &HashJoin{Type: j.Type, Left: j.Left, Right: j.Right, LeftKeys: lk, RightKeys: rk,
			Residual: andAll(residual), BuildLeft: o.buildsLeft(j)}, nil
	})
}

// buildsLeft reports whether a semi or anti join should hash its left input and stream
// its right one past it: when the left is the smaller by far. Building costs about twice
// as much per row as probing, so hashing the smaller side always pays; the margin keeps
// the plan stable where the estimates are close.
func (o *optimizer) buildsLeft(j *Join) bool {
	if j.Type != SemiJoin && j.Type != AntiJoin {
		return false
	}
	return 2*o.rows(j.Left) < o.rows(j.Right)
}

// factorOrs pulls the conjuncts shared by every arm of an OR out of it, in WHERE and JOIN
// conditions (or_factor.go).
func (o *optimizer) factorOrs(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		switch x := p.(type) {
		case *Filter:
			return &Filter{Input: x.Input, Pred: o.factorOrExpr(x.Pred)}, nil
		case *Join:
			n := *x
			n.Cond = o.factorOrExpr(x.Cond)
			return &n, nil
		}
		return p, nil
	})
}

// reduceOuterJoin turns an outer join into an inner one (a full join into a one-sided
// one) when a predicate applied above it rejects the NULL rows the join would add, as
// PostgreSQL's reduce_outer_joins does: WHERE t.x = 1 over a LEFT JOIN t keeps no row with
// t's columns NULL, so it might as well be an inner join, which can then be reordered.
func reduceOuterJoin(j *Join, preds []Expr, lw int) *Join {
	t := j.Type
	if t != LeftJoin && t != RightJoin && t != FullJoin {
		return j
	}
	width := lw + len(j.Right.Columns())
	rightNull := func(c int) bool { return c >= lw }
	leftNull := func(c int) bool { return c < lw }
	rejectsRight, rejectsLeft := false, false
	for _, p := range preds {
		rejectsRight = rejectsRight || nullRejecting(p, rightNull, width)
		rejectsLeft = rejectsLeft || nullRejecting(p, leftNull, width)
	}
	// A left join adds rows with the right columns NULL for unmatched left rows, a right
	// join the reverse; rejecting those rows drops that side's preservation.
	keepLeft := (t == LeftJoin || t == FullJoin) && !rejectsRight
	keepRight := (t == RightJoin || t == FullJoin) && !rejectsLeft
	switch {
	case keepLeft && keepRight:
		t = FullJoin
	case keepLeft:
		t = LeftJoin
	case keepRight:
		t = RightJoin
	default:
		t = InnerJoin
	}
	if t == j.Type {
		return j
	}
	n := *j
	n.Type = t
	return &n
}

// nullRejecting reports whether e is NULL or false whenever the columns in nulled are NULL:
// a strict operator over such a column, an AND with such a conjunct, an OR of such
// disjuncts, IS NOT NULL of such a column.
func nullRejecting(e Expr, nulled func(int) bool, width int) bool {
	switch x := e.(type) {
	case *BoolExpr:
		switch x.Op {
		case And:
			for _, a := range x.Args {
				if nullRejecting(a, nulled, width) {
					return true
				}
			}
		case Or:
			for _, a := range x.Args {
				if !nullRejecting(a, nulled, width) {
					return false
				}
			}
			return len(x.Args) > 0
		}
		return false
	case *NullTest:
		return x.Not && strictIn(x.Arg, nulled, width)
	case *Call:
		return x.Func.Strict && strictIn(x, nulled, width)
	case *InList:
		return !x.Not && strictIn(x.Arg, nulled, width)
	}
	return false
}

// strictIn reports whether e is NULL whenever the columns in nulled are NULL: such a
// column, or a strict function or cast of an expression that is.
func strictIn(e Expr, nulled func(int) bool, width int) bool {
	switch x := e.(type) {
	case *ColRef:
		return x.Idx < width && nulled(x.Idx)
	case *Cast:
		return strictIn(x.Arg, nulled, width)
	case *Call:
		if !x.Func.Strict {
			return false
		}
		for _, a := range x.Args {
			if strictIn(a, nulled, width) {
				return true
			}
		}
	}
	return false
}

package planner

import (
	"fmt"
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// aggPlaceholder stands for the k-th aggregate of the SELECT being bound until the
// aggregate's output column is known. It never leaves the binder.
type aggPlaceholder struct {
	k int
	t types.T
}

func (*aggPlaceholder) exprNode() {}

func (a *aggPlaceholder) Type() types.T { return a.t }

func (a *aggPlaceholder) String() string { return "agg#" + strconv.Itoa(a.k) }

// aggCollector gathers the aggregate calls of one SELECT.
type aggCollector struct {
	calls []AggCall
	// groupings are the GROUPING(...) calls, resolved once GROUP BY is bound.
	groupings []groupingCall
	// inAgg is set while binding an aggregate's arguments: nested aggregates are errors.
	inAgg bool
	// recursiveTerm is set for the recursive term of WITH RECURSIVE, where aggregates are
	// not allowed.
	recursiveTerm bool
}

// aggKey identifies an aggregate call by what it computes.
func aggKey(a AggCall) string {
	k := fmt.Sprintf("%d(%s)%v", a.Func.OID, joinExprs(a.Args), a.Distinct)
	if a.Filter != nil {
		k += " filter " + a.Filter.String()
	}
	for _, o := range a.OrderBy {
		k += fmt.Sprintf(" order %d %v %v", o.Arg, o.Desc, o.NullsFirst)
	}
	return k
}

// aggOrder binds the ORDER BY of an aggregate call: each key is one of the arguments or an
// extra argument appended to the call's, as PostgreSQL sorts a group's rows by them before
// aggregating. With DISTINCT every key must be an argument.
func (b *binder) aggOrder(ac *AggCall, items []*pg_query.Node, sc *scope) error {
	keys, err := b.sortKeys(items, sc)
	if err != nil {
		return err
	}
	for k, key := range keys {
		idx := -1
		for i, a := range ac.Args[:ac.NArgs] {
			if exprEqual(a, key.Expr) {
				idx = i
				break
			}
		}
		if idx < 0 {
			if ac.Distinct {
				sb := items[k].Node.(*pg_query.Node_SortBy).SortBy
				return b.errorf(location(sb.Node), pgcode.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list")
			}
			idx = len(ac.Args)
			ac.Args = append(ac.Args, key.Expr)
		}
		ac.OrderBy = append(ac.OrderBy, AggOrderKey{Arg: idx, Desc: key.Desc, NullsFirst: key.NullsFirst})
	}
	return nil
}

func (b *binder) isWindowFunc(name string) bool {
	for _, f := range b.reg.Funcs(name) {
		if f.Kind == catalog.KindWindow {
			return true
		}
	}
	return false
}

func (b *binder) isAggregate(name string) bool {
	for _, f := range b.reg.Funcs(name) {
		if f.Kind == catalog.KindAggregate {
			return true
		}
	}
	return false
}

func (b *binder) aggCall(name string, f *pg_query.FuncCall, sc *scope) (Expr, error) {
	if sc == nil || sc.agg == nil {
		clause := "this context"
		if sc != nil && sc.aggClause != "" {
			clause = sc.aggClause
		}
		return nil, b.errorf(f.Location, pgcode.GroupingError, "aggregate functions are not allowed in %s", clause)
	}
	if sc.agg.inAgg {
		return nil, b.errorf(f.Location, pgcode.GroupingError, "aggregate function calls cannot be nested")
	}
	if sc.agg.recursiveTerm {
		return nil, b.errorf(f.Location, pgcode.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term")
	}
	sc.agg.inAgg = true
	defer func() { sc.agg.inAgg = false }()
	var args []Expr
	var locs []int32
	var err error
	if !f.AggStar {
		if args, locs, err = b.exprList(f.Args, sc); err != nil {
			return nil, err
		}
		if onlyOuterColumns(args) {
			// PostgreSQL computes such an aggregate in the outer query.
			return nil, b.errorf(f.Location, pgcode.FeatureNotSupported, "aggregates of outer query columns are not supported yet")
		}
	}
	var cands []candidate
	for _, fn := range b.reg.Funcs(name) {
		if fn.Kind == catalog.KindAggregate {
			cands = append(cands, funcCandidate(fn))
		}
	}
	argTypes := exprTypes(args)
	c, ambiguous := pickCandidate(cands, argTypes)
	if c == nil || ambiguous {
		desc := b.typeList(argTypes)
		if f.AggStar {
			desc = "*"
		}
		return nil, b.errorf(f.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, desc).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	call, err := b.bindCall(c.fn, *c, args, locs)
	if err != nil {
		return nil, err
	}
	ac := AggCall{Func: c.fn, Args: call.Args, Distinct: f.AggDistinct, T: call.T, NArgs: len(call.Args)}
	if f.AggFilter != nil {
		if ac.Filter, err = b.boolArg(f.AggFilter, sc, "FILTER"); err != nil {
			return nil, err
		}
	}
	if err := b.aggOrder(&ac, f.AggOrder, sc); err != nil {
		return nil, err
	}
	// The same aggregate written twice (in the SELECT list and HAVING) is computed once.
	key := aggKey(ac)
	for k, prev := range sc.agg.calls {
		if aggKey(prev) == key {
			return &aggPlaceholder{k: k, t: prev.T}, nil
		}
	}
	sc.agg.calls = append(sc.agg.calls, ac)
	return &aggPlaceholder{k: len(sc.agg.calls) - 1, t: ac.T}, nil
}

package planner

// GROUPING SETS, ROLLUP and CUBE. GROUP BY is bound to the list of its distinct grouping
// expressions and, when it names grouping sets, to the sets themselves as lists of indices
// into that list, expanded as PostgreSQL's parser does (flatten_grouping_sets, then
// expand_grouping_sets):
//
//   - a plain item is one set of itself; (a, b) at the top level is a and b;
//   - ROLLUP (e1, ..., en) is the sets (e1..en), (e1..en-1), ..., (); an element may be a
//     parenthesized list grouped as one;
//   - CUBE (e1, ..., en) is every subset of its elements (at most 12 elements);
//   - GROUPING SETS (...) is the union of its items' sets, nested GROUPING SETS flattened;
//   - () is the empty set; at the top level it is dropped (GROUP BY (), a is GROUP BY a);
//   - the items of GROUP BY combine as a cross product, each combination the union of one
//     set of every item; GROUP BY DISTINCT drops the repeated sets.
//
// More than 4096 sets is PostgreSQL's 54001 (which, like PostgreSQL, counts the sets before
// GROUP BY DISTINCT drops any). A single resulting set is a plain GROUP BY.
// GROUPING(args) is bound to a placeholder; once the grouping expressions are known each
// call becomes the bit mask of its arguments in the row's set (an output column of the
// Aggregate), or 0 without grouping sets.

import (
	"slices"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// maxGroupingSets is PostgreSQL's limit on the expanded sets of one GROUP BY.
const maxGroupingSets = 4096

// maxCubeElements is PostgreSQL's limit on the elements of one CUBE.
const maxCubeElements = 12

// groupingPlaceholder stands for the k-th GROUPING(...) call of the SELECT being bound until
// the grouping expressions are known. It never leaves the binder.
type groupingPlaceholder struct{ k int }

func (*groupingPlaceholder) exprNode() {}

func (*groupingPlaceholder) Type() types.T { return types.TInt4 }

func (g *groupingPlaceholder) String() string { return "grouping#" + strconv.Itoa(g.k) }

// groupingCall is one GROUPING(...) call: its bound arguments and their positions.
type groupingCall struct {
	args []Expr
	locs []int32
}

// groupingFunc binds GROUPING(args): allowed where aggregates are, with fewer than 32
// arguments.
func (b *binder) groupingFunc(g *pg_query.GroupingFunc, sc *scope) (Expr, error) {
	if len(g.Args) >= 32 {
		return nil, b.errorf(g.Location, pgcode.TooManyArguments, "GROUPING must have fewer than 32 arguments")
	}
	if sc == nil || sc.agg == nil {
		clause := "this context"
		if sc != nil && sc.aggClause != "" {
			clause = sc.aggClause
		}
		return nil, b.errorf(g.Location, pgcode.GroupingError, "grouping operations are not allowed in %s", clause)
	}
	args, locs, err := b.exprList(g.Args, sc)
	if err != nil {
		return nil, err
	}
	if level := outerLevel(args); level > 0 {
		return b.outerGroupingFunc(g, sc, level, args, locs)
	}
	sc.agg.groupings = append(sc.agg.groupings, groupingCall{args: args, locs: locs})
	return &groupingPlaceholder{k: len(sc.agg.groupings) - 1}, nil
}

// outerLevel returns the level of the enclosing query all of args read, 0 when they read
// their own query's columns (or several levels).
func outerLevel(args []Expr) int {
	level := 0
	for _, a := range args {
		ref, ok := a.(*OuterRef)
		if !ok || level > 0 && ref.Level != level {
			return 0
		}
		level = ref.Level
	}
	return level
}

// outerGroupingFunc binds a GROUPING(...) whose arguments are all columns of the query level
// levels up: as in PostgreSQL, the call belongs to that query, and here it reads the
// call's value as an outer reference.
func (b *binder) outerGroupingFunc(g *pg_query.GroupingFunc, sc *scope, level int, args []Expr, locs []int32) (Expr, error) {
	o := sc
	for range level {
		o = o.outer
	}
	if o.agg == nil {
		clause := "this context"
		if o.aggClause != "" {
			clause = o.aggClause
		}
		return nil, b.errorf(g.Location, pgcode.GroupingError, "grouping operations are not allowed in %s", clause)
	}
	own := make([]Expr, len(args))
	for i, a := range args {
		ref := a.(*OuterRef)
		own[i] = &ColRef{Idx: ref.Idx, T: ref.T, Name: ref.Name, Rel: ref.Rel}
	}
	o.agg.groupings = append(o.agg.groupings, groupingCall{args: own, locs: locs})
	return &OuterRef{Level: level, T: types.TInt4, Name: "grouping", Grouping: len(o.agg.groupings)}, nil
}

// outerGrouping resolves an outer reference to a GROUPING(...) call to what the call
// became in its query: a reference to its column, or its constant.
func outerGrouping(ref *OuterRef, value Expr) Expr {
	c, ok := value.(*ColRef)
	if !ok {
		return value
	}
	m := *ref
	m.Idx, m.Grouping = c.Idx, 0
	return &m
}

// groupByBinder binds the leaves of GROUP BY to distinct grouping expressions.
type groupByBinder struct {
	q     *selectBuilder
	exprs []Expr
	nodes []*pg_query.Node // the first item written for each expression
}

// leaf binds one grouping expression and returns its index among the distinct ones.
func (g *groupByBinder) leaf(n *pg_query.Node) (int, error) {
	q := g.q
	e, err := q.b.groupItem(n, q.sc, q.targets[:q.nVisible])
	if err != nil {
		return 0, err
	}
	if err := q.b.requireEquality(e.Type(), location(n)); err != nil {
		return 0, err
	}
	for i, x := range g.exprs {
		if sameGroupExpr(x, e) {
			return i, nil
		}
	}
	g.exprs = append(g.exprs, e)
	g.nodes = append(g.nodes, n)
	return len(g.exprs) - 1, nil
}

// sameGroupExpr reports whether two grouping expressions are the same key, as the
// rewrite over the grouped rows matches them.
func sameGroupExpr(x, y Expr) bool { return x.String() == y.String() && x.Type() == y.Type() }

// element binds a ROLLUP or CUBE element, or a grouping set's item: a parenthesized list
// (an implicit row) is its members together.
func (g *groupByBinder) element(n *pg_query.Node) ([]int, error) {
	if r, ok := n.Node.(*pg_query.Node_RowExpr); ok && r.RowExpr.RowFormat == pg_query.CoercionForm_COERCE_IMPLICIT_CAST {
		var set []int
		for _, a := range r.RowExpr.Args {
			i, err := g.leaf(a)
			if err != nil {
				return nil, err
			}
			set = append(set, i)
		}
		return set, nil
	}
	i, err := g.leaf(n)
	if err != nil {
		return nil, err
	}
	return []int{i}, nil
}

// sets expands one GROUPING SETS, ROLLUP, CUBE or () node.
func (g *groupByBinder) sets(gs *pg_query.GroupingSet) ([][]int, error) {
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
		return [][]int{{}}, nil
	case pg_query.GroupingSetKind_GROUPING_SET_SETS:
		var out [][]int
		for _, c := range gs.Content {
			if inner, ok := c.Node.(*pg_query.Node_GroupingSet); ok {
				s, err := g.sets(inner.GroupingSet)
				if err != nil {
					return nil, err
				}
				out = append(out, s...)
				continue
			}
			s, err := g.element(c)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	elems := make([][]int, len(gs.Content))
	for i, c := range gs.Content {
		var err error
		if elems[i], err = g.element(c); err != nil {
			return nil, err
		}
	}
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP:
		out := make([][]int, 0, len(elems)+1)
		for k := len(elems); k >= 0; k-- {
			out = append(out, slices.Concat(elems[:k]...))
		}
		return out, nil
	case pg_query.GroupingSetKind_GROUPING_SET_CUBE:
		if len(elems) > maxCubeElements {
			return nil, g.q.b.errorf(gs.Location, pgcode.TooManyColumns, "CUBE is limited to 12 elements")
		}
		out := make([][]int, 0, 1<<len(elems))
		for mask := (1 << len(elems)) - 1; mask >= 0; mask-- {
			var set []int
			for i, e := range elems {
				if mask&(1<<(len(elems)-1-i)) != 0 {
					set = append(set, e...)
				}
			}
			out = append(out, set)
		}
		return out, nil
	}
	return slices.Concat(elems), nil // a simple set: its elements together
}

// item expands one top-level GROUP BY item; ok is false for a plain expression (or list of
// them), which belongs to every set.
func (g *groupByBinder) item(n *pg_query.Node) (sets [][]int, isSets bool, err error) {
	if gs, ok := n.Node.(*pg_query.Node_GroupingSet); ok {
		if gs.GroupingSet.Kind == pg_query.GroupingSetKind_GROUPING_SET_EMPTY {
			return nil, true, nil
		}
		sets, err := g.sets(gs.GroupingSet)
		return sets, true, err
	}
	set, err := g.element(n)
	return [][]int{set}, false, err
}

// bindGroupBy binds GROUP BY items: expressions, output column names, ordinals, and
// grouping sets. PostgreSQL binds it after ORDER BY, which decides which of two equally
// named columns an error names first.
func (q *selectBuilder) bindGroupBy() error {
	sc := q.sc
	sc.agg, sc.aggClause, sc.win, sc.winClause = nil, "GROUP BY", nil, ""
	defer q.restoreCollectors()
	g := &groupByBinder{q: q}
	product := [][]int{{}}
	hasSets := false
	count := 1
	for _, n := range q.s.GroupClause {
		sets, isSets, err := g.item(n)
		if err != nil {
			return err
		}
		if !isSets {
			// A plain item keeps its place among the keys, as PostgreSQL lists them.
			for i := range product {
				product[i] = append(product[i], sets[0]...)
			}
			continue
		}
		hasSets = true
		if sets == nil {
			continue // a top-level ()
		}
		if count *= len(sets); count > maxGroupingSets {
			return q.b.errorf(-1, pgcode.StatementTooComplex, "too many grouping sets present (maximum %d)", maxGroupingSets)
		}
		product = crossSets(product, sets)
	}
	if !hasSets {
		// Plain keys in their written order, repeated keys included.
		for _, k := range product[0] {
			q.groupBy = append(q.groupBy, g.exprs[k])
		}
		return nil
	}
	for i, s := range product {
		product[i] = normalSet(s)
	}
	if q.s.GroupDistinct {
		product = distinctSets(product)
	}
	if len(product) > 1 {
		q.groupBy, q.groupingSets = g.exprs, product
		return nil
	}
	// One set is a plain GROUP BY of its keys (GROUP BY () is one group of all rows), as
	// PostgreSQL's parser makes it, which a view's definition then shows.
	for _, k := range product[0] {
		q.groupBy = append(q.groupBy, g.exprs[k])
	}
	q.grouped = true
	if q.b.notes != nil && len(product[0]) > 0 {
		q.b.notes.plainGroupBy[q.s] = g.nodes
	}
	return nil
}

// crossSets returns every union of a set of a with a set of b, in PostgreSQL's order.
func crossSets(a, b [][]int) [][]int {
	out := make([][]int, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, slices.Concat(x, y))
		}
	}
	return out
}

// normalSet sorts a set and drops its repeated keys.
func normalSet(s []int) []int {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// distinctSets drops the sets equal to an earlier one (GROUP BY DISTINCT).
func distinctSets(sets [][]int) [][]int {
	var out [][]int
	for _, s := range sets {
		if !slices.ContainsFunc(out, func(o []int) bool { return slices.Equal(o, s) }) {
			out = append(out, s)
		}
	}
	return out
}

// groupingColumns resolves the GROUPING(...) calls against the grouping expressions: each
// becomes the Aggregate's output column of its bit mask, or the constant 0 without grouping
// sets. An argument that is not a grouping expression is PostgreSQL's 42803.
func (q *selectBuilder) groupingColumns(agg *Aggregate) ([]Expr, error) {
	var out []Expr
	for _, c := range q.agg.groupings {
		idx := make([]int, len(c.args))
		for j, a := range c.args {
			idx[j] = slices.IndexFunc(agg.GroupBy, func(g Expr) bool { return sameGroupExpr(g, a) })
			if idx[j] < 0 {
				return nil, q.b.errorf(c.locs[j], pgcode.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level")
			}
		}
		if agg.Sets == nil {
			out = append(out, &Const{Value: scalar.NewInt32Scalar(0), T: types.TInt4})
			continue
		}
		k := len(agg.Groupings)
		agg.Groupings = append(agg.Groupings, idx)
		agg.Out = append(agg.Out, Column{Name: "grouping" + strconv.Itoa(k), Type: types.TInt4})
		out = append(out, &ColRef{Idx: len(agg.GroupBy) + len(agg.Aggs) + k, T: types.TInt4, Name: "grouping" + strconv.Itoa(k)})
	}
	return out, nil
}

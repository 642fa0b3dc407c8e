package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// selectBuilder carries one SELECT's binding from clause to clause. simpleSelect runs the
// clauses in PostgreSQL's binding order (FROM, WHERE, the SELECT list, HAVING, ORDER BY,
// DISTINCT ON, GROUP BY), which decides which error a query with several mistakes reports,
// and then stacks the plan: aggregate, window, set-returning functions, projection,
// DISTINCT, sort, limit.
type selectBuilder struct {
	b    *binder
	s    *pg_query.SelectStmt
	plan Plan
	sc   *scope

	agg  *aggCollector
	win  *winCollector
	srfs *srfCollector

	targets  []target
	nVisible int // targets visible in the output; those after them are hidden sort columns
	having   Expr
	keys     []SortKey
	order    []SortKey // the ORDER BY keys, kept for FETCH ... WITH TIES
	distinct []int     // DISTINCT ON's output columns, nil without DISTINCT ON
	groupBy  []Expr
	// groupingSets are GROUP BY's grouping sets (Aggregate.Sets), nil without them; grouped
	// is set when GROUP BY named only the empty set, which groups all rows as one.
	groupingSets [][]int
	grouped      bool
	rw           *groupRewriter // rewrites expressions over the grouped rows; nil when ungrouped
}

func (b *binder) simpleSelect(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	q := &selectBuilder{b: b, s: s}
	steps := []func() error{
		func() error { return q.bindFrom(outer) },
		q.bindWhere, q.bindSelectList, q.bindOrderBy, q.bindDistinctOn, q.bindGroupBy,
		q.planAggregate, q.planWindows, q.planSetReturning, q.planProjection, q.planDistinct,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return q.planLimit()
}

// bindFrom joins the FROM items (a cross join of all of them; a function after the first
// item may refer to the items before it, as if LATERAL). No FROM is one empty row.
func (q *selectBuilder) bindFrom(outer *scope) error {
	b := q.b
	if len(q.s.FromClause) == 0 {
		q.plan, q.sc = &Values{Rows: [][]Expr{{}}, Out: nil}, &scope{}
	}
	for _, item := range q.s.FromClause {
		if rf, ok := item.Node.(*pg_query.Node_RangeFunction); ok && q.plan != nil {
			var err error
			if q.plan, q.sc, err = b.lateralFunction(rf.RangeFunction, q.plan, q.sc, outer); err != nil {
				return err
			}
			continue
		}
		if _, ok := item.Node.(*pg_query.Node_JoinExpr); ok && q.plan != nil && hasLateralSubquery(item) {
			var err error
			if q.plan, q.sc, err = b.lateralJoinedItem(item, q.plan, q.sc, outer); err != nil {
				return err
			}
			continue
		}
		if rs, ok := lateralRangeSubselect(item); ok && q.plan != nil {
			var err error
			if q.plan, q.sc, err = b.lateralJoinItem(rs, InnerJoin, nil, q.plan, q.sc, outer); err != nil {
				return err
			}
			continue
		}
		itemOuter := outer
		if _, ok := item.Node.(*pg_query.Node_RangeSubselect); ok && q.plan != nil {
			itemOuter = withUnreachable(outer, q.sc)
		}
		p, isc, err := b.fromItem(item, itemOuter)
		if err != nil {
			return err
		}
		if q.plan == nil {
			q.plan, q.sc = p, isc
			continue
		}
		if err := b.checkDuplicateRanges(q.sc, isc); err != nil {
			return err
		}
		q.sc = concatScopes(q.sc, isc, len(q.plan.Columns()))
		q.plan = &Join{Type: InnerJoin, Left: q.plan, Right: p}
	}
	q.sc.outer = outer
	return nil
}

func (q *selectBuilder) bindWhere() error {
	if q.s.WhereClause == nil {
		return nil
	}
	q.sc.aggClause = "WHERE"
	pred, err := q.b.boolArg(q.s.WhereClause, q.sc, "WHERE")
	if err != nil {
		return err
	}
	q.plan = &Filter{Input: q.plan, Pred: pred}
	return nil
}

// bindSelectList binds the SELECT list and HAVING, collecting their aggregate, window and
// set-returning function calls.
func (q *selectBuilder) bindSelectList() error {
	b, sc := q.b, q.sc
	q.agg = &aggCollector{recursiveTerm: q.s == b.recursiveTerm}
	var err error
	if q.win, err = b.newWinCollector(q.s.WindowClause); err != nil {
		return err
	}
	q.srfs = &srfCollector{}
	sc.agg, sc.aggClause, sc.win, sc.srf = q.agg, "", q.win, q.srfs
	if q.targets, err = b.targetList(q.s.TargetList, sc); err != nil {
		return err
	}
	q.nVisible = len(q.targets)
	sc.srf = nil
	if q.s.HavingClause != nil {
		sc.win, sc.winClause = nil, "HAVING"
		if q.having, err = b.boolArg(q.s.HavingClause, sc, "HAVING"); err != nil {
			return err
		}
	}
	q.restoreCollectors()
	return nil
}

// restoreCollectors lets later clauses see the SELECT list's aggregates and windows again.
func (q *selectBuilder) restoreCollectors() {
	q.sc.agg, q.sc.aggClause, q.sc.win, q.sc.winClause = q.agg, "", q.win, ""
}

// bindOrderBy binds ORDER BY; expressions that are not output columns become hidden targets.
func (q *selectBuilder) bindOrderBy() error {
	if len(q.s.SortClause) == 0 {
		return nil
	}
	outCols := make([]Column, len(q.targets))
	exprs := make([]Expr, len(q.targets))
	for i, t := range q.targets {
		outCols[i] = Column{Name: t.name, Type: t.expr.Type()}
		exprs[i] = t.expr
	}
	keys, extra, err := q.b.orderBy(q.s.SortClause, q.sc, outCols, exprs)
	if err != nil {
		return err
	}
	q.keys = keys
	for _, e := range extra {
		q.targets = append(q.targets, target{expr: e, name: "?junk?", loc: -1})
	}
	return nil
}

// bindDistinctOn binds DISTINCT ON after ORDER BY; it may add hidden targets and sort keys.
func (q *selectBuilder) bindDistinctOn() error {
	if !isDistinctOn(q.s) {
		return nil
	}
	var err error
	q.targets, q.keys, q.distinct, err = q.b.distinctOn(q.s, q.sc, q.targets, q.nVisible, q.keys)
	return err
}

// planAggregate groups the rows when the query has GROUP BY, aggregates or HAVING, and
// rewrites the targets and HAVING over the groups.
func (q *selectBuilder) planAggregate() error {
	if len(q.groupBy) == 0 && len(q.agg.calls) == 0 && q.having == nil && !q.grouped && len(q.agg.groupings) == 0 {
		return nil
	}
	aggNode := &Aggregate{Input: q.plan, GroupBy: q.groupBy, Aggs: q.agg.calls, Sets: q.groupingSets}
	if len(q.groupBy) == 0 && len(q.agg.calls) == 0 {
		// Degenerate grouping (HAVING alone): one group whatever FROM and WHERE produce, and
		// nothing can refer to their rows, so PostgreSQL does not scan them at all, and
		// neither do we.
		aggNode.Input = &Values{Rows: [][]Expr{{}}, Out: nil}
	}
	for i, g := range q.groupBy {
		aggNode.Out = append(aggNode.Out, Column{Name: "group" + strconv.Itoa(i), Type: g.Type()})
	}
	for i, a := range q.agg.calls {
		aggNode.Out = append(aggNode.Out, Column{Name: a.Func.Name + strconv.Itoa(i), Type: a.T})
	}
	groupings, err := q.groupingColumns(aggNode)
	if err != nil {
		return err
	}
	q.plan = aggNode
	q.rw = &groupRewriter{b: q.b, groupBy: q.groupBy, nGroups: len(q.groupBy), groupings: groupings}
	for i := range q.targets {
		if q.targets[i].expr, err = q.rw.rewrite(q.targets[i].expr, q.targets[i].loc); err != nil {
			return err
		}
	}
	if q.having != nil {
		if q.having, err = q.rw.rewrite(q.having, location(q.s.HavingClause)); err != nil {
			return err
		}
		q.plan = &Filter{Input: q.plan, Pred: q.having}
	}
	return nil
}

// overGroups returns the rewrite of expressions over the grouped rows, nil when ungrouped.
func (q *selectBuilder) overGroups() func(Expr) (Expr, error) {
	if q.rw == nil {
		return nil
	}
	return func(e Expr) (Expr, error) { return q.rw.rewrite(e, -1) }
}

// planWindows computes the window functions over the grouped rows.
func (q *selectBuilder) planWindows() error {
	if len(q.win.calls) == 0 {
		return nil
	}
	wn, err := q.b.windowNode(q.plan, q.win, q.overGroups())
	if err != nil {
		return err
	}
	base := len(q.plan.Columns())
	for i := range q.targets {
		q.targets[i].expr = replaceWindows(q.targets[i].expr, base)
	}
	q.plan = wn
	return nil
}

// planSetReturning runs the SELECT list's set-returning functions over the grouped and
// windowed rows.
func (q *selectBuilder) planSetReturning() error {
	if len(q.srfs.calls) == 0 {
		return nil
	}
	var err error
	if q.plan, err = q.b.projectSet(q.plan, q.srfs, q.overGroups()); err != nil {
		return err
	}
	base := len(q.plan.Columns()) - len(q.srfs.calls)
	for i := range q.targets {
		q.targets[i].expr = replaceSRFs(q.targets[i].expr, base)
	}
	return nil
}

// planProjection computes the SELECT list plus the hidden sort columns.
func (q *selectBuilder) planProjection() error {
	proj := &Project{Input: q.plan}
	for _, t := range q.targets {
		proj.Exprs = append(proj.Exprs, t.expr)
		c := t.col
		c.Name, c.Type = t.name, t.expr.Type()
		proj.Out = append(proj.Out, c)
	}
	q.plan = proj
	return nil
}

// planDistinct removes duplicate rows (DISTINCT) or keeps the first row of each DISTINCT ON
// group in ORDER BY order, then sorts.
func (q *selectBuilder) planDistinct() error {
	q.order = q.keys
	switch {
	case q.distinct != nil:
		q.plan = &Distinct{Input: &Sort{Input: q.plan, Keys: q.keys}, On: q.distinct}
		q.keys = nil
	case q.s.DistinctClause != nil:
		if len(q.targets) > q.nVisible {
			return q.b.errorf(-1, pgcode.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
		}
		for _, t := range q.targets {
			if err := q.b.requireEquality(t.expr.Type(), t.loc); err != nil {
				return err
			}
		}
		q.plan = &Distinct{Input: q.plan}
	}
	if len(q.keys) > 0 {
		q.plan = &Sort{Input: q.plan, Keys: q.keys}
	}
	return nil
}

// planLimit applies LIMIT/OFFSET and drops the hidden sort columns.
func (q *selectBuilder) planLimit() (Plan, error) {
	plan, err := q.b.limit(q.s, q.plan, q.order, q.sc)
	if err != nil {
		return nil, err
	}
	if len(q.targets) == q.nVisible {
		return plan, nil
	}
	cols := plan.Columns()
	drop := &Project{Input: plan}
	for i := 0; i < q.nVisible; i++ {
		drop.Exprs = append(drop.Exprs, &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name})
		drop.Out = append(drop.Out, cols[i])
	}
	return drop, nil
}

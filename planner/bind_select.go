package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// selectStmt binds a SELECT (or VALUES, or set operation). outer is the enclosing query's
// scope for subqueries (used only to report correlated references).
func (b *binder) selectStmt(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	if s.WithClause != nil {
		return b.withSelect(s, outer)
	}
	if len(s.LockingClause) > 0 {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "SELECT ... FOR UPDATE/SHARE is not supported")
	}
	var plan Plan
	var err error
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED:
		plan, err = b.setOp(s, outer)
	case len(s.ValuesLists) > 0:
		plan, err = b.values(s.ValuesLists, outer)
	default:
		return b.simpleSelect(s, outer)
	}
	if err != nil {
		return nil, err
	}
	// ORDER BY and LIMIT of a set operation or VALUES refer to its output columns.
	sc := scopeOf(plan, "")
	sc.outer = outer
	var keys []SortKey
	if len(s.SortClause) > 0 {
		keys, _, err = b.orderBy(s.SortClause, sc, plan.Columns(), nil)
		if err != nil {
			return nil, err
		}
		plan = &Sort{Input: plan, Keys: keys}
	}
	return b.limit(s, plan, keys, sc)
}

// scopeOf exposes a plan's output columns under the range name table.
func scopeOf(p Plan, table string) *scope {
	cols := p.Columns()
	sc := &scope{cols: make([]scopeCol, len(cols))}
	for i, c := range cols {
		sc.cols[i] = scopeCol{table: table, name: c.Name, t: c.Type, idx: i, tableOID: c.Table, attnum: c.Attnum}
	}
	return sc
}

func (b *binder) values(lists []*pg_query.Node, outer *scope) (Plan, error) {
	var rows [][]Expr
	var locs [][]int32
	width := -1
	for _, l := range lists {
		items := l.Node.(*pg_query.Node_List).List.Items
		if width >= 0 && len(items) != width {
			return nil, b.errorf(location(items[0]), pgcode.SyntaxError, "VALUES lists must all be the same length")
		}
		width = len(items)
		row, rowLocs, err := b.exprList(items, &scope{outer: outer, aggClause: "VALUES"})
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
		locs = append(locs, rowLocs)
	}
	out := make([]Column, width)
	for c := 0; c < width; c++ {
		col := make([]Expr, len(rows))
		colLocs := make([]int32, len(rows))
		for r := range rows {
			col[r], colLocs[r] = rows[r][c], locs[r][c]
		}
		t, err := b.commonType(col, "VALUES", colLocs)
		if err != nil {
			return nil, err
		}
		for r := range rows {
			if rows[r][c], err = b.coerce(rows[r][c], t, types.Implicit, colLocs[r]); err != nil {
				return nil, err
			}
		}
		out[c] = Column{Name: "column" + strconv.Itoa(c+1), Type: t}
	}
	return &Values{Rows: rows, Out: out}, nil
}

func (b *binder) setOp(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	b.keepUnknowns(s.Larg)
	b.keepUnknowns(s.Rarg)
	l, err := b.selectStmt(s.Larg, outer)
	if err != nil {
		return nil, err
	}
	r, err := b.selectStmt(s.Rarg, outer)
	if err != nil {
		return nil, err
	}
	name := map[pg_query.SetOperation]string{pg_query.SetOperation_SETOP_UNION: "UNION",
		pg_query.SetOperation_SETOP_INTERSECT: "INTERSECT", pg_query.SetOperation_SETOP_EXCEPT: "EXCEPT"}[s.Op]
	lc, rc := l.Columns(), r.Columns()
	if len(lc) != len(rc) {
		return nil, b.errorf(-1, pgcode.SyntaxError, "each %s query must have the same number of columns", name)
	}
	out := make([]Column, len(lc))
	lx, rx := make([]Expr, len(lc)), make([]Expr, len(lc))
	lcast, rcast := false, false
	for i := range lc {
		le := Expr(&ColRef{Idx: i, T: lc[i].Type, Name: lc[i].Name})
		re := Expr(&ColRef{Idx: i, T: rc[i].Type, Name: rc[i].Name})
		t, err := b.commonType([]Expr{le, re}, name, nil)
		if err != nil {
			return nil, err
		}
		if !s.All {
			if err := b.requireEquality(t, -1); err != nil {
				return nil, err
			}
		}
		if lx[i], err = b.coerce(le, t, types.Implicit, -1); err != nil {
			return nil, err
		}
		if rx[i], err = b.coerce(re, t, types.Implicit, -1); err != nil {
			return nil, err
		}
		lcast = lcast || lx[i] != le
		rcast = rcast || rx[i] != re
		out[i] = Column{Name: lc[i].Name, Type: t}
	}
	if lcast {
		l = &Project{Input: l, Exprs: lx, Out: out}
	}
	if rcast {
		r = &Project{Input: r, Exprs: rx, Out: out}
	}
	kind := map[pg_query.SetOperation]SetOpKind{pg_query.SetOperation_SETOP_UNION: Union,
		pg_query.SetOperation_SETOP_INTERSECT: Intersect, pg_query.SetOperation_SETOP_EXCEPT: Except}[s.Op]
	return &SetOp{Kind: kind, All: s.All, Left: l, Right: r, Out: out}, nil
}

// target is one bound SELECT-list entry.
type target struct {
	expr Expr
	name string
	col  Column // source column info for RowDescription
	loc  int32
}

func (b *binder) simpleSelect(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	// FROM
	var plan Plan
	var sc *scope
	if len(s.FromClause) == 0 {
		plan = &Values{Rows: [][]Expr{{}}, Out: nil}
		sc = &scope{}
	} else {
		for _, item := range s.FromClause {
			if rf, ok := item.Node.(*pg_query.Node_RangeFunction); ok && plan != nil {
				var err error
				if plan, sc, err = b.lateralFunction(rf.RangeFunction, plan, sc, outer); err != nil {
					return nil, err
				}
				continue
			}
			p, isc, err := b.fromItem(item, outer)
			if err != nil {
				return nil, err
			}
			if plan == nil {
				plan, sc = p, isc
				continue
			}
			if err := b.checkDuplicateRanges(sc, isc); err != nil {
				return nil, err
			}
			plan, sc = &Join{Type: InnerJoin, Left: plan, Right: p}, concatScopes(sc, isc, len(plan.Columns()))
		}
	}
	sc.outer = outer

	// WHERE
	if s.WhereClause != nil {
		sc.aggClause = "WHERE"
		pred, err := b.boolArg(s.WhereClause, sc, "WHERE")
		if err != nil {
			return nil, err
		}
		plan = &Filter{Input: plan, Pred: pred}
	}

	// SELECT list, with aggregates and window calls collected.
	agg := &aggCollector{recursiveTerm: s == b.recursiveTerm}
	win, err := b.newWinCollector(s.WindowClause)
	if err != nil {
		return nil, err
	}
	sc.agg, sc.aggClause, sc.win = agg, "", win
	srfs := &srfCollector{}
	sc.srf = srfs
	targets, err := b.targetList(s.TargetList, sc)
	if err != nil {
		return nil, err
	}
	sc.srf = nil
	var having Expr
	if s.HavingClause != nil {
		sc.win, sc.winClause = nil, "HAVING"
		if having, err = b.boolArg(s.HavingClause, sc, "HAVING"); err != nil {
			return nil, err
		}
	}
	sc.agg, sc.aggClause, sc.win, sc.winClause = agg, "", win, ""

	// ORDER BY may add hidden targets.
	var keys []SortKey
	nVisible := len(targets)
	if len(s.SortClause) > 0 {
		outCols := make([]Column, len(targets))
		exprs := make([]Expr, len(targets))
		for i, t := range targets {
			outCols[i] = Column{Name: t.name, Type: t.expr.Type()}
			exprs[i] = t.expr
		}
		var extra []Expr
		keys, extra, err = b.orderBy(s.SortClause, sc, outCols, exprs)
		if err != nil {
			return nil, err
		}
		for _, e := range extra {
			targets = append(targets, target{expr: e, name: "?junk?", loc: -1})
		}
	}

	// DISTINCT ON binds after ORDER BY; it may add hidden targets and sort keys.
	var distinctOn []int
	if isDistinctOn(s) {
		if targets, keys, distinctOn, err = b.distinctOn(s, sc, targets, nVisible, keys); err != nil {
			return nil, err
		}
	}

	// GROUP BY: expressions, output column names, or ordinals. PostgreSQL binds it after
	// ORDER BY, which decides which of two equally named columns an error names first.
	var groupBy []Expr
	for _, g := range s.GroupClause {
		sc.agg, sc.aggClause, sc.win, sc.winClause = nil, "GROUP BY", nil, ""
		e, err := b.groupItem(g, sc, targets[:nVisible])
		if err != nil {
			return nil, err
		}
		if err := b.requireEquality(e.Type(), location(g)); err != nil {
			return nil, err
		}
		groupBy = append(groupBy, e)
	}
	sc.agg, sc.aggClause, sc.win, sc.winClause = agg, "", win, ""

	grouped := len(groupBy) > 0 || len(agg.calls) > 0 || having != nil
	var rw *groupRewriter
	if grouped {
		aggNode := &Aggregate{Input: plan, GroupBy: groupBy, Aggs: agg.calls}
		if len(groupBy) == 0 && len(agg.calls) == 0 {
			// Degenerate grouping (HAVING alone): one group whatever FROM and WHERE
			// produce, and nothing can refer to their rows, so PostgreSQL does not scan
			// them at all, and neither do we.
			aggNode.Input = &Values{Rows: [][]Expr{{}}, Out: nil}
		}
		for i, g := range groupBy {
			aggNode.Out = append(aggNode.Out, Column{Name: "group" + strconv.Itoa(i), Type: g.Type()})
		}
		for i, a := range agg.calls {
			aggNode.Out = append(aggNode.Out, Column{Name: a.Func.Name + strconv.Itoa(i), Type: a.T})
		}
		plan = aggNode
		rw = &groupRewriter{b: b, groupBy: groupBy, nGroups: len(groupBy)}
		for i := range targets {
			if targets[i].expr, err = rw.rewrite(targets[i].expr, targets[i].loc); err != nil {
				return nil, err
			}
		}
		if having != nil {
			if having, err = rw.rewrite(having, location(s.HavingClause)); err != nil {
				return nil, err
			}
			plan = &Filter{Input: plan, Pred: having}
		}
	}

	// Window functions, over the grouped rows.
	if len(win.calls) > 0 {
		var rewrite func(Expr) (Expr, error)
		if rw != nil {
			rewrite = func(e Expr) (Expr, error) { return rw.rewrite(e, -1) }
		}
		wn, err := b.windowNode(plan, win, rewrite)
		if err != nil {
			return nil, err
		}
		base := len(plan.Columns())
		for i := range targets {
			targets[i].expr = replaceWindows(targets[i].expr, base)
		}
		plan = wn
	}

	// Set-returning functions of the SELECT list, over the grouped and windowed rows.
	if len(srfs.calls) > 0 {
		var rewrite func(Expr) (Expr, error)
		if rw != nil {
			rewrite = func(e Expr) (Expr, error) { return rw.rewrite(e, -1) }
		}
		if plan, err = b.projectSet(plan, srfs, rewrite); err != nil {
			return nil, err
		}
		base := len(plan.Columns()) - len(srfs.calls)
		for i := range targets {
			targets[i].expr = replaceSRFs(targets[i].expr, base)
		}
	}

	// Project the SELECT list (plus hidden ORDER BY columns).
	proj := &Project{Input: plan}
	for _, t := range targets {
		proj.Exprs = append(proj.Exprs, t.expr)
		c := t.col
		c.Name, c.Type = t.name, t.expr.Type()
		proj.Out = append(proj.Out, c)
	}
	plan = proj

	// DISTINCT
	order := keys
	if distinctOn != nil {
		plan = &Distinct{Input: &Sort{Input: plan, Keys: keys}, On: distinctOn}
		keys = nil
	} else if s.DistinctClause != nil {
		if len(targets) > nVisible {
			return nil, b.errorf(-1, pgcode.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
		}
		for _, t := range targets {
			if err := b.requireEquality(t.expr.Type(), t.loc); err != nil {
				return nil, err
			}
		}
		plan = &Distinct{Input: plan}
	}
	if len(keys) > 0 {
		plan = &Sort{Input: plan, Keys: keys}
	}
	plan, err = b.limit(s, plan, order, sc)
	if err != nil {
		return nil, err
	}
	if len(targets) > nVisible {
		// Drop the hidden ORDER BY columns.
		cols := plan.Columns()
		drop := &Project{Input: plan}
		for i := 0; i < nVisible; i++ {
			drop.Exprs = append(drop.Exprs, &ColRef{Idx: i, T: cols[i].Type, Name: cols[i].Name})
			drop.Out = append(drop.Out, cols[i])
		}
		plan = drop
	}
	return plan, nil
}

// LIMIT and OFFSET may refer to the columns of enclosing queries, not to those of this one
// (whose scope is sc).
func (b *binder) limit(s *pg_query.SelectStmt, plan Plan, order []SortKey, sc *scope) (Plan, error) {
	if s.LimitCount == nil && s.LimitOffset == nil {
		return plan, nil
	}
	lim := &Limit{Input: plan}
	if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		if err := b.withTies(s, lim, order); err != nil {
			return nil, err
		}
	}
	bindCount := func(n *pg_query.Node, what string) (Expr, error) {
		if n == nil {
			return nil, nil
		}
		if c, ok := n.Node.(*pg_query.Node_AConst); ok && c.AConst.Isnull {
			return nil, nil // LIMIT NULL / LIMIT ALL
		}
		e, err := b.expr(n, &scope{aggClause: what, outer: sc.outer})
		if err != nil {
			return nil, b.limitVariables(err, n, sc, what)
		}
		return b.coerce(e, types.TInt8, types.Assignment, location(n))
	}
	var err error
	if lim.Count, err = bindCount(s.LimitCount, "LIMIT"); err != nil {
		return nil, err
	}
	if lim.Offset, err = bindCount(s.LimitOffset, "OFFSET"); err != nil {
		return nil, err
	}
	if lim.Count == nil && lim.Offset == nil && lim.Ties == nil {
		return plan, nil
	}
	return lim, nil
}

// keepsUnknowns reports whether list is the SELECT list of INSERT ... SELECT or of a
// branch of a set operation, whose untyped literals (SELECT 1, NULL) stay unknown so that
// the target columns' types or the other branches decide them, as PostgreSQL resolves
// them; every other SELECT list makes them text.
func (b *binder) keepsUnknowns(list []*pg_query.Node) bool {
	return len(list) > 0 && b.unknownLists[list[0]]
}

// keepUnknowns marks the SELECT list of s (when s is a plain SELECT) for keepsUnknowns.
func (b *binder) keepUnknowns(s *pg_query.SelectStmt) {
	if s == nil || s.Op != pg_query.SetOperation_SETOP_NONE || len(s.TargetList) == 0 {
		return
	}
	if b.unknownLists == nil {
		b.unknownLists = map[*pg_query.Node]bool{}
	}
	b.unknownLists[s.TargetList[0]] = true
}

// targetList binds the SELECT list, expanding stars.
func (b *binder) targetList(list []*pg_query.Node, sc *scope) ([]target, error) {
	var out []target
	for _, n := range list {
		rt := n.Node.(*pg_query.Node_ResTarget).ResTarget
		if cr, ok := rt.Val.Node.(*pg_query.Node_ColumnRef); ok {
			fields := cr.ColumnRef.Fields
			if _, star := fields[len(fields)-1].Node.(*pg_query.Node_AStar); star {
				qual := ""
				if len(fields) > 1 {
					qual = strVal(fields[len(fields)-2])
				}
				cols, err := b.expandStar(sc, qual, cr.ColumnRef.Location)
				if err != nil {
					return nil, err
				}
				out = append(out, cols...)
				continue
			}
		}
		if ind, ok := rt.Val.Node.(*pg_query.Node_AIndirection); ok && isStarIndirection(ind.AIndirection) {
			cols, err := b.expandRecordStar(ind.AIndirection, sc)
			if err != nil {
				return nil, err
			}
			out = append(out, cols...)
			continue
		}
		e, err := b.expr(rt.Val, sc)
		if err != nil {
			return nil, err
		}
		if !b.keepsUnknowns(list) {
			if e, err = b.resolveUnknown(e, location(rt.Val)); err != nil {
				return nil, err
			}
		}
		t := target{expr: e, loc: location(rt.Val)}
		t.name = rt.Name
		if t.name == "" {
			t.name = figureColname(rt.Val)
		}
		if c, ok := e.(*ColRef); ok && sc != nil {
			for _, sc := range sc.cols {
				if sc.idx == c.Idx {
					t.col = Column{Table: sc.tableOID, Attnum: sc.attnum}
					break
				}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

func (b *binder) expandStar(sc *scope, qual string, loc int32) ([]target, error) {
	var out []target
	if qual == "" {
		if len(sc.cols) == 0 {
			return nil, b.errorf(loc, pgcode.SyntaxError, "SELECT * with no tables specified is not valid")
		}
		for _, i := range sc.starCols() {
			c := sc.cols[i]
			out = append(out, target{expr: &ColRef{Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}, name: c.name, col: c.column(), loc: loc})
		}
		return out, nil
	}
	for _, c := range sc.cols {
		if c.table == qual {
			out = append(out, target{expr: &ColRef{Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}, name: c.name, col: c.column(), loc: loc})
		}
	}
	if out == nil {
		return nil, b.errorf(loc, pgcode.UndefinedTable, "missing FROM-clause entry for table \"%s\"", qual)
	}
	return out, nil
}

// figureColname names an unnamed SELECT-list entry as PostgreSQL's FigureColname does.
func figureColname(n *pg_query.Node) string {
	name, _ := colnameStrength(n)
	return name
}

// colnameStrength returns a name and how strongly it holds, as FigureColnameInternal:
// 2 for names taken from columns and functions, 1 for a cast's type name or "case" (which
// an enclosing cast overrides), 0 for "?column?".
func colnameStrength(n *pg_query.Node) (string, int) {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		f := x.ColumnRef.Fields
		return strVal(f[len(f)-1]), 2
	case *pg_query.Node_FuncCall:
		ns := names(x.FuncCall.Funcname)
		return ns[len(ns)-1], 2
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_AIndirection:
		for i := len(x.AIndirection.Indirection) - 1; i >= 0; i-- {
			if s, ok := x.AIndirection.Indirection[i].Node.(*pg_query.Node_String_); ok {
				return s.String_.Sval, 2
			}
		}
		return colnameStrength(x.AIndirection.Arg)
	case *pg_query.Node_TypeCast:
		if name, strength := colnameStrength(x.TypeCast.Arg); strength > 1 {
			return name, strength
		}
		ns := names(x.TypeCast.TypeName.Names)
		return ns[len(ns)-1], 1
	case *pg_query.Node_CaseExpr:
		if x.CaseExpr.Defresult != nil {
			if name, strength := colnameStrength(x.CaseExpr.Defresult); strength > 1 {
				return name, strength
			}
		}
		return "case", 1
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_SubLink:
		switch x.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sel, ok := x.SubLink.Subselect.Node.(*pg_query.Node_SelectStmt); ok && len(sel.SelectStmt.TargetList) == 1 {
				rt := sel.SelectStmt.TargetList[0].Node.(*pg_query.Node_ResTarget).ResTarget
				if rt.Name != "" {
					return rt.Name, 2
				}
				return colnameStrength(rt.Val)
			}
		}
	case *pg_query.Node_SqlvalueFunction:
		return map[pg_query.SQLValueFunctionOp]string{
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE: "current_date", pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP: "current_timestamp",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp", pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP: "localtimestamp",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER: "current_user", pg_query.SQLValueFunctionOp_SVFOP_USER: "current_user",
			pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER: "session_user", pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG: "current_catalog",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA: "current_schema", pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE: "current_role",
		}[x.SqlvalueFunction.Op], 2
	case *pg_query.Node_BooleanTest, *pg_query.Node_NullTest, *pg_query.Node_BoolExpr:
	}
	return "?column?", 0
}

// groupItem binds one GROUP BY item: an output ordinal, an output column name (when no input
// column has it), or an expression over the input.
func (b *binder) groupItem(n *pg_query.Node, sc *scope, targets []target) (Expr, error) {
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if iv, ok := c.AConst.Val.(*pg_query.A_Const_Ival); ok {
			i := int(iv.Ival.Ival)
			if i < 1 || i > len(targets) {
				return nil, b.errorf(c.AConst.Location, pgcode.InvalidColumnReference, "GROUP BY position %d is not in select list", i)
			}
			if containsAgg(targets[i-1].expr) {
				return nil, b.errorf(c.AConst.Location, pgcode.GroupingError, "aggregate functions are not allowed in GROUP BY")
			}
			if containsWindow(targets[i-1].expr) {
				return nil, b.errorf(c.AConst.Location, pgcode.WindowingError, "window functions are not allowed in GROUP BY")
			}
			return targets[i-1].expr, nil
		}
	}
	if cr, ok := n.Node.(*pg_query.Node_ColumnRef); ok && len(cr.ColumnRef.Fields) == 1 {
		name := strVal(cr.ColumnRef.Fields[0])
		if _, err := b.resolve(sc, "", name, cr.ColumnRef.Location); err != nil {
			for _, t := range targets {
				if t.name == name {
					return t.expr, nil
				}
			}
		}
	}
	return b.expr(n, sc)
}

func containsAgg(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if _, ok := e.(*aggPlaceholder); ok {
			found = true
		}
	})
	return found
}

// orderBy binds ORDER BY items. Items naming an output column (by name or ordinal) sort by
// it; other expressions are bound over the input (sc) and returned in extra, to be added as
// hidden output columns after the visible ones. For set operations and VALUES, exprs is nil
// and every item must be an output column.
func (b *binder) orderBy(items []*pg_query.Node, sc *scope, out []Column, exprs []Expr) ([]SortKey, []Expr, error) {
	var keys []SortKey
	var extra []Expr
	for _, it := range items {
		sb := it.Node.(*pg_query.Node_SortBy).SortBy
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			var err error
			if desc, err = b.usingDirection(sb); err != nil {
				return nil, nil, err
			}
		}
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		col := -1
		switch x := sb.Node.Node.(type) {
		case *pg_query.Node_AConst:
			if iv, ok := x.AConst.Val.(*pg_query.A_Const_Ival); ok {
				i := int(iv.Ival.Ival)
				if i < 1 || i > len(out) {
					return nil, nil, b.errorf(x.AConst.Location, pgcode.InvalidColumnReference, "ORDER BY position %d is not in select list", i)
				}
				col = i - 1
			}
		case *pg_query.Node_ColumnRef:
			if len(x.ColumnRef.Fields) == 1 {
				if _, star := x.ColumnRef.Fields[0].Node.(*pg_query.Node_AStar); !star {
					name := strVal(x.ColumnRef.Fields[0])
					for i, c := range out {
						if c.Name == name {
							if col >= 0 && exprs != nil && exprs[col].String() != exprs[i].String() {
								return nil, nil, b.errorf(x.ColumnRef.Location, pgcode.AmbiguousColumn, "ORDER BY \"%s\" is ambiguous", name)
							}
							if col < 0 {
								col = i
							}
						}
					}
				}
			}
		}
		if col < 0 {
			if exprs == nil {
				e, err := b.expr(sb.Node, sc)
				if err != nil {
					return nil, nil, err
				}
				// Set operations and VALUES can only sort by their output columns.
				c, ok := e.(*ColRef)
				if !ok {
					return nil, nil, b.errorf(location(sb.Node), pgcode.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause")
				}
				col = c.Idx
			} else {
				e, err := b.expr(sb.Node, sc)
				if err != nil {
					return nil, nil, err
				}
				if e, err = b.resolveUnknown(e, location(sb.Node)); err != nil {
					return nil, nil, err
				}
				// Reuse a SELECT-list entry computing the same thing.
				for i, x := range exprs {
					if x.String() == e.String() {
						col = i
						break
					}
				}
				if col < 0 {
					col = len(out) + len(extra)
					extra = append(extra, e)
				}
			}
		}
		var t types.T
		if col < len(out) {
			t = out[col].Type
		} else {
			t = extra[col-len(out)].Type()
		}
		if !types.HasOrdering(t.OID) {
			return nil, nil, b.errorf(location(sb.Node), pgcode.UndefinedFunction, "could not identify an ordering operator for type %s", t).
				WithHint("Use an explicit ordering operator or modify the query.")
		}
		keys = append(keys, SortKey{Expr: &ColRef{Idx: col, T: t}, Desc: desc, NullsFirst: nullsFirst})
	}
	return keys, extra, nil
}

// groupRewriter turns expressions bound over an Aggregate's input into expressions over its
// output: group expressions become their output columns and aggregates their results.
type groupRewriter struct {
	b       *binder
	groupBy []Expr
	nGroups int
}

func (r *groupRewriter) rewrite(e Expr, loc int32) (Expr, error) {
	for i, g := range r.groupBy {
		if g.String() == e.String() && g.Type() == e.Type() {
			return &ColRef{Idx: i, T: g.Type(), Name: exprName(g)}, nil
		}
	}
	switch x := e.(type) {
	case *aggPlaceholder:
		return &ColRef{Idx: r.nGroups + x.k, T: x.t, Name: "agg" + strconv.Itoa(x.k)}, nil
	case *ColRef:
		name := x.Name
		if x.Rel != "" {
			name = x.Rel + "." + name
		}
		if l, ok := r.b.colLocs[x]; ok {
			loc = l
		}
		return nil, r.b.errorf(loc, pgcode.GroupingError, "column \"%s\" must appear in the GROUP BY clause or be used in an aggregate function", name)
	case *Const, *Param, *OuterRef:
		return e, nil
	case *Subquery:
		if x.Correlated {
			return r.rewriteSubquery(x, loc)
		}
	}
	var err error
	out := mapChildren(e, func(c Expr) Expr {
		if err != nil {
			return c
		}
		var n Expr
		n, err = r.rewrite(c, loc)
		return n
	})
	return out, err
}

// exprName names an expression's output column for EXPLAIN.
func exprName(e Expr) string {
	if c, ok := e.(*ColRef); ok && c.Name != "" {
		return c.Name
	}
	return e.String()
}

// fromItem binds one FROM entry, returning its plan and scope.
func (b *binder) fromItem(n *pg_query.Node, outer *scope) (Plan, *scope, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		return b.rangeVar(x.RangeVar)
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		if rs.Lateral {
			return nil, nil, b.errorf(-1, pgcode.FeatureNotSupported, "LATERAL is not supported yet")
		}
		sel := rs.Subquery.Node.(*pg_query.Node_SelectStmt).SelectStmt
		p, err := b.selectStmt(sel, outer)
		if err != nil {
			return nil, nil, err
		}
		if rs.Alias == nil {
			return nil, nil, b.errorf(location(rs.Subquery), pgcode.SyntaxError, "subquery in FROM must have an alias")
		}
		return b.aliased(p, rs.Alias, "")
	case *pg_query.Node_JoinExpr:
		return b.join(x.JoinExpr, outer)
	case *pg_query.Node_RangeFunction:
		return b.rangeFunction(x.RangeFunction, outer)
	}
	return nil, nil, b.errorf(-1, pgcode.FeatureNotSupported, "FROM item not supported: %s", nodeName(n))
}

// aliased applies a range alias (and column aliases) to a plan's scope.
func (b *binder) aliased(p Plan, alias *pg_query.Alias, defaultName string) (Plan, *scope, error) {
	name := defaultName
	var colNames []string
	if alias != nil {
		name = alias.Aliasname
		colNames = names(alias.Colnames)
	}
	sc := scopeOf(p, name)
	if len(colNames) > len(sc.cols) {
		return nil, nil, b.errorf(-1, pgcode.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified", name, len(sc.cols), len(colNames))
	}
	if len(colNames) > 0 {
		cols := p.Columns()
		proj := &Project{Input: p}
		for i, c := range cols {
			nc := c
			if i < len(colNames) {
				nc.Name = colNames[i]
				sc.cols[i].name = colNames[i]
			}
			proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
			proj.Out = append(proj.Out, nc)
		}
		p = proj
	}
	return p, sc, nil
}

func (b *binder) rangeVar(rv *pg_query.RangeVar) (Plan, *scope, error) {
	if rv.Schemaname == "" {
		if cte := b.lookupCTE(rv.Relname); cte != nil {
			return b.cteRef(cte, rv)
		}
	}
	def, err := b.lookupTable(rv)
	if err != nil {
		return nil, nil, b.futureCTE(err, rv)
	}
	if def.Kind == catalog.KindView && !def.Virtual {
		return b.viewRef(def, rv)
	}
	scan := &Scan{Table: def}
	for i, c := range def.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	p, sc, err := b.aliased(scan, rv.Alias, rv.Relname)
	return relationRange(def, p, sc, err)
}

func (b *binder) lookupTable(rv *pg_query.RangeVar) (*catalog.TableDef, error) {
	def := b.findTable(rv.Schemaname, rv.Relname)
	if def == nil {
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + name
		}
		return nil, b.errorf(rv.Location, pgcode.UndefinedTable, "relation \"%s\" does not exist", name)
	}
	return def, nil
}

// checkDuplicateRanges reports a range name used on both sides of a join or FROM list, as
// PostgreSQL's checkNameSpaceConflicts does.
func (b *binder) checkDuplicateRanges(l, r *scope) error {
	seen := map[string]bool{}
	for _, c := range l.cols {
		if c.table != "" {
			seen[c.table] = true
		}
	}
	for _, c := range r.cols {
		if c.table != "" && seen[c.table] {
			return b.errorf(-1, pgcode.DuplicateAlias, "table name \"%s\" specified more than once", c.table)
		}
	}
	return nil
}

// concatScopes puts r's columns after l's (whose plan has lwidth columns).
func concatScopes(l, r *scope, lwidth int) *scope {
	out := &scope{cols: append([]scopeCol(nil), l.cols...)}
	for _, c := range r.cols {
		c.idx += lwidth
		out.cols = append(out.cols, c)
	}
	if l.star != nil || r.star != nil {
		out.star = append(out.star, l.starCols()...)
		for _, i := range r.starCols() {
			out.star = append(out.star, i+len(l.cols))
		}
	}
	return out
}

func (b *binder) join(j *pg_query.JoinExpr, outer *scope) (Plan, *scope, error) {
	nullL := j.Jointype == pg_query.JoinType_JOIN_RIGHT || j.Jointype == pg_query.JoinType_JOIN_FULL
	nullR := j.Jointype == pg_query.JoinType_JOIN_LEFT || j.Jointype == pg_query.JoinType_JOIN_FULL
	l, ls, err := b.nullableFromItem(j.Larg, outer, nullL)
	if err != nil {
		return nil, nil, err
	}
	r, rs, err := b.nullableFromItem(j.Rarg, outer, nullR)
	if err != nil {
		return nil, nil, err
	}
	var jt JoinType
	switch j.Jointype {
	case pg_query.JoinType_JOIN_INNER:
		jt = InnerJoin
	case pg_query.JoinType_JOIN_LEFT:
		jt = LeftJoin
	case pg_query.JoinType_JOIN_RIGHT:
		jt = RightJoin
	case pg_query.JoinType_JOIN_FULL:
		jt = FullJoin
	default:
		return nil, nil, b.errorf(-1, pgcode.FeatureNotSupported, "join type not supported")
	}
	if err := b.checkDuplicateRanges(ls, rs); err != nil {
		return nil, nil, err
	}
	lw := len(l.Columns())
	sc := concatScopes(ls, rs, lw)
	sc.outer = outer
	join := &Join{Type: jt, Left: l, Right: r}
	using := names(j.UsingClause)
	if j.IsNatural {
		for _, lc := range ls.cols {
			if lc.hidden {
				continue
			}
			for _, rc := range rs.cols {
				if !rc.hidden && rc.name == lc.name {
					using = append(using, lc.name)
				}
			}
		}
	}
	if len(using) == 0 {
		if j.Quals != nil {
			sc.aggClause = "JOIN conditions"
			cond, err := b.boolArg(j.Quals, sc, "JOIN/ON")
			if err != nil {
				return nil, nil, err
			}
			join.Cond = cond
		}
		var p Plan = join
		if j.Alias != nil {
			return b.aliased(p, j.Alias, "")
		}
		return p, sc, nil
	}
	// USING: equality on each named column; the merged column appears once, first.
	var conds []Expr
	var merged []Expr
	var mergedCols []Column
	var lIdx, rIdx []int
	for _, name := range using {
		lc, err := b.resolve(ls, "", name, -1)
		if err != nil {
			return nil, nil, b.errorf(-1, pgcode.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in left table", name)
		}
		rc, err := b.resolve(rs, "", name, -1)
		if err != nil {
			return nil, nil, b.errorf(-1, pgcode.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in right table", name)
		}
		le := Expr(&ColRef{Idx: lc.idx, T: lc.t, Name: name})
		re := Expr(&ColRef{Idx: rc.idx + lw, T: rc.t, Name: name})
		t, err := b.commonType([]Expr{le, re}, "JOIN/USING", nil)
		if err != nil {
			return nil, nil, err
		}
		lcv, err := b.coerce(le, t, types.Implicit, -1)
		if err != nil {
			return nil, nil, err
		}
		rcv, err := b.coerce(re, t, types.Implicit, -1)
		if err != nil {
			return nil, nil, err
		}
		eq, err := b.operator("=", lcv, rcv, -1, -1, -1)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, eq)
		var m Expr
		switch jt {
		case RightJoin:
			m = rcv
		case FullJoin:
			m = &Coalesce{Args: []Expr{lcv, rcv}, T: t}
		default:
			m = lcv
		}
		merged = append(merged, m)
		mergedCols = append(mergedCols, Column{Name: name, Type: t})
		lIdx = append(lIdx, lc.idx)
		rIdx = append(rIdx, rc.idx+lw)
	}
	join.Cond = andAll(conds)
	if j.Quals != nil {
		return nil, nil, b.errorf(-1, pgcode.SyntaxError, "JOIN cannot have both USING and ON")
	}
	// Output: all join columns followed by the merged columns; the scope shows the merged
	// columns unqualified and first for *, and hides the originals from unqualified lookup.
	cols := join.Columns()
	proj := &Project{Input: join}
	for i, c := range cols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		proj.Out = append(proj.Out, c)
	}
	base := len(cols)
	proj.Exprs = append(proj.Exprs, merged...)
	proj.Out = append(proj.Out, mergedCols...)
	isUsing := map[int]bool{}
	for i := range lIdx {
		isUsing[lIdx[i]], isUsing[rIdx[i]] = true, true
	}
	nsc := &scope{outer: outer}
	for _, c := range sc.cols {
		if isUsing[c.idx] {
			c.hidden = true
		}
		nsc.cols = append(nsc.cols, c)
	}
	for i, c := range mergedCols {
		nsc.cols = append(nsc.cols, scopeCol{name: c.Name, t: c.Type, idx: base + i})
		nsc.star = append(nsc.star, len(nsc.cols)-1)
	}
	for i, c := range nsc.cols[:len(sc.cols)] {
		if !c.hidden && c.idx < base {
			nsc.star = append(nsc.star, i)
		}
	}
	if j.Alias != nil {
		return b.aliased(proj, j.Alias, "")
	}
	return proj, nsc, nil
}

// nullableFromItem binds a join input, noting when it is the nullable side of an outer join.
func (b *binder) nullableFromItem(n *pg_query.Node, outer *scope, nullable bool) (Plan, *scope, error) {
	if nullable {
		b.nullableDepth++
		defer func() { b.nullableDepth-- }()
	}
	return b.fromItem(n, outer)
}

func andAll(es []Expr) Expr {
	if len(es) == 0 {
		return nil
	}
	if len(es) == 1 {
		return es[0]
	}
	return &BoolExpr{Op: And, Args: es}
}

// subLink binds a subquery expression.
func (b *binder) subLink(s *pg_query.SubLink, sc *scope) (Expr, error) {
	sel, ok := s.Subselect.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "subquery not supported")
	}
	b.sublinkDepth++
	plan, err := b.selectStmt(sel.SelectStmt, sc)
	b.sublinkDepth--
	if err != nil {
		return nil, err
	}
	correlated := planEscapes(plan)
	cols := plan.Columns()
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return &Subquery{Kind: ExistsSubquery, Plan: plan, T: types.TBool, Correlated: correlated}, nil
	case pg_query.SubLinkType_EXPR_SUBLINK:
		if len(cols) != 1 {
			return nil, b.errorf(s.Location, pgcode.SyntaxError, "subquery must return only one column")
		}
		return &Subquery{Kind: ScalarSubquery, Plan: plan, T: cols[0].Type, Correlated: correlated}, nil
	case pg_query.SubLinkType_ANY_SUBLINK:
		if len(s.OperName) > 0 && opName(s.OperName) != "=" {
			return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "only = ANY (subquery) is supported")
		}
		if len(cols) != 1 {
			return nil, b.errorf(s.Location, pgcode.SyntaxError, "subquery has too many columns")
		}
		arg, err := b.expr(s.Testexpr, sc)
		if err != nil {
			return nil, err
		}
		col := Expr(&ColRef{Idx: 0, T: cols[0].Type, Name: cols[0].Name})
		t, err := b.commonType([]Expr{arg, col}, "IN", []int32{location(s.Testexpr), s.Location})
		if err != nil {
			return nil, err
		}
		if arg, err = b.coerce(arg, t, types.Implicit, location(s.Testexpr)); err != nil {
			return nil, err
		}
		if cc, err := b.coerce(col, t, types.Implicit, s.Location); err != nil {
			return nil, err
		} else if cc != col {
			plan = &Project{Input: plan, Exprs: []Expr{cc}, Out: []Column{{Name: cols[0].Name, Type: t}}}
		}
		return &Subquery{Kind: InSubquery, Plan: plan, Arg: arg, T: types.TBool, Correlated: correlated}, nil
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		sq, err := b.arraySubquery(plan, s.Location)
		if err != nil {
			return nil, err
		}
		sq.Correlated = correlated
		return sq, nil
	}
	return nil, b.errorf(s.Location, pgcode.FeatureNotSupported, "this kind of subquery is not supported yet")
}

// requireEquality fails for types that cannot be grouped or deduplicated (json), as
// PostgreSQL does when it finds no equality operator for a grouping key.
func (b *binder) requireEquality(t types.T, loc int32) error {
	if types.HasEquality(t.OID) {
		return nil
	}
	return b.errorf(loc, pgcode.UndefinedFunction, "could not identify an equality operator for type %s", t)
}

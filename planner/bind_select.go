package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// selectStmt binds a SELECT (or VALUES, or set operation). outer is the enclosing query's
// scope for subqueries (used only to report correlated references).
func (b *binder) selectStmt(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	if b.locking != nil {
		// A subquery or view in a locking SELECT's FROM clause binds on its own.
		saved := b.locking
		b.locking = nil
		defer func() { b.locking = saved }()
	}
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

package planner

import (
	"cmp"
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// fromItem binds one FROM entry, returning its plan and scope.
func (b *binder) fromItem(n *pg_query.Node, outer *scope) (Plan, *scope, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		return b.rangeVar(x.RangeVar)
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		if rs.Alias != nil {
			b.noteRange(lockRange{name: rs.Alias.Aliasname, kind: "a subquery"})
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
		if x.JoinExpr.Alias != nil {
			b.noteRange(lockRange{name: x.JoinExpr.Alias.Aliasname, kind: "a join"})
		}
		return b.join(x.JoinExpr, outer)
	case *pg_query.Node_RangeFunction:
		if a := x.RangeFunction.Alias; a != nil {
			b.noteRange(lockRange{name: a.Aliasname, kind: "a function"})
		}
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
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	if rv.Schemaname == "" {
		if cte := b.lookupCTE(rv.Relname); cte != nil {
			b.noteRange(lockRange{name: name, kind: "a WITH query"})
			return b.cteRef(cte, rv)
		}
	}
	def, err := b.lookupTable(rv)
	if err != nil {
		return nil, nil, b.futureCTE(err, rv)
	}
	if err := b.checkRestricted(def); err != nil {
		return nil, nil, err
	}
	use, err := b.readCheck(def, true)
	if err != nil {
		return nil, nil, err
	}
	if b.viewDeps != nil && len(b.expanding) == 0 && !def.Virtual && !slices.Contains(*b.viewDeps, def.OID) {
		*b.viewDeps = append(*b.viewDeps, def.OID)
	}
	if def.Kind == catalog.KindView && !def.Virtual {
		b.noteRange(lockRange{name: name, kind: "a view"})
		p, sc, err := b.viewRef(def, rv)
		if err == nil {
			use.attach(sc)
		}
		return p, sc, err
	}
	if def.Kind == catalog.KindSequence && def.Sequence != nil {
		b.noteRange(lockRange{name: name, kind: "a sequence"})
		return b.sequenceRow(def, rv)
	}
	if err := unpopulatedError(def); err != nil && !b.planOnly && b.viewDeps == nil {
		return nil, nil, err
	}
	scan := &Scan{Table: def}
	for i, c := range def.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	rowIDs := b.lockableScan(def, scan, name)
	p, sc, err := b.aliased(scan, rv.Alias, rv.Relname)
	if rowIDs && err == nil {
		sc.cols = sc.cols[:len(sc.cols)-1] // the row identifiers are not a column
	}
	if err == nil {
		use.attach(sc)
	}
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
	if rf, ok := j.Rarg.Node.(*pg_query.Node_RangeFunction); ok && j.Jointype == pg_query.JoinType_JOIN_INNER &&
		len(j.UsingClause) == 0 && !j.IsNatural && j.Alias == nil {
		return b.lateralJoin(j, rf.RangeFunction, outer)
	}
	if rs, ok := lateralRangeSubselect(j.Rarg); ok {
		return b.joinLateral(j, rs, outer)
	}
	if _, ok := j.Rarg.Node.(*pg_query.Node_RangeFunction); ok && len(j.UsingClause) == 0 && !j.IsNatural {
		return b.joinFunction(j, outer)
	}
	nullL := j.Jointype == pg_query.JoinType_JOIN_RIGHT || j.Jointype == pg_query.JoinType_JOIN_FULL
	nullR := j.Jointype == pg_query.JoinType_JOIN_LEFT || j.Jointype == pg_query.JoinType_JOIN_FULL
	l, ls, err := b.nullableFromItem(j.Larg, outer, nullL)
	if err != nil {
		return nil, nil, err
	}
	rOuter := outer
	if _, ok := j.Rarg.Node.(*pg_query.Node_RangeSubselect); ok {
		rOuter = withUnreachable(outer, ls)
	}
	r, rs, err := b.nullableFromItem(j.Rarg, rOuter, nullR)
	if err != nil {
		return nil, nil, err
	}
	jt, err := b.joinType(j)
	if err != nil {
		return nil, nil, err
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
	if b.notes != nil && j.IsNatural {
		b.notes.natural[j] = using
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
	return b.usingJoin(join, j, using, ls, rs, outer)

}

// joinType maps a JOIN's kind to the plan's.
func (b *binder) joinType(j *pg_query.JoinExpr) (JoinType, error) {
	switch j.Jointype {
	case pg_query.JoinType_JOIN_INNER:
		return InnerJoin, nil
	case pg_query.JoinType_JOIN_LEFT:
		return LeftJoin, nil
	case pg_query.JoinType_JOIN_RIGHT:
		return RightJoin, nil
	case pg_query.JoinType_JOIN_FULL:
		return FullJoin, nil
	}
	return 0, b.errorf(-1, pgcode.FeatureNotSupported, "join type not supported")
}

// joinLateral binds a JOIN whose right side is a LATERAL subquery.
func (b *binder) joinLateral(j *pg_query.JoinExpr, rs *pg_query.RangeSubselect, outer *scope) (Plan, *scope, error) {
	jt, err := b.joinType(j)
	if err != nil {
		return nil, nil, err
	}
	if len(j.UsingClause) > 0 || j.IsNatural {
		return nil, nil, b.errorf(-1, pgcode.FeatureNotSupported, "USING and NATURAL joins with a LATERAL subquery are not supported yet")
	}
	l, ls, err := b.nullableFromItem(j.Larg, outer, jt == RightJoin || jt == FullJoin)
	if err != nil {
		return nil, nil, err
	}
	p, sc, err := b.lateralJoinItem(rs, jt, j.Quals, l, ls, outer)
	if err != nil || j.Alias == nil {
		return p, sc, err
	}
	return b.aliased(p, j.Alias, "")
}

// joinFunction binds an outer join with a function on its right, whose arguments may read
// the left side (implicitly LATERAL) on the right of a LEFT join, and not of a RIGHT or
// FULL one.
func (b *binder) joinFunction(j *pg_query.JoinExpr, outer *scope) (Plan, *scope, error) {
	jt, err := b.joinType(j)
	if err != nil {
		return nil, nil, err
	}
	l, ls, err := b.nullableFromItem(j.Larg, outer, jt == RightJoin || jt == FullJoin)
	if err != nil {
		return nil, nil, err
	}
	lat := &scope{cols: ls.cols, outer: outer, badLateral: jt == RightJoin || jt == FullJoin}
	r, rs, err := b.nullableFromItem(j.Rarg, lat, jt == LeftJoin || jt == FullJoin)
	if err != nil {
		return nil, nil, err
	}
	p, sc, err := b.lateralJoinOf(l, r, jt, j.Quals, ls, rs, outer)
	if err != nil || j.Alias == nil {
		return p, sc, err
	}
	return b.aliased(p, j.Alias, "")
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

// usingJoin binds JOIN ... USING (and NATURAL JOIN): equality on each named column; the
// merged column appears once, first.
func (b *binder) usingJoin(join *Join, j *pg_query.JoinExpr, using []string, ls, rs *scope, outer *scope) (Plan, *scope, error) {
	lw := len(join.Left.Columns())
	var conds []Expr
	var merged []usingColumn
	for _, name := range using {
		u, eq, err := b.usingColumn(name, join.Type, ls, rs, lw)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, eq)
		merged = append(merged, u)
	}
	join.Cond = andAll(conds)
	if j.Quals != nil {
		return nil, nil, b.errorf(-1, pgcode.SyntaxError, "JOIN cannot have both USING and ON")
	}
	proj, nsc := usingOutput(join, merged, concatScopes(ls, rs, lw), outer)
	if j.Alias != nil {
		return b.aliased(proj, j.Alias, "")
	}
	return proj, nsc, nil
}

// usingColumn is one merged column of a USING join: its value and the join input columns it
// merges.
type usingColumn struct {
	expr       Expr
	col        Column
	lIdx, rIdx int
	rel        string // the range a printed view names it by (scopeCol.usingRel)
}

// usingColumn binds one USING name: both sides coerced to their common type, the equality
// between them, and the merged value (the left side, the right side of a RIGHT JOIN, or
// COALESCE of both for a FULL JOIN).
func (b *binder) usingColumn(name string, jt JoinType, ls, rs *scope, lw int) (usingColumn, Expr, error) {
	lc, err := b.resolve(ls, "", name, -1)
	if err != nil {
		return usingColumn{}, nil, b.errorf(-1, pgcode.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in left table", name)
	}
	rc, err := b.resolve(rs, "", name, -1)
	if err != nil {
		return usingColumn{}, nil, b.errorf(-1, pgcode.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in right table", name)
	}
	le := Expr(&ColRef{Idx: lc.idx, T: lc.t, Name: name})
	re := Expr(&ColRef{Idx: rc.idx + lw, T: rc.t, Name: name})
	t, err := b.commonType([]Expr{le, re}, "JOIN/USING", nil)
	if err != nil {
		return usingColumn{}, nil, err
	}
	lcv, err := b.coerce(le, t, types.Implicit, -1)
	if err != nil {
		return usingColumn{}, nil, err
	}
	rcv, err := b.coerce(re, t, types.Implicit, -1)
	if err != nil {
		return usingColumn{}, nil, err
	}
	eq, err := b.operator("=", lcv, rcv, -1, -1, -1)
	if err != nil {
		return usingColumn{}, nil, err
	}
	u := usingColumn{expr: lcv, col: Column{Name: name, Type: t}, lIdx: lc.idx, rIdx: rc.idx + lw, rel: cmp.Or(lc.table, lc.usingRel)}
	switch jt {
	case RightJoin:
		u.expr, u.rel = rcv, cmp.Or(rc.table, rc.usingRel)
	case FullJoin:
		u.expr, u.rel = &Coalesce{Args: []Expr{lcv, rcv}, T: t}, ""
	}
	return u, eq, nil
}

// usingOutput projects all join columns followed by the merged columns; the scope shows the
// merged columns unqualified and first for *, and hides the originals from unqualified lookup.
func usingOutput(join *Join, merged []usingColumn, sc *scope, outer *scope) (Plan, *scope) {
	cols := join.Columns()
	proj := &Project{Input: join}
	for i, c := range cols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		proj.Out = append(proj.Out, c)
	}
	base := len(cols)
	isUsing := map[int]bool{}
	for _, u := range merged {
		proj.Exprs = append(proj.Exprs, u.expr)
		proj.Out = append(proj.Out, u.col)
		isUsing[u.lIdx], isUsing[u.rIdx] = true, true
	}
	nsc := &scope{outer: outer}
	for _, c := range sc.cols {
		if isUsing[c.idx] {
			c.hidden = true
		}
		nsc.cols = append(nsc.cols, c)
	}
	for i, u := range merged {
		nsc.cols = append(nsc.cols, scopeCol{name: u.col.Name, t: u.col.Type, idx: base + i, usingRel: u.rel})
		nsc.star = append(nsc.star, len(nsc.cols)-1)
	}
	for i, c := range nsc.cols[:len(sc.cols)] {
		if !c.hidden && c.idx < base {
			nsc.star = append(nsc.star, i)
		}
	}
	return proj, nsc
}

// lateralJoin binds "l [CROSS] JOIN f(...) [ON cond]" with a function on the right, whose
// arguments may read the columns of l as in a FROM list (catalog queries unnest
// pg_index.indkey this way): the function is bound as a LATERAL item after l and the
// condition filters the pairs, which for an inner join is the same.
func (b *binder) lateralJoin(j *pg_query.JoinExpr, rf *pg_query.RangeFunction, outer *scope) (Plan, *scope, error) {
	l, ls, err := b.fromItem(j.Larg, outer)
	if err != nil {
		return nil, nil, err
	}
	p, sc, err := b.lateralFunction(rf, l, ls, outer)
	if err != nil {
		return nil, nil, err
	}
	sc.outer = outer
	if j.Quals == nil {
		return p, sc, nil
	}
	sc.aggClause = "JOIN conditions"
	cond, err := b.boolArg(j.Quals, sc, "JOIN/ON")
	if err != nil {
		return nil, nil, err
	}
	sc.aggClause = ""
	return &Filter{Input: p, Pred: cond}, sc, nil
}

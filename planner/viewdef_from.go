package planner

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
)

// fromClause prints FROM and its items (get_from_clause).
func (d *viewDeparser) fromClause(items []*pg_query.Node) {
	for i, n := range items {
		if i == 0 {
			d.keyword(" FROM ", -indentStd, indentStd, 2)
			d.fromItem(n)
			continue
		}
		d.str(", ")
		outer := d.buf
		d.buf = nil
		d.fromItem(n)
		item := string(d.buf)
		d.buf = outer
		if d.wrap >= 0 {
			if strings.HasPrefix(item, "\n") {
				d.trimSpaces()
			} else {
				line := string(d.buf)
				if j := strings.LastIndexByte(line, '\n'); j >= 0 {
					line = line[j+1:]
				}
				if len(line)+len(item) > d.wrap {
					d.keyword("", -indentStd, indentStd, indentVar)
				}
			}
		}
		d.str(item)
	}
}

// fromItem prints one FROM item (get_from_clause_item).
func (d *viewDeparser) fromItem(n *pg_query.Node) {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		d.str(d.relationName(rv))
		switch printed := d.rangeName(0, refName(n)); {
		case rv.Alias != nil:
			d.alias(&pg_query.Alias{Aliasname: printed, Colnames: rv.Alias.Colnames})
		case printed != rv.Relname:
			d.str(" " + types.QuoteIdent(printed))
		}
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		if rs.Lateral {
			d.str("LATERAL ")
		}
		d.str("(")
		if q := rs.Subquery.GetSelectStmt(); q != nil {
			d.query(q, nil, d.indent)
		}
		d.str(")")
		if rs.Alias != nil {
			d.alias(&pg_query.Alias{Aliasname: d.rangeName(0, rs.Alias.Aliasname), Colnames: rs.Alias.Colnames})
		}
	case *pg_query.Node_RangeFunction:
		rf := x.RangeFunction
		if rf.Lateral {
			d.str("LATERAL ")
		}
		for i, f := range rf.Functions {
			if i > 0 {
				d.str(", ")
			}
			if items := f.GetList().GetItems(); len(items) > 0 {
				d.expr(items[0], true)
			}
		}
		if rf.Ordinality {
			d.str(" WITH ORDINALITY")
		}
		if rf.Alias != nil {
			d.alias(rf.Alias)
		}
	case *pg_query.Node_JoinExpr:
		d.join(x.JoinExpr)
	default:
		d.str(pgDeparseNode(n))
	}
}

// alias prints a range's alias and its column names.
func (d *viewDeparser) alias(a *pg_query.Alias) {
	d.str(" " + types.QuoteIdent(a.Aliasname))
	if len(a.Colnames) > 0 {
		d.str("(" + quoteNames(names(a.Colnames)) + ")")
	}
}

// relationName is a relation's name, with its schema when the session's search path would
// not find it by name alone.
func (d *viewDeparser) relationName(rv *pg_query.RangeVar) string {
	name := types.QuoteIdent(rv.Relname)
	if rv.Schemaname == "" && d.ctes[rv.Relname] {
		return name
	}
	sessionPath := d.b.path
	d.b.path = d.bindPath
	def := d.b.findTable(rv.Schemaname, rv.Relname)
	d.b.path = sessionPath
	switch {
	case def == nil && rv.Schemaname == "":
		return name
	case def == nil:
		return types.QuoteIdent(rv.Schemaname) + "." + name
	case d.b.findTable("", rv.Relname) == def:
		return name
	}
	return types.QuoteIdent(def.Schema) + "." + name
}

func (d *viewDeparser) join(j *pg_query.JoinExpr) {
	if !d.paren || j.Alias != nil {
		d.str("(")
	}
	d.fromItem(j.Larg)
	kw := " JOIN "
	switch j.Jointype {
	case pg_query.JoinType_JOIN_LEFT:
		kw = " LEFT JOIN "
	case pg_query.JoinType_JOIN_RIGHT:
		kw = " RIGHT JOIN "
	case pg_query.JoinType_JOIN_FULL:
		kw = " FULL JOIN "
	default:
		if j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural {
			kw = " CROSS JOIN "
		}
	}
	d.keyword(kw, -indentStd, indentStd, indentJoin)
	_, rightJoin := j.Rarg.Node.(*pg_query.Node_JoinExpr)
	parenRight := d.paren && rightJoin && j.Rarg.GetJoinExpr().Alias == nil
	if parenRight {
		d.str("(")
	}
	d.fromItem(j.Rarg)
	if parenRight {
		d.str(")")
	}
	using := names(j.UsingClause)
	if j.IsNatural {
		using = d.notes.natural[j]
	}
	switch {
	case len(using) > 0:
		d.str(" USING (" + quoteNames(using) + ")")
		if j.JoinUsingAlias != nil {
			d.str(" AS " + types.QuoteIdent(j.JoinUsingAlias.Aliasname))
		}
	case j.Quals != nil:
		d.str(" ON ")
		if !d.paren {
			d.str("(")
		}
		d.expr(j.Quals, false)
		if !d.paren {
			d.str(")")
		}
	case kw != " JOIN " && kw != " CROSS JOIN " || j.IsNatural:
		d.str(" ON TRUE")
	}
	if !d.paren || j.Alias != nil {
		d.str(")")
	}
	if j.Alias != nil {
		d.alias(j.Alias)
	}
}

// orderBy prints ORDER BY (get_rule_orderby); a set operation's sorts by column number.
func (d *viewDeparser) orderBy(s *pg_query.SelectStmt, byNumber bool) {
	if len(s.SortClause) == 0 {
		return
	}
	d.keyword(" ORDER BY ", -indentStd, indentStd, 1)
	for i, n := range s.SortClause {
		if i > 0 {
			d.str(", ")
		}
		sb := n.GetSortBy()
		if byNumber {
			d.str(strconv.Itoa(d.setOpColumn(s, sb.Node)))
		} else {
			d.sortGroupExpr(d.orderTarget(s, sb.Node), true)
		}
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if desc {
			d.str(" DESC")
		}
		if op := sortOperator(sb); op != "" {
			d.str(" USING " + op)
		}
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			if !desc {
				d.str(" NULLS FIRST")
			}
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			if desc {
				d.str(" NULLS LAST")
			}
		}
	}
}

func sortOperator(sb *pg_query.SortBy) string {
	if sb.SortbyDir != pg_query.SortByDir_SORTBY_USING {
		return ""
	}
	return opName(sb.UseOp)
}

// setOpColumn is the output column number a set operation's ORDER BY item names.
func (d *viewDeparser) setOpColumn(s *pg_query.SelectStmt, n *pg_query.Node) int {
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		return int(c.GetIval().Ival)
	}
	leaf := s
	for isSetOp(leaf) {
		leaf = leaf.Larg
	}
	if cr := n.GetColumnRef(); cr != nil {
		name := strVal(cr.Fields[len(cr.Fields)-1])
		for i, t := range leaf.TargetList {
			if d.notes.names[t] == name {
				return i + 1
			}
		}
	}
	return 1
}

// orderTarget resolves an ORDER BY or DISTINCT ON item: a number or an output column's
// name stands for that SELECT-list entry's expression.
func (d *viewDeparser) orderTarget(s *pg_query.SelectStmt, n *pg_query.Node) *pg_query.Node {
	if t := ordinalTarget(s, n); t != nil {
		return t
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		name := strVal(cr.Fields[0])
		for _, t := range s.TargetList {
			if rt := t.GetResTarget(); rt != nil && d.notes.names[t] == name {
				return rt.Val
			}
		}
	}
	return n
}

// groupTarget resolves a GROUP BY item: a number stands for that SELECT-list entry, a
// name for an input column first and for an output column only otherwise.
func (d *viewDeparser) groupTarget(s *pg_query.SelectStmt, n *pg_query.Node) *pg_query.Node {
	if t := ordinalTarget(s, n); t != nil {
		return t
	}
	if _, ok := d.notes.bound[n]; ok {
		return n
	}
	return d.orderTarget(s, n)
}

func ordinalTarget(s *pg_query.SelectStmt, n *pg_query.Node) *pg_query.Node {
	c := n.GetAConst()
	if c == nil || c.GetIval() == nil {
		return nil
	}
	k := int(c.GetIval().Ival)
	if k < 1 || k > len(s.TargetList) {
		return nil
	}
	if rt := s.TargetList[k-1].GetResTarget(); rt != nil {
		return rt.Val
	}
	return nil
}

// sortGroupExpr prints a sort or grouping expression (get_rule_sortgroupclause): a
// constant with its type, a column bare, anything else parenthesized where it could
// misparse.
func (d *viewDeparser) sortGroupExpr(n *pg_query.Node, _ bool) {
	switch d.kindOf(n) {
	case kindConst:
		d.constNode(n, 1)
	case kindVar:
		d.expr(n, true)
	default:
		k := d.kindOf(n)
		p := d.paren || k == kindFunc || k == kindAgg
		if p {
			d.str("(")
		}
		d.expr(n, true)
		if p {
			d.str(")")
		}
	}
}

// limit prints OFFSET and LIMIT, in that order as PostgreSQL does.
func (d *viewDeparser) limit(s *pg_query.SelectStmt) {
	if s.LimitOffset != nil {
		d.keyword(" OFFSET ", -indentStd, indentStd, 0)
		d.expr(s.LimitOffset, false)
	}
	if s.LimitCount != nil {
		if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
			d.keyword(" FETCH FIRST ", -indentStd, indentStd, 0)
			d.expr(s.LimitCount, false)
			d.str(" ROWS WITH TIES")
			return
		}
		d.keyword(" LIMIT ", -indentStd, indentStd, 0)
		if c := s.LimitCount.GetAConst(); c != nil && c.Isnull {
			d.str("ALL")
			return
		}
		d.expr(s.LimitCount, false)
	}
}

// pgDeparseNode prints a node the deparser does not know through pg_query's own deparse,
// the best it can do.
func pgDeparseNode(n *pg_query.Node) string {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}}}
	s, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(s, "SELECT ")
}

package planner

import (
	"cmp"
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
)

// rawExpr prints n itself, without the coercion noted on it.
func (d *viewDeparser) rawExpr(n *pg_query.Node) {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		switch c := d.notes.bound[n].(type) {
		case *ColRef:
			if d.bare {
				d.str(columnText("", c.Name))
				break
			}
			d.str(columnText(d.rangeName(0, cmp.Or(c.Rel, d.notes.usingRels[c])), c.Name))
		case *OuterRef:
			d.str(columnText(d.rangeName(c.Level, c.Rel), c.Name))
		default:
			d.str(pgDeparseNode(n))
		}
	case *pg_query.Node_AConst:
		if c, ok := d.notes.bound[n].(*Const); ok {
			d.constant(c, 0)
		} else {
			d.str(pgDeparseNode(n))
		}
	case *pg_query.Node_ParamRef:
		d.str("$" + strconv.Itoa(int(x.ParamRef.Number)))
	case *pg_query.Node_TypeCast:
		d.typeCast(n, x.TypeCast)
	case *pg_query.Node_AExpr:
		d.aExpr(n, x.AExpr)
	case *pg_query.Node_BoolExpr:
		d.boolExpr(x.BoolExpr)
	case *pg_query.Node_NullTest:
		d.test(x.NullTest.Arg, map[bool]string{false: " IS NULL", true: " IS NOT NULL"}[x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL])
	case *pg_query.Node_BooleanTest:
		d.test(x.BooleanTest.Arg, booleanTests[x.BooleanTest.Booltesttype])
	case *pg_query.Node_FuncCall:
		d.funcCall(n, x.FuncCall)
	case *pg_query.Node_CaseExpr:
		d.caseExpr(n, x.CaseExpr)
	case *pg_query.Node_CoalesceExpr:
		d.call("COALESCE", x.CoalesceExpr.Args)
	case *pg_query.Node_GroupingFunc:
		d.call("GROUPING", x.GroupingFunc.Args)
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			d.call("GREATEST", x.MinMaxExpr.Args)
		} else {
			d.call("LEAST", x.MinMaxExpr.Args)
		}
	case *pg_query.Node_SubLink:
		d.subLink(x.SubLink)
	case *pg_query.Node_SqlvalueFunction:
		d.str(sqlValueFunctions[x.SqlvalueFunction.Op])
		if x.SqlvalueFunction.Typmod >= 0 && sqlValueTakesPrecision(x.SqlvalueFunction.Op) {
			d.str("(" + strconv.Itoa(int(x.SqlvalueFunction.Typmod)) + ")")
		}
	case *pg_query.Node_AArrayExpr:
		d.str("ARRAY[")
		d.list(x.AArrayExpr.Elements)
		d.str("]")
	case *pg_query.Node_RowExpr:
		d.call("ROW", x.RowExpr.Args)
	case *pg_query.Node_CollateClause:
		d.exprParen(x.CollateClause.Arg, true, parent{kind: kindOther})
		d.str(" COLLATE " + quoteNames(names(x.CollateClause.Collname)))
	default:
		d.str(pgDeparseNode(n))
	}
}

var booleanTests = map[pg_query.BoolTestType]string{
	pg_query.BoolTestType_IS_TRUE: " IS TRUE", pg_query.BoolTestType_IS_NOT_TRUE: " IS NOT TRUE",
	pg_query.BoolTestType_IS_FALSE: " IS FALSE", pg_query.BoolTestType_IS_NOT_FALSE: " IS NOT FALSE",
	pg_query.BoolTestType_IS_UNKNOWN: " IS UNKNOWN", pg_query.BoolTestType_IS_NOT_UNKNOWN: " IS NOT UNKNOWN",
}

var sqlValueFunctions = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "CURRENT_DATE",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "CURRENT_TIME",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "CURRENT_TIME",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "CURRENT_TIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "CURRENT_TIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           "LOCALTIME",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "LOCALTIME",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "LOCALTIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "LOCALTIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "CURRENT_ROLE",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "CURRENT_USER",
	pg_query.SQLValueFunctionOp_SVFOP_USER:                "USER",
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:        "SESSION_USER",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "CURRENT_CATALOG",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "CURRENT_SCHEMA",
}

func sqlValueTakesPrecision(op pg_query.SQLValueFunctionOp) bool {
	switch op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N,
		pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return true
	}
	return false
}

// list prints expressions separated by commas, implicit casts shown.
func (d *viewDeparser) list(ns []*pg_query.Node) {
	for i, a := range ns {
		if i > 0 {
			d.str(", ")
		}
		d.expr(a, true)
	}
}

func (d *viewDeparser) call(name string, args []*pg_query.Node) {
	d.str(name + "(")
	d.list(args)
	d.str(")")
}

// open and close parenthesize a whole operator expression in the plain form.
func (d *viewDeparser) open() {
	if !d.paren {
		d.str("(")
	}
}

func (d *viewDeparser) close() {
	if !d.paren {
		d.str(")")
	}
}

func (d *viewDeparser) test(arg *pg_query.Node, suffix string) {
	d.open()
	d.exprParen(arg, true, parent{kind: kindTest})
	d.str(suffix)
	d.close()
}

// typeCast prints an explicit cast: a literal read as the type prints as a literal of it,
// a cast to the type the value already has not at all.
func (d *viewDeparser) typeCast(n *pg_query.Node, tc *pg_query.TypeCast) {
	if isStringConst(tc.Arg) {
		switch c := d.notes.coercedTo[tc.Arg].(type) {
		case *Const:
			d.constant(c, 0)
			return
		case *Cast:
			d.castOf(tc.Arg, c)
			return
		}
	}
	e, ok := d.notes.bound[n]
	if !ok {
		d.str(pgDeparseNode(n))
		return
	}
	if e == d.notes.bound[tc.Arg] {
		d.expr(tc.Arg, true)
		return
	}
	if _, ok := e.(*ArrayExpr); ok && tc.Arg.GetAArrayExpr() != nil {
		// ARRAY[...]::t[] casts the elements, as the analysed query holds it.
		d.rawExpr(tc.Arg)
		return
	}
	d.open()
	d.exprParen(tc.Arg, false, parent{kind: kindCast})
	d.close()
	d.str("::" + d.typeName(e.Type()))
}

// binary prints l op r.
func (d *viewDeparser) binary(l *pg_query.Node, op string, r *pg_query.Node) {
	d.open()
	d.exprParen(l, !d.crossTypeOperand(l), parent{kind: kindOp, op: op, left: true})
	d.str(" " + op + " ")
	d.exprParen(r, !d.crossTypeOperand(r), parent{kind: kindOp, op: op})
	d.close()
}

// crossTypeOperand reports whether the coercion noted on an operand is one PostgreSQL
// does not make, having operators across the types (integers of any width, float4 and
// float8, date and timestamp): pgfast widens the operand where PostgreSQL calls those.
func (d *viewDeparser) crossTypeOperand(n *pg_query.Node) bool {
	c, ok := d.notes.coercedTo[n].(*Cast)
	if !ok || c.Context == types.Explicit {
		return false
	}
	family := func(o types.OID) int {
		switch o {
		case types.Int2, types.Int4, types.Int8:
			return 1
		case types.Float4, types.Float8:
			return 2
		case types.Date, types.Timestamp, types.Timestamptz:
			return 3
		}
		return 0
	}
	f := family(c.T.OID)
	return f != 0 && f == family(c.Arg.Type().OID)
}

func (d *viewDeparser) aExpr(n *pg_query.Node, a *pg_query.A_Expr) {
	op := opName(a.Name)
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP, pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		if a.Lexpr == nil {
			if c, ok := d.notes.bound[n].(*Const); ok {
				d.constant(c, 0)
				return
			}
			d.open()
			d.str(op + " ")
			d.exprParen(a.Rexpr, true, parent{kind: kindOp, op: op})
			d.close()
			return
		}
		d.binary(a.Lexpr, op, a.Rexpr)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT:
		d.open()
		d.exprParen(a.Lexpr, true, parent{kind: kindTest})
		d.str(" IS DISTINCT FROM ")
		d.exprParen(a.Rexpr, true, parent{kind: kindTest})
		d.close()
	case pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		d.open()
		d.str("NOT ")
		if d.paren {
			d.exprParen(a.Lexpr, true, parent{kind: kindTest})
			d.str(" IS DISTINCT FROM ")
			d.exprParen(a.Rexpr, true, parent{kind: kindTest})
		} else {
			d.str("(")
			d.expr(a.Lexpr, true)
			d.str(" IS DISTINCT FROM ")
			d.expr(a.Rexpr, true)
			d.str(")")
		}
		d.close()
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		d.call("NULLIF", []*pg_query.Node{a.Lexpr, a.Rexpr})
	case pg_query.A_Expr_Kind_AEXPR_IN:
		items := a.Rexpr.GetList().GetItems()
		eq := "="
		if op == "<>" {
			eq = "<>"
		}
		if len(items) == 1 {
			d.binary(a.Lexpr, eq, items[0])
			return
		}
		quant := "ANY"
		if eq == "<>" {
			quant = "ALL"
		}
		d.open()
		d.exprParen(a.Lexpr, true, parent{kind: kindArrayOp})
		d.str(" " + eq + " " + quant + " (ARRAY[")
		if d.varcharIn(a.Lexpr, items) {
			// PostgreSQL types the list as the column's varchar and compares as text.
			for i, it := range items {
				if i > 0 {
					d.str(", ")
				}
				d.constant(&Const{Value: d.literalOf(it).Value, T: types.T{OID: types.Varchar, Typmod: -1}}, 0)
			}
			d.str("]::text[])")
		} else {
			d.list(items)
			d.str("])")
		}
		d.close()
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		bounds := a.Rexpr.GetList().GetItems()
		if len(bounds) != 2 {
			d.str(pgDeparseNode(n))
			return
		}
		lo, join, hi := ">=", " AND ", "<="
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			lo, join, hi = "<", " OR ", ">"
		}
		d.open()
		d.binary(a.Lexpr, lo, bounds[0])
		d.str(join)
		d.binary(a.Lexpr, hi, bounds[1])
		d.close()
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		quant := "ANY"
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL {
			quant = "ALL"
		}
		d.open()
		d.exprParen(a.Lexpr, true, parent{kind: kindArrayOp})
		d.str(" " + op + " " + quant + " (")
		d.exprParen(a.Rexpr, true, parent{kind: kindArrayOp})
		d.str(")")
		d.close()
	default:
		d.str(pgDeparseNode(n))
	}
}

func (d *viewDeparser) boolExpr(x *pg_query.BoolExpr) {
	k := kindAnd
	sep := " AND "
	switch x.Boolop {
	case pg_query.BoolExprType_OR_EXPR:
		k, sep = kindOr, " OR "
	case pg_query.BoolExprType_NOT_EXPR:
		d.open()
		d.str("NOT ")
		d.exprParen(x.Args[0], false, parent{kind: kindNot})
		d.close()
		return
	}
	d.open()
	for i, a := range x.Args {
		if i > 0 {
			d.str(sep)
		}
		d.exprParen(a, false, parent{kind: k})
	}
	d.close()
}

func (d *viewDeparser) caseExpr(n *pg_query.Node, c *pg_query.CaseExpr) {
	d.keyword("CASE", 0, indentVar, 0)
	if c.Arg != nil {
		d.str(" ")
		d.expr(c.Arg, true)
	}
	for _, w := range c.Args {
		cw := w.GetCaseWhen()
		d.keyword("WHEN ", 0, 0, 0)
		d.expr(cw.Expr, false)
		d.str(" THEN ")
		d.expr(cw.Result, true)
	}
	d.keyword("ELSE ", 0, 0, 0)
	if c.Defresult != nil {
		d.expr(c.Defresult, true)
	} else if e, ok := d.notes.bound[n]; ok {
		d.str("NULL::" + d.typeName(e.Type()))
	} else {
		d.str("NULL")
	}
	d.keyword("END", -indentVar, 0, 0)
}

func (d *viewDeparser) subLink(s *pg_query.SubLink) {
	q := s.Subselect.GetSelectStmt()
	if s.SubLinkType == pg_query.SubLinkType_ARRAY_SUBLINK {
		d.str("ARRAY(")
	} else {
		d.str("(")
	}
	closeBoth := true
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		d.str("EXISTS ")
	case pg_query.SubLinkType_ANY_SUBLINK:
		d.expr(s.Testexpr, true)
		if op := subLinkOp(s); op == "=" {
			d.str(" IN ")
		} else {
			d.str(" " + op + " ANY ")
		}
	case pg_query.SubLinkType_ALL_SUBLINK:
		d.expr(s.Testexpr, true)
		d.str(" " + subLinkOp(s) + " ALL ")
	default:
		closeBoth = false
	}
	if closeBoth {
		d.str("(")
	}
	if q != nil {
		d.query(q, nil, d.indent)
	}
	if closeBoth {
		d.str("))")
	} else {
		d.str(")")
	}
}

// funcCall prints a function, aggregate or window call (get_func_expr, get_agg_expr,
// get_windowfunc_expr).
func (d *viewDeparser) funcCall(n *pg_query.Node, f *pg_query.FuncCall) {
	ns := names(f.Funcname)
	name := ns[len(ns)-1]
	if f.Funcformat == pg_query.CoercionForm_COERCE_SQL_SYNTAX && d.sqlSyntaxCall(name, f.Args) {
		return
	}
	d.str(types.QuoteIdent(name) + "(")
	switch {
	case f.AggStar:
		d.str("*")
	default:
		if f.AggDistinct {
			d.str("DISTINCT ")
		}
		for i, a := range f.Args {
			if i > 0 {
				d.str(", ")
			}
			if f.FuncVariadic && i == len(f.Args)-1 {
				d.str("VARIADIC ")
			}
			if na := a.GetNamedArgExpr(); na != nil {
				d.str(types.QuoteIdent(na.Name) + " => ")
				d.expr(na.Arg, true)
				continue
			}
			d.expr(a, true)
		}
	}
	if len(f.AggOrder) > 0 && !f.AggWithinGroup {
		d.str(" ORDER BY ")
		d.sortList(f.AggOrder)
	}
	d.str(")")
	if f.AggWithinGroup {
		d.str(" WITHIN GROUP (ORDER BY ")
		d.sortList(f.AggOrder)
		d.str(")")
	}
	if f.AggFilter != nil {
		d.str(" FILTER (WHERE ")
		d.expr(f.AggFilter, false)
		d.str(")")
	}
	if f.Over != nil {
		d.str(" OVER ")
		d.windowSpec(f.Over)
	}
}

// sortList prints the items of an ORDER BY inside a call or window.
func (d *viewDeparser) sortList(items []*pg_query.Node) {
	for i, n := range items {
		if i > 0 {
			d.str(", ")
		}
		sb := n.GetSortBy()
		d.sortGroupExpr(sb.Node, true)
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if desc {
			d.str(" DESC")
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

func (d *viewDeparser) windowSpec(w *pg_query.WindowDef) {
	if w.Name != "" && len(w.PartitionClause) == 0 && len(w.OrderClause) == 0 {
		d.str(types.QuoteIdent(w.Name))
		return
	}
	d.str("(")
	sep := ""
	if w.Refname != "" {
		d.str(types.QuoteIdent(w.Refname))
		sep = " "
	}
	if len(w.PartitionClause) > 0 {
		d.str(sep + "PARTITION BY ")
		for i, p := range w.PartitionClause {
			if i > 0 {
				d.str(", ")
			}
			d.sortGroupExpr(p, false)
		}
		sep = " "
	}
	if len(w.OrderClause) > 0 {
		d.str(sep + "ORDER BY ")
		d.sortList(w.OrderClause)
	}
	d.str(")")
}

// sqlSyntaxCall prints the functions the grammar writes as SQL syntax (EXTRACT(f FROM x),
// SUBSTRING(x FROM a FOR b), TRIM(...)), reporting false for the others.
func (d *viewDeparser) sqlSyntaxCall(name string, args []*pg_query.Node) bool {
	switch {
	case name == "extract" && len(args) == 2 && args[0].GetAConst().GetSval() != nil:
		d.str("EXTRACT(" + args[0].GetAConst().GetSval().Sval + " FROM ")
		d.expr(args[1], true)
		d.str(")")
	case name == "substring" && (len(args) == 2 || len(args) == 3):
		d.str("SUBSTRING(")
		d.expr(args[0], true)
		d.str(" FROM ")
		d.expr(args[1], true)
		if len(args) == 3 {
			d.str(" FOR ")
			d.expr(args[2], true)
		}
		d.str(")")
	case (name == "btrim" || name == "ltrim" || name == "rtrim") && (len(args) == 1 || len(args) == 2):
		d.str("TRIM(" + map[string]string{"btrim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}[name])
		if len(args) == 2 {
			d.str(" ")
			d.expr(args[1], true)
		}
		d.str(" FROM ")
		d.expr(args[0], true)
		d.str(")")
	case name == "timezone" && len(args) == 2:
		d.str("(")
		d.exprParen(args[1], true, parent{kind: kindOp})
		d.str(" AT TIME ZONE ")
		d.exprParen(args[0], true, parent{kind: kindOp})
		d.str(")")
	default:
		return false
	}
	return true
}

// subLinkOp is the operator of x op ANY/ALL (SELECT ...); IN has none written ("=").
func subLinkOp(s *pg_query.SubLink) string {
	if len(s.OperName) == 0 {
		return "="
	}
	return opName(s.OperName)
}

// varcharIn reports whether x IN (literals...) compares a varchar x as text with text
// literals, which PostgreSQL writes as varchar literals in an array cast to text[].
func (d *viewDeparser) varcharIn(x *pg_query.Node, items []*pg_query.Node) bool {
	c, ok := d.notes.coercedTo[x].(*Cast)
	if !ok || c.T.OID != types.Text || c.Arg.Type().OID != types.Varchar {
		return false
	}
	for _, it := range items {
		if k := d.literalOf(it); k == nil || !isStringConst(it) || k.Value == nil || !k.Value.IsValid() {
			return false
		}
	}
	return true
}

// literalOf is the literal a string constant was read as, under any cast noted on it.
func (d *viewDeparser) literalOf(n *pg_query.Node) *Const {
	switch c := d.notes.coercedTo[n].(type) {
	case *Const:
		return c
	case *Cast:
		k, _ := c.Arg.(*Const)
		return k
	}
	return nil
}

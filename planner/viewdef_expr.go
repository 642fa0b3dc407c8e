package planner

import (
	"slices"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// exprKind classifies an expression the way PostgreSQL's printer decides parentheses
// (isSimpleNode): by the node the analysed query would hold.
type exprKind int

const (
	kindOther exprKind = iota
	kindVar
	kindConst
	kindFunc // function-like: name(...), ARRAY[...], ROW(...), COALESCE, CASE
	kindAgg
	kindCast
	kindOp
	kindTest // IS NULL, IS DISTINCT FROM, sub-selects
	kindAnd
	kindOr
	kindNot
	kindArrayOp // x op ANY (array)
)

// parent describes the node an expression is printed under.
type parent struct {
	kind exprKind
	op   string
	left bool // the expression is the left operand
}

// kindOf classifies the expression node n as printed (an implicit cast noted on it counts).
func (d *viewDeparser) kindOf(n *pg_query.Node) exprKind {
	switch c := d.notes.coercedTo[n].(type) {
	case *Const:
		return kindConst
	case *Cast:
		if c.Context != types.Explicit {
			return kindCast
		}
	}
	return d.rawKind(n)
}

func (d *viewDeparser) rawKind(n *pg_query.Node) exprKind {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		return kindVar
	case *pg_query.Node_AConst, *pg_query.Node_ParamRef:
		return kindConst
	case *pg_query.Node_TypeCast:
		if isStringConst(x.TypeCast.Arg) {
			if _, ok := d.notes.coercedTo[x.TypeCast.Arg].(*Const); ok {
				return kindConst
			}
		}
		if d.notes.bound[n] == d.notes.bound[x.TypeCast.Arg] {
			return d.kindOf(x.TypeCast.Arg)
		}
		return kindCast
	case *pg_query.Node_FuncCall:
		if x.FuncCall.Over != nil {
			return kindAgg
		}
		if d.isAggregate(x.FuncCall) {
			return kindAgg
		}
		return kindFunc
	case *pg_query.Node_CoalesceExpr, *pg_query.Node_GroupingFunc, *pg_query.Node_MinMaxExpr, *pg_query.Node_AArrayExpr, *pg_query.Node_RowExpr,
		*pg_query.Node_CaseExpr, *pg_query.Node_SqlvalueFunction:
		return kindFunc
	case *pg_query.Node_AExpr:
		if _, ok := d.notes.bound[n].(*Const); ok && x.AExpr.Lexpr == nil {
			return kindConst
		}
		switch x.AExpr.Kind {
		case pg_query.A_Expr_Kind_AEXPR_OP, pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
			return kindOp
		case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			return kindTest
		case pg_query.A_Expr_Kind_AEXPR_NULLIF:
			return kindFunc
		case pg_query.A_Expr_Kind_AEXPR_IN:
			if len(x.AExpr.Rexpr.GetList().GetItems()) == 1 {
				return kindOp
			}
			return kindArrayOp
		case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
			return kindAnd
		case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
			return kindArrayOp
		}
	case *pg_query.Node_BoolExpr:
		switch x.BoolExpr.Boolop {
		case pg_query.BoolExprType_AND_EXPR:
			return kindAnd
		case pg_query.BoolExprType_OR_EXPR:
			return kindOr
		default:
			return kindNot
		}
	case *pg_query.Node_NullTest, *pg_query.Node_BooleanTest, *pg_query.Node_SubLink:
		return kindTest
	case *pg_query.Node_CollateClause:
		return kindOther
	}
	return kindOther
}

func isStringConst(n *pg_query.Node) bool {
	c := n.GetAConst()
	return c != nil && (c.Isnull || c.GetSval() != nil || c.GetBsval() != nil)
}

// simple reports whether an expression of kind k needs no parentheses under p when
// parentheses are dropped (isSimpleNode).
func simple(k exprKind, op string, p parent) bool {
	switch k {
	case kindVar, kindConst, kindFunc, kindAgg, kindCast:
		return true
	case kindOp:
		if p.kind == kindOp {
			return simpleUnderOperator(op, p)
		}
		return simpleTest(p)
	case kindTest:
		return simpleTest(p)
	case kindAnd, kindOr, kindNot:
		switch p.kind {
		case kindAnd, kindOr, kindNot:
			if k == kindOr {
				return p.kind == kindOr
			}
			return p.kind == kindAnd || p.kind == kindOr
		case kindCast:
			return false
		case kindFunc, kindAgg:
			return true
		}
	}
	return false
}

func simpleTest(p parent) bool {
	switch p.kind {
	case kindFunc, kindAgg, kindAnd, kindOr, kindNot:
		return true
	}
	return false
}

// simpleUnderOperator applies the precedence of + - * / % between an operator and the
// operator above it.
func simpleUnderOperator(op string, p parent) bool {
	if len(op) != 1 || len(p.op) != 1 {
		return false
	}
	lo, hi := strings.Contains("+-", op), strings.Contains("*/%", op)
	plo, phi := strings.Contains("+-", p.op), strings.Contains("*/%", p.op)
	switch {
	case !(lo || hi) || !(plo || phi):
		return false
	case hi && plo:
		return true
	case lo && phi:
		return false
	}
	return p.left
}

// opOf is the operator name of an operator expression node, for precedence.
func opOf(n *pg_query.Node) string {
	if a := n.GetAExpr(); a != nil && a.Kind == pg_query.A_Expr_Kind_AEXPR_OP && a.Lexpr != nil {
		return opName(a.Name)
	}
	return ""
}

// exprParen prints n under p, parenthesized when the pretty form needs it.
func (d *viewDeparser) exprParen(n *pg_query.Node, showImplicit bool, p parent) {
	need := d.paren && !simple(d.kindOf(n), opOf(n), p)
	if need {
		d.str("(")
	}
	d.expr(n, showImplicit)
	if need {
		d.str(")")
	}
}

// expr prints the expression node n (get_rule_expr); showImplicit shows an implicit cast
// at its top, as for operands and function arguments.
func (d *viewDeparser) expr(n *pg_query.Node, showImplicit bool) {
	if n == nil {
		return
	}
	if d.domainValue && n.GetColumnRef() != nil {
		d.str("VALUE") // a domain CHECK's one column
		return
	}
	switch c := d.notes.coercedTo[n].(type) {
	case *Const:
		d.constant(c, 0)
		return
	case *Cast:
		if c.Context != types.Explicit {
			if !showImplicit {
				// The cast is hidden but still the parent: an operator under it keeps
				// its parentheses, as PostgreSQL prints it (get_func_expr).
				d.exprRawParen(n, parent{kind: kindCast})
				return
			}
			d.castOf(n, c)
			return
		}
	}
	d.rawExpr(n)
}

// castOf prints n followed by the cast c applied to it (get_coercion_expr).
func (d *viewDeparser) castOf(n *pg_query.Node, c *Cast) {
	if inner, ok := c.Arg.(*Const); ok && inner.T.OID == c.T.OID {
		d.constant(inner, -1)
	} else {
		if !d.paren {
			d.str("(")
		}
		d.exprRawParen(n, parent{kind: kindCast})
		if !d.paren {
			d.str(")")
		}
	}
	d.str("::" + d.typeName(c.T))
}

// exprRawParen prints n without its noted coercion, parenthesized as under p.
func (d *viewDeparser) exprRawParen(n *pg_query.Node, p parent) {
	need := d.paren && !simple(d.rawKind(n), opOf(n), p)
	if need {
		d.str("(")
	}
	d.rawExpr(n)
	if need {
		d.str(")")
	}
}

// typeName formats a type as format_type does, modifier included, a user type with its
// schema when the search path does not find it.
func (d *viewDeparser) typeName(t types.T) string {
	suffix := ""
	td := d.b.cat.TypeByOID(t.OID)
	if td == nil && types.ByOID(t.OID) != nil {
		return t.String()
	}
	if td == nil {
		if td = d.b.cat.ArrayElem(t.OID); td != nil {
			suffix = "[]"
		}
	}
	if td == nil {
		return d.b.fmtType(t)
	}
	name := td.SQLName()
	if !slices.Contains(d.b.path, td.Schema) {
		name = types.QuoteIdent(td.Schema) + "." + name
	}
	return name + suffix
}

// constant prints a bound literal (get_const_expr): showType 0 labels it with its type
// unless that is what it would be read as, 1 always, -1 never.
func (d *viewDeparser) constant(c *Const, showType int) {
	if c.Value == nil || !c.Value.IsValid() {
		d.str("NULL")
		if showType >= 0 {
			d.str("::" + d.typeName(c.T))
		}
		return
	}
	text := d.constValueText(c)
	label := true
	switch c.T.OID {
	case types.Int4:
		if strings.HasPrefix(text, "-") {
			d.str("'" + text + "'")
		} else {
			d.str(text)
			label = false
		}
	case types.Numeric:
		if text != "" && text[0] >= '0' && text[0] <= '9' && strings.ContainsAny(text, ".eE") {
			d.str(text)
			label = c.T.Typmod >= 0
		} else {
			d.str("'" + text + "'")
		}
	case types.Bool:
		if text == "t" || text == "true" {
			d.str("true")
		} else {
			d.str("false")
		}
		label = false
	case types.Unknown, types.UnknownLit:
		d.str(quoteLiteral(text))
		label = false
	default:
		d.str(quoteLiteral(text))
	}
	if showType < 0 {
		return
	}
	if label || showType > 0 {
		d.str("::" + d.typeName(c.T))
	}
}

// constValueText is a literal's value in PostgreSQL's text output.
func (d *viewDeparser) constValueText(c *Const) string {
	if s, ok := c.Value.(*scalar.String); ok {
		return string(s.Value.Bytes())
	}
	arr, err := types.Broadcast(memory.DefaultAllocator, c.Value, 1)
	if err != nil {
		return c.Value.String()
	}
	defer arr.Release()
	return string(types.TextAppender(c.T, arr, d.b.io)(nil, 0))
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// constNode prints a literal node with showType (a literal the binder noted as folded
// into another type prints as that).
func (d *viewDeparser) constNode(n *pg_query.Node, showType int) {
	if c, ok := d.notes.coercedTo[n].(*Const); ok {
		d.constant(c, showType)
		return
	}
	if c, ok := d.notes.bound[n].(*Const); ok {
		d.constant(c, showType)
		return
	}
	if tc := n.GetTypeCast(); tc != nil {
		if c, ok := d.notes.coercedTo[tc.Arg].(*Const); ok {
			d.constant(c, showType)
			return
		}
	}
	d.rawExpr(n)
}

// isAggregate reports whether a call is to an aggregate.
func (d *viewDeparser) isAggregate(f *pg_query.FuncCall) bool {
	if f.AggStar || f.AggDistinct || len(f.AggOrder) > 0 || f.AggFilter != nil {
		return true
	}
	ns := names(f.Funcname)
	for _, fn := range d.b.reg.Funcs(ns[len(ns)-1]) {
		if fn.Kind == catalog.KindAggregate {
			return true
		}
	}
	return false
}

package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
)

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
				if b.notes != nil {
					b.notes.star(n, cols)
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
		if b.notes != nil {
			b.notes.names[n] = t.name
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
			markCol(&c)
			ref := &ColRef{Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}
			if b.notes != nil && c.usingRel != "" {
				b.notes.usingRels[ref] = c.usingRel
			}
			out = append(out, target{expr: ref, name: c.name, col: c.column(), loc: loc})
		}
		return out, nil
	}
	for _, c := range sc.cols {
		if c.table == qual {
			markCol(&c)
			out = append(out, target{expr: &ColRef{Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}, name: c.name, col: c.column(), loc: loc})
		}
	}
	if out == nil {
		return nil, b.missingRangeError(sc, qual, loc)
	}
	return out, nil
}

// figureColname names an unnamed SELECT-list entry as PostgreSQL's FigureColname does.
func figureColname(n *pg_query.Node) string {
	name, _ := colnameStrength(n)
	return name
}

// subselectColname is the name of the first column of a scalar subquery, which names the
// subquery's own column as PostgreSQL does: the leftmost branch of a set operation names it,
// and VALUES names it column1.
func subselectColname(sel *pg_query.SelectStmt) (string, bool) {
	switch {
	case sel.Op != pg_query.SetOperation_SETOP_NONE && sel.Larg != nil:
		return subselectColname(sel.Larg)
	case len(sel.ValuesLists) > 0:
		return "column1", true
	case len(sel.TargetList) == 0:
		return "", false
	}
	rt, ok := sel.TargetList[0].Node.(*pg_query.Node_ResTarget)
	if !ok {
		return "", false
	}
	if rt.ResTarget.Name != "" {
		return rt.ResTarget.Name, true
	}
	name := figureColname(rt.ResTarget.Val)
	return name, name != ""
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
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
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
			if sel, ok := x.SubLink.Subselect.Node.(*pg_query.Node_SelectStmt); ok {
				if name, ok := subselectColname(sel.SelectStmt); ok {
					return name, 2
				}
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

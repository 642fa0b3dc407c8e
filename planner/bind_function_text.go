package planner

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The text the catalog keeps of a SQL-standard function body (RETURN expr, BEGIN ATOMIC),
// which pg_get_functiondef and pg_dump print. PostgreSQL prints the analysed body, with
// every operator expression in parentheses; the raw parse tree has no node for
// parentheses, so each operator expression is deparsed on its own, wrapped, and stood in
// for by a placeholder name while its parent is deparsed.

// parenPlaceholder names the stand-in of operator expression i.
func parenPlaceholder(i int) string { return fmt.Sprintf("pgfast_paren_%d_", i) }

// deparseParenthesized returns the SQL of n (an expression when expr, else a statement)
// with its operator expressions parenthesized. n is modified.
func deparseParenthesized(n *pg_query.Node, expr bool) (string, error) {
	var subs []string
	var firstErr error
	deparse := func(x *pg_query.Node) string {
		var text string
		var err error
		if expr || x != n {
			text, err = deparseExpr(x, "function body")
		} else {
			text, err = deparseStatement(x)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return text
	}
	var visit func(x *pg_query.Node)
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
				return true
			}
			each := func(cm protoreflect.Message) {
				if node, ok := cm.Interface().(*pg_query.Node); ok {
					visit(node)
				} else {
					walk(cm)
				}
			}
			if fd.IsList() {
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					each(l.Get(i).Message())
				}
			} else {
				each(v.Message())
			}
			return true
		})
	}
	visit = func(x *pg_query.Node) {
		walk(x.ProtoReflect())
		a := x.GetAExpr()
		if a == nil || a.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.Lexpr == nil || a.Rexpr == nil {
			return
		}
		subs = append(subs, "("+deparse(x)+")")
		x.Node = &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
			Fields: []*pg_query.Node{pg_query.MakeStrNode(parenPlaceholder(len(subs) - 1))}}}
	}
	walk(n.ProtoReflect())
	if a := n.GetAExpr(); expr && a != nil {
		visit(n)
	}
	text := deparse(n)
	for i := len(subs) - 1; i >= 0; i-- {
		text = strings.ReplaceAll(text, parenPlaceholder(i), subs[i])
	}
	return text, firstErr
}

package planner

import (
	"reflect"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// viewNotes is what binding a view's stored query tells its deparse (viewdef.go) about the
// parse tree: the expression each node became, the coercion applied to it afterwards, the
// columns a star stood for and the name of each SELECT-list entry. PostgreSQL prints a
// view from its analysed query; pgfast keeps the parse tree and these notes instead.
type viewNotes struct {
	bound  map[*pg_query.Node]Expr
	origin map[Expr]*pg_query.Node
	// coercedTo is the last coercion of a node's expression: a folded literal (a Const of
	// the type the context chose) or a Cast.
	coercedTo map[*pg_query.Node]Expr
	stars     map[*pg_query.Node][]*ColRef
	names     map[*pg_query.Node]string
	// usingRels names the range a merged JOIN USING column is printed with; natural
	// holds the columns each NATURAL JOIN merges.
	usingRels map[*ColRef]string
	natural   map[*pg_query.JoinExpr][]string
	// plainGroupBy holds, for a SELECT whose grouping sets come to one set of keys, the
	// items naming those keys: PostgreSQL keeps such a GROUP BY as a plain one.
	plainGroupBy map[*pg_query.SelectStmt][]*pg_query.Node
}

func newViewNotes() *viewNotes {
	return &viewNotes{bound: map[*pg_query.Node]Expr{}, origin: map[Expr]*pg_query.Node{},
		coercedTo: map[*pg_query.Node]Expr{}, stars: map[*pg_query.Node][]*ColRef{}, names: map[*pg_query.Node]string{},
		usingRels: map[*ColRef]string{}, natural: map[*pg_query.JoinExpr][]string{},
		plainGroupBy: map[*pg_query.SelectStmt][]*pg_query.Node{}}
}

// keyable reports whether e can key a map by identity (every expression node is a
// pointer; anything else is not noted).
func keyable(e Expr) bool {
	return e != nil && reflect.TypeOf(e).Kind() == reflect.Pointer
}

// bind notes that n was bound to e.
func (v *viewNotes) bind(n *pg_query.Node, e Expr) {
	v.bound[n] = e
	if keyable(e) {
		if _, ok := v.origin[e]; !ok {
			v.origin[e] = n
		}
	}
}

// coerced notes that the expression from was coerced to to.
func (v *viewNotes) coerced(from, to Expr) {
	if from == to || !keyable(from) || !keyable(to) {
		return
	}
	n, ok := v.origin[from]
	if !ok {
		return
	}
	v.coercedTo[n] = to
	if _, ok := v.origin[to]; !ok {
		v.origin[to] = n
	}
}

// star notes the columns a SELECT-list star (the ResTarget node n) expanded to.
func (v *viewNotes) star(n *pg_query.Node, cols []target) {
	refs := make([]*ColRef, 0, len(cols))
	for _, t := range cols {
		if c, ok := t.expr.(*ColRef); ok {
			refs = append(refs, c)
		}
	}
	v.stars[n] = refs
}

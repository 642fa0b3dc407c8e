package planner

// LATERAL subqueries in FROM: a subquery that reads the FROM items to its left. It is bound
// with those items' scope as its enclosing one, so its references to them become OuterRefs
// of level 1, exactly as a correlated subquery expression's references to its row are. A
// LATERAL subquery that turns out to read none of them is an ordinary join (its references
// to queries further out move one level in). One that does becomes a LateralJoin: the left
// items' rows, each joined with the subquery's rows for it, which the executor computes
// once per distinct set of values the subquery reads (executor/op_lateral.go).

import (
	"fmt"
	"slices"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// LateralSubquery is the kind of the Subquery a LateralJoin holds: its plan's rows, not a
// value.
const LateralSubquery SubqueryKind = ArraySubquery + 1

// LateralJoin joins each row of Input with the rows Sub's plan returns for that row (its
// OuterRefs of level 1 read Input's columns). The output is Input's columns followed by
// the subquery's. With Left, a row for which no subquery row satisfies Cond is kept once,
// with NULLs for the subquery's columns (LEFT JOIN LATERAL ... ON Cond); an inner lateral
// join's condition is a Filter above it instead, and its Cond is nil.
type LateralJoin struct {
	Input Plan
	Sub   *Subquery
	Left  bool
	Cond  Expr // over Input's columns followed by the subquery's; nil is true
	Out   []Column
}

func (*LateralJoin) planNode() {}

// Columns implements Plan.
func (j *LateralJoin) Columns() []Column { return j.Out }

// Children implements Plan. The subquery is an expression of the node, not a child: its
// plan runs once per distinct outer row, and walks reach it through the expressions.
func (j *LateralJoin) Children() []Plan { return []Plan{j.Input} }

// WithChildren implements Plan.
func (j *LateralJoin) WithChildren(c []Plan) Plan { n := *j; n.Input = c[0]; return &n }

// MemoColumns returns the columns of Input the subquery reads, and whether rows agreeing on
// them may share one evaluation (see Subquery.MemoColumns).
func (j *LateralJoin) MemoColumns() ([]int, bool) { return j.Sub.MemoColumns() }

func (j *LateralJoin) explain() string {
	kind := "Inner"
	if j.Left {
		kind = "Left"
	}
	reads, _ := j.MemoColumns()
	s := fmt.Sprintf("LateralJoin %s reads=%v", kind, reads)
	if j.Cond != nil {
		s += " on " + j.Cond.String()
	}
	return s
}

// lateralRangeSubselect reports whether n is a LATERAL (subquery) FROM item.
func lateralRangeSubselect(n *pg_query.Node) (*pg_query.RangeSubselect, bool) {
	rs, ok := n.Node.(*pg_query.Node_RangeSubselect)
	if !ok || !rs.RangeSubselect.Lateral {
		return nil, false
	}
	return rs.RangeSubselect, true
}

// lateralJoinItem binds "l [LEFT] JOIN LATERAL (subquery) alias ON quals" (or an item of a
// FROM list after l, as an inner join without quals).
func (b *binder) lateralJoinItem(rs *pg_query.RangeSubselect, jt JoinType, quals *pg_query.Node, left Plan, lsc, outer *scope) (Plan, *scope, error) {
	right, rsc, err := b.lateralSubquery(rs, jt, lsc, outer)
	if err != nil {
		return nil, nil, err
	}
	return b.lateralJoinOf(left, right, jt, quals, lsc, rsc, outer)
}

// lateralJoinedItem binds a join of a FROM list, after the items before it (left, in
// scope lsc), that holds a LATERAL subquery: that subquery may read those items too, so
// the join is bound with them as its enclosing scope, and becomes the right side of a
// lateral join when it reads them.
func (b *binder) lateralJoinedItem(item *pg_query.Node, left Plan, lsc, outer *scope) (Plan, *scope, error) {
	lat := &scope{cols: lsc.cols, outer: outer}
	right, rsc, err := b.fromItem(item, lat)
	if err != nil {
		return nil, nil, err
	}
	return b.lateralJoinOf(left, right, InnerJoin, nil, lsc, rsc, outer)
}

// hasLateralSubquery reports whether a join tree holds a LATERAL subquery.
func hasLateralSubquery(n *pg_query.Node) bool {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeSubselect:
		return x.RangeSubselect.Lateral
	case *pg_query.Node_JoinExpr:
		return hasLateralSubquery(x.JoinExpr.Larg) || hasLateralSubquery(x.JoinExpr.Rarg)
	}
	return false
}

// lateralJoinOf joins left with right, a plan whose OuterRefs of level 1 read left's row:
// a LateralJoin, or an ordinary join when it reads none.
func (b *binder) lateralJoinOf(left, right Plan, jt JoinType, quals *pg_query.Node, lsc, rsc, outer *scope) (Plan, *scope, error) {
	var err error
	if err := b.checkDuplicateRanges(lsc, rsc); err != nil {
		return nil, nil, err
	}
	lw := len(left.Columns())
	sc := concatScopes(lsc, rsc, lw)
	sc.outer = outer
	var cond Expr
	if quals != nil {
		sc.aggClause = "JOIN conditions"
		if cond, err = b.boolArg(quals, sc, "JOIN/ON"); err != nil {
			return nil, nil, err
		}
		sc.aggClause = ""
		if k, ok := cond.(*Const); ok && k.Value.IsValid() && k.Value.(*scalar.Boolean).Value {
			cond = nil // ON true
		}
	}
	if len(outerColumns(right)) == 0 {
		return &Join{Type: jt, Left: left, Right: liftOuterRefs(right), Cond: cond}, sc, nil
	}
	lj := &LateralJoin{Input: left, Sub: &Subquery{Kind: LateralSubquery, Plan: right, Correlated: true},
		Left: jt == LeftJoin, Out: append(append([]Column(nil), left.Columns()...), right.Columns()...)}
	if jt == LeftJoin {
		lj.Cond = cond
		return lj, sc, nil
	}
	if cond != nil {
		return &Filter{Input: lj, Pred: cond}, sc, nil
	}
	return lj, sc, nil
}

// lateralSubquery binds a LATERAL subquery whose left items have scope lsc. On the right of
// a RIGHT or FULL join it may not read them: PostgreSQL refuses the reference.
func (b *binder) lateralSubquery(rs *pg_query.RangeSubselect, jt JoinType, lsc, outer *scope) (Plan, *scope, error) {
	if rs.Alias != nil {
		b.noteRange(lockRange{name: rs.Alias.Aliasname, kind: "a subquery"})
	}
	lat := &scope{cols: lsc.cols, outer: outer, badLateral: jt == RightJoin || jt == FullJoin}
	sel := rs.Subquery.Node.(*pg_query.Node_SelectStmt).SelectStmt
	p, err := b.nullableSubquery(sel, lat, jt == LeftJoin || jt == FullJoin)
	if err != nil {
		return nil, nil, err
	}
	if rs.Alias == nil {
		return nil, nil, b.errorf(location(rs.Subquery), pgcode.SyntaxError, "subquery in FROM must have an alias")
	}
	return b.aliased(p, rs.Alias, "")
}

// nullableSubquery binds a FROM subquery, noting when it is the nullable side of a join.
func (b *binder) nullableSubquery(sel *pg_query.SelectStmt, outer *scope, nullable bool) (Plan, error) {
	if nullable {
		b.nullableDepth++
		defer func() { b.nullableDepth-- }()
	}
	return b.selectStmt(sel, outer)
}

// lateralRefError is PostgreSQL's error for a LATERAL subquery on the right of a RIGHT or
// FULL join reading the join's left side.
func (b *binder) lateralRefError(table string, loc int32) error {
	return b.errorf(loc, pgcode.InvalidColumnReference, "invalid reference to FROM-clause entry for table \"%s\"", table).
		WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
}

// liftOuterRefs moves the references of a LATERAL subquery that reads none of its left
// items one level in: joined as an ordinary FROM item, its enclosing query is the next one.
func liftOuterRefs(p Plan) Plan {
	out, _ := mapOuterRefs(p, func(r *OuterRef, depth int) (Expr, error) {
		n := *r
		n.Level--
		return &n, nil
	})
	return out
}

// withUnreachable returns outer (as a copy) naming the ranges of sc as unreachable: a
// subquery in FROM without LATERAL may not read the items before it, and PostgreSQL says
// so when it names one.
func withUnreachable(outer, sc *scope) *scope {
	o := &scope{}
	if outer != nil {
		o = new(scope)
		*o = *outer
	}
	o.unreachable = slices.Clip(o.unreachable)
	o.unreachableCols = append(slices.Clip(o.unreachableCols), sc.cols...)
	for _, c := range sc.cols {
		if c.table != "" && !slices.Contains(o.unreachable, c.table) {
			o.unreachable = append(o.unreachable, c.table)
		}
	}
	return o
}

// unreachableColumnHint is PostgreSQL's hint for an unqualified column only a range this
// part of the query may not read has.
func unreachableColumnHint(err error, sc *scope, name string) {
	pe, ok := err.(*pgerror.Error)
	if !ok || pe.Hint != "" {
		return
	}
	for s := sc; s != nil; s = s.outer {
		for _, c := range s.unreachableCols {
			if c.name == name && c.table != "" && !c.hidden {
				pe.WithHint(fmt.Sprintf("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.", name, c.table))
				return
			}
		}
	}
}

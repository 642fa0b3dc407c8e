package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

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

// groupRewriter turns expressions bound over an Aggregate's input into expressions over its
// output: group expressions become their output columns and aggregates their results.
type groupRewriter struct {
	b       *binder
	groupBy []Expr
	nGroups int
	// groupings are what the GROUPING(...) calls become (groupingColumns).
	groupings []Expr
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
	case *groupingPlaceholder:
		return r.groupings[x.k], nil
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

// requireEquality fails for types that cannot be grouped or deduplicated (json), as
// PostgreSQL does when it finds no equality operator for a grouping key.
func (b *binder) requireEquality(t types.T, loc int32) error {
	if types.HasEquality(t.OID) {
		return nil
	}
	return b.errorf(loc, pgcode.UndefinedFunction, "could not identify an equality operator for type %s", t)
}

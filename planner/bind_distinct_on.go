package planner

import (
	"errors"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// isDistinctOn tells SELECT DISTINCT ON (...) from plain SELECT DISTINCT, which the parser
// marks with a single nil entry.
func isDistinctOn(s *pg_query.SelectStmt) bool {
	return len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil
}

// distinctOn binds the DISTINCT ON list of s after its ORDER BY (keys). The ON expressions
// resolve like ORDER BY items (output names, ordinals, then expressions, which may become
// hidden targets). It returns the targets, the sort the DISTINCT ON needs below it, and the
// target columns to compare.
//
// PostgreSQL keeps the first row of each group in ORDER BY order, so ORDER BY must begin with
// the ON expressions (in any order); the ON expressions ORDER BY leaves out sort after it.
func (b *binder) distinctOn(s *pg_query.SelectStmt, sc *scope, targets []target, nVisible int, keys []SortKey) ([]target, []SortKey, []int, error) {
	items := make([]*pg_query.Node, len(s.DistinctClause))
	for i, n := range s.DistinctClause {
		items[i] = &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{Node: n, Location: -1}}}
	}
	outCols := make([]Column, nVisible)
	exprs := make([]Expr, nVisible)
	for i, t := range targets[:nVisible] {
		outCols[i] = Column{Name: t.name, Type: t.expr.Type()}
		exprs[i] = t.expr
	}
	onKeys, extra, err := b.orderBy(items, sc, outCols, exprs)
	if err != nil {
		return nil, nil, nil, distinctOnError(err)
	}
	on := make([]int, len(onKeys))
	for i, k := range onKeys {
		col := k.Expr.(*ColRef).Idx
		if col >= nVisible {
			// A hidden target: share one ORDER BY added for the same expression.
			e := extra[col-nVisible]
			col = slices.IndexFunc(targets[nVisible:], func(t target) bool { return t.expr.String() == e.String() })
			if col >= 0 {
				col += nVisible
			} else {
				col = len(targets)
				targets = append(targets, target{expr: e, name: "?junk?", loc: -1})
			}
		}
		on[i] = col
	}

	skipped := false
	covered := make([]bool, len(on))
	for _, k := range keys {
		col := k.Expr.(*ColRef).Idx
		found := false
		for i, c := range on {
			if c == col {
				if skipped {
					return nil, nil, nil, b.errorf(location(s.DistinctClause[i]), pgcode.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
				}
				covered[i], found = true, true
			}
		}
		skipped = skipped || !found
	}
	sortKeys := slices.Clone(keys)
	for i, c := range on {
		if covered[i] {
			continue
		}
		if skipped {
			return nil, nil, nil, b.errorf(location(s.DistinctClause[i]), pgcode.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
		}
		for j := i; j < len(on); j++ {
			if on[j] == c {
				covered[j] = true
			}
		}
		sortKeys = append(sortKeys, SortKey{Expr: &ColRef{Idx: c, T: targets[c].expr.Type()}})
	}
	return targets, sortKeys, on, nil
}

// distinctOnError words an ORDER BY resolution error for the DISTINCT ON list it came from.
func distinctOnError(err error) error {
	var pe *pgerror.Error
	if errors.As(err, &pe) && strings.HasPrefix(pe.Message, "ORDER BY ") {
		c := *pe
		c.Message = "DISTINCT ON " + strings.TrimPrefix(pe.Message, "ORDER BY ")
		return &c
	}
	return err
}

// usingDirection reads ORDER BY ... USING op: the built-in types order by their btree "<"
// and ">" operators, which are ascending and descending order.
func (b *binder) usingDirection(sb *pg_query.SortBy) (bool, error) {
	name := ""
	if n := len(sb.UseOp); n > 0 {
		name = strVal(sb.UseOp[n-1])
		if n > 1 && strVal(sb.UseOp[0]) != "pg_catalog" {
			name = ""
		}
	}
	switch name {
	case "<":
		return false, nil
	case ">":
		return true, nil
	}
	op := make([]string, len(sb.UseOp))
	for i, n := range sb.UseOp {
		op[i] = strVal(n)
	}
	e := b.errorf(sb.Location, pgcode.WrongObjectType, "operator %s is not a valid ordering operator", strings.Join(op, "."))
	e.Hint = `Ordering operators must be "<" or ">" members of btree operator families.`
	return false, e
}

package planner

import (
	"slices"

	"github.com/pgfast/pgfast/catalog/stats"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Inference of ON CONFLICT's arbiter indexes, as PostgreSQL's infer_arbiter_indexes does. A
// unique index arbitrates when:
//
//   - the columns listed are exactly its column keys (repeats allowed either side);
//   - every listed item is matched by a key: a column by that column, an expression by an
//     equal expression key, and one given with a collation or operator class only by a key
//     with that collation or class;
//   - each of its expression keys is listed;
//   - its predicate, for a partial index, is implied by ON CONFLICT's WHERE.

// inferenceElem is one item of ON CONFLICT's target list.
type inferenceElem struct {
	col           int  // the column, -1 for an expression
	expr          Expr // the expression, bound over the table's row
	coll, opclass string
}

// inferenceElems binds the items of ON CONFLICT's target list in the target's scope.
func (b *binder) inferenceElems(def *catalog.TableDef, inf *pg_query.InferClause, target *scope) ([]inferenceElem, error) {
	var out []inferenceElem
	for _, n := range inf.IndexElems {
		node, ok := n.Node.(*pg_query.Node_IndexElem)
		if !ok {
			return nil, b.errorf(inf.Location, pgcode.SyntaxError, "ON CONFLICT target must list columns or expressions")
		}
		el := node.IndexElem
		e := inferenceElem{col: -1}
		if el.Name != "" {
			if e.col = def.ColumnIndex(el.Name); e.col < 0 {
				err := b.errorf(inf.Location, pgcode.UndefinedColumn, "column \"%s\" does not exist", el.Name)
				addColumnHint(err, target, "", el.Name)
				return nil, err
			}
		} else {
			x, err := b.expr(el.Expr, target)
			if err != nil {
				return nil, err
			}
			if r, ok := x.(*ColRef); ok {
				e.col = r.Idx
			} else {
				e.expr = x
			}
		}
		t := def.Columns[max(e.col, 0)].Type
		if e.col < 0 {
			t = e.expr.Type()
		}
		var err error
		if e.coll, e.opclass, err = b.indexKeyOptions(el, t); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// infers reports whether unique index ix of def arbitrates an ON CONFLICT with target
// items elems and WHERE where (nil: none).
func (b *binder) infers(def *catalog.TableDef, ix *catalog.IndexDef, elems []inferenceElem, where Expr) (bool, error) {
	var cols, want []int
	for _, c := range ix.Columns {
		if c >= 0 && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	for _, e := range elems {
		if e.col >= 0 && !slices.Contains(want, e.col) {
			want = append(want, e.col)
		}
	}
	if len(cols) != len(want) || slices.ContainsFunc(want, func(c int) bool { return !slices.Contains(cols, c) }) {
		return false, nil
	}
	keys, pred, err := IndexKeys(b.cat, b.reg, def, ix)
	if err != nil {
		return false, err
	}
	for _, e := range elems {
		if !keyOptionsMatch(ix, keys, e) {
			return false, nil
		}
		if e.col >= 0 || e.coll != "" || e.opclass != "" {
			continue
		}
		if !slices.ContainsFunc(keys, func(k Expr) bool { return sameIndexExpr(k, e.expr) }) {
			return false, nil
		}
	}
	for k, c := range ix.Columns {
		if c < 0 && !slices.ContainsFunc(elems, func(e inferenceElem) bool { return e.expr != nil && sameIndexExpr(keys[k], e.expr) }) {
			return false, nil
		}
	}
	return pred == nil || implication{registryInfo(b.reg)}.impliedBy(pred, conjuncts(where)), nil
}

// keyOptionsMatch reports whether an item given with a collation or operator class
// matches a key of ix with both (infer_collation_opclass_match); one given without
// matches any.
func keyOptionsMatch(ix *catalog.IndexDef, keys []Expr, e inferenceElem) bool {
	if e.coll == "" && e.opclass == "" {
		return true
	}
	for k, c := range ix.Columns {
		if e.opclass != "" && ix.KeyOpclass(k) != e.opclass || e.coll != "" && ix.KeyCollation(k) != e.coll {
			continue
		}
		if c >= 0 && c == e.col || c < 0 && e.expr != nil && sameIndexExpr(keys[k], e.expr) {
			return true
		}
	}
	return false
}

// impliedBy reports whether the conjunction of clauses implies pred, as far as PostgreSQL's
// predicate_implied_by proves it here: pred (or each of its conjuncts) is one of the
// clauses, or follows from one by a comparison with constants of the same expression
// (x > 1 implies x > 0), or a disjunction of the clauses' branches each implying it.
func (m implication) impliedBy(pred Expr, clauses []Expr) bool {
	if p, ok := pred.(*BoolExpr); ok {
		switch p.Op {
		case And:
			for _, a := range p.Args {
				if !m.impliedBy(a, clauses) {
					return false
				}
			}
			return true
		case Or:
			if slices.ContainsFunc(p.Args, func(a Expr) bool { return m.impliedBy(a, clauses) }) {
				return true
			}
		}
	}
	return slices.ContainsFunc(clauses, func(c Expr) bool { return m.clauseImplies(c, pred) })
}

// clauseImplies reports whether one clause implies pred.
func (m implication) clauseImplies(c, pred Expr) bool {
	if sameIndexExpr(c, pred) {
		return true
	}
	if x, ok := c.(*BoolExpr); ok {
		switch x.Op {
		case And:
			return m.impliedBy(pred, x.Args)
		case Or:
			for _, a := range x.Args {
				if !m.clauseImplies(a, pred) {
					return false
				}
			}
			return len(x.Args) > 0
		}
	}
	if n, ok := pred.(*NullTest); ok && n.Not {
		return strictOn(c, n.Arg)
	}
	return m.comparisonImplies(c, pred)
}

// strictOn reports whether clause c, a call of a strict function with arg among its
// arguments, can only be true where arg is not NULL.
func strictOn(c, arg Expr) bool {
	call, ok := c.(*Call)
	return ok && call.Func.Strict && slices.ContainsFunc(call.Args, func(a Expr) bool { return sameIndexExpr(a, arg) })
}

// implication proves that clauses imply predicates, knowing the registry's comparison
// operators.
type implication struct{ info *regInfo }

// comparisonImplies reports whether c, x op1 a, implies pred, x op2 b, for the same
// expression x and numeric constants a and b (PostgreSQL's btree implication table).
func (m implication) comparisonImplies(c, pred Expr) bool {
	x1, a, k1, ok := m.comparison(c)
	if !ok {
		return false
	}
	x2, b, k2, ok := m.comparison(pred)
	if !ok || !sameIndexExpr(x1, x2) {
		return false
	}
	switch k1 {
	case cmpEq:
		return holds(a, k2, b)
	case cmpNe:
		return k2 == cmpNe && a == b
	case cmpLt, cmpLe:
		strict := k1 == cmpLe // x <= a leaves a itself, so the bound must be beyond it
		switch k2 {
		case cmpLt, cmpNe:
			return a < b || !strict && a == b
		case cmpLe:
			return a <= b
		}
	case cmpGt, cmpGe:
		strict := k1 == cmpGe
		switch k2 {
		case cmpGt, cmpNe:
			return a > b || !strict && a == b
		case cmpGe:
			return a >= b
		}
	}
	return false
}

// comparison recognizes x op constant (either way round) with a numeric constant.
func (m implication) comparison(e Expr) (x Expr, pos float64, k cmpOp, ok bool) {
	c, isCall := e.(*Call)
	if !isCall || len(c.Args) != 2 {
		return nil, 0, 0, false
	}
	if k = m.info.cmp[c.Func]; k == 0 {
		return nil, 0, 0, false
	}
	x, v := c.Args[0], c.Args[1]
	if _, isConst := constOf(x); isConst {
		x, v, k = v, x, k.commuted()
	}
	cv, isConst := constOf(v)
	if !isConst || cv.T.Category() != types.CatNumeric {
		return nil, 0, 0, false
	}
	pos, ok = stats.Position(cv.Value)
	return x, pos, k, ok
}

// holds evaluates a op b.
func holds(a float64, k cmpOp, b float64) bool {
	switch k {
	case cmpEq:
		return a == b
	case cmpNe:
		return a != b
	case cmpLt:
		return a < b
	case cmpLe:
		return a <= b
	case cmpGt:
		return a > b
	case cmpGe:
		return a >= b
	}
	return false
}

// constOf returns the constant e is, seen through the casts of numbers binding adds
// (1 compared with a bigint is cast to bigint).
func constOf(e Expr) (*Const, bool) {
	for {
		switch x := e.(type) {
		case *Const:
			return x, true
		case *Cast:
			if x.T.Category() != types.CatNumeric {
				return nil, false
			}
			e = x.Arg
		default:
			return nil, false
		}
	}
}

// sameIndexExpr reports whether two expressions over a table's row are the same, as PostgreSQL's
// equal() compares them for inference: whether a cast was written or added by binding
// (an index's stored text shows the casts its binding added) does not count.
func sameIndexExpr(a, b Expr) bool { return exprEqual(castsAlike(a), castsAlike(b)) }

func castsAlike(e Expr) Expr {
	if e == nil {
		return nil
	}
	e = mapChildren(e, castsAlike)
	if c, ok := e.(*Cast); ok && c.Context != types.Implicit {
		n := *c
		n.Context = types.Implicit
		return &n
	}
	return e
}

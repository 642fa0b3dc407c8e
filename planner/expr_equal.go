package planner

import "github.com/apache/arrow/go/v17/arrow/scalar"

// exprEqual reports whether a and b are the same expression: the same kind of node with the
// same fields and equal children. Constants compare by type and value. Subqueries are equal
// only to themselves.
func exprEqual(a, b Expr) bool {
	if a == nil || b == nil {
		return a == b
	}
	switch x := a.(type) {
	case *ColRef:
		y, ok := b.(*ColRef)
		return ok && x.Idx == y.Idx && x.T == y.T
	case *OuterRef:
		y, ok := b.(*OuterRef)
		return ok && x.Level == y.Level && x.Idx == y.Idx && x.T == y.T
	case *Param:
		y, ok := b.(*Param)
		return ok && x.Idx == y.Idx && x.T == y.T
	case *Const:
		y, ok := b.(*Const)
		return ok && x.T == y.T && constValuesEqual(x, y)
	case *Call:
		y, ok := b.(*Call)
		return ok && x.Func == y.Func && x.T == y.T && exprsEqual(x.Args, y.Args)
	case *Cast:
		y, ok := b.(*Cast)
		return ok && x.T == y.T && x.Context == y.Context && exprEqual(x.Arg, y.Arg)
	case *BoolExpr:
		y, ok := b.(*BoolExpr)
		return ok && x.Op == y.Op && exprsEqual(x.Args, y.Args)
	case *NullTest:
		y, ok := b.(*NullTest)
		return ok && x.Not == y.Not && exprEqual(x.Arg, y.Arg)
	case *InList:
		y, ok := b.(*InList)
		return ok && x.Not == y.Not && x.Eq == y.Eq && exprEqual(x.Arg, y.Arg) && exprsEqual(x.List, y.List)
	case *Coalesce:
		y, ok := b.(*Coalesce)
		return ok && x.T == y.T && exprsEqual(x.Args, y.Args)
	case *Case:
		y, ok := b.(*Case)
		if !ok || x.T != y.T || len(x.Whens) != len(y.Whens) || !exprEqual(x.Else, y.Else) {
			return false
		}
		for i := range x.Whens {
			if !exprEqual(x.Whens[i].Cond, y.Whens[i].Cond) || !exprEqual(x.Whens[i].Result, y.Whens[i].Result) {
				return false
			}
		}
		return true
	case *ArrayOp:
		y, ok := b.(*ArrayOp)
		return ok && x.All == y.All && x.Elem == y.Elem && exprEqual(x.Arg, y.Arg) &&
			exprEqual(x.Array, y.Array) && exprEqual(x.Cmp, y.Cmp)
	case *Subscript:
		y, ok := b.(*Subscript)
		return ok && x.T == y.T && x.Slice == y.Slice && exprEqual(x.Array, y.Array) &&
			exprsEqual(x.Lower, y.Lower) && exprsEqual(x.Upper, y.Upper)
	case *ArrayAssign:
		y, ok := b.(*ArrayAssign)
		return ok && x.T == y.T && x.Slice == y.Slice && exprEqual(x.Array, y.Array) && exprEqual(x.Value, y.Value) &&
			exprsEqual(x.Lower, y.Lower) && exprsEqual(x.Upper, y.Upper)
	case *ArrayExpr:
		y, ok := b.(*ArrayExpr)
		return ok && x.T == y.T && x.Multi == y.Multi && exprsEqual(x.Elems, y.Elems)
	}
	return a == b
}

func exprsEqual(a, b []Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !exprEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

func constValuesEqual(x, y *Const) bool {
	xv := x.Value != nil && x.Value.IsValid()
	yv := y.Value != nil && y.Value.IsValid()
	if !xv || !yv {
		return xv == yv
	}
	return scalar.Equals(x.Value, y.Value)
}

package planner

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestExprEqual checks structural equality on the node kinds the optimizer compares.
func TestExprEqual(t *testing.T) {
	col := func(i int) Expr { return &ColRef{Idx: i, T: types.TInt4, Name: "c"} }
	i4 := func(v int32) Expr { return &Const{Value: scalar.NewInt32Scalar(v), T: types.TInt4} }
	null := nullConst(types.TInt4)
	cases := []struct {
		a, b Expr
		want bool
	}{
		{col(1), col(1), true},
		{col(1), col(2), false},
		{&ColRef{Idx: 1, T: types.TInt4, Name: "a"}, &ColRef{Idx: 1, T: types.TInt4, Name: "b"}, true},
		{i4(3), i4(3), true},
		{i4(3), i4(4), false},
		{null, null, true},
		{null, i4(0), false},
		{&Const{Value: scalar.NewInt64Scalar(3), T: types.TInt8}, i4(3), false},
		{&BoolExpr{Op: And, Args: []Expr{col(1), col(2)}}, &BoolExpr{Op: And, Args: []Expr{col(1), col(2)}}, true},
		{&BoolExpr{Op: And, Args: []Expr{col(1), col(2)}}, &BoolExpr{Op: Or, Args: []Expr{col(1), col(2)}}, false},
		{&BoolExpr{Op: And, Args: []Expr{col(1)}}, &BoolExpr{Op: And, Args: []Expr{col(1), col(2)}}, false},
		{&NullTest{Arg: col(1)}, &NullTest{Arg: col(1), Not: true}, false},
		{&InList{Arg: col(1), List: []Expr{i4(1), i4(2)}}, &InList{Arg: col(1), List: []Expr{i4(1), i4(2)}}, true},
		{&InList{Arg: col(1), List: []Expr{i4(1), i4(2)}}, &InList{Arg: col(1), List: []Expr{i4(2), i4(1)}}, false},
		{&Cast{Arg: col(1), T: types.TInt8}, &Cast{Arg: col(1), T: types.TInt8}, true},
		{&Cast{Arg: col(1), T: types.TInt8}, &Cast{Arg: col(1), T: types.TNumeric}, false},
		{&Subquery{Plan: &Values{}}, &Subquery{Plan: &Values{}}, false},
	}
	for i, c := range cases {
		if got := exprEqual(c.a, c.b); got != c.want {
			t.Errorf("%d: exprEqual(%s, %s) = %v, want %v", i, c.a, c.b, got, c.want)
		}
	}
}

package executor

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// lateralNode joins (a, b) with the rows (k, v) of a VALUES list whose k equals a, read as
// an outer reference: the subquery runs per distinct a, as a LATERAL subquery does.
func lateralNode(left bool, cond planner.Expr) *planner.LateralJoin {
	kv := fxCols(types.TInt8, types.TInt8)
	values := &planner.Values{Out: kv, Rows: [][]planner.Expr{
		{fxInt(1), fxInt(100)}, {fxInt(1), fxInt(101)}, {fxInt(2), fxInt(200)}, {fxInt(4), fxInt(400)}}}
	sub := &planner.Filter{Input: values,
		Pred: fxCmp("=", fxCol(0, types.TInt8), &planner.OuterRef{Level: 1, Idx: 0, T: types.TInt8})}
	return &planner.LateralJoin{Input: fxLeaf(fxCols(types.TInt8, types.TInt8)),
		Sub:  &planner.Subquery{Kind: planner.LateralSubquery, Plan: sub, Correlated: true},
		Left: left, Cond: cond, Out: fxCols(types.TInt8, types.TInt8, types.TInt8, types.TInt8)}
}

func TestLateralJoin(t *testing.T) {
	input := [][]any{{1, 10}, {2, 20}, {nil, 30}, {1, 40}, {3, 50}}
	cases := []struct {
		name string
		node *planner.LateralJoin
		want [][]any
	}{
		{"inner", lateralNode(false, nil), [][]any{
			{1, 10, 1, 100}, {1, 10, 1, 101}, {2, 20, 2, 200}, {1, 40, 1, 100}, {1, 40, 1, 101}}},
		{"left", lateralNode(true, nil), [][]any{
			{1, 10, 1, 100}, {1, 10, 1, 101}, {2, 20, 2, 200}, {nil, 30, nil, nil},
			{1, 40, 1, 100}, {1, 40, 1, 101}, {3, 50, nil, nil}}},
		{"left/cond", lateralNode(true, fxCmp(">", fxCol(3, types.TInt8), fxInt(100))), [][]any{
			{1, 10, 1, 101}, {2, 20, 2, 200}, {nil, 30, nil, nil}, {1, 40, 1, 101}, {3, 50, nil, nil}}},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				op, err := newLateralJoin(tc.node, newFxSource(t, fxCols(types.TInt8, types.TInt8), batch, input))
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, got, tc.want) // nested-loop order: input rows, then subquery rows
			})
		}
	}
}

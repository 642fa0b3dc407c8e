package executor

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// nlJoinNode is the nested loop form of hashJoinNode: a = b [AND v < w].
func nlJoinNode(typ planner.JoinType, residual bool) *planner.NestedLoopJoin {
	var cond planner.Expr = fxCmp("=", fxCol(0, types.TInt8), fxCol(2, types.TInt8))
	if residual {
		cond = fxAnd(cond, residualExpr())
	}
	return &planner.NestedLoopJoin{Type: typ, Left: fxLeaf(jl), Right: fxLeaf(jr), Cond: cond}
}

func runNL(t *testing.T, node *planner.NestedLoopJoin, l, r [][]any, batch int) [][]any {
	t.Helper()
	ctx, mem := fxCtx(t)
	op, err := buildNestedLoopJoin(node, newFxSource(t, jl, batch, l), newFxSource(t, jr, batch, r), fxCompile)
	if err != nil {
		t.Fatal(err)
	}
	got := fxRun(t, ctx, op)
	mem.AssertSize(t, 0)
	return got
}

// TestNestedLoopJoinEqui runs the hash join cases through the nested loop join.
func TestNestedLoopJoinEqui(t *testing.T) {
	for _, tc := range joinCases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				l, r := tc.rows()
				got := runNL(t, nlJoinNode(tc.typ, tc.residual), l, r, batch)
				fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
			})
		}
	}
}

func TestNestedLoopJoin(t *testing.T) {
	less := fxCmp("<", fxCol(0, types.TInt8), fxCol(2, types.TInt8)) // a < b
	lessPairs := [][]any{{1, 10, 2, 15}, {1, 10, 2, 30}, {1, 10, 3, 0}, {2, 20, 3, 0}, {2, 5, 3, 0}}
	var cross [][]any
	for _, a := range jlRows {
		for _, b := range jrRows {
			cross = append(cross, append(append([]any{}, a...), b...))
		}
	}
	nullsR := func(rows [][]any) [][]any {
		var out [][]any
		for _, a := range rows {
			out = append(out, append(append([]any{}, a...), nil, nil))
		}
		return out
	}
	cases := []struct {
		name         string
		typ          planner.JoinType
		cond         planner.Expr
		lrows, rrows [][]any
		want         [][]any
	}{
		{name: "inner a<b", typ: planner.InnerJoin, cond: less, want: lessPairs},
		{name: "left a<b", typ: planner.LeftJoin, cond: less,
			want: append(append([][]any{}, lessPairs...), []any{nil, 1, nil, nil}, []any{4, 40, nil, nil})},
		{name: "right a<b", typ: planner.RightJoin, cond: less,
			want: append(append([][]any{}, lessPairs...), []any{nil, nil, nil, 100}, []any{nil, nil, 1, 1})},
		{name: "full a<b", typ: planner.FullJoin, cond: less,
			want: append(append([][]any{}, lessPairs...), []any{nil, 1, nil, nil}, []any{4, 40, nil, nil},
				[]any{nil, nil, nil, 100}, []any{nil, nil, 1, 1})},
		{name: "semi a<b", typ: planner.SemiJoin, cond: less, want: [][]any{{1, 10}, {2, 20}, {2, 5}}},
		{name: "anti a<b", typ: planner.AntiJoin, cond: less, want: [][]any{{nil, 1}, {4, 40}}},
		{name: "cross", typ: planner.InnerJoin, want: cross},
		{name: "cross left, empty right", typ: planner.LeftJoin, rrows: [][]any{}, want: nullsR(jlRows)},
		{name: "cross full, empty left", typ: planner.FullJoin, lrows: [][]any{}, want: [][]any{
			{nil, nil, 2, 15}, {nil, nil, 2, 30}, {nil, nil, 3, 0}, {nil, nil, nil, 100}, {nil, nil, 1, 1}}},
		{name: "cross semi", typ: planner.SemiJoin, want: jlRows},
		{name: "cross anti", typ: planner.AntiJoin},
		{name: "cross semi, empty right", typ: planner.SemiJoin, rrows: [][]any{}},
		{name: "cross anti, empty right", typ: planner.AntiJoin, rrows: [][]any{}, want: jlRows},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				l, r := jlRows, jrRows
				if tc.lrows != nil {
					l = tc.lrows
				}
				if tc.rrows != nil {
					r = tc.rrows
				}
				node := &planner.NestedLoopJoin{Type: tc.typ, Left: fxLeaf(jl), Right: fxLeaf(jr), Cond: tc.cond}
				got := runNL(t, node, l, r, batch)
				fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
			})
		}
	}
}

// TestNestedLoopJoinLarge crosses sides bigger than a batch, so that one probe row's pairs
// span several candidate batches.
func TestNestedLoopJoinLarge(t *testing.T) {
	var l, r [][]any
	for i := range 50 {
		l = append(l, []any{i, i})
	}
	for i := range 3000 {
		r = append(r, []any{i % 100, i})
	}
	// a = b: each left row matches 30 right rows.
	node := nlJoinNode(planner.InnerJoin, false)
	if got := runNL(t, node, l, r, 1000); len(got) != 50*30 {
		t.Fatalf("got %d rows, want %d", len(got), 50*30)
	}
	cross := &planner.NestedLoopJoin{Type: planner.InnerJoin, Left: fxLeaf(jl), Right: fxLeaf(jr)}
	if got := runNL(t, cross, l, r, 1000); len(got) != 50*3000 {
		t.Fatalf("got %d rows, want %d", len(got), 50*3000)
	}
	semi := nlJoinNode(planner.SemiJoin, false)
	if got := runNL(t, semi, l, r, 7); len(got) != 50 {
		t.Fatalf("semi: got %d rows, want 50", len(got))
	}
}

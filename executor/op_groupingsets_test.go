package executor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// TestGroupingSets checks an aggregate over grouping sets against one plain aggregate per
// set, widened by hand (NULL for the keys a set leaves out, the GROUPING masks), over random
// rows with NULL keys and values, for several batch sizes and worker counts.
func TestGroupingSets(t *testing.T) {
	i8, i4 := types.TInt8, types.TInt4
	cols := fxCols(i8, i8, i8)
	rng := rand.New(rand.NewPCG(3, 4))
	var rows [][]any
	for range 5000 {
		row := []any{rng.IntN(5), rng.IntN(40), rng.IntN(100)}
		for c := range row {
			if rng.IntN(15) == 0 {
				row[c] = nil
			}
		}
		rows = append(rows, row)
	}
	a, b, x := fxCol(0, i8), fxCol(1, i8), fxCol(2, i8)
	aggs := []planner.AggCall{
		{Func: fxCountStar, T: i8},
		{Func: fxSum, Args: []planner.Expr{x}, T: i8},
		{Func: fxCount, Args: []planner.Expr{x}, Distinct: true, T: i8},
		{Func: fxSum, Args: []planner.Expr{x}, Filter: fxCmp(">", x, fxInt(50)), T: i8},
	}
	groupings := [][]int{{0, 1}, {1}}
	for _, sets := range [][][]int{
		{{0, 1}, {0}, {}},      // ROLLUP (a, b)
		{{0, 1}, {0}, {1}, {}}, // CUBE (a, b)
		{{0}, {1}},             // GROUPING SETS (a, b)
		{{}, {}},               // GROUPING SETS ((), ())
		{{0, 1}, {0, 1}, {1}},  // a set repeated
	} {
		node := &planner.Aggregate{GroupBy: []planner.Expr{a, b}, Aggs: aggs, Sets: sets, Groupings: groupings,
			Out: fxCols(i8, i8, i8, i8, i8, i8, i4, i4)}
		var want [][]any
		for _, set := range sets {
			plain := &planner.Aggregate{Aggs: aggs}
			for _, k := range set {
				plain.GroupBy = append(plain.GroupBy, node.GroupBy[k])
				plain.Out = append(plain.Out, node.Out[k])
			}
			plain.Out = append(plain.Out, fxCols(i8, i8, i8, i8)...)
			for _, r := range runAgg(t, plain, cols, rows, 1024, 1) {
				wide := []any{nil, nil}
				for i, k := range set {
					wide[k] = r[i]
				}
				wide = append(wide, r[len(set):]...)
				for _, g := range groupings {
					wide = append(wide, int(planner.GroupingValue(g, set)))
				}
				want = append(want, wide)
			}
		}
		for _, batch := range fxBatchSizes {
			for _, workers := range []int{1, 3} {
				// A small directAfter makes workers give up rolling up from the hidden set
				// of all keys midway (GROUPING SETS without a finest set).
				for _, after := range []int{1 << 16, 50} {
					t.Run(fmt.Sprintf("sets=%v/batch=%d/workers=%d/after=%d", sets, batch, workers, after), func(t *testing.T) {
						defer func(old int) { directAfter = old }(directAfter)
						directAfter = after
						got := runAgg(t, node, cols, rows, batch, workers)
						fxEqualRows(t, fxSorted(got), fxSorted(want))
					})
				}
			}
		}
	}
}

func TestGroupingValue(t *testing.T) {
	for _, tc := range []struct {
		args, set []int
		want      int32
	}{
		{[]int{0, 1}, []int{0, 1}, 0},
		{[]int{0, 1}, []int{0}, 1},
		{[]int{0, 1}, []int{1}, 2},
		{[]int{0, 1}, nil, 3},
		{[]int{1, 0, 1}, []int{0}, 5},
	} {
		if got := planner.GroupingValue(tc.args, tc.set); got != tc.want {
			t.Errorf("GroupingValue(%v, %v) = %d, want %d", tc.args, tc.set, got, tc.want)
		}
	}
}

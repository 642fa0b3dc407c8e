package executor

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

func TestLimitTies(t *testing.T) {
	i8, txt := types.TInt8, types.TText
	cols := fxCols(i8, txt)
	// Sorted on column 0 (NULLs last), as the Sort below a WITH TIES Limit delivers it.
	rows := [][]any{{1, "a"}, {1, "b"}, {2, "c"}, {2, "d"}, {2, "e"}, {3, "f"}, {nil, "g"}, {nil, "h"}}
	cases := []struct {
		name          string
		count, offset int64
		keys          []int
		want          [][]any
	}{
		{name: "tie run after the count", count: 3, keys: []int{0}, want: rows[:5]},
		{name: "count ends a group", count: 2, keys: []int{0}, want: rows[:2]},
		{name: "offset", count: 1, offset: 2, keys: []int{0}, want: rows[2:5]},
		{name: "NULLs tie", count: 7, keys: []int{0}, want: rows},
		{name: "two keys never tie", count: 3, keys: []int{0, 1}, want: rows[:3]},
		{name: "zero", count: 0, keys: []int{0}},
		{name: "past the end", count: 20, keys: []int{0}, want: rows},
		{name: "offset past the end", count: 1, offset: 9, keys: []int{0}},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				node := &planner.Limit{Input: fxLeaf(cols), Count: fxInt(tc.count), Offset: fxInt(tc.offset)}
				for _, k := range tc.keys {
					node.Ties = append(node.Ties, planner.SortKey{Expr: fxCol(k, cols[k].Type)})
				}
				op, err := newLimitTies(node, newFxSource(t, cols, batch, rows))
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, got, tc.want)
			})
		}
	}
}

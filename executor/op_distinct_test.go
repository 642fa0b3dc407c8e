package executor

import (
	"fmt"
	"math"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

func TestDistinct(t *testing.T) {
	i8, txt := types.TInt8, types.TText
	cases := []struct {
		name string
		cols []planner.Column
		on   []int // DISTINCT ON columns; nil for plain DISTINCT
		rows [][]any
		want [][]any // first occurrences, in input order
	}{
		{
			name: "ints and strings with NULLs",
			cols: fxCols(i8, txt),
			rows: [][]any{{1, "a"}, {nil, "a"}, {1, "a"}, {1, nil}, {nil, "a"}, {nil, nil}, {2, ""}, {1, nil}, {nil, nil}, {2, ""}},
			want: [][]any{{1, "a"}, {nil, "a"}, {1, nil}, {nil, nil}, {2, ""}},
		},
		{
			name: "floats: NaN and -0",
			cols: fxCols(types.TFloat8),
			rows: [][]any{{math.NaN()}, {0.0}, {math.Copysign(0, -1)}, {math.NaN()}, {nil}, {nil}},
			want: [][]any{{math.NaN()}, {0.0}, {nil}},
		},
		{name: "empty", cols: fxCols(i8)},
		{
			name: "on the second column, first row of each group kept",
			cols: fxCols(i8, txt, i8),
			on:   []int{1},
			rows: [][]any{{1, "a", 10}, {2, "a", 20}, {3, nil, 30}, {4, "b", 40}, {5, nil, 50}, {6, "b", 60}, {7, "c", 70}},
			want: [][]any{{1, "a", 10}, {3, nil, 30}, {4, "b", 40}, {7, "c", 70}},
		},
		{
			name: "on two columns",
			cols: fxCols(i8, i8, txt),
			on:   []int{2, 0},
			rows: [][]any{{1, 1, "x"}, {1, 2, "x"}, {1, 3, "y"}, {2, 4, "x"}, {1, 5, "y"}, {nil, 6, "x"}, {nil, 7, "x"}},
			want: [][]any{{1, 1, "x"}, {1, 3, "y"}, {2, 4, "x"}, {nil, 6, "x"}},
		},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				op, err := newDistinct(&planner.Distinct{Input: fxLeaf(tc.cols), On: tc.on}, newFxSource(t, tc.cols, batch, tc.rows))
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

// TestDistinctMany checks many distinct values arriving in batches larger than BatchSize.
func TestDistinctMany(t *testing.T) {
	cols := fxCols(types.TInt8)
	var rows, want [][]any
	for i := range 20000 {
		rows = append(rows, []any{(i * 7) % 9001})
	}
	for i := range 9001 {
		want = append(want, []any{(i * 7) % 9001})
	}
	ctx, mem := fxCtx(t)
	op, _ := newDistinct(&planner.Distinct{Input: fxLeaf(cols)}, newFxSource(t, cols, 5000, rows))
	got := fxRun(t, ctx, op)
	mem.AssertSize(t, 0)
	fxEqualRows(t, got, want)
}

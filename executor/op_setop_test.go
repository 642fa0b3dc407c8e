package executor

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

func TestSetOp(t *testing.T) {
	cols := fxCols(types.TInt8, types.TText)
	// Left has (1,a) x3, (2,b) x2, (NULL,NULL) x2, (3,c); right has (1,a) x2, (2,b), (NULL,NULL), (4,d).
	left := [][]any{{1, "a"}, {2, "b"}, {1, "a"}, {nil, nil}, {3, "c"}, {1, "a"}, {2, "b"}, {nil, nil}}
	right := [][]any{{nil, nil}, {1, "a"}, {4, "d"}, {1, "a"}, {2, "b"}}
	cases := []struct {
		kind    planner.SetOpKind
		all     bool
		want    [][]any
		ordered bool // the operator's order is first appearance
	}{
		{kind: planner.Union, all: true, ordered: true, want: append(append([][]any{}, left...), right...)},
		{kind: planner.Union, ordered: true, want: [][]any{{1, "a"}, {2, "b"}, {nil, nil}, {3, "c"}, {4, "d"}}},
		{kind: planner.Intersect, ordered: true, want: [][]any{{1, "a"}, {2, "b"}, {nil, nil}}},
		{kind: planner.Intersect, all: true, want: [][]any{{1, "a"}, {1, "a"}, {2, "b"}, {nil, nil}}},
		{kind: planner.Except, ordered: true, want: [][]any{{3, "c"}}},
		{kind: planner.Except, all: true, want: [][]any{{1, "a"}, {2, "b"}, {nil, nil}, {3, "c"}}},
	}
	names := map[planner.SetOpKind]string{planner.Union: "UNION", planner.Intersect: "INTERSECT", planner.Except: "EXCEPT"}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			name := names[tc.kind]
			if tc.all {
				name += " ALL"
			}
			t.Run(fmt.Sprintf("%s/batch=%d", name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				node := &planner.SetOp{Kind: tc.kind, All: tc.all, Left: fxLeaf(cols), Right: fxLeaf(cols), Out: cols}
				op, err := newSetOp(node, newFxSource(t, cols, batch, left), newFxSource(t, cols, batch, right))
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				if tc.ordered {
					fxEqualRows(t, got, tc.want)
				} else {
					fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
				}
			})
		}
	}
}

// TestSetOpManyCopies checks INTERSECT ALL / EXCEPT ALL emitting more copies than a batch.
func TestSetOpManyCopies(t *testing.T) {
	cols := fxCols(types.TInt8)
	var left, right [][]any
	for range 5000 {
		left = append(left, []any{1})
	}
	for range 3000 {
		right = append(right, []any{1})
	}
	for _, tc := range []struct {
		kind planner.SetOpKind
		want int
	}{{planner.Intersect, 3000}, {planner.Except, 2000}} {
		ctx, mem := fxCtx(t)
		node := &planner.SetOp{Kind: tc.kind, All: true, Left: fxLeaf(cols), Right: fxLeaf(cols), Out: cols}
		op, _ := newSetOp(node, newFxSource(t, cols, 1000, left), newFxSource(t, cols, 1000, right))
		if got := fxRun(t, ctx, op); len(got) != tc.want {
			t.Errorf("%v ALL: got %d rows, want %d", tc.kind, len(got), tc.want)
		}
		mem.AssertSize(t, 0)
	}
}

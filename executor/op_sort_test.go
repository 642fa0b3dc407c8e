package executor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

func runSort(t *testing.T, cols []planner.Column, rows [][]any, keys []planner.SortKey, batch int) [][]any {
	t.Helper()
	ctx, mem := fxCtx(t)
	op, err := buildSort(&planner.Sort{Input: fxLeaf(cols), Keys: keys}, []Operator{newFxSource(t, cols, batch, rows)}, fxCompile)
	if err != nil {
		t.Fatal(err)
	}
	got := fxRun(t, ctx, op)
	mem.AssertSize(t, 0)
	return got
}

func TestSort(t *testing.T) {
	i8, txt, f8 := types.TInt8, types.TText, types.TFloat8
	inf, nz := math.Inf(1), math.Copysign(0, -1)
	nan := math.NaN()
	key := func(i int, t types.T, desc, nullsFirst bool) planner.SortKey {
		return planner.SortKey{Expr: fxCol(i, t), Desc: desc, NullsFirst: nullsFirst}
	}
	cases := []struct {
		name string
		cols []planner.Column
		rows [][]any
		keys []planner.SortKey
		want [][]any
	}{
		{
			name: "int asc nulls last, text desc nulls first",
			cols: fxCols(i8, txt),
			rows: [][]any{{2, "a"}, {nil, "x"}, {1, "b"}, {2, nil}, {1, "a"}, {2, "c"}, {nil, nil}},
			keys: []planner.SortKey{key(0, i8, false, false), key(1, txt, true, true)},
			want: [][]any{{1, "b"}, {1, "a"}, {2, nil}, {2, "c"}, {2, "a"}, {nil, nil}, {nil, "x"}},
		},
		{
			name: "int desc nulls first",
			cols: fxCols(i8),
			rows: [][]any{{3}, {nil}, {-5}, {7}, {0}},
			keys: []planner.SortKey{key(0, i8, true, true)},
			want: [][]any{{nil}, {7}, {3}, {0}, {-5}},
		},
		{
			name: "stable on equal keys",
			cols: fxCols(i8, i8),
			rows: [][]any{{1, 0}, {0, 1}, {1, 2}, {0, 3}, {1, 4}, {0, 5}},
			keys: []planner.SortKey{key(0, i8, false, false)},
			want: [][]any{{0, 1}, {0, 3}, {0, 5}, {1, 0}, {1, 2}, {1, 4}},
		},
		{
			name: "floats asc: NaN above infinity, -0 = 0",
			cols: fxCols(f8, i8),
			rows: [][]any{{nan, 0}, {1.0, 1}, {nil, 2}, {0.0, 3}, {-inf, 4}, {nz, 5}, {inf, 6}, {-1.0, 7}},
			keys: []planner.SortKey{key(0, f8, false, false)},
			want: [][]any{{-inf, 4}, {-1.0, 7}, {0.0, 3}, {nz, 5}, {1.0, 1}, {inf, 6}, {nan, 0}, {nil, 2}},
		},
		{
			name: "floats desc nulls first",
			cols: fxCols(f8, i8),
			rows: [][]any{{nan, 0}, {1.0, 1}, {nil, 2}, {0.0, 3}, {-inf, 4}, {nz, 5}, {inf, 6}},
			keys: []planner.SortKey{key(0, f8, true, true)},
			want: [][]any{{nil, 2}, {nan, 0}, {inf, 6}, {1.0, 1}, {0.0, 3}, {nz, 5}, {-inf, 4}},
		},
		{
			name: "strings bytewise",
			cols: fxCols(txt),
			rows: [][]any{{"b"}, {"ab"}, {"é"}, {"B"}, {""}, {"a"}},
			keys: []planner.SortKey{key(0, txt, false, false)},
			want: [][]any{{""}, {"B"}, {"a"}, {"ab"}, {"b"}, {"é"}},
		},
		{
			name: "bool",
			cols: fxCols(types.TBool),
			rows: [][]any{{true}, {nil}, {false}, {true}},
			keys: []planner.SortKey{key(0, types.TBool, false, true)},
			want: [][]any{{nil}, {false}, {true}, {true}},
		},
		{
			name: "empty input",
			cols: fxCols(i8),
			keys: []planner.SortKey{key(0, i8, false, false)},
		},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				fxEqualRows(t, runSort(t, tc.cols, tc.rows, tc.keys, batch), tc.want)
			})
		}
	}
}

// TestSortRandom checks a two-key sort of more rows than a batch against a stable sort of
// the Go values.
func TestSortRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	i8 := types.TInt8
	cols := fxCols(i8, i8, i8)
	var rows [][]any
	for i := range 10000 {
		var a, b any = rng.IntN(20), rng.IntN(1000) - 500
		if rng.IntN(10) == 0 {
			a = nil
		}
		if rng.IntN(10) == 0 {
			b = nil
		}
		rows = append(rows, []any{a, b, i})
	}
	// a ASC NULLS FIRST, b DESC NULLS LAST
	nullable := func(x, y any, nullsFirst bool) (int, bool) {
		switch {
		case x == nil && y == nil:
			return 0, true
		case x == nil:
			return map[bool]int{true: -1, false: 1}[nullsFirst], true
		case y == nil:
			return map[bool]int{true: 1, false: -1}[nullsFirst], true
		}
		return 0, false
	}
	want := slices.Clone(rows)
	slices.SortStableFunc(want, func(x, y []any) int {
		if c, ok := nullable(x[0], y[0], true); !ok {
			if c := cmp.Compare(x[0].(int), y[0].(int)); c != 0 {
				return c
			}
		} else if c != 0 {
			return c
		}
		if c, ok := nullable(x[1], y[1], false); !ok {
			return cmp.Compare(y[1].(int), x[1].(int))
		} else {
			return c
		}
	})
	keys := []planner.SortKey{
		{Expr: fxCol(0, i8), NullsFirst: true},
		{Expr: fxCol(1, i8), Desc: true},
	}
	fxEqualRows(t, runSort(t, cols, rows, keys, 999), want)
}

// TestSortStringPrefixes sorts strings that often share their first eight bytes (the radix
// sort's prefix key), in both directions with NULLs, against a stable sort of the Go values.
func TestSortStringPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	txt, i8 := types.TText, types.TInt8
	var rows [][]any
	for i := range 5000 {
		var s any
		if rng.IntN(20) > 0 {
			b := []byte("prefix12")[:rng.IntN(9)]
			for range rng.IntN(4) {
				b = append(b, "ab\x00z"[rng.IntN(4)])
			}
			s = string(b)
		}
		rows = append(rows, []any{s, i})
	}
	for _, desc := range []bool{false, true} {
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(x, y []any) int {
			switch {
			case x[0] == nil || y[0] == nil:
				return cmp.Compare(boolInt(x[0] == nil), boolInt(y[0] == nil)) // NULLS LAST
			case desc:
				return cmp.Compare(y[0].(string), x[0].(string))
			}
			return cmp.Compare(x[0].(string), y[0].(string))
		})
		keys := []planner.SortKey{{Expr: fxCol(0, txt), Desc: desc}}
		t.Run(fmt.Sprintf("desc=%v", desc), func(t *testing.T) {
			fxEqualRows(t, runSort(t, fxCols(txt, i8), rows, keys, 777), want)
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSortRowsCanceled checks that a comparison sort and a radix sort stop with the
// context's error once it is canceled.
func TestSortRowsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	mem := memory.NewGoAllocator()
	for _, dt := range []types.T{types.TText, types.TInt8, types.TNumeric} {
		b := array.NewBuilder(mem, dt.Arrow())
		for i := range 100_000 {
			switch bb := b.(type) {
			case *array.StringBuilder:
				bb.Append(fmt.Sprint(i * 7919 % 100_003))
			case *array.Int64Builder:
				bb.Append(int64(i * 7919 % 100_003))
			default:
				b.AppendNull()
			}
		}
		arr := b.NewArray()
		c, err := newRowComparator(arr, false, false)
		if err != nil {
			t.Fatal(err)
		}
		perm, err := sortRows(ctx, []arrow.Array{arr}, rowOrder{c}, false, false, arr.Len())
		if !errors.Is(err, context.Canceled) || perm != nil {
			t.Errorf("%v: sort of a canceled statement returned %d rows, error %v", dt, len(perm), err)
		}
		arr.Release()
		b.Release()
	}
}

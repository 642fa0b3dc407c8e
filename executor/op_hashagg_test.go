package executor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

var fxBatchSizes = []int{1, 3, 7, 2048, 5000}

// fxSplit deals rows to w sources batch by batch, as a shared morsel source would.
func fxSplit(t testing.TB, cols []planner.Column, rows [][]any, w, batch int) []Operator {
	parts := make([][][]any, w)
	for i := 0; i < len(rows); i += batch {
		end := min(i+batch, len(rows))
		k := (i / batch) % w
		parts[k] = append(parts[k], rows[i:end]...)
	}
	out := make([]Operator, w)
	for k := range out {
		out[k] = newFxSource(t, cols, batch, parts[k])
	}
	return out
}

func runAgg(t *testing.T, node *planner.Aggregate, cols []planner.Column, rows [][]any, batch, workers int) [][]any {
	t.Helper()
	ctx, mem := fxCtx(t)
	op, err := buildHashAggregate(node, fxSplit(t, cols, rows, workers, batch), fxCompile)
	if err != nil {
		t.Fatal(err)
	}
	got := fxRun(t, ctx, op)
	mem.AssertSize(t, 0)
	return got
}

func TestHashAggregate(t *testing.T) {
	i8 := types.TInt8
	kx := fxCols(i8, i8)
	kxRows := [][]any{
		{1, 10}, {2, 20}, {1, nil}, {nil, 5}, {2, 20}, {1, 10}, {nil, nil}, {3, 1},
	}
	k, x := fxCol(0, i8), fxCol(1, i8)
	floats := fxCols(types.TFloat8)
	negZero := math.Copysign(0, -1)
	strs := fxCols(types.TText, i8)
	cases := []struct {
		name string
		cols []planner.Column
		rows [][]any
		node *planner.Aggregate
		want [][]any
	}{
		{
			name: "group by with nulls, filter, distinct",
			cols: kx, rows: kxRows,
			node: &planner.Aggregate{
				GroupBy: []planner.Expr{k},
				Aggs: []planner.AggCall{
					{Func: fxCountStar, T: i8},
					{Func: fxCount, Args: []planner.Expr{x}, T: i8},
					{Func: fxSum, Args: []planner.Expr{x}, T: i8},
					{Func: fxCount, Args: []planner.Expr{x}, Distinct: true, T: i8},
					{Func: fxSum, Args: []planner.Expr{x}, Distinct: true, T: i8},
					{Func: fxSum, Args: []planner.Expr{x}, Filter: fxCmp(">", x, fxInt(1)), T: i8},
				},
				Out: fxCols(i8, i8, i8, i8, i8, i8, i8),
			},
			want: [][]any{
				{1, 3, 2, 20, 1, 10, 20},
				{2, 2, 2, 40, 1, 20, 40},
				{3, 1, 1, 1, 1, 1, nil},
				{nil, 2, 1, 5, 1, 5, 5},
			},
		},
		{
			name: "no group by",
			cols: kx, rows: kxRows,
			node: &planner.Aggregate{
				Aggs: []planner.AggCall{
					{Func: fxCountStar, T: i8},
					{Func: fxSum, Args: []planner.Expr{x}, T: i8},
					{Func: fxCount, Args: []planner.Expr{k}, Distinct: true, T: i8},
					{Func: fxCountStar, Filter: fxCmp("=", k, fxInt(1)), T: i8},
				},
				Out: fxCols(i8, i8, i8, i8),
			},
			want: [][]any{{8, 66, 3, 3}},
		},
		{
			name: "no group by, empty input",
			cols: kx,
			node: &planner.Aggregate{
				Aggs: []planner.AggCall{{Func: fxCountStar, T: i8}, {Func: fxSum, Args: []planner.Expr{x}, T: i8},
					{Func: fxCount, Args: []planner.Expr{x}, Distinct: true, T: i8}},
				Out: fxCols(i8, i8, i8),
			},
			want: [][]any{{0, nil, 0}},
		},
		{
			name: "group by, empty input",
			cols: kx,
			node: &planner.Aggregate{GroupBy: []planner.Expr{k}, Aggs: []planner.AggCall{{Func: fxCountStar, T: i8}}, Out: fxCols(i8, i8)},
		},
		{
			name: "group by only (no aggregates)",
			cols: kx, rows: kxRows,
			node: &planner.Aggregate{GroupBy: []planner.Expr{x}, Out: fxCols(i8)},
			want: [][]any{{1}, {5}, {10}, {20}, {nil}},
		},
		{
			name: "float keys: NaN = NaN, -0 = 0",
			cols: floats,
			rows: [][]any{{negZero}, {math.NaN()}, {1.5}, {0.0}, {math.NaN()}, {nil}, {1.5}, {nil}},
			node: &planner.Aggregate{GroupBy: []planner.Expr{fxCol(0, types.TFloat8)},
				Aggs: []planner.AggCall{{Func: fxCountStar, T: i8}}, Out: fxCols(types.TFloat8, i8)},
			want: [][]any{{negZero, 2}, {1.5, 2}, {math.NaN(), 2}, {nil, 2}},
		},
		{
			name: "two keys, strings",
			cols: strs,
			rows: [][]any{{"a", 1}, {"b", 1}, {"a", 1}, {"", 1}, {nil, 1}, {"a", 2}, {"", 1}, {nil, 1}, {"b", nil}},
			node: &planner.Aggregate{GroupBy: []planner.Expr{fxCol(0, types.TText), fxCol(1, i8)},
				Aggs: []planner.AggCall{{Func: fxCountStar, T: i8}}, Out: fxCols(types.TText, i8, i8)},
			want: [][]any{{"", 1, 2}, {"a", 1, 2}, {"a", 2, 1}, {"b", 1, 1}, {"b", nil, 1}, {nil, 1, 2}},
		},
	}
	for _, tc := range cases {
		for _, batch := range fxBatchSizes {
			for _, workers := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/batch=%d/workers=%d", tc.name, batch, workers), func(t *testing.T) {
					got := runAgg(t, tc.node, tc.cols, tc.rows, batch, workers)
					fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
				})
			}
		}
	}
}

// TestHashAggregateRandom checks the parallel operator against a direct computation, with
// enough groups to grow the tables and NULLs in keys and values.
func TestHashAggregateRandom(t *testing.T) {
	i8 := types.TInt8
	cols := fxCols(i8, i8)
	rng := rand.New(rand.NewPCG(1, 2))
	var rows [][]any
	type acc struct {
		count, sum int64
		seen       bool
		distinct   map[int]bool
	}
	want := map[any]*acc{}
	for range 30000 {
		var k, x any = rng.IntN(3000), rng.IntN(50)
		if rng.IntN(20) == 0 {
			k = nil
		}
		if rng.IntN(10) == 0 {
			x = nil
		}
		rows = append(rows, []any{k, x})
		a := want[k]
		if a == nil {
			a = &acc{distinct: map[int]bool{}}
			want[k] = a
		}
		a.count++
		if x != nil {
			a.sum += int64(x.(int))
			a.seen = true
			a.distinct[x.(int)] = true
		}
	}
	var wantRows [][]any
	for k, a := range want {
		var sum any
		if a.seen {
			sum = int(a.sum)
		}
		wantRows = append(wantRows, []any{k, int(a.count), sum, len(a.distinct)})
	}
	node := &planner.Aggregate{
		GroupBy: []planner.Expr{fxCol(0, i8)},
		Aggs: []planner.AggCall{
			{Func: fxCountStar, T: i8},
			{Func: fxSum, Args: []planner.Expr{fxCol(1, i8)}, T: i8},
			{Func: fxCount, Args: []planner.Expr{fxCol(1, i8)}, Distinct: true, T: i8},
		},
		Out: fxCols(i8, i8, i8, i8),
	}
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			got := runAgg(t, node, cols, rows, 1000, workers)
			fxEqualRows(t, fxSorted(got), fxSorted(wantRows))
		})
	}
}

// fxFailing fails with err after n batches of its inner source.
type fxFailing struct {
	Operator
	n   int
	err error
}

func (f *fxFailing) Next(ctx *Ctx) (arrow.Record, error) {
	if f.n == 0 {
		return nil, f.err
	}
	f.n--
	return f.Operator.Next(ctx)
}

func TestHashAggregateErrorsAndCancel(t *testing.T) {
	i8 := types.TInt8
	cols := fxCols(i8, i8)
	var rows [][]any
	for i := range 10000 {
		rows = append(rows, []any{i % 7, i})
	}
	node := &planner.Aggregate{GroupBy: []planner.Expr{fxCol(0, i8)},
		Aggs: []planner.AggCall{{Func: fxSum, Args: []planner.Expr{fxCol(1, i8)}, T: i8}}, Out: fxCols(i8, i8)}
	before := runtime.NumGoroutine()

	t.Run("worker error", func(t *testing.T) {
		ctx, mem := fxCtx(t)
		boom := errors.New("boom")
		inputs := fxSplit(t, cols, rows, 3, 100)
		inputs[1] = &fxFailing{Operator: inputs[1], n: 5, err: boom}
		op, err := buildHashAggregate(node, inputs, fxCompile)
		if err != nil {
			t.Fatal(err)
		}
		if err := op.Open(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := op.Next(ctx); !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		op.Close()
		mem.AssertSize(t, 0)
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, mem := fxCtx(t)
		c, cancel := context.WithCancel(context.Background())
		ctx.Context = c
		op, err := buildHashAggregate(node, fxSplit(t, cols, rows, 2, 100), fxCompile)
		if err != nil {
			t.Fatal(err)
		}
		if err := op.Open(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		if _, err := op.Next(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		op.Close()
		mem.AssertSize(t, 0)
	})
	// Workers have returned when Next does; allow the runtime a moment to retire them.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
}

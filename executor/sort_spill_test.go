package executor

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/spill"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fxNegF8 returns a call of a test negation of float8.
func fxNegF8(a planner.Expr) *planner.Call {
	fn := &catalog.Func{Name: "neg", Strict: true, Ret: types.Float8, Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x := args[0].(*array.Float64)
		b := array.NewFloat64Builder(env.Mem)
		defer b.Release()
		for i := 0; i < x.Len(); i++ {
			if x.IsNull(i) {
				b.AppendNull()
			} else {
				b.Append(-x.Value(i))
			}
		}
		return b.NewArray(), nil
	}}
	return &planner.Call{Func: fn, Args: []planner.Expr{a}, T: types.TFloat8}
}

// spillRows are 20000 rows of (text with shared prefixes and NULLs, int, float8) for
// sorting under small budgets; column 1 is the row's input position.
func spillRows() [][]any {
	rng := rand.New(rand.NewPCG(11, 12))
	rows := make([][]any, 20000)
	for i := range rows {
		var s any = fmt.Sprintf("key%04d", rng.IntN(3000))
		if rng.IntN(25) == 0 {
			s = nil
		}
		rows[i] = []any{s, i, float64(rng.IntN(100))}
	}
	return rows
}

// TestSortSpills sorts more rows than the memory budget holds, which forces sorted runs to
// disk and a merge (with several merge passes when runs are many), and checks the result
// against a stable sort of the Go values, that the sort really spilled, and that it left
// no temporary files and no allocated memory behind.
func TestSortSpills(t *testing.T) {
	txt, i8, f8 := types.TText, types.TInt8, types.TFloat8
	cols := fxCols(txt, i8, f8)
	rows := spillRows()
	// ORDER BY c0 DESC NULLS FIRST, c2 (an evaluated key: c2 * -1 ASC, so c2 descending).
	keys := []planner.SortKey{
		{Expr: fxCol(0, txt), Desc: true, NullsFirst: true},
		{Expr: fxNegF8(fxCol(2, f8))},
	}
	want := slices.Clone(rows)
	slices.SortStableFunc(want, func(x, y []any) int {
		switch {
		case x[0] == nil && y[0] == nil:
		case x[0] == nil:
			return -1
		case y[0] == nil:
			return 1
		default:
			if c := cmp.Compare(y[0].(string), x[0].(string)); c != 0 {
				return c
			}
		}
		return cmp.Compare(y[2].(float64), x[2].(float64))
	})
	for _, tc := range []struct {
		name    string
		workMem int64
		batch   int
		bound   int
	}{
		{"few runs", 256 << 10, 1000, 0},
		{"many runs, merged in passes", 8 << 10, 97, 0},
		{"top-N under a tiny work_mem", 8 << 10, 333, 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, mem := fxCtx(t)
			dir, err := spill.Open(filepath.Join(t.TempDir(), "tmp"))
			if err != nil {
				t.Fatal(err)
			}
			ctx.Spill = dir
			ctx.Budget = budget.NewPool(0).NewQuery(budget.Limits{WorkMem: tc.workMem})
			op, err := buildSort(&planner.Sort{Input: fxLeaf(cols), Keys: keys}, []Operator{newFxSource(t, cols, tc.batch, rows)}, fxCompile)
			if err != nil {
				t.Fatal(err)
			}
			op.setBound(int64(tc.bound))
			got := fxRun(t, ctx, op)
			if tc.bound > 0 {
				fxEqualRows(t, got, want[:tc.bound])
				mem.AssertSize(t, 0)
				return
			}
			if op.stats.spilledRuns < 2 {
				t.Errorf("%d runs spilled; the test needs the sort to spill", op.stats.spilledRuns)
			}
			if tc.workMem < 16<<10 && op.stats.spilledRuns <= maxMergeWidth {
				t.Errorf("%d runs: not enough for a merge pass", op.stats.spilledRuns)
			}
			fxEqualRows(t, got, want)
			mem.AssertSize(t, 0)
			if entries, _ := os.ReadDir(dir.Path()); len(entries) != 0 || dir.Files() != 0 {
				t.Errorf("%d temporary files left", len(entries))
			}
			if used := ctx.Budget.Used(); used != 0 {
				t.Errorf("%d bytes still accounted", used)
			}
		})
	}
}

// TestSortOutOfMemory checks that a sort over its budget with nowhere to spill fails with
// 53200, and that closing it after the error leaves nothing behind.
func TestSortOutOfMemory(t *testing.T) {
	i8 := types.TInt8
	cols := fxCols(i8, i8, i8)
	rows := spillRows()
	for i := range rows {
		rows[i] = []any{i % 10, i, i}
	}
	ctx, mem := fxCtx(t)
	ctx.Budget = budget.NewPool(64 << 10).NewQuery(budget.Limits{})
	op, err := buildSort(&planner.Sort{Input: fxLeaf(cols), Keys: []planner.SortKey{{Expr: fxCol(0, i8)}}},
		[]Operator{newFxSource(t, cols, 1000, rows)}, fxCompile)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = op.Next(ctx)
	if code := pgerror.GetCode(err); code != pgcode.OutOfMemory {
		t.Errorf("got %v, want 53200", err)
	}
	if err := op.Close(); err != nil {
		t.Fatal(err)
	}
	mem.AssertSize(t, 0)
	if used := ctx.Budget.Pool().Used(); used != 0 {
		t.Errorf("%d bytes still reserved in the pool", used)
	}
}

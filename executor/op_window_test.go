package executor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/udf"
)

var fxRegistry = func() *catalog.Registry {
	r := catalog.NewRegistry()
	udf.Register(r)
	return r
}()

// fxWindowFunc returns the registry's window function name with nargs arguments.
func fxWindowFunc(t testing.TB, name string, nargs int) *catalog.Func {
	for _, f := range fxRegistry.Funcs(name) {
		if f.Kind == catalog.KindWindow && len(f.Args) == nargs {
			return f
		}
	}
	t.Fatalf("no window function %s/%d", name, nargs)
	return nil
}

func runWindow(t *testing.T, cols []planner.Column, rows [][]any, calls []planner.WindowCall, batch int) [][]any {
	t.Helper()
	ctx, mem := fxCtx(t)
	out := append([]planner.Column(nil), cols...)
	for _, c := range calls {
		out = append(out, planner.Column{Name: c.Func.Name, Type: c.T})
	}
	node := &planner.Window{Input: fxLeaf(cols), Funcs: calls, Out: out}
	op, err := buildWindow(node, newFxSource(t, cols, batch, rows), fxCompile)
	if err != nil {
		t.Fatal(err)
	}
	got := fxRun(t, ctx, op)
	mem.AssertSize(t, 0)
	return got
}

func TestWindowOperator(t *testing.T) {
	i8, txt := types.TInt8, types.TText
	cols := fxCols(i8, txt, i8) // id, grp, x
	rows := [][]any{{1, "a", 10}, {2, "b", nil}, {3, "a", 20}, {4, nil, 7}, {5, "a", 20}, {6, "b", 1}}
	id, grp, x := fxCol(0, i8), fxCol(1, txt), fxCol(2, i8)
	asc := func(e planner.Expr) []planner.SortKey { return []planner.SortKey{{Expr: e}} }
	rowsFrame := func(s, e planner.BoundKind, so, eo int64) planner.WindowFrame {
		f := planner.WindowFrame{Mode: planner.FrameRows, Start: planner.FrameBound{Kind: s}, End: planner.FrameBound{Kind: e}}
		if so != 0 {
			f.Start.Offset = fxInt(so)
		}
		if eo != 0 {
			f.End.Offset = fxInt(eo)
		}
		return f
	}
	rowNumber := fxWindowFunc(t, "row_number", 0)
	rank := fxWindowFunc(t, "rank", 0)
	lag := fxWindowFunc(t, "lag", 1)
	cases := []struct {
		name  string
		calls []planner.WindowCall
		want  [][]any
	}{
		{
			name: "row_number by partition, rows in window order, NULL partition last",
			calls: []planner.WindowCall{{Func: rowNumber, PartitionBy: []planner.Expr{grp}, OrderBy: asc(id),
				Frame: planner.DefaultFrame, T: i8}},
			want: [][]any{{1, "a", 10, 1}, {3, "a", 20, 2}, {5, "a", 20, 3}, {2, "b", nil, 1}, {6, "b", 1, 2}, {4, nil, 7, 1}},
		},
		{
			name: "rank and running sum with peers",
			calls: []planner.WindowCall{
				{Func: rank, OrderBy: asc(x), Frame: planner.DefaultFrame, T: i8},
				{Func: fxSum, Args: []planner.Expr{x}, OrderBy: asc(x), Frame: planner.DefaultFrame, T: i8},
			},
			want: [][]any{{6, "b", 1, 1, 1}, {4, nil, 7, 2, 8}, {1, "a", 10, 3, 18}, {3, "a", 20, 4, 58}, {5, "a", 20, 4, 58}, {2, "b", nil, 6, 58}},
		},
		{
			name: "whole partition count and sliding sum, two windows; output in the last one's order",
			calls: []planner.WindowCall{
				{Func: fxCountStar, PartitionBy: []planner.Expr{grp}, Frame: planner.DefaultFrame, T: i8},
				{Func: fxSum, Args: []planner.Expr{x}, OrderBy: asc(id),
					Frame: rowsFrame(planner.OffsetPreceding, planner.OffsetFollowing, 1, 1), T: i8},
			},
			want: [][]any{{1, "a", 10, 3, 10}, {2, "b", nil, 2, 30}, {3, "a", 20, 3, 27}, {4, nil, 7, 1, 47}, {5, "a", 20, 3, 28}, {6, "b", 1, 2, 21}},
		},
		{
			name: "lag within partitions",
			calls: []planner.WindowCall{{Func: lag, Args: []planner.Expr{x}, PartitionBy: []planner.Expr{grp}, OrderBy: asc(id),
				Frame: planner.DefaultFrame, T: i8}},
			want: [][]any{{1, "a", 10, nil}, {3, "a", 20, 10}, {5, "a", 20, 20}, {2, "b", nil, nil}, {6, "b", 1, nil}, {4, nil, 7, nil}},
		},
	}
	for _, tc := range cases {
		for _, batch := range []int{1, 4, 1024} {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				got := runWindow(t, cols, rows, tc.calls, batch)
				fxEqualRows(t, got, tc.want)
			})
		}
	}
	t.Run("empty input", func(t *testing.T) {
		got := runWindow(t, cols, nil, []planner.WindowCall{{Func: fxSum, Args: []planner.Expr{x}, Frame: planner.DefaultFrame, T: i8}}, 4)
		fxEqualRows(t, got, nil)
	})
}

// TestWindowAggregateFrames checks every aggregate strategy (whole partition, running,
// sliding with exclusion) against a direct per-row evaluation of the frame definition, on
// random data with NULLs, ties and several partitions.
func TestWindowAggregateFrames(t *testing.T) {
	i8 := types.TInt8
	cols := fxCols(i8, i8, i8, i8) // id, partition, order key, value
	rng := rand.New(rand.NewPCG(1, 2))
	var rows [][]any
	for i := 0; i < 200; i++ {
		var v any = rng.IntN(100)
		if rng.IntN(5) == 0 {
			v = nil
		}
		var k any = rng.IntN(8)
		if rng.IntN(10) == 0 {
			k = nil
		}
		rows = append(rows, []any{i, rng.IntN(4), k, v})
	}
	bound := func(k planner.BoundKind, off int64) planner.FrameBound {
		b := planner.FrameBound{Kind: k}
		if k == planner.OffsetPreceding || k == planner.OffsetFollowing {
			b.Offset = fxInt(off)
		}
		return b
	}
	P, F, C := planner.OffsetPreceding, planner.OffsetFollowing, planner.CurrentRow
	UP, UF := planner.UnboundedPreceding, planner.UnboundedFollowing
	frames := []planner.WindowFrame{
		planner.DefaultFrame,
		{Mode: planner.FrameRange, Start: bound(UP, 0), End: bound(UF, 0)},
		{Mode: planner.FrameRange, Start: bound(C, 0), End: bound(UF, 0)},
		{Mode: planner.FrameRows, Start: bound(UP, 0), End: bound(C, 0)},
		{Mode: planner.FrameRows, Start: bound(UP, 0), End: bound(P, 2)},
		{Mode: planner.FrameRows, Start: bound(UP, 0), End: bound(F, 3)},
		{Mode: planner.FrameRows, Start: bound(P, 2), End: bound(F, 1)},
		{Mode: planner.FrameRows, Start: bound(F, 1), End: bound(F, 4)},
		{Mode: planner.FrameRows, Start: bound(P, 3), End: bound(P, 1)},
		{Mode: planner.FrameGroups, Start: bound(P, 1), End: bound(F, 1)},
		{Mode: planner.FrameGroups, Start: bound(UP, 0), End: bound(P, 1)},
		{Mode: planner.FrameRows, Start: bound(UP, 0), End: bound(UF, 0), Exclude: planner.ExcludeCurrentRow},
		{Mode: planner.FrameRange, Start: bound(UP, 0), End: bound(C, 0), Exclude: planner.ExcludeGroup},
		{Mode: planner.FrameRows, Start: bound(P, 2), End: bound(F, 2), Exclude: planner.ExcludeTies},
	}
	keys := []planner.SortKey{{Expr: fxCol(2, i8)}, {Expr: fxCol(0, i8)}}
	for fi, fr := range frames {
		for _, byID := range []bool{false, true} {
			order := keys[:1] // ties on the order key
			if byID {
				order = keys
			}
			t.Run(fmt.Sprintf("%d/%s/unique=%v", fi, fr, byID), func(t *testing.T) {
				call := planner.WindowCall{Func: fxSum, Args: []planner.Expr{fxCol(3, i8)},
					PartitionBy: []planner.Expr{fxCol(1, i8)}, OrderBy: order, Frame: fr, T: i8}
				got := runWindow(t, cols, rows, []planner.WindowCall{call}, 16)
				want := naiveWindowSum(rows, fr, byID)
				if len(got) != len(rows) {
					t.Fatalf("%d rows, want %d", len(got), len(rows))
				}
				for _, r := range got {
					id := r[0].(int)
					if r[4] != want[id] {
						t.Fatalf("row %d: sum %v, want %v", id, r[4], want[id])
					}
				}
			})
		}
	}
}

// naiveWindowSum evaluates sum(value) OVER (PARTITION BY p ORDER BY k [, id] frame) row by
// row from the definitions, returning the result per id.
func naiveWindowSum(rows [][]any, fr planner.WindowFrame, byID bool) map[int]any {
	cmpKey := func(a, b any) int { // NULLs last
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		case b == nil:
			return -1
		}
		return a.(int) - b.(int)
	}
	peer := func(a, b []any) bool { return cmpKey(a[2], b[2]) == 0 && (!byID || a[0] == b[0]) }
	before := func(a, b []any) bool { // a sorts before b
		if c := cmpKey(a[2], b[2]); c != 0 {
			return c < 0
		}
		return a[0].(int) < b[0].(int)
	}
	off := func(b planner.FrameBound) int {
		if b.Offset == nil {
			return 0
		}
		return int(b.Offset.(*planner.Const).Value.(interface{ String() string }).String()[0] - '0')
	}
	out := map[int]any{}
	for _, cur := range rows {
		var part [][]any
		for _, r := range rows {
			if r[1] == cur[1] {
				part = append(part, r)
			}
		}
		// Sort the partition (insertion sort keeps it obvious).
		for i := 1; i < len(part); i++ {
			for j := i; j > 0 && before(part[j], part[j-1]); j-- {
				part[j], part[j-1] = part[j-1], part[j]
			}
		}
		pos := 0
		for i, r := range part {
			if r[0] == cur[0] {
				pos = i
			}
		}
		// Peer group numbers.
		grp := make([]int, len(part))
		for i := 1; i < len(part); i++ {
			grp[i] = grp[i-1]
			if !peer(part[i], part[i-1]) {
				grp[i]++
			}
		}
		inFrame := func(j int) bool {
			var lo, hi bool
			switch fr.Start.Kind {
			case planner.UnboundedPreceding:
				lo = true
			case planner.CurrentRow:
				lo = (fr.Mode == planner.FrameRows && j >= pos) || (fr.Mode != planner.FrameRows && grp[j] >= grp[pos])
			case planner.OffsetPreceding, planner.OffsetFollowing:
				d := off(fr.Start)
				if fr.Start.Kind == planner.OffsetPreceding {
					d = -d
				}
				if fr.Mode == planner.FrameRows {
					lo = j >= pos+d
				} else {
					lo = grp[j] >= grp[pos]+d
				}
			}
			switch fr.End.Kind {
			case planner.UnboundedFollowing:
				hi = true
			case planner.CurrentRow:
				hi = (fr.Mode == planner.FrameRows && j <= pos) || (fr.Mode != planner.FrameRows && grp[j] <= grp[pos])
			case planner.OffsetPreceding, planner.OffsetFollowing:
				d := off(fr.End)
				if fr.End.Kind == planner.OffsetPreceding {
					d = -d
				}
				if fr.Mode == planner.FrameRows {
					hi = j <= pos+d
				} else {
					hi = grp[j] <= grp[pos]+d
				}
			}
			if !lo || !hi {
				return false
			}
			switch fr.Exclude {
			case planner.ExcludeCurrentRow:
				return j != pos
			case planner.ExcludeGroup:
				return grp[j] != grp[pos]
			case planner.ExcludeTies:
				return j == pos || grp[j] != grp[pos]
			}
			return true
		}
		var sum any
		for j, r := range part {
			if inFrame(j) && r[3] != nil {
				if sum == nil {
					sum = 0
				}
				sum = sum.(int) + r[3].(int)
			}
		}
		out[cur[0].(int)] = sum
	}
	return out
}

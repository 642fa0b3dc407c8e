package executor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Join fixtures: L(a, v) and R(b, w), all int8, joined on a = b.
var (
	jl     = fxCols(types.TInt8, types.TInt8)
	jr     = fxCols(types.TInt8, types.TInt8)
	jlRows = [][]any{{1, 10}, {2, 20}, {2, 5}, {nil, 1}, {4, 40}}
	jrRows = [][]any{{2, 15}, {2, 30}, {3, 0}, {nil, 100}, {1, 1}}
)

// joinCase is one join with its expected rows; keyed cases run through both join
// algorithms (the nested loop join gets a = b [AND residual] as its condition).
type joinCase struct {
	name         string
	typ          planner.JoinType
	lrows, rrows [][]any
	residual     bool // v < w
	want         [][]any
}

var joinCases = []joinCase{
	{name: "inner", typ: planner.InnerJoin, want: [][]any{
		{1, 10, 1, 1}, {2, 20, 2, 15}, {2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30}}},
	{name: "left", typ: planner.LeftJoin, want: [][]any{
		{1, 10, 1, 1}, {2, 20, 2, 15}, {2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{nil, 1, nil, nil}, {4, 40, nil, nil}}},
	{name: "right", typ: planner.RightJoin, want: [][]any{
		{1, 10, 1, 1}, {2, 20, 2, 15}, {2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{nil, nil, 3, 0}, {nil, nil, nil, 100}}},
	{name: "full", typ: planner.FullJoin, want: [][]any{
		{1, 10, 1, 1}, {2, 20, 2, 15}, {2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{nil, 1, nil, nil}, {4, 40, nil, nil}, {nil, nil, 3, 0}, {nil, nil, nil, 100}}},
	{name: "semi", typ: planner.SemiJoin, want: [][]any{{1, 10}, {2, 20}, {2, 5}}},
	{name: "anti", typ: planner.AntiJoin, want: [][]any{{nil, 1}, {4, 40}}},

	{name: "inner residual", typ: planner.InnerJoin, residual: true, want: [][]any{
		{2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30}}},
	{name: "left residual", typ: planner.LeftJoin, residual: true, want: [][]any{
		{2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{1, 10, nil, nil}, {nil, 1, nil, nil}, {4, 40, nil, nil}}},
	{name: "right residual", typ: planner.RightJoin, residual: true, want: [][]any{
		{2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{nil, nil, 3, 0}, {nil, nil, nil, 100}, {nil, nil, 1, 1}}},
	{name: "full residual", typ: planner.FullJoin, residual: true, want: [][]any{
		{2, 20, 2, 30}, {2, 5, 2, 15}, {2, 5, 2, 30},
		{1, 10, nil, nil}, {nil, 1, nil, nil}, {4, 40, nil, nil},
		{nil, nil, 3, 0}, {nil, nil, nil, 100}, {nil, nil, 1, 1}}},
	{name: "semi residual", typ: planner.SemiJoin, residual: true, want: [][]any{{2, 20}, {2, 5}}},
	{name: "anti residual", typ: planner.AntiJoin, residual: true, want: [][]any{{1, 10}, {nil, 1}, {4, 40}}},

	{name: "inner, empty build", typ: planner.InnerJoin, rrows: [][]any{}},
	{name: "semi, empty build", typ: planner.SemiJoin, rrows: [][]any{}},
	{name: "right, empty build", typ: planner.RightJoin, rrows: [][]any{}},
	{name: "left, empty build", typ: planner.LeftJoin, rrows: [][]any{}, want: [][]any{
		{1, 10, nil, nil}, {2, 20, nil, nil}, {2, 5, nil, nil}, {nil, 1, nil, nil}, {4, 40, nil, nil}}},
	{name: "anti, empty build", typ: planner.AntiJoin, rrows: [][]any{}, want: jlRows},
	{name: "full, empty probe", typ: planner.FullJoin, lrows: [][]any{}, want: [][]any{
		{nil, nil, 2, 15}, {nil, nil, 2, 30}, {nil, nil, 3, 0}, {nil, nil, nil, 100}, {nil, nil, 1, 1}}},
	{name: "right, empty probe", typ: planner.RightJoin, lrows: [][]any{}, residual: true, want: [][]any{
		{nil, nil, 2, 15}, {nil, nil, 2, 30}, {nil, nil, 3, 0}, {nil, nil, nil, 100}, {nil, nil, 1, 1}}},
	{name: "anti, empty probe", typ: planner.AntiJoin, lrows: [][]any{}},
}

func (c joinCase) rows() ([][]any, [][]any) {
	l, r := jlRows, jrRows
	if c.lrows != nil {
		l = c.lrows
	}
	if c.rrows != nil {
		r = c.rrows
	}
	return l, r
}

func residualExpr() planner.Expr { return fxCmp("<", fxCol(1, types.TInt8), fxCol(3, types.TInt8)) }

func hashJoinNode(typ planner.JoinType, residual bool) *planner.HashJoin {
	n := &planner.HashJoin{Type: typ, Left: fxLeaf(jl), Right: fxLeaf(jr),
		LeftKeys: []planner.Expr{fxCol(0, types.TInt8)}, RightKeys: []planner.Expr{fxCol(0, types.TInt8)}}
	if residual {
		n.Residual = residualExpr()
	}
	return n
}

func TestHashJoin(t *testing.T) {
	for _, tc := range joinCases {
		for _, batch := range fxBatchSizes {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				l, r := tc.rows()
				op, err := buildParallelHashJoin(hashJoinNode(tc.typ, tc.residual),
					fxSplit(t, jl, l, 1+batch%2, batch), newFxSource(t, jr, batch, r), fxCompile)
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
			})
			if tc.typ != planner.SemiJoin && tc.typ != planner.AntiJoin {
				continue
			}
			t.Run(fmt.Sprintf("%s/build left/batch=%d", tc.name, batch), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				l, r := tc.rows()
				node := hashJoinNode(tc.typ, tc.residual)
				node.BuildLeft = true
				op, err := buildParallelHashJoin(node,
					fxSplit(t, jr, r, 1+batch%2, batch), newFxSource(t, jl, batch, l), fxCompile)
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, fxSorted(got), fxSorted(tc.want))
			})
		}
	}
}

// TestHashJoinBuildLeftUniqueKeys runs semi and anti joins that hash a left input with
// unique keys (each key one row, no bucketing) against a right input with many duplicates.
func TestHashJoinBuildLeftUniqueKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var l [][]any
	for k := range 500 {
		l = append(l, []any{k, rng.IntN(100)})
	}
	r := randomJoinRows(rng, 3000, 800)
	eq := func(a, b []any) bool { return a[0] != nil && b[0] != nil && a[0] == b[0] }
	eqRes := func(a, b []any) bool {
		return eq(a, b) && a[1] != nil && b[1] != nil && a[1].(int) < b[1].(int)
	}
	for _, typ := range []planner.JoinType{planner.SemiJoin, planner.AntiJoin} {
		for _, residual := range []bool{false, true} {
			match := eq
			if residual {
				match = eqRes
			}
			want := fxSorted(naiveJoin(typ, l, r, match))
			node := hashJoinNode(typ, residual)
			node.BuildLeft = true
			for _, probes := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/residual=%v/probes=%d", typ, residual, probes), func(t *testing.T) {
					ctx, mem := fxCtx(t)
					op, err := buildParallelHashJoin(node, fxSplit(t, jr, r, probes, 128), newFxSource(t, jl, 64, l), fxCompile)
					if err != nil {
						t.Fatal(err)
					}
					got := fxRun(t, ctx, op)
					mem.AssertSize(t, 0)
					fxEqualRows(t, fxSorted(got), want)
				})
			}
		}
	}
}

// TestHashJoinStringKeys joins on (text, int8) with NULLs and empty strings in the keys.
func TestHashJoinStringKeys(t *testing.T) {
	cols := fxCols(types.TText, types.TInt8)
	l := [][]any{{"a", 1}, {"", 1}, {nil, 1}, {"a", 2}, {"b", nil}, {"a", 1}}
	r := [][]any{{"a", 1}, {"", 1}, {nil, 1}, {"a", 3}, {"b", nil}}
	node := &planner.HashJoin{Type: planner.FullJoin, Left: fxLeaf(cols), Right: fxLeaf(cols),
		LeftKeys:  []planner.Expr{fxCol(0, types.TText), fxCol(1, types.TInt8)},
		RightKeys: []planner.Expr{fxCol(0, types.TText), fxCol(1, types.TInt8)}}
	want := [][]any{
		{"a", 1, "a", 1}, {"", 1, "", 1}, {"a", 1, "a", 1},
		{nil, 1, nil, nil}, {"a", 2, nil, nil}, {"b", nil, nil, nil},
		{nil, nil, nil, 1}, {nil, nil, "a", 3}, {nil, nil, "b", nil},
	}
	for _, batch := range []int{1, 2, 100} {
		ctx, mem := fxCtx(t)
		op, err := buildHashJoin(node, newFxSource(t, cols, batch, l), newFxSource(t, cols, batch, r), fxCompile)
		if err != nil {
			t.Fatal(err)
		}
		got := fxRun(t, ctx, op)
		mem.AssertSize(t, 0)
		fxEqualRows(t, fxSorted(got), fxSorted(want))
	}
}

// naiveJoin computes a join row by row, as the reference for randomized tests.
func naiveJoin(typ planner.JoinType, l, r [][]any, match func(a, b []any) bool) [][]any {
	var out [][]any
	rmatched := make([]bool, len(r))
	nulls := func(n int) []any { return make([]any, n) }
	for _, a := range l {
		found := false
		for j, b := range r {
			if match(a, b) {
				found = true
				rmatched[j] = true
				if typ != planner.SemiJoin && typ != planner.AntiJoin {
					out = append(out, append(append([]any{}, a...), b...))
				}
			}
		}
		switch {
		case typ == planner.SemiJoin && found, typ == planner.AntiJoin && !found:
			out = append(out, a)
		case (typ == planner.LeftJoin || typ == planner.FullJoin) && !found:
			out = append(out, append(append([]any{}, a...), nulls(2)...))
		}
	}
	if typ == planner.RightJoin || typ == planner.FullJoin {
		for j, b := range r {
			if !rmatched[j] {
				out = append(out, append(nulls(2), b...))
			}
		}
	}
	return out
}

func randomJoinRows(rng *rand.Rand, n, keys int) [][]any {
	rows := make([][]any, n)
	for i := range rows {
		var k, v any = rng.IntN(keys), rng.IntN(100)
		if rng.IntN(15) == 0 {
			k = nil
		}
		if rng.IntN(15) == 0 {
			v = nil
		}
		rows[i] = []any{k, v}
	}
	return rows
}

// TestJoinsRandom checks both join algorithms against the naive join on random data with
// many duplicate keys, so that pair runs span several output batches.
func TestJoinsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	l := randomJoinRows(rng, 2000, 40)
	r := randomJoinRows(rng, 300, 60)
	eq := func(a, b []any) bool { return a[0] != nil && b[0] != nil && a[0] == b[0] }
	eqRes := func(a, b []any) bool {
		return eq(a, b) && a[1] != nil && b[1] != nil && a[1].(int) < b[1].(int)
	}
	for _, typ := range []planner.JoinType{planner.InnerJoin, planner.LeftJoin, planner.RightJoin, planner.FullJoin, planner.SemiJoin, planner.AntiJoin} {
		for _, residual := range []bool{false, true} {
			match := eq
			if residual {
				match = eqRes
			}
			want := fxSorted(naiveJoin(typ, l, r, match))
			t.Run(fmt.Sprintf("hash/%s/residual=%v", typ, residual), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				op, err := buildHashJoin(hashJoinNode(typ, residual), newFxSource(t, jl, 777, l), newFxSource(t, jr, 100, r), fxCompile)
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, fxSorted(got), want)
			})
			t.Run(fmt.Sprintf("parallel/%s/residual=%v", typ, residual), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				op, err := buildParallelHashJoin(hashJoinNode(typ, residual), fxSplit(t, jl, l, 3, 100), newFxSource(t, jr, 100, r), fxCompile)
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, fxSorted(got), want)
			})
			if typ == planner.SemiJoin || typ == planner.AntiJoin {
				node := hashJoinNode(typ, residual)
				node.BuildLeft = true
				t.Run(fmt.Sprintf("hash build left/%s/residual=%v", typ, residual), func(t *testing.T) {
					ctx, mem := fxCtx(t)
					op, err := buildHashJoin(node, newFxSource(t, jl, 777, l), newFxSource(t, jr, 100, r), fxCompile)
					if err != nil {
						t.Fatal(err)
					}
					got := fxRun(t, ctx, op)
					mem.AssertSize(t, 0)
					fxEqualRows(t, fxSorted(got), want)
				})
				t.Run(fmt.Sprintf("parallel build left/%s/residual=%v", typ, residual), func(t *testing.T) {
					ctx, mem := fxCtx(t)
					op, err := buildParallelHashJoin(node, fxSplit(t, jr, r, 3, 50), newFxSource(t, jl, 100, l), fxCompile)
					if err != nil {
						t.Fatal(err)
					}
					got := fxRun(t, ctx, op)
					mem.AssertSize(t, 0)
					fxEqualRows(t, fxSorted(got), want)
				})
			}
			t.Run(fmt.Sprintf("nested/%s/residual=%v", typ, residual), func(t *testing.T) {
				ctx, mem := fxCtx(t)
				op, err := buildNestedLoopJoin(nlJoinNode(typ, residual), newFxSource(t, jl, 777, l), newFxSource(t, jr, 100, r), fxCompile)
				if err != nil {
					t.Fatal(err)
				}
				got := fxRun(t, ctx, op)
				mem.AssertSize(t, 0)
				fxEqualRows(t, fxSorted(got), want)
			})
		}
	}
}

// TestParallelHashJoinEarlyClose stops reading after one batch, as a LIMIT does: Close must
// stop the workers and free everything.
func TestParallelHashJoinEarlyClose(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	l := randomJoinRows(rng, 20000, 10)
	r := randomJoinRows(rng, 200, 10)
	for _, typ := range []planner.JoinType{planner.InnerJoin, planner.FullJoin} {
		ctx, mem := fxCtx(t)
		op, err := buildParallelHashJoin(hashJoinNode(typ, false), fxSplit(t, jl, l, 2, 64), newFxSource(t, jr, 64, r), fxCompile)
		if err != nil {
			t.Fatal(err)
		}
		if err := op.Open(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := op.Next(ctx); err != nil {
			t.Fatal(err)
		}
		if err := op.Close(); err != nil {
			t.Fatal(err)
		}
		mem.AssertSize(t, 0)
	}
}

func TestHashJoinBuildLeftOnlySemiAnti(t *testing.T) {
	node := hashJoinNode(planner.InnerJoin, false)
	node.BuildLeft = true
	if _, err := buildHashJoin(node, newFxSource(t, jl, 1, nil), newFxSource(t, jr, 1, nil), fxCompile); err == nil {
		t.Fatal("expected an error for an inner join building its left input")
	}
}

func TestHashJoinKeyTypeMismatch(t *testing.T) {
	node := &planner.HashJoin{Type: planner.InnerJoin, Left: fxLeaf(jl), Right: fxLeaf(jr),
		LeftKeys: []planner.Expr{fxCol(0, types.TInt8)}, RightKeys: []planner.Expr{fxCol(0, types.TInt4)}}
	if _, err := buildHashJoin(node, newFxSource(t, jl, 1, nil), newFxSource(t, jr, 1, nil), fxCompile); err == nil {
		t.Fatal("expected an error for keys of different types")
	}
}

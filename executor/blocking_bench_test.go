package executor

import (
	"context"
	"io"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// benchSource hands out pre-built batches, cycling through them, until a shared budget of
// batches is spent; several instances sharing a budget behave like workers of one morsel
// source.
type benchSource struct {
	schema *arrow.Schema
	recs   []arrow.Record
	budget *atomic.Int64
	i      int
}

func (s *benchSource) Schema() *arrow.Schema { return s.schema }
func (s *benchSource) Open(*Ctx) error       { return nil }
func (s *benchSource) Close() error          { return nil }
func (s *benchSource) Next(*Ctx) (arrow.Record, error) {
	if s.budget.Add(-1) < 0 {
		return nil, io.EOF
	}
	s.i++
	return s.recs[s.i%len(s.recs)], nil
}

// benchBatches builds n batches of (key, value) int8 columns with keys from key(row).
func benchBatches(mem memory.Allocator, schema *arrow.Schema, n int, key func(i int) int64) []arrow.Record {
	rng := rand.New(rand.NewPCG(7, 8))
	recs := make([]arrow.Record, n)
	for b := range recs {
		kb, vb := array.NewInt64Builder(mem), array.NewInt64Builder(mem)
		for i := range BatchSize {
			kb.Append(key(b*BatchSize + i))
			vb.Append(int64(rng.IntN(1000)))
		}
		k, v := kb.NewArray(), vb.NewArray()
		recs[b] = array.NewRecord(schema, []arrow.Array{k, v}, BatchSize)
		k.Release()
		v.Release()
		kb.Release()
		vb.Release()
	}
	return recs
}

// BenchmarkHashAggregate groups 10M rows on an int8 key with 1000 groups, computing count(*)
// and sum(v), with one worker per GOMAXPROCS (run with -cpu 1,2).
func BenchmarkHashAggregate(b *testing.B) {
	const rows = 10_000_000
	i8 := types.TInt8
	cols := fxCols(i8, i8)
	schema := PlanSchema(cols)
	rng := rand.New(rand.NewPCG(9, 10))
	recs := benchBatches(memory.DefaultAllocator, schema, 64, func(int) int64 { return int64(rng.IntN(1000)) })
	node := &planner.Aggregate{
		GroupBy: []planner.Expr{fxCol(0, i8)},
		Aggs: []planner.AggCall{
			{Func: fxCountStar, T: i8},
			{Func: fxSum, Args: []planner.Expr{fxCol(1, i8)}, T: i8},
		},
		Out: fxCols(i8, i8, i8),
	}
	workers := runtime.GOMAXPROCS(0)
	ctx := &Ctx{Context: context.Background(), Mem: memory.DefaultAllocator, IO: &types.IOSettings{}, Workers: workers}
	b.ResetTimer()
	for range b.N {
		var budget atomic.Int64
		budget.Store(rows / BatchSize)
		inputs := make([]Operator, workers)
		for w := range inputs {
			inputs[w] = &benchSource{schema: schema, recs: recs, budget: &budget, i: w * 7}
		}
		op, err := buildHashAggregate(node, inputs, fxCompile)
		if err != nil {
			b.Fatal(err)
		}
		benchDrain(b, ctx, op, 1000)
	}
	b.ReportMetric(float64(rows/BatchSize*BatchSize)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkHashJoin probes 10M rows against a build side of 1M distinct int8 keys (half the
// probe rows match) with an inner join, gathering two columns from each side, with one probe
// worker per GOMAXPROCS (run with -cpu 1,2).
func BenchmarkHashJoin(b *testing.B) {
	const probeRows, buildRows = 10_000_000, 1 << 20
	i8 := types.TInt8
	cols := fxCols(i8, i8)
	schema := PlanSchema(cols)
	build := benchBatches(memory.DefaultAllocator, schema, buildRows/BatchSize, func(i int) int64 { return int64(i) * 2 })
	rng := rand.New(rand.NewPCG(11, 12))
	probe := benchBatches(memory.DefaultAllocator, schema, 64, func(int) int64 { return int64(rng.IntN(2 * buildRows)) })
	node := &planner.HashJoin{Type: planner.InnerJoin, Left: fxLeaf(cols), Right: fxLeaf(cols),
		LeftKeys: []planner.Expr{fxCol(0, i8)}, RightKeys: []planner.Expr{fxCol(0, i8)}}
	ctx := &Ctx{Context: context.Background(), Mem: memory.DefaultAllocator, IO: &types.IOSettings{}, Workers: 1}
	b.ResetTimer()
	for range b.N {
		var pb, bb atomic.Int64
		pb.Store(probeRows / BatchSize)
		bb.Store(buildRows / BatchSize)
		lefts := make([]Operator, runtime.GOMAXPROCS(0))
		for w := range lefts {
			lefts[w] = &benchSource{schema: schema, recs: probe, budget: &pb, i: w * 7}
		}
		op, err := buildParallelHashJoin(node, lefts, &benchSource{schema: schema, recs: build, budget: &bb, i: -1}, fxCompile)
		if err != nil {
			b.Fatal(err)
		}
		benchDrain(b, ctx, op, -1)
	}
	b.ReportMetric(float64(probeRows/BatchSize*BatchSize)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSort sorts 1M rows on a random int8 key.
func BenchmarkSort(b *testing.B) {
	const rows = 1 << 20
	i8 := types.TInt8
	cols := fxCols(i8, i8)
	schema := PlanSchema(cols)
	rng := rand.New(rand.NewPCG(13, 14))
	recs := benchBatches(memory.DefaultAllocator, schema, rows/BatchSize, func(int) int64 { return rng.Int64() })
	ctx := &Ctx{Context: context.Background(), Mem: memory.DefaultAllocator, IO: &types.IOSettings{}, Workers: 1}
	node := &planner.Sort{Input: fxLeaf(cols), Keys: []planner.SortKey{{Expr: fxCol(0, i8)}}}
	b.ResetTimer()
	for range b.N {
		var budget atomic.Int64
		budget.Store(rows / BatchSize)
		op, err := buildSort(node, []Operator{&benchSource{schema: schema, recs: recs, budget: &budget, i: -1}}, fxCompile)
		if err != nil {
			b.Fatal(err)
		}
		benchDrain(b, ctx, op, rows)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchDrain runs op to the end and checks the row count (want < 0: any).
func benchDrain(b *testing.B, ctx *Ctx, op Operator, want int) {
	if err := op.Open(ctx); err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		rec, err := op.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		n += int(rec.NumRows())
	}
	op.Close()
	if want >= 0 && n != want {
		b.Fatalf("got %d rows, want %d", n, want)
	}
}

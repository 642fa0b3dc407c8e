package udf

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

const benchRows = 4096

func benchScalar(b *testing.B, f *catalog.Func, args []arrow.Array) {
	env := &catalog.FuncEnv{Mem: memory.DefaultAllocator, RetType: f.ResultType(nil)}
	b.SetBytes(benchRows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := f.Scalar(env, args)
		if err != nil {
			b.Fatal(err)
		}
		r.Release()
	}
}

func int32Column(n int, f func(i int) int32) arrow.Array {
	bld := array.NewInt32Builder(memory.DefaultAllocator)
	defer bld.Release()
	for i := 0; i < n; i++ {
		bld.Append(f(i))
	}
	return bld.NewArray()
}

func BenchmarkInt4Add(b *testing.B) {
	x, y := int32Column(benchRows, func(i int) int32 { return int32(i) }), int32Column(benchRows, func(i int) int32 { return 7 })
	benchScalar(b, lookupFunc("int4pl", types.Int4, types.Int4), []arrow.Array{x, y})
}

func BenchmarkInt4Lt(b *testing.B) {
	x, y := int32Column(benchRows, func(i int) int32 { return int32(i) }), int32Column(benchRows, func(i int) int32 { return 2000 })
	benchScalar(b, lookupFunc("int4lt", types.Int4, types.Int4), []arrow.Array{x, y})
}

func BenchmarkLikeContains(b *testing.B) {
	s := array.NewStringBuilder(memory.DefaultAllocator)
	p := array.NewStringBuilder(memory.DefaultAllocator)
	for i := 0; i < benchRows; i++ {
		s.Append("the quick brown fox jumps over the lazy dog")
		p.Append("%lazy%")
	}
	benchScalar(b, lookupFunc("textlike", types.Text, types.Text), []arrow.Array{s.NewArray(), p.NewArray()})
}

func BenchmarkSumInt4(b *testing.B) {
	x := int32Column(benchRows, func(i int) int32 { return int32(i) })
	groups := make([]uint32, benchRows)
	for i := range groups {
		groups[i] = uint32(i % 16)
	}
	f := lookupFunc("sum", types.Int4)
	st := f.Agg(&catalog.FuncEnv{})
	b.SetBytes(benchRows)
	for i := 0; i < b.N; i++ {
		if err := st.Update(groups, []arrow.Array{x}); err != nil {
			b.Fatal(err)
		}
	}
}

func lookupFunc(name string, args ...types.OID) *catalog.Func {
	for _, f := range testReg.Funcs(name) {
		if len(f.Args) == len(args) && (len(args) == 0 || f.Args[0] == args[0]) {
			return f
		}
	}
	panic(name)
}

// benchSum runs an ungrouped sum over 10M rows in 64K-row batches, the shape of a scan
// feeding an aggregate.
func benchSum(b *testing.B, f *catalog.Func, x arrow.Array) {
	const total = 10_000_000
	groups := make([]uint32, x.Len())
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := f.Agg(&catalog.FuncEnv{})
		for done := 0; done < total; done += x.Len() {
			if err := st.Update(groups, []arrow.Array{x}); err != nil {
				b.Fatal(err)
			}
		}
		r, err := st.Finalize(1)
		if err != nil {
			b.Fatal(err)
		}
		r.Release()
	}
}

const sumBatch = 1 << 16

func BenchmarkSum10MNumeric(b *testing.B) {
	bld := array.NewFixedSizeBinaryBuilder(memory.DefaultAllocator, types.NumericArrowType.(*arrow.FixedSizeBinaryType))
	for i := 0; i < sumBatch; i++ {
		types.AppendNumericBuilder(bld, types.MakeNumeric(int64(i*37%100000), 2)) // e.g. 123.45
	}
	benchSum(b, lookupFunc("sum", types.Numeric), bld.NewArray())
}

func BenchmarkSum10MFloat8(b *testing.B) {
	bld := array.NewFloat64Builder(memory.DefaultAllocator)
	for i := 0; i < sumBatch; i++ {
		bld.Append(float64(i*37%100000) / 100)
	}
	benchSum(b, lookupFunc("sum", types.Float8), bld.NewArray())
}

func BenchmarkAvg10MNumeric(b *testing.B) {
	bld := array.NewFixedSizeBinaryBuilder(memory.DefaultAllocator, types.NumericArrowType.(*arrow.FixedSizeBinaryType))
	for i := 0; i < sumBatch; i++ {
		types.AppendNumericBuilder(bld, types.MakeNumeric(int64(i*37%100000), 2))
	}
	benchSum(b, lookupFunc("avg", types.Numeric), bld.NewArray())
}

func BenchmarkNumericMul(b *testing.B) {
	bld := array.NewFixedSizeBinaryBuilder(memory.DefaultAllocator, types.NumericArrowType.(*arrow.FixedSizeBinaryType))
	for i := 0; i < benchRows; i++ {
		types.AppendNumericBuilder(bld, types.MakeNumeric(int64(i*37%100000), 2))
	}
	x := bld.NewArray()
	benchScalar(b, lookupFunc("numeric_mul", types.Numeric, types.Numeric), []arrow.Array{x, x})
}

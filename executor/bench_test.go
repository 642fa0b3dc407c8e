package executor_test

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/exectest"
)

// loadBenchTable creates t(k int8, v float8, s text) with n rows: k cycles over 1000 groups,
// v over [0, 1), s over 16 strings.
func loadBenchTable(tb testing.TB, store *exectest.MemStore, n int) {
	txn := store.Begin()
	def, err := txn.CreateTable(catalog.TableDef{Name: "t", Columns: []catalog.Column{
		{Name: "k", Type: types.TInt8}, {Name: "v", Type: types.TFloat8}, {Name: "s", Type: types.TText}}})
	if err != nil {
		tb.Fatal(err)
	}
	schema := def.ArrowSchema()
	words := []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
		"iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"}
	const chunk = 1 << 16
	for off := 0; off < n; off += chunk {
		m := chunk
		if n-off < m {
			m = n - off
		}
		kb := array.NewInt64Builder(memory.DefaultAllocator)
		vb := array.NewFloat64Builder(memory.DefaultAllocator)
		sb := array.NewStringBuilder(memory.DefaultAllocator)
		for i := off; i < off+m; i++ {
			kb.Append(int64(i % 1000))
			vb.Append(float64((i*7919)%10007) / 10007)
			sb.Append(words[i%16])
		}
		cols := []arrow.Array{kb.NewArray(), vb.NewArray(), sb.NewArray()}
		rec := array.NewRecord(schema, cols, int64(m))
		if err := txn.Insert(def.OID, rec); err != nil {
			tb.Fatal(err)
		}
		for _, c := range cols {
			c.Release()
		}
		kb.Release()
		vb.Release()
		sb.Release()
	}
	if err := txn.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkScanFilterGroupBy measures the spine's parallel pipeline: a scan of 10M rows,
// a filter keeping about half, and a hash aggregate into 1000 groups. Run with -cpu 1,2 to
// see the scaling across cores; rows/s counts input rows.
func BenchmarkScanFilterGroupBy(b *testing.B) {
	const n = 10_000_000
	store := exectest.NewMemStore()
	loadBenchTable(b, store, n)
	sess := exectest.NewSession(b, store)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := exectest.Count(b, sess, "SELECT k, count(*), sum(v), avg(v) FROM t WHERE v > 0.5 GROUP BY k"); got != 1000 {
			b.Fatalf("got %d groups", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

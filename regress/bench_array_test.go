package regress

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// BenchmarkArrays measures unnest and array_agg over 1M rows, in pgfast and, when
// PGFAST_REFERENCE_DSN names a PostgreSQL server, in PostgreSQL on the same data, both
// through pgx. Each sub-benchmark reports rows/s (input rows per second); compare the two
// figures of one run only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench Arrays -benchtime 5x
func BenchmarkArrays(b *testing.B) {
	const rows = 1_000_000
	const load = `CREATE TABLE bench_arrays AS SELECT g AS id, g % 1000 AS grp,
		ARRAY[g, g + 1, g + 2, g + 3, g + 4, g + 5, g + 6, g + 7] AS a FROM generate_series(1, 1000000) g`
	cases := []struct {
		name, query string
		want        int64
	}{
		// Every array of the table as rows: 8M elements from 1M rows.
		{"unnest", `SELECT count(x) FROM (SELECT unnest(a) AS x FROM bench_arrays) s`, 8 * rows},
		// 1M values into 1000 arrays.
		{"array_agg", `SELECT sum(cardinality(agg)) FROM (SELECT grp, array_agg(id) AS agg FROM bench_arrays GROUP BY grp) s`, rows},
	}
	run := func(b *testing.B, url, query string, want int64) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, sql := range []string{"DROP TABLE IF EXISTS bench_arrays", load} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		defer conn.Exec(ctx, "DROP TABLE bench_arrays")
		var n int64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if n != want {
			b.Fatalf("%s: %d, want %d", query, n, want)
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.Run("pgfast", func(b *testing.B) {
				run(b, connString(startServer(b, b.TempDir())), c.query, c.want)
			})
			b.Run("postgres", func(b *testing.B) {
				dsn := os.Getenv("PGFAST_REFERENCE_DSN")
				if dsn == "" {
					b.Skip("PGFAST_REFERENCE_DSN not set: no PostgreSQL to compare with")
				}
				run(b, dsn, c.query, c.want)
			})
		})
	}
}

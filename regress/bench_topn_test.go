package regress

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// BenchmarkTopN measures ORDER BY x LIMIT k (a top-N sort) over 10M rows, in pgfast and,
// when PGFAST_REFERENCE_DSN names a PostgreSQL server, in PostgreSQL on the same data, both
// through pgx. Each sub-benchmark reports rows/s (rows sorted per second); compare the
// figures of one run only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench TopN -benchtime 10x
func BenchmarkTopN(b *testing.B) {
	const rows = 10_000_000
	// x is a permutation-like scramble of g, the same in both systems.
	const load = `CREATE TABLE bench_topn AS
		SELECT (g::int8 * 2654435761) % 1000000007 AS x, g AS id, md5(g::text) AS m
		FROM generate_series(1, 10000000) g`
	queries := []struct{ name, sql string }{
		{"int/limit10", "SELECT x, id FROM bench_topn ORDER BY x LIMIT 10"},
		{"int/desc/limit1000/offset100", "SELECT x, id FROM bench_topn ORDER BY x DESC LIMIT 1000 OFFSET 100"},
		{"text/limit10", "SELECT m, id FROM bench_topn ORDER BY m LIMIT 10"},
	}
	run := func(b *testing.B, url string) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, sql := range []string{"DROP TABLE IF EXISTS bench_topn", load} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		defer conn.Exec(ctx, "DROP TABLE bench_topn")
		conn.Exec(ctx, "ANALYZE bench_topn") // PostgreSQL plans with statistics; pgfast ignores it if unsupported
		for _, q := range queries {
			b.Run(q.name, func(b *testing.B) {
				var n int
				for i := 0; i < b.N; i++ {
					rs, err := conn.Query(ctx, q.sql)
					if err != nil {
						b.Fatal(err)
					}
					n = 0
					for rs.Next() {
						n++
					}
					if err := rs.Err(); err != nil {
						b.Fatal(err)
					}
				}
				if n == 0 {
					b.Fatal("no rows")
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
	b.Run("pgfast", func(b *testing.B) {
		run(b, connString(startServer(b, b.TempDir())))
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("PGFAST_REFERENCE_DSN")
		if dsn == "" {
			b.Skip("PGFAST_REFERENCE_DSN not set: no PostgreSQL to compare with")
		}
		run(b, dsn)
	})
}

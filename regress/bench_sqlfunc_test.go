package regress

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// BenchmarkSQLFunction measures calls of SQL functions over 2M rows, in pgfast and, when
// PGFAST_REFERENCE_DSN names a PostgreSQL server, in PostgreSQL on the same data, both
// through pgx: a scalar function in the SELECT list and in WHERE (both systems inline it),
// the same expression written out (what the inlined call should cost), and a function
// reading a table for each row (PostgreSQL runs it per row; pgfast binds it as a
// subquery the optimizer may turn into a join). Each sub-benchmark reports rows/s; compare
// the figures of one run only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench SQLFunction -benchtime 5x
func BenchmarkSQLFunction(b *testing.B) {
	const rows = 2_000_000
	setup := []string{
		"DROP TABLE IF EXISTS bench_fn, bench_fn_names",
		"DROP FUNCTION IF EXISTS bench_scaled(int8, int8), bench_name(int8)",
		"CREATE TABLE bench_fn AS SELECT g::int8 AS id, (g % 1000)::int8 AS k FROM generate_series(1, 2000000) g",
		"CREATE TABLE bench_fn_names AS SELECT g::int8 AS k, 'name ' || g AS name FROM generate_series(0, 999) g",
		"CREATE FUNCTION bench_scaled(x int8, f int8 DEFAULT 3) RETURNS int8 LANGUAGE sql IMMUTABLE AS 'SELECT x * f + 1'",
		"CREATE FUNCTION bench_name(key int8) RETURNS text LANGUAGE sql STABLE AS 'SELECT name FROM bench_fn_names WHERE k = key'",
	}
	queries := []struct{ name, sql string }{
		{"scalar/select", "SELECT sum(bench_scaled(id)) FROM bench_fn"},
		{"scalar/written-out", "SELECT sum(id * 3 + 1) FROM bench_fn"},
		{"scalar/where", "SELECT count(*) FROM bench_fn WHERE bench_scaled(k, 2) > 1000"},
		{"table-reading", "SELECT count(bench_name(k)) FROM bench_fn"},
	}
	run := func(b *testing.B, url string) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, sql := range setup {
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		defer conn.Exec(ctx, "DROP FUNCTION bench_scaled(int8, int8), bench_name(int8)")
		defer conn.Exec(ctx, "DROP TABLE bench_fn, bench_fn_names")
		conn.Exec(ctx, "ANALYZE bench_fn")
		conn.Exec(ctx, "ANALYZE bench_fn_names")
		for _, q := range queries {
			b.Run(q.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					var v int64
					if err := conn.QueryRow(ctx, q.sql).Scan(&v); err != nil {
						b.Fatalf("%s: %v", q.sql, err)
					}
					if v == 0 {
						b.Fatalf("%s: no result", q.sql)
					}
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
	b.Run("pgfast", func(b *testing.B) {
		run(b, startBenchServer(b, b.TempDir()))
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("PGFAST_REFERENCE_DSN")
		if dsn == "" {
			b.Skip("PGFAST_REFERENCE_DSN not set: no PostgreSQL to compare with")
		}
		run(b, dsn)
	})
}

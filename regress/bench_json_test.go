package regress

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// BenchmarkJSONBField measures `jsonb ->> 'key'` over a column of 1M documents, in pgfast
// and, when PGFAST_REFERENCE_DSN names a PostgreSQL server, in PostgreSQL on the same data,
// both through pgx. Each sub-benchmark reports rows/s (documents read per second); compare
// the two figures of one run only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench JSONBField -benchtime 5x
func BenchmarkJSONBField(b *testing.B) {
	const rows = 1_000_000
	// Documents of a realistic shape: a dozen keys of mixed types, the one read in the middle
	// of the sorted key order, a nested object and an array.
	const load = `CREATE TABLE bench_jsonb AS SELECT jsonb_build_object(
		'id', g, 'name', 'user' || g, 'email', 'user' || g || '@example.com', 'active', g % 3 = 0,
		'score', g % 1000 / 10.0, 'country', 'c' || g % 50, 'plan', 'p' || g % 4, 'visits', g % 97,
		'tags', jsonb_build_array('t' || g % 7, 't' || g % 11), 'address', jsonb_build_object('city', 'city' || g % 100, 'zip', g % 100000),
		'created', '2024-01-01', 'referrer', NULL) AS doc FROM generate_series(1, 1000000) g`
	const query = `SELECT count(*) FROM bench_jsonb WHERE doc ->> 'country' = 'c7'`
	run := func(b *testing.B, url string) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, sql := range []string{"DROP TABLE IF EXISTS bench_jsonb", load} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		defer conn.Exec(ctx, "DROP TABLE bench_jsonb")
		var n int64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if n != rows/50 {
			b.Fatalf("%d documents match, want %d", n, rows/50)
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
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

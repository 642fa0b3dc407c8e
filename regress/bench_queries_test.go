package regress

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// benchQuery is one query a read benchmark times.
type benchQuery struct{ name, sql string }

// benchData is what a read benchmark reads: the statements that build it, the tables to
// ANALYZE (PostgreSQL plans with statistics; pgfast accepts the statement), the statement
// that drops it again, and how many rows its queries read, for the rows/s figure.
type benchData struct {
	setup    []string
	analyze  []string
	teardown string
	rows     int
}

// benchReadQueries times queries over data, in pgfast and, when PGFAST_REFERENCE_DSN names
// a PostgreSQL server, in PostgreSQL on the same data, both through pgx. Each sub-benchmark
// reports rows/s, the data's rows read per second; compare the figures of one run only.
func benchReadQueries(b *testing.B, data benchData, queries []benchQuery) {
	run := func(b *testing.B, url string) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, sql := range data.setup {
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		defer conn.Exec(ctx, data.teardown)
		for _, t := range data.analyze {
			conn.Exec(ctx, "ANALYZE "+t)
		}
		for _, q := range queries {
			b.Run(q.name, func(b *testing.B) {
				var n int
				for range b.N {
					n = countRows(b, conn, q.sql)
				}
				if n == 0 {
					b.Fatal("no rows")
				}
				b.ReportMetric(float64(data.rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
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

// countRows runs sql and counts the rows it returns, reading them all.
func countRows(b *testing.B, conn *pgx.Conn, sql string) int {
	rs, err := conn.Query(context.Background(), sql)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for rs.Next() {
		n++
	}
	if err := rs.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

package regress

import "testing"

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
	queries := []benchQuery{
		{"int/limit10", "SELECT x, id FROM bench_topn ORDER BY x LIMIT 10"},
		{"int/desc/limit1000/offset100", "SELECT x, id FROM bench_topn ORDER BY x DESC LIMIT 1000 OFFSET 100"},
		{"text/limit10", "SELECT m, id FROM bench_topn ORDER BY m LIMIT 10"},
	}
	benchReadQueries(b, benchData{setup: []string{"DROP TABLE IF EXISTS bench_topn", load}, analyze: []string{"bench_topn"},
		teardown: "DROP TABLE bench_topn", rows: rows}, queries)
}

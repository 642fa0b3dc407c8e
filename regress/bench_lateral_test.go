package regress

import "testing"

// BenchmarkLateral measures LATERAL subqueries as dashboards write them (top-N per group,
// per-group aggregates, and a per-row subquery that stays correlated) over 1M rows in 200
// groups, in pgfast and, when PGFAST_REFERENCE_DSN names a PostgreSQL server, in
// PostgreSQL on the same data (without indexes, so both read the table), both through pgx.
// Each sub-benchmark reports rows/s (input rows per second); compare the figures of one run
// only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench Lateral -benchtime 3x
func BenchmarkLateral(b *testing.B) {
	const rows = 1_000_000
	setup := []string{
		"DROP TABLE IF EXISTS bench_lat_item, bench_lat_grp",
		`CREATE TABLE bench_lat_item AS
			SELECT g % 200 AS grp, (g::int8 * 2654435761) % 1000000007 AS v, g AS id
			FROM generate_series(1, 1000000) g`,
		"CREATE TABLE bench_lat_grp AS SELECT g AS id, 'group ' || g AS name FROM generate_series(0, 199) g",
	}
	queries := []benchQuery{
		{"topn3", `SELECT p.name, x.v FROM bench_lat_grp p CROSS JOIN LATERAL
			(SELECT v FROM bench_lat_item i WHERE i.grp = p.id ORDER BY v DESC LIMIT 3) x`},
		{"aggregate", `SELECT p.name, x.n, x.top FROM bench_lat_grp p LEFT JOIN LATERAL
			(SELECT count(*) AS n, max(v) AS top FROM bench_lat_item i WHERE i.grp = p.id) x ON true`},
		{"correlated/range", `SELECT p.name, x.v FROM bench_lat_grp p CROSS JOIN LATERAL
			(SELECT v FROM bench_lat_item i WHERE i.id < p.id * 10 ORDER BY v LIMIT 1) x WHERE p.id < 20`},
	}
	benchReadQueries(b, benchData{setup: setup, analyze: []string{"bench_lat_item", "bench_lat_grp"},
		teardown: "DROP TABLE bench_lat_item, bench_lat_grp", rows: rows}, queries)
}

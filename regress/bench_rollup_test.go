package regress

import "testing"

// BenchmarkRollup measures TPC-H Q1's aggregates under ROLLUP, CUBE and GROUPING SETS over a
// lineitem-shaped table of 3M rows, in pgfast and, when PGFAST_REFERENCE_DSN names a
// PostgreSQL server, in PostgreSQL on the same data, both through pgx. Each sub-benchmark
// reports rows/s (input rows aggregated per second); compare the figures of one run only.
//
//	PGFAST_REFERENCE_DSN=postgres://... go test ./regress -run '^$' -bench Rollup -benchtime 5x
func BenchmarkRollup(b *testing.B) {
	const rows = 3_000_000
	const load = `CREATE TABLE bench_lineitem AS
		SELECT (ARRAY['A','N','R'])[1 + g % 3] AS l_returnflag,
		       (ARRAY['F','O'])[1 + (g / 3) % 2] AS l_linestatus,
		       (ARRAY['AIR','FOB','MAIL','RAIL','REG AIR','SHIP','TRUCK'])[1 + (g / 7) % 7] AS l_shipmode,
		       1992 + (g / 11) % 7 AS l_shipyear,
		       (1 + g % 50)::numeric(15,2) AS l_quantity,
		       (900 + (g::int8 * 7919) % 100000 / 100.0)::numeric(15,2) AS l_extendedprice,
		       ((g % 11) / 100.0)::numeric(15,2) AS l_discount,
		       ((g % 9) / 100.0)::numeric(15,2) AS l_tax
		FROM generate_series(1, 3000000) g`
	const aggs = `sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
		sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
		sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
		avg(l_quantity) AS avg_qty, avg(l_discount) AS avg_disc, count(*) AS count_order`
	queries := []benchQuery{
		{"q1/plain", "SELECT l_returnflag, l_linestatus, " + aggs + " FROM bench_lineitem GROUP BY l_returnflag, l_linestatus"},
		{"q1/rollup3", "SELECT l_returnflag, l_linestatus, l_shipmode, " + aggs + " FROM bench_lineitem GROUP BY ROLLUP (l_returnflag, l_linestatus, l_shipmode)"},
		{"q1/cube3", "SELECT l_returnflag, l_shipmode, l_shipyear, grouping(l_returnflag, l_shipmode, l_shipyear), " + aggs +
			" FROM bench_lineitem GROUP BY CUBE (l_returnflag, l_shipmode, l_shipyear)"},
		{"q1/sets", "SELECT l_returnflag, l_shipmode, l_shipyear, " + aggs +
			" FROM bench_lineitem GROUP BY GROUPING SETS ((l_returnflag), (l_shipmode), (l_shipyear), ())"},
	}
	benchReadQueries(b, benchData{setup: []string{"DROP TABLE IF EXISTS bench_lineitem", load}, analyze: []string{"bench_lineitem"},
		teardown: "DROP TABLE bench_lineitem", rows: rows}, queries)
}

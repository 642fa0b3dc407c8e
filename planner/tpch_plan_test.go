package planner_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/udf"
)

var tpchKit = flag.String("tpch", filepath.Join("..", "..", "shared", "tpch"),
	"directory holding the TPC-H kit (schema.sql, queries/)")

// TestExplainTPCH pins the plans of the 22 TPC-H queries over the kit's schema with the
// statistics of scale factor 1 (tpchStats): join orders, build sides, pushed-down and
// factored predicates, decorrelated subqueries. Run with -update to rewrite the golden.
func TestExplainTPCH(t *testing.T) {
	kit, err := filepath.Abs(*tpchKit)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := os.ReadFile(filepath.Join(kit, "schema.sql"))
	if err != nil {
		t.Fatalf("the TPC-H kit is not at %s (it ships beside the repository as ../shared/tpch; "+
			"point -tpch at it): %v", kit, err)
	}
	reg := catalog.NewRegistry()
	udf.Register(reg)
	cat := catalog.New()
	ps, err := planner.Parse(string(schema))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		st, err := planner.Prepare(cat, reg, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		cat, _ = cat.WithTable(*st.Create)
	}
	var queries, labels []string
	for n := 1; n <= 22; n++ {
		labels = append(labels, fmt.Sprintf("TPC-H Q%d", n))
		q, err := os.ReadFile(filepath.Join(kit, "queries", fmt.Sprintf("q%02d.sql", n)))
		if err != nil {
			t.Fatal(err)
		}
		queries = append(queries, string(q))
	}
	checkPlans(t, "tpch.golden", cat, reg, tpchStats(), queries, labels)
}

// tpchStats are the statistics of the TPC-H tables at scale factor 1, as the specification
// (clause 4.2) defines the data: row counts, key ranges, the distinct values of each
// generated column, and the date ranges.
func tpchStats() statsByName {
	n := func(ndv, lo, hi float64) stats.Column {
		return stats.Column{NDV: ndv, Min: lo, Max: hi, HasRange: true}
	}
	s := func(ndv float64) stats.Column { return stats.Column{NDV: ndv} }
	day := func(d string) float64 {
		tm, err := time.Parse("2006-01-02", d)
		if err != nil {
			panic(err)
		}
		return float64(tm.Unix())
	}
	date := func(ndv float64, lo, hi string) stats.Column { return n(ndv, day(lo), day(hi)) }
	return statsByName{
		"region": {Rows: 5, Cols: []stats.Column{n(5, 0, 4), s(5), s(5)}},
		"nation": {Rows: 25, Cols: []stats.Column{n(25, 0, 24), s(25), n(5, 0, 4), s(25)}},
		"supplier": {Rows: 10000, Cols: []stats.Column{n(10000, 1, 10000), s(10000), s(10000),
			n(25, 0, 24), s(10000), n(9955, -999.99, 9999.99), s(10000)}},
		"customer": {Rows: 150000, Cols: []stats.Column{n(150000, 1, 150000), s(150000), s(150000),
			n(25, 0, 24), s(150000), n(140187, -999.99, 9999.99), s(5), s(150000)}},
		"part": {Rows: 200000, Cols: []stats.Column{n(200000, 1, 200000), s(200000), s(5), s(25), s(150),
			n(50, 1, 50), s(40), n(20899, 901, 2098.99), s(131753)}},
		"partsupp": {Rows: 800000, Cols: []stats.Column{n(200000, 1, 200000), n(10000, 1, 10000),
			n(9999, 1, 9999), n(99865, 1, 1000), s(799124)}},
		"orders": {Rows: 1500000, Cols: []stats.Column{n(1500000, 1, 6000000), n(99996, 1, 149999), s(3),
			n(1464556, 857.71, 555285.16), date(2406, "1992-01-01", "1998-08-02"), s(5), s(1000),
			n(1, 0, 0), s(1482071)}},
		"lineitem": {Rows: 6001215, Cols: []stats.Column{n(1500000, 1, 6000000), n(200000, 1, 200000),
			n(10000, 1, 10000), n(7, 1, 7), n(50, 1, 50), n(933900, 901, 104949.5), n(11, 0, 0.1),
			n(9, 0, 0.08), s(3), s(2), date(2526, "1992-01-02", "1998-12-01"),
			date(2466, "1992-01-31", "1998-10-31"), date(2555, "1992-01-04", "1998-12-31"),
			s(4), s(7), s(4580667)}},
	}
}

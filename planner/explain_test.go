package planner_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/udf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func testCatalog() (*catalog.Catalog, *catalog.Registry) {
	cat := catalog.New()
	cat, _ = cat.WithTable(catalog.TableDef{Name: "emp", Columns: []catalog.Column{
		{Name: "id", Type: types.TInt4}, {Name: "name", Type: types.TText},
		{Name: "dept", Type: types.TInt4}, {Name: "salary", Type: types.T{OID: types.Numeric, Typmod: types.MakeNumericTypmod(10, 2)}},
		{Name: "notes", Type: types.TText}}})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "dept", Columns: []catalog.Column{
		{Name: "id", Type: types.TInt4}, {Name: "name", Type: types.TText}}})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "rich", Kind: catalog.KindView, Columns: []catalog.Column{
		{Name: "name", Type: types.TText}, {Name: "dept", Type: types.TInt4}},
		ViewSQL: "SELECT name, dept FROM emp WHERE salary > 1000"})
	reg := catalog.NewRegistry()
	udf.Register(reg)
	return cat, reg
}

// TestExplain pins the physical plans of representative queries: filter push-down, join
// algorithm choice, column pruning and aggregation. Run with -update to rewrite the golden.
func TestExplain(t *testing.T) {
	queries := []string{
		"SELECT name FROM emp WHERE dept = 1",
		"SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept = d.id WHERE e.salary > 100 AND d.name <> 'x'",
		"SELECT e.name FROM emp e LEFT JOIN dept d ON e.dept = d.id AND d.name = 'eng' WHERE e.id > 3",
		"SELECT e.name, d.name FROM emp e, dept d WHERE e.dept < d.id",
		"SELECT dept, count(*), avg(salary) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 3",
		"SELECT DISTINCT dept FROM emp",
		"SELECT id FROM emp UNION SELECT id FROM dept",
		"SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE name LIKE 'e%')",
		"SELECT count(*) FROM emp",
		// WITH: inlined when read once, computed once when read twice, recursive.
		"WITH d AS (SELECT id FROM dept WHERE name = 'x') SELECT e.name FROM emp e JOIN d ON e.dept = d.id",
		"WITH d AS (SELECT dept, count(*) AS n FROM emp GROUP BY dept) SELECT a.dept FROM d a JOIN d b ON a.n = b.n",
		"WITH d AS MATERIALIZED (SELECT id FROM dept) SELECT * FROM d",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r",
		// Views bind their stored query.
		"SELECT r.name, d.name FROM rich r JOIN dept d ON d.id = r.dept",
		// LATERAL: top-N per group and aggregates become joins; other shapes run per row.
		"SELECT d.name, x.name FROM dept d, LATERAL (SELECT name FROM emp e WHERE e.dept = d.id ORDER BY salary DESC LIMIT 3) x",
		"SELECT d.name, x.n FROM dept d LEFT JOIN LATERAL (SELECT count(*) AS n FROM emp e WHERE e.dept = d.id) x ON true",
		"SELECT d.name, x.v FROM dept d, LATERAL (VALUES (d.id), (d.id + 1)) x(v)",
		"SELECT d.name, x.name FROM dept d LEFT JOIN LATERAL (SELECT name FROM emp e WHERE e.dept < d.id LIMIT 1) x ON x.name <> d.name",
		// Correlated subqueries become joins.
		"SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept AND d.name <> e.name)",
		"SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)",
		"SELECT name FROM emp e WHERE id IN (SELECT d.id FROM dept d WHERE d.name = e.name)",
		"SELECT name FROM emp e WHERE id NOT IN (SELECT d.id FROM dept d WHERE d.name = e.name)",
		"SELECT name FROM emp e WHERE salary > (SELECT avg(salary) FROM emp e2 WHERE e2.dept = e.dept)",
		"SELECT name, (SELECT count(*) FROM emp e2 WHERE e2.dept = e.dept) FROM emp e",
		// OR of ANDs: the shared join key is factored out, each side gets the restriction
		// the OR implies for it.
		"SELECT e.name FROM emp e, dept d WHERE (e.dept = d.id AND d.name = 'a' AND e.salary > 1) OR (d.id = e.dept AND d.name = 'b' AND e.salary > 2) OR (e.dept = d.id AND d.name = 'c' AND e.id = 3)",
		"SELECT e.name FROM emp e, dept d WHERE e.dept = d.id AND (e.id = 1 OR e.id = 2 AND e.dept = d.id)",
		// ORs of equalities with constants are IN lists.
		"SELECT id FROM emp WHERE dept = 1 OR dept = 3 OR 5 = dept OR name = 'x'",
		"SELECT id FROM emp WHERE dept = 1 OR dept = 3 OR 5 = dept",
		// ... or are evaluated per row when their shape does not allow it.
		"SELECT name, (SELECT d.name FROM dept d WHERE d.id = e.dept) FROM emp e",
	}
	checkPlanGolden(t, "explain.golden", queries)
}

// statsByName serves table statistics by table name.
type statsByName map[string]*stats.Table

// TableStats implements planner.StatsSource.
func (s statsByName) TableStats(def *catalog.TableDef) *stats.Table { return s[def.Name] }

// testStats are statistics for the test catalog: 10,000 employees in 50 departments.
var testStats = statsByName{
	"emp": {Rows: 10000, Cols: []stats.Column{
		{NDV: 10000, Min: 1, Max: 10000, HasRange: true}, {NDV: 9000},
		{NDV: 50, Min: 1, Max: 50, HasRange: true}, {NDV: 4000, Min: 100, Max: 5000, HasRange: true},
		{NDV: 100, NullFrac: 0.9}}},
	"dept": {Rows: 50, Cols: []stats.Column{{NDV: 50, Min: 1, Max: 50, HasRange: true}, {NDV: 50}}},
}

// checkPlanGolden prepares each query against the test catalog and its statistics and
// compares the rendered plans with testdata/golden (rewritten with -update).
func checkPlanGolden(t *testing.T, golden string, queries []string) {
	t.Helper()
	cat, reg := testCatalog()
	checkPlans(t, golden, cat, reg, testStats, queries, nil)
}

// checkPlans prepares each query against cat with statistics src and compares the
// rendered plans with testdata/golden (rewritten with -update). Each plan is headed by its
// label, or the query itself when labels is nil.
func checkPlans(t *testing.T, golden string, cat *catalog.Catalog, reg *catalog.Registry, src planner.StatsSource,
	queries, labels []string) {
	t.Helper()
	var out strings.Builder
	for i, q := range queries {
		ps, err := planner.Parse(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		st, err := planner.PrepareScoped(cat, reg, ps[0], nil, planner.Scope{Stats: src})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if labels != nil {
			out.WriteString("-- " + labels[i] + "\n")
		} else {
			out.WriteString("-- " + q + "\n")
		}
		for _, l := range planner.Explain(st.Query) {
			out.WriteString(l + "\n")
		}
		out.WriteString("\n")
	}
	path := filepath.Join("testdata", golden)
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("plans differ from %s (rerun with -update after checking):\n%s", path, got)
	}
}

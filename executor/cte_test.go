package executor_test

import (
	"context"
	"io"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/udf"
)

// TestWithAndCorrelated checks WITH queries (computed once and read several times,
// recursive), and correlated subqueries both as joins and evaluated per row, against
// results worked out by hand.
func TestWithAndCorrelated(t *testing.T) {
	sess := newTestSession(t)
	tests := []struct {
		name, sql, want string
	}{
		{"cte read twice", "WITH x AS (SELECT a FROM t WHERE a IS NOT NULL) SELECT count(*) FROM x x1, x x2", "9"},
		{"cte in subqueries", "WITH x AS (SELECT max(a) AS m FROM t) SELECT a FROM t WHERE a = (SELECT m FROM x) OR a IN (SELECT m - 2 FROM x) ORDER BY a", "0\n2"},
		{"recursive union all", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000) SELECT count(*), sum(n) FROM r", "5000|12502500"},
		{"recursive union dedups", "WITH RECURSIVE r(n) AS (SELECT 0 UNION SELECT (n + 1) % 7 FROM r) SELECT count(*) FROM r", "7"},
		{"recursive reads a table", "WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT r.n + t.a FROM r, t WHERE t.a = 1 AND r.n < 3) SELECT n FROM r", "0\n1\n2\n3"},
		{"exists join", "SELECT a FROM t x WHERE EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1) ORDER BY a", "0\n1"},
		{"not in null aware", "SELECT a FROM t x WHERE a NOT IN (SELECT y.a - 1 FROM t y WHERE y.b = x.b) ORDER BY a", "0\n1\n2"},
		{"count of empty group", "SELECT a, (SELECT count(*) FROM t y WHERE y.a > x.a) FROM t x ORDER BY a", "0|2\n1|1\n2|0\nNULL|0"},
		{"per row scalar", "SELECT a, (SELECT y.b FROM t y WHERE y.a = x.a - 1) FROM t x ORDER BY a", "0|NULL\n1|NULL\n2|one\nNULL|NULL"},
		{"per row nested", "SELECT a FROM t x WHERE a < 2 OR EXISTS (SELECT 1 FROM t y WHERE y.a = x.a AND EXISTS (SELECT 1 FROM t z WHERE z.c > x.c)) ORDER BY a", "0\n1"},
		{"per row in", "SELECT a, a IN (SELECT y.a FROM t y WHERE y.a <> x.a) FROM t x ORDER BY a", "0|f\n1|f\n2|f\nNULL|f"},
		{"per row array", "SELECT a, ARRAY(SELECT y.a FROM t y WHERE y.a < x.a ORDER BY y.a) FROM t x ORDER BY a", "0|{}\n1|{0}\n2|{0,1}\nNULL|{}"},
		{"per row array two levels", "SELECT a, ARRAY(SELECT y.b FROM t y WHERE EXISTS (SELECT 1 FROM t z WHERE z.a = y.a AND z.a > x.a) ORDER BY y.a) FROM t x WHERE a IS NOT NULL ORDER BY a",
			"0|{one,two}\n1|{two}\n2|{}"},
		{"any of per row array", "SELECT a FROM t x WHERE 1 = ANY (ARRAY(SELECT y.a + 1 FROM t y WHERE y.a < x.a)) ORDER BY a", "1\n2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := exec(t, sess, tc.sql)
			if err != nil {
				t.Fatalf("%s: %v", tc.sql, err)
			}
			if got != tc.want {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.sql, got, tc.want)
			}
		})
	}
}

// TestWithReleasesMemory runs WITH, recursive and per-row plans over a checked allocator
// and checks that closing the operators frees everything.
func TestWithReleasesMemory(t *testing.T) {
	store := exectest.NewMemStore()
	newTestSessionOn(t, store)
	reg := catalog.NewRegistry()
	udf.Register(reg)
	for _, sql := range []string{
		"WITH x AS (SELECT a, b FROM t) SELECT x1.b FROM x x1 JOIN x x2 ON x1.a = x2.a",
		"WITH RECURSIVE r(n, s) AS (SELECT 1, 'x' UNION SELECT n + 1, s || 'x' FROM r WHERE n < 100) SELECT * FROM r",
		"SELECT a, (SELECT y.b FROM t y WHERE y.a = x.a - 1) FROM t x",
		"SELECT a FROM t x WHERE a NOT IN (SELECT y.a FROM t y WHERE y.b = x.b)",
		"SELECT a, ARRAY(SELECT y.b FROM t y WHERE y.a < x.a) FROM t x",
	} {
		t.Run(sql, func(t *testing.T) {
			txn := store.Begin()
			defer txn.Rollback()
			ps, err := planner.Parse(sql)
			if err != nil {
				t.Fatal(err)
			}
			st, err := planner.Prepare(txn.Catalog(), reg, ps[0], nil)
			if err != nil {
				t.Fatal(err)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			ctx := executor.NewCtx(context.Background(), mem, txn, nil, &types.IOSettings{}, 2)
			op, err := executor.Build(st.Query, ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := op.Open(ctx); err != nil {
				t.Fatal(err)
			}
			rows := 0
			for {
				rec, err := op.Next(ctx)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rows += int(rec.NumRows())
			}
			if err := op.Close(); err != nil {
				t.Fatal(err)
			}
			if rows == 0 {
				t.Error("no rows")
			}
			mem.AssertSize(t, 0)
		})
	}
}

// newTestSessionOn returns a session over store, in which it creates table t.
func newTestSessionOn(t *testing.T, store *exectest.MemStore) *session.Session {
	t.Helper()
	sess := exectest.NewSession(t, store)
	if _, err := exec(t, sess, `CREATE TABLE t (a int, b text, c float8);
		INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (0, NULL, 0), (NULL, 'four', 4)`); err != nil {
		t.Fatal(err)
	}
	return sess
}

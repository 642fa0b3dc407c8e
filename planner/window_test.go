package planner_test

import (
	"errors"
	"testing"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestExplainWindow pins the plans of window queries: where the Window node sits (above
// the aggregate and HAVING, below DISTINCT, ORDER BY and LIMIT), what its calls read after
// column pruning, and that a call written twice is computed once. Run with -update to
// rewrite the golden.
func TestExplainWindow(t *testing.T) {
	queries := []string{
		"SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) FROM emp",
		"SELECT name, sum(salary) OVER w, rank() OVER (w ORDER BY id) FROM emp WINDOW w AS (PARTITION BY dept)",
		"SELECT dept, sum(sum(salary)) OVER (ORDER BY dept) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY 2 LIMIT 5",
		"SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM emp",
		"SELECT id FROM emp ORDER BY row_number() OVER (ORDER BY id DESC)",
		"SELECT id, lag(name, 1, 'none') OVER o, row_number() OVER o FROM emp WINDOW o AS (ORDER BY id) ORDER BY row_number() OVER o",
		"SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM emp",
		"SELECT id, avg(salary) OVER (ORDER BY dept GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM emp",
	}
	checkPlanGolden(t, "window.golden", queries)
}

// TestWindowBindErrors checks the binder's window errors: SQLSTATE, message and position.
func TestWindowBindErrors(t *testing.T) {
	cases := []struct {
		sql  string
		code pgcode.Code
		msg  string
		pos  int32
	}{
		{"SELECT id FROM emp WHERE rank() OVER () > 1", pgcode.WindowingError, "window functions are not allowed in WHERE", 26},
		{"SELECT 1 FROM emp GROUP BY rank() OVER ()", pgcode.WindowingError, "window functions are not allowed in GROUP BY", 28},
		{"SELECT rank() OVER () FROM emp GROUP BY 1", pgcode.WindowingError, "window functions are not allowed in GROUP BY", 41},
		{"SELECT 1 FROM emp HAVING rank() OVER () > 1", pgcode.WindowingError, "window functions are not allowed in HAVING", 26},
		{"SELECT count(rank() OVER ()) FROM emp", pgcode.GroupingError, "aggregate function calls cannot contain window function calls", 14},
		{"SELECT lag(rank() OVER ()) OVER () FROM emp", pgcode.WindowingError, "window function calls cannot be nested", 12},
		{"SELECT sum(id) OVER (PARTITION BY rank() OVER ()) FROM emp", pgcode.WindowingError, "window functions are not allowed in window definitions", 35},
		{"SELECT rank() FROM emp", pgcode.WrongObjectType, "window function rank requires an OVER clause", 8},
		{"SELECT lower(name) OVER () FROM emp", pgcode.WrongObjectType, "OVER specified, but lower is not a window function nor an aggregate function", 8},
		{"SELECT sum(id) OVER w FROM emp", pgcode.UndefinedObject, "window \"w\" does not exist", 21},
		{"SELECT sum(id) OVER (w ORDER BY id) FROM emp WINDOW w AS (ROWS 1 PRECEDING)", pgcode.WindowingError, "cannot copy window \"w\" because it has a frame clause", 21},
		{"SELECT sum(id) OVER (GROUPS 1 PRECEDING) FROM emp", pgcode.WindowingError, "GROUPS mode requires an ORDER BY clause", 21},
		{"SELECT sum(id) OVER (ORDER BY id ROWS id PRECEDING) FROM emp", pgcode.InvalidColumnReference, "argument of ROWS must not contain variables", 39},
		{"SELECT sum(DISTINCT id) OVER () FROM emp", pgcode.FeatureNotSupported, "DISTINCT is not implemented for window functions", 8},
		{"VALUES (rank() OVER ())", pgcode.WindowingError, "window functions are not allowed in VALUES", 9},
		{"SELECT name, sum(id) OVER () FROM emp GROUP BY dept", pgcode.GroupingError, "column \"emp.name\" must appear in the GROUP BY clause or be used in an aggregate function", 8},
	}
	cat, reg := testCatalog()
	for _, tc := range cases {
		ps, err := planner.Parse(tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		_, err = planner.Prepare(cat, reg, ps[0], nil)
		var pe *pgerror.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want %s", tc.sql, err, tc.msg)
			continue
		}
		if pe.Code != tc.code || pe.Message != tc.msg || pe.Position != tc.pos {
			t.Errorf("%s:\ngot  %s %q at %d\nwant %s %q at %d", tc.sql, pe.Code, pe.Message, pe.Position, tc.code, tc.msg, tc.pos)
		}
	}
}

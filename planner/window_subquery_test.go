package planner_test

import "testing"

// TestExplainWindowSubquery pins when a correlated aggregate over the table the outer query
// joins becomes a window aggregate over that table (read once) and when it stays a grouped
// aggregate joined back. Run with -update to rewrite the golden.
func TestExplainWindowSubquery(t *testing.T) {
	queries := []string{
		// The subquery averages the employees of the outer row's department, which the
		// outer query joins: a window over the employees of department 'x'.
		"SELECT e.name FROM emp e, dept d WHERE e.dept = d.id AND d.name = 'x' AND e.salary > (SELECT avg(salary) FROM emp e2 WHERE e2.dept = d.id)",
		"SELECT e.name FROM emp e JOIN dept d ON d.id = e.dept WHERE d.name = 'x' AND e.id > 5 AND e.salary > (SELECT max(salary) - min(salary) FROM emp e2 WHERE e2.id > 5 AND d.id = e2.dept)",
		// The outer query keeps employees the subquery does not read: no window.
		"SELECT e.name FROM emp e, dept d WHERE e.dept = d.id AND d.name = 'x' AND e.salary > (SELECT avg(salary) FROM emp e2 WHERE e2.dept = d.id AND e2.id > 5)",
		// The outer query does not join on the correlated column: no window.
		"SELECT e.name FROM emp e, dept d WHERE e.id = d.id AND d.name = 'x' AND e.salary > (SELECT avg(salary) FROM emp e2 WHERE e2.dept = d.id)",
		// Every department qualifies: the window would cover the whole table.
		"SELECT e.name FROM emp e, dept d WHERE e.dept = d.id AND e.salary > (SELECT avg(salary) FROM emp e2 WHERE e2.dept = d.id)",
	}
	checkPlanGolden(t, "window_subquery.golden", queries)
}

package planner_test

import "testing"

// TestExplainReaggregate pins when a HAVING subquery aggregating the grouped query's own
// input is answered by a window over the groups (the input computed once) and when it
// stays a subquery. Run with -update to rewrite the golden.
func TestExplainReaggregate(t *testing.T) {
	queries := []string{
		"SELECT dept, sum(salary) FROM emp WHERE id > 5 GROUP BY dept HAVING sum(salary) > (SELECT sum(salary) * 0.1 FROM emp WHERE id > 5)",
		"SELECT e.dept, max(salary) FROM emp e JOIN dept d ON d.id = e.dept GROUP BY e.dept HAVING max(salary) < (SELECT max(salary) - min(salary) FROM emp e JOIN dept d ON d.id = e.dept) AND min(salary) > 10",
		// A different WHERE, an aggregate the groups do not compute, or one that does not
		// combine over groups (count, avg): the subquery runs.
		"SELECT dept, sum(salary) FROM emp WHERE id > 5 GROUP BY dept HAVING sum(salary) > (SELECT sum(salary) * 0.1 FROM emp WHERE id > 6)",
		"SELECT dept, sum(salary) FROM emp GROUP BY dept HAVING sum(salary) > (SELECT max(salary) FROM emp)",
		"SELECT dept, count(*) FROM emp GROUP BY dept HAVING count(*) > (SELECT count(*) / 100 FROM emp)",
		"SELECT dept, avg(salary) FROM emp GROUP BY dept HAVING avg(salary) > (SELECT avg(salary) FROM emp)",
	}
	checkPlanGolden(t, "reaggregate.golden", queries)
}

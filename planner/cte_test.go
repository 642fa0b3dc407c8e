package planner_test

import (
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func prepare(t *testing.T, cat *catalog.Catalog, reg *catalog.Registry, sql string) (*planner.Statement, error) {
	t.Helper()
	ps, err := planner.Parse(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return planner.Prepare(cat, reg, ps[0], nil)
}

// TestBindErrors checks the SQLSTATEs and messages of WITH, view and correlated-subquery
// errors.
func TestBindErrors(t *testing.T) {
	cat, reg := testCatalog()
	// Two views reading each other (which CREATE VIEW cannot produce, but a replaced view can).
	cat, _ = cat.WithTable(catalog.TableDef{Name: "loop1", Kind: catalog.KindView,
		Columns: []catalog.Column{{Name: "a", Type: types.TInt4}}, ViewSQL: "SELECT a FROM loop2"})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "loop2", Kind: catalog.KindView,
		Columns: []catalog.Column{{Name: "a", Type: types.TInt4}}, ViewSQL: "SELECT a FROM loop1"})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "dept_count", Kind: catalog.KindView,
		Columns: []catalog.Column{{Name: "n", Type: types.TInt8}}, ViewSQL: "SELECT count(*) AS n FROM dept"})
	tests := []struct {
		sql  string
		code pgcode.Code
		msg  string
	}{
		{"WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a", pgcode.DuplicateAlias, `WITH query name "a" specified more than once`},
		{"WITH a(x, y) AS (SELECT 1) SELECT * FROM a", pgcode.InvalidColumnReference, `WITH query "a" has 1 columns available but 2 columns specified`},
		{"WITH a AS (SELECT 1) SELECT * FROM b", pgcode.UndefinedTable, `relation "b" does not exist`},
		{"SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) s, a", pgcode.UndefinedTable, `relation "a" does not exist`},
		{"WITH RECURSIVE r(n) AS (SELECT n FROM r) SELECT * FROM r", pgcode.InvalidRecursion, "does not have the form"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n FROM r, r r2) SELECT * FROM r", pgcode.InvalidRecursion, "must not appear more than once"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT 1 FROM emp LEFT JOIN r ON true) SELECT * FROM r", pgcode.InvalidRecursion, "within an outer join"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT (SELECT n FROM r)) SELECT * FROM r", pgcode.InvalidRecursion, "within a subquery"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT max(n) FROM r) SELECT * FROM r", pgcode.InvalidRecursion, "aggregate functions are not allowed"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n::int8 FROM r) SELECT * FROM r", pgcode.DatatypeMismatch, "has type integer in non-recursive term but type bigint overall"},
		{"SELECT * FROM loop1", pgcode.InvalidObjectDefinition, `infinite recursion detected in rules for relation "loop1"`},
		{"DROP TABLE rich", pgcode.WrongObjectType, `"rich" is not a table`},
		{"DROP VIEW emp", pgcode.WrongObjectType, `"emp" is not a view`},
		{"DROP TABLE emp", pgcode.DependentObjectsStillExist, "cannot drop table emp because other objects depend on it"},
		{"INSERT INTO dept_count VALUES (1)", pgcode.ObjectNotInPrerequisiteState, `cannot insert into view "dept_count"`},
		{"UPDATE loop1 SET a = 1", pgcode.InvalidObjectDefinition, `infinite recursion detected in rules for relation`},
		{"CREATE VIEW rich AS SELECT 1", pgcode.DuplicateTable, `relation "rich" already exists`},
		{"CREATE OR REPLACE VIEW rich AS SELECT name FROM emp", pgcode.InvalidTableDefinition, "cannot drop columns from view"},
		{"SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept e WHERE e.salary = 1)", pgcode.UndefinedColumn, "column e.salary does not exist"},
		{"SELECT (SELECT e.name FROM dept) FROM emp e GROUP BY dept", pgcode.GroupingError, `subquery uses ungrouped column "e.name" from outer query`},
		{"SELECT (SELECT sum(e.id) FROM dept) FROM emp e", pgcode.FeatureNotSupported, "aggregates of outer query columns"},
		{"DROP TABLE pg_class", pgcode.InsufficientPrivilege, `permission denied: "pg_class" is a system catalog`},
		{"DROP VIEW pg_catalog.pg_roles", pgcode.InsufficientPrivilege, `permission denied: "pg_roles" is a system catalog`},
		{"TRUNCATE pg_attribute", pgcode.InsufficientPrivilege, `permission denied: "pg_attribute" is a system catalog`},
		{"ALTER TABLE pg_class ADD COLUMN x int", pgcode.InsufficientPrivilege, `permission denied: "pg_class" is a system catalog`},
		{"DELETE FROM pg_class", pgcode.InsufficientPrivilege, "permission denied for table pg_class"},
		{"UPDATE pg_class SET relname = 'x'", pgcode.InsufficientPrivilege, "permission denied for table pg_class"},
		{"INSERT INTO pg_class (relname) VALUES ('x')", pgcode.InsufficientPrivilege, "permission denied for table pg_class"},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			_, err := prepare(t, cat, reg, tc.sql)
			if err == nil {
				t.Fatalf("no error, want %s", tc.code)
			}
			if got := pgerror.GetCode(err); got != tc.code || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %s %q, want %s containing %q", got, err, tc.code, tc.msg)
			}
		})
	}
}

// TestDecorrelation checks which correlated subqueries become joins and which stay
// evaluated per row.
func TestDecorrelation(t *testing.T) {
	cat, reg := testCatalog()
	tests := []struct {
		sql    string
		join   string // the join the subquery became; "" when it stays a subquery
		perRow bool
	}{
		{"SELECT id FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)", "HashJoin Semi", false},
		{"SELECT id FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)", "HashJoin Anti", false},
		{"SELECT id FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id < e.dept)", "NestedLoopJoin Semi", false},
		{"SELECT id FROM emp e WHERE dept IN (SELECT d.id FROM dept d WHERE d.name = e.name)", "HashJoin Semi", false},
		{"SELECT id FROM emp e WHERE dept NOT IN (SELECT d.id FROM dept d WHERE d.name = e.name)", "HashJoin Anti", false},
		{"SELECT id FROM emp e WHERE id > (SELECT max(d.id) FROM dept d WHERE d.name = e.name)", "HashJoin Inner", false}, // the comparison rejects the NULLs of unmatched rows
		{"SELECT (SELECT count(*) FROM dept d WHERE d.id = e.dept) FROM emp e", "HashJoin Left", false},
		{"SELECT id FROM emp e WHERE id > 3 OR EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept)", "", true},
		{"SELECT (SELECT max(d.id) FROM dept d WHERE d.id < e.dept) FROM emp e", "", true},
		{"SELECT (SELECT d.name FROM dept d WHERE d.id = e.dept) FROM emp e", "", true},
		{"SELECT ARRAY(SELECT d.name FROM dept d WHERE d.id = e.dept) FROM emp e", "", true},
		{"SELECT id FROM emp WHERE dept IN (SELECT id FROM dept)", "HashJoin Semi", false},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			st, err := prepare(t, cat, reg, tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			plan := strings.Join(planner.Explain(st.Query), "\n")
			if tc.join != "" && !strings.Contains(plan, tc.join) {
				t.Errorf("plan has no %s:\n%s", tc.join, plan)
			}
			if got := strings.Contains(plan, "subquery"); got != (tc.join == "") {
				t.Errorf("subquery left in plan = %v:\n%s", got, plan)
			}
			correlated := false
			walkSubqueries(st.Query, func(sq *planner.Subquery) { correlated = correlated || sq.Correlated })
			if correlated != tc.perRow {
				t.Errorf("correlated subquery evaluated per row = %v, want %v", correlated, tc.perRow)
			}
		})
	}
}

// walkSubqueries calls fn for the subquery expressions of the Filters and Projects of p.
func walkSubqueries(p planner.Plan, fn func(*planner.Subquery)) {
	var exprs []planner.Expr
	switch x := p.(type) {
	case *planner.Filter:
		exprs = []planner.Expr{x.Pred}
	case *planner.Project:
		exprs = x.Exprs
	}
	var walk func(e planner.Expr)
	walk = func(e planner.Expr) {
		switch x := e.(type) {
		case *planner.Subquery:
			fn(x)
		case *planner.BoolExpr:
			for _, a := range x.Args {
				walk(a)
			}
		}
	}
	for _, e := range exprs {
		walk(e)
	}
	for _, c := range p.Children() {
		walkSubqueries(c, fn)
	}
}

// TestCTEInlining checks that a CTE read once is inlined and one read twice is computed
// once, and that unread CTEs disappear.
func TestCTEInlining(t *testing.T) {
	cat, reg := testCatalog()
	tests := []struct {
		sql   string
		scans int // CTEScans left in the plan
	}{
		{"WITH a AS (SELECT id FROM dept) SELECT * FROM a", 0},
		{"WITH a AS (SELECT id FROM dept) SELECT * FROM a x, a y", 2},
		{"WITH a AS NOT MATERIALIZED (SELECT id FROM dept) SELECT * FROM a x, a y", 0},
		{"WITH a AS MATERIALIZED (SELECT id FROM dept) SELECT * FROM a", 1},
		{"WITH a AS (SELECT id FROM dept), b AS (SELECT id FROM a) SELECT * FROM b", 0},
		{"WITH a AS (SELECT id FROM dept), b AS (SELECT id FROM a) SELECT * FROM b x, b y", 2},
		{"WITH a AS (SELECT 1 / 0) SELECT 1", 0},
		{"WITH a AS (SELECT random() AS r) SELECT * FROM a", 1},
		{"WITH a AS (SELECT id FROM dept) SELECT (SELECT count(*) FROM a), (SELECT max(id) FROM a)", 2},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			st, err := prepare(t, cat, reg, tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			var count func(p planner.Plan)
			count = func(p planner.Plan) {
				if _, ok := p.(*planner.CTEScan); ok {
					n++
				}
				if pr, ok := p.(*planner.Project); ok {
					for _, e := range pr.Exprs {
						if sq, ok := e.(*planner.Subquery); ok {
							count(sq.Plan)
						}
					}
				}
				for _, c := range p.Children() {
					count(c)
				}
			}
			count(st.Query)
			if n != tc.scans {
				t.Errorf("%d CTE scans, want %d:\n%s", n, tc.scans, strings.Join(planner.Explain(st.Query), "\n"))
			}
		})
	}
}

package planner_test

import (
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestColumnDefaults checks the text CREATE TABLE stores for a DEFAULT, which columns an
// INSERT fills from defaults, and the errors of defaults that cannot be stored.
func TestColumnDefaults(t *testing.T) {
	cat, reg := testCatalog()
	st, err := prepare(t, cat, reg, "CREATE TABLE d (a int DEFAULT 1 + 1, b text DEFAULT 'x' || upper('y'), c timestamptz DEFAULT now(), e int)")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 + 1", "'x' || upper('y')", "now()", ""}
	for i, c := range st.Create.Columns {
		if c.Default != want[i] {
			t.Errorf("column %s: default %q, want %q", c.Name, c.Default, want[i])
		}
	}
	cat, _ = cat.WithTable(*st.Create)

	inserts := []struct {
		sql    string
		target []int
	}{
		{"INSERT INTO d (e) VALUES (1)", []int{3, 0, 1, 2}},
		{"INSERT INTO d (b, e) VALUES (DEFAULT, 1)", []int{1, 3, 0, 2}},
		{"INSERT INTO d VALUES (5)", []int{0, 1, 2}},
		{"INSERT INTO d DEFAULT VALUES", []int{0, 1, 2}},
		{"INSERT INTO d SELECT 1, 'a', now(), 2", []int{0, 1, 2, 3}},
	}
	for _, tc := range inserts {
		st, err := prepare(t, cat, reg, tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		if len(st.TargetCols) != len(tc.target) {
			t.Errorf("%s: target %v, want %v", tc.sql, st.TargetCols, tc.target)
			continue
		}
		for i := range tc.target {
			if st.TargetCols[i] != tc.target[i] {
				t.Errorf("%s: target %v, want %v", tc.sql, st.TargetCols, tc.target)
				break
			}
		}
	}

	errs := []struct {
		sql  string
		code pgcode.Code
		msg  string
	}{
		{"CREATE TABLE x (a int DEFAULT b, b int)", pgcode.FeatureNotSupported, "cannot use column reference in DEFAULT expression"},
		{"CREATE TABLE x (a int DEFAULT (SELECT 1))", pgcode.FeatureNotSupported, "cannot use subquery in DEFAULT expression"},
		{"CREATE TABLE x (a int DEFAULT count(*))", pgcode.GroupingError, "aggregate functions are not allowed in DEFAULT expressions"},
		{"CREATE TABLE x (a int DEFAULT true)", pgcode.DatatypeMismatch, "column \"a\" is of type integer but default expression is of type boolean"},
		{"ALTER TABLE d ALTER COLUMN e SET DEFAULT 'z'", pgcode.InvalidTextRepresentation, "invalid input syntax for type integer: \"z\""},
	}
	for _, tc := range errs {
		_, err := prepare(t, cat, reg, tc.sql)
		if pgerror.GetCode(err) != tc.code || err.(*pgerror.Error).Message != tc.msg {
			t.Errorf("%s: %v (%s), want %s %q", tc.sql, err, pgerror.GetCode(err), tc.code, tc.msg)
		}
	}
}

package planner_test

import "testing"

// TestReusable checks which bound statements the session may run again for the same text:
// those whose plan makes no choice that depends on the data.
func TestReusable(t *testing.T) {
	cat, reg := testCatalog()
	tests := []struct {
		sql  string
		want bool
	}{
		{"INSERT INTO dept VALUES (1, 'eng')", true},
		{"INSERT INTO dept VALUES (1, 'eng'), (2, 'ops') RETURNING id", true},
		{"INSERT INTO dept (name) VALUES (upper('x'))", true},
		{"SELECT 1, 'a' || 'b'", true},
		{"SELECT now()", true},
		{"BEGIN", true},
		{"COMMIT", true},
		{"ROLLBACK", true},
		{"INSERT INTO dept SELECT id, name FROM emp", false},
		{"INSERT INTO dept VALUES ((SELECT max(id) FROM emp), 'x')", false},
		{"SELECT name FROM emp WHERE id = 1", false},
		{"SELECT * FROM rich", false},
		{"SELECT * FROM generate_series(1, 3)", false},
		{"UPDATE emp SET name = 'x' WHERE id = 1", false},
		{"DELETE FROM emp WHERE id = 1", false},
		{"CREATE TABLE x (a int)", false},
		{"SET search_path = public", false},
		{"EXPLAIN SELECT 1", false},
	}
	for _, tc := range tests {
		st, err := prepare(t, cat, reg, tc.sql)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := st.Reusable(); got != tc.want {
			t.Errorf("%s: Reusable() = %v, want %v", tc.sql, got, tc.want)
		}
	}
}

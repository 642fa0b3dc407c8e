package planner

import (
	"slices"
	"testing"
)

// TestNormalizeLiterals checks which integer literals become parameters: not digits of
// identifiers, strings or quoted names, a minus only where it is unary, and no statement
// with a part the scan does not follow.
func TestNormalizeLiterals(t *testing.T) {
	cases := []struct {
		sql, shape string
		vals       []int32
	}{
		{"UPDATE pgbench_accounts SET abalance = abalance + -2345 WHERE aid = 123456;",
			"UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;", []int32{-2345, 123456}},
		{"SELECT x-1, x - 1, (-7), f(3,-4) FROM t1", "SELECT x-$1, x - $2, ($3), f($4,$5) FROM t1", []int32{1, 1, -7, 3, -4}},
		{`SELECT 'a 1', "col 2", c3 FROM "t 4" WHERE k = 5`, `SELECT 'a 1', "col 2", c3 FROM "t 4" WHERE k = $1`, []int32{5}},
		{"SELECT 'it''s 9', 10", "SELECT 'it''s 9', $1", []int32{10}},
		{"SELECT 2147483647, 2147483648, -2147483648", "SELECT $1, 2147483648, $2", []int32{2147483647, -2147483648}},
		{"INSERT INTO h VALUES (1, 'x')", "INSERT INTO h VALUES ($1, 'x')", []int32{1}},
		{"SELECT 1.5", "", nil},
		{"SELECT 1e3", "", nil},
		{"SELECT $1 + 2", "", nil},
		{"SELECT $$1$$", "", nil},
		{"SELECT 1 -- one", "", nil},
		{"SELECT /* 1 */ 2", "", nil},
		{"SELECT E'\\'' || 1", "", nil},
		{"SELECT 1; SELECT 2", "", nil},
		{"SELECT 'unterminated 1", "", nil},
		{"SELECT a FROM t", "", nil},
	}
	for _, c := range cases {
		shape, vals, ok := NormalizeLiterals(c.sql)
		if ok != (c.shape != "") || shape != c.shape || !slices.Equal(vals, c.vals) {
			t.Errorf("%s: got %q %v %v, want %q %v", c.sql, shape, vals, ok, c.shape, c.vals)
		}
	}
}

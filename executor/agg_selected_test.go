package executor_test

import (
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
)

// TestAggregateOverSelectedRows checks aggregates over filters that keep most rows, which
// take whole morsels and send the rejected rows to a trash group, against the same
// aggregates over the filter's rows materialized first (a CTE), which cannot.
func TestAggregateOverSelectedRows(t *testing.T) {
	store := exectest.NewMemStore()
	sess := exectest.NewEngine(store, 2).NewSession(map[string]string{"user": "test"})
	// Rows with x = 0 (i a multiple of 50) all have k = 'a', the first of them row 50; many
	// 'a' rows have x <> 0.
	for _, sql := range []string{
		`CREATE TABLE t (i int8, k text, v numeric(10,2), x int4)`,
		`INSERT INTO t SELECT i, chr(97 + (i % 5)::int4), i / 100.0, (i % 50)::int4
			FROM generate_series(1::int8, 20000) i`,
	} {
		if _, err := exectest.Exec(t, sess, sql); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ name, where, sel, group string }{
		{"grouped", "x <> 0", "k, count(*), sum(v), avg(v), min(v), max(x), sum(v * (1 - x / 100.0)), count(x)", "k"},
		{"no group by", "x <> 0", "count(*), sum(v), avg(x), min(i), max(v)", ""},
		{"rejected rows would divide by zero", "x <> 0", "k, sum(1000 / x), avg(v / x)", "k"},
		{"staged filter", "x <> 0 AND i > 3", "k, count(*), sum(i)", "k"},
		{"trash key rejected everywhere", "x <> 0 AND k <> 'a'", "k, count(*), sum(v)", "k"},
		{"few rows kept", "x > 40", "k, count(*), sum(v)", "k"},
		{"no row kept", "x < 0", "k, count(*), sum(v)", "k"},
		{"no row kept, no group by", "x < 0", "count(*), sum(v)", ""},
		{"two keys", "x <> 7", "x % 3, k, count(*), sum(v)", "x % 3, k"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tail := ""
			if c.group != "" {
				tail = " GROUP BY " + c.group + " ORDER BY " + c.group
			}
			got, err := exectest.Exec(t, sess, "SELECT "+c.sel+" FROM t WHERE "+c.where+tail)
			if err != nil {
				t.Fatal(err)
			}
			want, err := exectest.Exec(t, sess, "WITH f AS MATERIALIZED (SELECT * FROM t WHERE "+c.where+
				") SELECT "+c.sel+" FROM f"+tail)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	// Figures worked out by hand: 400 multiples of 50 in 1..20000.
	got, err := exectest.Exec(t, sess, "SELECT count(*), sum(v) FROM t WHERE x <> 0")
	if err != nil || got != "19600|1960000.00" {
		t.Errorf("count and sum: got %q, %v", got, err)
	}
	// A kept row that fails still fails: x = 1 is kept and divides by zero.
	_, err = exectest.Exec(t, sess, "SELECT sum(1000 / (x - 1)) FROM t WHERE x <> 0")
	if err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Errorf("want division by zero, got %v", err)
	}
}

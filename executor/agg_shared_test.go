package executor_test

import (
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
)

// TestAggregateSharedCalls checks aggregates whose arguments and keys repeat calls (which
// the aggregate computes once per batch), and aggregates that share a state (sum and avg
// of one argument), against each aggregate computed by a query of its own, where nothing
// repeats or shares.
func TestAggregateSharedCalls(t *testing.T) {
	store := exectest.NewMemStore()
	sess := exectest.NewEngine(store, 2).NewSession(map[string]string{"user": "test"})
	for _, sql := range []string{
		`CREATE TABLE t (i int8, p numeric(12,2), d numeric(12,2), x numeric(12,2), k text)`,
		`INSERT INTO t SELECT i, i / 10.0, (i % 11) / 100.0, (i % 9) / 100.0,
			CASE WHEN i % 13 = 0 THEN NULL ELSE chr(65 + (i % 3)::int4) END
			FROM generate_series(1::int8, 10000) i`,
	} {
		if _, err := exectest.Exec(t, sess, sql); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		group string
		aggs  []string
		where string
	}{
		{"k", []string{"sum(p)", "avg(p)", "avg(i)", "sum(i)", "avg(p * d)", "sum(p * d)", "avg(p) FILTER (WHERE i > 5000)", "count(p)"}, ""},
		{"", []string{"avg(d)", "sum(d)", "avg(x)", "sum(DISTINCT x)", "avg(DISTINCT x)"}, "i % 50 <> 0"},
		{"k", []string{"sum(p)", "avg(p)", "sum(p * (1 - d))", "avg(p * (1 - d))"}, "i % 50 <> 0"},
		{"k", []string{"sum(p * (1 - d))", "sum(p * (1 - d) * (1 + x))", "avg(p * (1 - d))", "count(*)", "max(1 - d)"}, ""},
		{"", []string{"sum(p * d)", "min(p * d)", "sum(p * d + p * d)", "sum(CASE WHEN d <> 0 THEN p / d END)"}, ""},
		{"i % 7", []string{"sum(i % 7)", "count(i % 7)", "sum((i % 7) * p)"}, ""},
		{"k", []string{"sum(p * (1 - d)) FILTER (WHERE d > 0.05)", "sum(p * (1 - d))", "string_agg(k || (1 - d)::text, ',' ORDER BY i)"}, ""},
	}
	for _, c := range cases {
		tail := ""
		lead := ""
		if c.where != "" {
			tail = " WHERE " + c.where
		}
		if c.group != "" {
			tail += " GROUP BY " + c.group + " ORDER BY " + c.group
			lead = c.group + ", "
		}
		got, err := exectest.Exec(t, sess, "SELECT "+lead+strings.Join(c.aggs, ", ")+" FROM t"+tail)
		if err != nil {
			t.Fatalf("%v: %v", c.aggs, err)
		}
		// The same aggregates one query each, side by side.
		var cols [][]string
		for _, a := range c.aggs {
			out, err := exectest.Exec(t, sess, "SELECT "+a+" FROM t"+tail)
			if err != nil {
				t.Fatalf("%s: %v", a, err)
			}
			cols = append(cols, strings.Split(out, "\n"))
		}
		var keys []string
		if c.group != "" {
			out, err := exectest.Exec(t, sess, "SELECT "+c.group+" FROM t"+tail)
			if err != nil {
				t.Fatal(err)
			}
			keys = strings.Split(out, "\n")
		}
		var want []string
		for r := range cols[0] {
			var row []string
			if keys != nil {
				row = append(row, keys[r])
			}
			for _, col := range cols {
				row = append(row, col[r])
			}
			want = append(want, strings.Join(row, "|"))
		}
		if got != strings.Join(want, "\n") {
			t.Errorf("%v: got\n%s\nwant\n%s", c.aggs, got, strings.Join(want, "\n"))
		}
	}
}

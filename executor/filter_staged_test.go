package executor_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
)

// TestStagedFilterColumns checks filters on ANDs that compact the batch between conjuncts
// (copying only the columns later conjuncts read) against the same conjunctions under IS
// TRUE, which evaluates as one expression: every column of the kept rows must come out.
func TestStagedFilterColumns(t *testing.T) {
	store := exectest.NewMemStore()
	sess := exectest.NewEngine(store, 2).NewSession(map[string]string{"user": "test"})
	for _, sql := range []string{
		`CREATE TABLE t (i int8, d date, s text, v numeric(10,2), x int4)`,
		`INSERT INTO t SELECT i, date '2000-01-01' + (i % 1000)::int4,
			CASE WHEN i % 7 = 0 THEN NULL ELSE 's' || (i % 13)::text END,
			CASE WHEN i % 11 = 0 THEN NULL ELSE i / 100.0 END, (i % 50)::int4
			FROM generate_series(1::int8, 20000) i`,
	} {
		if _, err := exectest.Exec(t, sess, sql); err != nil {
			t.Fatal(err)
		}
	}
	for _, where := range []string{
		"d >= date '2000-03-01' AND d < date '2000-04-01' AND v > 10 AND x < 30",
		"d < date '2000-02-01' AND s <> 's3' AND v BETWEEN 20 AND 150",
		"x <> 0 AND i % 10 = 1 AND 100 / x > 4 AND s LIKE 's1%'",
		"x < 5 AND v IS NULL AND i > 100",
		"i < 3000 AND x > 45 AND d > date '2000-01-10' AND s IS NOT NULL AND v < 25",
	} {
		got, err := exectest.Exec(t, sess, "SELECT * FROM t WHERE "+where)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		want, err := exectest.Exec(t, sess, "SELECT * FROM t WHERE ("+where+") IS TRUE")
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if got != want || got == "" {
			t.Errorf("%s: got\n%s\nwant\n%s", where, got, want)
		}
	}
}

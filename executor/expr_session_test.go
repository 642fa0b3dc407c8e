package executor_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func exec(t *testing.T, sess *session.Session, sql string) (string, error) {
	t.Helper()
	return exectest.Exec(t, sess, sql)
}

// newTestSession returns a session over a new in-memory store holding table t.
func newTestSession(t *testing.T) *session.Session {
	t.Helper()
	return newTestSessionOn(t, exectest.NewMemStore())
}

// TestExpressions checks evaluation semantics that vectorized execution must preserve:
// three-valued logic, guarded evaluation in CASE/AND/COALESCE, strict NULL propagation.
func TestExpressions(t *testing.T) {
	sess := newTestSession(t)
	tests := []struct {
		name, sql, want string
	}{
		{"case guards division", "SELECT CASE WHEN a <> 0 THEN 10 / a ELSE -1 END FROM t", "10\n5\n-1\n-1"},
		{"and guards division", "SELECT a FROM t WHERE a <> 0 AND 10 / a > 6", "1"},
		{"or short circuit", "SELECT a FROM t WHERE a = 0 OR 10 / a = 5 ORDER BY a", "0\n2"},
		{"three valued and", "SELECT (a > 0 AND c > 1) IS NULL FROM t", "f\nt\nf\nt"},
		{"three valued or", "SELECT a > 0 OR c > 1 FROM t", "t\nt\nf\nt"},
		{"not null", "SELECT NOT (a > 0) FROM t", "f\nf\nt\nNULL"},
		{"coalesce lazily", "SELECT coalesce(b, 'none'), coalesce(a, 10 / a) FROM t", "one|1\ntwo|2\nnone|0\nfour|NULL"},
		{"strict nulls", "SELECT a + 1, b || '!' FROM t", "2|one!\n3|two!\n1|NULL\nNULL|four!"},
		{"in list with null", "SELECT a IN (1, NULL), a NOT IN (1, 2) FROM t", "t|f\nNULL|f\nNULL|t\nNULL|NULL"},
		{"between", "SELECT a FROM t WHERE a BETWEEN 1 AND 2", "1\n2"},
		{"is distinct from", "SELECT a IS DISTINCT FROM 1 FROM t", "f\nt\nt\nt"},
		{"nullif", "SELECT nullif(a, 0) FROM t", "1\n2\nNULL\nNULL"},
		{"greatest least", "SELECT greatest(a, 1), least(a, 1) FROM t", "1|1\n2|1\n1|0\n1|1"},
		{"scalar subquery", "SELECT a FROM t WHERE a = (SELECT max(a) FROM t)", "2"},
		{"in subquery", "SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE a > 0) ORDER BY a", "1\n2"},
		{"not in subquery with null", "SELECT a FROM t WHERE a NOT IN (SELECT a FROM t)", ""},
		{"exists", "SELECT exists(SELECT 1 FROM t WHERE a > 1)", "t"},
		{"constant folding errors only when evaluated", "SELECT CASE WHEN false THEN 1 / 0 ELSE 1 END", "1"},
		{"order nulls first", "SELECT a FROM t ORDER BY a NULLS FIRST", "NULL\n0\n1\n2"},
		{"order desc", "SELECT a FROM t ORDER BY a DESC", "NULL\n2\n1\n0"},
		{"limit offset", "SELECT a FROM t ORDER BY a LIMIT 2 OFFSET 1", "1\n2"},
		{"group by having", "SELECT a > 0, count(*) FROM t GROUP BY 1 HAVING count(*) > 1 ORDER BY 1", "t|2"},
		{"aggregates on empty input", "SELECT count(*), sum(a), max(b) FROM t WHERE false", "0|NULL|NULL"},
		{"count distinct", "SELECT count(DISTINCT a > 0), count(a) FROM t", "2|3"},
		{"insertion order without order by", "SELECT b FROM t", "one\ntwo\nNULL\nfour"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := exec(t, sess, tc.sql)
			if err != nil {
				t.Fatalf("%s: %v", tc.sql, err)
			}
			if got != tc.want {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.sql, got, tc.want)
			}
		})
	}
}

// TestErrors checks SQLSTATEs, and that the session keeps working after each.
func TestErrors(t *testing.T) {
	sess := newTestSession(t)
	tests := []struct {
		sql  string
		code pgcode.Code
	}{
		{"SELEC 1", pgcode.SyntaxError},
		{"SELECT * FROM missing", pgcode.UndefinedTable},
		{"SELECT nope FROM t", pgcode.UndefinedColumn},
		{"SELECT 1 / 0", pgcode.DivisionByZero},
		{"SELECT a / 0 FROM t", pgcode.DivisionByZero},
		{"SELECT 'x'::int", pgcode.InvalidTextRepresentation},
		{"SELECT b::int FROM t", pgcode.InvalidTextRepresentation},
		{"SELECT 2147483647 + a FROM t", pgcode.NumericValueOutOfRange},
		{"SELECT a, count(*) FROM t", pgcode.GroupingError},
		{"SELECT 1 + 'a'::text", pgcode.UndefinedFunction},
		{"SELECT (SELECT a FROM t)", pgcode.CardinalityViolation},
		{"CREATE TABLE t (x int)", pgcode.DuplicateTable},
		{"SELECT * FROM t x JOIN t x ON true", pgcode.DuplicateAlias},
	}
	for _, tc := range tests {
		_, err := exec(t, sess, tc.sql)
		if got := pgerror.GetCode(err); got != tc.code {
			t.Errorf("%s: got %s (%v), want %s", tc.sql, got, err, tc.code)
		}
		if got, err := exec(t, sess, "SELECT count(*) FROM t"); err != nil || got != "4" {
			t.Fatalf("session broken after %q: %q %v", tc.sql, got, err)
		}
	}
}

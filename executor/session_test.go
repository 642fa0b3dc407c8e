package executor_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// exec runs every statement of sql and returns the rows of the last one as text, one line
// per row with columns separated by '|' and NULL shown as "NULL".
func exec(t *testing.T, sess *executor.Session, sql string) (string, error) {
	t.Helper()
	stmts, err := sess.Parse(sql)
	if err != nil {
		return "", err
	}
	var out []string
	for _, p := range stmts {
		out = out[:0]
		prep, err := sess.Prepare(p, nil)
		if err != nil {
			return "", err
		}
		res, err := sess.Execute(context.Background(), prep, nil)
		if err != nil {
			return "", err
		}
		for {
			rec, err := res.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				res.Close()
				return "", err
			}
			cols := res.Columns()
			apps := make([]types.Appender, len(cols))
			for i, c := range cols {
				apps[i] = types.TextAppender(c.Type, rec.Column(i), nil)
			}
			for r := 0; r < int(rec.NumRows()); r++ {
				var line []byte
				for i := range cols {
					if i > 0 {
						line = append(line, '|')
					}
					if rec.Column(i).IsNull(r) {
						line = append(line, "NULL"...)
					} else {
						line = apps[i](line, r)
					}
				}
				out = append(out, string(line))
			}
		}
		res.Close()
	}
	return strings.Join(out, "\n"), nil
}

func newTestSession(t *testing.T) *executor.Session {
	t.Helper()
	sess := newBenchSession(t, newMemStore())
	setup := `CREATE TABLE t (a int, b text, c float8);
		INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (0, NULL, 0), (NULL, 'four', 4)`
	if _, err := exec(t, sess, setup); err != nil {
		t.Fatal(err)
	}
	return sess
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

// TestTransactions checks block semantics: isolation of uncommitted work, the aborted state,
// and that COMMIT of a failed block rolls back.
func TestTransactions(t *testing.T) {
	sess := newTestSession(t)
	steps := []struct {
		sql    string
		code   pgcode.Code
		status executor.TxStatus
	}{
		{"BEGIN", "", executor.TxActive},
		{"INSERT INTO t VALUES (5, 'five', 5)", "", executor.TxActive},
		{"SELECT nope FROM t", pgcode.UndefinedColumn, executor.TxFailed},
		{"SELECT 1", pgcode.InFailedSqlTransaction, executor.TxFailed},
		{"COMMIT", "", executor.TxIdle},
		{"BEGIN", "", executor.TxActive},
		{"CREATE TABLE u (x int)", "", executor.TxActive},
		{"ROLLBACK", "", executor.TxIdle},
		{"SELECT * FROM u", pgcode.UndefinedTable, executor.TxIdle},
	}
	for _, s := range steps {
		_, err := exec(t, sess, s.sql)
		if got := pgerror.GetCode(err); err != nil && got != s.code || err == nil && s.code != "" {
			t.Fatalf("%s: got %v, want %s", s.sql, err, s.code)
		}
		if got := sess.TxStatus(); got != s.status {
			t.Fatalf("%s: status %c, want %c", s.sql, got, s.status)
		}
	}
	if got, _ := exec(t, sess, "SELECT count(*) FROM t"); got != "4" {
		t.Fatalf("rows after failed commit: %s, want 4", got)
	}
}

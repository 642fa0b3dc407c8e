package session_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestSQLPrepare checks PREPARE / EXECUTE / DEALLOCATE through the session: results,
// argument coercion, the session-lifetime namespace and PostgreSQL's errors.
func TestSQLPrepare(t *testing.T) {
	sess := newTestSession(t)
	tests := []struct {
		sql, want string
		code      pgcode.Code
	}{
		{sql: "PREPARE p(int) AS SELECT a, b FROM t WHERE a >= $1 ORDER BY a", want: ""},
		{sql: "EXECUTE p(1)", want: "1|one\n2|two"},
		{sql: "EXECUTE p('2')", want: "2|two"},
		{sql: "EXECUTE p(0.6)", want: "1|one\n2|two"},
		{sql: "EXECUTE p(NULL)", want: ""},
		{sql: "PREPARE q AS SELECT $1 || 'x', $2::int + 1", want: ""},
		{sql: "EXECUTE q(12, '41')", want: "12x|42"},
		{sql: "PREPARE p AS SELECT 1", code: pgcode.DuplicatePstatement},
		{sql: "EXECUTE p", code: pgcode.SyntaxError},
		{sql: "EXECUTE p(true)", code: pgcode.DatatypeMismatch},
		{sql: "EXECUTE p('x')", code: pgcode.InvalidTextRepresentation},
		{sql: "EXECUTE nope", code: pgcode.UndefinedPstatement},
		{sql: "DEALLOCATE nope", code: pgcode.UndefinedPstatement},
		{sql: "PREPARE bad AS SELECT x FROM missing", code: pgcode.UndefinedTable},
		{sql: "EXPLAIN EXECUTE p(1)", code: pgcode.FeatureNotSupported},
		{sql: "BEGIN; PREPARE r AS SELECT 'r'; ROLLBACK; EXECUTE r", want: "r"},
		{sql: "DEALLOCATE PREPARE p; EXECUTE q(1, '1')", want: "1x|2"},
		{sql: "EXECUTE p(1)", code: pgcode.UndefinedPstatement},
		{sql: "DEALLOCATE ALL", want: ""},
		{sql: "EXECUTE q(1, '1')", code: pgcode.UndefinedPstatement},
	}
	for _, tc := range tests {
		got, err := exec(t, sess, tc.sql)
		if tc.code != "" {
			if pgerror.GetCode(err) != tc.code {
				t.Errorf("%s: error %v, want code %s", tc.sql, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
		} else if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.sql, got, tc.want)
		}
	}
	var e *pgerror.Error
	if _, err := exec(t, sess, "PREPARE two(int, int) AS SELECT $1 + $2; EXECUTE two(1)"); !errors.As(err, &e) ||
		e.Message != `wrong number of parameters for prepared statement "two"` || e.Detail != "Expected 2 parameters but got 1." {
		t.Errorf("wrong argument count: %v", err)
	}
}

// TestSQLExecuteProtocolParams checks EXECUTE prepared through the protocol: its result
// columns are the prepared statement's and its arguments may be protocol parameters.
func TestSQLExecuteProtocolParams(t *testing.T) {
	sess := newTestSession(t)
	if _, err := exec(t, sess, "PREPARE p(int) AS SELECT b AS name FROM t WHERE a = $1"); err != nil {
		t.Fatal(err)
	}
	ps, err := sess.Parse("EXECUTE p($1 + 1)")
	if err != nil {
		t.Fatal(err)
	}
	prep, err := sess.Prepare(ps[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(prep.Statement().Params) != 1 || prep.Statement().Params[0] != types.TInt4 {
		t.Fatalf("params %v, want [integer]", prep.Statement().Params)
	}
	if len(prep.Statement().Result) != 1 || prep.Statement().Result[0].Name != "name" {
		t.Fatalf("result %v, want one column name", prep.Statement().Result)
	}
	res, err := sess.Execute(context.Background(), prep, []scalar.Scalar{scalar.NewInt32Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	rec, err := res.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.NumRows() != 1 || rec.Column(0).ValueStr(0) != "two" {
		t.Errorf("got %v, want two", rec)
	}
	if _, err := res.Next(); err != io.EOF {
		t.Errorf("second batch: %v", err)
	}
}

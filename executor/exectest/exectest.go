package exectest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/udf"
)

// NewEngine returns an engine over store with every built-in function and workers
// goroutines per statement (0: GOMAXPROCS).
func NewEngine(store session.Store, workers int) *session.Engine {
	reg := catalog.NewRegistry()
	udf.Register(reg)
	return session.NewEngine(store, reg, workers)
}

// NewSession returns a session of user "test" on a new engine over store.
func NewSession(tb testing.TB, store session.Store) *session.Session {
	tb.Helper()
	return NewEngine(store, 0).NewSession(map[string]string{"user": "test"})
}

// Exec runs every statement of sql and returns the rows of the last one as text, one line
// per row with columns separated by '|' and NULL shown as "NULL".
func Exec(tb testing.TB, sess *session.Session, sql string) (string, error) {
	tb.Helper()
	stmts, err := sess.Parse(sql)
	if err != nil {
		return "", err
	}
	var out []string
	for _, p := range stmts {
		out = out[:0]
		res, err := execute(sess, p)
		if err != nil {
			return "", err
		}
		out, err = appendRows(out, res)
		res.Close()
		if err != nil {
			return "", err
		}
	}
	return strings.Join(out, "\n"), nil
}

// Run executes the one statement of sql and returns its command tag and, for statements
// returning rows, the number of rows (as text; "" otherwise).
func Run(tb testing.TB, sess *session.Session, sql string) (tag, rows string, err error) {
	tb.Helper()
	stmts, err := sess.Parse(sql)
	if err != nil {
		return "", "", err
	}
	if len(stmts) != 1 {
		tb.Fatalf("%d statements in %q", len(stmts), sql)
	}
	res, err := execute(sess, stmts[0])
	if err != nil {
		return "", "", err
	}
	defer res.Close()
	n, err := drain(res)
	if err != nil {
		return "", "", err
	}
	if res.Columns() != nil {
		rows = fmt.Sprint(n)
	}
	return res.Tag(), rows, nil
}

// Count runs every statement of sql, failing tb on error, and returns the number of rows
// they returned.
func Count(tb testing.TB, sess *session.Session, sql string) int64 {
	tb.Helper()
	stmts, err := sess.Parse(sql)
	if err != nil {
		tb.Fatal(err)
	}
	var rows int64
	for _, p := range stmts {
		res, err := execute(sess, p)
		if err != nil {
			tb.Fatal(err)
		}
		n, err := drain(res)
		res.Close()
		if err != nil {
			tb.Fatal(err)
		}
		rows += n
	}
	return rows
}

func execute(sess *session.Session, p *planner.Parsed) (session.Result, error) {
	prep, err := sess.Prepare(p, nil)
	if err != nil {
		return nil, err
	}
	return sess.Execute(context.Background(), prep, nil)
}

func drain(res session.Result) (int64, error) {
	var n int64
	for {
		rec, err := res.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += rec.NumRows()
	}
}

// appendRows appends res's rows as text lines.
func appendRows(out []string, res session.Result) ([]string, error) {
	cols := res.Columns()
	apps := make([]types.Appender, len(cols))
	for {
		rec, err := res.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
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
}

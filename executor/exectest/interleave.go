package exectest

import (
	"runtime"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Outcome is what one statement did.
type Outcome struct {
	Tag  string // its command tag
	Rows string // its rows as Exec renders them, "" for a statement without rows
	Err  error
	rows bool // it returned rows
}

// Result is the statement's rows when it returns rows, and its tag otherwise.
func (o Outcome) Result() string {
	if o.rows {
		return o.Rows
	}
	return o.Tag
}

// runOutcome executes the one statement of sql and returns its tag and its rows.
func runOutcome(tb testing.TB, sess *session.Session, sql string) Outcome {
	stmts, err := sess.Parse(sql)
	if err != nil {
		return Outcome{Err: err}
	}
	if len(stmts) != 1 {
		return Outcome{Err: pgerror.Newf(pgcode.SyntaxError, "%d statements in %q", len(stmts), sql)}
	}
	res, err := execute(sess, stmts[0])
	if err != nil {
		return Outcome{Err: err}
	}
	defer res.Close()
	lines, err := appendRows(nil, res)
	if err != nil {
		return Outcome{Err: err}
	}
	return Outcome{Tag: res.Tag(), Rows: strings.Join(lines, "\n"), rows: res.Columns() != nil}
}

// Start runs the one statement of sql in sess on another goroutine and returns once it has
// finished or waits for a lock another session holds; wait then returns its outcome. A test
// that sees blocked ends the other session's transaction before calling wait.
func Start(tb testing.TB, sess *session.Session, sql string) (blocked bool, wait func() Outcome) {
	tb.Helper()
	done := make(chan Outcome, 1)
	go func() { done <- runOutcome(tb, sess, sql) }()
	for {
		select {
		case o := <-done:
			return false, func() Outcome { return o }
		default:
		}
		if sess.WaitingForLock() {
			return true, func() Outcome { return <-done }
		}
		runtime.Gosched()
	}
}

// Interleaving is one schedule of two transactions, A and B, each in its own session: both
// begin and take their snapshots, A runs First, B runs Second (which may wait for a lock A
// holds), then A ends.
type Interleaving struct {
	Iso           string // B's isolation level; A runs at the session's default
	First, Second string
	End           string // how A ends: COMMIT or ROLLBACK
}

// Interleave runs iv with A in session a and B in b, and returns whether B's statement
// waited for A and what it did. B's transaction is left open.
func Interleave(tb testing.TB, a, b *session.Session, iv Interleaving) (blocked bool, second Outcome) {
	tb.Helper()
	MustRun(tb, a, "BEGIN")
	MustRun(tb, b, "BEGIN ISOLATION LEVEL "+iv.Iso)
	MustRun(tb, a, "SELECT 1") // take both snapshots before either changes anything
	MustRun(tb, b, "SELECT 1")
	MustRun(tb, a, iv.First)
	blocked, wait := Start(tb, b, iv.Second)
	MustRun(tb, a, iv.End)
	return blocked, wait()
}

// Want is what a statement run concurrently with another transaction should do.
type Want struct {
	Blocks  bool        // it waits for the other transaction
	Result  string      // its rows, or its tag when it returns none (see Outcome.Result), or
	Code    pgcode.Code // the SQLSTATE it fails with
	Message string      // and the message, checked when not ""
}

// Check fails tb unless the statement that waited as blocked says and did o as w wants.
func (w Want) Check(tb testing.TB, blocked bool, o Outcome) {
	tb.Helper()
	if blocked != w.Blocks {
		tb.Fatalf("statement blocked: %v, want %v", blocked, w.Blocks)
	}
	if w.Code == "" && (o.Err != nil || o.Result() != w.Result) || w.Code != "" && pgerror.GetCode(o.Err) != w.Code {
		tb.Fatalf("statement: result %q error %v, want %q %s", o.Result(), o.Err, w.Result, w.Code)
	}
	if w.Code != "" && w.Message != "" && o.Err.Error() != w.Message {
		tb.Fatalf("message %q, want %q", o.Err, w.Message)
	}
}

// MustRun runs the one statement of sql in sess and fails tb on error.
func MustRun(tb testing.TB, sess *session.Session, sql string) {
	tb.Helper()
	if _, _, err := Run(tb, sess, sql); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

// Deadlock runs two transactions into a deadlock: A (in session a) and B (in b) begin, A
// runs aFirst and B bFirst, then A runs aSecond, which must wait for B, and B runs bSecond,
// which closes the cycle. It returns the error of bSecond, then rolls B back and returns
// what aSecond did once B was gone; A's transaction is left open.
func Deadlock(tb testing.TB, a, b *session.Session, aFirst, bFirst, aSecond, bSecond string) (bErr error, aSecondDid Outcome) {
	tb.Helper()
	MustRun(tb, a, "BEGIN")
	MustRun(tb, b, "BEGIN")
	MustRun(tb, a, aFirst)
	MustRun(tb, b, bFirst)
	blocked, wait := Start(tb, a, aSecond)
	if !blocked {
		tb.Fatalf("%s did not wait for the other transaction", aSecond)
	}
	_, _, bErr = Run(tb, b, bSecond)
	MustRun(tb, b, "ROLLBACK")
	return bErr, wait()
}

package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
)

const (
	rc = "READ COMMITTED"
	rr = "REPEATABLE READ"
)

// interleavedCase is one row of a table of two interleaved transactions: the first runs
// its statement, then the second transaction, at isolation level iso, runs its own, which
// may wait for the first, then the first ends (see exectest.Interleave).
type interleavedCase struct {
	name, iso     string
	first, second string
	end           string      // how the first transaction ends
	blocks        bool        // the second statement waits for the first transaction
	result        string      // the second statement's rows, or its tag when it returns none, or
	code          pgcode.Code // the SQLSTATE it fails with
	message       string      // and its message, checked when not ""
	after         string      // the table's rows after both transactions, checked when not ""
}

// run runs the case with the first transaction in session a and the second in b, checks
// what the second statement did and leaves the second transaction open.
func (c interleavedCase) run(t *testing.T, a, b *session.Session) {
	t.Helper()
	blocked, o := exectest.Interleave(t, a, b, exectest.Interleaving{Iso: c.iso, First: c.first, Second: c.second, End: c.end})
	exectest.Want{Blocks: c.blocks, Result: c.result, Code: c.code, Message: c.message}.Check(t, blocked, o)
}

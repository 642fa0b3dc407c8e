package wire

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// prepared is a statement kept under a name by the extended protocol (or the one statement
// of a simple query being run). prep is nil for an empty query string.
type prepared struct {
	name string
	sql  string
	prep Prepared
}

// stmt returns the bound statement, or nil for an empty query.
func (ps *prepared) stmt() *planner.Statement {
	if ps.prep == nil {
		return nil
	}
	return ps.prep.Statement()
}

// empty reports whether the statement is an empty query, answered by EmptyQueryResponse.
func (ps *prepared) empty() bool {
	st := ps.stmt()
	return st == nil || st.Kind == planner.StmtEmpty
}

// returnsRows reports whether running st produces rows (and so a RowDescription).
func returnsRows(st *planner.Statement) bool {
	if st == nil {
		return false
	}
	switch st.Kind {
	case planner.StmtQuery, planner.StmtShow, planner.StmtExplain:
		return true
	}
	return st.Result != nil
}

// portalState is where a portal is in its life.
type portalState byte

const (
	portalReady  portalState = iota // bound; not run, or suspended by a row limit
	portalDone                      // ran to completion
	portalFailed                    // its transaction failed: only ROLLBACK gets rid of it
)

// portal is a bound statement with its parameters and output formats, and once executed
// the open Result it streams rows from. A portal suspended by Execute's row limit keeps the
// Result and the current batch until the next Execute.
type portal struct {
	name    string
	stmt    *prepared
	params  []scalar.Scalar
	formats []int16 // result format codes as sent in Bind (none, one, or one per column)

	// ctx lives as long as the portal, because the Result may keep using it between
	// Executes; cancel ends it (with the reason as cause).
	ctx    context.Context
	cancel context.CancelCauseFunc

	state     portalState
	res       Result
	enc       *rowEncoder
	rec       arrow.Record // current batch, valid until the next res.Next
	off       int          // first row of rec not yet sent
	suspended bool         // stopped at a row limit at least once
	tag       string       // command tag once done
}

func (c *conn) newPortal(name string, ps *prepared, params []scalar.Scalar, formats []int16) *portal {
	p := &portal{name: name, stmt: ps, params: params, formats: formats}
	p.ctx, p.cancel = context.WithCancelCause(c.ctx)
	return p
}

// close releases the portal's Result and context. It is safe to call more than once.
func (p *portal) close() {
	p.rec = nil
	if p.enc != nil {
		p.enc.release()
	}
	if p.res != nil {
		res := p.res
		p.res = nil
		res.Close()
	}
	p.cancel(context.Canceled)
}

// execute runs portal p, sending at most maxRows rows (0: all). In simple-query mode
// (describe) a RowDescription precedes the rows; the extended protocol has Describe for it.
func (c *conn) execute(p *portal, maxRows int, describe bool) (err error) {
	switch {
	case p.state == portalFailed:
		return errInFailedTx
	case p.stmt.empty():
		c.send(&pgproto3.EmptyQueryResponse{})
		return nil
	case p.state == portalDone:
		if returnsRows(p.stmt.stmt()) {
			// A finished query fetches nothing more, as PostgreSQL's portals do.
			c.send(&pgproto3.CommandComplete{CommandTag: []byte(retag(p.tag, 0))})
			return nil
		}
		return pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "portal \"%s\" cannot be run", p.name)
	}

	start := time.Now()
	rows := 0
	if d := c.sess.Timeouts().Statement; d > 0 {
		timer := time.AfterFunc(d, func() { p.cancel(errStatementTimeout) })
		defer timer.Stop()
	}
	c.setRunning(p.cancel)
	defer func() {
		c.setRunning(nil)
		if r := recover(); r != nil {
			err = c.panicError(r)
		}
		if err != nil {
			// A statement that fails because its context was cancelled reports why it was
			// cancelled (a CancelRequest, or the server shutting down).
			if cause := context.Cause(p.ctx); p.ctx.Err() != nil && isPGError(cause) {
				err = cause
			}
			p.close()
			p.state = portalDone
		}
		c.log.Debug("statement", "sql", p.stmt.sql, "tag", p.tag, "rows", rows,
			"suspended", err == nil && p.state == portalReady, "duration", time.Since(start), "err", err)
	}()

	st := p.stmt.stmt()
	switch st.Kind {
	case planner.StmtCopyFrom:
		tag, err := c.copyIn(p)
		if err != nil {
			return err
		}
		c.finish(p, tag)
		return nil
	case planner.StmtCopyTo:
		tag, err := c.copyOut(p)
		if err != nil {
			return err
		}
		c.finish(p, tag)
		return nil
	case planner.StmtDeallocate, planner.StmtDiscard:
		if c.dropProtocolStmts(st) {
			c.finish(p, st.Tag)
			return nil
		}
	}

	if p.res == nil {
		res, err := c.sess.Execute(p.ctx, p.stmt.prep, p.params)
		if err != nil {
			return err
		}
		p.res = res
		if returnsRows(st) {
			cols := res.Columns()
			formats, err := expandFormats(p.formats, len(cols))
			if err != nil {
				return err
			}
			p.enc = newRowEncoder(cols, formats, c.sess.IOSettings(), c.srv.appenders)
			if describe {
				c.send(rowDescription(cols, formats))
			}
		}
	}
	if p.enc == nil {
		c.finish(p, p.res.Tag())
		return nil
	}
	n, suspended, err := c.sendRows(p, maxRows)
	rows = n
	if err != nil {
		return err
	}
	if suspended {
		p.suspended = true
		c.send(&pgproto3.PortalSuspended{})
		return nil
	}
	tag := p.res.Tag()
	if p.suspended {
		// After a suspension PostgreSQL counts the rows of the last Execute only.
		tag = retag(tag, n)
	}
	c.finish(p, tag)
	return nil
}

// finish completes a portal that ran to its end.
func (c *conn) finish(p *portal, tag string) {
	p.tag = tag
	p.close()
	p.state = portalDone
	c.sendNotices()
	c.send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
}

// sendRows streams rows of p's Result as DataRows until the Result ends or maxRows (if
// > 0) rows were sent. It writes to the socket whenever flushSize bytes are buffered, so a
// large result streams in constant memory and a vanished client stops the statement.
func (c *conn) sendRows(p *portal, maxRows int) (n int, suspended bool, err error) {
	for {
		if p.rec == nil {
			rec, err := p.res.Next()
			if err == io.EOF {
				return n, false, nil
			}
			if err != nil {
				return n, false, err
			}
			if err := p.enc.bind(rec); err != nil {
				return n, false, err
			}
			p.rec, p.off = rec, 0
		}
		total := int(p.rec.NumRows())
		end := total
		if maxRows > 0 && end-p.off > maxRows-n {
			end = p.off + maxRows - n
		}
		for p.off < end {
			var next int
			c.out, next = p.enc.appendRows(c.out, p.off, end, flushSize)
			n += next - p.off
			p.off = next
			if err := c.maybeFlush(); err != nil {
				return n, false, err
			}
		}
		if p.off == total {
			p.rec = nil
			p.enc.release()
		}
		if maxRows > 0 && n >= maxRows {
			// Like PostgreSQL, stop without looking ahead: the next Execute may find no rows.
			return n, true, nil
		}
	}
}

// retag replaces the row count at the end of a command tag ("SELECT 5") with n; tags
// without a count ("SHOW") are returned unchanged.
func retag(tag string, n int) string {
	i := strings.LastIndexByte(tag, ' ')
	if i < 0 {
		return tag
	}
	if _, err := strconv.ParseUint(tag[i+1:], 10, 64); err != nil {
		return tag
	}
	return tag[:i+1] + strconv.Itoa(n)
}

// errInFailedTx is what any statement but ROLLBACK gets in a failed transaction block.
var errInFailedTx = pgerror.New(pgcode.InFailedSqlTransaction,
	"current transaction is aborted, commands ignored until end of transaction block")

func isPGError(err error) bool {
	var pe *pgerror.Error
	return errors.As(err, &pe)
}

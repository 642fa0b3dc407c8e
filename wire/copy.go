package wire

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// copyFormat returns the overall format code of a COPY and its number of columns, for
// CopyInResponse and CopyOutResponse.
func copyFormat(st *planner.Statement) (format byte, ncols int) {
	if st.Copy != nil && st.Copy.Format == planner.CopyBinary {
		format = 1
	}
	switch {
	case len(st.TargetCols) > 0:
		ncols = len(st.TargetCols)
	case st.Query != nil:
		ncols = len(st.Query.Columns())
	case st.Table != nil:
		ncols = len(st.Table.Columns)
	}
	return format, ncols
}

func columnFormats(format byte, n int) []uint16 {
	codes := make([]uint16, n)
	for i := range codes {
		codes[i] = uint16(format)
	}
	return codes
}

// copyIn runs COPY ... FROM STDIN: it asks the client for data with CopyInResponse and
// hands the session a reader over the CopyData messages that follow.
func (c *conn) copyIn(p *portal) (string, error) {
	format, ncols := copyFormat(p.stmt.stmt())
	c.send(&pgproto3.CopyInResponse{OverallFormat: format, ColumnFormatCodes: columnFormats(format, ncols)})
	if err := c.flush(); err != nil {
		return "", err
	}
	r := &copyReader{c: c, ctx: p.ctx}
	tag, err := c.sess.CopyFrom(p.ctx, p.stmt.prep, r)
	switch {
	case c.dead != nil:
		return "", c.dead
	case r.failed != nil:
		// The client aborted the copy or broke the protocol: that is the error to report,
		// however the session passed it on.
		return "", r.failed
	case err != nil:
		// Whatever the client still sends is ignored by the message loop.
		return "", err
	}
	// The session may stop reading at an end-of-data marker; the client still ends with
	// CopyDone (or CopyFail, which fails the command).
	for !r.done {
		if err := r.next(); err != nil {
			return "", err
		}
	}
	return tag, nil
}

// copyReader presents the payloads of CopyData messages as one stream: CopyDone is io.EOF
// and CopyFail an error with SQLSTATE 57014.
type copyReader struct {
	c      *conn
	ctx    context.Context
	buf    []byte // unread part of the current CopyData (points into the read buffer)
	done   bool   // CopyDone seen
	failed error  // CopyFail or a protocol violation
}

// Read implements io.Reader.
func (r *copyReader) Read(b []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		if r.failed != nil {
			return 0, r.failed
		}
		if r.ctx.Err() != nil {
			return 0, context.Cause(r.ctx)
		}
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	n := copy(b, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// next reads the next message of the copy stream. The previous CopyData payload must have
// been consumed: the message reader reuses its buffer.
func (r *copyReader) next() error {
	if r.done {
		return nil
	}
	if r.failed != nil {
		return r.failed
	}
	msg, err := r.c.be.Receive()
	if err != nil {
		if !isConnError(err) {
			r.failed = pgerror.New(pgcode.ProtocolViolation, "invalid frontend message").WithDetail(err.Error())
			return r.failed
		}
		r.c.dead = err
		return pgerror.New(pgcode.ConnectionFailure, "unexpected EOF on client connection with an open transaction")
	}
	switch m := msg.(type) {
	case *pgproto3.CopyData:
		r.buf = m.Data
	case *pgproto3.CopyDone:
		r.done = true
	case *pgproto3.CopyFail:
		r.failed = pgerror.Newf(pgcode.QueryCanceled, "COPY from stdin failed: %s", m.Message)
	case *pgproto3.Flush, *pgproto3.Sync:
		// Clients may send these without noticing the command was a COPY; PostgreSQL
		// ignores them here too.
	default:
		r.failed = pgerror.Newf(pgcode.ProtocolViolation,
			"unexpected message type 0x%02X during COPY from stdin", frontendType(msg))
	}
	return r.failed
}

// copyOut runs COPY ... TO STDOUT: CopyOutResponse, one CopyData per chunk the session
// emits, then CopyDone.
func (c *conn) copyOut(p *portal) (string, error) {
	format, ncols := copyFormat(p.stmt.stmt())
	c.send(&pgproto3.CopyOutResponse{OverallFormat: format, ColumnFormatCodes: columnFormats(format, ncols)})
	tag, err := c.sess.CopyTo(p.ctx, p.stmt.prep, func(chunk []byte) error {
		c.send(&pgproto3.CopyData{Data: chunk})
		return c.maybeFlush()
	})
	if err != nil {
		return "", err
	}
	c.send(&pgproto3.CopyDone{})
	return tag, nil
}

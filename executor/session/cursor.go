package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SQL cursors (DECLARE, FETCH, MOVE, CLOSE) live in the session's transaction block: the
// cursor's query runs on the block's transaction, one batch at a time as FETCH asks for
// rows, and every cursor closes when the block ends. As in PostgreSQL, ROLLBACK TO closes
// the cursors declared after the savepoint, but what FETCH did is not undone; a cursor whose
// query failed cannot be fetched from again.

// cursor is an open cursor: its running query and the part of a batch not yet fetched.
type cursor struct {
	decl   *planner.Statement
	rows   *rowsResult
	cancel context.CancelCauseFunc // ends the query; it outlives each FETCH's context
	held   arrow.Record            // the current batch, fetched up to off
	off    int64
	scroll *scrollRows // the rows read so far, for a SCROLL cursor (else nil)
	pos    int64       // the cursor's position (see scrollFetch)
	atEnd  bool        // a forward FETCH found no more rows
	// keepCap bounds the bytes kept by a cursor whose plan made it scrollable (0: none);
	// past it the cursor goes on forward only (stopKeeping), its next rows in pending.
	keepCap   int64
	pending   []arrow.Record
	demoted   bool
	text      string    // the query string that declared it, for pg_cursors
	created   time.Time // when it was declared, for pg_cursors
	committed bool      // a WITH HOLD cursor whose rows were read at COMMIT: it outlives blocks
	// level is the number of savepoints set when the cursor was declared.
	level int
	// failed marks a cursor whose query returned an error.
	failed bool
}

// lookupCursor is the planner's view of the open cursors.
func (s *Session) lookupCursor(name string) (*planner.Statement, bool) {
	c := s.cursors[name]
	if c == nil {
		return nil, false
	}
	return c.decl, true
}

// declareCursor runs DECLARE: it starts the query, whose rows FETCH then takes.
func (s *Session) declareCursor(st *planner.Statement, text string, params []scalar.Scalar) (Result, error) {
	name := st.Cursor.Name
	if s.txn == nil && !st.Cursor.Hold {
		return nil, pgerror.New(pgcode.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if s.cursors[name] != nil {
		return nil, s.statementError(pgerror.Newf(pgcode.DuplicateCursor, "cursor \"%s\" already exists", name))
	}
	// WITH HOLD outside a block: the statement's own transaction commits at once, so the
	// cursor's rows are read now.
	txn, implicit := s.begin()
	ctx, cancel := context.WithCancelCause(context.Background())
	ectx := s.newCtx(ctx, txn, implicit, params)
	op, err := executor.Open(ectx, st.Inner.Query)
	if err != nil {
		cancel(err)
		s.fail(txn, implicit)
		return nil, s.statementError(err)
	}
	c := &cursor{decl: st, cancel: cancel, level: len(s.savepoints), text: text, created: time.Now(),
		rows: &rowsResult{sess: s, ctx: ectx, op: op, cols: st.Inner.Result, txn: txn, implicit: implicit}}
	if st.Cursor.Scroll {
		c.scroll = &scrollRows{acct: ectx.Budget.NewAccount(budget.Buffer)}
		if st.Cursor.ScrollByPlan {
			c.keepCap, _ = s.settings.Bytes("work_mem")
		}
	}
	if implicit {
		// Reading to the end, or failing, ends the implicit transaction (rowsResult).
		if err := c.materialize(); err != nil {
			c.close()
			return nil, err
		}
	}
	if s.cursors == nil {
		s.cursors = map[string]*cursor{}
	}
	s.cursors[name] = c
	return tagOnly(st.Tag), nil
}

// next returns up to max rows of the cursor, io.EOF at its end. The record is the
// caller's to release.
func (c *cursor) next(max int64) (arrow.Record, error) {
	for c.held == nil || c.off == c.held.NumRows() {
		c.release()
		if len(c.pending) > 0 {
			c.held, c.pending = c.pending[0], c.pending[1:]
			continue
		}
		rec, err := c.rows.Next()
		if err != nil {
			c.failed = c.failed || !errors.Is(err, io.EOF)
			c.atEnd = errors.Is(err, io.EOF)
			return nil, err
		}
		rec.Retain()
		c.held = rec
	}
	n := min(max, c.held.NumRows()-c.off)
	out := c.held.NewSlice(c.off, c.off+n)
	c.off += n
	return out, nil
}

func (c *cursor) release() {
	if c.held != nil {
		c.held.Release()
		c.held, c.off = nil, 0
	}
}

func (c *cursor) close() {
	c.release()
	releaseAll(c.pending)
	c.pending = nil
	if c.scroll != nil {
		c.scroll.release()
	}
	c.rows.Close()
	c.cancel(context.Canceled)
}

// fetch runs FETCH (a Result streaming the rows) and MOVE (which skips them at once).
// A canceled FETCH cancels the cursor's query: the error aborts the block anyway.
func (s *Session) fetch(ctx context.Context, st *planner.Statement) (Result, error) {
	c := s.cursors[st.Cursor.Name]
	if c == nil {
		return nil, s.statementError(planner.ErrNoCursor(st.Cursor.Name))
	}
	if c.failed {
		return nil, s.statementError(pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "portal \"%s\" cannot be run", st.Cursor.Name))
	}
	stop := context.AfterFunc(ctx, func() { c.cancel(context.Cause(ctx)) })
	if c.forwardOnly() && c.goesBack(st.Cursor) {
		stop()
		return nil, s.statementError(errForwardOnly())
	}
	if c.scroll != nil {
		res, err := s.fetchScroll(c, st)
		if !errors.Is(err, errStoppedKeeping) {
			stop()
			return res, err
		}
		// The cursor no longer keeps its rows; the FETCH goes on forward.
		if c.goesBack(st.Cursor) {
			stop()
			return nil, s.statementError(errForwardOnly())
		}
	}
	count, err := c.forwardSkip(st.Cursor)
	if err != nil {
		stop()
		return nil, s.statementError(err)
	}
	r := &fetchResult{c: c, cols: st.Result, left: count, stop: stop}
	if !st.Cursor.Move {
		return r, nil
	}
	defer r.Close()
	if _, err := drain(r); err != nil {
		return nil, err
	}
	return tagOnly(fmt.Sprintf("MOVE %d", r.rows)), nil
}

// forwardSkip turns ABSOLUTE and RELATIVE on a cursor without SCROLL into rows to skip
// (skipped here) and a count to fetch; goesBack let through only those that go forward.
func (c *cursor) forwardSkip(op *planner.CursorOp) (int64, error) {
	var skip int64
	switch op.Direction {
	case planner.FetchAbsolute:
		if op.Count == 0 {
			return 0, nil // before the first row, where the cursor still is
		}
		skip = op.Count - c.pos - 1
	case planner.FetchRelative:
		if op.Count == 0 {
			return 0, nil // not on a row: nothing to refetch
		}
		skip = op.Count - 1
	default:
		return op.Count, nil
	}
	if skip > 0 {
		r := &fetchResult{c: c, left: skip, stop: func() bool { return true }}
		_, err := drain(r)
		r.Close()
		if err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// drain reads a fetch to its end.
func drain(r *fetchResult) (int64, error) {
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.rows, nil
		}
		if err != nil {
			return r.rows, err
		}
	}
}

// errForwardOnly is PostgreSQL's error for going back in a cursor declared without SCROLL.
func errForwardOnly() error {
	e := pgerror.New(pgcode.ObjectNotInPrerequisiteState, "cursor can only scan forward")
	e.Hint = "Declare it with SCROLL option to enable backward scan."
	return e
}

// fetchResult is the rows of one FETCH.
type fetchResult struct {
	c    *cursor
	cols []planner.Column
	left int64
	rows int64
	last arrow.Record
	stop func() bool
}

func (r *fetchResult) Columns() []planner.Column { return r.cols }

func (r *fetchResult) Next() (arrow.Record, error) {
	r.releaseLast()
	if r.left == 0 {
		return nil, io.EOF
	}
	rec, err := r.c.next(r.left)
	if err != nil {
		return nil, err
	}
	r.left -= rec.NumRows()
	r.rows += rec.NumRows()
	r.c.pos += rec.NumRows()
	r.last = rec
	return rec, nil
}

func (r *fetchResult) releaseLast() {
	if r.last != nil {
		r.last.Release()
		r.last = nil
	}
}

func (r *fetchResult) Tag() string { return fetchTag(r.rows) }

func fetchTag(rows int64) string { return fmt.Sprintf("FETCH %d", rows) }

// fetchScroll runs FETCH and MOVE on a SCROLL cursor.
func (s *Session) fetchScroll(c *cursor, st *planner.Statement) (Result, error) {
	recs, err := c.scrollFetch(st.Cursor)
	if errors.Is(err, errStoppedKeeping) {
		return nil, err
	}
	if err != nil {
		return nil, s.statementError(err)
	}
	var rows int64
	for _, r := range recs {
		rows += r.NumRows()
	}
	if st.Cursor.Move {
		releaseAll(recs)
		return tagOnly(fmt.Sprintf("MOVE %d", rows)), nil
	}
	if st.Cursor.Direction == planner.FetchBackward {
		if recs, err = reverseRows(recs); err != nil {
			return nil, s.statementError(err)
		}
	}
	return &listResult{cols: st.Result, recs: recs, rows: rows}, nil
}

func (r *fetchResult) Close() error {
	r.releaseLast()
	r.stop()
	return nil
}

// closeCursor runs CLOSE name | ALL.
func (s *Session) closeCursor(st *planner.Statement) (Result, error) {
	name := st.Cursor.Name
	if name == "" {
		s.closeCursors()
		return tagOnly(st.Tag), nil
	}
	c := s.cursors[name]
	if c == nil {
		return nil, s.statementError(planner.ErrNoCursor(name))
	}
	c.close()
	delete(s.cursors, name)
	return tagOnly(st.Tag), nil
}

// closeCursorsAfter closes the cursors declared after the first level savepoints were set,
// as ROLLBACK TO does.
func (s *Session) closeCursorsAfter(level int) {
	for name, c := range s.cursors {
		if c.level > level {
			c.close()
			delete(s.cursors, name)
		}
	}
}

// closeBlockCursors closes the cursors of the block, as its rollback does: only WITH HOLD
// cursors that an earlier COMMIT kept stay open.
func (s *Session) closeBlockCursors() {
	for name, c := range s.cursors {
		if !c.committed {
			c.close()
			delete(s.cursors, name)
		}
	}
}

// closeCursors closes every cursor, as CLOSE ALL and the end of the session do.
func (s *Session) closeCursors() {
	for name, c := range s.cursors {
		c.close()
		delete(s.cursors, name)
	}
}

// cursorRows lists the open cursors for pg_cursors, by name.
func (s *Session) cursorRows() []pgcatalog.Cursor {
	out := make([]pgcatalog.Cursor, 0, len(s.cursors))
	for name, c := range s.cursors {
		out = append(out, pgcatalog.Cursor{Name: name, Statement: c.text, Holdable: c.decl.Cursor.Hold, Binary: c.decl.Cursor.Binary, Scrollable: c.decl.Cursor.Scroll, Created: c.created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

package session

import (
	"errors"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
)

// A cursor goes backward only when it is scrollable: declared SCROLL, or declared without
// SCROLL or NO SCROLL over a plan PostgreSQL could run backward (planner.SupportsBackwardScan).
// Such a plan-scrollable cursor keeps its rows only while they fit in work_mem, where
// PostgreSQL would scan backward without keeping anything: past that it goes on forward
// only, and going back gets the error a cursor without SCROLL gets.
//
// Going back is judged as PostgreSQL's DoPortalRunFetch does, by where the cursor is: any
// FETCH or MOVE may be used as long as it ends up moving forward, so ABSOLUTE to a row ahead
// is allowed, MOVE 0 (which does not move) is too, and FETCH 0 refetches the current row by
// backing up one, which only a cursor sitting on a row does.

// errStoppedKeeping says a plan-scrollable cursor stopped keeping its rows in the middle of
// a FETCH, which then goes on forward.
var errStoppedKeeping = errors.New("cursor stopped keeping its rows")

// forwardOnly reports whether the cursor may only go forward.
func (c *cursor) forwardOnly() bool { return !c.decl.Cursor.Scroll || c.demoted }

// goesBack reports whether op would move the cursor backward from where it is.
func (c *cursor) goesBack(op *planner.CursorOp) bool {
	pos, atEnd := c.pos, c.atEnd
	if c.scroll != nil && c.pos > c.scroll.n {
		pos, atEnd = c.scroll.n, true // a kept cursor's position past its last row
	}
	switch op.Direction {
	case planner.FetchBackward:
		return true
	case planner.FetchRelative:
		if op.Count != 0 {
			return op.Count < 0
		}
		return !op.Move && pos > 0 && !atEnd
	case planner.FetchAbsolute:
		if op.Count < 0 {
			return true
		}
		if pos == 0 && !atEnd {
			return false // still before the first row: nothing to go back over
		}
		if atEnd {
			pos++
		}
		return op.Count <= pos
	}
	return false
}

// stopKeeping turns a plan-scrollable cursor whose rows no longer fit in work_mem into a
// forward-only one: the kept rows after its position, then rec (just read), are fetched
// next.
func (c *cursor) stopKeeping(rec arrow.Record) {
	sr := c.scroll
	if c.pos < sr.n {
		c.pending = sr.slice(c.pos, sr.n)
	}
	rec.Retain()
	c.pending = append(c.pending, rec)
	sr.release()
	c.scroll, c.keepCap, c.demoted = nil, 0, true
}

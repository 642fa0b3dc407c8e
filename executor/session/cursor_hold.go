package session

import (
	"context"
	"math"

	"github.com/pgfast/pgfast/executor/budget"
)

// Cursors WITH HOLD outlive the block that declared them: at its COMMIT their query runs
// to the end and the rows not yet fetched are kept (as a SCROLL cursor keeps its rows,
// within the memory budget), so later FETCHes need no transaction. A ROLLBACK of the
// declaring block closes them, as in PostgreSQL; a later block's ROLLBACK does not.

// holdCursors runs at COMMIT: it keeps the rows of the block's WITH HOLD cursors and
// closes its other cursors.
func (s *Session) holdCursors() error {
	for name, c := range s.cursors {
		switch {
		case c.committed:
		case c.decl.Cursor.Hold:
			if err := c.materialize(); err != nil {
				return err
			}
		default:
			c.close()
			delete(s.cursors, name)
		}
	}
	return nil
}

// materialize reads the rest of the cursor's rows and ends its query. A cursor without
// SCROLL keeps only the rows it has not fetched.
func (c *cursor) materialize() error {
	if c.failed {
		return nil // FETCH reports that it cannot run
	}
	// A WITH HOLD cursor keeps all its rows, within the memory budget.
	c.keepCap = 0
	if c.scroll == nil {
		// The kept rows are numbered on from those already fetched, so ABSOLUTE still
		// counts from the first row.
		c.scroll = &scrollRows{acct: c.rows.ctx.Budget.NewAccount(budget.Buffer), n: c.pos}
		if c.held != nil && c.off < c.held.NumRows() {
			rest := c.held.NewSlice(c.off, c.held.NumRows())
			err := c.scroll.keep(rest)
			rest.Release()
			if err != nil {
				return err
			}
		}
		c.release()
		for len(c.pending) > 0 {
			rec := c.pending[0]
			c.pending = c.pending[1:]
			err := c.scroll.keep(rec)
			rec.Release()
			if err != nil {
				return err
			}
		}
	}
	if err := c.load(math.MaxInt64); err != nil {
		return err
	}
	c.rows.Close()
	c.cancel(context.Canceled)
	c.committed, c.level = true, 0
	return nil
}

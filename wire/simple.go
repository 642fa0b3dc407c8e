package wire

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/planner"
)

// simpleQuery runs a Query message: every statement of the string in turn, each with its
// own RowDescription, rows and CommandComplete, stopping at the first error (several
// statements share an implicit transaction block); then ReadyForQuery. Statements are bound one at a time, just before they run, so a statement
// sees the tables an earlier one created.
func (c *conn) simpleQuery(sql string) {
	// A simple query ends the unnamed statement and portal, as in PostgreSQL.
	delete(c.stmts, "")
	if p := c.portals[""]; p != nil {
		p.close()
		delete(c.portals, "")
	}
	c.beginStatement(sql)
	if err := c.guard(func() error { return c.runSimple(sql) }); err != nil {
		c.sendError(err)
		c.afterError()
	}
	if c.dead == nil {
		c.readyForQuery()
	}
}

// implicitBlocks is implemented by sessions that run the statements of a multi-statement
// simple query in one implicit transaction block, as PostgreSQL does: they commit together
// when the query ends, and an error rolls back all of them.
type implicitBlocks interface {
	StartImplicitBlock()
	EndImplicitBlock() error
}

func (c *conn) runSimple(sql string) (err error) {
	parsed, err := c.sess.Parse(sql)
	if err != nil {
		return err
	}
	if ib, ok := c.sess.(implicitBlocks); ok && len(parsed) > 1 {
		ib.StartImplicitBlock()
		defer func() {
			if endErr := ib.EndImplicitBlock(); err == nil {
				err = endErr
			}
		}()
	}
	ran := false
	for _, ps := range parsed {
		prep, err := c.sess.Prepare(ps, nil)
		if err != nil {
			return err
		}
		if st := prep.Statement(); st == nil || st.Kind == planner.StmtEmpty {
			continue
		}
		ran = true
		p := c.newPortal("", &prepared{sql: sql, prep: prep}, nil, simpleFormats(prep.Statement()))
		err = c.execute(p, 0, true)
		p.close()
		c.collectParams()
		if err != nil {
			return err
		}
		if c.dead != nil {
			return c.dead
		}
	}
	if !ran {
		c.send(&pgproto3.EmptyQueryResponse{})
	}
	return nil
}

// simpleFormats returns the result formats of a statement run by a simple query: text,
// except FETCH from a BINARY cursor, whose rows are binary as in PostgreSQL.
func simpleFormats(st *planner.Statement) []int16 {
	if st.Kind == planner.StmtFetch && st.Cursor.Binary {
		return []int16{formatBinary}
	}
	return nil
}

package wire

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/planner"
)

// simpleQuery runs a Query message: every statement of the string in turn, each with its
// own RowDescription, rows and CommandComplete, stopping at the first error; then
// ReadyForQuery. Statements are bound one at a time, just before they run, so a statement
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

func (c *conn) runSimple(sql string) error {
	parsed, err := c.sess.Parse(sql)
	if err != nil {
		return err
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
		p := c.newPortal("", &prepared{sql: sql, prep: prep}, nil, nil)
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

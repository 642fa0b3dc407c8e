package wire

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// parse handles Parse: it binds the statement at once (so errors surface at Parse, as in
// PostgreSQL) and keeps it under its name; the unnamed statement is replaced.
func (c *conn) parse(m *pgproto3.Parse) error {
	if m.Name == "" {
		delete(c.stmts, "")
	} else if c.stmts[m.Name] != nil {
		return pgerror.Newf(pgcode.DuplicatePstatement, "prepared statement \"%s\" already exists", m.Name)
	}
	parsed, err := c.sess.Parse(m.Query)
	if err != nil {
		return err
	}
	if len(parsed) > 1 {
		return pgerror.New(pgcode.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	ps := &prepared{name: m.Name, sql: m.Query}
	if len(parsed) == 1 {
		oids := make([]types.OID, len(m.ParameterOIDs))
		for i, o := range m.ParameterOIDs {
			oids[i] = types.OID(o)
		}
		// The state is read before Prepare: a statement that fails to bind aborts the
		// block, and its own error (not 25P02) is what the client must see.
		wasFailed := c.sess.TxStatus() == TxFailed
		ps.prep, err = c.sess.Prepare(parsed[0], oids)
		if wasFailed && (err != nil || !endsTransaction(ps.stmt())) {
			// In a failed transaction only COMMIT and ROLLBACK [TO] may be prepared.
			return errInFailedTx
		}
		if err != nil {
			return err
		}
	}
	c.stmts[m.Name] = ps
	c.send(&pgproto3.ParseComplete{})
	return nil
}

// lookupStmt finds a prepared statement by name.
func (c *conn) lookupStmt(name string) (*prepared, error) {
	if ps := c.stmts[name]; ps != nil {
		return ps, nil
	}
	if name == "" {
		return nil, pgerror.New(pgcode.UndefinedPstatement, "unnamed prepared statement does not exist")
	}
	return nil, pgerror.Newf(pgcode.UndefinedPstatement, "prepared statement \"%s\" does not exist", name)
}

// bind handles Bind: it checks the counts, decodes the parameters and creates the portal.
// The statement itself starts at the first Execute.
func (c *conn) bind(m *pgproto3.Bind) error {
	ps, err := c.lookupStmt(m.PreparedStatement)
	if err != nil {
		return err
	}
	if nf := len(m.ParameterFormatCodes); nf > 1 && nf != len(m.Parameters) {
		return pgerror.Newf(pgcode.ProtocolViolation,
			"bind message has %d parameter formats but %d parameters", nf, len(m.Parameters))
	}
	want := 0
	if st := ps.stmt(); st != nil {
		want = len(st.Params)
	}
	if len(m.Parameters) != want {
		return pgerror.Newf(pgcode.ProtocolViolation,
			"bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
			len(m.Parameters), m.PreparedStatement, want)
	}
	if c.sess.TxStatus() == TxFailed && !endsTransaction(ps.stmt()) {
		return errInFailedTx
	}
	if m.DestinationPortal == "" {
		if old := c.portals[""]; old != nil {
			old.close()
			delete(c.portals, "")
		}
	} else if c.portals[m.DestinationPortal] != nil {
		return pgerror.Newf(pgcode.DuplicateCursor, "cursor \"%s\" already exists", m.DestinationPortal)
	}
	if err := checkFormats(m.ParameterFormatCodes); err != nil {
		return err
	}
	if err := checkFormats(m.ResultFormatCodes); err != nil {
		return err
	}
	p := c.newPortal(m.DestinationPortal, ps, nil, append([]int16(nil), m.ResultFormatCodes...))
	if !ps.empty() {
		// The values point into the connection's read buffer, which the next message
		// overwrites; the decoded parameters may keep referring to them.
		vals, err := c.sess.DecodeParams(ps.prep, m.ParameterFormatCodes, copyValues(m.Parameters))
		if err != nil {
			p.close()
			return err
		}
		p.params = vals
		if returnsRows(ps.stmt()) {
			if _, err := expandFormats(p.formats, len(ps.stmt().Result)); err != nil {
				p.close()
				return err
			}
		}
	}
	c.portals[m.DestinationPortal] = p
	c.send(&pgproto3.BindComplete{})
	return nil
}

// copyValues copies Bind's parameter values into one new allocation, keeping nil (NULL).
func copyValues(vals [][]byte) [][]byte {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	buf := make([]byte, 0, n)
	out := make([][]byte, len(vals))
	for i, v := range vals {
		if v == nil {
			continue
		}
		start := len(buf)
		buf = append(buf, v...)
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}

// describe handles Describe of a statement (parameter types, then the row shape with
// formats not yet known) or of a portal (the row shape in the portal's formats).
func (c *conn) describe(m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		ps, err := c.lookupStmt(m.Name)
		if err != nil {
			return err
		}
		st := ps.stmt()
		var oids []uint32
		if st != nil {
			oids = make([]uint32, len(st.Params))
			for i, t := range st.Params {
				oids[i] = uint32(t.OID)
			}
		}
		c.send(&pgproto3.ParameterDescription{ParameterOIDs: oids})
		if returnsRows(st) {
			c.send(rowDescription(st.Result, nil))
		} else {
			c.send(&pgproto3.NoData{})
		}
	case 'P':
		p := c.portals[m.Name]
		if p == nil {
			return pgerror.Newf(pgcode.InvalidCursorName, "portal \"%s\" does not exist", m.Name)
		}
		if p.state == portalFailed {
			return errInFailedTx
		}
		st := p.stmt.stmt()
		if !returnsRows(st) {
			c.send(&pgproto3.NoData{})
			return nil
		}
		formats, err := expandFormats(p.formats, len(st.Result))
		if err != nil {
			return err
		}
		c.send(rowDescription(st.Result, formats))
	default:
		return pgerror.Newf(pgcode.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType)
	}
	return nil
}

// executeMessage handles Execute.
func (c *conn) executeMessage(m *pgproto3.Execute) error {
	p := c.portals[m.Portal]
	if p == nil {
		if c.sess.TxStatus() == TxFailed {
			return errInFailedTx
		}
		return pgerror.Newf(pgcode.InvalidCursorName, "portal \"%s\" does not exist", m.Portal)
	}
	// The limit is a signed int32 on the wire, and anything <= 0 means no limit.
	maxRows := max(int(int32(m.MaxRows)), 0)
	c.beginStatement(p.stmt.sql)
	err := c.execute(p, maxRows, false)
	c.collectParams()
	return err
}

// closeMessage handles Close. Closing something that does not exist is not an error.
func (c *conn) closeMessage(m *pgproto3.Close) error {
	switch m.ObjectType {
	case 'S':
		delete(c.stmts, m.Name)
	case 'P':
		if p := c.portals[m.Name]; p != nil {
			p.close()
			delete(c.portals, m.Name)
		}
	default:
		return pgerror.Newf(pgcode.ProtocolViolation, "invalid CLOSE message subtype %d", m.ObjectType)
	}
	c.send(&pgproto3.CloseComplete{})
	return nil
}

// dropProtocolStmts applies SQL DEALLOCATE and DISCARD ALL to the statements of Parse,
// which share one namespace with PREPARE's in PostgreSQL (psycopg, for one, deallocates
// its protocol-level statements with SQL). It reports whether st is done; otherwise the
// session runs it too, for the statements of PREPARE and the rest of DISCARD ALL. The
// unnamed statement is not in the namespace, as in PostgreSQL.
func (c *conn) dropProtocolStmts(st *planner.Statement) bool {
	if c.sess.TxStatus() == TxFailed {
		return false // 25P02 from the session
	}
	// DISCARD ALL in a block is the session's error (25001).
	if st.Kind == planner.StmtDiscard && (st.SetName != "all" || c.sess.TxStatus() != TxIdle) {
		return false
	}
	if st.Kind == planner.StmtDeallocate && st.PrepName != "" {
		if c.stmts[st.PrepName] == nil {
			return false
		}
		delete(c.stmts, st.PrepName)
		return true
	}
	for name := range c.stmts {
		if name != "" {
			delete(c.stmts, name)
		}
	}
	return false
}

// endsTransaction reports whether st is COMMIT, ROLLBACK or ROLLBACK TO SAVEPOINT, the only
// statements accepted in a failed transaction block.
func endsTransaction(st *planner.Statement) bool {
	if st == nil {
		return false
	}
	switch st.Kind {
	case planner.StmtCommit, planner.StmtRollback, planner.StmtRollbackTo:
		return true
	}
	return false
}

package wire

import (
	"net"
	"time"

	"github.com/pgfast/pgfast/catalog"
)

// activity is what pg_stat_activity shows of a connection. The connection's goroutine
// writes it and other sessions read it, so it is guarded by conn.mu.
type activity struct {
	appName                            string
	state, query                       string
	queryStart, xactStart, stateChange time.Time
}

// beginStatement records that the statement sql starts running: a simple query's whole
// string, or the statement of the portal an Execute runs, as PostgreSQL shows them.
func (c *conn) beginStatement(sql string) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.act.query, c.act.queryStart = sql, now
	if c.act.xactStart.IsZero() {
		c.act.xactStart = now
	}
	if c.act.state != "active" {
		c.act.state, c.act.stateChange = "active", now
	}
}

// becomeIdle records that the connection waits for a command (it sends ReadyForQuery with
// status), and the application_name it reports, when that changed.
func (c *conn) becomeIdle(status TxStatus, reported map[string]string) {
	state := "idle"
	switch status {
	case TxActive:
		state = "idle in transaction"
	case TxFailed:
		state = "idle in transaction (aborted)"
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if name, ok := reported["application_name"]; ok {
		c.act.appName = name
	}
	if status != TxActive {
		// An aborted block shows no transaction start either, as in PostgreSQL.
		c.act.xactStart = time.Time{}
	}
	if c.act.state != state {
		c.act.state, c.act.stateChange = state, now
	}
}

// snapshot returns the connection's row of pg_stat_activity.
func (c *conn) snapshot() catalog.Activity {
	a := catalog.Activity{PID: int32(c.pid), User: c.user, Database: c.database, BackendStart: c.started}
	if addr, ok := c.nc.RemoteAddr().(*net.TCPAddr); ok {
		a.ClientAddr, a.ClientPort = addr.IP.String(), int32(addr.Port)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a.ApplicationName, a.State, a.Query = c.act.appName, c.act.state, c.act.query
	a.QueryStart, a.XactStart, a.StateChange = c.act.queryStart, c.act.xactStart, c.act.stateChange
	return a
}

// Activities implements catalog.Backend: the connections that finished their startup.
func (b backend) Activities() []catalog.Activity {
	b.srv.mu.Lock()
	conns := make([]*conn, 0, len(b.srv.keys))
	for _, c := range b.srv.keys {
		conns = append(conns, c)
	}
	b.srv.mu.Unlock()
	out := make([]catalog.Activity, 0, len(conns))
	for _, c := range conns {
		out = append(out, c.snapshot())
	}
	return out
}

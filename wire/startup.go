package wire

import (
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Request codes that take the place of a protocol version in the first packet.
const (
	cancelRequestCode = 80877102
	sslRequestCode    = 80877103
	gssRequestCode    = 80877104
)

// maxStartupLen is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
const maxStartupLen = 10000

// startupTimeout bounds the time a client may take to send its startup packet, as
// PostgreSQL's authentication_timeout does.
const startupTimeout = time.Minute

// startup reads the packets that open a connection: SSL and GSSAPI encryption requests
// (both declined), then a StartupMessage, or a CancelRequest. For a startup message it
// creates the session and sends authentication, parameters, the cancel key and the first
// ReadyForQuery; it returns whether the connection goes on to the message loop.
func (c *conn) startup() bool {
	c.nc.SetReadDeadline(time.Now().Add(startupTimeout))
	for declined := 0; ; declined++ {
		body, err := c.readStartupPacket()
		if err != nil {
			c.log.Debug("bad startup packet", "err", err)
			return false
		}
		code := binary.BigEndian.Uint32(body)
		switch code {
		case cancelRequestCode:
			var m pgproto3.CancelRequest
			if err := m.Decode(body); err != nil {
				c.log.Debug("bad cancel request", "err", err)
				return false
			}
			c.srv.cancelRequest(m.ProcessID, m.SecretKey)
			return false
		case sslRequestCode, gssRequestCode:
			// A client asks at most once for each kind of encryption.
			if declined >= 2 || len(body) != 4 {
				c.log.Debug("bad encryption request")
				return false
			}
			// As PostgreSQL, no TLS over a Unix-domain socket: it never leaves the machine.
			_, local := c.nc.(*net.UnixConn)
			if code == sslRequestCode && c.srv.tls != nil && !c.tls && !local {
				if _, err := c.nc.Write([]byte{'S'}); err != nil {
					return false
				}
				tc := tls.Server(c.nc, c.srv.tls)
				if err := tc.Handshake(); err != nil {
					c.log.Info("TLS handshake failed", "err", err)
					return false
				}
				c.nc, c.tls = tc, true
				continue
			}
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return false
			}
			continue
		}
		return c.startSession(code, body[4:])
	}
}

// readStartupPacket reads one length-prefixed packet of the startup phase straight from the
// socket: the message reader is not set up yet, so nothing is read ahead.
func (c *conn) readStartupPacket() ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(c.nc, hdr[:]); err != nil {
		return nil, err
	}
	n := int32(binary.BigEndian.Uint32(hdr[:]))
	if n < 8 || n > maxStartupLen {
		return nil, fmt.Errorf("invalid length of startup packet: %d", n)
	}
	body := make([]byte, n-4)
	if _, err := io.ReadFull(c.nc, body); err != nil {
		return nil, err
	}
	return body, nil
}

// startSession handles a StartupMessage with the given protocol version and parameter list.
func (c *conn) startSession(version uint32, raw []byte) bool {
	major, minor := version>>16, version&0xffff
	if major != 3 {
		c.fatal(pgerror.Newf(pgcode.FeatureNotSupported,
			"unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", major, minor))
		return false
	}
	params, unrecognized, err := parseStartupParams(raw)
	if err != nil {
		c.fatal(err)
		return false
	}
	if minor > 0 || len(unrecognized) > 0 {
		// A newer minor version or protocol options: offer 3.0, as PostgreSQL 15 does.
		c.send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 0, UnrecognizedOptions: unrecognized})
	}
	if params["user"] == "" {
		c.fatal(pgerror.New(pgcode.InvalidAuthorizationSpecification,
			"no PostgreSQL user name specified in startup packet"))
		return false
	}
	if params["database"] == "" {
		params["database"] = params["user"]
	}
	c.user, c.database = params["user"], params["database"]
	if c.srv.creds != nil {
		c.be = pgproto3.NewBackend(c.nc, c.nc)
		if err := c.authenticate(c.user); err != nil {
			c.log.Info("authentication failed", "user", c.user, "err", err)
			c.fatal(err)
			return false
		}
	}
	if c.srv.login != nil {
		if err := c.srv.login.CheckLogin(c.user); err != nil {
			c.log.Info("login refused", "user", c.user, "err", err)
			c.fatal(err)
			return false
		}
	}

	// Shutdown sets the flag before waking connections, so clearing the deadline first and
	// then checking the flag cannot miss a shutdown.
	c.nc.SetReadDeadline(time.Time{})
	if c.srv.closing.Load() {
		c.fatal(errAdminShutdown)
		return false
	}
	if err := c.guard(func() error { return c.newSession(params) }); err != nil {
		c.log.Info("session refused", "user", c.user, "database", c.database, "err", err)
		c.fatal(err)
		return false
	}
	c.srv.register(c)
	if bs, ok := c.sess.(backendSession); ok {
		bs.SetBackend(backend{srv: c.srv, pid: c.pid, c: c})
	}
	c.log = c.log.With("pid", c.pid)

	c.send(&pgproto3.AuthenticationOk{})
	status := c.sess.ParameterStatus()
	for _, name := range sortedNames(status) {
		c.send(&pgproto3.ParameterStatus{Name: name, Value: status[name]})
	}
	c.sess.TakeChangedParameters() // everything is reported just now
	c.send(&pgproto3.BackendKeyData{ProcessID: c.pid, SecretKey: c.secret})
	c.becomeIdle(c.sess.TxStatus(), status)
	c.send(&pgproto3.ReadyForQuery{TxStatus: byte(c.sess.TxStatus())})
	c.idle = true
	return c.flush() == nil
}

// newSession starts the connection's session, which the engine may refuse.
func (c *conn) newSession(params map[string]string) error {
	if ss, ok := c.srv.engine.(SessionStarter); ok {
		sess, err := ss.StartSession(params)
		if err != nil {
			return err
		}
		c.sess = sess
		return nil
	}
	c.sess = c.srv.engine.NewSession(params)
	return nil
}

// parseStartupParams decodes the name/value pairs of a StartupMessage. Names starting with
// "_pq_." are protocol options, none of which this server knows: they are returned apart to
// be listed in NegotiateProtocolVersion.
func parseStartupParams(b []byte) (params map[string]string, unrecognized []string, err error) {
	bad := pgerror.New(pgcode.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	params = map[string]string{}
	for {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			return nil, nil, bad
		}
		if i == 0 {
			if len(b) != 1 {
				return nil, nil, bad
			}
			return params, unrecognized, nil
		}
		name := string(b[:i])
		b = b[i+1:]
		j := bytes.IndexByte(b, 0)
		if j < 0 {
			return nil, nil, bad
		}
		if strings.HasPrefix(name, "_pq_.") {
			unrecognized = append(unrecognized, name)
		} else {
			params[name] = string(b[:j])
		}
		b = b[j+1:]
	}
}

// sortedNames returns the parameter names in the order PostgreSQL reports them:
// alphabetical, ignoring case.
func sortedNames(m map[string]string) []string {
	names := slices.Collect(maps.Keys(m))
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return names
}

package wire

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/catalog/types"
)

// testAppenders uses the real appenders of catalog/types where they exist, and otherwise
// minimal ones for the int4 and string columns of the fake session.
func testAppenders(t types.T, arr arrow.Array, s *types.IOSettings, format int16) (app types.Appender) {
	if real := realAppender(t, arr, s, format); real != nil {
		return real
	}
	switch a := arr.(type) {
	case *array.Int32:
		if format == formatBinary {
			return func(dst []byte, row int) []byte { return binary.BigEndian.AppendUint32(dst, uint32(a.Value(row))) }
		}
		return func(dst []byte, row int) []byte { return strconv.AppendInt(dst, int64(a.Value(row)), 10) }
	case *array.String:
		return func(dst []byte, row int) []byte { return append(dst, a.Value(row)...) }
	}
	panic(fmt.Sprintf("no test appender for %s", arr.DataType()))
}

func realAppender(t types.T, arr arrow.Array, s *types.IOSettings, format int16) (app types.Appender) {
	defer func() {
		if recover() != nil {
			app = nil
		}
	}()
	return typesAppender(t, arr, s, format)
}

type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// startServer serves eng on a loopback port; cleanup shuts the server down and checks that
// Serve returned nil and no connection is left.
func startServer(t *testing.T, eng Engine) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := NewServer(eng, WithLogger(log))
	srv.appenders = testAppenders
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve returned %v", err)
		}
		if n := srv.connCount(); n != 0 {
			t.Errorf("%d connections left after Shutdown", n)
		}
	})
	return srv, ln.Addr().String()
}

func (s *Server) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// client is a protocol-level test client.
type client struct {
	t      *testing.T
	nc     net.Conn
	fe     *pgproto3.Frontend
	pid    uint32
	secret []byte
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { nc.Close() })
	return &client{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
}

// connect dials and completes the startup; it returns the startup messages' summaries.
func connect(t *testing.T, addr string) (*client, []string) {
	t.Helper()
	c := dial(t, addr)
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": "tester", "application_name": "wire_test"}})
	return c, c.untilReady()
}

func (c *client) send(msgs ...pgproto3.FrontendMessage) {
	c.t.Helper()
	for _, m := range msgs {
		c.fe.Send(m)
	}
	if err := c.fe.Flush(); err != nil {
		c.t.Fatal(err)
	}
}

// untilReady reads messages up to and including ReadyForQuery.
func (c *client) untilReady() []string {
	c.t.Helper()
	var out []string
	for {
		m, err := c.fe.Receive()
		if err != nil {
			c.t.Fatalf("receive after %q: %v", out, err)
		}
		if k, ok := m.(*pgproto3.BackendKeyData); ok {
			c.pid, c.secret = k.ProcessID, append([]byte(nil), k.SecretKey...)
		}
		out = append(out, summarize(m))
		if _, ok := m.(*pgproto3.ReadyForQuery); ok {
			return out
		}
	}
}

// untilClosed reads messages until the server closes the connection.
func (c *client) untilClosed() []string {
	c.t.Helper()
	var out []string
	for {
		m, err := c.fe.Receive()
		if err != nil {
			if !isConnError(err) {
				c.t.Fatalf("receive after %q: %v", out, err)
			}
			return out
		}
		out = append(out, summarize(m))
	}
}

// summarize renders a backend message compactly for comparison in tables.
func summarize(m pgproto3.BackendMessage) string {
	switch m := m.(type) {
	case *pgproto3.AuthenticationOk:
		return "R ok"
	case *pgproto3.ParameterStatus:
		return "S " + m.Name + "=" + m.Value
	case *pgproto3.BackendKeyData:
		return "K"
	case *pgproto3.ReadyForQuery:
		return "Z " + string(m.TxStatus)
	case *pgproto3.RowDescription:
		parts := []string{"T"}
		for _, f := range m.Fields {
			parts = append(parts, fmt.Sprintf("%s:%d:%d", f.Name, f.DataTypeOID, f.Format))
		}
		return strings.Join(parts, " ")
	case *pgproto3.DataRow:
		vals := make([]string, len(m.Values))
		for i, v := range m.Values {
			switch {
			case v == nil:
				vals[i] = "NULL"
			case len(v) == 4 && v[0] == 0 && v[1] == 0:
				vals[i] = fmt.Sprintf("%x", v) // binary int4
			default:
				vals[i] = string(v)
			}
		}
		return "D " + strings.Join(vals, "|")
	case *pgproto3.CommandComplete:
		return "C " + string(m.CommandTag)
	case *pgproto3.EmptyQueryResponse:
		return "I"
	case *pgproto3.ErrorResponse:
		return fmt.Sprintf("E %s %s %s", m.Severity, m.Code, m.Message)
	case *pgproto3.ParseComplete:
		return "1"
	case *pgproto3.BindComplete:
		return "2"
	case *pgproto3.CloseComplete:
		return "3"
	case *pgproto3.NoData:
		return "n"
	case *pgproto3.PortalSuspended:
		return "s"
	case *pgproto3.ParameterDescription:
		return fmt.Sprintf("t %v", m.ParameterOIDs)
	case *pgproto3.CopyInResponse:
		return fmt.Sprintf("G %d %v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyOutResponse:
		return fmt.Sprintf("H %d %v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyData:
		return fmt.Sprintf("d %q", m.Data)
	case *pgproto3.CopyDone:
		return "c"
	case *pgproto3.NegotiateProtocolVersion:
		return fmt.Sprintf("v %d %v", m.NewestMinorProtocol, m.UnrecognizedOptions)
	}
	return fmt.Sprintf("%T", m)
}

// waitFor polls cond for up to 2 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

package wire

import (
	"context"
	"encoding/binary"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

func TestStartup(t *testing.T) {
	wantParams := []string{"R ok", "S client_encoding=UTF8", "S DateStyle=ISO, MDY",
		"S integer_datetimes=on", "S server_version=15.0", "S standard_conforming_strings=on",
		"S TimeZone=UTC", "K", "Z I"}
	tests := []struct {
		name    string
		pre     [][]byte // raw packets before the startup message, each answered 'N'
		version uint32
		params  map[string]string
		want    []string
	}{
		{name: "plain", version: pgproto3.ProtocolVersion30, params: map[string]string{"user": "u"}, want: wantParams},
		{name: "ssl request", pre: [][]byte{sslRequest}, version: pgproto3.ProtocolVersion30,
			params: map[string]string{"user": "u"}, want: wantParams},
		{name: "gss then ssl", pre: [][]byte{gssRequest, sslRequest}, version: pgproto3.ProtocolVersion30,
			params: map[string]string{"user": "u"}, want: wantParams},
		{name: "newer minor version", version: pgproto3.ProtocolVersion32,
			params: map[string]string{"user": "u", "_pq_.extension": "x"},
			want:   append([]string{"v 0 [_pq_.extension]"}, wantParams...)},
		{name: "old protocol", version: 2 << 16,
			params: map[string]string{"user": "u"},
			want:   []string{"E FATAL 0A000 unsupported frontend protocol 2.0: server supports 3.0 to 3.0"}},
		{name: "no user", version: pgproto3.ProtocolVersion30, params: map[string]string{"database": "d"},
			want: []string{"E FATAL 28000 no PostgreSQL user name specified in startup packet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			_, addr := startServer(t, eng)
			c := dial(t, addr)
			for _, pkt := range tt.pre {
				if _, err := c.nc.Write(pkt); err != nil {
					t.Fatal(err)
				}
				var b [1]byte
				if _, err := c.nc.Read(b[:]); err != nil || b[0] != 'N' {
					t.Fatalf("encryption request answered %q, %v", b, err)
				}
			}
			c.nc.Write(startupPacket(tt.version, tt.params))
			var got []string
			if strings.HasPrefix(tt.want[len(tt.want)-1], "E FATAL") {
				got = c.untilClosed()
			} else {
				got = c.untilReady()
				if c.pid == 0 || len(c.secret) != 4 {
					t.Errorf("BackendKeyData pid=%d secret=%x", c.pid, c.secret)
				}
				if got := eng.last().startup["database"]; got != "u" {
					t.Errorf("database defaults to %q, want the user name", got)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

var (
	sslRequest = binary.BigEndian.AppendUint32([]byte{0, 0, 0, 8}, sslRequestCode)
	gssRequest = binary.BigEndian.AppendUint32([]byte{0, 0, 0, 8}, gssRequestCode)
)

// startupPacket encodes a startup message by hand, so that versions pgproto3 refuses to
// encode can be sent.
func startupPacket(version uint32, params map[string]string) []byte {
	b := binary.BigEndian.AppendUint32(make([]byte, 4), version)
	for _, k := range sortedNames(params) {
		b = append(append(append(append(b, k...), 0), params[k]...), 0)
	}
	b = append(b, 0)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func TestSimpleQuery(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"rows across batches", "ints 4", []string{"T n:23:0", "D 1", "D 2", "D 3", "D 4", "C SELECT 4", "Z I"}},
		{"no rows", "ints 0", []string{"T n:23:0", "C SELECT 0", "Z I"}},
		{"nulls and text", "pairs", []string{"T id:23:0 name:1043:0", "D 1|alpha", "D 2|NULL", "D 3|gamma", "C SELECT 3", "Z I"}},
		{"multi statement", "insert; ints 1; show", []string{"C INSERT 0 1", "T n:23:0", "D 1", "C SELECT 1",
			"T x:23:0", "D 1", "D 2", "D 3", "D 4", "D 5", "C SHOW", "Z I"}},
		{"empty", "", []string{"I", "Z I"}},
		{"only semicolons", " ; ;", []string{"I", "Z I"}},
		{"trailing empty statement", "ints 1;;", []string{"T n:23:0", "D 1", "C SELECT 1", "Z I"}},
		{"error stops the string", "insert; fail; insert", []string{"C INSERT 0 1", "E ERROR 22012 division by zero", "Z I"}},
		{"bind error", "insert; nonsense", []string{"C INSERT 0 1", "E ERROR 42601 syntax error at or near \"nonsense\"", "Z I"}},
		{"transaction states", "begin; insert", []string{"C BEGIN", "C INSERT 0 1", "Z T"}},
		{"failed transaction", "begin; fail", []string{"C BEGIN", "E ERROR 22012 division by zero", "Z E"}},
		{"parameter status after the statements", "set TimeZone Europe/Paris; set TimeZone UTC; set DateStyle German",
			[]string{"C SET", "C SET", "C SET", "S DateStyle=German", "S TimeZone=UTC", "Z I"}},
		{"panic is an internal error", "panic", []string{"E ERROR XX000 internal error: fake panic", "Z I"}},
	}
	_, addr := startServer(t, &fakeEngine{})
	c, _ := connect(t, addr)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			c.send(&pgproto3.Query{String: tt.query})
			if got := c.untilReady(); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if strings.Contains(tt.name, "transaction") {
				c.send(&pgproto3.Query{String: "rollback"})
				c.untilReady()
			}
		})
	}
}

func TestErrorFields(t *testing.T) {
	_, addr := startServer(t, &fakeEngine{})
	c, _ := connect(t, addr)
	c.send(&pgproto3.Query{String: "fail"})
	m, err := c.fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	e, ok := m.(*pgproto3.ErrorResponse)
	if !ok {
		t.Fatalf("got %T, want ErrorResponse", m)
	}
	want := pgproto3.ErrorResponse{Severity: "ERROR", SeverityUnlocalized: "ERROR", Code: "22012",
		Message: "division by zero", Detail: "some detail", Hint: "some hint", Position: 8}
	if e.Severity != want.Severity || e.SeverityUnlocalized != want.SeverityUnlocalized || e.Code != want.Code ||
		e.Message != want.Message || e.Detail != want.Detail || e.Hint != want.Hint || e.Position != want.Position {
		t.Errorf("got %+v\nwant %+v", *e, want)
	}
	if got := c.untilReady(); !slices.Equal(got, []string{"Z I"}) {
		t.Errorf("after error: %q", got)
	}
}

func TestRowDescriptionFields(t *testing.T) {
	_, addr := startServer(t, &fakeEngine{})
	c, _ := connect(t, addr)
	c.send(&pgproto3.Query{String: "pairs"})
	m, err := c.fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	rd := m.(*pgproto3.RowDescription)
	want := []pgproto3.FieldDescription{
		{Name: []byte("id"), TableOID: 16384, TableAttributeNumber: 1, DataTypeOID: 23, DataTypeSize: 4, TypeModifier: -1},
		{Name: []byte("name"), TableOID: 16384, TableAttributeNumber: 2, DataTypeOID: 1043, DataTypeSize: -1, TypeModifier: 14},
	}
	if len(rd.Fields) != len(want) {
		t.Fatalf("got %d fields", len(rd.Fields))
	}
	for i := range want {
		g, w := rd.Fields[i], want[i]
		if string(g.Name) != string(w.Name) || g.TableOID != w.TableOID || g.TableAttributeNumber != w.TableAttributeNumber ||
			g.DataTypeOID != w.DataTypeOID || g.DataTypeSize != w.DataTypeSize || g.TypeModifier != w.TypeModifier || g.Format != 0 {
			t.Errorf("field %d: got %+v, want %+v", i, g, w)
		}
	}
	c.untilReady()
}

func TestExtendedProtocol(t *testing.T) {
	type step struct {
		send []pgproto3.FrontendMessage
		want []string
	}
	sync := &pgproto3.Sync{}
	tests := []struct {
		name  string
		steps []step
	}{
		{"unnamed statement and portal", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 2"}, &pgproto3.Describe{ObjectType: 'S'},
				&pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, sync},
			want: []string{"1", "t []", "T n:23:0", "2", "T n:23:0", "D 1", "D 2", "C SELECT 2", "Z I"},
		}}},
		{"row limits suspend the portal", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 7"}, &pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 2}, &pgproto3.Execute{MaxRows: 2}, &pgproto3.Execute{MaxRows: 2},
				&pgproto3.Execute{MaxRows: 2}, &pgproto3.Execute{MaxRows: 2}, sync},
			want: []string{"1", "2", "D 1", "D 2", "s", "D 3", "D 4", "s", "D 5", "D 6", "s", "D 7", "C SELECT 1",
				"C SELECT 0", "Z I"},
		}}},
		{"limit equal to the rows still suspends", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 3"}, &pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 3}, &pgproto3.Execute{MaxRows: 3}, sync},
			want: []string{"1", "2", "D 1", "D 2", "D 3", "s", "C SELECT 0", "Z I"},
		}}},
		{"unnamed portal ends at sync outside a transaction", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 3"}, &pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 1}, sync},
			want: []string{"1", "2", "D 1", "s", "Z I"},
		}, {
			send: []pgproto3.FrontendMessage{&pgproto3.Execute{}, sync},
			want: []string{"E ERROR 34000 portal \"\" does not exist", "Z I"},
		}, {
			// The unnamed statement outlives Sync.
			send: []pgproto3.FrontendMessage{&pgproto3.Bind{}, &pgproto3.Execute{}, sync},
			want: []string{"2", "D 1", "D 2", "D 3", "C SELECT 3", "Z I"},
		}}},
		{"named statements and portals in a transaction", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "begin"}},
			want: []string{"C BEGIN", "Z T"},
		}, {
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Name: "s1", Query: "ints 5"},
				&pgproto3.Bind{PreparedStatement: "s1", DestinationPortal: "p1"},
				&pgproto3.Bind{PreparedStatement: "s1", DestinationPortal: "p2"},
				&pgproto3.Execute{Portal: "p1", MaxRows: 4}, &pgproto3.Execute{Portal: "p2", MaxRows: 1}, sync},
			want: []string{"1", "2", "2", "D 1", "D 2", "D 3", "D 4", "s", "D 1", "s", "Z T"},
		}, {
			// Portals survive Sync and simple queries inside the transaction.
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "insert"}},
			want: []string{"C INSERT 0 1", "Z T"},
		}, {
			send: []pgproto3.FrontendMessage{&pgproto3.Execute{Portal: "p1"}, &pgproto3.Close{ObjectType: 'P', Name: "p2"},
				&pgproto3.Execute{Portal: "p2"}, sync},
			want: []string{"D 5", "C SELECT 1", "3", "E ERROR 34000 portal \"p2\" does not exist", "Z T"},
		}, {
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "commit"}},
			want: []string{"C COMMIT", "Z I"},
		}, {
			// The statement outlives the transaction; its portals do not.
			send: []pgproto3.FrontendMessage{&pgproto3.Execute{Portal: "p1"}, sync,
				&pgproto3.Bind{PreparedStatement: "s1", DestinationPortal: "p1"}, &pgproto3.Execute{Portal: "p1", MaxRows: 1},
				&pgproto3.Close{ObjectType: 'S', Name: "s1"}, &pgproto3.Bind{PreparedStatement: "s1"}, sync},
			want: []string{"E ERROR 34000 portal \"p1\" does not exist", "Z I", "2", "D 1", "s", "3",
				"E ERROR 26000 prepared statement \"s1\" does not exist", "Z I"},
		}}},
		{"errors skip to sync", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "fail"}, &pgproto3.Bind{}, &pgproto3.Execute{},
				&pgproto3.Parse{Query: "ints 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}, sync,
				&pgproto3.Parse{Query: "ints 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}, sync},
			want: []string{"1", "2", "E ERROR 22012 division by zero", "Z I", "1", "2", "D 1", "C SELECT 1", "Z I"},
		}}},
		{"parse errors", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 1; ints 2"}, sync,
				&pgproto3.Parse{Name: "a", Query: "ints 1"}, &pgproto3.Parse{Name: "a", Query: "ints 1"}, sync,
				&pgproto3.Parse{Query: "bogus"}, sync},
			want: []string{"E ERROR 42601 cannot insert multiple commands into a prepared statement", "Z I",
				"1", "E ERROR 42P05 prepared statement \"a\" already exists", "Z I",
				"E ERROR 42601 syntax error at or near \"bogus\"", "Z I"},
		}}},
		{"bind errors", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "nope"}, sync,
				&pgproto3.Parse{Name: "e", Query: "echo $1"}, &pgproto3.Bind{PreparedStatement: "e"}, sync,
				&pgproto3.Bind{PreparedStatement: "e", Parameters: [][]byte{[]byte("x")}}, sync,
				&pgproto3.Bind{PreparedStatement: "e", Parameters: [][]byte{[]byte("1")}, ResultFormatCodes: []int16{0, 0}}, sync,
				&pgproto3.Bind{PreparedStatement: "e", Parameters: [][]byte{[]byte("1")}, ResultFormatCodes: []int16{2}}, sync,
				&pgproto3.Bind{DestinationPortal: "x", PreparedStatement: "e", Parameters: [][]byte{[]byte("1")}},
				&pgproto3.Bind{DestinationPortal: "x", PreparedStatement: "e", Parameters: [][]byte{[]byte("1")}}, sync},
			want: []string{"E ERROR 26000 prepared statement \"nope\" does not exist", "Z I",
				"1", "E ERROR 08P01 bind message supplies 0 parameters, but prepared statement \"e\" requires 1", "Z I",
				"E ERROR 22P02 invalid input syntax for type integer: \"x\"", "Z I",
				"E ERROR 08P01 bind message has 2 result formats but query has 1 columns", "Z I",
				"E ERROR 22023 unsupported format code: 2", "Z I",
				"2", "E ERROR 42P03 cursor \"x\" already exists", "Z I"},
		}}},
		{"parameters and binary results", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Name: "e", Query: "echo $1", ParameterOIDs: []uint32{23}},
				&pgproto3.Describe{ObjectType: 'S', Name: "e"},
				&pgproto3.Bind{PreparedStatement: "e", Parameters: [][]byte{[]byte("42")}},
				&pgproto3.Execute{},
				&pgproto3.Bind{PreparedStatement: "e", ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 1, 0}},
					ResultFormatCodes: []int16{1}},
				&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{},
				&pgproto3.Bind{PreparedStatement: "e", Parameters: [][]byte{nil}}, &pgproto3.Execute{}, sync},
			want: []string{"1", "t [23]", "T echo:23:0", "2", "D 42", "C SELECT 1",
				"2", "T echo:23:1", "D 00000100", "C SELECT 1", "2", "D NULL", "C SELECT 1", "Z I"},
		}}},
		{"empty statement", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Name: "", Query: ""}, &pgproto3.Describe{ObjectType: 'S'},
				&pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, sync},
			want: []string{"1", "t []", "n", "2", "n", "I", "Z I"},
		}}},
		{"statements without rows", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "insert"}, &pgproto3.Describe{ObjectType: 'S'},
				&pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Execute{}, sync},
			want: []string{"1", "t []", "n", "2", "C INSERT 0 1", "E ERROR 55000 portal \"\" cannot be run", "Z I"},
		}}},
		{"close of unknown objects", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Close{ObjectType: 'S', Name: "zz"},
				&pgproto3.Close{ObjectType: 'P', Name: "zz"}, sync},
			want: []string{"3", "3", "Z I"},
		}}},
		{"flush sends pending output", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "ints 1"}, &pgproto3.Flush{}},
			want: []string{"1"},
		}, {
			send: []pgproto3.FrontendMessage{sync},
			want: []string{"Z I"},
		}}},
		{"failed transaction keeps portals unusable", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "begin"}, &pgproto3.Parse{Name: "s", Query: "ints 3"},
				&pgproto3.Bind{PreparedStatement: "s", DestinationPortal: "p"}, &pgproto3.Execute{Portal: "p", MaxRows: 1}, sync,
				&pgproto3.Query{String: "fail"}, &pgproto3.Execute{Portal: "p"}, sync,
				&pgproto3.Parse{Query: "ints 1"}, sync, &pgproto3.Query{String: "rollback"}},
			want: []string{"C BEGIN", "Z T", "1", "2", "D 1", "s", "Z T",
				"E ERROR 22012 division by zero", "Z E",
				"E ERROR 25P02 current transaction is aborted, commands ignored until end of transaction block", "Z E",
				"E ERROR 25P02 current transaction is aborted, commands ignored until end of transaction block", "Z E",
				"C ROLLBACK", "Z I"},
		}}},
		{"error at parse in a transaction block is its own", []step{{
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "begin"}, &pgproto3.Parse{Query: "bogus"}, sync,
				&pgproto3.Parse{Query: "ints 1"}, sync, &pgproto3.Query{String: "rollback"}},
			want: []string{"C BEGIN", "Z T",
				"E ERROR 42601 syntax error at or near \"bogus\"", "Z E",
				"E ERROR 25P02 current transaction is aborted, commands ignored until end of transaction block", "Z E",
				"C ROLLBACK", "Z I"},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := startServer(t, &fakeEngine{})
			c, _ := connect(t, addr)
			for i, s := range tt.steps {
				c.send(s.send...)
				var got []string
				for len(got) < len(s.want) {
					m, err := c.fe.Receive()
					if err != nil {
						t.Fatalf("step %d: after %q: %v", i, got, err)
					}
					got = append(got, summarize(m))
				}
				if !slices.Equal(got, s.want) {
					t.Errorf("step %d:\ngot  %q\nwant %q", i, got, s.want)
				}
			}
		})
	}
}

func TestCopy(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		data   []pgproto3.FrontendMessage
		want   []string
		copied string
	}{
		{"copy in", "copy in", []pgproto3.FrontendMessage{&pgproto3.CopyData{Data: []byte("1\ta\n2\t")},
			&pgproto3.CopyData{Data: []byte("b\n")}, &pgproto3.CopyDone{}},
			[]string{"G 0 [0 0]", "C COPY 2", "Z I"}, "1\ta\n2\tb\n"},
		{"copy in binary", "copy in binary", []pgproto3.FrontendMessage{&pgproto3.CopyData{Data: []byte("PGCOPY")},
			&pgproto3.CopyDone{}},
			[]string{"G 1 [1 1]", "C COPY 6", "Z I"}, "PGCOPY"},
		{"copy fail", "copy in", []pgproto3.FrontendMessage{&pgproto3.CopyData{Data: []byte("1\ta\n")},
			&pgproto3.CopyFail{Message: "boom"}},
			[]string{"G 0 [0 0]", "E ERROR 57014 COPY from stdin failed: boom", "Z I"}, "1\ta\n"},
		{"sync and flush are ignored in copy", "copy in", []pgproto3.FrontendMessage{&pgproto3.Flush{},
			&pgproto3.CopyData{Data: []byte("x\n")}, &pgproto3.Sync{}, &pgproto3.CopyDone{}},
			[]string{"G 0 [0 0]", "C COPY 1", "Z I"}, "x\n"},
		{"other messages break the copy", "copy in", []pgproto3.FrontendMessage{&pgproto3.Query{String: "x"}},
			[]string{"G 0 [0 0]", "E ERROR 08P01 unexpected message type 0x51 during COPY from stdin", "Z I"}, ""},
		{"copy out", "copy out", nil,
			[]string{"H 0 [0 0]", "d \"1\\tone\\n\"", "d \"2\\ttwo\\n\"", "c", "C COPY 2", "Z I"}, ""},
		{"copy then more statements", "copy out; ints 1", nil,
			[]string{"H 0 [0 0]", "d \"1\\tone\\n\"", "d \"2\\ttwo\\n\"", "c", "C COPY 2", "T n:23:0", "D 1", "C SELECT 1", "Z I"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			_, addr := startServer(t, eng)
			c, _ := connect(t, addr)
			c.send(&pgproto3.Query{String: tt.query})
			if tt.data != nil {
				m, err := c.fe.Receive()
				if err != nil {
					t.Fatal(err)
				}
				if got := summarize(m); got != tt.want[0] {
					t.Fatalf("got %q, want %q", got, tt.want[0])
				}
				c.send(tt.data...)
				tt.want = tt.want[1:]
			}
			if got := c.untilReady(); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if got := eng.last().copied.String(); got != tt.copied {
				t.Errorf("copied %q, want %q", got, tt.copied)
			}
			// The connection is still in step.
			c.send(&pgproto3.Query{String: "ints 1"})
			if got := c.untilReady(); !slices.Equal(got, []string{"T n:23:0", "D 1", "C SELECT 1", "Z I"}) {
				t.Errorf("next query: %q", got)
			}
		})
	}
}

func TestCancelRequest(t *testing.T) {
	tests := []struct {
		name     string
		extended bool
		badKey   bool
	}{
		{name: "simple"}, {name: "extended", extended: true}, {name: "wrong key", badKey: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			_, addr := startServer(t, eng)
			c, _ := connect(t, addr)
			if tt.extended {
				c.send(&pgproto3.Parse{Query: "slow"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
			} else {
				c.send(&pgproto3.Query{String: "slow"})
			}
			waitFor(t, "statement to start", func() bool { return len(eng.sessions) == 1 && eng.last().resOpen.Load() == 1 })

			start := time.Now()
			cc := dial(t, addr)
			secret := c.secret
			if tt.badKey {
				secret = []byte{^secret[0], secret[1], secret[2], secret[3]}
			}
			cc.send(&pgproto3.CancelRequest{ProcessID: c.pid, SecretKey: secret})
			if got := cc.untilClosed(); len(got) != 0 {
				t.Errorf("cancel connection got %q, want no reply", got)
			}
			if tt.badKey {
				time.Sleep(100 * time.Millisecond)
				if eng.last().resOpen.Load() != 1 {
					t.Fatal("wrong key cancelled the statement")
				}
				// Clean up with the right key.
				cc = dial(t, addr)
				cc.send(&pgproto3.CancelRequest{ProcessID: c.pid, SecretKey: c.secret})
			}
			c.nc.SetDeadline(time.Now().Add(time.Second))
			want := []string{"T n:23:0", "E ERROR 57014 canceling statement due to user request", "Z I"}
			if tt.extended {
				want = []string{"1", "2", "E ERROR 57014 canceling statement due to user request", "Z I"}
			}
			if got := c.untilReady(); !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("cancel took %v", d)
			}
			if n := eng.last().resOpen.Load(); n != 0 {
				t.Errorf("%d results left open", n)
			}
		})
	}
}

// TestStatementTimeout checks that statement_timeout cancels a statement with 57014, in
// the simple and extended protocols, and leaves the connection usable.
func TestStatementTimeout(t *testing.T) {
	for _, extended := range []bool{false, true} {
		eng := &fakeEngine{}
		_, addr := startServer(t, eng)
		c, _ := connect(t, addr)
		c.send(&pgproto3.Query{String: "set statement_timeout 50ms"})
		c.untilReady()
		want := []string{"T n:23:0", "E ERROR 57014 canceling statement due to statement timeout", "Z I"}
		if extended {
			c.send(&pgproto3.Parse{Query: "slow"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
			want = []string{"1", "2", "E ERROR 57014 canceling statement due to statement timeout", "Z I"}
		} else {
			c.send(&pgproto3.Query{String: "slow"})
		}
		if got := c.untilReady(); !slices.Equal(got, want) {
			t.Errorf("extended %v: got %q, want %q", extended, got, want)
		}
		if n := eng.last().resOpen.Load(); n != 0 {
			t.Errorf("%d results left open", n)
		}
		c.send(&pgproto3.Query{String: "ints 2"})
		if got := c.untilReady(); len(got) != 5 || got[3] != "C SELECT 2" {
			t.Errorf("after the timeout: %q", got)
		}
	}
}

// TestIdleTimeouts checks that a connection idle in a transaction block past
// idle_in_transaction_session_timeout, or idle outside one past idle_session_timeout, ends
// with PostgreSQL's FATAL error, and that the timeouts do not apply to the other state.
func TestIdleTimeouts(t *testing.T) {
	tests := []struct {
		name, set, begin, want string
	}{
		{"in transaction", "set idle_in_transaction_session_timeout 50ms", "begin",
			"E FATAL 25P03 terminating connection due to idle-in-transaction timeout"},
		{"session", "set idle_in_transaction_session_timeout 10ms; set idle_session_timeout 50ms", "",
			"E FATAL 57P05 terminating connection due to idle-session timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{}
			srv, addr := startServer(t, eng)
			c, _ := connect(t, addr)
			c.send(&pgproto3.Query{String: tt.set})
			c.untilReady()
			if tt.begin != "" {
				// Outside a block, the in-transaction timeout does not apply.
				time.Sleep(100 * time.Millisecond)
				c.send(&pgproto3.Query{String: tt.begin})
				c.untilReady()
			}
			if got := c.untilClosed(); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			waitFor(t, "session close", func() bool { return eng.last().closed.Load() })
			waitFor(t, "connection end", func() bool { return srv.connCount() == 0 })
		})
	}
}

func TestDisconnectCleanup(t *testing.T) {
	tests := []struct {
		name string
		send []pgproto3.FrontendMessage
	}{
		{"mid-result simple", []pgproto3.FrontendMessage{&pgproto3.Query{String: "infinite"}}},
		{"suspended portal", []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "infinite"}, &pgproto3.Bind{},
			&pgproto3.Execute{MaxRows: 5}, &pgproto3.Sync{}}},
		{"blocked statement", []pgproto3.FrontendMessage{&pgproto3.Query{String: "slow"}}},
		{"in copy", []pgproto3.FrontendMessage{&pgproto3.Query{String: "copy in"}, &pgproto3.CopyData{Data: []byte("1\n")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{batch: 1000}
			srv, addr := startServer(t, eng)
			c, _ := connect(t, addr)
			c.send(tt.send...)
			if tt.name == "blocked statement" {
				waitFor(t, "statement to start", func() bool { return eng.last().resOpen.Load() == 1 })
			} else if _, err := c.fe.Receive(); err != nil {
				t.Fatal(err)
			}
			c.nc.Close()
			if tt.name == "blocked statement" {
				// Nothing tells the server the client left while the statement produces no
				// output (as in PostgreSQL); shutting down ends it.
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				srv.Shutdown(ctx)
			}
			s := eng.last()
			waitFor(t, "session close", func() bool { return s.closed.Load() })
			waitFor(t, "connection end", func() bool { return srv.connCount() == 0 })
			if n := s.resOpen.Load(); n != 0 {
				t.Errorf("%d results left open", n)
			}
		})
	}
}

func TestShutdown(t *testing.T) {
	eng := &fakeEngine{}
	srv, addr := startServer(t, eng)
	idle, _ := connect(t, addr)
	busy, _ := connect(t, addr)
	busy.send(&pgproto3.Query{String: "slow"})
	waitFor(t, "statement to start", func() bool { return eng.sessions[1].resOpen.Load() == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	fatal := "E FATAL 57P01 terminating connection due to administrator command"
	if got := idle.untilClosed(); !slices.Equal(got, []string{fatal}) {
		t.Errorf("idle connection got %q", got)
	}
	if got := busy.untilClosed(); !slices.Equal(got, []string{"T n:23:0", fatal}) {
		t.Errorf("busy connection got %q", got)
	}
	for i, s := range eng.sessions {
		if !s.closed.Load() {
			t.Errorf("session %d not closed", i)
		}
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("server still accepts connections")
	}
}

func TestProtocolViolation(t *testing.T) {
	_, addr := startServer(t, &fakeEngine{})
	c, _ := connect(t, addr)
	c.nc.Write([]byte{'?', 0, 0, 0, 4})
	got := c.untilClosed()
	if len(got) != 1 || !strings.HasPrefix(got[0], "E FATAL 08P01 ") {
		t.Errorf("got %q, want a FATAL protocol violation", got)
	}
}

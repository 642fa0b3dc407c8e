package regress

import (
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// clientEndpoint is where a client other than pgx connects: a TCP host and port, the role
// and its password, and the database. Drivers such as JDBC cannot reach a Unix socket, so a
// server known by its socket (the reference PostgreSQL of CI listens on one only) is reached
// through a TCP relay the test runs.
type clientEndpoint struct {
	host, port, user, password, database string
}

// clientEndpointOf turns a postgres:// URL into a TCP endpoint, starting a relay to the
// server's Unix socket when the URL names one (host=/dir).
func clientEndpointOf(t *testing.T, rawURL string) clientEndpoint {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	e := clientEndpoint{host: u.Hostname(), port: u.Port(), user: u.User.Username(), database: strings.TrimPrefix(u.Path, "/")}
	e.password, _ = u.User.Password()
	if h := q.Get("host"); h != "" {
		e.host = h
	}
	if p := q.Get("port"); p != "" {
		e.port = p
	}
	if e.port == "" {
		e.port = "5432"
	}
	if e.user == "" {
		e.user = "postgres"
	}
	if e.database == "" {
		e.database = e.user
	}
	if strings.HasPrefix(e.host, "/") {
		e.host, e.port = relayToSocket(t, filepath.Join(e.host, ".s.PGSQL."+e.port))
	}
	return e
}

// relayToSocket listens on a local TCP port and copies each connection to and from the Unix
// socket at path, until the test ends.
func relayToSocket(t *testing.T, path string) (host, port string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("unix", path)
			if err != nil {
				client.Close()
				continue
			}
			wg.Add(2)
			go pipe(&wg, server, client)
			go pipe(&wg, client, server)
		}
	}()
	addr := ln.Addr().(*net.TCPAddr)
	return addr.IP.String(), strconv.Itoa(addr.Port)
}

// pipe copies from src to dst and then closes both, which ends the copy the other way.
func pipe(wg *sync.WaitGroup, dst, src net.Conn) {
	defer wg.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// compareWithExpected checks a client program's output against its expected file, which
// holds PostgreSQL 15's output of the same program: run with -target and -update to rewrite
// it from a PostgreSQL server.
func compareWithExpected(t *testing.T, expectedPath, output string) {
	t.Helper()
	if *updateFlag {
		if *targetFlag == "" {
			t.Fatalf("-update needs -target: %s holds PostgreSQL's output", expectedPath)
		}
		if err := os.WriteFile(expectedPath, []byte(output), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(expectedPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if changed, diff := Diff(expectedPath, string(want), "output", output); changed != 0 {
		t.Errorf("%d lines differ from PostgreSQL's:\n%s", changed, diff)
	}
}

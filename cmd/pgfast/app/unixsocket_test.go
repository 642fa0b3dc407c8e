package app_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
)

// shortTempDir is a temporary directory with a path short enough for a socket name (Unix
// limits socket paths to about a hundred bytes; a test's TempDir can be longer).
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgfsock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// TestUnixSocket checks listening on a Unix-domain socket as PostgreSQL does: the socket
// .s.PGSQL.<port> and its lock file in the directory, pgx and psql connecting with the
// directory as host, pg_stat_activity showing no client address and port -1, TLS declined
// on the socket, and both files removed at shutdown.
func TestUnixSocket(t *testing.T) {
	dir := shortTempDir(t)
	a := startWith(t, app.Config{SocketDirs: []string{dir}})
	port := a.Addr().(*net.TCPAddr).Port
	sock := filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%d", port))
	if fi, err := os.Stat(sock); err != nil || fi.Mode().Type() != os.ModeSocket {
		t.Fatalf("socket file %s: %v, %v", sock, fi, err)
	}
	lock, err := os.ReadFile(sock + ".lock")
	if err != nil {
		t.Fatalf("lock file: %v", err)
	}
	if pid, _, _ := strings.Cut(string(lock), "\n"); pid != strconv.Itoa(os.Getpid()) {
		t.Errorf("lock file holds %q, want the process ID %d first", lock, os.Getpid())
	}

	conn, err := pgx.Connect(t.Context(), fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres", dir, port))
	if err != nil {
		t.Fatalf("connect over the socket: %v", err)
	}
	defer conn.Close(t.Context())
	var addr *string
	var clientPort int
	if err := conn.QueryRow(t.Context(),
		"SELECT client_addr, client_port FROM pg_stat_activity WHERE pid = pg_backend_pid()").Scan(&addr, &clientPort); err != nil {
		t.Fatal(err)
	}
	if addr != nil || clientPort != -1 {
		t.Errorf("pg_stat_activity shows client_addr %v, client_port %d; want NULL and -1", addr, clientPort)
	}

	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql not found: %v", err)
	}
	out, err := exec.Command(psql, "-X", "-At", "-h", dir, "-p", strconv.Itoa(port), "-U", "postgres", "-d", "postgres",
		"-c", "SELECT 'socket works'").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "socket works" {
		t.Fatalf("psql over the socket: %v: %s", err, out)
	}

	conn.Close(t.Context())
	if err := a.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, f := range []string{sock, sock + ".lock"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s after shutdown: %v, want it removed", f, err)
		}
	}
}

// TestUnixSocketDeclinesTLS checks that an SSLRequest on the socket is answered 'N' even
// when the server has a certificate, as PostgreSQL answers it there.
func TestUnixSocketDeclinesTLS(t *testing.T) {
	dir := shortTempDir(t)
	a := startWith(t, app.Config{SocketDirs: []string{dir}, TLS: &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}})
	nc, err := net.Dial("unix", filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%d", a.Addr().(*net.TCPAddr).Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	// SSLRequest: length 8, code 80877103.
	if _, err := nc.Write([]byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}); err != nil {
		t.Fatal(err)
	}
	reply := make([]byte, 1)
	if _, err := io.ReadFull(nc, reply); err != nil {
		t.Fatal(err)
	}
	if reply[0] != 'N' {
		t.Errorf("SSLRequest over the socket answered %q, want 'N'", reply)
	}
}

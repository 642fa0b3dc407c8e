package app_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
	"github.com/pgfast/pgfast/wire"
)

// selfSigned makes a TLS certificate for 127.0.0.1.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pgfast test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func startWith(t *testing.T, cfg app.Config) *app.App {
	t.Helper()
	cfg.Listen, cfg.DataDir = "127.0.0.1:0", t.TempDir()
	a, err := app.Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func dial(t *testing.T, a *app.App, userinfo, sslmode string) (*pgx.Conn, error) {
	t.Helper()
	url := fmt.Sprintf("postgres://%s@%s/postgres?sslmode=%s", userinfo, a.Addr(), sslmode)
	conn, err := pgx.Connect(t.Context(), url)
	if err == nil {
		t.Cleanup(func() { conn.Close(t.Context()) })
	}
	return conn, err
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// TestSCRAM checks password authentication with SCRAM-SHA-256: the right password gets in,
// a wrong one or an unknown user get 28P01 with PostgreSQL's message.
func TestSCRAM(t *testing.T) {
	secret, err := wire.NewSCRAMSecret("s3cret")
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := wire.ParseSCRAMSecret(secret.String())
	if err != nil || parsed.String() != secret.String() {
		t.Fatalf("secret round trip: %v %v", parsed, err)
	}
	a := startWith(t, app.Config{Credentials: wire.CredentialsMap{"alice": secret}})
	conn, err := dial(t, a, "alice:s3cret", "disable")
	if err != nil {
		t.Fatalf("right password: %v", err)
	}
	var one int
	if err := conn.QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("query after auth: %v", err)
	}
	for _, who := range []string{"alice:wrong", "bob:s3cret", "alice"} {
		_, err := dial(t, a, who, "disable")
		if sqlState(err) != "28P01" || !strings.Contains(err.Error(), "password authentication failed for user") {
			t.Errorf("%s: got %v, want 28P01", who, err)
		}
	}
}

// TestTLS checks that SSLRequest is accepted when a certificate is configured and the
// session then runs over TLS, with pgx and with psql.
func TestTLS(t *testing.T) {
	a := startWith(t, app.Config{TLS: &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}})
	conn, err := dial(t, a, "postgres", "require")
	if err != nil {
		t.Fatalf("sslmode=require: %v", err)
	}
	if _, ok := conn.PgConn().Conn().(*tls.Conn); !ok {
		t.Fatalf("connection is %T, not TLS", conn.PgConn().Conn())
	}
	if _, err := dial(t, a, "postgres", "disable"); err != nil {
		t.Fatalf("plain connections still work: %v", err)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql not found: %v", err)
	}
	host, port, _ := net.SplitHostPort(a.Addr().String())
	cmd := exec.Command(psql, "-X", "-At", "-h", host, "-p", port, "-U", "postgres", "-d", "postgres",
		"-c", "SELECT 'tls works'")
	cmd.Env = append(os.Environ(), "PGSSLMODE=require", "PGCONNECT_TIMEOUT=5")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "tls works" {
		t.Fatalf("psql over TLS: %v: %s", err, out)
	}
}

// TestUnknownRole checks that under trust, as with passwords, only roles log in: a name
// that is no role gets PostgreSQL's 28000, and the bootstrap superuser always exists.
func TestUnknownRole(t *testing.T) {
	a := startWith(t, app.Config{})
	_, err := dial(t, a, "nosuch", "disable")
	if sqlState(err) != "28000" || !strings.Contains(err.Error(), `role "nosuch" does not exist`) {
		t.Errorf("unknown role: got %v, want 28000", err)
	}
	conn, err := dial(t, a, "postgres", "disable")
	if err != nil {
		t.Fatalf("bootstrap superuser: %v", err)
	}
	if _, err := conn.Exec(t.Context(), "CREATE ROLE newcomer LOGIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, a, "newcomer", "disable"); err != nil {
		t.Errorf("a role made with LOGIN: %v", err)
	}
}

// TestLoadCredentials reads plain and SCRAM entries from a passwords file.
func TestLoadCredentials(t *testing.T) {
	secret, _ := wire.NewSCRAMSecret("pw2")
	path := filepath.Join(t.TempDir(), "passwords")
	content := "# users\nalice:pw1\n\nbob:" + secret.String() + "\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	creds, err := app.LoadCredentials(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 2 || creds["bob"].String() != secret.String() {
		t.Fatalf("creds = %v", creds)
	}
	a := startWith(t, app.Config{Credentials: creds})
	for _, who := range []string{"alice:pw1", "bob:pw2"} {
		if _, err := dial(t, a, who, "disable"); err != nil {
			t.Errorf("%s: %v", who, err)
		}
	}
	if err := os.WriteFile(path, []byte("nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := app.LoadCredentials(path); err == nil {
		t.Error("a line without a password must be rejected")
	}
}

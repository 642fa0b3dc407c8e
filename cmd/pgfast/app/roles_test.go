package app_test

import (
	"crypto/tls"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
	"github.com/pgfast/pgfast/wire"
)

// A role made with CREATE ROLE ... LOGIN PASSWORD logs in with SCRAM over TLS, from pgx and
// from psql; a wrong password is 28P01, a role without LOGIN 28000; roles and their
// passwords survive a restart.
func TestRoleLogin(t *testing.T) {
	boot, err := wire.NewSCRAMSecret("boot")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := app.Config{Listen: "127.0.0.1:0", DataDir: dir,
		TLS:         &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}, MinVersion: tls.VersionTLS12},
		Credentials: wire.CredentialsMap{"postgres": boot}}
	a, err := app.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := dial(t, a, "postgres:boot", "require")
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`CREATE ROLE alice LOGIN PASSWORD 'wonder land'`,
		`CREATE ROLE nologin PASSWORD 'x'`,
		`CREATE USER carol PASSWORD 'c' IN ROLE nologin`,
		`CREATE TABLE granted (a int)`,
		`INSERT INTO granted VALUES (7)`,
		`CREATE TABLE secret (a int)`,
		`CREATE TABLE lines (line text)`,
		`GRANT SELECT ON granted TO alice`,
		`GRANT INSERT ON lines TO alice, carol`,
		`GRANT pg_read_server_files TO carol`,
	} {
		if _, err := admin.Exec(t.Context(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	check := func(a *app.App) {
		t.Helper()
		conn, err := dial(t, a, "alice:wonder%20land", "require")
		if err != nil {
			t.Fatalf("alice: %v", err)
		}
		var cur, sess string
		var super bool
		if err := conn.QueryRow(t.Context(), `SELECT current_user, session_user, rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&cur, &sess, &super); err != nil {
			t.Fatal(err)
		}
		if cur != "alice" || sess != "alice" || super {
			t.Fatalf("alice sees current_user %q, session_user %q, superuser %v", cur, sess, super)
		}
		var n int
		if err := conn.QueryRow(t.Context(), `SELECT a FROM granted`).Scan(&n); err != nil || n != 7 {
			t.Fatalf("alice reads the table granted to her: %v %v", n, err)
		}
		for _, sql := range []string{`SELECT * FROM secret`, `INSERT INTO granted VALUES (1)`, `COPY lines FROM '/etc/passwd'`} {
			if _, err := conn.Exec(t.Context(), sql); sqlState(err) != "42501" {
				t.Fatalf("alice: %s: want 42501, got %v", sql, err)
			}
		}
		if _, err := dial(t, a, "alice:wrong", "require"); sqlState(err) != "28P01" {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := dial(t, a, "nologin:x", "require"); sqlState(err) != "28000" {
			t.Fatalf("role without LOGIN: %v", err)
		}
		var member bool
		conn2, err := dial(t, a, "carol:c", "require")
		if err != nil {
			t.Fatalf("carol: %v", err)
		}
		if err := conn2.QueryRow(t.Context(), `SELECT pg_has_role('nologin', 'MEMBER')`).Scan(&member); err != nil || !member {
			t.Fatalf("carol member of nologin: %v %v", member, err)
		}
		// pg_read_server_files lets carol read server files.
		tag, err := conn2.Exec(t.Context(), `COPY lines FROM '/etc/passwd'`)
		if err != nil || tag.RowsAffected() == 0 {
			t.Fatalf("carol copies /etc/passwd: %v %v", tag, err)
		}
	}
	check(a)
	admin.Close(t.Context())
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = app.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	check(a)

	if _, err := exec.LookPath("psql"); err != nil {
		t.Log("psql is not installed: the psql login is not checked")
		return
	}
	host, port, _ := strings.Cut(a.Addr().String(), ":")
	cmd := exec.Command("psql", "-X", "-A", "-t", "-h", host, "-p", port, "-U", "alice", "-d", "postgres", "-c", "SELECT current_user")
	cmd.Env = append(os.Environ(), "PGPASSWORD=wonder land", "PGSSLMODE=require")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "alice" {
		t.Fatalf("psql as alice: %v: %s", err, out)
	}
	cmd = exec.Command("psql", "-X", "-A", "-t", "-h", host, "-p", port, "-U", "alice", "-d", "postgres", "-c", "SELECT 1")
	cmd.Env = append(os.Environ(), "PGPASSWORD=nope", "PGSSLMODE=require")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), `password authentication failed for user "alice"`) {
		t.Fatalf("psql with a wrong password: %v: %s", err, out)
	}
}

package regress

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestNodeDrivers runs node/check.mjs with node-postgres (pg, pg-cursor, pg-query-stream)
// and postgres.js against a server and compares its output, line for line, with
// PostgreSQL 15's (node/expected.out): parameters and the JavaScript types results come
// back as, named prepared statements, transactions and savepoints, SQLSTATEs, cursors,
// streams and pools. The drivers are installed with npm, at the versions node/package.json
// pins, into a cache directory the first time. It needs Node.js and npm (Debian: nodejs and
// npm, which CI installs); without them, or when npm cannot install the drivers, the test
// is skipped, saying so.
func TestNodeDrivers(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node: install nodejs to run the Node.js driver test")
	}
	dir := nodeModules(t)
	script, err := os.ReadFile(filepath.Join("node", "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	// ES modules find their packages beside the script, so it runs from the cache directory.
	if err := os.WriteFile(filepath.Join(dir, "check.mjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := newPgxServer(t)
	e := clientEndpointOf(t, srv.url)
	if srv.app != nil {
		e.user = "postgres"
	}
	cmd := exec.CommandContext(t.Context(), node, "check.mjs", e.host, e.port, e.user, e.database)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=UTC", "PGPASSWORD="+e.password)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("check.mjs: %v", err)
	}
	compareWithExpected(t, filepath.Join("node", "expected.out"), string(out))
}

// nodeModules returns a directory whose node_modules holds the drivers of
// node/package.json, installing them with npm when its package.json differs.
func nodeModules(t *testing.T) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("no npm: install npm to run the Node.js driver test")
	}
	want, err := os.ReadFile(filepath.Join("node", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "pgfast-regress", "node")
	have, _ := os.ReadFile(filepath.Join(dir, "package.json"))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "postgres")); err == nil && bytes.Equal(have, want) {
		return dir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), npm, "install", "--no-audit", "--no-fund", "--no-package-lock")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(filepath.Join(dir, "package.json")) // try again next time
		t.Skipf("npm could not install the Node.js drivers (no registry access?): %v\n%s", err, out)
	}
	return dir
}

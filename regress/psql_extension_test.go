package regress

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/udf"
)

// TestPsqlExtensions checks pgfast's built-in extensions the way a user meets them in psql:
// \dx lists every one with its version, schema and comment, \dx+ lists its functions, and
// the CREATE, ALTER and DROP EXTENSION statements that migration scripts run get the
// answers catalog.Extension documents. (What PostgreSQL itself answers for extensions that
// do not exist is in sql/extensions.sql.)
func TestPsqlExtensions(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatal("psql is not on PATH")
	}
	host, port := hostPort(startServer(t, t.TempDir()))
	run := func(cmds ...string) string {
		t.Helper()
		args := []string{"-X", "-A", "-t", "-h", host, "-p", port, "-U", catalog.BootstrapRoleName, "-d", RegressionDB}
		for _, c := range cmds {
			args = append(args, "-c", c)
		}
		out, err := exec.Command(psql, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("psql %v: %v\n%s", cmds, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	reg := catalog.NewRegistry()
	udf.Register(reg)
	exts := reg.Extensions()
	if len(exts) == 0 {
		t.Fatal("no built-in extensions registered")
	}

	var want []string
	for _, e := range exts {
		want = append(want, strings.Join([]string{e.Name, e.Version, "pg_catalog", e.Comment}, "|"))
	}
	if got := strings.Split(run(`\dx`), "\n"); !slices.Equal(got, want) {
		t.Errorf("\\dx:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	for _, e := range exts {
		members := reg.ExtensionFuncs(e)
		out := run(`\dx+ ` + e.Name)
		var lines []string
		if out != "" {
			lines = strings.Split(out, "\n")
		}
		wrappers := 0
		for _, w := range reg.Wrappers() {
			if w.Handler.Extension == e {
				wrappers++
				if !slices.Contains(lines, "foreign-data wrapper "+w.Name) {
					t.Errorf("\\dx+ %s does not list foreign-data wrapper %s", e.Name, w.Name)
				}
			}
		}
		if len(lines) != len(members)+wrappers {
			t.Errorf("\\dx+ %s lists %d objects, want %d:\n%s", e.Name, len(lines), len(members)+wrappers, out)
		}
		for _, f := range members {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "function "+f.Name+"(") }) {
				t.Errorf("\\dx+ %s does not list %s", e.Name, f.Name)
			}
		}

		steps := []struct{ sql, want string }{
			{"CREATE EXTENSION " + e.Name, "CREATE EXTENSION"},
			{"CREATE EXTENSION IF NOT EXISTS " + e.Name, `NOTICE:  extension "` + e.Name + `" already exists, skipping` + "\nCREATE EXTENSION"},
			{"CREATE EXTENSION " + e.Name + " SCHEMA pg_catalog VERSION '" + e.Version + "' CASCADE", "CREATE EXTENSION"},
			{"CREATE EXTENSION " + e.Name + " SCHEMA public", `ERROR:  extension "` + e.Name + `" must be installed in schema "pg_catalog"`},
			{"CREATE EXTENSION " + e.Name + " VERSION '0.0'", `ERROR:  extension "` + e.Name + `" has no installation script nor update path for version "0.0"`},
			{"ALTER EXTENSION " + e.Name + " UPDATE", `NOTICE:  version "` + e.Version + `" of extension "` + e.Name + `" is already installed` + "\nALTER EXTENSION"},
			{"DROP EXTENSION " + e.Name, "ERROR:  cannot drop extension " + e.Name + " because it is required by the database system"},
			{"DROP EXTENSION IF EXISTS " + e.Name + " CASCADE", "ERROR:  cannot drop extension " + e.Name + " because it is required by the database system"},
		}
		for _, s := range steps {
			args := []string{"-X", "-h", host, "-p", port, "-U", catalog.BootstrapRoleName, "-d", RegressionDB, "-c", s.sql}
			out, _ := exec.Command(psql, args...).CombinedOutput()
			if got := strings.TrimSpace(string(out)); got != s.want {
				t.Errorf("%s:\n%s\nwant\n%s", s.sql, got, s.want)
			}
		}
	}
}

package regress

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// clientModules are the case modules of python/ that need more than psycopg2, with the
// Python modules they import (Debian's python3-sqlalchemy, python3-pandas, python3-pyodbc
// with odbc-postgresql's driver, which CI installs). TestPythonClients runs them;
// TestPsycopg2 runs the others.
var clientModules = map[string][]string{
	"cases_sqlalchemy": {"sqlalchemy", "pandas"},
	"cases_odbc":       {"pyodbc"},
	"cases_tools":      nil,
}

// pythonWith returns a Python 3 that imports every module named, or "".
func pythonWith(modules ...string) string {
	code := "import " + strings.Join(append([]string{"psycopg2"}, modules...), ", ")
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(p, "-c", code).Run(); err == nil {
			return p
		}
	}
	return ""
}

// runPythonCases runs run.py with args against a fresh server, failing the test when a
// case fails. With PGFAST_REFERENCE_DSN set, cases that return what the client saw run
// against that PostgreSQL too and must see the same.
func runPythonCases(t *testing.T, python string, args ...string) {
	srv := newPgxServer(t)
	if ref := os.Getenv("PGFAST_REFERENCE_DSN"); ref != "" && srv.app != nil {
		args = append(args, "--ref="+ref)
	} else {
		t.Log("PGFAST_REFERENCE_DSN not set: results are not compared with PostgreSQL's")
	}
	cmd := append([]string{filepath.Join("python", "run.py")}, args...)
	out, err := exec.CommandContext(t.Context(), python, append(cmd, srv.url)...).CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("Python cases failed: %v", err)
	}
}

// TestPsycopg2 runs the psycopg2 cases of python/ (run.py: every case_* function of every
// cases_*.py but clientModules) against a server: Python values through the driver most
// Python applications use, such as lists as arrays. It needs a Python 3 with psycopg2
// (Debian's python3-psycopg2, which CI installs); without one the test is skipped.
func TestPsycopg2(t *testing.T) {
	python := pythonWith()
	if python == "" {
		t.Skip("no Python 3 with psycopg2: install python3-psycopg2 to run the psycopg2 cases")
	}
	var skip []string
	for m := range clientModules {
		skip = append(skip, m)
	}
	runPythonCases(t, python, "--skip="+strings.Join(skip, ","))
}

// TestPythonClients runs the cases of the Python clients and tools that sit on top of a
// driver (clientModules): SQLAlchemy's inspector, pandas, ODBC catalog calls through
// psqlODBC, and the catalog SQL that dbt, Superset and Grafana send. Their answers are
// compared with PostgreSQL's when PGFAST_REFERENCE_DSN names one (CI sets it).
func TestPythonClients(t *testing.T) {
	var needs []string
	for _, ms := range clientModules {
		needs = append(needs, ms...)
	}
	python := pythonWith(needs...)
	if python == "" {
		t.Skip("no Python 3 with psycopg2, sqlalchemy, pandas and pyodbc: install python3-psycopg2, python3-sqlalchemy, python3-pandas, python3-pyodbc and odbc-postgresql")
	}
	var only []string
	for m := range clientModules {
		if _, err := os.Stat(filepath.Join("python", m+".py")); err == nil {
			only = append(only, m)
		}
	}
	runPythonCases(t, python, "--only="+strings.Join(only, ","))
}

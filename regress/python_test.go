package regress

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPsycopg2 runs the psycopg2 cases of python/ (run.py: every case_* function of every
// cases_*.py) against a server: Python values through the driver most Python applications
// use, such as lists as arrays. It needs a Python 3 with psycopg2 (Debian's
// python3-psycopg2, which CI installs); without one the test is skipped, saying so.
func TestPsycopg2(t *testing.T) {
	python := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(p, "-c", "import psycopg2").Run(); err == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("no Python 3 with psycopg2: install python3-psycopg2 to run the psycopg2 cases")
	}
	srv := newPgxServer(t)
	out, err := exec.CommandContext(t.Context(), python, filepath.Join("python", "run.py"), srv.url).CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("psycopg2 cases failed: %v", err)
	}
}

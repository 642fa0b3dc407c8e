package regress

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var pgRegressFlag = flag.String("pgregress", filepath.Join("..", "..", "shared", "pg_regress"),
	"directory holding PostgreSQL's regression suite (sql/, expected/, data/, order.txt)")

// pgRegressFileTimeout bounds one file of PostgreSQL's suite, so that a statement pgfast
// handles badly cannot hold the whole run past its budget.
const pgRegressFileTimeout = 30 * time.Second

// TestPGRegress runs PostgreSQL's own regression files, in the order of order.txt, one after
// the other in one database, exactly as pg_regress does: psql with the same options and the
// environment pg_regress sets (time zone, date and interval style, the paths files read data
// from). It prints a pass table. Files that differ from their expected output do not fail the
// test, except those listed in pgregress_passing: they passed once and must keep passing.
//
// Outputs go to results/pg_regress/, diffs of the failing files to
// results/pg_regress/regression.diffs. With -target the files run against that PostgreSQL
// server instead, which checks the harness itself: every file should pass there.
func TestPGRegress(t *testing.T) {
	dir, err := filepath.Abs(*pgRegressFlag)
	if err != nil {
		t.Fatal(err)
	}
	order, err := readNameList(filepath.Join(dir, "order.txt"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			t.Fatalf("PostgreSQL's regression suite is not at %s (it ships beside the repository as "+
				"../shared/pg_regress; point -pgregress at it): %v", dir, err)
		}
		t.Fatal(err)
	}
	mustPass, err := readNameList("pgregress_passing")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, name := range order {
		known[name] = true
	}
	ratchet := map[string]bool{}
	for _, name := range mustPass {
		if !known[name] {
			t.Fatalf("pgregress_passing lists %q, which is not in %s", name, filepath.Join(dir, "order.txt"))
		}
		ratchet[name] = true
	}

	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql is not on PATH: install PostgreSQL's client (apt-get install -y postgresql-client)")
	}
	resultsDir, err := filepath.Abs(filepath.Join("results", "pg_regress"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(resultsDir); err != nil {
		t.Fatal(err)
	}
	r := &Runner{
		PSQL:       psql,
		Dir:        dir,
		ResultsDir: resultsDir,
		Timeout:    pgRegressFileTimeout,
		Args:       []string{"-v", "HIDE_TABLEAM=on", "-v", "HIDE_TOAST_COMPRESSION=on"},
		Setenv:     pgRegressEnv(dir, resultsDir),
	}
	if *targetFlag != "" {
		url, err := PrepareTarget(t.Context(), *targetFlag)
		if err != nil {
			t.Fatal(err)
		}
		r.ConnArgs = []string{"-d", url}
	} else {
		host, port := hostPort(startServer(t, t.TempDir()))
		r.ConnArgs = []string{"-h", host, "-p", port, "-U", "postgres", "-d", RegressionDB}
	}

	if err := os.MkdirAll(resultsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	diffsPath := filepath.Join(resultsDir, "regression.diffs")
	diffs, err := os.Create(diffsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer diffs.Close()

	var outcomes []*Outcome
	var lost []string
	for _, name := range order {
		// pg_regress tells the server which file runs through the application name.
		r.Setenv = append(r.Setenv, "PGAPPNAME=pg_regress/"+name)
		o, err := r.Run(t.Context(), name)
		r.Setenv = r.Setenv[:len(r.Setenv)-1]
		if err != nil {
			t.Fatal(err)
		}
		outcomes = append(outcomes, o)
		if !o.Passed() {
			fmt.Fprint(diffs, o.Diff)
			if o.RunErr != nil {
				fmt.Fprintf(diffs, "%s: %v\n", name, o.RunErr)
			}
			if ratchet[name] {
				lost = append(lost, name)
			}
		}
	}
	printPassTable(t, outcomes)
	for _, name := range lost {
		for _, o := range outcomes {
			if o.Name == name {
				t.Errorf("%s is listed in pgregress_passing but its output differs from %s in %d lines (%v); see %s\n%s",
					name, relPath(dir, o.Expected), o.Changed, o.RunErr, diffsPath, truncateLines(o.Diff, 40))
			}
		}
	}
}

// pgRegressEnv is the environment pg_regress gives psql (pg_regress.c and
// pg_regress_main.c): the Pacific time zone, the Postgres date style, the verbose interval
// style (through PGOPTIONS, so that it is a connection setting), the C locale for messages,
// and the directories files build paths from. The C test library is absent, so PG_LIBDIR
// points nowhere, and the few statements that load it fail as they do on a server without
// it.
func pgRegressEnv(srcDir, buildDir string) []string {
	return []string{
		"PGTZ=America/Los_Angeles",
		"PGDATESTYLE=Postgres, MDY",
		"PGOPTIONS=-c intervalstyle=postgres_verbose",
		"LC_MESSAGES=C",
		"LANG=C",
		"PG_ABS_SRCDIR=" + srcDir,
		"PG_ABS_BUILDDIR=" + buildDir,
		"PG_LIBDIR=" + filepath.Join(buildDir, "lib"),
		"PG_DLSUFFIX=.so",
	}
}

// readNameList reads a file of names, one a line; blank lines and #-comments are skipped.
func readNameList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			names = append(names, line)
		}
	}
	return names, sc.Err()
}

package regress

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"
)

var (
	updateFlag = flag.Bool("update", false, "rewrite the expected files with the results of this run")
	targetFlag = flag.String("target", "", "run against this PostgreSQL server (postgres:// URL) instead of pgfast, to check or (with -update) create the expected files")
	allFlag    = flag.Bool("all", false, "run every file in sql/, not only the schedule, print a pass table and never fail")
)

// TestRegress runs the SQL regression files through psql, as pg_regress does, and fails one
// subtest per file whose output differs from the expected one.
func TestRegress(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql is not on PATH: the regression suite runs every file through PostgreSQL's psql client; " +
			"install it (Debian/Ubuntu: apt-get install -y postgresql-client) or run .ci/run, which does")
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{PSQL: psql, Dir: dir}
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

	var names []string
	if *allFlag {
		names, err = r.SQLFiles()
	} else {
		names, err = ReadSchedule(filepath.Join(dir, "schedule"))
	}
	if err != nil {
		t.Fatal(err)
	}
	diffsPath := filepath.Join(dir, "regression.diffs")
	diffs, err := os.Create(diffsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer diffs.Close()

	var outcomes []*Outcome
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			o, err := r.Run(t.Context(), name)
			if err != nil {
				t.Fatal(err)
			}
			outcomes = append(outcomes, o)
			if !o.Passed() {
				fmt.Fprint(diffs, o.Diff)
				if o.RunErr != nil {
					fmt.Fprintf(diffs, "%s: %v\n", name, o.RunErr)
				}
			}
			switch {
			case *updateFlag:
				if o.Changed > 0 || o.Expected == "" {
					if err := r.Update(o); err != nil {
						t.Fatal(err)
					}
					t.Logf("updated the expected output (%d lines changed)", o.Changed)
				}
				if o.RunErr != nil {
					t.Errorf("%v", o.RunErr)
				}
			case *allFlag:
				// Measuring, not judging: the table below says what passed.
			case o.RunErr != nil:
				t.Errorf("%v; see %s", o.RunErr, diffsPath)
			case !o.Passed():
				t.Errorf("output differs from %s in %d lines; see %s\n%s",
					relPath(dir, o.Expected), o.Changed, diffsPath, truncateLines(o.Diff, 40))
			}
		})
	}
	if *allFlag {
		printPassTable(t, outcomes)
	}
}

// printPassTable reports every file's status, and the total, on stdout.
func printPassTable(t *testing.T, outcomes []*Outcome) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "test\tstatus\tdiff lines")
	passed := 0
	for _, o := range outcomes {
		status := "ok"
		switch {
		case o.RunErr != nil:
			status = "error: " + o.RunErr.Error()
		case o.Expected == "":
			status = "no expected file"
		case o.Changed > 0:
			status = "FAILED"
		default:
			passed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\n", o.Name, status, o.Changed)
	}
	fmt.Fprintf(tw, "passed\t%d of %d\t\n", passed, len(outcomes))
	tw.Flush()
}

func relPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil {
		return rel
	}
	return path
}

// truncateLines keeps the first n lines of s, so one failing file cannot flood the test log;
// regression.diffs has everything.
func truncateLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
}

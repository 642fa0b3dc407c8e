package regress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultFileTimeout bounds one file's psql run.
const DefaultFileTimeout = 3 * time.Minute

// Runner runs regression files through psql against one server, pg_regress style.
type Runner struct {
	// PSQL is the path of the psql program.
	PSQL string
	// ConnArgs are psql's connection arguments, e.g. "-h", host, "-p", port, "-d", db.
	ConnArgs []string
	// Dir is the absolute path of the suite directory holding sql/, expected/ and data/;
	// results/ is written there too.
	Dir string
	// Timeout bounds each file's run; 0 means DefaultFileTimeout.
	Timeout time.Duration
	// ResultsDir is where outputs are written; "" means Dir/results. A suite read from a
	// directory the tests must not write to (PostgreSQL's own files) sets it.
	ResultsDir string
	// Args are extra psql arguments, given before ConnArgs.
	Args []string
	// Setenv holds KEY=VALUE pairs that override Env's defaults (another PGTZ, PGDATESTYLE).
	Setenv []string
}

// Outcome is the result of running one file.
type Outcome struct {
	Name string
	// Output is what psql printed, stdout and stderr interleaved as written.
	Output string
	// Expected is the path of the expected file that matches Output best, "" if there is none.
	Expected string
	// Changed counts the lines differing from Expected (all of Output when there is none).
	Changed int
	// Diff is the unified diff from Expected to the result, "" when they match.
	Diff string
	// RunErr is set when psql itself failed (it could not connect, lost the connection, or
	// timed out); the file then fails even if its output happens to match.
	RunErr error
}

// Passed reports whether the file produced its expected output.
func (o *Outcome) Passed() bool { return o.RunErr == nil && o.Expected != "" && o.Changed == 0 }

// SQLFiles returns the names of all files in Dir/sql, without the .sql suffix, sorted.
func (r *Runner) SQLFiles() ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(r.Dir, "sql", "*.sql"))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = strings.TrimSuffix(filepath.Base(p), ".sql")
	}
	slices.Sort(names)
	return names, nil
}

// Run feeds sql/NAME.sql to psql, writes the output to results/NAME.out and compares it with
// the expected files. The error is for problems of the harness (a missing file), not for a
// failing test.
func (r *Runner) Run(ctx context.Context, name string) (*Outcome, error) {
	sql, err := os.ReadFile(filepath.Join(r.Dir, "sql", name+".sql"))
	if err != nil {
		return nil, err
	}
	resultsDir := r.ResultsDir
	if resultsDir == "" {
		resultsDir = filepath.Join(r.Dir, "results")
	}
	if err := os.MkdirAll(resultsDir, 0o755); err != nil {
		return nil, err
	}
	resultPath := filepath.Join(resultsDir, name+".out")
	out, err := os.Create(resultPath)
	if err != nil {
		return nil, err
	}
	defer out.Close()

	timeout := r.Timeout
	if timeout == 0 {
		timeout = DefaultFileTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := append([]string{"-X", "-a", "-q", "-v", "ON_ERROR_STOP=0"}, r.Args...)
	args = append(args, r.ConnArgs...)
	cmd := exec.CommandContext(ctx, r.PSQL, args...)
	cmd.Stdin = bytes.NewReader(sql)
	// One file for both streams, as pg_regress's "> out 2>&1", so that error messages land
	// between the statements exactly where psql wrote them.
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = r.Env()
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		runErr = fmt.Errorf("psql did not finish within %v", timeout)
	} else if runErr != nil {
		runErr = fmt.Errorf("psql failed: %w", runErr)
	}

	output, err := os.ReadFile(resultPath)
	if err != nil {
		return nil, err
	}
	if masks := MaskedColumns(string(sql)); len(masks) > 0 {
		output = []byte(MaskColumns(string(output), masks))
		if err := os.WriteFile(resultPath, output, 0o644); err != nil {
			return nil, err
		}
	}
	o := &Outcome{Name: name, Output: string(output), RunErr: runErr}
	if err := r.compare(o, resultPath); err != nil {
		return nil, err
	}
	return o, nil
}

// compare picks the expected file (NAME.out or an alternative NAME_N.out) with the smallest
// diff to the output.
func (r *Runner) compare(o *Outcome, resultPath string) error {
	candidates, err := r.expectedFiles(o.Name)
	if err != nil {
		return err
	}
	o.Changed = len(splitLines(o.Output))
	for _, path := range candidates {
		exp, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		changed, diff := Diff(path, string(exp), resultPath, o.Output)
		if o.Expected == "" || changed < o.Changed {
			o.Expected, o.Changed, o.Diff = path, changed, diff
		}
		if changed == 0 {
			break
		}
	}
	if o.Expected == "" {
		o.Diff = fmt.Sprintf("no expected file for %s: expected/%s.out is missing\n", o.Name, o.Name)
	}
	return nil
}

// expectedFiles lists expected/NAME.out and its alternatives expected/NAME_0.out ...
// expected/NAME_9.out that exist, the main file first.
func (r *Runner) expectedFiles(name string) ([]string, error) {
	var files []string
	for _, suffix := range []string{"", "_0", "_1", "_2", "_3", "_4", "_5", "_6", "_7", "_8", "_9"} {
		path := filepath.Join(r.Dir, "expected", name+suffix+".out")
		if _, err := os.Stat(path); err == nil {
			files = append(files, path)
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	return files, nil
}

// Update makes o's output the expected output: it overwrites the expected file that matched
// best, or creates expected/NAME.out.
func (r *Runner) Update(o *Outcome) error {
	path := o.Expected
	if path == "" {
		path = filepath.Join(r.Dir, "expected", o.Name+".out")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(o.Output), 0o644)
}

// Env returns psql's environment: the process's, minus the libpq and locale settings that
// would change the output, plus what pg_regress sets. The time zone and date style are fixed
// so that outputs do not depend on the machine, and PG_ABS_SRCDIR lets a file find data/
// with "\getenv abs_srcdir PG_ABS_SRCDIR".
func (r *Runner) Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "PGPASSWORD" || k == "PGPASSFILE":
		case strings.HasPrefix(k, "PG"), k == "LC_ALL", k == "LANGUAGE", k == "LC_MESSAGES":
			continue
		}
		env = append(env, kv)
	}
	// exec.Cmd keeps the last of duplicate keys, so Setenv overrides these.
	return append(append(env,
		"PGTZ=UTC",
		"PGDATESTYLE=ISO, MDY",
		"PGAPPNAME=pg_regress",
		"PGCLIENTENCODING=UTF8",
		"LC_MESSAGES=C",
		"PG_ABS_SRCDIR="+r.Dir,
		"PG_ABS_BUILDDIR="+r.Dir,
	), r.Setenv...)
}

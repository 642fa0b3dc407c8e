package regress

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pgbenchPath finds PostgreSQL's pgbench: on PATH, or in the PostgreSQL packages' bin
// directory, which Debian keeps off PATH.
func pgbenchPath() string {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(matches) == 0 {
		return ""
	}
	return matches[len(matches)-1]
}

var (
	pgbenchProcessed = regexp.MustCompile(`number of transactions actually processed: (\d+)`)
	pgbenchFailed    = regexp.MustCompile(`number of failed transactions: (\d+)`)
)

// TestPgbench runs PostgreSQL's own benchmark client: `pgbench -i -s 2` creates and loads
// its four tables with their primary keys, then clients run the TPC-B-like transaction
// (update an account, read it back, update a teller and a branch, insert a history row).
// Every client updates one of only two branch rows, so the clients contend on them all the
// time. Under READ COMMITTED (8 clients for 20 seconds) they must wait for each other's row
// locks and never fail. Under SERIALIZABLE (4 clients for 10 seconds, retrying as pgbench
// does on 40001) every error must be a serialization failure that a retry gets past. Either
// way the bank stays balanced: the branches', tellers' and accounts' balances each sum to
// the history's deltas. With -target it checks the same of PostgreSQL.
func TestPgbench(t *testing.T) {
	bin := pgbenchPath()
	if bin == "" {
		t.Skip("pgbench is not installed (it comes with the PostgreSQL server packages; .ci/run installs them)")
	}
	cases := []struct {
		isolation string
		args      []string
	}{
		{"read committed", []string{"-c", "8", "-j", "2", "-T", "20"}},
		{"serializable", []string{"-c", "4", "-j", "2", "-T", "10", "--max-tries=0"}},
	}
	for _, c := range cases {
		t.Run(c.isolation, func(t *testing.T) {
			s := newPgxServer(t)
			pgbench := func(args ...string) string {
				t.Helper()
				cmd := exec.CommandContext(t.Context(), bin, append(args, s.url)...)
				cmd.Env = append(os.Environ(), "PGOPTIONS=-c default_transaction_isolation="+strings.ReplaceAll(c.isolation, " ", `\ `))
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("pgbench %v: %v\n%s", args, err, out)
				}
				return string(out)
			}
			pgbench("-i", "-s", "2", "-q")
			out := pgbench(c.args...)
			t.Logf("pgbench %s:\n%s", strings.Join(c.args, " "), out)
			checkPgbench(t, s, out)
		})
	}
}

// checkPgbench checks the outcome of a pgbench run over s: transactions were processed,
// none failed, and the bank is balanced.
func checkPgbench(t *testing.T, s *pgxServer, out string) {
	t.Helper()
	m := pgbenchProcessed.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no transaction count in pgbench's output")
	}
	processed, _ := strconv.Atoi(m[1])
	if processed == 0 {
		t.Fatal("no transaction was processed")
	}
	if m := pgbenchFailed.FindStringSubmatch(out); m == nil || m[1] != "0" {
		t.Fatalf("failed transactions: %v", m)
	}

	conn := s.connect(t)
	deltas := queryInt64(t, conn, "SELECT sum(delta) FROM pgbench_history")
	for _, table := range []string{"branches", "tellers", "accounts"} {
		col := table[:1] + "balance"
		if got := queryInt64(t, conn, "SELECT sum("+col+") FROM pgbench_"+table); got != deltas {
			t.Errorf("sum of %s.%s is %d, the history's deltas sum to %d", table, col, got, deltas)
		}
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgbench_history"); n < int64(processed) {
		t.Errorf("%d history rows for %d transactions", n, processed)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgbench_accounts"); n != 200_000 {
		t.Errorf("%d accounts, want 200000", n)
	}
}

package regress

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// BenchmarkSmallCommits measures durable small commits with PostgreSQL's pgbench, in pgfast
// and, when PGFAST_REFERENCE_DSN names a PostgreSQL server, in PostgreSQL (with its default
// durability: fsync and synchronous_commit on) on the same machine in the same run:
//
//   - insert/clients=N: single-row autocommit INSERTs by N clients, as commits per second;
//   - tpcb/clients=N: pgbench's TPC-B-like transaction (scale 2), as transactions per second.
//
// pgbench reaches pgfast over its Unix-domain socket, and should reach PostgreSQL the same
// way (a DSN naming a socket directory, host=/dir), so that neither side pays for TCP.
// Each sub-benchmark runs pgbench for PGFAST_BENCH_SECONDS (default 10) seconds per
// iteration and reports tps and the failed transactions; compare figures of one run only,
// the machine being shared:
//
//	PGFAST_REFERENCE_DSN='postgres://postgres@/postgres?host=/run/postgresql' go test ./regress -run '^$' -bench SmallCommits -benchtime 1x
func BenchmarkSmallCommits(b *testing.B) {
	pgbench := findPgbench(b)
	seconds := os.Getenv("PGFAST_BENCH_SECONDS")
	if seconds == "" {
		seconds = "10"
	}
	insertScript := filepath.Join(b.TempDir(), "insert.sql")
	if err := os.WriteFile(insertScript, []byte("INSERT INTO bench_ins VALUES (:client_id, 'a short row');\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, dsn string) {
		psql(b, pgbench, dsn, "DROP TABLE IF EXISTS bench_ins", "CREATE TABLE bench_ins (client int, note text)")
		if out, err := exec.Command(pgbench, "-i", "-q", "-s", "2", dsn).CombinedOutput(); err != nil {
			b.Fatalf("pgbench -i: %v\n%s", err, out)
		}
		cases := []struct {
			name string
			args []string
		}{
			{"insert/clients=1", []string{"-n", "-f", insertScript, "-c", "1"}},
			{"insert/clients=32", []string{"-n", "-f", insertScript, "-c", "32", "-j", "2"}},
			{"tpcb/clients=1", []string{"-n", "-c", "1"}},
			{"tpcb/clients=8", []string{"-n", "-c", "8", "-j", "2", "--max-tries=20"}},
		}
		for _, c := range cases {
			b.Run(c.name, func(b *testing.B) {
				var tps, failed float64
				for range b.N {
					args := append(append([]string{}, c.args...), "-T", seconds, dsn)
					out, err := exec.Command(pgbench, args...).CombinedOutput()
					if err != nil {
						b.Fatalf("pgbench %v: %v\n%s", args, err, out)
					}
					tps += metric(b, out, `tps = ([0-9.]+) \(without initial connection time\)`)
					failed += metric(b, out, `number of failed transactions: ([0-9]+)`)
				}
				b.ReportMetric(tps/float64(b.N), "tps")
				b.ReportMetric(failed/float64(b.N), "failed")
			})
		}
		psql(b, pgbench, dsn, "DROP TABLE bench_ins", "DROP TABLE pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history")
	}
	b.Run("pgfast", func(b *testing.B) {
		run(b, startBenchServer(b, b.TempDir()))
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("PGFAST_REFERENCE_DSN")
		if dsn == "" {
			b.Skip("PGFAST_REFERENCE_DSN not set: no PostgreSQL to compare with")
		}
		run(b, dsn)
	})
}

// findPgbench returns PostgreSQL's pgbench: on PATH, or beside the server's binaries.
func findPgbench(b *testing.B) string {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(found) == 0 {
		b.Skip("pgbench not found (PostgreSQL's server package has it)")
	}
	return found[len(found)-1]
}

// psql runs statements through psql, found beside pgbench or on PATH.
func psql(b *testing.B, pgbench, dsn string, stmts ...string) {
	bin := filepath.Join(filepath.Dir(pgbench), "psql")
	if _, err := os.Stat(bin); err != nil {
		bin = "psql"
	}
	for _, s := range stmts {
		if out, err := exec.Command(bin, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", s, dsn).CombinedOutput(); err != nil {
			b.Fatalf("psql %q: %v\n%s", s, err, out)
		}
	}
}

// metric parses the number the first group of pattern captures in pgbench's output.
func metric(b *testing.B, out []byte, pattern string) float64 {
	m := regexp.MustCompile(pattern).FindSubmatch(out)
	if m == nil {
		b.Fatalf("no %q in pgbench's output:\n%s", pattern, out)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

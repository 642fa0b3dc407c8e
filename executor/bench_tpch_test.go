package executor_test

import (
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pgfast/pgfast/executor/exectest"
)

// loadLineitemLike creates li, shaped like TPC-H's lineitem columns that Q1 and Q6 read
// (numeric(15,2) quantities, prices, discounts and taxes, one-letter flags, a ship date),
// with n rows whose values cycle through the ranges dbgen draws them from.
func loadLineitemLike(b *testing.B, n int) *exectest.MemStore {
	store := exectest.NewMemStore()
	sess := exectest.NewSession(b, store)
	for _, sql := range []string{
		`CREATE TABLE li (l_quantity numeric(15,2), l_extendedprice numeric(15,2),
			l_discount numeric(15,2), l_tax numeric(15,2), l_returnflag char(1),
			l_linestatus char(1), l_shipdate date)`,
		`INSERT INTO li SELECT (i % 50) + 1, ((i * 7919) % 100000) / 100.0 + 900,
			(i % 11) / 100.0, (i % 9) / 100.0, substr('ANR', (i % 3)::int4 + 1, 1),
			substr('FO', (i % 2)::int4 + 1, 1), date '1992-01-01' + (i * 31 % 2526)::int4
			FROM generate_series(1::int8, ` + strconv.Itoa(n) + `) i`,
	} {
		if _, err := exectest.Exec(b, sess, sql); err != nil {
			b.Fatal(err)
		}
	}
	return store
}

// BenchmarkTPCHScan times TPC-H Q1's and Q6's scan, filter and aggregate shapes over 2M
// rows, reporting the CPU milliseconds each query takes (all workers together).
func BenchmarkTPCHScan(b *testing.B) {
	const n = 2_000_000
	store := loadLineitemLike(b, n)
	sess := exectest.NewSession(b, store)
	for _, q := range []struct{ name, sql string }{
		{"q1", `SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice),
			sum(l_extendedprice * (1 - l_discount)), sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)),
			avg(l_quantity), avg(l_extendedprice), avg(l_discount), count(*)
			FROM li WHERE l_shipdate <= date '1998-12-01' - interval '90' day
			GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus`},
		{"q6", `SELECT sum(l_extendedprice * l_discount) FROM li
			WHERE l_shipdate >= date '1994-01-01' AND l_shipdate < date '1994-01-01' + interval '1' year
			AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24`},
		{"datefilter", `SELECT count(*) FROM li WHERE l_shipdate >= date '1994-01-01'`},
	} {
		b.Run(q.name, func(b *testing.B) {
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				exectest.Count(b, sess, q.sql)
			}
			// CPU time, unlike wall time, holds still on a machine shared with other work.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

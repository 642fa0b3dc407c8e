package executor_test

import (
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/udf"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestOperatorsOverMemoryLimit runs, under a 1MB memory limit and with nowhere to spill,
// one query per operator that holds rows: each must fail with 53200, give its memory back
// and leave the session working; the same query must succeed without a limit.
func TestOperatorsOverMemoryLimit(t *testing.T) {
	queries := []struct{ name, sql, want string }{
		{"sort", "SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000) g ORDER BY g DESC) s", "200000"},
		{"hash aggregate", "SELECT count(*) FROM (SELECT g, count(*) FROM generate_series(1, 200000) g GROUP BY g) s", "200000"},
		{"hash join", "SELECT count(*) FROM generate_series(1, 200000) a JOIN generate_series(1, 200000) b ON a = b", "200000"},
		{"nested loop join", "SELECT count(*) FROM generate_series(1, 3) a JOIN generate_series(1, 200000) b ON a < b", "599994"},
		{"window", "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY g) FROM generate_series(1, 200000) g) s", "200000"},
		{"distinct", "SELECT count(*) FROM (SELECT DISTINCT g FROM generate_series(1, 200000) g) s", "200000"},
		{"union", "SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000) g UNION SELECT 1) s", "200000"},
		{"except", "SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000) g EXCEPT SELECT 1) s", "199999"},
		{"with", "WITH c AS (SELECT g FROM generate_series(1, 400000) g) SELECT count(*) FROM (SELECT g FROM c UNION ALL SELECT g FROM c) s", "800000"},
		{"recursive", "WITH RECURSIVE r(n) AS (SELECT g FROM generate_series(1, 200000) g UNION SELECT n + 1 FROM r WHERE n < 200002) SELECT count(*) FROM r", "200002"},
	}
	reg := catalog.NewRegistry()
	udf.Register(reg)
	pool := budget.NewPool(1 << 20)
	limited := session.NewEngine(exectest.NewMemStore(), reg, 2, session.WithMemory(pool)).NewSession(map[string]string{"user": "test"})
	free := exectest.NewSession(t, exectest.NewMemStore())
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			_, err := exectest.Exec(t, limited, q.sql)
			if code := pgerror.GetCode(err); code != pgcode.OutOfMemory {
				t.Errorf("under the limit: got %v, want 53200", err)
			}
			if used := pool.Used(); used != 0 {
				t.Errorf("%d bytes still reserved after the error", used)
			}
			if got, err := exectest.Exec(t, limited, "SELECT 1"); err != nil || got != "1" {
				t.Fatalf("session unusable after the error: %q, %v", got, err)
			}
			if got, err := exectest.Exec(t, free, q.sql); err != nil || got != q.want {
				t.Errorf("without a limit: %q, %v; want %s", got, err, q.want)
			}
		})
	}
}

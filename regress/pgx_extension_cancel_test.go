package regress

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// extensionLoops spend their time inside the built-in extensions' own loops, each far
// longer than the timeouts below: logreg_fit's L-BFGS iterations (features of very
// different scales and a weak penalty take thousands of them on a small table built
// beforehand), and qsim's gate loop on a 20-qubit circuit.
func extensionLoops() []struct{ name, sql string } {
	var circuit strings.Builder
	circuit.WriteString(`OPENQASM 2.0; include "qelib1.inc"; qreg q[20];`)
	for layer := 0; layer < 2000; layer++ {
		fmt.Fprintf(&circuit, " rx(0.%d) q;", layer+1)
		for i := 0; i < 19; i++ {
			fmt.Fprintf(&circuit, " cx q[%d], q[%d];", i, (i+1+layer%19)%20)
		}
	}
	return []struct{ name, sql string }{
		{"logreg_fit", `SELECT logreg_fit(f, y, '{"C": 1e6, "max_iter": 1000000, "tol": 1e-12}') FROM ext_ill`},
		{"qsim_counts", "SELECT count(*) FROM qsim_counts('" + circuit.String() + "', 1)"},
	}
}

// TestPgxExtensionsCancel checks that statement_timeout and a client's cancel request stop
// statements inside the extensions' loops with 57014, and that the session goes on.
func TestPgxExtensionsCancel(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("pgfast's own functions: nothing to compare with PostgreSQL")
	}
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, `CREATE TEMP TABLE ext_ill AS
		SELECT ARRAY[sin(g) * 1e4, cos(g * 1.7) * 1e-3, sin(g * 2.3), cos(g * 3.1) * 100,
				sin(g * 5.3) * 1e-2, cos(g * 7.9), sin(g * 11.1) * 1e3, cos(g * 13.7)] AS f,
			sin(g) + 2 * cos(g * 1.7) - sin(g * 2.3) + 0.5 * cos(g * 3.1) + 0.001 * sin(g * 5.3) > 0 AS y
		FROM generate_series(1, 30000) g`)
	const timeout = 300 * time.Millisecond
	for _, q := range extensionLoops() {
		t.Run(q.name+" statement_timeout", func(t *testing.T) {
			mustExec(t, conn, fmt.Sprintf("SET statement_timeout = %d", timeout.Milliseconds()))
			defer mustExec(t, conn, "RESET statement_timeout")
			_, err := conn.Exec(t.Context(), q.sql)
			if code := pgCode(err); code != "57014" || !strings.Contains(err.Error(), "canceling statement due to statement timeout") {
				t.Fatalf("got %v, want 57014 canceling statement due to statement timeout", err)
			}
			assertUsable(t, conn)
		})
		t.Run(q.name+" cancel request", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), timeout)
			defer cancel()
			_, err := conn.Exec(ctx, q.sql)
			if code := pgCode(err); code != "57014" {
				t.Fatalf("got %v, want 57014 canceling statement due to user request", err)
			}
			assertUsable(t, conn)
		})
	}
}

package qsim_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestSQL runs the functions as a client calls them: in FROM, with and without seeds,
// with the qubit limit set, and with bad input.
func TestSQL(t *testing.T) {
	sess := exectest.NewSession(t, exectest.NewMemStore())
	run := func(sql string) string {
		t.Helper()
		out, err := exectest.Exec(t, sess, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return out
	}

	rows := strings.Split(run("SELECT * FROM qsim_hadamard_counts(100)"), "\n")
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "0|") || !strings.HasPrefix(rows[1], "1|") {
		t.Fatalf("qsim_hadamard_counts(100): %q", rows)
	}
	sum := 0
	for _, r := range rows {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(r, "0|"), "1|"))
		if err != nil {
			t.Fatal(err)
		}
		sum += n
	}
	if sum != 100 {
		t.Fatalf("counts sum to %d", sum)
	}
	if got := run("SELECT count(*), sum(count) FROM qsim_hadamard_counts(shots => 4000, qubits => 3, seed => 11)"); got != "8|4000" {
		t.Fatalf("3 qubits: %s", got)
	}
	a := run("SELECT bitstring, count FROM qsim_hadamard_counts(500, 2, 5)")
	if b := run("SELECT bitstring, count FROM qsim_hadamard_counts(500, 2, 5)"); a != b {
		t.Fatalf("same seed, different counts:\n%s\n%s", a, b)
	}

	// \df shows the arguments by name, and the rows' columns as OUT parameters.
	if got := run("SELECT pg_get_function_arguments(oid), pg_get_function_result(oid) FROM pg_proc WHERE proname = 'qsim_hadamard_counts' ORDER BY 1"); got != "shots integer, OUT bitstring text, OUT count integer|SETOF record\n"+
		"shots integer, qubits integer, OUT bitstring text, OUT count integer|SETOF record\n"+
		"shots integer, qubits integer, seed bigint, OUT bitstring text, OUT count integer|SETOF record" {
		t.Fatalf("qsim_hadamard_counts signatures:\n%s", got)
	}

	bell := `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;`
	if got := run("SELECT * FROM qsim_probabilities('" + bell + "')"); got != "00|0.5\n11|0.5" {
		t.Fatalf("Bell probabilities: %q", got)
	}
	if got := run("SELECT string_agg(bitstring, ',') , sum(count) FROM qsim_counts('" + bell + "', 1000, 3)"); got != "00,11|1000" {
		t.Fatalf("Bell counts: %q", got)
	}
	if got := run("SELECT count(*) FROM qsim_counts(NULL, 10)"); got != "0" {
		t.Fatalf("NULL program: %s rows", got)
	}

	// The limit is a parameter as an extension defines it: SHOW and pg_settings know it.
	if got := run("SHOW qsim.max_qubits"); got != "26" {
		t.Fatalf("SHOW qsim.max_qubits: %s", got)
	}
	if got := run("SELECT setting, min_val, max_val, vartype, context FROM pg_settings WHERE name = 'qsim.max_qubits'"); got != "26|1|30|integer|user" {
		t.Fatalf("pg_settings: %s", got)
	}

	errs := []struct {
		sql  string
		code pgcode.Code
		msg  string
	}{
		{"SELECT * FROM qsim_counts('qreg q[1];\nh q[0];\nfoo q[0];', 10)", pgcode.SyntaxError, `OpenQASM error at line 3: unknown gate "foo"`},
		{"SELECT * FROM qsim_probabilities('qreg q[1]; h q[0]')", pgcode.SyntaxError, "line 1: expected \";\""},
		{"SELECT * FROM qsim_hadamard_counts(0)", pgcode.InvalidParameterValue, "shots must be at least 1"},
		{"SELECT * FROM qsim_hadamard_counts(10, 0)", pgcode.InvalidParameterValue, "qubits must be at least 1"},
		{"SELECT * FROM qsim_hadamard_counts(10, 27)", pgcode.ProgramLimitExceeded, "circuit has 27 qubits, more than qsim.max_qubits (26)"},
		{"SET qsim.max_qubits = 3; SELECT * FROM qsim_hadamard_counts(10, 4)", pgcode.ProgramLimitExceeded, "circuit has 4 qubits, more than qsim.max_qubits (3)"},
		{"SET qsim.max_qubits = 3; SELECT * FROM qsim_counts('qreg q[2]; qreg r[2];', 10)", pgcode.ProgramLimitExceeded, "circuit has 4 qubits"},
		{"SET qsim.max_qubits = 'many'; SELECT * FROM qsim_hadamard_counts(10)", pgcode.InvalidParameterValue, `invalid value for parameter "qsim.max_qubits": "many"`},
		{"SET qsim.max_qubits = 31; SELECT * FROM qsim_hadamard_counts(10)", pgcode.InvalidParameterValue, "31 is outside the valid range"},
	}
	for _, e := range errs {
		_, err := exectest.Exec(t, sess, e.sql)
		if pgerror.GetCode(err) != e.code || err == nil || !strings.Contains(err.Error(), e.msg) {
			t.Errorf("%s: %v (%s), want %s %q", e.sql, err, pgerror.GetCode(err), e.code, e.msg)
		}
		run("RESET qsim.max_qubits")
	}
	// The session survives every error.
	if got := run("SELECT count(*) FROM qsim_hadamard_counts(10, 1, 1)"); got == "" {
		t.Fatal("session unusable after errors")
	}
}

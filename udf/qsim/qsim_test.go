package qsim

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// probs runs a program and returns its outcome probabilities by bitstring.
func probs(t *testing.T, src string) map[string]float64 {
	t.Helper()
	c, s, err := simulate(context.Background(), src, defaultMaxQubits)
	if err != nil {
		t.Fatal(err)
	}
	om := newOutcomeMap(c, s)
	out := map[string]float64{}
	for _, r := range drain(s.probabilities(om)) {
		out[om.bitstring(r.value)] = r.prob
	}
	return out
}

// drain returns all of a result's rows.
func drain(rows outcomeRows) []outcome {
	var out []outcome
	for o, ok := rows.next(); ok; o, ok = rows.next() {
		out = append(out, o)
	}
	return out
}

func assertProbs(t *testing.T, name string, got, want map[string]float64) {
	t.Helper()
	for k, p := range want {
		if math.Abs(got[k]-p) > 1e-12 {
			t.Errorf("%s: P(%s) = %v, want %v (all: %v)", name, k, got[k], p, got)
		}
	}
	for k, p := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected outcome %s with probability %v", name, k, p)
		}
	}
}

// qft3 is the three-qubit quantum Fourier transform of qelib1's gates, with the final
// swap that puts the result in the input's bit order.
const qft3 = `
h q[2];
cu1(pi/2) q[1], q[2];
cu1(pi/4) q[0], q[2];
h q[1];
cu1(pi/2) q[0], q[1];
h q[0];
swap q[0], q[2];
`

// inverseQFT3 undoes qft3.
const inverseQFT3 = `
swap q[0], q[2];
h q[0];
cu1(-pi/2) q[0], q[1];
h q[1];
cu1(-pi/4) q[0], q[2];
cu1(-pi/2) q[1], q[2];
h q[2];
`

func TestExactProbabilities(t *testing.T) {
	head := "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"
	tests := []struct {
		name, src string
		want      map[string]float64
	}{
		{"bell", head + "qreg q[2]; creg c[2]; h q[0]; cx q[0], q[1]; measure q -> c;",
			map[string]float64{"00": 0.5, "11": 0.5}},
		{"ghz", head + "qreg q[3]; creg c[3]; h q[0]; cx q[0], q[1]; cx q[1], q[2]; measure q -> c;",
			map[string]float64{"000": 0.5, "111": 0.5}},
		{"x on qubit 0 is the rightmost bit", head + "qreg q[3]; creg c[3]; x q[0]; measure q -> c;",
			map[string]float64{"001": 1}},
		{"qft of |0> is uniform", head + "qreg q[3]; creg c[3];" + qft3 + "measure q -> c;",
			map[string]float64{"000": 0.125, "001": 0.125, "010": 0.125, "011": 0.125, "100": 0.125, "101": 0.125, "110": 0.125, "111": 0.125}},
		{"qft of |5> is uniform", head + "qreg q[3]; creg c[3]; x q[0]; x q[2];" + qft3 + "measure q -> c;",
			map[string]float64{"000": 0.125, "001": 0.125, "010": 0.125, "011": 0.125, "100": 0.125, "101": 0.125, "110": 0.125, "111": 0.125}},
		{"inverse qft undoes qft", head + "qreg q[3]; creg c[3]; x q[0]; x q[2];" + qft3 + inverseQFT3 + "measure q -> c;",
			map[string]float64{"101": 1}},
		// The QFT of |1> has phases e^(2 pi i k/8); a Hadamard on each qubit after the
		// inverse-free QFT of |4> (phases +-1) gives back a basis state.
		{"qft of |4> then h on each qubit", head + "qreg q[3]; creg c[3]; x q[2];" + qft3 + "h q; measure q -> c;",
			map[string]float64{"001": 1}},
		{"no measurement: the qubits", head + "qreg q[2]; x q[1];", map[string]float64{"10": 1}},
		{"registers separated, first rightmost", head + "qreg q[2]; creg a[1]; creg b[1]; x q[1]; measure q[0] -> a[0]; measure q[1] -> b[0];",
			map[string]float64{"1 0": 1}},
		{"unmeasured bits read 0", head + "qreg q[2]; creg c[3]; x q; measure q[1] -> c[2];",
			map[string]float64{"100": 1}},
		{"rotations", head + "qreg q[1]; creg c[1]; ry(2*pi/3) q[0]; measure q -> c;",
			map[string]float64{"0": 0.25, "1": 0.75}},
		{"user gate", head + "gate bell a, b { h a; cx a, b; }\nqreg q[2]; creg c[2]; bell q[0], q[1]; measure q -> c;",
			map[string]float64{"00": 0.5, "11": 0.5}},
		{"parameterized user gate", head + "gate r(theta) a { u3(theta, 0, 0) a; }\nqreg q[1]; creg c[1]; r(pi/2) q[0]; measure q -> c;",
			map[string]float64{"0": 0.5, "1": 0.5}},
		{"ccx", head + "qreg q[3]; creg c[3]; x q[0]; x q[1]; ccx q[0], q[1], q[2]; measure q -> c;",
			map[string]float64{"111": 1}},
		{"swap", head + "qreg q[2]; creg c[2]; x q[0]; swap q[0], q[1]; measure q -> c;",
			map[string]float64{"10": 1}},
		{"cz phase kickback", head + "qreg q[2]; creg c[2]; h q; cz q[0], q[1]; h q[1]; measure q -> c;",
			map[string]float64{"00": 0.5, "11": 0.5}},
		{"s s = z", head + "qreg q[1]; creg c[1]; h q[0]; s q[0]; s q[0]; h q[0]; measure q -> c;",
			map[string]float64{"1": 1}},
		{"t tdg cancel", head + "qreg q[1]; creg c[1]; h q[0]; t q[0]; tdg q[0]; h q[0]; measure q -> c;",
			map[string]float64{"0": 1}},
	}
	for _, tc := range tests {
		assertProbs(t, tc.name, probs(t, tc.src), tc.want)
	}
	// The QFT of (|0> + |1>)/sqrt(2) has amplitudes (1 + w^k)/4 with w = e^(2 pi i/8), so
	// P(k) = (1 + cos(pi k/4))/8: not uniform, and k = 4 never occurs; a reversed bit order
	// or a wrong phase would move these.
	want := map[string]float64{}
	for k := 0; k < 8; k++ {
		if k != 4 {
			want[fmt.Sprintf("%03b", k)] = (1 + math.Cos(math.Pi*float64(k)/4)) / 8
		}
	}
	assertProbs(t, "qft of a superposition", probs(t, head+"qreg q[3]; creg c[3]; h q[0];"+qft3+"measure q -> c;"), want)
}

// reference is a plain statevector simulator, written independently of state: every gate
// is applied to every basis state of the full vector, no lazy qubits, no blocks.
func reference(c *circuit) []complex128 {
	v := make([]complex128, 1<<c.qubits)
	v[0] = 1
	for _, o := range c.ops {
		next := make([]complex128, len(v))
		for i, a := range v {
			if a == 0 {
				continue
			}
			on := true
			for _, q := range o.controls {
				on = on && i>>q&1 == 1
			}
			switch {
			case !on:
				next[i] += a
			case o.swap:
				bi, bj := i>>o.target&1, i>>o.target2&1
				j := i&^(1<<o.target|1<<o.target2) | bj<<o.target | bi<<o.target2
				next[j] += a
			default:
				bit := i >> o.target & 1
				i0 := i &^ (1 << o.target)
				next[i0] += o.m[0*2+bit] * a
				next[i0|1<<o.target] += o.m[1*2+bit] * a
			}
		}
		v = next
	}
	return v
}

var randomGates = []struct {
	name           string
	params, qubits int
}{
	{"h", 0, 1}, {"x", 0, 1}, {"y", 0, 1}, {"z", 0, 1}, {"s", 0, 1}, {"sdg", 0, 1}, {"t", 0, 1}, {"tdg", 0, 1},
	{"sx", 0, 1}, {"rx", 1, 1}, {"ry", 1, 1}, {"rz", 1, 1}, {"u1", 1, 1}, {"u2", 2, 1}, {"u3", 3, 1},
	{"cx", 0, 2}, {"cz", 0, 2}, {"cy", 0, 2}, {"ch", 0, 2}, {"swap", 0, 2}, {"crz", 1, 2}, {"cu1", 1, 2}, {"cu3", 3, 2},
	{"ccx", 0, 3}, {"cswap", 0, 3},
}

// randomCircuit writes a program of n qubits and g random gates.
func randomCircuit(rng *rand.Rand, n, g int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[%d];\n", n)
	for k := 0; k < g; k++ {
		gate := randomGates[rng.IntN(len(randomGates))]
		if gate.qubits > n {
			continue
		}
		b.WriteString(gate.name)
		if gate.params > 0 {
			b.WriteString("(")
			for p := 0; p < gate.params; p++ {
				if p > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%.6f", rng.Float64()*2*math.Pi-math.Pi)
			}
			b.WriteString(")")
		}
		perm := rng.Perm(n)
		for q := 0; q < gate.qubits; q++ {
			if q > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " q[%d]", perm[q])
		}
		b.WriteString(";\n")
	}
	return b.String()
}

// TestRandomCircuitsAgainstReference compares the simulator's amplitudes (up to a global
// phase, which lazy qubits drop) with the plain simulator's, on small circuits and on ones
// large enough to be applied in gathered blocks by several workers.
func TestRandomCircuitsAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []struct{ qubits, gates, runs int }{{1, 10, 20}, {3, 30, 30}, {6, 60, 20}, {blockQubits + 3, 80, 3}}
	if testing.Short() {
		sizes = sizes[:3]
	}
	for _, size := range sizes {
		for r := 0; r < size.runs; r++ {
			src := randomCircuit(rng, size.qubits, size.gates)
			c, s, err := simulate(context.Background(), src, defaultMaxQubits)
			if err != nil {
				t.Fatal(err)
			}
			want := reference(c)
			got := logicalAmplitudes(s)
			if d := phaseDistance(got, want); d > 1e-9 {
				t.Fatalf("%d qubits: distance %g from the reference for\n%s", size.qubits, d, src)
			}
		}
	}
}

// logicalAmplitudes returns the state's amplitudes indexed by logical basis states.
func logicalAmplitudes(s *state) []complex128 {
	out := make([]complex128, 1<<s.n)
	for i, a := range s.amp[:1<<s.m] {
		j := 0
		for q, p := range s.phys {
			if p >= 0 && i>>p&1 == 1 {
				j |= 1 << q
			}
		}
		out[j] = a
	}
	return out
}

// phaseDistance is the largest difference between a and b after aligning their global
// phases on b's largest amplitude.
func phaseDistance(a, b []complex128) float64 {
	k := 0
	for i := range b {
		if cmplx.Abs(b[i]) > cmplx.Abs(b[k]) {
			k = i
		}
	}
	if cmplx.Abs(a[k]) == 0 {
		return math.Inf(1)
	}
	ph := b[k] / a[k] / complex(cmplx.Abs(b[k]/a[k]), 0)
	d := 0.0
	for i := range a {
		d = math.Max(d, cmplx.Abs(a[i]*ph-b[i]))
	}
	return d
}

func countsOf(t *testing.T, src string, shots int64, seed uint64) map[string]int64 {
	t.Helper()
	c, s, err := simulate(context.Background(), src, defaultMaxQubits)
	if err != nil {
		t.Fatal(err)
	}
	om := newOutcomeMap(c, s)
	out := map[string]int64{}
	for _, r := range drain(s.counts(om, shots, seed)) {
		out[om.bitstring(r.value)] = r.count
	}
	return out
}

// TestCountsChiSquare checks sampled counts against the exact distribution with Pearson's
// chi-square test at the 0.1% level, for draws by order statistics (few shots) and by
// binomial splitting (more shots than amplitudes), over several seeds.
func TestCountsChiSquare(t *testing.T) {
	src := "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3]; creg c[3];\nh q[0]; ry(pi/3) q[1]; cx q[1], q[2]; rx(2.2) q[2];\nmeasure q -> c;\n"
	exact := probs(t, src)
	for _, shots := range []int64{6, 5000, 200000} {
		for seed := uint64(1); seed <= 5; seed++ {
			got := countsOf(t, src, shots, seed)
			var total int64
			for _, n := range got {
				total += n
			}
			if total != shots {
				t.Fatalf("%d shots, seed %d: counts sum to %d", shots, seed, total)
			}
			if shots < 1000 {
				continue
			}
			chi2 := 0.0
			for k, p := range exact {
				e := p * float64(shots)
				d := float64(got[k]) - e
				chi2 += d * d / e
			}
			for k := range got {
				if exact[k] == 0 {
					t.Fatalf("outcome %s drawn but impossible", k)
				}
			}
			crit := distuv.ChiSquared{K: float64(len(exact) - 1)}.Quantile(0.999)
			if chi2 > crit {
				t.Errorf("%d shots, seed %d: chi-square %.2f > %.2f (counts %v, exact %v)", shots, seed, chi2, crit, got, exact)
			}
		}
	}
}

func TestCountsSeeded(t *testing.T) {
	src := "OPENQASM 2.0;\nqreg q[4]; creg c[4];\nU(pi/2,0,pi) q[0]; U(pi/2,0,pi) q[1]; U(pi/2,0,pi) q[2]; U(pi/2,0,pi) q[3];\nmeasure q -> c;\n"
	a, b := countsOf(t, src, 1000, 42), countsOf(t, src, 1000, 42)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different counts: %v and %v", a, b)
	}
	if c := countsOf(t, src, 1000, 43); fmt.Sprint(a) == fmt.Sprint(c) {
		t.Fatalf("different seeds, same counts: %v", a)
	}
}

func TestProgramErrors(t *testing.T) {
	head := "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"
	tests := []struct {
		src  string
		code pgcode.Code
		msg  string
	}{
		{head + "qreg q[2];\nhh q[0];", pgcode.SyntaxError, `line 4: unknown gate "hh"`},
		{head + "qreg q[2];\nh q[0]", pgcode.SyntaxError, `line 4: expected ";", found end of input`},
		{head + "qreg q[2];\nh q[2];", pgcode.SyntaxError, `line 4: index 2 is out of range for register "q" of size 2`},
		{head + "qreg q[2];\nh r[0];", pgcode.SyntaxError, `line 4: unknown register "r"`},
		{head + "qreg q[2];\ncx q[0], q[0];", pgcode.SyntaxError, "line 4: qubit 0 is used twice in one gate"},
		{head + "qreg q[2];\nrx q[0];", pgcode.SyntaxError, `line 4: gate "rx" takes 1 parameters and 1 qubits, not 0 and 1`},
		{head + "qreg q[2];\nrx(theta) q[0];", pgcode.SyntaxError, `line 4: unknown parameter "theta"`},
		{head + "qreg q[2];\nrx(pi/) q[0];", pgcode.SyntaxError, `line 4: expected an expression, found ")"`},
		{"OPENQASM 3.0;", pgcode.SyntaxError, "line 1: unsupported OpenQASM version"},
		{head + "include \"other.inc\";", pgcode.SyntaxError, `line 3: cannot include "other.inc"`},
		{head + "qreg q[2];\nqreg q[1];", pgcode.SyntaxError, `line 4: register "q" is already declared`},
		{head + "qreg q[2]; creg c[3];\nmeasure q -> c;", pgcode.SyntaxError, "line 4: measure needs"},
		{head + "qreg q[2]; qreg r[3];\ncx q, r;", pgcode.SyntaxError, "line 4: registers of different sizes"},
		{head + "qreg q[1];\nh q[0]; $", pgcode.SyntaxError, "line 4: unexpected character '$'"},
		{head + "qreg q[1];\ngate g a { foo a; }", pgcode.SyntaxError, `line 4: unknown gate "foo"`},
		{head + "qreg q[1]; creg c[1];\nmeasure q -> c;\nh q[0];", pgcode.FeatureNotSupported, "line 5: a gate on qubit 0 after its measurement at line 4"},
		{head + "qreg q[1]; creg c[1];\nif (c == 1) x q[0];", pgcode.FeatureNotSupported, "line 4: classically controlled"},
		{head + "qreg q[1];\nh q[0];\nreset q[0];", pgcode.FeatureNotSupported, "line 5: reset of a qubit after gates"},
		{head + "qreg q[20];\nqreg r[7];", pgcode.ProgramLimitExceeded, "circuit has 27 qubits, more than qsim.max_qubits (26)"},
	}
	for _, tc := range tests {
		_, _, err := simulate(context.Background(), tc.src, defaultMaxQubits)
		if err == nil {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if pgerror.GetCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: %v (%s), want %s containing %q", tc.src, err, pgerror.GetCode(err), tc.code, tc.msg)
		}
	}
	// A reset before any gate is a no-op, and a barrier is ignored.
	assertProbs(t, "reset first", probs(t, head+"qreg q[1]; creg c[1];\nreset q;\nbarrier q;\nx q;\nmeasure q -> c;"), map[string]float64{"1": 1})
}

// TestCountsTables draws few shots over many outcomes (counted in a map) and many (counted
// in a table by outcome): either way the rows come in outcome order, each outcome once,
// the counts summing to the shots; and probabilities with more classical bits than qubits
// (a map) as well as the table's.
func TestCountsTables(t *testing.T) {
	src := "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[10]; creg c[10];\nh q;\nmeasure q -> c;\n"
	c, s, err := simulate(context.Background(), src, defaultMaxQubits)
	if err != nil {
		t.Fatal(err)
	}
	om := newOutcomeMap(c, s)
	for _, shots := range []int64{100, 5000, 1 << 20} {
		rows := drain(s.counts(om, shots, 7))
		var sum int64
		for i, r := range rows {
			if i > 0 && r.value <= rows[i-1].value {
				t.Fatalf("%d shots: outcome %d after %d", shots, r.value, rows[i-1].value)
			}
			sum += r.count
		}
		if sum != shots || len(rows) > int(shots) || shots > 1<<14 && len(rows) != 1<<10 {
			t.Errorf("%d shots: %d outcomes counted %d times", shots, len(rows), sum)
		}
	}
	uniform := func(bits, n int) map[string]float64 {
		want := map[string]float64{}
		for k := 0; k < n; k++ {
			want[fmt.Sprintf("%0*b", bits, k)] = 1 / float64(n)
		}
		return want
	}
	assertProbs(t, "10 qubits", probs(t, src), uniform(10, 1024))
	wide := "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3]; creg c[5];\nh q;\nmeasure q[0] -> c[0]; measure q[1] -> c[1]; measure q[2] -> c[2];\n"
	assertProbs(t, "more bits than qubits", probs(t, wide), uniform(5, 8))
}

package qsim

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// numpyChain simulates the benchmark's circuit as one writes a statevector simulator in
// numpy: the vector viewed as a tensor, each gate applied with whole-array slicing and
// preallocated buffers (qubit q is bit q of the index, as in Qiskit and here), then 1024
// shots drawn from the probabilities. It prints the best time of argv[3] runs.
const numpyChain = `
import sys, time, numpy as np
n, shots, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def run():
    s = np.zeros(1 << n, dtype=np.complex128)
    s[0] = 1
    tmp = np.empty(1 << (n - 1), dtype=np.complex128)
    for q in range(n):
        v = s.reshape(1 << (n - 1 - q), 2, 1 << q)
        t = tmp.reshape(1 << (n - 1 - q), 1 << q)
        np.subtract(v[:, 0, :], v[:, 1, :], out=t)
        v[:, 0, :] += v[:, 1, :]
        v[:, 1, :] = t
    s *= np.sqrt(0.5) ** n
    for c in range(n - 1):
        t = c + 1
        v = s.reshape(1 << (n - 1 - t), 2, 1 << (t - c - 1), 2, 1 << c)
        a = tmp[: 1 << (n - 2)].reshape(1 << (n - 1 - t), 1 << (t - c - 1), 1 << c)
        a[...] = v[:, 0, :, 1, :]
        v[:, 0, :, 1, :] = v[:, 1, :, 1, :]
        v[:, 1, :, 1, :] = a
    p = np.abs(s) ** 2
    p /= p.sum()
    return np.random.default_rng(1).choice(1 << n, size=shots, p=p)
best = None
for _ in range(reps):
    t0 = time.perf_counter()
    run()
    el = time.perf_counter() - t0
    best = el if best is None else min(best, el)
print(best)
`

// BenchmarkHadamardCXChain24 simulates the 24-qubit circuit of the acceptance line, a
// Hadamard on every qubit then a CX chain, and draws 1024 shots. Qiskit is not installed
// here, so the peer is the same circuit in numpy (numpyChain), measured in the same run
// where a python3 with numpy is installed (Debian's python3-numpy):
//
//	go test ./udf/qsim -run X -bench HadamardCXChain24 -benchtime 3x
func BenchmarkHadamardCXChain24(b *testing.B) {
	const n, shots = 24, 1024
	var src strings.Builder
	fmt.Fprintf(&src, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[%d];\ncreg c[%d];\nh q;\n", n, n)
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&src, "cx q[%d], q[%d];\n", i, i+1)
	}
	src.WriteString("measure q -> c;\n")
	var best time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c, s, err := simulate(context.Background(), src.String(), defaultMaxQubits)
		if err != nil {
			b.Fatal(err)
		}
		if len(drain(s.counts(newOutcomeMap(c, s), shots, 1))) == 0 {
			b.Fatal("no counts")
		}
		if el := time.Since(start); best == 0 || el < best {
			best = el
		}
	}
	b.StopTimer()
	b.ReportMetric(best.Seconds(), "pgfast-s")
	out, err := exec.Command("/usr/bin/python3", "-c", numpyChain, strconv.Itoa(n), strconv.Itoa(shots), "3").CombinedOutput()
	if err != nil {
		b.Logf("no numpy peer (%v): %s", err, out)
		return
	}
	peer, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		b.Fatalf("numpy: %s", out)
	}
	b.ReportMetric(peer, "numpy-s")
	b.ReportMetric(peer/best.Seconds(), "speedup")
	b.Logf("pgfast %.3fs, numpy %.3fs (best of 3): pgfast %.1fx faster", best.Seconds(), peer, peer/best.Seconds())
}

package logreg_test

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgfast/pgfast/executor/exectest"
)

// The benchmark data: n samples of d features, each feature a pseudo-random value in
// [-0.5, 0.5) from integer arithmetic that SQL and numpy compute identically, and a binary
// label from a fixed linear rule plus noise, so both sides train on the very same numbers.
const (
	benchFeatures = 20
	benchModulus  = 1000003
)

// featureSQL is the expression of feature j (1-based) of sample i.
func featureSQL(j int) string {
	return fmt.Sprintf("((i * %d + %d) %% %d)::float8 / %d - 0.5", 7919*j+1, 104729*j, benchModulus, benchModulus)
}

// weight is the label rule's weight of feature j.
func weight(j int) float64 { return float64(j%7) - 3 }

func benchDataSQL(n int) string {
	var feats, score []string
	for j := 1; j <= benchFeatures; j++ {
		feats = append(feats, featureSQL(j))
		score = append(score, fmt.Sprintf("%g * (%s)", weight(j), featureSQL(j)))
	}
	noise := fmt.Sprintf("(((i * 15485863 + 32452843) %% %d)::float8 / %d - 0.5) * 4", benchModulus, benchModulus)
	return fmt.Sprintf(`CREATE TABLE bench AS SELECT ARRAY[%s] AS f, (%s + %s) > 0 AS y FROM generate_series(1::bigint, %d) AS i`,
		strings.Join(feats, ", "), strings.Join(score, " + "), noise, n)
}

const sklearnScript = `
import sys, time, numpy as np
from sklearn.linear_model import LogisticRegression
n, d, M = int(sys.argv[1]), int(sys.argv[2]), 1000003
i = np.arange(1, n + 1, dtype=np.int64)
X = np.empty((n, d))
score = np.zeros(n)
for j in range(1, d + 1):
    X[:, j - 1] = ((i * (7919 * j + 1) + 104729 * j) % M).astype(np.float64) / M - 0.5
    score += float(j % 7 - 3) * X[:, j - 1]
noise = (((i * 15485863 + 32452843) % M).astype(np.float64) / M - 0.5) * 4
y = (score + noise) > 0
best = None
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    m = LogisticRegression().fit(X, y)
    el = time.perf_counter() - t
    best = el if best is None else min(best, el)
print(best, m.score(X, y), m.n_iter_[0])
`

// BenchmarkFitVersusScikitLearn fits 1M samples of 20 features through SQL
// (SELECT logreg_fit(f, y) FROM bench) and reports the time against scikit-learn's
// LogisticRegression().fit on the same data, measured in the same run (best of three),
// with both training accuracies. It needs a python3 with scikit-learn (Debian's
// python3-sklearn).
//
//	go test ./udf/logreg -run X -bench FitVersusScikitLearn -benchtime 3x
func BenchmarkFitVersusScikitLearn(b *testing.B) {
	const n = 1000000
	python := sklearnPython()
	if python == "" {
		b.Skip("no python3 with scikit-learn (apt-get install python3-sklearn)")
	}
	sess := exectest.NewSession(b, exectest.NewMemStore())
	if _, err := exectest.Exec(b, sess, benchDataSQL(n)); err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command(python, "-c", sklearnScript, strconv.Itoa(n), strconv.Itoa(benchFeatures), "3").CombinedOutput()
	if err != nil {
		b.Fatalf("scikit-learn: %v\n%s", err, out)
	}
	fields := strings.Fields(string(out))
	skTime, _ := strconv.ParseFloat(fields[0], 64)
	skAcc, _ := strconv.ParseFloat(fields[1], 64)
	b.ResetTimer()
	var best time.Duration
	for k := 0; k < b.N; k++ {
		start := time.Now()
		if _, err := exectest.Exec(b, sess, `CREATE TEMP TABLE model AS SELECT logreg_fit(f, y) AS m FROM bench`); err != nil {
			b.Fatal(err)
		}
		if el := time.Since(start); best == 0 || el < best {
			best = el
		}
		b.StopTimer()
		exectest.Exec(b, sess, `DROP TABLE model`)
		b.StartTimer()
	}
	b.StopTimer()
	exectest.Exec(b, sess, `CREATE TEMP TABLE model AS SELECT logreg_fit(f, y) AS m FROM bench`)
	acc, err := exectest.Exec(b, sess, `SELECT e->>'accuracy', m->'diagnostics'->>'iterations', m->'diagnostics'->>'evaluations' FROM (SELECT logreg_evaluate(m, f, y) AS e FROM bench, model GROUP BY m) s, model`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(best.Seconds(), "pgfast-s")
	b.ReportMetric(skTime, "sklearn-s")
	b.ReportMetric(best.Seconds()/skTime, "ratio")
	b.Logf("pgfast: %.3fs, accuracy|iterations %s; scikit-learn: %.3fs, accuracy %.6f, %s iterations; ratio %.2f",
		best.Seconds(), acc, skTime, skAcc, fields[2], best.Seconds()/skTime)
}

// sklearnPython returns a python3 that imports scikit-learn, or "".
func sklearnPython() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import sklearn").Run() == nil {
			return p
		}
	}
	return ""
}

package logreg_test

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sklearnIris fits scikit-learn's LogisticRegression on the fixture as the SQL tests do
// and prints, as JSON, per case: classes, coefficients, intercepts, training accuracy and
// the predictions.
const sklearnIris = `
import sys, json, csv, numpy as np
from sklearn.linear_model import LogisticRegression
rows = list(csv.reader(open(sys.argv[1])))[1:]
X = np.array([[float(v) for v in r[:4]] for r in rows])
species = np.array([r[4] for r in rows])
out = {}
for name, y, kw in [("multinomial", species, {"max_iter": 200}),
                    ("binary", species == "setosa", {}),
                    ("balanced", species, {"max_iter": 300, "C": 0.3, "class_weight": "balanced"})]:
    m = LogisticRegression(**kw).fit(X, y)
    out[name] = {"classes": [str(c).lower() for c in m.classes_], "coef": m.coef_.tolist(),
                 "intercept": m.intercept_.tolist(), "accuracy": m.score(X, y),
                 "predictions": [str(p).lower() for p in m.predict(X)]}
print(json.dumps(out))
`

// TestAgainstScikitLearn compares models with scikit-learn's on the same data: the same
// classes, coefficients and intercepts within 2e-3 (scikit-learn stops on a relative
// reduction of the objective, pgfast on the gradient, so both lie near the optimum but not
// on the same point), and identical predictions and accuracy. It runs where a python3
// with scikit-learn is installed (CI installs Debian's python3-sklearn) and is skipped
// elsewhere.
func TestAgainstScikitLearn(t *testing.T) {
	python := sklearnPython()
	if python == "" {
		t.Skip("no python3 with scikit-learn (apt-get install python3-sklearn)")
	}
	path, _ := filepath.Abs("testdata/iris.csv")
	out, err := exec.Command(python, "-c", sklearnIris, path).Output()
	if err != nil {
		t.Fatalf("scikit-learn: %v", err)
	}
	type result struct {
		Classes     []string
		Coef        [][]float64
		Intercept   []float64
		Accuracy    float64
		Predictions []string
	}
	var want map[string]result
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	sess := irisSession(t)
	cases := map[string]string{
		"multinomial": `logreg_fit(features, species, '{"max_iter": 200}')`,
		"binary":      `logreg_fit(features, species = 'setosa')`,
		"balanced":    `logreg_fit(features, species, '{"max_iter": 300, "C": 0.3, "class_weight": "balanced"}')`,
	}
	for name, fit := range cases {
		w := want[name]
		mustExec(t, sess, `DROP TABLE IF EXISTS sk; CREATE TABLE sk AS SELECT `+fit+` AS model FROM iris`)
		var got struct {
			Classes      []any
			Coefficients [][]float64
			Intercepts   []float64
		}
		if err := json.Unmarshal([]byte(mustExec(t, sess, `SELECT model FROM sk`)), &got); err != nil {
			t.Fatal(err)
		}
		var classes []string
		for _, c := range got.Classes {
			b, _ := json.Marshal(c)
			classes = append(classes, strings.Trim(string(b), `"`))
		}
		if strings.Join(classes, ",") != strings.Join(w.Classes, ",") {
			t.Errorf("%s: classes %v, scikit-learn %v", name, classes, w.Classes)
		}
		for r := range w.Coef {
			for j := range w.Coef[r] {
				if math.Abs(got.Coefficients[r][j]-w.Coef[r][j]) > 2e-3 {
					t.Errorf("%s: coefficient [%d][%d] %.6f, scikit-learn %.6f", name, r, j, got.Coefficients[r][j], w.Coef[r][j])
				}
			}
			if math.Abs(got.Intercepts[r]-w.Intercept[r]) > 2e-3*math.Max(1, math.Abs(w.Intercept[r])) {
				t.Errorf("%s: intercept [%d] %.6f, scikit-learn %.6f", name, r, got.Intercepts[r], w.Intercept[r])
			}
		}
		label := "species"
		if name == "binary" {
			label = "species = 'setosa'"
		}
		preds := strings.Split(mustExec(t, sess, `SELECT logreg_predict(model, features) FROM iris, sk ORDER BY id`), "\n")
		if strings.Join(preds, ",") != strings.Join(w.Predictions, ",") {
			t.Errorf("%s: predictions differ from scikit-learn's", name)
		}
		acc, err := strconv.ParseFloat(mustExec(t, sess, `SELECT logreg_evaluate(model, features, `+label+`)->>'accuracy' FROM iris, sk`), 64)
		if err != nil || math.Abs(acc-w.Accuracy) > 1e-12 {
			t.Errorf("%s: accuracy %v (%v), scikit-learn %v", name, acc, err, w.Accuracy)
		}
	}
}

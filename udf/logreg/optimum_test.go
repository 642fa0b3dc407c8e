package logreg

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/pgfast/pgfast/catalog/types"
)

// readIris reads testdata/iris.csv: four features and the species of each flower.
func readIris(t testing.TB) ([][]float64, []string) {
	t.Helper()
	f, err := os.Open("testdata/iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var x [][]float64
	var y []string
	for _, r := range recs[1:] {
		row := make([]float64, 4)
		for j := range row {
			if row[j], err = strconv.ParseFloat(r[j], 64); err != nil {
				t.Fatal(err)
			}
		}
		x = append(x, row)
		y = append(y, r[4])
	}
	return x, y
}

func trainingSetOf(x [][]float64, y []string, o options) *trainingSet {
	set := &trainingSet{d: len(x[0]), classes: newClassIndex(kindText), opts: o}
	for i := range x {
		set.x = append(set.x, x[i]...)
		set.ids = append(set.ids, set.classes.id(label{s: y[i]}))
	}
	return set
}

// newtonOptimum computes the exact minimizer of the same objective a second way: Newton's
// method with the exact Hessian, to machine precision. Multinomial intercepts are only
// determined up to a common constant; the extra term (sum b)^2/2 pins them to sum zero,
// where L-BFGS started from zero keeps them too (every gradient's intercepts sum to zero).
func newtonOptimum(t *testing.T, x [][]float64, y []int, classes int, c float64) (coef [][]float64, icpt []float64) {
	n, d := len(x), len(x[0])
	rows := classes
	if classes == 2 {
		rows = 1
	}
	dim := rows * (d + 1)
	theta := make([]float64, dim) // row r: d coefficients then the intercept
	xt := func(i, j int) float64 {
		if j == d {
			return 1
		}
		return x[i][j]
	}
	for iter := 0; iter < 100; iter++ {
		grad := make([]float64, dim)
		hess := mat.NewSymDense(dim, nil)
		for i := 0; i < n; i++ {
			p := make([]float64, rows)
			if rows == 1 {
				z := theta[d]
				for j := 0; j < d; j++ {
					z += theta[j] * x[i][j]
				}
				p[0] = 1 / (1 + math.Exp(-z))
			} else {
				z := make([]float64, rows)
				mx := math.Inf(-1)
				for r := 0; r < rows; r++ {
					z[r] = theta[r*(d+1)+d]
					for j := 0; j < d; j++ {
						z[r] += theta[r*(d+1)+j] * x[i][j]
					}
					mx = math.Max(mx, z[r])
				}
				sum := 0.0
				for r := range z {
					p[r] = math.Exp(z[r] - mx)
					sum += p[r]
				}
				for r := range p {
					p[r] /= sum
				}
			}
			for r := 0; r < rows; r++ {
				target := 0.0
				if rows == 1 && y[i] == 1 || rows > 1 && y[i] == r {
					target = 1
				}
				for j := 0; j <= d; j++ {
					grad[r*(d+1)+j] += (p[r] - target) * xt(i, j)
				}
				for s := r; s < rows; s++ {
					h := -p[r] * p[s]
					if r == s {
						h = p[r] * (1 - p[r])
					}
					for j := 0; j <= d; j++ {
						for l := 0; l <= d; l++ {
							a, b := r*(d+1)+j, s*(d+1)+l
							if a <= b {
								hess.SetSym(a, b, hess.At(a, b)+h*xt(i, j)*xt(i, l))
							} else if r != s {
								hess.SetSym(b, a, hess.At(b, a)+h*xt(i, j)*xt(i, l))
							}
						}
					}
				}
			}
		}
		sumB := 0.0
		for r := 0; r < rows; r++ {
			sumB += theta[r*(d+1)+d]
		}
		for r := 0; r < rows; r++ {
			for j := 0; j < d; j++ {
				k := r*(d+1) + j
				grad[k] += theta[k] / c
				hess.SetSym(k, k, hess.At(k, k)+1/c)
			}
			if rows > 1 {
				grad[r*(d+1)+d] += sumB
				for s := r; s < rows; s++ {
					a, b := r*(d+1)+d, s*(d+1)+d
					hess.SetSym(a, b, hess.At(a, b)+1)
				}
			}
		}
		var step mat.VecDense
		if err := step.SolveVec(hess, mat.NewVecDense(dim, grad)); err != nil {
			t.Fatal(err)
		}
		norm := 0.0
		for k := range theta {
			theta[k] -= step.AtVec(k)
			norm = math.Max(norm, math.Abs(step.AtVec(k)))
		}
		if norm < 1e-13 {
			break
		}
	}
	for r := 0; r < rows; r++ {
		coef = append(coef, theta[r*(d+1):r*(d+1)+d])
		icpt = append(icpt, theta[r*(d+1)+d])
	}
	return coef, icpt
}

func TestIrisAgreesWithTheExactOptimum(t *testing.T) {
	x, species := readIris(t)
	o := defaultOptions()
	o.maxIter = 200
	cases := []struct {
		name   string
		labels func(string) string
	}{
		{"multinomial", func(s string) string { return s }},
		{"binary", func(s string) string {
			if s == "setosa" {
				return "setosa"
			}
			return "other"
		}},
	}
	for _, tc := range cases {
		y := make([]string, len(species))
		for i, s := range species {
			y[i] = tc.labels(s)
		}
		m, err := fit(context.Background(), trainingSetOf(x, y, o), types.TText)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v", tc.name, m.diag)
		if !m.diag.converged {
			t.Errorf("%s: did not converge: %+v", tc.name, m.diag)
		}
		cls := map[string]int{}
		for k, c := range m.classes {
			cls[c.s] = k
		}
		yi := make([]int, len(y))
		for i, s := range y {
			yi[i] = cls[s]
		}
		coef, icpt := newtonOptimum(t, x, yi, len(m.classes), o.c)
		for r := range coef {
			for j := range coef[r] {
				if got := m.coef[r*m.nFeatures+j]; math.Abs(got-coef[r][j]) > 1e-4 {
					t.Errorf("%s: coefficient [%d][%d] = %.8f, optimum %.8f", tc.name, r, j, got, coef[r][j])
				}
			}
			// Intercepts are larger and flatter directions of the objective: they agree to
			// the same tolerance relative to their size.
			if math.Abs(m.intercept[r]-icpt[r]) > 1e-4*math.Max(1, math.Abs(icpt[r])) {
				t.Errorf("%s: intercept [%d] = %.8f, optimum %.8f", tc.name, r, m.intercept[r], icpt[r])
			}
		}
	}
}

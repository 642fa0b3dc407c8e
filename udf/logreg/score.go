package logreg

import (
	"bytes"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
)

// modelCache decodes a model once for every run of rows that carry the same value, so a
// batch scored against one model (a constant, a scalar subquery, a join with one model per
// group) decodes it once, not per row.
type modelCache struct {
	raw []byte
	m   *model
}

func (c *modelCache) get(v pgjson.Value) (*model, error) {
	if c.m != nil && bytes.Equal(c.raw, v) {
		return c.m, nil
	}
	m, err := decodeModel(v)
	if err != nil {
		return nil, err
	}
	c.raw, c.m = append([]byte(nil), v...), m // a fresh copy: callers keep it
	return m, nil
}

// scorer computes class probabilities for many samples of one model with one matrix
// product: Z = X W^T + b, then the sigmoid (binary) or the softmax, row by row.
type scorer struct {
	x, z []float64
}

// probabilities returns, for the samples gathered in x (rows x n_features), one
// probability per class per row, row-major (classes in sorted order).
func (s *scorer) probabilities(m *model, x []float64, rows int) []float64 {
	k, d := m.rows, m.nFeatures
	if cap(s.z) < rows*k {
		s.z = make([]float64, rows*k)
	}
	z := s.z[:rows*k]
	if d > 0 {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1,
			blas64.General{Rows: rows, Cols: d, Stride: d, Data: x},
			blas64.General{Rows: k, Cols: d, Stride: d, Data: m.coef},
			0, blas64.General{Rows: rows, Cols: k, Stride: k, Data: z})
	} else {
		clear(z)
	}
	out := make([]float64, rows*len(m.classes))
	if m.binary() {
		for i := range z {
			p := sigmoid(z[i] + m.intercept[0])
			out[2*i], out[2*i+1] = 1-p, p
		}
		return out
	}
	for i := 0; i < rows; i++ {
		row, o := z[i*k:(i+1)*k], out[i*k:(i+1)*k]
		mx := math.Inf(-1)
		for j := range row {
			row[j] += m.intercept[j]
			mx = math.Max(mx, row[j])
		}
		sum := 0.0
		for j, v := range row {
			o[j] = math.Exp(v - mx)
			sum += o[j]
		}
		for j := range o {
			o[j] /= sum
		}
	}
	return out
}

// argmax returns the most probable class of each row (the first of equals, as numpy's
// argmax; for a binary model the second class only when its score is positive, as
// scikit-learn's predict).
func argmax(m *model, probs []float64, rows int) []int {
	k := len(m.classes)
	out := make([]int, rows)
	for i := range out {
		row := probs[i*k : (i+1)*k]
		best := 0
		for j, p := range row {
			if p > row[best] {
				best = j
			}
		}
		out[i] = best
	}
	return out
}

// gather collects rows' features into s.x for scoring.
func (s *scorer) gather(rows [][]float64, d int) []float64 {
	if cap(s.x) < len(rows)*d {
		s.x = make([]float64, len(rows)*d)
	}
	x := s.x[:len(rows)*d]
	for i, r := range rows {
		copy(x[i*d:], r)
	}
	return x
}

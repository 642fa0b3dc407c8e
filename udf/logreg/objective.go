package logreg

import (
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// objective is scikit-learn's lbfgs objective for one training set: the sum over samples
// of their weighted log-loss plus ||W||^2 / (2C), the intercepts not penalized.
//
// The parameters are laid out as rows x (nFeatures) coefficients, row-major, then the
// rows intercepts (when fitted). A binary problem has one row and the sigmoid; a
// multinomial one a row per class and the softmax.
//
// Evaluation splits the samples into fixed chunks of chunkRows: each chunk computes its
// scores with one matrix product (gonum BLAS), its loss and residuals, and its gradient
// with a second product, into its own slot; the slots are then summed in chunk order. The
// chunks are shared among workers, and because the slots are summed in a fixed order the
// result does not depend on how many there are.
type objective struct {
	x         []float64 // samples x features, row-major
	y         []int32   // class of each sample, in sorted order
	cw        []float64 // weight of each class: a sample weighs its class's weight
	n, d      int
	rows      int  // 1 (binary) or the number of classes
	intercept bool // the intercepts are parameters
	invC      float64
	workers   int

	// scratch, per chunk
	loss  []float64
	grads [][]float64
	z     [][]float64 // chunk scores
}

// chunkRows is the samples of one chunk: 2048 rows of 20 features (320 kB) stay in a core's
// L2 cache between the product computing their scores and the one computing their
// gradient, so the features are read from memory once per evaluation.
const chunkRows = 2048

func newObjective(x []float64, y []int32, cw []float64, d, classes int, o options) *objective {
	n := len(y)
	rows := classes
	if classes == 2 {
		rows = 1
	}
	ob := &objective{x: x, y: y, cw: cw, n: n, d: d, rows: rows, intercept: o.fitIntercept, invC: 1 / o.c,
		workers: runtime.GOMAXPROCS(0)}
	chunks := (n + chunkRows - 1) / chunkRows
	ob.loss = make([]float64, chunks)
	ob.grads = make([][]float64, chunks)
	ob.z = make([][]float64, chunks)
	return ob
}

// dim is the number of parameters.
func (ob *objective) dim() int {
	if ob.intercept {
		return ob.rows * (ob.d + 1)
	}
	return ob.rows * ob.d
}

// eval returns the objective at p and writes its gradient to grad.
func (ob *objective) eval(p, grad []float64) float64 {
	chunks := len(ob.loss)
	next := make(chan int, chunks)
	for c := 0; c < chunks; c++ {
		next <- c
	}
	close(next)
	workers := min(ob.workers, chunks)
	if ob.n*ob.d*ob.rows < 1<<16 {
		workers = 1 // too little work to share
	}
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				ob.chunk(c, p)
			}
		}()
	}
	wg.Wait()
	for i := range grad {
		grad[i] = 0
	}
	loss := 0.0
	for c := 0; c < chunks; c++ {
		loss += ob.loss[c]
		for i, g := range ob.grads[c] {
			grad[i] += g
		}
	}
	// The penalty on the coefficients (not the intercepts).
	coef := p[:ob.rows*ob.d]
	sq := 0.0
	for i, v := range coef {
		sq += v * v
		grad[i] += ob.invC * v
	}
	return loss + 0.5*ob.invC*sq
}

// chunk computes the loss and gradient of samples [c*chunkRows, ...) into slot c.
func (ob *objective) chunk(c int, p []float64) {
	lo, hi := c*chunkRows, min((c+1)*chunkRows, ob.n)
	m := hi - lo
	k, d := ob.rows, ob.d
	if ob.grads[c] == nil {
		ob.grads[c] = make([]float64, ob.dim())
		ob.z[c] = make([]float64, m*k)
	}
	g, z := ob.grads[c], ob.z[c]
	xs := blas64.General{Rows: m, Cols: d, Stride: d, Data: ob.x[lo*d : hi*d]}
	coef := blas64.General{Rows: k, Cols: d, Stride: d, Data: p[:k*d]}
	zs := blas64.General{Rows: m, Cols: k, Stride: k, Data: z}
	// Scores: Z = X W^T (+ b).
	if d > 0 {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, xs, coef, 0, zs)
	} else {
		for i := range z {
			z[i] = 0
		}
	}
	if ob.intercept {
		b := p[k*d:]
		for i := 0; i < m; i++ {
			row := z[i*k : (i+1)*k]
			for j := range row {
				row[j] += b[j]
			}
		}
	}
	// Loss, and the residuals (probabilities minus targets, weighted) in place of Z.
	loss := 0.0
	y, cw := ob.y[lo:hi], ob.cw
	if k == 1 {
		loss = ob.binaryChunk(z, y)
	} else {
		for i := 0; i < m; i++ {
			row := z[i*k : (i+1)*k]
			mx := row[0]
			for _, v := range row[1:] {
				mx = math.Max(mx, v)
			}
			yi := int(y[i])
			zy := row[yi]
			sum := 0.0
			for j, v := range row {
				e := math.Exp(v - mx)
				row[j] = e
				sum += e
			}
			wi := cw[yi]
			loss += wi * (mx + math.Log(sum) - zy)
			for j := range row {
				row[j] = wi * row[j] / sum
			}
			row[yi] -= wi
		}
	}
	ob.loss[c] = loss
	// Gradient: R^T X for the coefficients, column sums of R for the intercepts.
	if d > 0 {
		gs := blas64.General{Rows: k, Cols: d, Stride: d, Data: g[:k*d]}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, zs, xs, 0, gs)
	}
	if ob.intercept {
		gb := g[k*d:]
		for j := range gb {
			gb[j] = 0
		}
		for i := 0; i < m; i++ {
			for j := 0; j < k; j++ {
				gb[j] += z[i*k+j]
			}
		}
	}
}

// binaryChunk returns the weighted log-loss of scores z with targets y (0 or 1) and
// replaces the scores with the weighted residuals sigmoid(z) - y.
//
// log(1 + e^z) and the sigmoid come from one exponential: with e = e^-|z|,
// log(1 + e^z) = max(z, 0) + log(1 + e), and sigmoid(z) = 1/(1 + e) for z >= 0 and
// e/(1 + e) below. The logarithms, the costliest part, are taken of products: each class's
// factors 1 + e (in (1, 2]) are multiplied in runs of productRun, which cannot overflow,
// and one logarithm per run gives their sum of logarithms to the precision of summing
// them.
func (ob *objective) binaryChunk(z []float64, y []int32) float64 {
	cw := ob.cw
	var linear [2]float64 // sum of max(z, 0) - t z per class
	var logs [2]float64   // sum of log(1 + e) per class
	prod := [2]float64{1, 1}
	for i, zi := range z {
		t := y[i] // 0 or 1
		e := math.Exp(-math.Abs(zi))
		p := 1 / (1 + e)
		lin := 0.0
		if zi >= 0 {
			lin = zi
		} else {
			p = e * p
		}
		if t == 1 {
			lin -= zi
		}
		linear[t] += lin
		prod[t] *= 1 + e
		if i%productRun == productRun-1 {
			logs[0] += math.Log(prod[0])
			logs[1] += math.Log(prod[1])
			prod = [2]float64{1, 1}
		}
		z[i] = cw[t] * (p - float64(t))
	}
	logs[0] += math.Log(prod[0])
	logs[1] += math.Log(prod[1])
	return cw[0]*(linear[0]+logs[0]) + cw[1]*(linear[1]+logs[1])
}

// productRun is how many factors in (1, 2] binaryChunk multiplies before taking a
// logarithm: 2^512 is far from overflow.
const productRun = 512

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

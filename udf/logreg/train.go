package logreg

import (
	"context"
	"errors"
	"math"

	"gonum.org/v1/gonum/optimize"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// trainingSet is one group's accumulated samples: features row-major, and each sample's
// class as numbered by the group's classIndex.
type trainingSet struct {
	x       []float64
	ids     []int32
	d       int // features per sample; -1 until the first sample
	classes *classIndex
	opts    options
	hasOpts bool
}

// lbfgsMemory is the number of corrections L-BFGS keeps: scipy's L-BFGS-B default, which
// scikit-learn's lbfgs solver runs with.
const lbfgsMemory = 10

// fit trains a model on the set, as scikit-learn's LogisticRegression(solver="lbfgs")
// does: classes sorted, samples weighted by their class's weight, the objective minimized
// by L-BFGS from zero until the gradient's largest component is at most tol (scipy's
// pgtol) or max_iter iterations have run. scipy also stops when an iteration lowers the
// objective by less than a relative 2.2e-9 (its ftol); pgfast does not, so on an
// ill-conditioned problem it may take more iterations than scikit-learn and end nearer the
// optimum (Iris: 151 against 123, coefficients within 1e-4 of the exact optimum).
func fit(ctx context.Context, set *trainingSet, labelType types.T) (*model, error) {
	classes, rank := set.classes.sorted()
	if len(classes) < 2 {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue,
			"logreg_fit needs samples of at least 2 classes, but the data contains only one class: %s", classes[0].text(set.classes.kind))
	}
	y := make([]int32, len(set.ids))
	counts := make([]int, len(classes))
	for i, id := range set.ids {
		y[i] = rank[id]
		counts[y[i]]++
	}
	cw := set.opts.classWeights(classes, set.classes.kind, counts)
	d := max(set.d, 0)
	ob := newObjective(set.x, y, cw, d, len(classes), set.opts)
	var (
		lastX, lastG []float64
		lastF        float64
		canceled     error
	)
	evaluate := func(p []float64) {
		if lastX != nil && equal(p, lastX) {
			return
		}
		if lastX == nil {
			lastX, lastG = make([]float64, len(p)), make([]float64, len(p))
		}
		if canceled = ctx.Err(); canceled != nil {
			lastF = math.NaN() // the line search then stops at once (cappedSearch)
			return
		}
		copy(lastX, p)
		lastF = ob.eval(p, lastG)
	}
	problem := optimize.Problem{
		Func: func(p []float64) float64 { evaluate(p); return lastF },
		Grad: func(g, p []float64) { evaluate(p); copy(g, lastG) },
	}
	settings := &optimize.Settings{
		GradientThreshold: set.opts.tol,
		MajorIterations:   set.opts.maxIter,
		Converger:         &stalled{rel: stallReduction},
	}
	res, err := optimize.Minimize(problem, make([]float64, ob.dim()), settings,
		&optimize.LBFGS{Store: lbfgsMemory, Linesearcher: &cappedSearch{Linesearcher: &optimize.MoreThuente{}, canceled: &canceled}})
	if canceled != nil {
		return nil, canceled
	}
	if res == nil {
		return nil, pgerror.Wrapf(err, pgcode.InternalError, "logreg_fit")
	}
	m := &model{labelType: labelType, kind: set.classes.kind, classes: classes, rows: ob.rows,
		nFeatures: d, opts: set.opts}
	p := res.X
	m.coef = append([]float64(nil), p[:ob.rows*d]...)
	m.intercept = make([]float64, ob.rows)
	if ob.intercept {
		copy(m.intercept, p[ob.rows*d:])
	}
	loss, grad := res.F, res.Gradient
	gnorm := 0.0
	for _, g := range grad {
		gnorm = math.Max(gnorm, math.Abs(g))
	}
	m.diag = diagnostics{iterations: res.Stats.MajorIterations, status: res.Status.String(), loss: loss,
		gradNorm: gnorm, samples: len(y), evaluations: res.Stats.FuncEvaluations,
		converged: res.Status == optimize.GradientThreshold || res.Status == optimize.FunctionConvergence}
	return m, nil
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// maxLinesearch bounds the evaluations of one line search, scipy's maxls: past it, the
// search has failed (the objective cannot be lowered along the direction within
// floating-point precision) and training ends.
const maxLinesearch = 20

// cappedSearch is a line search that gives up after maxLinesearch evaluations, or as
// soon as an evaluation found the statement canceled.
type cappedSearch struct {
	optimize.Linesearcher
	n        int
	canceled *error
}

var errLinesearch = errors.New("line search failed")

func (c *cappedSearch) Init(value, derivative, step float64) optimize.Operation {
	c.n = 0
	return c.Linesearcher.Init(value, derivative, step)
}

func (c *cappedSearch) Iterate(value, derivative float64) (optimize.Operation, float64, error) {
	if *c.canceled != nil {
		return 0, 0, *c.canceled
	}
	if c.n++; c.n > maxLinesearch {
		return 0, 0, errLinesearch
	}
	return c.Linesearcher.Iterate(value, derivative)
}

// stallReduction is the relative reduction of the objective per iteration below which
// training has stalled: what floating-point sums of the samples' losses can still resolve.
// It is far below scipy's factr·eps (2.2e-9), so it ends training only where the gradient
// tolerance cannot be reached in floating point, not before.
const stallReduction = 1e-13

// stalled is a Converger that ends training when an iteration lowers the objective by less
// than rel relative to its size: (f_prev - f) / max(|f_prev|, |f|, 1) <= rel, as scipy's
// factr test reads.
type stalled struct {
	rel   float64
	prev  float64
	first bool
}

func (s *stalled) Init(int) { s.first = true }

func (s *stalled) Converged(loc *optimize.Location) optimize.Status {
	f := loc.F
	if s.first {
		s.first, s.prev = false, f
		return optimize.NotTerminated
	}
	red := (s.prev - f) / math.Max(math.Max(math.Abs(s.prev), math.Abs(f)), 1)
	s.prev = f
	if red <= s.rel {
		return optimize.FunctionConvergence
	}
	return optimize.NotTerminated
}

package logreg

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// cancelAfter is a context that reports itself canceled from its n-th Err call on, so a
// test can cancel training in the middle of its iterations, deterministically.
type cancelAfter struct {
	context.Context
	n     int64
	calls atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.calls.Add(1) >= c.n {
		return context.Canceled
	}
	return nil
}

// TestFitCancel cancels training after a few evaluations of the objective: fit returns the
// context's error rather than a model, and stops asking (each evaluation asks once; the
// optimizer may ask for the gradient at the point whose value found the cancellation).
func TestFitCancel(t *testing.T) {
	x, y := readIris(t)
	o := defaultOptions()
	o.maxIter = 200
	// The first evaluation, one in the first line search, one well into training.
	for _, n := range []int64{1, 2, 10, 100} {
		ctx := &cancelAfter{Context: context.Background(), n: n}
		m, err := fit(ctx, trainingSetOf(x, y, o), types.TText)
		if !errors.Is(err, context.Canceled) || m != nil {
			t.Fatalf("canceled at evaluation %d: got model %v, error %v; want context.Canceled", n, m, err)
		}
		if calls := ctx.calls.Load(); calls > n+1 {
			t.Errorf("canceled at evaluation %d: the context was asked %d times: training went on", n, calls)
		}
	}
}

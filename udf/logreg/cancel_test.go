package logreg

import (
	"context"
	"errors"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/udf/internal/ctxtest"
)

// TestFitCancel cancels training after a few evaluations of the objective: fit returns the
// context's error rather than a model, and stops asking (each evaluation asks once; the
// optimizer may ask for the gradient at the point whose value found the cancellation).
func TestFitCancel(t *testing.T) {
	x, y := readIris(t)
	o := defaultOptions()
	o.maxIter = 200
	// The first evaluation, one in the first line search, one well into training.
	for _, n := range []int64{1, 2, 10, 100} {
		ctx := ctxtest.New(n)
		m, err := fit(ctx, trainingSetOf(x, y, o), types.TText)
		if !errors.Is(err, context.Canceled) || m != nil {
			t.Fatalf("canceled at evaluation %d: got model %v, error %v; want context.Canceled", n, m, err)
		}
		if calls := ctx.Calls(); calls > n+1 {
			t.Errorf("canceled at evaluation %d: the context was asked %d times: training went on", n, calls)
		}
	}
}

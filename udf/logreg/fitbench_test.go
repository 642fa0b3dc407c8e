package logreg

import (
	"context"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// BenchmarkTrain1Mx20 trains on the benchmark's data without SQL: the optimizer alone.
func BenchmarkTrain1Mx20(b *testing.B) {
	const n, d, mod = 1000000, 20, 1000003
	set := &trainingSet{d: d, classes: newClassIndex(kindBool), opts: defaultOptions()}
	set.x = make([]float64, 0, n*d)
	for i := int64(1); i <= n; i++ {
		score := 0.0
		for j := int64(1); j <= d; j++ {
			x := float64((i*(7919*j+1)+104729*j)%mod)/mod - 0.5
			set.x = append(set.x, x)
			score += float64(j%7-3) * x
		}
		score += (float64((i*15485863+32452843)%mod)/mod - 0.5) * 4
		l := label{}
		if score > 0 {
			l.i = 1
		}
		set.ids = append(set.ids, set.classes.id(l))
	}
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		m, err := fit(context.Background(), set, types.TBool)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(m.diag.evaluations), "evals")
		b.Logf("%+v", m.diag)
	}
}

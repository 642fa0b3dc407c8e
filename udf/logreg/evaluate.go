package logreg

import (
	"bytes"
	"math"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// evalState is logreg_evaluate's aggregate state: per group, the model its rows are scored
// with and the running confusion matrix and log-loss.
type evalState struct {
	env       *catalog.FuncEnv
	labelType types.T
	groups    []*evalGroup
	cache     modelCache
	scorer    scorer
}

var _ catalog.AggState = (*evalState)(nil)

type evalGroup struct {
	raw       []byte
	m         *model
	classOf   map[label]int
	confusion []int64 // true class x predicted class
	logLoss   float64
	n         int64
}

func newEvaluate(env *catalog.FuncEnv) catalog.AggState {
	t := env.ArgTypes[2]
	if t.OID == types.Unknown || t.OID == types.UnknownLit {
		t = types.TText
	}
	return &evalState{env: env, labelType: t}
}

func (s *evalState) group(g uint32) *evalGroup {
	for int(g) >= len(s.groups) {
		s.groups = append(s.groups, nil)
	}
	if s.groups[g] == nil {
		s.groups[g] = &evalGroup{}
	}
	return s.groups[g]
}

// bind attaches model m (raw bytes raw) to the group: a group is evaluated against one
// model.
func (g *evalGroup) bind(raw []byte, m *model) error {
	if g.m != nil {
		if !bytes.Equal(g.raw, raw) {
			return pgerror.New(pgcode.InvalidParameterValue, "logreg_evaluate: the rows of a group must all be scored with the same model").
				WithHint("Evaluate each model in a group of its own (GROUP BY the model).")
		}
		return nil
	}
	g.raw, g.m = append([]byte(nil), raw...), m
	k := len(m.classes)
	g.confusion = make([]int64, k*k)
	g.classOf = make(map[label]int, k)
	for i, c := range m.classes {
		g.classOf[c] = i
	}
	return nil
}

// Update scores each row with its group's model and counts the outcome. Rows with a NULL
// model, features or label are skipped, as aggregates skip NULL inputs.
func (s *evalState) Update(groups []uint32, args []arrow.Array) error {
	kind, err := kindOf("logreg_evaluate", s.labelType)
	if err != nil {
		return err
	}
	b, err := newBatch("logreg_evaluate", s.env, args[:2])
	if err != nil {
		return err
	}
	labels := args[2]
	b.valid = func(i int) bool { return !labels.IsNull(i) }
	return b.run(func(m *model, raw []byte, rows []int, probs []float64) error {
		if m.kind != kind {
			return wrongLabelType("logreg_evaluate", m, s.labelType)
		}
		k := len(m.classes)
		pred := argmax(m, probs, len(rows))
		for r, i := range rows {
			g := s.group(groups[i])
			if err := g.bind(raw, m); err != nil {
				return err
			}
			l := labelAt(labels, i)
			c, ok := g.classOf[l]
			if !ok {
				return pgerror.Newf(pgcode.InvalidParameterValue, "logreg_evaluate: label %s is not one of the model's classes", l.text(kind))
			}
			g.confusion[c*k+pred[r]]++
			g.logLoss -= math.Log(math.Max(probs[r*k+c], logLossEps))
			g.n++
		}
		return nil
	}, func(int) {})
}

// logLossEps is the probability log-loss clips to, scikit-learn's (float64's epsilon).
const logLossEps = 2.220446049250313e-16

// Merge adds other's counts into the groups mapping names.
func (s *evalState) Merge(other catalog.AggState, mapping []uint32) error {
	for g, src := range other.(*evalState).groups {
		if src == nil || src.m == nil {
			continue
		}
		dst := s.group(mapping[g])
		if err := dst.bind(src.raw, src.m); err != nil {
			return err
		}
		for i, c := range src.confusion {
			dst.confusion[i] += c
		}
		dst.logLoss += src.logLoss
		dst.n += src.n
	}
	return nil
}

// Finalize reports each group's metrics; a group with no scored rows gives NULL.
func (s *evalState) Finalize(ngroups int) (arrow.Array, error) {
	out := make([][]byte, ngroups)
	for g := 0; g < ngroups && g < len(s.groups); g++ {
		if grp := s.groups[g]; grp != nil && grp.n > 0 {
			var w pgjson.Writer
			grp.report(&w)
			out[g] = append([]byte(nil), w.Bytes()...)
		}
	}
	return jsonbArray(s.env, out), nil
}

// report writes the metrics as scikit-learn computes them: accuracy, per-class precision,
// recall, F1 and support (0 where a denominator is 0), their unweighted (macro) means, the
// mean log-loss, and the confusion matrix with true classes as rows and predicted classes
// as columns, both in the model's class order.
//
//	{"n_samples": 30, "accuracy": 0.9667, "log_loss": 0.12, "classes": [...],
//	 "precision": [...], "recall": [...], "f1": [...], "support": [...],
//	 "macro": {"precision": ..., "recall": ..., "f1": ...},
//	 "confusion_matrix": [[10, 0], [1, 19]]}
func (g *evalGroup) report(w *pgjson.Writer) {
	k := len(g.m.classes)
	num := func(f float64) { w.Number(strconv.AppendFloat(nil, f, 'g', -1, 64)) }
	list := func(vals []float64) {
		w.BeginArray()
		for _, v := range vals {
			num(v)
		}
		w.End()
	}
	precision, recall, f1, support := make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k)
	var correct int64
	for c := 0; c < k; c++ {
		var tp, predicted, actual int64
		for j := 0; j < k; j++ {
			predicted += g.confusion[j*k+c]
			actual += g.confusion[c*k+j]
		}
		tp = g.confusion[c*k+c]
		correct += tp
		precision[c] = ratio(tp, predicted)
		recall[c] = ratio(tp, actual)
		if precision[c]+recall[c] > 0 {
			f1[c] = 2 * precision[c] * recall[c] / (precision[c] + recall[c])
		}
		support[c] = float64(actual)
	}
	w.BeginObject()
	w.Key([]byte("n_samples"))
	num(float64(g.n))
	w.Key([]byte("accuracy"))
	num(float64(correct) / float64(g.n))
	w.Key([]byte("log_loss"))
	num(g.logLoss / float64(g.n))
	w.Key([]byte("classes"))
	w.BeginArray()
	for _, c := range g.m.classes {
		c.writeJSON(w, g.m.kind)
	}
	w.End()
	w.Key([]byte("precision"))
	list(precision)
	w.Key([]byte("recall"))
	list(recall)
	w.Key([]byte("f1"))
	list(f1)
	w.Key([]byte("support"))
	list(support)
	w.Key([]byte("macro"))
	w.BeginObject()
	w.Key([]byte("precision"))
	num(mean(precision))
	w.Key([]byte("recall"))
	num(mean(recall))
	w.Key([]byte("f1"))
	num(mean(f1))
	w.End()
	w.Key([]byte("confusion_matrix"))
	w.BeginArray()
	for c := 0; c < k; c++ {
		w.BeginArray()
		for j := 0; j < k; j++ {
			num(float64(g.confusion[c*k+j]))
		}
		w.End()
	}
	w.End()
	w.End()
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

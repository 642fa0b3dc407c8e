package logreg

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// batch is the prediction work of one call: the rows with a model and features, split in
// runs that share a model value, each scored with one matrix product.
type batch struct {
	n      int
	models arrow.Array
	feats  *features
	valid  func(i int) bool
	cache  modelCache
	scorer scorer
	fn     string
}

// run calls emit for every run of valid rows sharing a model, with the rows and their
// class probabilities; rows not valid are reported to skip.
func (b *batch) run(emit func(m *model, raw []byte, rows []int, probs []float64) error, skip func(i int)) error {
	var (
		cur     *model
		curRaw  []byte
		rows    []int
		samples [][]float64
	)
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		x := b.scorer.gather(samples, cur.nFeatures)
		err := emit(cur, curRaw, rows, b.scorer.probabilities(cur, x, len(rows)))
		rows, samples = rows[:0], samples[:0]
		return err
	}
	for i := 0; i < b.n; i++ {
		if !b.valid(i) || b.models.IsNull(i) || b.feats.r.IsNull(i) {
			if err := flush(); err != nil {
				return err
			}
			skip(i)
			continue
		}
		m, err := b.cache.get(jsonbAt(b.models, i))
		if err != nil {
			return err
		}
		if m != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, curRaw = m, b.cache.raw
		}
		row, err := b.feats.row(i, m.nFeatures)
		if err != nil {
			return err
		}
		rows = append(rows, i)
		samples = append(samples, row)
	}
	return flush()
}

func newBatch(fn string, env *catalog.FuncEnv, args []arrow.Array) (*batch, error) {
	feats, err := readFeatures(fn, args[1])
	if err != nil {
		return nil, err
	}
	return &batch{n: args[0].Len(), models: args[0], feats: feats, valid: env.RowValid, fn: fn}, nil
}

// predictText is logreg_predict(model, features): the most probable class as text, the
// type of a call's result being fixed before any model is read.
func predictText(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	b, err := newBatch("logreg_predict", env, args)
	if err != nil {
		return nil, err
	}
	out := array.NewStringBuilder(allocator(env))
	defer out.Release()
	out.Reserve(b.n)
	err = b.run(func(m *model, _ []byte, rows []int, probs []float64) error {
		for _, c := range argmax(m, probs, len(rows)) {
			out.Append(m.classes[c].text(m.kind))
		}
		return nil
	}, func(int) { out.AppendNull() })
	if err != nil {
		return nil, err
	}
	return out.NewArray(), nil
}

// predictTyped is logreg_predict(model, features, label anyelement): the class in the
// type of the third argument (a typed NULL, as in jsonb_populate_record), which must be of
// the model's kind of label.
func predictTyped(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	want, err := kindOf("logreg_predict", env.RetType)
	if err != nil {
		return nil, err
	}
	b, err := newBatch("logreg_predict", env, args[:2])
	if err != nil {
		return nil, err
	}
	out := newLabelBuilder(allocator(env), env.RetType)
	defer out.b.Release()
	err = b.run(func(m *model, _ []byte, rows []int, probs []float64) error {
		if m.kind != want {
			return wrongLabelType("logreg_predict", m, env.RetType)
		}
		for _, c := range argmax(m, probs, len(rows)) {
			if err := out.append(m.classes[c]); err != nil {
				return err
			}
		}
		return nil
	}, func(int) { out.b.AppendNull() })
	if err != nil {
		return nil, err
	}
	return out.b.NewArray(), nil
}

func wrongLabelType(fn string, m *model, t types.T) error {
	return pgerror.Newf(pgcode.DatatypeMismatch, "%s: the model's labels are of type %s, not %s", fn, m.labelType, t).
		WithHint("Pass a label of the type the model was trained with, such as NULL::" + m.labelType.String() + ".")
}

// predictProba is logreg_predict_proba(model, features): the probability of each class,
// in the order of the model's classes.
func predictProba(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	b, err := newBatch("logreg_predict_proba", env, args)
	if err != nil {
		return nil, err
	}
	out := types.NewArrayBuilder(allocator(env), arrow.PrimitiveTypes.Float64)
	defer out.Release()
	elems := out.Elems().(*array.Float64Builder)
	err = b.run(func(m *model, _ []byte, rows []int, probs []float64) error {
		k := len(m.classes)
		for r := range rows {
			out.Begin()
			elems.AppendValues(probs[r*k:(r+1)*k], nil)
			out.End(types.Vector(k))
		}
		return nil
	}, func(int) { out.AppendNull() })
	if err != nil {
		return nil, err
	}
	return out.NewArray(), nil
}

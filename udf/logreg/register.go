package logreg

import (
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Register adds the logreg extension and its functions to reg.
func Register(reg *catalog.Registry) {
	ext := reg.AddExtension(&catalog.Extension{Name: "logreg", Version: "1.0",
		Comment: "logistic regression: fit, predict and evaluate models as scikit-learn does"})
	add := func(f *catalog.Func) {
		f.Extension = ext
		if f.Volatility == 0 {
			f.Volatility = catalog.Immutable
		}
		reg.AddFunc(f)
	}
	jb, f8a, any := types.JSONB, types.Float8Array, types.AnyElement
	fitDesc := "fit a logistic regression model (scikit-learn's lbfgs objective)"
	add(&catalog.Func{Name: "logreg_fit", Kind: catalog.KindAggregate, Args: []types.OID{f8a, any}, ArgNames: []string{"features", "label"},
		Ret: jb, Agg: newFit, Desc: fitDesc})
	add(&catalog.Func{Name: "logreg_fit", Kind: catalog.KindAggregate, Args: []types.OID{f8a, any, jb}, ArgNames: []string{"features", "label", "options"},
		Ret: jb, Agg: newFit, Desc: fitDesc})
	add(&catalog.Func{Name: "logreg_predict", Args: []types.OID{jb, f8a}, ArgNames: []string{"model", "features"},
		Ret: types.Text, Strict: true, Scalar: predictText, Desc: "the most probable class, as text"})
	add(&catalog.Func{Name: "logreg_predict", Args: []types.OID{jb, f8a, any}, ArgNames: []string{"model", "features", "label"},
		Ret: any, Scalar: predictTyped, Desc: "the most probable class, in the type of label (a typed NULL)"})
	add(&catalog.Func{Name: "logreg_predict_proba", Args: []types.OID{jb, f8a}, ArgNames: []string{"model", "features"},
		Ret: f8a, Strict: true, Scalar: predictProba, Desc: "the probability of each class, in the model's class order"})
	add(&catalog.Func{Name: "logreg_evaluate", Kind: catalog.KindAggregate, Args: []types.OID{jb, f8a, any}, ArgNames: []string{"model", "features", "label"},
		Ret: jb, Agg: newEvaluate, Desc: "accuracy, precision, recall, F1, log-loss and confusion matrix of a model"})
}

func allocator(env *catalog.FuncEnv) memory.Allocator {
	if env.Mem != nil {
		return env.Mem
	}
	return memory.DefaultAllocator
}

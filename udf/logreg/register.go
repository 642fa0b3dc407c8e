package logreg

import "github.com/pgfast/pgfast/catalog"

// Register adds the logreg extension and its functions to reg.
func Register(reg *catalog.Registry) {
	reg.AddExtension(&catalog.Extension{Name: "logreg", Version: "1.0",
		Comment: "logistic regression: fit, predict and evaluate models as scikit-learn does"})
}

// Package logreg is the logreg extension: logistic regression in SQL, trained and scored
// as scikit-learn's LogisticRegression(solver="lbfgs") does, next to the data.
//
// # Functions
//
//	logreg_fit(features float8[], label anyelement [, options jsonb]) -> jsonb    aggregate
//	logreg_predict(model jsonb, features float8[]) -> text
//	logreg_predict(model jsonb, features float8[], label anyelement) -> anyelement
//	logreg_predict_proba(model jsonb, features float8[]) -> float8[]
//	logreg_evaluate(model jsonb, features float8[], label anyelement) -> jsonb   aggregate
//
// logreg_fit is an aggregate, so GROUP BY trains one model per group. Labels may be
// boolean, integer, floating-point or text; two classes give a binary model (one row of
// coefficients, the sigmoid), more a multinomial one (a row per class, the softmax), as
// scikit-learn's multi_class="auto" does. The options are scikit-learn's parameters of the
// same names and defaults: C (1), max_iter (100), tol (1e-4), fit_intercept (true) and
// class_weight (null, "balanced", or an object of label text to weight). The model is a
// jsonb value (model.go documents its keys) holding the label type, the classes in
// scikit-learn's order, coefficients, intercepts, the options and diagnostics (iterations,
// evaluations, converged, status, final loss, gradient norm, samples), so it can be stored,
// read by any client, and scored later.
//
// A SQL function's result type is fixed when the statement is planned, before any model
// is read, so logreg_predict(model, features) returns the class as text; given a third
// argument of the labels' type, usually a typed NULL (logreg_predict(m, f, NULL::int)), it
// returns the class in that type, as jsonb_populate_record takes its row type, and a label
// type other than the model's is 42804.
//
// # Training
//
// The aggregate's state keeps, per group, the features in one growing []float64
// (row-major) and each sample's class as a number (fit.go); Finalize trains the groups,
// several at once on different cores (train.go). The objective is scikit-learn's for lbfgs:
// the sum over samples of their log-loss, weighted by class weight, plus ||W||^2/(2C), the
// intercepts not penalized (objective.go). gonum's optimize.LBFGS minimizes it from zero,
// keeping 10 corrections (scipy's default) with a Moré-Thuente line search of at most 20
// evaluations (scipy's maxls), until the gradient's largest component is at most tol
// (scipy's pgtol) or max_iter iterations have run. Where floating point cannot reach tol (a
// sum over a million samples) training also ends once an iteration lowers the objective by
// less than 1e-13 relatively; scipy stops already at 2.2e-9 (its factr), which ends
// scikit-learn's runs earlier (Iris: 123 iterations against pgfast's 151, both within 1e-4
// of the exact optimum; 1M samples of 20 features: 12 against 17, with the same accuracy).
// converged is false when max_iter ran out or the line search failed.
//
// An evaluation of the objective splits the samples into chunks of 2048 rows that workers
// take in turn: per chunk, one matrix product (gonum BLAS) computes the scores X W^T, the
// loss and residuals follow in one pass (for a binary model one exponential per sample and
// one logarithm per 512 samples, of a product), and a second product, while the chunk is
// still in cache, gives the gradient R^T X. Partial results are summed in chunk order, so
// a model does not depend on the number of cores.
//
// # Scoring
//
// logreg_predict, logreg_predict_proba and logreg_evaluate decode a model once per run of
// rows carrying the same value (a constant, a joined model table) and score the run with
// one matrix product (score.go). Predictions take the most probable class (the first of
// equals; for a binary model the second class when its score is positive), as
// scikit-learn's predict. logreg_evaluate reports accuracy, per-class precision, recall,
// F1 and support, their macro means, the mean log-loss (probabilities clipped at float64's
// epsilon, as scikit-learn's log_loss) and the confusion matrix (true classes as rows).
//
// # Errors
//
// NULL features or elements, NaN or infinite values, NULL labels, arrays of another
// length than the group's first (or the model's n_features) and multidimensional arrays
// are errors (22004, 22023, 2202E), as scikit-learn refuses them, rather than rows silently
// skipped: that would train another model. A label type that cannot be a label, or differs
// from the model's, is 42804; unknown options, bad option values, fewer than two classes
// and a jsonb that is not a model are 22023. logreg_evaluate skips rows with a NULL model,
// features or label, as aggregates skip NULLs.
//
// Training data is held in Go memory until Finalize, not accounted against
// --memory-limit: 1M samples of 20 features take 160 MB. Training watches the statement's
// context (catalog.AggContextFinalizer) before every evaluation of the objective, so
// cancellation and statement_timeout stop it within one pass over the samples.
package logreg

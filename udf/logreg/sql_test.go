package logreg_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// irisSession returns a session holding table iris (id, features, species), loaded with
// COPY from the fixture.
func irisSession(t *testing.T) *session.Session {
	t.Helper()
	sess := exectest.NewSession(t, exectest.NewMemStore())
	path, err := filepath.Abs("testdata/iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, sess, `CREATE TABLE iris_raw (sepal_length float8, sepal_width float8, petal_length float8, petal_width float8, species text)`)
	mustExec(t, sess, `COPY iris_raw FROM '`+path+`' WITH (FORMAT csv, HEADER)`)
	mustExec(t, sess, `CREATE TABLE iris AS SELECT row_number() OVER () AS id,
		ARRAY[sepal_length, sepal_width, petal_length, petal_width] AS features, species FROM iris_raw`)
	return sess
}

func mustExec(t *testing.T, sess *session.Session, sql string) string {
	t.Helper()
	out, err := exectest.Exec(t, sess, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// TestIris trains LogisticRegression(max_iter=200) on Iris and scores it on its training
// data: scikit-learn's accuracy is 0.9733 (146 of 150).
func TestIris(t *testing.T) {
	sess := irisSession(t)
	if got := mustExec(t, sess, "SELECT count(*) FROM iris"); got != "150" {
		t.Fatalf("loaded %s rows", got)
	}
	mustExec(t, sess, `CREATE TABLE m AS SELECT logreg_fit(features, species, '{"max_iter": 200}') AS model FROM iris`)
	if got := mustExec(t, sess, `SELECT model->'classes', model->'diagnostics'->'converged', jsonb_array_length(model->'coefficients') FROM m`); got != `["setosa", "versicolor", "virginica"]|true|3` {
		t.Fatalf("model: %s", got)
	}
	report := `SELECT e->'accuracy', e->'n_samples', e->'confusion_matrix', e->'support'
		FROM (SELECT logreg_evaluate(model, features, species) AS e FROM iris, m) s`
	if got := mustExec(t, sess, report); !strings.HasPrefix(got, "0.97333333333333") || !strings.Contains(got, "|150|") || !strings.HasSuffix(got, "|[50, 50, 50]") {
		t.Fatalf("evaluation: %s", got)
	}
	// The confusion matrix's diagonal is the 146 right answers.
	if got := mustExec(t, sess, `SELECT (e->'confusion_matrix'->0->>0)::int + (e->'confusion_matrix'->1->>1)::int + (e->'confusion_matrix'->2->>2)::int
		FROM (SELECT logreg_evaluate(model, features, species) AS e FROM iris, m) s`); got != "146" {
		t.Fatalf("correct predictions: %s", got)
	}
	// Predictions agree with the evaluation, in text and in the labels' own type.
	if got := mustExec(t, sess, `SELECT count(*) FILTER (WHERE logreg_predict(model, features) = species),
		count(*) FILTER (WHERE logreg_predict(model, features, NULL::text) = species) FROM iris, m`); got != "146|146" {
		t.Fatalf("right predictions: %s", got)
	}
	// Probabilities: one per class, summing to 1, the largest the predicted class's.
	if got := mustExec(t, sess, `SELECT count(*) FROM (SELECT model, features, logreg_predict_proba(model, features) AS p FROM iris, m) q
		WHERE array_length(p, 1) = 3 AND abs(p[1] + p[2] + p[3] - 1) < 1e-12
		AND (model->'classes'->>(array_position(p, greatest(p[1], p[2], p[3])) - 1)) = logreg_predict(model, features)`); got != "150" {
		t.Fatalf("consistent probabilities: %s rows", got)
	}
}

// TestIrisBinarySplit trains setosa against the rest on 80% of the flowers and tests on the
// other 20%, reading the accuracy off the confusion matrix.
func TestIrisBinarySplit(t *testing.T) {
	sess := irisSession(t)
	mustExec(t, sess, `CREATE TABLE b AS SELECT id, features, species = 'setosa' AS is_setosa FROM iris`)
	mustExec(t, sess, `CREATE TABLE bm AS SELECT logreg_fit(features, is_setosa) AS model FROM b WHERE id % 5 <> 0`)
	if got := mustExec(t, sess, `SELECT model->'classes', jsonb_array_length(model->'coefficients'), model->'diagnostics'->>'n_samples' FROM bm`); got != "[false, true]|1|120" {
		t.Fatalf("binary model: %s", got)
	}
	got := mustExec(t, sess, `SELECT e->'confusion_matrix', e->'accuracy', e->'n_samples'
		FROM (SELECT logreg_evaluate(model, features, is_setosa) AS e FROM b, bm WHERE id % 5 = 0) s`)
	// 30 test flowers, 10 of them setosa: setosa is linearly separable from the others.
	if got != "[[20, 0], [0, 10]]|1|30" {
		t.Fatalf("test split: %s", got)
	}
	if got := mustExec(t, sess, `SELECT count(*) FROM b, bm WHERE id % 5 = 0 AND logreg_predict(model, features, NULL::bool) = is_setosa`); got != "30" {
		t.Fatalf("typed predictions: %s", got)
	}
}

// TestGroupBy trains one model per group, each the model of its group's rows alone.
func TestGroupBy(t *testing.T) {
	sess := irisSession(t)
	mustExec(t, sess, `CREATE TABLE g AS SELECT id % 3 AS fold, features, species FROM iris`)
	grouped := mustExec(t, sess, `SELECT fold, logreg_fit(features, species, '{"max_iter": 500, "C": 0.5}') FROM g GROUP BY fold ORDER BY fold`)
	rows := strings.Split(grouped, "\n")
	if len(rows) != 3 {
		t.Fatalf("%d models", len(rows))
	}
	for fold, row := range rows {
		alone := mustExec(t, sess, `SELECT `+string(rune('0'+fold))+`, logreg_fit(features, species, '{"max_iter": 500, "C": 0.5}') FROM g WHERE fold = `+string(rune('0'+fold)))
		if row != alone {
			t.Errorf("fold %d: grouped model\n%s\ndiffers from the model of its rows alone\n%s", fold, row, alone)
		}
	}
	// Evaluating each fold's model on its own rows, in one statement.
	got := mustExec(t, sess, `SELECT count(*) FROM (SELECT fold, logreg_evaluate(model, features, species) AS e
		FROM g JOIN (SELECT fold, logreg_fit(features, species, '{"max_iter": 500}') AS model FROM g GROUP BY fold) ms USING (fold)
		GROUP BY fold) s WHERE (e->>'accuracy')::float8 > 0.9 AND (e->>'n_samples')::int = 50`)
	if got != "3" {
		t.Fatalf("per-fold evaluations: %s", got)
	}
}

// TestSignatures checks the functions' signatures as \df shows them.
func TestSignatures(t *testing.T) {
	sess := exectest.NewSession(t, exectest.NewMemStore())
	got := mustExec(t, sess, `SELECT proname, pg_get_function_arguments(oid), pg_get_function_result(oid), prokind
		FROM pg_proc WHERE proname LIKE 'logreg%' ORDER BY 1, 2`)
	want := strings.Join([]string{
		"logreg_evaluate|model jsonb, features double precision[], label anyelement|jsonb|a",
		"logreg_fit|features double precision[], label anyelement|jsonb|a",
		"logreg_fit|features double precision[], label anyelement, options jsonb|jsonb|a",
		"logreg_predict|model jsonb, features double precision[]|text|f",
		"logreg_predict|model jsonb, features double precision[], label anyelement|anyelement|f",
		"logreg_predict_proba|model jsonb, features double precision[]|double precision[]|f",
	}, "\n")
	if got != want {
		t.Fatalf("signatures:\n%s\nwant\n%s", got, want)
	}
}

func TestErrors(t *testing.T) {
	sess := irisSession(t)
	mustExec(t, sess, `CREATE TABLE m AS SELECT logreg_fit(features, species) AS model FROM iris`)
	tests := []struct {
		sql  string
		code pgcode.Code
		msg  string
	}{
		{`SELECT logreg_fit(f, l) FROM (VALUES (ARRAY[1.0, 2.0]::float8[], 'a'), (ARRAY[1.0]::float8[], 'b')) v(f, l)`,
			pgcode.ArraySubscriptError, "feature arrays must all have the same length: expected 2 features, got 1"},
		{`SELECT logreg_fit(f, l) FROM (VALUES (ARRAY[1.0, 2.0]::float8[], 'a'), (NULL::float8[], 'b')) v(f, l)`,
			pgcode.NullValueNotAllowed, "logreg_fit: features are NULL"},
		{`SELECT logreg_fit(f, l) FROM (VALUES (ARRAY[1.0, NULL]::float8[], 'a')) v(f, l)`,
			pgcode.NullValueNotAllowed, "logreg_fit: feature 2 is NULL"},
		{`SELECT logreg_fit(f, l) FROM (VALUES (ARRAY[1.0, 'NaN']::float8[], 'a')) v(f, l)`,
			pgcode.InvalidParameterValue, "feature 2 is NaN"},
		{`SELECT logreg_fit(f, l) FROM (VALUES (ARRAY[1.0]::float8[], NULL::text)) v(f, l)`,
			pgcode.NullValueNotAllowed, "a label is NULL"},
		{`SELECT logreg_fit(ARRAY[1.0, 2.0]::float8[], 'only'::text) FROM generate_series(1, 3)`,
			pgcode.InvalidParameterValue, "needs samples of at least 2 classes"},
		{`SELECT logreg_fit(features, species, '{"alpha": 1}') FROM iris`, pgcode.InvalidParameterValue, `unrecognized logreg_fit option "alpha"`},
		{`SELECT logreg_fit(features, species, '{"C": -1}') FROM iris`, pgcode.InvalidParameterValue, `invalid value for logreg_fit option "C": -1`},
		{`SELECT logreg_fit(features, species, '{"tol": -1e-3}') FROM iris`, pgcode.InvalidParameterValue, `invalid value for logreg_fit option "tol": -0.001`},
		{`SELECT logreg_fit(features, now()) FROM iris`, pgcode.DatatypeMismatch, "cannot use labels of type timestamp with time zone"},
		{`SELECT logreg_predict(model, ARRAY[1.0, 2.0]) FROM m`, pgcode.ArraySubscriptError, "expected 4 features, got 2"},
		{`SELECT logreg_predict(model, features, NULL::int) FROM m, iris`, pgcode.DatatypeMismatch, "the model's labels are of type text, not integer"},
		{`SELECT logreg_evaluate(model, features, id) FROM m, iris`, pgcode.DatatypeMismatch, "the model's labels are of type text, not bigint"},
		{`SELECT logreg_evaluate(model, features, 'tulip'::text) FROM m, iris`, pgcode.InvalidParameterValue, "label tulip is not one of the model's classes"},
		{`SELECT logreg_predict('{"classes": [1]}', ARRAY[1.0])`, pgcode.InvalidParameterValue, "invalid logistic regression model"},
	}
	for _, tc := range tests {
		_, err := exectest.Exec(t, sess, tc.sql)
		if err == nil || pgerror.GetCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s:\n got %v (%s)\nwant %s %q", tc.sql, err, pgerror.GetCode(err), tc.code, tc.msg)
		}
	}
	// tol 0 is allowed, as in scikit-learn: training goes on until the objective stalls.
	if got := mustExec(t, sess, `SELECT d->>'status', (d->>'gradient_norm')::float8 < 1e-4 FROM
		(SELECT logreg_fit(features, species, '{"tol": 0, "max_iter": 1000}')->'diagnostics' AS d FROM iris) s`); got != "FunctionConvergence|t" {
		t.Fatalf("tol 0: %s", got)
	}
	// NULL model or features predict NULL; the session survived every error.
	if got := mustExec(t, sess, `SELECT logreg_predict(NULL, ARRAY[1.0]) IS NULL, logreg_predict(model, NULL) IS NULL, logreg_predict(model, NULL, NULL::text) IS NULL FROM m`); got != "t|t|t" {
		t.Fatalf("NULL inputs: %s", got)
	}
}

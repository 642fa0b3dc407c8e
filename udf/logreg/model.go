package logreg

import (
	"strconv"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// model is a fitted logistic regression: what logreg_fit returns as jsonb and the
// prediction functions read back.
//
//	{"label_type": "integer",            the SQL type of the training labels
//	 "classes": [0, 1, 2],               sorted as scikit-learn sorts them
//	 "coefficients": [[...], ...],       one row of n_features per class; one row when binary
//	 "intercepts": [...],                one per row of coefficients
//	 "n_features": 4,
//	 "options": {"C": 1, "max_iter": 100, "tol": 0.0001, "fit_intercept": true,
//	             "class_weight": null},
//	 "diagnostics": {"iterations": 23, "evaluations": 25, "converged": true, "status": "GradientThreshold",
//	                 "loss": 12.3, "gradient_norm": 8e-05, "n_samples": 150}}
//
// A binary model has one row (the second class's log-odds, scikit-learn's coef_ of shape
// (1, n_features)); a multinomial one has a row per class (softmax).
type model struct {
	labelType types.T
	kind      labelKind
	classes   []label
	coef      []float64 // rows x nFeatures, row-major
	intercept []float64 // one per row
	rows      int
	nFeatures int
	opts      options
	diag      diagnostics
}

// diagnostics describe how training went.
type diagnostics struct {
	iterations  int
	evaluations int // of the objective and its gradient
	converged   bool
	status      string
	loss        float64
	gradNorm    float64
	samples     int
}

// binary reports whether the model has one row of coefficients for two classes.
func (m *model) binary() bool { return m.rows == 1 }

// encode writes the model as jsonb.
func (m *model) encode(w *pgjson.Writer) {
	num := func(f float64) { w.Number(strconv.AppendFloat(nil, f, 'g', -1, 64)) }
	key := func(k string) { w.Key([]byte(k)) }
	w.BeginObject()
	key("label_type")
	w.String([]byte(m.labelType.String()))
	key("classes")
	w.BeginArray()
	for _, c := range m.classes {
		c.writeJSON(w, m.kind)
	}
	w.End()
	key("coefficients")
	w.BeginArray()
	for r := 0; r < m.rows; r++ {
		w.BeginArray()
		for _, v := range m.coef[r*m.nFeatures : (r+1)*m.nFeatures] {
			num(v)
		}
		w.End()
	}
	w.End()
	key("intercepts")
	w.BeginArray()
	for _, v := range m.intercept {
		num(v)
	}
	w.End()
	key("n_features")
	num(float64(m.nFeatures))
	key("options")
	m.opts.encode(w, m.kind)
	key("diagnostics")
	w.BeginObject()
	key("iterations")
	num(float64(m.diag.iterations))
	key("evaluations")
	num(float64(m.diag.evaluations))
	key("converged")
	w.Bool(m.diag.converged)
	key("status")
	w.String([]byte(m.diag.status))
	key("loss")
	num(m.diag.loss)
	key("gradient_norm")
	num(m.diag.gradNorm)
	key("n_samples")
	num(float64(m.diag.samples))
	w.End()
	w.End()
}

// decodeModel reads a model logreg_fit wrote. Anything else is a 22023 error naming what
// is missing.
func decodeModel(v pgjson.Value) (*model, error) {
	bad := func(what string) error {
		return pgerror.Newf(pgcode.InvalidParameterValue, "invalid logistic regression model: %s", what).
			WithHint("A model is the jsonb value logreg_fit returns.")
	}
	if v.Kind() != pgjson.KindObject {
		return nil, bad("not a JSON object")
	}
	m := &model{}
	lt, ok := v.Get([]byte("label_type"))
	if !ok || lt.Kind() != pgjson.KindString {
		return nil, bad(`no "label_type"`)
	}
	t := types.ByName(string(lt.Text()))
	if t == nil {
		return nil, bad("unknown label type " + strconv.Quote(string(lt.Text())))
	}
	m.labelType = types.Of(t.OID)
	kind, err := kindOf("logreg", m.labelType)
	if err != nil {
		return nil, bad(err.Error())
	}
	m.kind = kind
	classes, ok := v.Get([]byte("classes"))
	if !ok || classes.Kind() != pgjson.KindArray || classes.Len() < 2 {
		return nil, bad(`"classes" must be an array of at least two labels`)
	}
	for i := 0; i < classes.Len(); i++ {
		c, _ := classes.Index(i)
		l, ok := readLabel(c, kind)
		if !ok {
			return nil, bad("class " + string(pgjson.AppendText(nil, c)) + " is not a " + kind.String() + " label")
		}
		m.classes = append(m.classes, l)
	}
	if m.nFeatures, ok = intMember(v, "n_features"); !ok || m.nFeatures < 0 {
		return nil, bad(`no "n_features"`)
	}
	m.rows = len(m.classes)
	if m.rows == 2 {
		m.rows = 1
	}
	coef, ok := v.Get([]byte("coefficients"))
	if !ok || coef.Kind() != pgjson.KindArray || coef.Len() != m.rows {
		return nil, bad(`"coefficients" must have ` + strconv.Itoa(m.rows) + " rows")
	}
	for r := 0; r < m.rows; r++ {
		row, _ := coef.Index(r)
		vals, ok := floats(row)
		if !ok || len(vals) != m.nFeatures {
			return nil, bad("coefficient row " + strconv.Itoa(r+1) + " must have n_features numbers")
		}
		m.coef = append(m.coef, vals...)
	}
	icpt, ok := v.Get([]byte("intercepts"))
	if !ok {
		return nil, bad(`no "intercepts"`)
	}
	if m.intercept, ok = floats(icpt); !ok || len(m.intercept) != m.rows {
		return nil, bad(`"intercepts" must have one number per coefficient row`)
	}
	return m, nil
}

func intMember(v pgjson.Value, key string) (int, bool) {
	x, ok := v.Get([]byte(key))
	if !ok || x.Kind() != pgjson.KindNumber {
		return 0, false
	}
	n, err := strconv.Atoi(string(x.Text()))
	return n, err == nil
}

// floats reads an array of numbers.
func floats(v pgjson.Value) ([]float64, bool) {
	if v.Kind() != pgjson.KindArray {
		return nil, false
	}
	out := make([]float64, v.Len())
	for i := range out {
		x, _ := v.Index(i)
		if x.Kind() != pgjson.KindNumber {
			return nil, false
		}
		f, err := strconv.ParseFloat(string(x.Text()), 64)
		if err != nil {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

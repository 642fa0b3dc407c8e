package logreg

import (
	"math"
	"strconv"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// options are logreg_fit's training options, scikit-learn's LogisticRegression parameters
// of the same names and defaults.
type options struct {
	c            float64 // inverse regularization strength: the penalty is ||W||^2 / (2C)
	maxIter      int
	tol          float64 // the gradient's largest component at convergence
	fitIntercept bool
	// classWeight is "" (every sample weighs 1), "balanced" (n / (classes * count)), or
	// "custom": weights holds a weight per class label's text.
	classWeight string
	weights     map[string]float64
}

func defaultOptions() options {
	return options{c: 1, maxIter: 100, tol: 1e-4, fitIntercept: true}
}

// parseOptions reads the options object; every key must be known and well typed.
func parseOptions(v pgjson.Value) (options, error) {
	o := defaultOptions()
	if v.Kind() == pgjson.KindNull {
		return o, nil
	}
	if v.Kind() != pgjson.KindObject {
		return o, optionError("logreg_fit options must be a JSON object")
	}
	for i := 0; i < v.Len(); i++ {
		k, val := v.Member(i)
		var ok bool
		switch string(k) {
		case "C":
			o.c, ok = positive(val)
		case "tol":
			// scikit-learn allows 0: training then runs until the objective stalls.
			o.tol, ok = number(val)
			ok = ok && o.tol >= 0
		case "max_iter":
			var f float64
			f, ok = positive(val)
			ok = ok && f == math.Trunc(f) && f <= math.MaxInt32
			o.maxIter = int(f)
		case "fit_intercept":
			ok = val.Kind() == pgjson.KindTrue || val.Kind() == pgjson.KindFalse
			o.fitIntercept = val.Kind() == pgjson.KindTrue
		case "class_weight":
			ok = o.parseClassWeight(val)
		default:
			return o, optionError("unrecognized logreg_fit option \"" + string(k) + "\"").
				WithHint("The options are C, max_iter, tol, fit_intercept and class_weight.")
		}
		if !ok {
			return o, optionError("invalid value for logreg_fit option \"" + string(k) + "\": " + string(pgjson.AppendText(nil, val)))
		}
	}
	return o, nil
}

func (o *options) parseClassWeight(v pgjson.Value) bool {
	switch v.Kind() {
	case pgjson.KindNull:
		o.classWeight = ""
		return true
	case pgjson.KindString:
		o.classWeight = "balanced"
		return string(v.Text()) == "balanced"
	case pgjson.KindObject:
		o.classWeight, o.weights = "custom", map[string]float64{}
		for i := 0; i < v.Len(); i++ {
			k, w := v.Member(i)
			f, ok := positive(w)
			if !ok {
				return false
			}
			o.weights[string(k)] = f
		}
		return true
	}
	return false
}

func positive(v pgjson.Value) (float64, bool) {
	f, ok := number(v)
	return f, ok && f > 0
}

// number reads a finite JSON number.
func number(v pgjson.Value) (float64, bool) {
	if v.Kind() != pgjson.KindNumber {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v.Text()), 64)
	return f, err == nil && !math.IsInf(f, 0)
}

func optionError(msg string) *pgerror.Error {
	return pgerror.New(pgcode.InvalidParameterValue, msg)
}

// classWeights returns the weight of each class (sorted order) given their sample counts,
// as scikit-learn's compute_class_weight: "balanced" is n / (classes * count), a mapping
// gives the named classes their weight and the others 1.
func (o *options) classWeights(classes []label, kind labelKind, counts []int) []float64 {
	w := make([]float64, len(classes))
	n := 0
	for _, c := range counts {
		n += c
	}
	for k := range w {
		switch o.classWeight {
		case "balanced":
			w[k] = float64(n) / float64(len(classes)*counts[k])
		case "custom":
			w[k] = 1
			if x, ok := o.weights[classes[k].text(kind)]; ok {
				w[k] = x
			}
		default:
			w[k] = 1
		}
	}
	return w
}

// encode writes the options as the model records them.
func (o *options) encode(w *pgjson.Writer, kind labelKind) {
	num := func(f float64) { w.Number(strconv.AppendFloat(nil, f, 'g', -1, 64)) }
	w.BeginObject()
	w.Key([]byte("C"))
	num(o.c)
	w.Key([]byte("max_iter"))
	num(float64(o.maxIter))
	w.Key([]byte("tol"))
	num(o.tol)
	w.Key([]byte("fit_intercept"))
	w.Bool(o.fitIntercept)
	w.Key([]byte("class_weight"))
	switch o.classWeight {
	case "balanced":
		w.String([]byte("balanced"))
	case "custom":
		w.BeginObject()
		for k, x := range o.weights {
			w.Key([]byte(k))
			num(x)
		}
		w.End()
	default:
		w.Null()
	}
	w.End()
}

package udf

import (
	"bytes"
	"math"
	"regexp"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/jsonpath"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Methods, arithmetic and predicates of SQL/JSON paths.

func (e *pathExec) method(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	switch it.Str {
	case "type":
		return e.next(it, scalarValue(pgjson.KindString, []byte(v.Kind().TypeName())), cur, last, out)
	case "size":
		n := 1
		switch {
		case v.Kind() == pgjson.KindArray:
			n = v.Len()
		case e.strict:
			return jsonPathErr(pgcode.SqlJsonArrayNotFound, "jsonpath item method .size() can only be applied to an array")
		}
		return e.next(it, numberValue([]byte(itoa(n))), cur, last, out)
	case "abs", "floor", "ceiling":
		return e.unwrapped(v, func(v pgjson.Value) error {
			n, err := e.number(v, it.Str)
			if err != nil {
				return err
			}
			switch it.Str {
			case "abs":
				n = n.Abs()
			case "floor":
				n, _ = types.NumericRound(n, 0, types.RoundFloor)
			default:
				n, _ = types.NumericRound(n, 0, types.RoundCeil)
			}
			return e.next(it, numberValue(types.AppendNumeric(nil, n)), cur, last, out)
		})
	case "double":
		return e.unwrapped(v, func(v pgjson.Value) error {
			d, err := e.double(v)
			if err != nil {
				return err
			}
			return e.next(it, d, cur, last, out)
		})
	}
	return jsonPathErr(pgcode.FeatureNotSupported, "jsonpath item method .%s() is not supported yet", it.Str)
}

// number reads a numeric item for a numeric method.
func (e *pathExec) number(v pgjson.Value, method string) (types.Num, error) {
	if v.Kind() != pgjson.KindNumber {
		return types.Num{}, jsonPathErr(pgcode.NonNumericSqlJsonItem, "jsonpath item method .%s() can only be applied to a numeric value", method)
	}
	return types.ParseNumericText(string(v.Text()))
}

// double is .double(): a number or numeric string as float8 would hold it.
func (e *pathExec) double(v pgjson.Value) (pgjson.Value, error) {
	var f float64
	switch v.Kind() {
	case pgjson.KindNumber:
		n, err := types.ParseNumericText(string(v.Text()))
		if err != nil {
			return nil, err
		}
		f = n.Float64()
		if math.IsInf(f, 0) {
			return nil, jsonPathErr(pgcode.NonNumericSqlJsonItem, "numeric argument of jsonpath item method .double() is out of range for type double precision")
		}
	case pgjson.KindString:
		var err error
		if f, err = types.ParseFloat64(string(v.Text())); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, jsonPathErr(pgcode.NonNumericSqlJsonItem, "string argument of jsonpath item method .double() is not a valid representation of a double precision number")
		}
	default:
		return nil, jsonPathErr(pgcode.NonNumericSqlJsonItem, "jsonpath item method .double() can only be applied to a string or numeric value")
	}
	text := types.AppendFloat64(nil, f, 1)
	num, ok := pgjson.NormalizeNumber(nil, text)
	if !ok {
		return nil, jsonPathErr(pgcode.NumericValueOutOfRange, "value overflows numeric format")
	}
	return numberValue(num), nil
}

// singleNumber evaluates an arithmetic operand, which must be one number.
func (e *pathExec) singleNumber(it *jsonpath.Item, v, cur pgjson.Value, last int, which string, op jsonpath.Kind) (types.Num, error) {
	vals, err := e.values(it, v, cur, last)
	if err != nil {
		return types.Num{}, err
	}
	if len(vals) != 1 || vals[0].Kind() != pgjson.KindNumber {
		return types.Num{}, jsonPathErr(pgcode.SingletonSqlJsonItemRequired, "%s operand of jsonpath operator %s is not a single numeric value", which, jsonpath.OpName(op))
	}
	return types.ParseNumericText(string(vals[0].Text()))
}

func (e *pathExec) arith(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	l, err := e.singleNumber(it.Left, v, cur, last, "left", it.Kind)
	if err != nil {
		return err
	}
	r, err := e.singleNumber(it.Right, v, cur, last, "right", it.Kind)
	if err != nil {
		return err
	}
	var res types.Num
	ok := true
	switch it.Kind {
	case jsonpath.Add:
		res, ok = types.NumericAdd(l, r)
	case jsonpath.Sub:
		res, ok = types.NumericSub(l, r)
	case jsonpath.Mul:
		res, ok = types.NumericMul(l, r)
	case jsonpath.Div, jsonpath.Mod:
		if r.IsZero() {
			return jsonPathErr(pgcode.DivisionByZero, "division by zero")
		}
		if it.Kind == jsonpath.Div {
			res, ok = types.NumericDiv(l, r)
		} else {
			res, ok = types.NumericMod(l, r)
		}
	}
	if !ok {
		return jsonPathErr(pgcode.NumericValueOutOfRange, "value overflows numeric format")
	}
	return e.next(it, numberValue(types.AppendNumeric(nil, res)), cur, last, out)
}

func (e *pathExec) unaryArith(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	vals, err := e.values(it.Left, v, cur, last)
	if err != nil {
		return err
	}
	for _, x := range vals {
		if x.Kind() != pgjson.KindNumber {
			return jsonPathErr(pgcode.SqlJsonNumberNotFound, "operand of unary jsonpath operator %s is not a numeric value", jsonpath.OpName(it.Kind))
		}
		if it.Kind == jsonpath.Minus {
			n, err := types.ParseNumericText(string(x.Text()))
			if err != nil {
				return err
			}
			x = numberValue(types.AppendNumeric(nil, n.Neg()))
		}
		if err := e.next(it, x, cur, last, out); err != nil {
			return err
		}
	}
	return nil
}

// pred evaluates a predicate; errors in its operands make it unknown, as PostgreSQL's
// predicates never raise them.
func (e *pathExec) pred(it *jsonpath.Item, v, cur pgjson.Value, last int) (tri, error) {
	switch it.Kind {
	case jsonpath.And:
		l, err := e.pred(it.Left, v, cur, last)
		if err != nil || l == triFalse {
			return l, err
		}
		r, err := e.pred(it.Right, v, cur, last)
		if err != nil || r == triTrue {
			return l, err
		}
		return r, nil
	case jsonpath.Or:
		l, err := e.pred(it.Left, v, cur, last)
		if err != nil || l == triTrue {
			return l, err
		}
		r, err := e.pred(it.Right, v, cur, last)
		if err != nil || r == triFalse {
			return l, err
		}
		return r, nil
	case jsonpath.Not:
		t, err := e.pred(it.Left, v, cur, last)
		if t != triUnknown {
			t = 1 - t
		}
		return t, err
	case jsonpath.IsUnknown:
		t, err := e.pred(it.Left, v, cur, last)
		return triOf(t == triUnknown), err
	case jsonpath.Exists:
		var vals []pgjson.Value
		if err := e.item(it.Left, v, cur, last, &vals); err != nil {
			return unknownOr(err)
		}
		return triOf(len(vals) > 0), nil
	case jsonpath.LikeRegex:
		return e.likeRegex(it, v, cur, last)
	}
	return e.compare(it, v, cur, last)
}

// unknownOr makes an evaluation error a predicate's unknown; other errors are raised.
func unknownOr(err error) (tri, error) {
	if isPathError(err) {
		return triUnknown, nil
	}
	return triUnknown, err
}

// existential evaluates a predicate over every pair of items: true when some pair
// satisfies it (lax mode stops there), unknown when some pair cannot be compared (strict
// mode stops there) and none satisfies it.
func (e *pathExec) existential(ls, rs []pgjson.Value, test func(l, r pgjson.Value) tri) tri {
	found, unknown := false, false
	for _, l := range ls {
		for _, r := range rs {
			switch test(l, r) {
			case triUnknown:
				if e.strict {
					return triUnknown
				}
				unknown = true
			case triTrue:
				if !e.strict {
					return triTrue
				}
				found = true
			}
		}
	}
	switch {
	case found:
		return triTrue
	case unknown:
		return triUnknown
	}
	return triFalse
}

func (e *pathExec) compare(it *jsonpath.Item, v, cur pgjson.Value, last int) (tri, error) {
	ls, err := e.values(it.Left, v, cur, last)
	if err != nil {
		return unknownOr(err)
	}
	if it.Kind == jsonpath.StartsWith {
		prefix := it.Right.Str
		if it.Right.Kind == jsonpath.Variable {
			val, ok := e.vars.Get([]byte(prefix))
			if e.vars == nil || !ok {
				return triUnknown, pgerror.Newf(pgcode.UndefinedObject, "could not find jsonpath variable \"%s\"", prefix)
			}
			if val.Kind() != pgjson.KindString {
				return triUnknown, nil
			}
			prefix = string(val.Text())
		}
		return e.existential(ls, []pgjson.Value{nil}, func(l, _ pgjson.Value) tri {
			if l.Kind() != pgjson.KindString {
				return triUnknown
			}
			return triOf(bytes.HasPrefix(l.Text(), []byte(prefix)))
		}), nil
	}
	rs, err := e.values(it.Right, v, cur, last)
	if err != nil {
		return unknownOr(err)
	}
	return e.existential(ls, rs, func(l, r pgjson.Value) tri { return compareItems(it.Kind, l, r) }), nil
}

// compareItems is compareItems of jsonpath_exec.c: scalars of one type compare, null
// equals only null, other mixes and containers are not comparable.
func compareItems(op jsonpath.Kind, l, r pgjson.Value) tri {
	lk, rk := l.Kind(), r.Kind()
	lb, rb := lk == pgjson.KindTrue || lk == pgjson.KindFalse, rk == pgjson.KindTrue || rk == pgjson.KindFalse
	if lk != rk && !(lb && rb) {
		if lk == pgjson.KindNull || rk == pgjson.KindNull {
			return triOf(op == jsonpath.NotEqual)
		}
		return triUnknown
	}
	var c int
	switch {
	case lk == pgjson.KindNull:
		c = 0
	case lb:
		c = int(lk) - int(rk)
	case lk == pgjson.KindNumber:
		c = pgjson.CompareNumbers(l.Text(), r.Text())
	case lk == pgjson.KindString:
		c = bytes.Compare(l.Text(), r.Text())
	default:
		return triUnknown // arrays and objects are not comparable
	}
	switch op {
	case jsonpath.Equal:
		return triOf(c == 0)
	case jsonpath.NotEqual:
		return triOf(c != 0)
	case jsonpath.Less:
		return triOf(c < 0)
	case jsonpath.LessEq:
		return triOf(c <= 0)
	case jsonpath.Greater:
		return triOf(c > 0)
	}
	return triOf(c >= 0)
}

func (e *pathExec) likeRegex(it *jsonpath.Item, v, cur pgjson.Value, last int) (tri, error) {
	re, err := likeRegexp(it)
	if err != nil {
		return triUnknown, err
	}
	ls, err := e.values(it.Left, v, cur, last)
	if err != nil {
		return unknownOr(err)
	}
	return e.existential(ls, []pgjson.Value{nil}, func(l, _ pgjson.Value) tri {
		if l.Kind() != pgjson.KindString {
			return triUnknown
		}
		return triOf(re.Match(l.Text()))
	}), nil
}

// likeRegexp compiles like_regex's pattern with its flags.
func likeRegexp(it *jsonpath.Item) (*regexp.Regexp, error) {
	return jsonpath.CompileRegex(it.Str, it.Flags)
}

package udf

import (
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/jsonpath"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Evaluation of SQL/JSON paths over jsonb values, after PostgreSQL's jsonpath_exec.c. A
// path item applied to an input item yields a sequence of items, and each yielded item goes
// through the item's Next step. In lax mode (the default) arrays are unwrapped one level
// where an accessor expects an object or a filter or comparison meets them, a non-array
// is taken as an array of itself for [*] and subscripts, and structural misses (a missing
// key, an index out of range) yield nothing; strict mode makes them errors. Predicates
// are three-valued (true, false, unknown), and errors inside them make them unknown.
//
// Items are encoded jsonb values (pgjson.Value). Computed items (arithmetic results,
// method results, literals) are encoded as they are made.

type pathExec struct {
	strict bool
	// ignoreStructural is set while the steps after .** run.
	ignoreStructural bool
	root             pgjson.Value
	vars             pgjson.Value
	lits             map[*jsonpath.Item]pgjson.Value
	w                pgjson.Writer
}

func newPathExec(p *jsonpath.Path, root, vars pgjson.Value) *pathExec {
	return &pathExec{strict: p.Strict, root: root, vars: vars, lits: map[*jsonpath.Item]pgjson.Value{}}
}

// tri is a predicate's value.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// pathError is an error of the path's evaluation proper (PostgreSQL's RETURN_ERROR): a
// predicate meeting one is unknown, and silent mode suppresses it. Other errors (a missing
// variable) are raised whatever the mode, as PostgreSQL raises them directly.
type pathError struct{ error }

func (e pathError) Unwrap() error { return e.error }

func jsonPathErr(code pgcode.Code, format string, args ...any) error {
	return pathError{pgerror.Newf(code, format, args...)}
}

// isPathError reports whether err is an evaluation error (see pathError).
func isPathError(err error) bool {
	_, ok := err.(pathError)
	return ok
}

// structural reports whether strict mode's structural errors are raised: they are
// ignored below .**, which looks everywhere.
func (e *pathExec) structural() bool { return e.strict && !e.ignoreStructural }

// scalarValue encodes a scalar item.
func scalarValue(k pgjson.Kind, payload []byte) pgjson.Value {
	return append(pgjson.Value{byte(k)}, payload...)
}

func numberValue(n []byte) pgjson.Value { return scalarValue(pgjson.KindNumber, n) }

func boolValue(b bool) pgjson.Value {
	if b {
		return pgjson.Value{byte(pgjson.KindTrue)}
	}
	return pgjson.Value{byte(pgjson.KindFalse)}
}

// literal returns the encoded value of a literal item.
func (e *pathExec) literal(it *jsonpath.Item) pgjson.Value {
	if v, ok := e.lits[it]; ok {
		return v
	}
	var v pgjson.Value
	switch it.Kind {
	case jsonpath.Null:
		v = pgjson.Value{byte(pgjson.KindNull)}
	case jsonpath.String:
		v = scalarValue(pgjson.KindString, []byte(it.Str))
	case jsonpath.Number:
		v = numberValue(it.Num)
	case jsonpath.Bool:
		v = boolValue(it.Bool)
	}
	e.lits[it] = v
	return v
}

// run evaluates the whole path over the root document.
func (e *pathExec) run(root *jsonpath.Item) ([]pgjson.Value, error) {
	var out []pgjson.Value
	err := e.item(root, e.root, e.root, -1, &out)
	return out, err
}

// next applies it's next step to v, or yields v when there is none.
func (e *pathExec) next(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	if it.Next == nil {
		*out = append(*out, v)
		return nil
	}
	return e.item(it.Next, v, cur, last, out)
}

// item evaluates item it applied to input v; cur is @ (the item a filter tests) and last
// the subscript "last" stands for (-1 outside subscripts).
func (e *pathExec) item(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	switch it.Kind {
	case jsonpath.Null, jsonpath.String, jsonpath.Number, jsonpath.Bool:
		return e.next(it, e.literal(it), cur, last, out)
	case jsonpath.Root:
		return e.next(it, e.root, cur, last, out)
	case jsonpath.Current:
		return e.next(it, cur, cur, last, out)
	case jsonpath.Last:
		return e.next(it, numberValue([]byte(itoa(last))), cur, last, out)
	case jsonpath.Variable:
		val, ok := e.vars.Get([]byte(it.Str))
		if e.vars == nil || !ok {
			return pgerror.Newf(pgcode.UndefinedObject, "could not find jsonpath variable \"%s\"", it.Str)
		}
		return e.next(it, val, cur, last, out)
	case jsonpath.Key:
		return e.key(it, v, cur, last, out)
	case jsonpath.AnyKey:
		return e.anyKey(it, v, cur, last, out)
	case jsonpath.AnyArray:
		return e.anyArray(it, v, cur, last, out)
	case jsonpath.Index:
		return e.index(it, v, cur, out)
	case jsonpath.Any:
		return e.anyLevel(it, v, cur, last, 0, out)
	case jsonpath.Filter:
		return e.filter(it, v, cur, last, out)
	case jsonpath.Method:
		return e.method(it, v, cur, last, out)
	case jsonpath.Datetime:
		return jsonPathErr(pgcode.FeatureNotSupported, "jsonpath item method .datetime() is not supported yet")
	case jsonpath.Add, jsonpath.Sub, jsonpath.Mul, jsonpath.Div, jsonpath.Mod:
		return e.arith(it, v, cur, last, out)
	case jsonpath.Plus, jsonpath.Minus:
		return e.unaryArith(it, v, cur, last, out)
	}
	// A predicate used as an expression yields its truth value (null for unknown).
	t, err := e.pred(it, v, cur, last)
	if err != nil {
		return err
	}
	res := pgjson.Value{byte(pgjson.KindNull)}
	if t != triUnknown {
		res = boolValue(t == triTrue)
	}
	return e.next(it, res, cur, last, out)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// unwrapped calls f for v's elements when v is an array in lax mode, else for v.
func (e *pathExec) unwrapped(v pgjson.Value, f func(pgjson.Value) error) error {
	if !e.strict && v.Kind() == pgjson.KindArray {
		for i := 0; i < v.Len(); i++ {
			el, _ := v.Index(i)
			if err := f(el); err != nil {
				return err
			}
		}
		return nil
	}
	return f(v)
}

func (e *pathExec) key(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	return e.unwrapped(v, func(v pgjson.Value) error {
		if v.Kind() != pgjson.KindObject {
			if e.structural() {
				return jsonPathErr(pgcode.SqlJsonMemberNotFound, "jsonpath member accessor can only be applied to an object")
			}
			return nil
		}
		val, ok := v.Get([]byte(it.Str))
		if !ok {
			if e.structural() {
				return jsonPathErr(pgcode.SqlJsonMemberNotFound, "JSON object does not contain key \"%s\"", it.Str)
			}
			return nil
		}
		return e.next(it, val, cur, last, out)
	})
}

func (e *pathExec) anyKey(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	return e.unwrapped(v, func(v pgjson.Value) error {
		if v.Kind() != pgjson.KindObject {
			if e.structural() {
				return jsonPathErr(pgcode.SqlJsonObjectNotFound, "jsonpath wildcard member accessor can only be applied to an object")
			}
			return nil
		}
		for i := 0; i < v.Len(); i++ {
			_, val := v.Member(i)
			if err := e.next(it, val, cur, last, out); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *pathExec) anyArray(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	if v.Kind() != pgjson.KindArray {
		if e.structural() {
			return jsonPathErr(pgcode.SqlJsonArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array")
		}
		if e.strict {
			return nil
		}
		return e.next(it, v, cur, last, out)
	}
	for i := 0; i < v.Len(); i++ {
		el, _ := v.Index(i)
		if err := e.next(it, el, cur, last, out); err != nil {
			return err
		}
	}
	return nil
}

func (e *pathExec) index(it *jsonpath.Item, v, cur pgjson.Value, out *[]pgjson.Value) error {
	isArray := v.Kind() == pgjson.KindArray
	if !isArray && e.strict {
		if e.structural() {
			return jsonPathErr(pgcode.SqlJsonArrayNotFound, "jsonpath array accessor can only be applied to an array")
		}
		return nil
	}
	size := 1
	if isArray {
		size = v.Len()
	}
	for _, s := range it.Subs {
		from, err := e.subscript(s.From, v, cur, size-1)
		if err != nil {
			return err
		}
		to := from
		if s.To != nil {
			if to, err = e.subscript(s.To, v, cur, size-1); err != nil {
				return err
			}
		}
		if (from < 0 || from > to || to >= size) && e.structural() {
			return jsonPathErr(pgcode.InvalidSqlJsonSubscript, "jsonpath array subscript is out of bounds")
		}
		from, to = max(from, 0), min(to, size-1)
		for i := from; i <= to; i++ {
			el := v
			if isArray {
				el, _ = v.Index(i)
			}
			if err := e.next(it, el, cur, size-1, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// subscript evaluates one array subscript to an integer (numbers are truncated).
func (e *pathExec) subscript(it *jsonpath.Item, v, cur pgjson.Value, last int) (int, error) {
	var vals []pgjson.Value
	if err := e.item(it, v, cur, last, &vals); err != nil {
		return 0, err
	}
	if len(vals) != 1 || vals[0].Kind() != pgjson.KindNumber {
		return 0, jsonPathErr(pgcode.InvalidSqlJsonSubscript, "jsonpath array subscript is not a single numeric value")
	}
	n, err := types.ParseNumericText(string(vals[0].Text()))
	if err != nil {
		return 0, err
	}
	n, _ = types.NumericRound(n, 0, types.RoundTrunc)
	i, ok := n.Int64()
	if !ok || i > 1<<31-1 || i < -(1<<31) {
		return 0, jsonPathErr(pgcode.InvalidSqlJsonSubscript, "jsonpath array subscript is out of integer range")
	}
	return int(i), nil
}

// anyLevel is .**{first to last}: the item itself at level 0, its elements or member values
// at level 1, and so on down; {last} alone asks for the leaves. The steps after it run
// with strict mode's structural errors ignored.
func (e *pathExec) anyLevel(it *jsonpath.Item, v, cur pgjson.Value, last int, level uint32, out *[]pgjson.Value) error {
	saved := e.ignoreStructural
	e.ignoreStructural = true
	defer func() { e.ignoreStructural = saved }()
	if it.First == 0 {
		if err := e.next(it, v, cur, last, out); err != nil {
			return err
		}
	}
	return e.anyChildren(it, v, cur, last, 1, out)
}

func (e *pathExec) anyChildren(it *jsonpath.Item, v, cur pgjson.Value, last int, level uint32, out *[]pgjson.Value) error {
	if it.LastLvl != jsonpath.LastLevel && level > it.LastLvl {
		return nil
	}
	leavesOnly := it.First == jsonpath.LastLevel && it.LastLvl == jsonpath.LastLevel
	visit := func(c pgjson.Value) error {
		container := !c.Kind().IsScalar()
		if level >= it.First || leavesOnly && !container {
			if err := e.next(it, c, cur, last, out); err != nil {
				return err
			}
		}
		if container && (it.LastLvl == jsonpath.LastLevel || level < it.LastLvl) {
			return e.anyChildren(it, c, cur, last, level+1, out)
		}
		return nil
	}
	switch v.Kind() {
	case pgjson.KindArray:
		for i := 0; i < v.Len(); i++ {
			el, _ := v.Index(i)
			if err := visit(el); err != nil {
				return err
			}
		}
	case pgjson.KindObject:
		for i := 0; i < v.Len(); i++ {
			_, val := v.Member(i)
			if err := visit(val); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *pathExec) filter(it *jsonpath.Item, v, cur pgjson.Value, last int, out *[]pgjson.Value) error {
	return e.unwrapped(v, func(v pgjson.Value) error {
		t, err := e.pred(it.Left, v, v, last)
		if err != nil {
			return err
		}
		if t == triTrue {
			return e.next(it, v, cur, last, out)
		}
		return nil
	})
}

// values evaluates an operand, unwrapping arrays in lax mode, as comparisons and arithmetic
// read their operands.
func (e *pathExec) values(it *jsonpath.Item, v, cur pgjson.Value, last int) ([]pgjson.Value, error) {
	var vals []pgjson.Value
	if err := e.item(it, v, cur, last, &vals); err != nil {
		return nil, err
	}
	if e.strict {
		return vals, nil
	}
	var out []pgjson.Value
	for _, x := range vals {
		_ = e.unwrapped(x, func(el pgjson.Value) error { out = append(out, el); return nil })
	}
	return out, nil
}

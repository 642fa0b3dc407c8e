package udf

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// jsonb operators and functions over pgjson's encoded values. Field and element access
// (-> ->> on a key or index) read the encoding in place: an object's keys are sorted, so a
// key is found by binary search without decoding anything, and the result of -> is a slice
// of the input copied out as is.

func registerJSONB(b builder) {
	jb, t, i4 := types.JSONB, types.Text, types.Int4
	b.op(3211, "->", jb, t, b.scalar(3478, "jsonb_object_field", oids(jb, t), jb, jsonbField(false)))
	b.op(3477, "->>", jb, t, b.scalar(3214, "jsonb_object_field_text", oids(jb, t), t, jsonbField(true)))
	b.op(3212, "->", jb, i4, b.scalar(3215, "jsonb_array_element", oids(jb, i4), jb, jsonbElement(false)))
	b.op(3481, "->>", jb, i4, b.scalar(3216, "jsonb_array_element_text", oids(jb, i4), t, jsonbElement(true)))
	b.op(3246, "@>", jb, jb, b.scalar(4046, "jsonb_contains", oids(jb, jb), types.Bool, jsonbPredicate(pgjson.Contains)))
	b.op(3250, "<@", jb, jb, b.scalar(4050, "jsonb_contained", oids(jb, jb), types.Bool,
		jsonbPredicate(func(a, b pgjson.Value) bool { return pgjson.Contains(b, a) })))
	b.op(3247, "?", jb, t, b.scalar(4047, "jsonb_exists", oids(jb, t), types.Bool, jsonbExists))
	b.op(3284, "||", jb, jb, b.scalar(3301, "jsonb_concat", oids(jb, jb), jb, jsonbConcat))
	b.op(3285, "-", jb, t, b.scalar(3302, "jsonb_delete", oids(jb, t), jb, jsonbDeleteKey))
	b.op(3286, "-", jb, i4, b.scalar(3303, "jsonb_delete", oids(jb, i4), jb, jsonbDeleteIndex))
	b.scalar(4044, "jsonb_cmp", oids(jb, jb), i4, jsonbCmp)
	b.scalar(3210, "jsonb_typeof", oids(jb), t, jsonbTypeof)
	b.scalar(3207, "jsonb_array_length", oids(jb), i4, jsonbArrayLength)
	b.scalar(3262, "jsonb_strip_nulls", oids(jb), jb, jsonbMap(pgjson.StripNulls))
	b.scalar(3306, "jsonb_pretty", oids(jb), t, jsonbPretty)
}

// jsonbArg returns the encoded values of a jsonb argument.
func jsonbArg(a arrow.Array) *array.Binary { return types.StorageArray(a).(*array.Binary) }

// keyBytes views a string argument's value as bytes, for lookups only.
func keyBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// jsonbOut builds a jsonb result: rows are encoded values, written whole or through w.
type jsonbOut struct {
	*strOut
	w pgjson.Writer
}

func newJSONBOut(env *catalog.FuncEnv, n, hint int) *jsonbOut {
	return &jsonbOut{strOut: newStrOut(allocator(env), n, hint)}
}

// value ends the current row with v.
func (o *jsonbOut) value(v pgjson.Value) {
	o.appendBytes(v)
	o.end()
}

// written ends the current row with what o.w holds, and resets o.w.
func (o *jsonbOut) written() {
	o.value(o.w.Bytes())
	o.w.Reset()
}

func (o *jsonbOut) finish() arrow.Array { return o.finishAs(types.JSONBArrowType) }

// appendAsText ends the current row of a text result with v as ->> gives it: strings
// unquoted, NULL for a JSON null.
func appendAsText(env *catalog.FuncEnv, out *strOut, v pgjson.Value) {
	switch v.Kind() {
	case pgjson.KindNull:
		out.endNull(allocator(env))
		return
	case pgjson.KindString, pgjson.KindNumber:
		out.appendBytes(v.Text())
	default:
		out.scratch = pgjson.AppendText(out.scratch[:0], v)
		out.appendBytes(out.scratch)
	}
	out.end()
}

// jsonbLookup writes, for each valid row, the value get finds (or NULL) as jsonb or as text.
func jsonbLookup(env *catalog.FuncEnv, src *array.Binary, asText bool, get func(v pgjson.Value, i int) (pgjson.Value, bool)) arrow.Array {
	n := src.Len()
	mem := allocator(env)
	out := newStrOut(mem, n, 16*n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			out.end()
			continue
		}
		v, ok := get(src.Value(i), i)
		switch {
		case !ok:
			out.endNull(mem)
		case asText:
			appendAsText(env, out, v)
		default:
			out.appendBytes(v)
			out.end()
		}
	}
	if asText {
		return out.finish()
	}
	return out.finishAs(types.JSONBArrowType)
}

func jsonbField(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		keys := stringsOf(args[1])
		return jsonbLookup(env, jsonbArg(args[0]), asText, func(v pgjson.Value, i int) (pgjson.Value, bool) {
			return v.Get(keyBytes(keys.Value(i)))
		}), nil
	}
}

func jsonbElement(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		idx := values[int32](args[1])
		return jsonbLookup(env, jsonbArg(args[0]), asText, func(v pgjson.Value, i int) (pgjson.Value, bool) {
			k := int(idx[i])
			if v.Kind().IsScalar() {
				// A top-level scalar is an array of one element to PostgreSQL.
				return v, k == 0 || k == -1
			}
			if k < 0 {
				k += v.Len() // negative indexes count from the end
			}
			return v.Index(k)
		}), nil
	}
}

func jsonbPredicate(pred func(a, b pgjson.Value) bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		a, b := jsonbArg(args[0]), jsonbArg(args[1])
		n := a.Len()
		out := newBoolOut(allocator(env), n)
		for i := 0; i < n; i++ {
			if env.RowValid(i) && pred(a.Value(i), b.Value(i)) {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

func jsonbExists(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, keys := jsonbArg(args[0]), stringsOf(args[1])
	n := a.Len()
	out := newBoolOut(allocator(env), n)
	for i := 0; i < n; i++ {
		if env.RowValid(i) && pgjson.Exists(a.Value(i), keyBytes(keys.Value(i))) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}

// jsonbBuild writes, for each valid row, the value build writes (or the error it returns).
func jsonbBuild(env *catalog.FuncEnv, n int, build func(w *pgjson.Writer, i int) error) (arrow.Array, error) {
	out := newJSONBOut(env, n, 64)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			out.end()
			continue
		}
		if err := build(&out.w, i); err != nil {
			return nil, out.fail(err)
		}
		out.written()
	}
	return out.finish(), nil
}

func jsonbConcat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, b := jsonbArg(args[0]), jsonbArg(args[1])
	return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
		pgjson.Concat(w, a.Value(i), b.Value(i))
		return nil
	})
}

func errDeleteFromScalar() error {
	return pgerror.New(pgcode.InvalidParameterValue, "cannot delete from scalar")
}

func jsonbDeleteKey(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, keys := jsonbArg(args[0]), stringsOf(args[1])
	return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
		v := pgjson.Value(a.Value(i))
		if v.Kind().IsScalar() {
			return errDeleteFromScalar()
		}
		pgjson.DeleteKey(w, v, keyBytes(keys.Value(i)))
		return nil
	})
}

func jsonbDeleteIndex(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, idx := jsonbArg(args[0]), values[int32](args[1])
	return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
		v := pgjson.Value(a.Value(i))
		switch v.Kind() {
		case pgjson.KindObject:
			return pgerror.New(pgcode.InvalidParameterValue, "cannot delete from object using integer index")
		case pgjson.KindArray:
			pgjson.DeleteIndex(w, v, int(idx[i]))
			return nil
		}
		return errDeleteFromScalar()
	})
}

// jsonbMap writes f's rewrite of each value.
func jsonbMap(f func(w *pgjson.Writer, v pgjson.Value)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		a := jsonbArg(args[0])
		return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
			f(w, a.Value(i))
			return nil
		})
	}
}

func jsonbCmp(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, b := jsonbArg(args[0]), jsonbArg(args[1])
	n := a.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			out[i] = int32(pgjson.Compare(a.Value(i), b.Value(i)))
		}
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func jsonbTypeof(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a := jsonbArg(args[0])
	n := a.Len()
	out := newStrOut(allocator(env), n, 8*n)
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			out.appendString(pgjson.Value(a.Value(i)).Kind().TypeName())
		}
		out.end()
	}
	return out.finish(), nil
}

func jsonbArrayLength(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a := jsonbArg(args[0])
	n := a.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		v := pgjson.Value(a.Value(i))
		switch k := v.Kind(); {
		case k == pgjson.KindArray:
			out[i] = int32(v.Len())
		case k.IsScalar():
			buf.Release()
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot get array length of a scalar")
		default:
			buf.Release()
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot get array length of a non-array")
		}
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func jsonbPretty(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a := jsonbArg(args[0])
	n := a.Len()
	out := newStrOut(allocator(env), n, 2*len(a.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			out.scratch = pgjson.AppendPretty(out.scratch[:0], a.Value(i))
			out.appendBytes(out.scratch)
		}
		out.end()
	}
	return out.finish(), nil
}

// jsonbLoops are jsonb's comparison loops for the six comparison operators.
var jsonbLoops = cmpLoops{
	lt: func(x, y arrow.Array, out boolOut) { jsonbCompareLoop(x, y, out, func(c int) bool { return c < 0 }) },
	eq: func(x, y arrow.Array, out boolOut) { jsonbCompareLoop(x, y, out, func(c int) bool { return c == 0 }) },
}

func jsonbCompareLoop(x, y arrow.Array, out boolOut, pred func(c int) bool) {
	a, b := jsonbArg(x), jsonbArg(y)
	for i := 0; i < a.Len(); i++ {
		va, vb := a.Value(i), b.Value(i)
		if len(va) == 0 || len(vb) == 0 {
			continue // a NULL row: nothing to compare
		}
		if pred(pgjson.Compare(va, vb)) {
			out.set(i)
		}
	}
}

package udf

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Constructors of json and jsonb from SQL values: to_json(b), json(b)_build_object and
// json(b)_build_array. Values convert as catalog/types' JSONTextAppender and JSONBWriter
// say (datum_to_json, datum_to_jsonb).

func registerJSONBuild(b builder) {
	stable := func(f *catalog.Func) *catalog.Func {
		f.Volatility = catalog.Stable
		return f
	}
	stable(b.scalar(1269, "pg_column_size", oids(types.Any), types.Int4, columnSize))
	stable(b.scalar(3176, "to_json", oids(types.AnyElement), types.JSON, toJSON))
	stable(b.scalar(3787, "to_jsonb", oids(types.AnyElement), types.JSONB, toJSONB))
	b.scalar(3202, "json_object", oids(types.TextArray), types.JSON, jsonObject)
	b.scalar(3203, "json_object", oids(types.TextArray, types.TextArray), types.JSON, jsonObject)
	b.scalar(3263, "jsonb_object", oids(types.TextArray), types.JSONB, jsonbObject)
	b.scalar(3264, "jsonb_object", oids(types.TextArray, types.TextArray), types.JSONB, jsonbObject)
	stable(b.scalar(3153, "array_to_json", oids(types.AnyArray), types.JSON, arrayToJSON))
	stable(b.scalar(3154, "array_to_json", oids(types.AnyArray, types.Bool), types.JSON, arrayToJSON))
	stable(b.scalar(3155, "row_to_json", oids(types.Record), types.JSON, rowToJSON))
	stable(b.scalar(3156, "row_to_json", oids(types.Record, types.Bool), types.JSON, rowToJSON))
	for _, c := range []struct {
		oid    types.OID
		name   string
		ret    types.OID
		object bool
	}{
		{3200, "json_build_object", types.JSON, true}, {3198, "json_build_array", types.JSON, false},
		{3273, "jsonb_build_object", types.JSONB, true}, {3271, "jsonb_build_array", types.JSONB, false},
	} {
		impl := jsonBuild(c.name, c.object)
		if c.ret == types.JSONB {
			impl = jsonbBuildFunc(c.name, c.object)
		}
		f := stable(b.scalar(c.oid, c.name, oids(types.Any), c.ret, impl))
		f.Strict, f.Variadic = false, true
		b.addVariadicArray(c.name, nil, c.ret, impl, false)
		g := stable(b.scalar(c.oid+1, c.name, nil, c.ret, impl))
		g.Strict = false
	}
}

// ioSettings returns the settings values print with in a call.
func ioSettings(env *catalog.FuncEnv) *types.IOSettings {
	if env != nil && env.IO != nil {
		return env.IO
	}
	return &types.IOSettings{TimeZone: env.TimeZone, ExtraFloatDigits: 1}
}

func toJSON(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	app, err := types.JSONTextAppender(env.ArgTypes[0], args[0], ioSettings(env), false)
	if err != nil {
		return nil, err
	}
	n := args[0].Len()
	out := newStrOut(allocator(env), n, 16*n)
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			out.appendRendered(func(dst []byte) []byte { return app(dst, i) })
		}
		out.end()
	}
	return out.finish(), nil
}

func toJSONB(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	write, err := types.JSONBWriter(env.ArgTypes[0], args[0], ioSettings(env), false)
	if err != nil {
		return nil, err
	}
	return jsonbBuild(env, args[0].Len(), func(w *pgjson.Writer, i int) error { return write(w, i) })
}

func errOddArguments(name string) error {
	return pgerror.New(pgcode.InvalidParameterValue, "argument list must have even number of elements").
		WithHint(fmt.Sprintf("The arguments of %s() must consist of alternating keys and values.", name))
}

// jsonBuild is json_build_object (object) or json_build_array: text in PostgreSQL's
// spacing, {"k" : v, ...} and [v, ...].
func jsonBuild(name string, object bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		if object && len(args)%2 != 0 {
			return nil, errOddArguments(name)
		}
		apps := make([]func(dst []byte, i int) []byte, len(args))
		for k, a := range args {
			var err error
			if apps[k], err = types.JSONTextAppender(env.ArgTypes[k], a, ioSettings(env), object && k%2 == 0); err != nil {
				return nil, err
			}
		}
		out := newStrOut(allocator(env), env.Rows, 32*env.Rows)
		open, close := "[", "]"
		if object {
			open, close = "{", "}"
		}
		for i := 0; i < env.Rows; i++ {
			out.appendString(open)
			for k, a := range args {
				switch {
				case object && k%2 == 1:
					out.appendString(" : ")
				case k > 0:
					out.appendString(", ")
				}
				if a.IsNull(i) {
					if object && k%2 == 0 {
						return nil, out.fail(pgerror.Newf(pgcode.InvalidParameterValue, "argument %d cannot be null", k+1).
							WithHint("Object keys should be text."))
					}
					out.appendString("null")
					continue
				}
				out.appendRendered(func(dst []byte) []byte { return apps[k](dst, i) })
			}
			out.appendString(close)
			out.end()
		}
		return out.finish(), nil
	}
}

// jsonbBuildFunc is jsonb_build_object (object) or jsonb_build_array.
func jsonbBuildFunc(name string, object bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		if object && len(args)%2 != 0 {
			return nil, errOddArguments(name)
		}
		writes := make([]func(w *pgjson.Writer, i int) error, len(args))
		for k, a := range args {
			var err error
			if writes[k], err = types.JSONBWriter(env.ArgTypes[k], a, ioSettings(env), object && k%2 == 0); err != nil {
				return nil, err
			}
		}
		return jsonbBuild(env, env.Rows, func(w *pgjson.Writer, i int) error {
			if object {
				w.BeginObject()
			} else {
				w.BeginArray()
			}
			for k, a := range args {
				if a.IsNull(i) {
					if object && k%2 == 0 {
						return pgerror.Newf(pgcode.InvalidParameterValue, "argument %d: key must not be null", k+1)
					}
					w.Null()
					continue
				}
				if err := writes[k](w, i); err != nil {
					return err
				}
			}
			w.End()
			return nil
		})
	}
}

// arrayToJSON is array_to_json(array [, pretty]).
func arrayToJSON(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return prettyJSON(env, args, types.JSONArrayAppender)
}

// rowToJSON is row_to_json(record [, pretty]).
func rowToJSON(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return prettyJSON(env, args, types.JSONRecordAppender)
}

// prettyJSON converts args[0] to json with the appender make gives, in its pretty form
// where args[1] (when given) is true.
func prettyJSON(env *catalog.FuncEnv, args []arrow.Array, make func(types.T, arrow.Array, *types.IOSettings, bool) (func([]byte, int) []byte, error)) (arrow.Array, error) {
	n := args[0].Len()
	var pretty []byte
	prettyOff := 0
	if len(args) > 1 {
		pretty, prettyOff = boolValues(args[1])
	}
	var apps [2]func(dst []byte, i int) []byte
	for k, lf := range []bool{false, true} {
		var err error
		if apps[k], err = make(env.ArgTypes[0], args[0], ioSettings(env), lf); err != nil {
			return nil, err
		}
	}
	out := newStrOut(allocator(env), n, 16*n)
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			app := apps[0]
			if pretty != nil && bitSet(pretty, prettyOff+i) {
				app = apps[1]
			}
			out.appendRendered(func(dst []byte) []byte { return app(dst, i) })
		}
		out.end()
	}
	return out.finish(), nil
}

// jsonObjectPairs reads json_object's arguments for row i: one text[] of alternating keys
// and values (or of {key, value} rows), or a text[] of keys and one of values.
func jsonObjectPairs(keys, vals *textArrays, i int, emit func(k, v pgjson.PathElem)) error {
	errSub := func(msg string) error { return pgerror.New(pgcode.ArraySubscriptError, msg) }
	ks := append([]pgjson.PathElem(nil), keys.row(i)...)
	kshape := keys.r.Shape(i)
	if vals == nil {
		switch kshape.NDim {
		case 0:
		case 1:
			if len(ks)%2 != 0 {
				return errSub("array must have even number of elements")
			}
		case 2:
			if kshape.Dims[1] != 2 {
				return errSub("array must have two columns")
			}
		default:
			return errSub("wrong number of array subscripts")
		}
		for k := 0; k+1 < len(ks); k += 2 {
			if ks[k].Null {
				return pgerror.New(pgcode.NullValueNotAllowed, "null value not allowed for object key")
			}
			emit(ks[k], ks[k+1])
		}
		return nil
	}
	vs := vals.row(i)
	if kshape.NDim > 1 || vals.r.Shape(i).NDim > 1 {
		return errSub("wrong number of array subscripts")
	}
	if len(ks) != len(vs) {
		return errSub("mismatched array dimensions")
	}
	for k := range ks {
		if ks[k].Null {
			return pgerror.New(pgcode.NullValueNotAllowed, "null value not allowed for object key")
		}
		emit(ks[k], vs[k])
	}
	return nil
}

// jsonObject is json_object(text[] [, text[]]): {"k" : "v", ...} with string values.
func jsonObject(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	keys := readTextArrays(args[0])
	var vals *textArrays
	if len(args) > 1 {
		vals = readTextArrays(args[1])
	}
	n := args[0].Len()
	out := newStrOut(allocator(env), n, 32*n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			out.end()
			continue
		}
		out.appendString("{")
		first := true
		err := jsonObjectPairs(keys, vals, i, func(k, v pgjson.PathElem) {
			if !first {
				out.appendString(", ")
			}
			first = false
			out.appendRendered(func(dst []byte) []byte { return pgjson.AppendQuoted(dst, k.Text) })
			out.appendString(" : ")
			if v.Null {
				out.appendString("null")
			} else {
				out.appendRendered(func(dst []byte) []byte { return pgjson.AppendQuoted(dst, v.Text) })
			}
		})
		if err != nil {
			return nil, out.fail(err)
		}
		out.appendString("}")
		out.end()
	}
	return out.finish(), nil
}

// jsonbObject is jsonb_object(text[] [, text[]]).
func jsonbObject(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	keys := readTextArrays(args[0])
	var vals *textArrays
	if len(args) > 1 {
		vals = readTextArrays(args[1])
	}
	return jsonbBuild(env, args[0].Len(), func(w *pgjson.Writer, i int) error {
		w.BeginObject()
		err := jsonObjectPairs(keys, vals, i, func(k, v pgjson.PathElem) {
			w.Key(k.Text)
			if v.Null {
				w.Null()
			} else {
				w.String(v.Text)
			}
		})
		w.End()
		return err
	})
}

// columnSize is pg_column_size: the bytes a value takes, its type's length for fixed-length
// types, else its binary form with PostgreSQL's 4-byte length header. pgfast's values are
// not stored as PostgreSQL's, so only sizes compared with each other are meaningful (equal
// values of a type have equal sizes).
func columnSize(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	t := env.ArgTypes[0]
	n := args[0].Len()
	b := array.NewInt32Builder(allocator(env))
	defer b.Release()
	var app types.Appender
	if t.Len() < 0 {
		app = types.BinaryAppender(t, args[0], ioSettings(env))
	}
	var buf []byte
	for i := 0; i < n; i++ {
		switch {
		case !env.RowValid(i) || args[0].IsNull(i):
			b.AppendNull()
		case app == nil:
			b.Append(int32(t.Len()))
		default:
			buf = app(buf[:0], i)
			b.Append(int32(len(buf) + 4))
		}
	}
	return b.NewArray(), nil
}

package udf

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"

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
	stable(b.scalar(3176, "to_json", oids(types.AnyElement), types.JSON, toJSON))
	stable(b.scalar(3787, "to_jsonb", oids(types.AnyElement), types.JSONB, toJSONB))
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

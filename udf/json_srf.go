package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The set-returning json and jsonb functions: _each and _each_text (key and value of every
// member), _array_elements and _array_elements_text, _object_keys. Each call builds its
// rows whole (one document's members) and hands them out a batch at a time.

func registerJSONSets(b builder) {
	jb, js, t := types.JSONB, types.JSON, types.Text
	set := func(oid types.OID, name string, arg, ret types.OID, out []catalog.OutCol, impl catalog.SetImpl) {
		f := &catalog.Func{OID: oid, Name: name, Kind: catalog.KindFunc, Args: oids(arg), Ret: ret,
			RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: impl, OutCols: out}
		if out != nil {
			f.ArgNames = []string{"from_json"} // as PostgreSQL declares those with OUT columns
		}
		b.reg.AddFunc(f)
	}
	kv := func(v types.OID) []catalog.OutCol {
		return []catalog.OutCol{{Name: "key", Type: t}, {Name: "value", Type: v}}
	}
	value := func(v types.OID) []catalog.OutCol { return []catalog.OutCol{{Name: "value", Type: v}} }
	set(3208, "jsonb_each", jb, types.Record, kv(jb), jsonbEach("jsonb_each", false))
	set(3932, "jsonb_each_text", jb, types.Record, kv(t), jsonbEach("jsonb_each_text", true))
	set(3219, "jsonb_array_elements", jb, jb, value(jb), jsonbElements(false))
	set(3465, "jsonb_array_elements_text", jb, t, value(t), jsonbElements(true))
	set(3931, "jsonb_object_keys", jb, t, nil, jsonbObjectKeys)
	set(3958, "json_each", js, types.Record, kv(js), jsonEach(false))
	set(3959, "json_each_text", js, types.Record, kv(t), jsonEach(true))
	set(3955, "json_array_elements", js, js, value(js), jsonElements("json_array_elements", false))
	set(3969, "json_array_elements_text", js, t, value(t), jsonElements("json_array_elements_text", true))
	set(3957, "json_object_keys", js, t, nil, jsonObjectKeys)
}

// scalarBytes returns the bytes of a string, binary or jsonb scalar.
func scalarBytes(s scalar.Scalar) []byte {
	switch v := s.(type) {
	case *scalar.Extension:
		return scalarBytes(v.Value)
	case *scalar.String:
		return v.Value.Bytes()
	case *scalar.Binary:
		return v.Value.Bytes()
	}
	return nil
}

// rowsBuilder collects rows of text, json text or jsonb columns.
type rowsBuilder struct {
	env  *catalog.FuncEnv
	outs []*strOut
	dts  []arrow.DataType
	n    int
}

func newRowsBuilder(env *catalog.FuncEnv, n int, dts ...arrow.DataType) *rowsBuilder {
	b := &rowsBuilder{env: env, dts: dts}
	for range dts {
		b.outs = append(b.outs, newStrOut(allocator(env), n, 16*n))
	}
	return b
}

func (b *rowsBuilder) source() catalog.RowSource {
	cols := make([]arrow.Array, len(b.outs))
	for i, o := range b.outs {
		cols[i] = o.finishAs(b.dts[i])
	}
	return catalog.ColumnRows(cols...)
}

func errNonObject(name string) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "cannot call %s on a non-object", name)
}

func jsonbEach(name string, asText bool) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		v := pgjson.Value(scalarBytes(args[0]))
		if v.Kind() != pgjson.KindObject {
			return nil, errNonObject(name)
		}
		valType := types.JSONBArrowType
		if asText {
			valType = arrow.BinaryTypes.String
		}
		rb := newRowsBuilder(env, v.Len(), arrow.BinaryTypes.String, valType)
		for i := 0; i < v.Len(); i++ {
			k, val := v.Member(i)
			rb.outs[0].appendBytes(k)
			rb.outs[0].end()
			if asText {
				appendAsText(env, rb.outs[1], val)
			} else {
				rb.outs[1].appendBytes(val)
				rb.outs[1].end()
			}
		}
		return rb.source(), nil
	}
}

func jsonbElements(asText bool) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		v := pgjson.Value(scalarBytes(args[0]))
		switch v.Kind() {
		case pgjson.KindArray:
		case pgjson.KindObject:
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot extract elements from an object")
		default:
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot extract elements from a scalar")
		}
		dt := types.JSONBArrowType
		if asText {
			dt = arrow.BinaryTypes.String
		}
		rb := newRowsBuilder(env, v.Len(), dt)
		for i := 0; i < v.Len(); i++ {
			e, _ := v.Index(i)
			if asText {
				appendAsText(env, rb.outs[0], e)
			} else {
				rb.outs[0].appendBytes(e)
				rb.outs[0].end()
			}
		}
		return rb.source(), nil
	}
}

func jsonbObjectKeys(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	v := pgjson.Value(scalarBytes(args[0]))
	switch v.Kind() {
	case pgjson.KindObject:
	case pgjson.KindArray:
		return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot call jsonb_object_keys on an array")
	default:
		return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot call jsonb_object_keys on a scalar")
	}
	rb := newRowsBuilder(env, v.Len(), arrow.BinaryTypes.String)
	for i := 0; i < v.Len(); i++ {
		k, _ := v.Member(i)
		rb.outs[0].appendBytes(k)
		rb.outs[0].end()
	}
	return rb.source(), nil
}

// parseJSONArg parses a json argument's text as the json processing functions do.
func parseJSONArg(s scalar.Scalar) (*pgjson.Tree, error) {
	var p pgjson.Parser
	return p.ParseTree(scalarBytes(s), 0)
}

func jsonEach(asText bool) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		t, err := parseJSONArg(args[0])
		if err != nil {
			return nil, err
		}
		switch t.Kind(t.Root()) {
		case pgjson.KindObject:
		case pgjson.KindArray:
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot deconstruct an array as an object")
		default:
			return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot deconstruct a scalar")
		}
		rb := newRowsBuilder(env, t.Len(t.Root()), arrow.BinaryTypes.String, arrow.BinaryTypes.String)
		for c := t.First(t.Root()); c >= 0; c = t.Next(c) {
			rb.outs[0].appendBytes(t.Key(c))
			rb.outs[0].end()
			endNode(env, rb.outs[1], t, c, asText)
		}
		return rb.source(), nil
	}
}

func jsonElements(name string, asText bool) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		t, err := parseJSONArg(args[0])
		if err != nil {
			return nil, err
		}
		switch k := t.Kind(t.Root()); {
		case k == pgjson.KindArray:
		case k.IsScalar():
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "cannot call %s on a scalar", name)
		default:
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "cannot call %s on a non-array", name)
		}
		rb := newRowsBuilder(env, t.Len(t.Root()), arrow.BinaryTypes.String)
		for c := t.First(t.Root()); c >= 0; c = t.Next(c) {
			endNode(env, rb.outs[0], t, c, asText)
		}
		return rb.source(), nil
	}
}

func jsonObjectKeys(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	t, err := parseJSONArg(args[0])
	if err != nil {
		return nil, err
	}
	switch t.Kind(t.Root()) {
	case pgjson.KindObject:
	case pgjson.KindArray:
		return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot call json_object_keys on an array")
	default:
		return nil, pgerror.New(pgcode.InvalidParameterValue, "cannot call json_object_keys on a scalar")
	}
	rb := newRowsBuilder(env, t.Len(t.Root()), arrow.BinaryTypes.String)
	for c := t.First(t.Root()); c >= 0; c = t.Next(c) {
		rb.outs[0].appendBytes(t.Key(c))
		rb.outs[0].end()
	}
	return rb.source(), nil
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// json operators and functions. json values are text, so each call parses its argument
// (pgjson.Tree) and answers from the spans of the text, as PostgreSQL's json functions do.

func registerJSON(b builder) {
	js, t, i4 := types.JSON, types.Text, types.Int4
	b.op(3962, "->", js, t, b.scalar(3947, "json_object_field", oids(js, t), js, jsonField(false)))
	b.op(3963, "->>", js, t, b.scalar(3948, "json_object_field_text", oids(js, t), t, jsonField(true)))
	b.op(3964, "->", js, i4, b.scalar(3949, "json_array_element", oids(js, i4), js, jsonElement(false)))
	b.op(3965, "->>", js, i4, b.scalar(3950, "json_array_element_text", oids(js, i4), t, jsonElement(true)))
	b.scalar(3968, "json_typeof", oids(js), t, jsonTypeof)
	b.scalar(3956, "json_array_length", oids(js), i4, jsonArrayLength)
	b.scalar(3261, "json_strip_nulls", oids(js), js, jsonStripNulls)
}

// forEachJSON parses each valid row of a json argument and calls f with its tree; for the
// other rows it calls skip, if not nil.
func forEachJSON(env *catalog.FuncEnv, arg arrow.Array, skip func(), f func(t *pgjson.Tree, i int) error) error {
	src := stringsOf(arg)
	var p pgjson.Parser
	for i := 0; i < src.Len(); i++ {
		if !env.RowValid(i) {
			if skip != nil {
				skip()
			}
			continue
		}
		t, err := p.ParseTree(keyBytes(src.Value(i)), 0)
		if err == nil {
			err = f(t, i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// jsonRows is forEachJSON for functions with a string-like result built in out; f ends the
// output row.
func jsonRows(env *catalog.FuncEnv, arg arrow.Array, out *strOut, f func(t *pgjson.Tree, i int) error) (arrow.Array, error) {
	if err := forEachJSON(env, arg, out.end, f); err != nil {
		return nil, out.fail(err)
	}
	return out.finish(), nil
}

// endNode ends the current row with node n: its text as written, or as ->> gives it.
func endNode(env *catalog.FuncEnv, out *strOut, t *pgjson.Tree, n pgjson.Node, asText bool) {
	if !asText {
		out.appendBytes(t.Raw(n))
		out.end()
		return
	}
	if t.Kind(n) == pgjson.KindNull {
		out.endNull(allocator(env))
		return
	}
	if t.Kind(n) == pgjson.KindString {
		out.appendBytes(t.Str(n))
	} else {
		out.appendBytes(t.Raw(n))
	}
	out.end()
}

func jsonField(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		keys := stringsOf(args[1])
		out := newStrOut(allocator(env), args[0].Len(), 64)
		return jsonRows(env, args[0], out, func(t *pgjson.Tree, i int) error {
			if n, ok := t.Field(t.Root(), keyBytes(keys.Value(i))); ok {
				endNode(env, out, t, n, asText)
			} else {
				out.endNull(allocator(env))
			}
			return nil
		})
	}
}

func jsonElement(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		idx := values[int32](args[1])
		out := newStrOut(allocator(env), args[0].Len(), 64)
		return jsonRows(env, args[0], out, func(t *pgjson.Tree, i int) error {
			if n, ok := t.Elem(t.Root(), int(idx[i])); ok {
				endNode(env, out, t, n, asText)
			} else {
				out.endNull(allocator(env))
			}
			return nil
		})
	}
}

func jsonTypeof(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	out := newStrOut(allocator(env), args[0].Len(), 8*args[0].Len())
	return jsonRows(env, args[0], out, func(t *pgjson.Tree, _ int) error {
		out.appendString(t.Kind(t.Root()).TypeName())
		out.end()
		return nil
	})
}

func jsonArrayLength(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := args[0].Len()
	buf, lens := newFixed[int32](allocator(env), n)
	err := forEachJSON(env, args[0], nil, func(t *pgjson.Tree, i int) error {
		switch k := t.Kind(t.Root()); {
		case k == pgjson.KindArray:
			lens[i] = int32(t.Len(t.Root()))
			return nil
		case k.IsScalar():
			return pgerror.New(pgcode.InvalidParameterValue, "cannot get array length of a scalar")
		}
		return pgerror.New(pgcode.InvalidParameterValue, "cannot get array length of a non-array")
	})
	if err != nil {
		buf.Release()
		return nil, err
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func jsonStripNulls(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	out := newStrOut(allocator(env), args[0].Len(), 64)
	return jsonRows(env, args[0], out, func(t *pgjson.Tree, _ int) error {
		out.appendRendered(func(dst []byte) []byte { return appendStrippedJSON(dst, t, t.Root()) })
		out.end()
		return nil
	})
}

// appendStrippedJSON writes node n without null object members, as json_strip_nulls
// re-emits its input: tokens without spacing, strings re-escaped.
func appendStrippedJSON(dst []byte, t *pgjson.Tree, n pgjson.Node) []byte {
	switch t.Kind(n) {
	case pgjson.KindObject:
		dst = append(dst, '{')
		first := true
		for c := t.First(n); c >= 0; c = t.Next(c) {
			if t.Kind(c) == pgjson.KindNull {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = pgjson.AppendQuoted(dst, t.Key(c))
			dst = append(dst, ':')
			dst = appendStrippedJSON(dst, t, c)
		}
		return append(dst, '}')
	case pgjson.KindArray:
		dst = append(dst, '[')
		for c := t.First(n); c >= 0; c = t.Next(c) {
			if c != t.First(n) {
				dst = append(dst, ',')
			}
			dst = appendStrippedJSON(dst, t, c)
		}
		return append(dst, ']')
	case pgjson.KindString:
		return pgjson.AppendQuoted(dst, t.Str(n))
	}
	return append(dst, t.Raw(n)...)
}

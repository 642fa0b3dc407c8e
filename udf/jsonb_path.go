package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Functions taking a text[] path or key list: #> #>> (json(b)_extract_path(_text)), ?| ?&,
// jsonb - text[], #- (jsonb_delete_path), jsonb_set, jsonb_set_lax and jsonb_insert.

func registerJSONBPath(b builder) {
	jb, js, t, ta, bl := types.JSONB, types.JSON, types.Text, types.TextArray, types.Bool
	variadic := func(f *catalog.Func) *catalog.Func { f.Variadic = true; return f }
	b.op(3213, "#>", jb, ta, variadic(b.scalar(3217, "jsonb_extract_path", oids(jb, ta), jb, jsonbExtractPath(false))))
	b.op(3206, "#>>", jb, ta, variadic(b.scalar(3940, "jsonb_extract_path_text", oids(jb, ta), t, jsonbExtractPath(true))))
	b.op(3966, "#>", js, ta, variadic(b.scalar(3951, "json_extract_path", oids(js, ta), js, jsonExtractPath(false))))
	b.op(3967, "#>>", js, ta, variadic(b.scalar(3953, "json_extract_path_text", oids(js, ta), t, jsonExtractPath(true))))
	b.op(3248, "?|", jb, ta, b.scalar(4048, "jsonb_exists_any", oids(jb, ta), bl, jsonbExistsKeys(false)))
	b.op(3249, "?&", jb, ta, b.scalar(4049, "jsonb_exists_all", oids(jb, ta), bl, jsonbExistsKeys(true)))
	b.op(3398, "-", jb, ta, variadic(b.scalar(3343, "jsonb_delete", oids(jb, ta), jb, jsonbDeleteKeys)))
	b.op(3287, "#-", jb, ta, b.scalar(3304, "jsonb_delete_path", oids(jb, ta), jb, jsonbEditPath(pgjson.EditDelete, "delete")))
	set := b.scalar(3305, "jsonb_set", oids(jb, ta, jb, bl), jb, jsonbEditPath(pgjson.EditReplace, "set"))
	set.ArgDefaults, set.ArgNames = []string{"true"}, []string{"jsonb_in", "path", "replacement", "create_if_missing"}
	ins := b.scalar(3579, "jsonb_insert", oids(jb, ta, jb, bl), jb, jsonbEditPath(pgjson.EditInsertBefore, "insert"))
	ins.ArgDefaults, ins.ArgNames = []string{"false"}, []string{"jsonb_in", "path", "replacement", "insert_after"}
	lax := b.scalar(5054, "jsonb_set_lax", oids(jb, ta, jb, bl, t), jb, jsonbSetLax)
	lax.Strict = false
	lax.ArgDefaults = []string{"true", "use_json_null"}
	lax.ArgNames = []string{"jsonb_in", "path", "replacement", "create_if_missing", "null_value_treatment"}
	b.reg.AddInternal(&catalog.Func{Name: "jsonb_subscript_assign", Args: oids(jb, jb, ta, bl), Ret: jb, Scalar: jsonbSubscriptAssign})
}

// textArrays reads a text[] argument row by row.
type textArrays struct {
	r     types.ArrayReader
	elems *array.String
	buf   []pgjson.PathElem
}

func readTextArrays(a arrow.Array) *textArrays {
	r := types.ReadArrays(a)
	return &textArrays{r: r, elems: r.Elements().(*array.String)}
}

// row returns row i's elements, valid until the next call.
func (t *textArrays) row(i int) []pgjson.PathElem {
	start, end := t.r.Range(i)
	t.buf = t.buf[:0]
	for k := start; k < end; k++ {
		if t.elems.IsNull(k) {
			t.buf = append(t.buf, pgjson.PathElem{Null: true})
		} else {
			t.buf = append(t.buf, pgjson.PathElem{Text: keyBytes(t.elems.Value(k))})
		}
	}
	return t.buf
}

func jsonbExtractPath(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		paths := readTextArrays(args[1])
		return jsonbLookup(env, jsonbArg(args[0]), asText, func(v pgjson.Value, i int) (pgjson.Value, bool) {
			return pgjson.ExtractPath(v, paths.row(i))
		}), nil
	}
}

func jsonExtractPath(asText bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		paths := readTextArrays(args[1])
		out := newStrOut(allocator(env), args[0].Len(), 64)
		return jsonRows(env, args[0], out, func(t *pgjson.Tree, i int) error {
			n, ok := t.Root(), true
			for _, p := range paths.row(i) {
				if p.Null {
					ok = false
					break
				}
				switch t.Kind(n) {
				case pgjson.KindObject:
					n, ok = t.Field(n, p.Text)
				case pgjson.KindArray:
					var k int
					if k, ok = pgjson.PathIndex(p.Text); ok {
						n, ok = t.Elem(n, k)
					}
				default:
					ok = false
				}
				if !ok {
					break
				}
			}
			if !ok {
				out.endNull(allocator(env))
				return nil
			}
			endNode(env, out, t, n, asText)
			return nil
		})
	}
}

func jsonbExistsKeys(all bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		a, keys := jsonbArg(args[0]), readTextArrays(args[1])
		n := a.Len()
		out := newBoolOut(allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			v, res := pgjson.Value(a.Value(i)), all
			for _, k := range keys.row(i) {
				if k.Null {
					continue // NULL keys are ignored
				}
				if pgjson.Exists(v, k.Text) != all {
					res = !all
					break
				}
			}
			if res {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

func jsonbDeleteKeys(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, keys := jsonbArg(args[0]), readTextArrays(args[1])
	var tmp pgjson.Writer
	return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
		v := pgjson.Value(a.Value(i))
		if v.Kind().IsScalar() {
			return errDeleteFromScalar()
		}
		cur := append(pgjson.Value(nil), v...)
		for _, k := range keys.row(i) {
			if k.Null {
				continue
			}
			tmp.Reset()
			pgjson.DeleteKey(&tmp, cur, k.Text)
			cur = append(cur[:0], tmp.Bytes()...)
		}
		w.Raw(cur)
		return nil
	})
}

// jsonbEditPath is jsonb_set, jsonb_insert and jsonb_delete_path: the value rewritten at the
// path; verb names the operation in the error for a scalar.
func jsonbEditPath(mode pgjson.EditMode, verb string) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		a, paths := jsonbArg(args[0]), readTextArrays(args[1])
		var repl *array.Binary
		var flag []byte
		flagOff := 0
		if mode != pgjson.EditDelete {
			repl = jsonbArg(args[2])
			flag, flagOff = boolValues(args[3])
		}
		return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
			e := pgjson.PathEdit{Path: paths.row(i), Mode: mode}
			if repl != nil {
				e.Value = repl.Value(i)
				on := bitSet(flag, flagOff+i)
				switch {
				case mode == pgjson.EditReplace:
					e.Create = on
				case on:
					e.Mode = pgjson.EditInsertAfter
				}
			}
			return applyEdit(w, &e, a.Value(i), verb)
		})
	}
}

func applyEdit(w *pgjson.Writer, e *pgjson.PathEdit, v pgjson.Value, verb string) error {
	if v.Kind().IsScalar() {
		return pgerror.Newf(pgcode.InvalidParameterValue, "cannot %s path in scalar", verb)
	}
	if v.Len() == 0 && (e.Mode == pgjson.EditDelete || e.Mode == pgjson.EditReplace && !e.Create) {
		// An empty container comes back as it is, path unread, as in PostgreSQL.
		w.Raw(v)
		return nil
	}
	return e.Apply(w, v)
}

// jsonbSetLax is jsonb_set_lax: jsonb_set, except that a NULL new value is treated as
// null_value_treatment says.
func jsonbSetLax(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, paths, repl := jsonbArg(args[0]), readTextArrays(args[1]), jsonbArg(args[2])
	create, treat := args[3].(*array.Boolean), stringsOf(args[4])
	n := a.Len()
	out := newJSONBOut(env, n, 64)
	jsonNull := pgjson.Value{byte(pgjson.KindNull)}
	for i := 0; i < n; i++ {
		// jsonb_set_lax is not strict, but NULL target, path or create_if_missing give NULL.
		if a.IsNull(i) || args[1].IsNull(i) || create.IsNull(i) {
			out.endNull(allocator(env))
			continue
		}
		v := pgjson.Value(a.Value(i))
		e := pgjson.PathEdit{Path: paths.row(i), Mode: pgjson.EditReplace, Create: create.Value(i)}
		if repl.IsNull(i) {
			switch t := treat.Value(i); {
			case treat.IsNull(i) || t != "raise_exception" && t != "use_json_null" && t != "delete_key" && t != "return_target":
				return nil, out.fail(pgerror.New(pgcode.InvalidParameterValue,
					"null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\""))
			case t == "raise_exception":
				return nil, out.fail(pgerror.New(pgcode.NullValueNotAllowed, "JSON value must not be null").
					WithDetail("Exception was raised because null_value_treatment is \"raise_exception\".").
					WithHint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed."))
			case t == "return_target":
				out.value(v)
				continue
			case t == "delete_key":
				e.Mode = pgjson.EditDelete
			default:
				e.Value = jsonNull
			}
		} else {
			e.Value = repl.Value(i)
		}
		verb := "set"
		if e.Mode == pgjson.EditDelete {
			verb = "delete"
		}
		if err := applyEdit(&out.w, &e, v, verb); err != nil {
			return nil, out.fail(err)
		}
		out.written()
	}
	return out.finish(), nil
}

// jsonbSubscriptAssign implements UPDATE ... SET j[s1][s2]... = v (the planner's internal
// jsonb_subscript_assign(container, value, path, expect_array)) as PostgreSQL's
// jsonb_subscript_assign: a NULL container starts as an empty array when the first
// subscript is an integer (expect_array) and as an empty object otherwise, a NULL value
// is JSON null, and the path is created whole as needed (pgjson.PathEdit.Fill).
func jsonbSubscriptAssign(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, repl, paths := jsonbArg(args[0]), jsonbArg(args[1]), readTextArrays(args[2])
	expectArray := args[3].(*array.Boolean)
	jsonNull := pgjson.Value{byte(pgjson.KindNull)}
	var empty pgjson.Writer
	empty.BeginArray()
	empty.End()
	emptyArray := append(pgjson.Value(nil), empty.Bytes()...)
	empty.Reset()
	empty.BeginObject()
	empty.End()
	emptyObject := empty.Bytes()
	return jsonbBuild(env, a.Len(), func(w *pgjson.Writer, i int) error {
		e := pgjson.PathEdit{Path: paths.row(i), Mode: pgjson.EditReplace, Create: true, Fill: true, Value: jsonNull}
		for _, p := range e.Path {
			if p.Null {
				return pgerror.New(pgcode.NullValueNotAllowed, "jsonb subscript in assignment must not be null")
			}
		}
		if !repl.IsNull(i) {
			e.Value = repl.Value(i)
		}
		v := pgjson.Value(a.Value(i))
		switch {
		case !a.IsNull(i):
		case expectArray.Value(i):
			v = emptyArray
		default:
			v = emptyObject
		}
		return e.Apply(w, v)
	})
}

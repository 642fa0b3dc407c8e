package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/jsonpath"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The SQL/JSON path functions: jsonb_path_exists, _match, _query, _query_array and
// _query_first (target, path, vars default '{}', silent default false), and the @? and @@
// operators, which are exists and match with silent errors.

func registerJSONPath(b builder) {
	jb, jp, bl := types.JSONB, types.JSONPath, types.Bool
	args := oids(jb, jp, jb, bl)
	defaults := []string{"{}", "false"}
	names := []string{"target", "path", "vars", "silent"}
	scalar := func(oid types.OID, name string, ret types.OID, mode pathMode) *catalog.Func {
		f := b.scalar(oid, name, args, ret, pathFunc(mode, false))
		f.ArgDefaults, f.ArgNames = defaults, names
		return f
	}
	scalar(4005, "jsonb_path_exists", bl, pathExists)
	scalar(4009, "jsonb_path_match", bl, pathMatch)
	scalar(4007, "jsonb_path_query_array", jb, pathArray)
	scalar(4008, "jsonb_path_query_first", jb, pathFirst)
	b.reg.AddFunc(&catalog.Func{OID: 4006, Name: "jsonb_path_query", Kind: catalog.KindFunc, Args: args, Ret: jb,
		RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: pathQuery, ArgDefaults: defaults, ArgNames: names})
	b.op(4012, "@?", jb, jp, b.scalar(4010, "jsonb_path_exists_opr", oids(jb, jp), bl, pathFunc(pathExists, true)))
	b.op(4013, "@@", jb, jp, b.scalar(4011, "jsonb_path_match_opr", oids(jb, jp), bl, pathFunc(pathMatch, true)))
}

type pathMode uint8

const (
	pathExists pathMode = iota
	pathMatch
	pathArray
	pathFirst
)

// pathCache keeps the last path parsed, since a path is usually one constant for a batch.
type pathCache struct {
	text string
	path *jsonpath.Path
}

func (c *pathCache) get(text string) (*jsonpath.Path, error) {
	if c.path != nil && text == c.text {
		return c.path, nil
	}
	p, err := jsonpath.Parse(text)
	if err != nil {
		return nil, err
	}
	c.text, c.path = text, p
	return p, nil
}

// evalPath runs a path over one target with vars (nil: none).
func evalPath(cache *pathCache, pathText string, target, vars pgjson.Value) ([]pgjson.Value, error) {
	p, err := cache.get(pathText)
	if err != nil {
		return nil, err
	}
	if vars != nil && vars.Kind() != pgjson.KindObject {
		return nil, pgerror.New(pgcode.InvalidParameterValue, "\"vars\" argument is not an object").
			WithDetail("Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.")
	}
	return newPathExec(p, target, vars).run(p.Root)
}

// pathFunc evaluates a path function over a batch; operator forms (op) take two arguments
// and are silent.
func pathFunc(mode pathMode, op bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		targets, paths := jsonbArg(args[0]), stringsOf(args[1])
		var vars *array.Binary
		var silent []byte
		silentOff := 0
		if !op {
			vars = jsonbArg(args[2])
			silent, silentOff = boolValues(args[3])
		}
		n := targets.Len()
		var cache pathCache
		mem := allocator(env)
		boolRes := mode == pathExists || mode == pathMatch
		bools, valid := newBoolOut(mem, n), newBoolOut(mem, n)
		var jout *jsonbOut
		if !boolRes {
			jout = newJSONBOut(env, n, 16*n)
		}
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				if jout != nil {
					jout.end()
				}
				continue
			}
			isSilent := op || bitSet(silent, silentOff+i)
			var v pgjson.Value
			if vars != nil {
				v = vars.Value(i)
			}
			items, err := evalPath(&cache, paths.Value(i), targets.Value(i), v)
			if err != nil && (!isSilent || !isPathError(err)) {
				if jout != nil {
					return nil, jout.fail(err)
				}
				return nil, err
			}
			failed := err != nil
			switch mode {
			case pathExists:
				if !failed {
					valid.set(i)
					if len(items) > 0 {
						bools.set(i)
					}
				}
			case pathMatch:
				ok, isNull, err := matchResult(items, failed, isSilent)
				if err != nil {
					return nil, err
				}
				if !isNull {
					valid.set(i)
					if ok {
						bools.set(i)
					}
				}
			case pathArray:
				jout.w.BeginArray()
				for _, it := range items {
					jout.w.Raw(it)
				}
				jout.w.End()
				jout.written()
			case pathFirst:
				if len(items) == 0 {
					jout.endNull(mem)
				} else {
					jout.value(items[0])
				}
			}
		}
		if !boolRes {
			return jout.finish(), nil
		}
		return boolsWithValidity(bools, valid, n), nil
	}
}

// matchResult is jsonb_path_match's answer: the one boolean the path yields (a JSON null
// is SQL NULL), or an error when the path yields anything else, unless silent.
func matchResult(items []pgjson.Value, failed, silent bool) (val, isNull bool, err error) {
	if !failed && len(items) == 1 {
		switch items[0].Kind() {
		case pgjson.KindTrue, pgjson.KindFalse:
			return items[0].Bool(), false, nil
		case pgjson.KindNull:
			return false, true, nil
		}
	}
	if silent {
		return false, true, nil
	}
	return false, true, pgerror.New(pgcode.SingletonSqlJsonItemRequired, "single boolean result is expected")
}

// boolsWithValidity assembles a boolean result from value and validity bits.
func boolsWithValidity(bools, valid boolOut, n int) arrow.Array {
	nulls := n - bitutil.CountSetBits(valid.bits, 0, n)
	return makeArray(arrow.FixedWidthTypes.Boolean, n, valid.buf, nulls, bools.buf)
}

// pathQuery is jsonb_path_query: the items a path yields, one a row.
func pathQuery(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	var cache pathCache
	var vars pgjson.Value
	if len(args) > 2 {
		vars = scalarBytes(args[2])
	}
	silent := len(args) > 3 && args[3].(*scalar.Boolean).Value
	items, err := evalPath(&cache, string(scalarBytes(args[1])), scalarBytes(args[0]), vars)
	if err != nil {
		if !silent || !isPathError(err) {
			return nil, err
		}
		items = nil
	}
	rb := newRowsBuilder(env, len(items), types.JSONBArrowType)
	for _, it := range items {
		rb.outs[0].appendBytes(it)
		rb.outs[0].end()
	}
	return rb.source(), nil
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The I/O functions pg_type names for arrays, int2vector, oidvector and the polymorphic
// pseudo-types (types.IOFuncNames). Output and send functions work on any array; input
// functions of the vectors read their text; functions of internal arguments exist only as
// catalog entries, since no SQL value has type internal, and the pseudo-types' input
// functions refuse every value, as in PostgreSQL.

func registerTypeIO(b builder) {
	cs, in, anyA := types.Cstring, types.Internal, types.AnyArray
	stable := func(f *catalog.Func) { f.Volatility = catalog.Stable }
	stable(b.scalar(750, "array_in", oids(cs, types.Oid, types.Int4), anyA, notCallable("array_in")))
	stable(b.scalar(751, "array_out", oids(anyA), cs, textOut))
	stable(b.scalar(2400, "array_recv", oids(in, types.Oid, types.Int4), anyA, notCallable("array_recv")))
	stable(b.scalar(2401, "array_send", oids(anyA), types.Bytea, binaryOut))
	stable(b.scalar(3816, "array_typanalyze", oids(in), types.Bool, notCallable("array_typanalyze")))
	b.scalar(6179, "array_subscript_handler", oids(in), in, notCallable("array_subscript_handler"))
	for _, v := range []struct {
		t                     types.OID
		name                  string
		in, out, recv, sendOf types.OID
	}{{types.Int2Vector, "int2vector", 40, 41, 2410, 2411}, {types.OidVector, "oidvector", 54, 55, 2420, 2421}} {
		b.scalar(v.in, v.name+"in", oids(cs), v.t, textIn(types.Of(v.t)))
		b.scalar(v.out, v.name+"out", oids(v.t), cs, textOut)
		b.scalar(v.recv, v.name+"recv", oids(in), v.t, notCallable(v.name+"recv"))
		b.scalar(v.sendOf, v.name+"send", oids(v.t), types.Bytea, binaryOut)
	}
	for _, p := range []struct {
		t             types.OID
		in, out       types.OID
		recv, sendOID types.OID
	}{
		{types.AnyArray, 2296, 2297, 2502, 2503},
		{types.AnyElement, 2312, 2313, 0, 0},
		{types.AnyNonArray, 2777, 2778, 0, 0},
		{types.AnyEnum, 3504, 3505, 0, 0},
		{types.AnyCompatible, 5086, 5087, 0, 0},
		{types.AnyCompatibleArray, 5088, 5089, 5090, 5091},
		{types.AnyCompatibleNonArray, 5092, 5093, 0, 0},
		{types.Internal, 2304, 2305, 0, 0},
	} {
		name := types.ByOID(p.t).Name
		inFn := b.scalar(p.in, name+"_in", oids(cs), p.t, pseudoIn(name))
		inFn.Strict = p.t != types.Internal // internal_in is not strict in pg_proc
		b.scalar(p.out, name+"_out", oids(p.t), cs, textOut)
		if p.recv != 0 {
			b.scalar(p.recv, name+"_recv", oids(in), p.t, notCallable(name+"_recv"))
			b.scalar(p.sendOID, name+"_send", oids(p.t), types.Bytea, binaryOut)
		}
	}
}

// pseudoIn is the input function of a pseudo-type, which accepts no value.
func pseudoIn(name string) catalog.ScalarImpl {
	return func(*catalog.FuncEnv, []arrow.Array) (arrow.Array, error) {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot accept a value of type %s", name)
	}
}

// textIn reads its cstring argument with t's input function.
func textIn(t types.T) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		strs := stringsOf(args[0])
		parse := types.TextParserFor(t, env.IO)
		b := array.NewBuilder(allocator(env), t.Arrow())
		defer b.Release()
		for i := 0; i < strs.Len(); i++ {
			if !env.RowValid(i) {
				b.AppendNull()
				continue
			}
			if err := parse(b, []byte(strs.Value(i))); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	}
}

// textOut is an output function: its argument's text form, for any type.
func textOut(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return convertOut(env, args[0], types.TextAppender(env.ArgTypes[0], args[0], env.IO), false)
}

// binaryOut is a send function: its argument's binary form, as bytea.
func binaryOut(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return convertOut(env, args[0], types.BinaryAppender(env.ArgTypes[0], args[0], env.IO), true)
}

// convertOut writes every valid row of arg through app, as text or as bytea.
func convertOut(env *catalog.FuncEnv, arg arrow.Array, app types.Appender, binary bool) (arrow.Array, error) {
	mem := allocator(env)
	n := arg.Len()
	out := newStrOut(mem, n, 0)
	var buf []byte
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			out.endNull(mem)
			continue
		}
		buf = app(buf[:0], i)
		out.appendBytes(buf)
		out.end()
	}
	res := out.finish()
	if !binary {
		return res, nil
	}
	// The same offsets and bytes, as bytea.
	d := res.Data()
	bd := array.NewData(arrow.BinaryTypes.Binary, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
	res.Release()
	defer bd.Release()
	return array.MakeFromData(bd), nil
}

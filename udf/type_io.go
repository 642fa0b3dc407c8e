package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The I/O functions pg_type names for uuid, json, jsonb, jsonpath and record (typinput,
// typoutput, typreceive, typsend), and arrays' send and receive, with PostgreSQL's OIDs. The conversions are package
// types' text and binary I/O; the receive functions take PostgreSQL's internal message
// buffer, which no SQL call can pass.

func registerTypeIO(b builder) {
	for _, t := range []struct {
		t                   types.OID
		name                string
		in, out, recv, send types.OID
	}{
		{types.UUID, "uuid", 2952, 2953, 2961, 2962},
		{types.JSON, "json", 321, 322, 323, 324},
		{types.JSONB, "jsonb", 3806, 3804, 3805, 3803},
		{types.JSONPath, "jsonpath", 4001, 4003, 4002, 4004},
	} {
		in := b.scalar(t.in, t.name+"_in", oids(types.Cstring), t.t, typeIn)
		in.Volatility = catalog.Stable
		b.scalar(t.out, t.name+"_out", oids(t.t), types.Cstring, typeOut)
		b.scalar(t.recv, t.name+"_recv", oids(types.Internal), t.t, notCallable(t.name+"_recv"))
		b.scalar(t.send, t.name+"_send", oids(t.t), types.Bytea, typeSend)
	}
	rec := types.Record
	in := b.scalar(2290, "record_in", oids(types.Cstring, types.Oid, types.Int4), rec, typeIn)
	in.Volatility = catalog.Stable
	out := b.scalar(2291, "record_out", oids(rec), types.Cstring, typeOut)
	out.Volatility = catalog.Stable
	b.scalar(2402, "record_recv", oids(types.Internal, types.Oid, types.Int4), rec, notCallable("record_recv"))
	send := b.scalar(2403, "record_send", oids(rec), types.Bytea, typeSend)
	send.Volatility = catalog.Stable
	send = b.scalar(400, "array_send", oids(types.AnyArray), types.Bytea, typeSend)
	send.Volatility = catalog.Stable
	b.scalar(2400, "array_recv", oids(types.Internal, types.Oid, types.Int4), types.AnyArray, notCallable("array_recv"))
}

// typeIn reads text as the function's result type.
func typeIn(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return types.CastArrayContext(args[0], types.TText, env.RetType, types.Explicit, ioSettings(env), allocator(env))
}

// typeOut writes values as text.
func typeOut(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return types.CastArrayContext(args[0], env.ArgTypes[0], types.TText, types.Explicit, ioSettings(env), allocator(env))
}

// typeSend writes values in the binary send format.
func typeSend(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	send := types.BinaryAppender(env.ArgTypes[0], args[0], ioSettings(env))
	n := args[0].Len()
	bld := array.NewBinaryBuilder(allocator(env), arrow.BinaryTypes.Binary)
	defer bld.Release()
	var buf []byte
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			bld.AppendNull()
			continue
		}
		buf = send(buf[:0], i)
		bld.Append(buf)
	}
	return bld.NewArray(), nil
}

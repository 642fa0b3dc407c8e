package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The I/O functions pg_type names for uuid, json, jsonb, jsonpath and record (typinput,
// typoutput, typreceive, typsend; jsonb's typsubscript), with PostgreSQL's OIDs. The
// conversions are package types' text and binary I/O.

func registerJSONTypeIO(b builder) {
	cs, in := types.Cstring, types.Internal
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
		b.scalar(t.in, t.name+"_in", oids(cs), t.t, textIn(types.Of(t.t)))
		b.scalar(t.out, t.name+"_out", oids(t.t), cs, textOut)
		b.scalar(t.recv, t.name+"_recv", oids(in), t.t, notCallable(t.name+"_recv"))
		b.scalar(t.send, t.name+"_send", oids(t.t), types.Bytea, binaryOut)
	}
	b.scalar(6098, "jsonb_subscript_handler", oids(in), in, notCallable("jsonb_subscript_handler"))
	rec := types.Record
	stable := func(f *catalog.Func) { f.Volatility = catalog.Stable }
	stable(b.scalar(2290, "record_in", oids(cs, types.Oid, types.Int4), rec, recordIn))
	stable(b.scalar(2291, "record_out", oids(rec), cs, textOut))
	stable(b.scalar(2402, "record_recv", oids(in, types.Oid, types.Int4), rec, notCallable("record_recv")))
	stable(b.scalar(2403, "record_send", oids(rec), types.Bytea, binaryOut))
}

// recordIn is record_in, which reads no anonymous record.
func recordIn(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return types.CastArrayContext(args[0], types.TText, types.Of(types.Record), types.Explicit, ioSettings(env), allocator(env))
}

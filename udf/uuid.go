package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// uuid functions: comparison (registered with the other types' in compare.go) and
// gen_random_uuid.

func registerUUID(b builder) {
	f := b.scalar(3432, "gen_random_uuid", nil, types.UUID, genRandomUUID)
	f.Volatility = catalog.Volatile
	b.scalar(2960, "uuid_cmp", oids(types.UUID, types.UUID), types.Int4, uuidCmp)
}

func genRandomUUID(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
	buf, out := newFixed[[16]byte](allocator(env), env.Rows)
	for i := range out {
		out[i] = types.RandomUUID()
	}
	return makeArray(types.UUIDArrowType, env.Rows, nil, 0, buf), nil
}

func uuidCmp(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	a, b := values[[16]byte](args[0]), values[[16]byte](args[1])
	buf, out := newFixed[int32](allocator(env), len(a))
	for i := range a {
		out[i] = int32(types.CompareUUID(&a[i], &b[i]))
	}
	return makeArray(arrow.PrimitiveTypes.Int32, len(a), nil, 0, buf), nil
}

var uuidLoops = cmpLoops{
	lt: func(x, y arrow.Array, out boolOut) {
		fillBits(values[[16]byte](x), values[[16]byte](y), out, func(a, b [16]byte) bool { return types.CompareUUID(&a, &b) < 0 })
	},
	eq: func(x, y arrow.Array, out boolOut) {
		fillBits(values[[16]byte](x), values[[16]byte](y), out, func(a, b [16]byte) bool { return a == b })
	},
}

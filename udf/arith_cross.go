package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// PostgreSQL has mixed float4/float8 operators (float48pl, float84lt, ...) that compute in
// float8. They matter for overload resolution: real / integer resolves to float48div and
// gives a double precision result, where only same-type operators would pick real / real.
// Each widens its float4 side and runs the float8 kernel.

type crossOp struct {
	name               string
	op48, fn48         types.OID
	op84, fn84         types.OID
	fnName48, fnName84 string
}

var floatCrossOps = []crossOp{
	{"+", 1116, 281, 1126, 285, "float48pl", "float84pl"},
	{"-", 1117, 282, 1127, 286, "float48mi", "float84mi"},
	{"/", 1118, 280, 1128, 284, "float48div", "float84div"},
	{"*", 1119, 279, 1129, 283, "float48mul", "float84mul"},
	{"=", 1120, 299, 1130, 305, "float48eq", "float84eq"},
	{"<>", 1121, 300, 1131, 306, "float48ne", "float84ne"},
	{"<", 1122, 301, 1132, 307, "float48lt", "float84lt"},
	{">", 1123, 303, 1133, 309, "float48gt", "float84gt"},
	{"<=", 1124, 302, 1134, 308, "float48le", "float84le"},
	{">=", 1125, 304, 1135, 310, "float48ge", "float84ge"},
}

func registerFloatCross(b builder) {
	for _, c := range floatCrossOps {
		var f8 *catalog.Func
		for _, op := range b.reg.Operators(c.name) {
			if op.Left == types.Float8 && op.Right == types.Float8 {
				f8 = op.Func
			}
		}
		if f8 == nil {
			continue
		}
		f48 := b.scalar(c.fn48, c.fnName48, oids(types.Float4, types.Float8), f8.Ret, widenFirst(f8.Scalar, 0))
		b.op(c.op48, c.name, types.Float4, types.Float8, f48)
		f84 := b.scalar(c.fn84, c.fnName84, oids(types.Float8, types.Float4), f8.Ret, widenFirst(f8.Scalar, 1))
		b.op(c.op84, c.name, types.Float8, types.Float4, f84)
	}
}

// widenFirst converts argument i from float4 to float8 before calling impl.
func widenFirst(impl catalog.ScalarImpl, i int) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		wide := widenFloat4(env, args[i].(*array.Float32))
		defer wide.Release()
		a := append([]arrow.Array(nil), args...)
		a[i] = wide
		return impl(env, a)
	}
}

func widenFloat4(env *catalog.FuncEnv, a *array.Float32) arrow.Array {
	b := array.NewFloat64Builder(allocator(env))
	defer b.Release()
	vals := a.Float32Values()
	b.Reserve(len(vals))
	for _, v := range vals {
		b.UnsafeAppend(float64(v))
	}
	return b.NewArray()
}

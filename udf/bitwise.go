package udf

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Bitwise operators on int2, int4 and int8 (& | # ~ << >>), as PostgreSQL's int.c and
// int8.c define them. Shift counts are int4 for every operand type. PostgreSQL shifts with
// C's operators, whose behaviour for counts outside [0, width) is left to the machine; on
// the machines PostgreSQL runs on the count is taken modulo the width of the promoted
// operand (32 bits for int2 and int4, 64 for int8), and so it is here.

// bitwiseOIDs lists one type's pg_proc and pg_operator OIDs of and, or, xor, not, shl, shr.
type bitwiseOIDs struct {
	t, shiftT types.OID
	prefix    string
	procs     [6]types.OID
	ops       [6]types.OID
}

var bitwiseTable = []bitwiseOIDs{
	{types.Int2, types.Int4, "int2", [6]types.OID{1892, 1893, 1894, 1895, 1896, 1897}, [6]types.OID{1874, 1875, 1876, 1877, 1878, 1879}},
	{types.Int4, types.Int4, "int4", [6]types.OID{1898, 1899, 1900, 1901, 1902, 1903}, [6]types.OID{1880, 1881, 1882, 1883, 1884, 1885}},
	{types.Int8, types.Int4, "int8", [6]types.OID{1904, 1905, 1906, 1907, 1908, 1909}, [6]types.OID{1886, 1887, 1888, 1889, 1890, 1891}},
}

func registerBitwise(b builder) {
	for _, o := range bitwiseTable {
		var k bitwiseKernels
		switch o.t {
		case types.Int2:
			k = bitwiseFor[int16](arrow.PrimitiveTypes.Int16)
		case types.Int4:
			k = bitwiseFor[int32](arrow.PrimitiveTypes.Int32)
		default:
			k = bitwiseFor[int64](arrow.PrimitiveTypes.Int64)
		}
		t := o.t
		names := [6]string{"and", "or", "xor", "not", "shl", "shr"}
		symbols := [6]string{"&", "|", "#", "~", "<<", ">>"}
		impls := [6]catalog.ScalarImpl{k.and, k.or, k.xor, k.not, k.shl, k.shr}
		for i := range names {
			var f *catalog.Func
			switch i {
			case 3:
				f = b.scalar(o.procs[i], o.prefix+names[i], oids(t), t, impls[i])
				b.op(o.ops[i], symbols[i], 0, t, f)
			case 4, 5:
				f = b.scalar(o.procs[i], o.prefix+names[i], oids(t, o.shiftT), t, impls[i])
				b.op(o.ops[i], symbols[i], t, o.shiftT, f)
			default:
				f = b.scalar(o.procs[i], o.prefix+names[i], oids(t, t), t, impls[i])
				b.op(o.ops[i], symbols[i], t, t, f)
			}
		}
	}
}

type bitwiseKernels struct{ and, or, xor, not, shl, shr catalog.ScalarImpl }

func bitwiseFor[T signed](dt arrow.DataType) bitwiseKernels {
	same := func(f func(a, b T) T) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinaryLoop(env, dt, args[0], args[1], func(a, b, out []T) bool {
				for i := range out {
					out[i] = f(a[i], b[i])
				}
				return false
			}, nil, nil)
		}
	}
	var z T
	// The shift count is masked to the width C promotes the operand to.
	mask := int32(31)
	if unsafe.Sizeof(z) == 8 {
		mask = 63
	}
	shift := func(f func(a T, n uint) T) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinary(env, dt, args[0], args[1], func(a T, n int32) (T, bool) {
				return f(a, uint(n&mask)), true
			}, nil)
		}
	}
	return bitwiseKernels{
		and: same(func(a, b T) T { return a & b }),
		or:  same(func(a, b T) T { return a | b }),
		xor: same(func(a, b T) T { return a ^ b }),
		not: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, dt, args[0], func(a T) (T, bool) { return ^a, true }, nil)
		},
		// int2 is shifted as a 32-bit int and truncated, as C's promotion does.
		shl: shift(func(a T, n uint) T { return T(int64(a) << n) }),
		shr: shift(func(a T, n uint) T { return T(int64(a) >> n) }),
	}
}

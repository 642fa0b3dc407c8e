package udf

import (
	"math"
	"math/bits"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Arithmetic operators take operands of one type; the planner inserts PostgreSQL's implicit
// casts (int4 -> int8 -> numeric -> float8) before binding, so no cross-type variants exist.

// arithOIDs lists the pg_proc and pg_operator OIDs of one type's arithmetic.
type arithOIDs struct {
	t      types.OID
	prefix string // pg_proc name prefix: "int4" gives int4pl, int4mi, ...
	// pg_proc OIDs of pl, mi, mul, div, mod, um, up, abs (0 when the type has none).
	pl, mi, mul, div, mod, um, up, abs types.OID
	// pg_operator OIDs of + - * / %, prefix -, prefix + and prefix @.
	opPl, opMi, opMul, opDiv, opMod, opUm, opUp, opAbs types.OID
	// pg_proc OIDs of the SQL-level abs(x) and mod(x, y).
	absFn, modFn types.OID
}

var arithTable = []arithOIDs{
	{types.Int2, "int2", 176, 180, 152, 153, 155, 213, 1911, 1253, 550, 554, 526, 527, 529, 559, 1917, 682, 1398, 940},
	{types.Int4, "int4", 177, 181, 141, 154, 156, 212, 1912, 1251, 551, 555, 514, 528, 530, 558, 1918, 773, 1397, 941},
	{types.Int8, "int8", 463, 464, 465, 466, 945, 462, 1910, 1230, 684, 685, 686, 687, 439, 484, 1916, 473, 1396, 947},
	{types.Float4, "float4", 204, 205, 202, 203, 0, 206, 1913, 207, 586, 587, 589, 588, 0, 584, 1919, 590, 1394, 0},
	{types.Float8, "float8", 218, 219, 216, 217, 0, 220, 1914, 221, 591, 592, 594, 593, 0, 585, 1920, 595, 1395, 0},
	{types.Numeric, "numeric_", 1724, 1725, 1726, 1727, 1729, 1771, 1915, 1704, 1758, 1759, 1760, 1761, 1762, 1751, 1921, 1763, 1705, 1728},
}

// arithKernels are one type's implementations.
type arithKernels struct {
	pl, mi, mul, div, mod, um, abs catalog.ScalarImpl
}

func registerArith(b builder) {
	for _, o := range arithTable {
		k, names := kernelsFor(o.t)
		t := o.t
		bin := func(oid, opOID types.OID, name, op string, impl catalog.ScalarImpl) {
			if oid == 0 {
				return
			}
			f := b.scalar(oid, o.prefix+name, oids(t, t), t, impl)
			b.op(opOID, op, t, t, f)
		}
		bin(o.pl, o.opPl, names[0], "+", k.pl)
		bin(o.mi, o.opMi, names[1], "-", k.mi)
		bin(o.mul, o.opMul, names[2], "*", k.mul)
		bin(o.div, o.opDiv, names[3], "/", k.div)
		bin(o.mod, o.opMod, names[4], "%", k.mod)
		un := func(oid, opOID types.OID, name, op string, impl catalog.ScalarImpl) *catalog.Func {
			f := b.scalar(oid, o.prefix+name, oids(t), t, impl)
			b.op(opOID, op, 0, t, f)
			return f
		}
		un(o.um, o.opUm, names[5], "-", k.um)
		un(o.up, o.opUp, names[6], "+", unaryPlus)
		abs := un(o.abs, o.opAbs, "abs", "@", k.abs)
		b.alias(o.absFn, "abs", abs)
		if o.modFn != 0 {
			f := b.reg.Funcs(o.prefix + names[4])
			b.alias(o.modFn, "mod", f[len(f)-1])
		}
	}
}

// kernelsFor returns the arithmetic of one type and its pg_proc name suffixes.
func kernelsFor(t types.OID) (arithKernels, [7]string) {
	intNames := [7]string{"pl", "mi", "mul", "div", "mod", "um", "up"}
	switch t {
	case types.Int2:
		return intArith[int16](arrow.PrimitiveTypes.Int16), intNames
	case types.Int4:
		return intArith[int32](arrow.PrimitiveTypes.Int32), intNames
	case types.Int8:
		return intArith[int64](arrow.PrimitiveTypes.Int64), intNames
	case types.Float4:
		return floatArith[float32](arrow.PrimitiveTypes.Float32), intNames
	case types.Float8:
		return floatArith[float64](arrow.PrimitiveTypes.Float64), intNames
	}
	return numericArith(), [7]string{"add", "sub", "mul", "div", "mod", "uminus", "uplus"}
}

func unaryPlus(_ *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return retained(args[0]), nil
}

// ---- integers ----

func minOf[T signed]() T {
	var z T
	return T(-1) << (uint(unsafe.Sizeof(z))*8 - 1)
}

func addInt[T signed](a, b T) (T, bool) {
	r := a + b
	return r, (a^r)&(b^r) >= 0
}

func subInt[T signed](a, b T) (T, bool) {
	r := a - b
	return r, (a^b)&(a^r) >= 0
}

// addLoop and the loops below compute a whole column; overflow is collected branch-free
// from the sign bits (or by widening) and reported once.
func addLoop[T signed](a, b, out []T) bool {
	var ovf T
	for i := range out {
		r := a[i] + b[i]
		ovf |= (a[i] ^ r) & (b[i] ^ r)
		out[i] = r
	}
	return ovf < 0
}

func subLoop[T signed](a, b, out []T) bool {
	var ovf T
	for i := range out {
		r := a[i] - b[i]
		ovf |= (a[i] ^ b[i]) & (a[i] ^ r)
		out[i] = r
	}
	return ovf < 0
}

func mulLoop[T signed](a, b, out []T) bool {
	bad := false
	for i := range out {
		r, ok := mulInt(a[i], b[i])
		out[i] = r
		bad = bad || !ok
	}
	return bad
}

func mulInt[T signed](a, b T) (T, bool) {
	if unsafe.Sizeof(a) < 8 {
		w := int64(a) * int64(b)
		return T(w), int64(T(w)) == w
	}
	x, y := int64(a), int64(b)
	hi, lo := bits.Mul64(uint64(x), uint64(y))
	shi := int64(hi) - (x>>63)&y - (y>>63)&x
	return T(int64(lo)), shi == int64(lo)>>63
}

func divInt[T signed](a, b T) (T, bool) {
	if b == 0 {
		return 0, false
	}
	if b == -1 {
		// Go defines minT / -1 as minT; PostgreSQL reports it as out of range.
		return -a, a != minOf[T]()
	}
	return a / b, true
}

func modInt[T signed](a, b T) (T, bool) {
	if b == 0 {
		return 0, false
	}
	if b == -1 {
		return 0, true
	}
	return a % b, true
}

func negInt[T signed](a T) (T, bool) { return -a, a != minOf[T]() }

func absInt[T signed](a T) (T, bool) {
	if a < 0 {
		return -a, a != minOf[T]()
	}
	return a, true
}

func intArith[T signed](dt arrow.DataType) arithKernels {
	rangeErr := func(T, T) error { return intRangeErr[T]() }
	divErr := func(_, b T) error {
		if b == 0 {
			return errDivisionByZero()
		}
		return intRangeErr[T]()
	}
	bin := func(f func(a, b T) (T, bool), fail func(a, b T) error) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinary(env, dt, args[0], args[1], f, fail)
		}
	}
	un := func(f func(a T) (T, bool)) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, dt, args[0], f, func(T) error { return intRangeErr[T]() })
		}
	}
	loop := func(l func(a, b, out []T) bool, f func(a, b T) (T, bool)) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinaryLoop(env, dt, args[0], args[1], l, f, rangeErr)
		}
	}
	return arithKernels{
		pl:  loop(addLoop[T], addInt[T]),
		mi:  loop(subLoop[T], subInt[T]),
		mul: loop(mulLoop[T], mulInt[T]),
		div: bin(divInt[T], divErr),
		mod: bin(modInt[T], divErr),
		um:  un(negInt[T]),
		abs: un(absInt[T]),
	}
}

// ---- floats ----

func isInf[T float](x T) bool { return math.IsInf(float64(x), 0) }

func isNaN[T float](x T) bool { return x != x }

// floatErr classifies a failed float operation for the error message.
func floatErr[T float](r T) error {
	if r == 0 {
		return errFloatUnderflow()
	}
	return errFloatOverflow()
}

func addFloat[T float](a, b T) (T, bool) {
	r := a + b
	return r, !isInf(r) || isInf(a) || isInf(b)
}

func subFloat[T float](a, b T) (T, bool) {
	r := a - b
	return r, !isInf(r) || isInf(a) || isInf(b)
}

func mulFloat[T float](a, b T) (T, bool) {
	r := a * b
	if isInf(r) && !isInf(a) && !isInf(b) {
		return r, false
	}
	return r, r != 0 || a == 0 || b == 0
}

func divFloat[T float](a, b T) (T, bool) {
	if b == 0 && !isNaN(a) {
		return 0, false
	}
	r := a / b
	if isInf(r) && !isInf(a) {
		return r, false
	}
	return r, r != 0 || a == 0 || isInf(b)
}

// floatAddLoop and the loops below compute a whole column; a row may have failed only if its
// result is infinite (or zero, for underflow), which the precise check then examines.
func floatAddLoop[T float](a, b, out []T) bool {
	bad := false
	for i := range out {
		r := a[i] + b[i]
		out[i] = r
		bad = bad || isInf(r)
	}
	return bad
}

func floatSubLoop[T float](a, b, out []T) bool {
	bad := false
	for i := range out {
		r := a[i] - b[i]
		out[i] = r
		bad = bad || isInf(r)
	}
	return bad
}

func floatMulLoop[T float](a, b, out []T) bool {
	bad := false
	for i := range out {
		r := a[i] * b[i]
		out[i] = r
		bad = bad || isInf(r) || r == 0
	}
	return bad
}

func floatArith[T float](dt arrow.DataType) arithKernels {
	bin := func(l func(a, b, out []T) bool, f func(a, b T) (T, bool)) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinaryLoop(env, dt, args[0], args[1], l, f, func(a, b T) error {
				r, _ := f(a, b)
				return floatErr(r)
			})
		}
	}
	div := func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, dt, args[0], args[1], divFloat[T], func(a, b T) error {
			if b == 0 {
				return errDivisionByZero()
			}
			return floatErr(a / b)
		})
	}
	un := func(f func(a T) T) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, dt, args[0], func(a T) (T, bool) { return f(a), true }, nil)
		}
	}
	return arithKernels{
		pl:  bin(floatAddLoop[T], addFloat[T]),
		mi:  bin(floatSubLoop[T], subFloat[T]),
		mul: bin(floatMulLoop[T], mulFloat[T]),
		div: div,
		um:  un(func(a T) T { return -a }),
		abs: un(func(a T) T { return T(math.Abs(float64(a))) }),
	}
}

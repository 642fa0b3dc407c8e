package udf

import (
	"encoding/binary"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Integer and numeric number theory (gcd, lcm, factorial), the square and cube root
// operators, width_bucket, and the float send functions, as PostgreSQL defines them.

func registerMathExtra(b builder) {
	f8, i4, i8, n := types.Float8, types.Int4, types.Int8, types.Numeric
	registerBitwise(b)

	b.scalar(5044, "gcd", oids(i4, i4), i4, gcdKernel[int32](arrow.PrimitiveTypes.Int32))
	b.scalar(5045, "gcd", oids(i8, i8), i8, gcdKernel[int64](arrow.PrimitiveTypes.Int64))
	b.scalar(5046, "lcm", oids(i4, i4), i4, lcmKernel[int32](arrow.PrimitiveTypes.Int32))
	b.scalar(5047, "lcm", oids(i8, i8), i8, lcmKernel[int64](arrow.PrimitiveTypes.Int64))
	b.scalar(5048, "gcd", oids(n, n), n, numericBinary(numericGCD, nil))
	b.scalar(5049, "lcm", oids(n, n), n, numericBinary(numericLCM, nil))

	for _, f := range b.reg.Funcs("sqrt") {
		if len(f.Args) == 1 && f.Args[0] == f8 {
			b.op(596, "|/", 0, f8, b.alias(230, "dsqrt", f))
		}
	}
	for _, f := range b.reg.Funcs("cbrt") {
		if len(f.Args) == 1 && f.Args[0] == f8 {
			b.op(597, "||/", 0, f8, b.alias(231, "dcbrt", f))
		}
	}

	b.scalar(2425, "float4send", oids(types.Float4), types.Bytea, floatSend[float32])
	b.scalar(2427, "float8send", oids(f8), types.Bytea, floatSend[float64])
	b.scalar(320, "width_bucket", oids(f8, f8, f8, i4), i4, widthBucketFloat8)
	b.scalar(1376, "factorial", oids(i8), n, factorial)
}

// gcdInt is PostgreSQL's int4gcd_internal/int8gcd_internal: Euclid's algorithm on values
// whose larger magnitude goes first, with the minimum value, which has no positive
// counterpart, out of range unless the other operand divides it to a representable result.
func gcdInt[T signed](a, b T) (T, bool) {
	minT := minOf[T]()
	// Compare magnitudes in negative space, where the minimum value fits.
	na, nb := a, b
	if na > 0 {
		na = -na
	}
	if nb > 0 {
		nb = -nb
	}
	if na > nb {
		a, b = b, a
	}
	if a == minT {
		if b == 0 || b == minT {
			return 0, false
		}
		if b == -1 {
			return 1, true
		}
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		a = -a
	}
	return a, true
}

func lcmInt[T signed](a, b T) (T, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	g, ok := gcdInt(a, b)
	if !ok {
		return 0, false
	}
	r, ok := mulInt(a/g, b)
	if !ok || r == minOf[T]() {
		return 0, false
	}
	if r < 0 {
		r = -r
	}
	return r, true
}

func gcdKernel[T signed](dt arrow.DataType) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, dt, args[0], args[1], gcdInt[T], func(T, T) error { return intRangeErr[T]() })
	}
}

func lcmKernel[T signed](dt arrow.DataType) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, dt, args[0], args[1], lcmInt[T], func(T, T) error { return intRangeErr[T]() })
	}
}

// numericGCD is Euclid's algorithm on numeric values; the result has the larger display
// scale of the operands, as PostgreSQL's gcd_var gives it.
func numericGCD(a, b num) (num, bool) {
	if a.IsSpecial() || b.IsSpecial() {
		return types.NumericNaN, true // PostgreSQL's gcd and lcm of NaN or infinity
	}
	scale := max(a.Scale(), b.Scale())
	a, b = a.Abs(), b.Abs()
	for !b.IsZero() {
		r, ok := types.NumericMod(a, b)
		if !ok {
			return num{}, false
		}
		a, b = b, r
	}
	return types.NumericRescale(a, scale)
}

// numericLCM is |a / gcd(a, b) * b| with the larger display scale; 0 if either is 0.
func numericLCM(a, b num) (num, bool) {
	if a.IsSpecial() || b.IsSpecial() {
		return types.NumericNaN, true
	}
	scale := max(a.Scale(), b.Scale())
	if a.IsZero() || b.IsZero() {
		return types.NumericRescale(types.MakeNumeric(0, 0), scale)
	}
	g, ok := numericGCD(a, b)
	if !ok {
		return num{}, false
	}
	q, ok := types.NumericDivTo(a, g, 0, true)
	if !ok {
		return num{}, false
	}
	r, ok := types.NumericMul(q, b)
	if !ok {
		return num{}, false
	}
	return types.NumericRescale(r.Abs(), scale)
}

// floatSend returns the binary send form of a float: its IEEE bits, big-endian.
func floatSend[T float](env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	vals := values[T](args[0])
	n := args[0].Len()
	bld := array.NewBinaryBuilder(allocator(env), arrow.BinaryTypes.Binary)
	defer bld.Release()
	var z T
	size := int(binary.Size(z))
	bld.Reserve(n)
	bld.ReserveData(n * size)
	var buf [8]byte
	for i := 0; i < n; i++ {
		if size == 4 {
			binary.BigEndian.PutUint32(buf[:], math.Float32bits(float32(vals[i])))
		} else {
			binary.BigEndian.PutUint64(buf[:], math.Float64bits(float64(vals[i])))
		}
		bld.Append(buf[:size])
	}
	return bld.NewArray(), nil
}

func errWidthBucket(msg string) error {
	return pgerror.New(pgcode.InvalidArgumentForWidthBucketFunction, msg)
}

// widthBucketFloat8 is width_bucket(operand, low, high, count) on float8: the equal-width
// bucket of operand, 0 below the range and count+1 above it.
func widthBucketFloat8(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	op, lo, hi := values[float64](args[0]), values[float64](args[1]), values[float64](args[2])
	cnt := values[int32](args[3])
	n := args[0].Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		if !env.RowValid(i) {
			continue
		}
		r, err := widthBucket(op[i], lo[i], hi[i], cnt[i])
		if err != nil {
			buf.Release()
			return nil, err
		}
		out[i] = r
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func widthBucket(x, lo, hi float64, count int32) (int32, error) {
	switch {
	case count <= 0:
		return 0, errWidthBucket("count must be greater than zero")
	case math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi):
		return 0, errWidthBucket("operand, lower bound, and upper bound cannot be NaN")
	case math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return 0, errWidthBucket("lower and upper bounds must be finite")
	case lo == hi:
		return 0, errWidthBucket("lower bound cannot equal upper bound")
	}
	if lo < hi {
		switch {
		case x < lo:
			return 0, nil
		case x >= hi:
			return bucketAbove(count)
		}
		return int32(float64(count)*(x-lo)/(hi-lo) + 1), nil
	}
	switch {
	case x > lo:
		return 0, nil
	case x <= hi:
		return bucketAbove(count)
	}
	return int32(float64(count)*(lo-x)/(lo-hi) + 1), nil
}

func bucketAbove(count int32) (int32, error) {
	if count == math.MaxInt32 {
		return 0, errIntRange(types.Int4)
	}
	return count + 1, nil
}

// factorial(n) as numeric; PostgreSQL 15 returns 1 for 0 and 1 and rejects negatives.
func factorial(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return mapUnary(env, numericDT, args[0], func(v int64) (num, bool) {
		if v < 0 {
			return num{}, false
		}
		r := types.MakeNumeric(1, 0)
		for k := int64(2); k <= v; k++ {
			var ok bool
			if r, ok = types.NumericMul(r, types.MakeNumeric(k, 0)); !ok {
				return num{}, false
			}
		}
		return r, true
	}, func(v int64) error {
		if v < 0 {
			return pgerror.New(pgcode.InvalidParameterValue, "factorial of a negative number is undefined")
		}
		return errNumericOverflow()
	})
}

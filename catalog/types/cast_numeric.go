package types

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

type integer interface {
	~int16 | ~int32 | ~int64 | ~uint32
}

type float interface{ ~float32 | ~float64 }

// intRangeError is the error of an integer type's conversion functions for its OID.
func intRangeError(oid OID) string {
	switch oid {
	case Int2:
		return "smallint out of range"
	case Int4:
		return "integer out of range"
	case Oid:
		return "OID out of range"
	}
	return "bigint out of range"
}

// intBounds returns the range of an integer type.
func intBounds(oid OID) (lo, hi int64) {
	switch oid {
	case Int2:
		return math.MinInt16, math.MaxInt16
	case Int4:
		return math.MinInt32, math.MaxInt32
	case Oid:
		return 0, math.MaxUint32
	}
	return math.MinInt64, math.MaxInt64
}

// castNumberFamily converts among the numeric types and bool; ok is false when the pair is
// not one of them.
func castNumberFamily(arr arrow.Array, from, to T, mem memory.Allocator) (out arrow.Array, ok bool, err error) {
	dt := to.Arrow()
	switch from.OID {
	case Int2:
		out, ok, err = castFromInt[int16](arr, from, to, dt, mem)
	case Int4:
		out, ok, err = castFromInt[int32](arr, from, to, dt, mem)
	case Int8:
		out, ok, err = castFromInt[int64](arr, from, to, dt, mem)
	case Oid:
		out, ok, err = castFromInt[uint32](arr, from, to, dt, mem)
	case Float4:
		out, ok, err = castFromFloat[float32](arr, to, dt, mem)
	case Float8:
		out, ok, err = castFromFloat[float64](arr, to, dt, mem)
	case Numeric:
		out, ok, err = castFromNumeric(arr, to, dt, mem)
	case Bool:
		if to.OID == Int4 {
			b := arr.(*array.Boolean)
			o := newFixedOut[int32](mem, dt, arr)
			for i := range o.vals {
				if b.Value(i) {
					o.vals[i] = 1
				}
			}
			return o.finish(), true, nil
		}
	}
	return
}

func castFromInt[I integer](arr arrow.Array, from, to T, dt arrow.DataType, mem memory.Allocator) (arrow.Array, bool, error) {
	switch to.OID {
	case Int2:
		out, err := narrowInt[I, int16](arr, to.OID, dt, mem)
		return out, true, err
	case Int4:
		if from.OID == Oid {
			// oid -> integer is binary coercible: values above 2^31 read as negative.
			out, err := mapFixed(arr, dt, mem, func(v I) (int32, bool) { return int32(v), true }, nil)
			return out, true, err
		}
		out, err := narrowInt[I, int32](arr, to.OID, dt, mem)
		return out, true, err
	case Int8:
		out, err := narrowInt[I, int64](arr, to.OID, dt, mem)
		return out, true, err
	case Oid:
		if from.OID == Int8 {
			out, err := narrowInt[I, uint32](arr, to.OID, dt, mem)
			return out, true, err
		}
		// int2/int4 -> oid reinterprets the 32-bit pattern, as int4 -> oid is binary coercible.
		out, err := mapFixed(arr, dt, mem, func(v I) (uint32, bool) { return uint32(int32(v)), true }, nil)
		return out, true, err
	case Float4:
		if from.OID == Oid {
			return nil, false, nil
		}
		out, err := mapFixed(arr, dt, mem, func(v I) (float32, bool) { return float32(v), true }, nil)
		return out, true, err
	case Float8:
		if from.OID == Oid {
			return nil, false, nil
		}
		out, err := mapFixed(arr, dt, mem, func(v I) (float64, bool) { return float64(v), true }, nil)
		return out, true, err
	case Numeric:
		if from.OID == Oid {
			return nil, false, nil
		}
		if _, _, ok := NumericTypmod(to.Typmod); !ok {
			out, err := mapFixed(arr, dt, mem, func(v I) (Num, bool) { return NumericFromInt64(int64(v)), true }, nil)
			return out, true, err
		}
		var failErr error
		out, err := mapFixed(arr, dt, mem, func(v I) (Num, bool) {
			d, err := NumericApplyTypmod(NumericFromInt64(int64(v)), to.Typmod)
			failErr = err
			return d, err == nil
		}, func(I) error { return failErr })
		return out, true, err
	case Bool:
		if from.OID != Int4 {
			return nil, false, nil
		}
		src := values[int32](arr)
		bits := memory.NewResizableBuffer(mem)
		bits.Resize(int(bitutil.BytesForBits(int64(len(src)))))
		bb := bits.Bytes()
		for i := range bb {
			bb[i] = 0
		}
		for i, v := range src {
			if v != 0 {
				bitutil.SetBit(bb, i)
			}
		}
		o := newFixedOut[byte](mem, dt, arr)
		o.buf.Release()
		o.buf = bits
		return o.finish(), true, nil
	}
	return nil, false, nil
}

// narrowInt converts between integer types, failing with the target's range error.
func narrowInt[I, O integer](arr arrow.Array, to OID, dt arrow.DataType, mem memory.Allocator) (arrow.Array, error) {
	lo, hi := intBounds(to)
	// int64(v) sign-extends signed and zero-extends unsigned sources, as wanted.
	f := func(v I) (O, bool) { x := int64(v); return O(x), x >= lo && x <= hi }
	return mapFixed(arr, dt, mem, f, errf[I](pgcode.NumericValueOutOfRange, intRangeError(to)))
}

func castFromFloat[F float](arr arrow.Array, to T, dt arrow.DataType, mem memory.Allocator) (arrow.Array, bool, error) {
	is4 := arr.DataType().ID() == arrow.FLOAT32
	switch to.OID {
	case Int2:
		out, err := floatToInt[F, int16](arr, Int2, dt, mem)
		return out, true, err
	case Int4:
		out, err := floatToInt[F, int32](arr, Int4, dt, mem)
		return out, true, err
	case Int8:
		out, err := floatToInt[F, int64](arr, Int8, dt, mem)
		return out, true, err
	case Float4:
		out, err := mapFixed(arr, dt, mem, func(v F) (float32, bool) {
			r := float32(v)
			if math.IsInf(float64(r), 0) && !math.IsInf(float64(v), 0) {
				return r, false
			}
			if r == 0 && v != 0 {
				return r, false
			}
			return r, true
		}, func(v F) error {
			if math.Abs(float64(v)) > 1 {
				return pgerror.New(pgcode.NumericValueOutOfRange, "value out of range: overflow")
			}
			return pgerror.New(pgcode.NumericValueOutOfRange, "value out of range: underflow")
		})
		return out, true, err
	case Float8:
		out, err := mapFixed(arr, dt, mem, func(v F) (float64, bool) { return float64(v), true }, nil)
		return out, true, err
	case Numeric:
		var failErr error
		out, err := mapFixed(arr, dt, mem, func(v F) (Num, bool) {
			var d Num
			var err error
			if is4 {
				d, err = NumericFromFloat32(float32(v))
			} else {
				d, err = NumericFromFloat64(float64(v))
			}
			if err == nil {
				d, err = NumericApplyTypmod(d, to.Typmod)
			}
			failErr = err
			return d, err == nil
		}, func(F) error { return failErr })
		return out, true, err
	}
	return nil, false, nil
}

// floatToInt rounds to the nearest integer, ties to even (rint), and range-checks.
func floatToInt[F float, O integer](arr arrow.Array, to OID, dt arrow.DataType, mem memory.Allocator) (arrow.Array, error) {
	lo, _ := intBounds(to)
	// The bounds as floats: lo is a power of two, so exact, and -lo is one past the top.
	flo, fhi := float64(lo), -float64(lo)
	return mapFixed(arr, dt, mem, func(v F) (O, bool) {
		r := math.RoundToEven(float64(v))
		if !(r >= flo && r < fhi) { // also rejects NaN
			return 0, false
		}
		return O(int64(r)), true
	}, errf[F](pgcode.NumericValueOutOfRange, intRangeError(to)))
}

func castFromNumeric(arr arrow.Array, to T, dt arrow.DataType, mem memory.Allocator) (arrow.Array, bool, error) {
	toInt := func(oid OID) func(Num) (int64, bool) {
		lo, hi := intBounds(oid)
		return func(v Num) (int64, bool) {
			x, ok := v.Int64()
			return x, ok && x >= lo && x <= hi
		}
	}
	rangeErr := errf[Num](pgcode.NumericValueOutOfRange, intRangeError(to.OID))
	fail := func(v Num) error {
		if v.IsSpecial() {
			return NumericToIntError(v, ByOID(to.OID).SQLName)
		}
		return rangeErr(v)
	}
	switch to.OID {
	case Int2:
		f := toInt(Int2)
		out, err := mapFixed(arr, dt, mem, func(v Num) (int16, bool) { x, ok := f(v); return int16(x), ok }, fail)
		return out, true, err
	case Int4:
		f := toInt(Int4)
		out, err := mapFixed(arr, dt, mem, func(v Num) (int32, bool) { x, ok := f(v); return int32(x), ok }, fail)
		return out, true, err
	case Int8:
		f := toInt(Int8)
		out, err := mapFixed(arr, dt, mem, f, fail)
		return out, true, err
	case Float4:
		out, err := mapFixed(arr, dt, mem, func(v Num) (float32, bool) { return v.Float32(), true }, nil)
		return out, true, err
	case Float8:
		out, err := mapFixed(arr, dt, mem, func(v Num) (float64, bool) { return v.Float64(), true }, nil)
		return out, true, err
	}
	return nil, false, nil
}

// castNumericToNumeric applies the target's modifier: rounding to its scale and checking its
// precision. Without a modifier values keep their own display scales.
func castNumericToNumeric(arr arrow.Array, from, to T, mem memory.Allocator) (arrow.Array, error) {
	if _, _, ok := NumericTypmod(to.Typmod); !ok || to.Typmod == from.Typmod {
		arr.Retain()
		return arr, nil
	}
	var failErr error
	return mapFixed(arr, NumericArrowType, mem, func(v Num) (Num, bool) {
		r, err := NumericApplyTypmod(v, to.Typmod)
		failErr = err
		return r, err == nil
	}, func(Num) error { return failErr })
}

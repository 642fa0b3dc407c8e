package types

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CastArray converts arr, holding values of type from, to type to with the semantics of an
// explicit cast (CAST(x AS t), x::t). See CastArrayContext.
func CastArray(arr arrow.Array, from, to T, s *IOSettings, mem memory.Allocator) (arrow.Array, error) {
	return CastArrayContext(arr, from, to, Explicit, s, mem)
}

// CastArrayContext converts arr, holding values of type from, to an array of to.Arrow() with
// PostgreSQL's cast semantics, failing on the first non-null value that does not convert.
// ctx matters only for length coercion of character types: an explicit cast to varchar(n)
// or character(n) truncates silently, while an assignment (or implicit) one reports 22001
// unless only spaces are cut. Nulls stay null and their slots are never looked at. The
// result is a new reference the caller releases (possibly arr itself, retained, when no
// work is needed). s supplies the session time zone; nil means UTC.
//
// The work is done by typed loops over whole arrays, except for conversions from text, which
// parse value by value, and conversions to text, which print value by value.
func CastArrayContext(arr arrow.Array, from, to T, ctx CoercionContext, s *IOSettings, mem memory.Allocator) (arrow.Array, error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	// A domain's values are its base type's: the cast is the base type's (constraints are
	// the planner's CoerceToDomain).
	from, to = BaseType(from), BaseType(to)
	if from.OID == UnknownLit || from.OID == Unknown {
		from = TText
	}
	switch {
	case isStringType(to.OID) || to.OID == UnknownLit:
		if isStringType(from.OID) {
			return castStringToString(arr, from, to, ctx, mem)
		}
		return castToString(arr, from, to, ctx, s, mem)
	case isStringType(from.OID):
		return castFromString(arr, to, s, mem)
	}
	if from != to {
		if out, ok, err := castRecord(arr, from, to, ctx, s, mem); ok {
			return out, err
		}
	}
	if IsArray(from.OID) && IsArray(to.OID) && IsArrayArrow(arr.DataType()) {
		if c, ok := castTable[castKey{from.OID, to.OID}]; !ok || c.Method != CastBinary {
			return castArrayElements(arr, from, to, ctx, s, mem)
		}
	}
	if from.OID == to.OID {
		switch to.OID {
		case Numeric:
			return castNumericToNumeric(arr, from, to, mem)
		case Time, Timestamp, Timestamptz:
			if to.Typmod >= 0 && to.Typmod < MaxTimePrecision {
				return roundTimePrecision(arr, to, mem)
			}
			arr.Retain()
			return arr, nil
		case Interval:
			if to.Typmod == from.Typmod {
				arr.Retain()
				return arr, nil
			}
			return adjustIntervalArray(arr, to.Typmod, mem)
		default:
			arr.Retain()
			return arr, nil
		}
	}
	if isOidStorage(from.OID) && isOidStorage(to.OID) {
		arr.Retain() // oid and its aliases share one representation
		return arr, nil
	}
	if c, ok := castTable[castKey{from.OID, to.OID}]; ok && c.Method == CastBinary && arrow.TypeEqual(from.Arrow(), to.Arrow()) {
		arr.Retain() // binary coercible: the values are already right
		return arr, nil
	}
	if IsReg(from.OID) {
		from = TOid
	}
	if IsReg(to.OID) {
		to = TOid
	}
	if out, ok, err := castJSON(arr, from, to, s, mem); ok {
		return out, err
	}
	if out, ok, err := castChar(arr, from, to, mem); ok {
		return out, err
	}
	if out, ok, err := castNumberFamily(arr, from, to, mem); ok {
		return out, err
	}
	if out, ok, err := castDateTime(arr, from, to, s, mem); ok {
		return out, err
	}
	return nil, pgerror.Newf(pgcode.CannotCoerce, "cannot cast type %s to %s", from, to)
}

// fixedOut is the output of a fixed-width cast under construction: a value buffer of n
// elements and, when the input has nulls, a copy of its validity bitmap.
type fixedOut[O any] struct {
	dt    arrow.DataType
	n     int
	nulls int
	vals  []O
	buf   *memory.Buffer
	valid *memory.Buffer
}

func newFixedOut[O any](mem memory.Allocator, dt arrow.DataType, in arrow.Array) *fixedOut[O] {
	n := in.Len()
	var zero O
	o := &fixedOut[O]{dt: dt, n: n, nulls: in.NullN()}
	o.buf = memory.NewResizableBuffer(mem)
	o.buf.Resize(n * int(unsafe.Sizeof(zero)))
	if n > 0 {
		o.vals = unsafe.Slice((*O)(unsafe.Pointer(unsafe.SliceData(o.buf.Bytes()))), n)
	}
	if o.nulls > 0 {
		o.valid = memory.NewResizableBuffer(mem)
		o.valid.Resize(int(bitutil.BytesForBits(int64(n))))
		bitutil.CopyBitmap(in.NullBitmapBytes(), in.Data().Offset(), n, o.valid.Bytes(), 0)
	}
	return o
}

// finish hands the buffers to a new array.
func (o *fixedOut[O]) finish() arrow.Array {
	data := array.NewData(o.dt, o.n, []*memory.Buffer{o.valid, o.buf}, nil, o.nulls, 0)
	out := array.MakeFromData(data)
	data.Release()
	o.release()
	return out
}

// release drops this builder's references (after finish, or on error).
func (o *fixedOut[O]) release() {
	o.buf.Release()
	if o.valid != nil {
		o.valid.Release()
	}
}

// values returns the typed values of a fixed-width array, offset applied.
func values[T any](arr arrow.Array) []T {
	d := arr.Data()
	b := d.Buffers()[1]
	if b == nil || d.Len() == 0 {
		return nil
	}
	all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b.Bytes()))), b.Len()/int(unsafe.Sizeof(*new(T))))
	return all[d.Offset() : d.Offset()+d.Len()]
}

// convertAll runs f over every slot and stops at the first valid slot f rejects, returning
// its error. Null slots are converted too (their garbage is harmless) but never fail.
func convertAll[I, O any](in arrow.Array, src []I, dst []O, f func(I) (O, bool), fail func(I) error) error {
	if in.NullN() == 0 {
		for i, v := range src {
			r, ok := f(v)
			if !ok {
				return fail(v)
			}
			dst[i] = r
		}
		return nil
	}
	for i, v := range src {
		r, ok := f(v)
		if !ok {
			if in.IsValid(i) {
				return fail(v)
			}
			var zero O
			r = zero
		}
		dst[i] = r
	}
	return nil
}

// mapFixed converts a fixed-width array to another fixed-width type through f.
func mapFixed[I, O any](in arrow.Array, dt arrow.DataType, mem memory.Allocator, f func(I) (O, bool), fail func(I) error) (arrow.Array, error) {
	o := newFixedOut[O](mem, dt, in)
	if err := convertAll(in, values[I](in), o.vals, f, fail); err != nil {
		o.release()
		return nil, err
	}
	return o.finish(), nil
}

// errf returns a fail function that ignores the value and returns a fixed error.
func errf[I any](code pgcode.Code, msg string) func(I) error {
	return func(I) error { return pgerror.New(code, msg) }
}

// arrayNewSliceData returns d's buffers under Arrow type dt.
func arrayNewSliceData(d arrow.ArrayData, dt arrow.DataType) arrow.ArrayData {
	return array.NewData(dt, d.Len(), d.Buffers(), d.Children(), d.NullN(), d.Offset())
}

func makeArray(d arrow.ArrayData) arrow.Array { return array.MakeFromData(d) }

// withValidity returns out's values (out has offset 0) with a validity bitmap built from
// valid.
func withValidity(out arrow.Array, valid []bool, mem memory.Allocator) arrow.Array {
	bm := memory.NewResizableBuffer(mem)
	bm.Resize(int(bitutil.BytesForBits(int64(len(valid)))))
	b := bm.Bytes()
	for i := range b {
		b[i] = 0
	}
	nulls := 0
	for i, v := range valid {
		if v {
			bitutil.SetBit(b, i)
		} else {
			nulls++
		}
	}
	d := out.Data()
	bufs := append([]*memory.Buffer{bm}, d.Buffers()[1:]...)
	nd := array.NewData(d.DataType(), d.Len(), bufs, d.Children(), nulls, d.Offset())
	bm.Release()
	res := array.MakeFromData(nd)
	nd.Release()
	return res
}

package udf

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The helpers in this file build result arrays straight from raw value slices, so kernels
// are plain typed loops. Results never carry a validity bitmap of their own unless the
// function can return NULL for non-null input: the evaluator ANDs env.Valid in afterwards.

// signed is the set of Go types holding int2, int4 and int8 values.
type signed interface{ ~int16 | ~int32 | ~int64 }

// float is the set of Go types holding float4 and float8 values.
type float interface{ ~float32 | ~float64 }

// allocator returns the allocator results are built with.
func allocator(env *catalog.FuncEnv) memory.Allocator {
	if env != nil && env.Mem != nil {
		return env.Mem
	}
	return memory.DefaultAllocator
}

// values returns the value slice of a fixed-width array (offset applied). Values of null
// rows are unspecified.
func values[T fixedWidth](a arrow.Array) []T {
	d := a.Data()
	b := d.Buffers()[1]
	if b == nil || d.Len() == 0 {
		return nil
	}
	var z T
	all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b.Bytes()))), b.Len()/int(unsafe.Sizeof(z)))
	return all[d.Offset() : d.Offset()+d.Len()]
}

// fixedWidth is the element types of fixed-width arrays: Arrow's, plus the numeric word
// and the uuid's bytes.
type fixedWidth interface {
	arrow.FixedWidthType | types.Num | [16]byte
}

// newFixed allocates the value buffer of an n-row fixed-width result.
func newFixed[T fixedWidth](mem memory.Allocator, n int) (*memory.Buffer, []T) {
	var z T
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(n * int(unsafe.Sizeof(z)))
	if n == 0 {
		return buf, nil
	}
	return buf, unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), n)
}

// newBitmap allocates a zeroed bitmap of n bits.
func newBitmap(mem memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize((n + 7) / 8)
	clear(buf.Bytes())
	return buf
}

// makeArray wraps buffers into an array, taking over the caller's references.
func makeArray(dt arrow.DataType, n int, validity *memory.Buffer, nulls int, bufs ...*memory.Buffer) arrow.Array {
	all := append([]*memory.Buffer{validity}, bufs...)
	data := array.NewData(dt, n, all, nil, nulls, 0)
	for _, b := range all {
		if b != nil {
			b.Release()
		}
	}
	defer data.Release()
	return array.MakeFromData(data)
}

// boolOut accumulates a Boolean result one byte of bits at a time.
type boolOut struct {
	buf  *memory.Buffer
	bits []byte
}

func newBoolOut(mem memory.Allocator, n int) boolOut {
	b := newBitmap(mem, n)
	return boolOut{buf: b, bits: b.Bytes()}
}

func (o boolOut) set(i int) { o.bits[i>>3] |= 1 << (uint(i) & 7) }

func (o boolOut) finish(n int) arrow.Array {
	return makeArray(arrow.FixedWidthTypes.Boolean, n, nil, 0, o.buf)
}

// bitSet reports whether bit i (after offset) of a bitmap is set.
func bitSet(bits []byte, i int) bool { return bits[i>>3]&(1<<(uint(i)&7)) != 0 }

// boolValues returns the value bitmap and offset of a Boolean array.
func boolValues(a arrow.Array) ([]byte, int) {
	d := a.Data()
	if d.Len() == 0 {
		return nil, 0
	}
	return d.Buffers()[1].Bytes(), d.Offset()
}

// firstFailure returns the error of the first valid row that fails check, or nil. Kernels
// run branch-light loops that only note that some row failed; this rescans on that rare path
// so that garbage in null rows never raises an error.
func firstFailure(env *catalog.FuncEnv, n int, check func(i int) error) error {
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if err := check(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// mapUnary applies f to every value of a fixed-width array. f reports failure with ok=false;
// fail then builds the error of a valid failing row.
func mapUnary[T, R fixedWidth](env *catalog.FuncEnv, dt arrow.DataType, in arrow.Array,
	f func(T) (R, bool), fail func(T) error) (arrow.Array, error) {
	a := values[T](in)
	n := in.Len()
	buf, out := newFixed[R](allocator(env), n)
	bad := false
	for i := range out {
		r, ok := f(a[i])
		out[i] = r
		bad = bad || !ok
	}
	if bad {
		if err := firstFailure(env, n, func(i int) error {
			if _, ok := f(a[i]); !ok {
				return fail(a[i])
			}
			return nil
		}); err != nil {
			buf.Release()
			return nil, err
		}
	}
	return makeArray(dt, n, nil, 0, buf), nil
}

// mapBinary applies f to pairs of values of two fixed-width arrays; see mapUnary.
func mapBinary[A, B, R fixedWidth](env *catalog.FuncEnv, dt arrow.DataType, x, y arrow.Array,
	f func(A, B) (R, bool), fail func(A, B) error) (arrow.Array, error) {
	a, b := values[A](x), values[B](y)
	n := x.Len()
	buf, out := newFixed[R](allocator(env), n)
	bad := false
	for i := range out {
		r, ok := f(a[i], b[i])
		out[i] = r
		bad = bad || !ok
	}
	if bad {
		if err := firstFailure(env, n, func(i int) error {
			if _, ok := f(a[i], b[i]); !ok {
				return fail(a[i], b[i])
			}
			return nil
		}); err != nil {
			buf.Release()
			return nil, err
		}
	}
	return makeArray(dt, n, nil, 0, buf), nil
}

// retained returns a with an extra reference, for functions whose result is an argument.
func retained(a arrow.Array) arrow.Array {
	a.Retain()
	return a
}

// mapBinaryLoop is mapBinary with the whole-array loop written out for one operation, so the
// per-row work inlines; loop reports whether any row may have failed, and f and fail then
// find and describe the first valid failing row.
func mapBinaryLoop[T fixedWidth](env *catalog.FuncEnv, dt arrow.DataType, x, y arrow.Array,
	loop func(a, b, out []T) bool, f func(a, b T) (T, bool), fail func(a, b T) error) (arrow.Array, error) {
	a, b := values[T](x), values[T](y)
	n := x.Len()
	buf, out := newFixed[T](allocator(env), n)
	if loop(a[:n], b[:n], out) {
		if err := firstFailure(env, n, func(i int) error {
			if _, ok := f(a[i], b[i]); !ok {
				return fail(a[i], b[i])
			}
			return nil
		}); err != nil {
			buf.Release()
			return nil, err
		}
	}
	return makeArray(dt, n, nil, 0, buf), nil
}

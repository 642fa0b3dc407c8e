package tokenize

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// Output builders for the array results (text[], int4[]): the elements of a whole batch go
// into growing allocator buffers, and the rows' element ranges into one offsets slice, so a
// batch costs a handful of allocations however many rows and tokens it has.

// vec is a growing slice of T held in an allocator buffer.
type vec[T byte | int32] struct {
	buf *memory.Buffer
	s   []T // the buffer's bytes viewed as T, len = values written
}

func newVec[T byte | int32](mem memory.Allocator, capHint int) vec[T] {
	v := vec[T]{buf: memory.NewResizableBuffer(mem)}
	v.reserve(max(capHint, 16))
	return v
}

// reserve makes room for at least n values in total.
func (v *vec[T]) reserve(n int) {
	var z T
	size := int(unsafe.Sizeof(z))
	used := len(v.s)
	v.buf.Reserve(n * size)
	b := v.buf.Buf()
	v.s = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/size)[:used]
}

// grow makes room for extra more values.
func (v *vec[T]) grow(extra int) {
	if need := len(v.s) + extra; need > cap(v.s) {
		v.reserve(max(need, 2*cap(v.s)))
	}
}

func (v *vec[T]) push(x T) {
	if len(v.s) == cap(v.s) {
		v.grow(1)
	}
	v.s = append(v.s, x)
}

// finish returns the buffer sized to the values written; the vec must not be used after.
func (v *vec[T]) finish() *memory.Buffer {
	var z T
	v.buf.ResizeNoShrink(len(v.s) * int(unsafe.Sizeof(z)))
	return v.buf
}

func (v *vec[T]) release() { v.buf.Release() }

// listOut builds an array of arrays (text[] or int4[]) over a batch: the caller appends a
// row's elements and then ends the row.
type listOut struct {
	mem     memory.Allocator
	rowOffs []int32
	valid   []bool // nil until a NULL row
	// Text elements: their bytes and offsets.
	data     vec[byte]
	elemOffs vec[int32]
	// int4 elements.
	ints vec[int32]
	text bool
}

// newTextListOut starts a text[] result of n rows whose elements take about dataHint bytes.
func newTextListOut(mem memory.Allocator, n, dataHint int) *listOut {
	o := &listOut{mem: mem, rowOffs: make([]int32, 1, n+1), text: true,
		data: newVec[byte](mem, dataHint), elemOffs: newVec[int32](mem, dataHint/4+1)}
	o.elemOffs.push(0)
	return o
}

// newIntListOut starts an int4[] result of n rows with about elemHint elements.
func newIntListOut(mem memory.Allocator, n, elemHint int) *listOut {
	return &listOut{mem: mem, rowOffs: make([]int32, 1, n+1), ints: newVec[int32](mem, elemHint)}
}

// appendText appends one text element to the current row.
func (o *listOut) appendText(s string) {
	o.data.grow(len(s))
	o.data.s = append(o.data.s, s...)
	o.elemOffs.push(int32(len(o.data.s)))
}

// appendInt appends one int4 element to the current row.
func (o *listOut) appendInt(x int32) { o.ints.push(x) }

// elems is the number of elements appended so far.
func (o *listOut) elems() int {
	if o.text {
		return len(o.elemOffs.s) - 1
	}
	return len(o.ints.s)
}

// endRow finishes the current row.
func (o *listOut) endRow() {
	if o.valid != nil {
		o.valid = append(o.valid, true)
	}
	o.rowOffs = append(o.rowOffs, int32(o.elems()))
}

// endNull finishes the current row as NULL (it must have no elements).
func (o *listOut) endNull() {
	if o.valid == nil {
		o.valid = make([]bool, len(o.rowOffs)-1, cap(o.rowOffs))
		for i := range o.valid {
			o.valid[i] = true
		}
	}
	o.valid = append(o.valid, false)
	o.rowOffs = append(o.rowOffs, int32(o.elems()))
}

// finish returns the array of arrays.
func (o *listOut) finish() arrow.Array {
	var data arrow.ArrayData
	if o.text {
		n := o.elems()
		data = array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{nil, o.elemOffs.finish(), o.data.finish()}, nil, 0, 0)
		o.elemOffs.release()
		o.data.release()
	} else {
		n := o.elems()
		data = array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{nil, o.ints.finish()}, nil, 0, 0)
		o.ints.release()
	}
	elems := array.MakeFromData(data)
	data.Release()
	defer elems.Release()
	return types.MakeArrays(o.mem, elems, o.rowOffs, o.valid, nil)
}

// abandon releases the buffers of an unfinished result.
func (o *listOut) abandon() {
	if o.text {
		o.elemOffs.release()
		o.data.release()
	} else {
		o.ints.release()
	}
}

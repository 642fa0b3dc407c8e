package types

// Typed gathering ("take") of Arrow arrays by row index, the one implementation the
// executor (filters, joins, sorts) and the function library (array functions) share.
//
// Gathering works on physical layouts, not logical types: every fixed-width type is moved as
// 1, 2, 4, 8 or 16-byte words, booleans as bits, and strings and bytea as offsets plus bytes.
// So one generic loop per width serves ints, floats, dates, timestamps, decimals and
// intervals alike; extension types move as their storage. Lists gather their rows' element ranges (one recursive take of the
// elements), structs each field, so arrays (the array layout is a struct of two lists) are
// gathered like any other value. A negative index produces a NULL, which is how outer joins
// null-extend.

import (
	"math"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

type word128 struct{ lo, hi uint64 }

// Take returns the rows idx of arr as a new array; a negative index gives a NULL.
func Take(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	dt := arr.DataType()
	switch dt.ID() {
	case arrow.STRUCT:
		return takeStruct(mem, arr.(*array.Struct), idx)
	case arrow.LIST:
		return takeList(mem, arr.(*array.List), idx)
	case arrow.NULL:
		return array.NewNull(len(idx)), nil
	case arrow.EXTENSION:
		// Extension types (uuid, jsonb) move as their storage does.
		storage, err := Take(mem, StorageArray(arr), idx)
		if err != nil {
			return nil, err
		}
		defer storage.Release()
		return array.NewExtensionArrayWithStorage(dt.(arrow.ExtensionType), storage), nil
	case arrow.BOOL:
		return takeBool(mem, arr, idx), nil
	case arrow.STRING, arrow.BINARY:
		return takeVar(mem, arr, idx)
	}
	if fw, ok := dt.(arrow.FixedWidthDataType); ok && fw.BitWidth()%8 == 0 {
		switch fw.BitWidth() / 8 {
		case 1:
			return takeFixed[uint8](mem, arr, idx), nil
		case 2:
			return takeFixed[uint16](mem, arr, idx), nil
		case 4:
			return takeFixed[uint32](mem, arr, idx), nil
		case 8:
			return takeFixed[uint64](mem, arr, idx), nil
		case 16:
			return takeFixed[word128](mem, arr, idx), nil
		}
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot gather values of Arrow type %s", dt)
}

func newBuf(mem memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(n)
	return buf
}

func bufValues[T any](buf *memory.Buffer) []T {
	b := buf.Bytes()
	if len(b) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

// assemble makes an array from freshly allocated buffers and children, taking over their
// references.
func assemble(dt arrow.DataType, n, nulls int, children []arrow.ArrayData, bufs ...*memory.Buffer) arrow.Array {
	data := array.NewData(dt, n, bufs, children, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	for _, c := range children {
		c.Release()
	}
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

// takeValidity builds the validity bitmap of take(arr, idx), or nil when it has no NULLs.
func takeValidity(mem memory.Allocator, arr arrow.Array, idx []int32) (*memory.Buffer, int) {
	hasNeg := false
	for _, i := range idx {
		if i < 0 {
			hasNeg = true
			break
		}
	}
	bits, off := []byte(nil), 0
	if arr.NullN() > 0 {
		bits, off = arr.NullBitmapBytes(), arr.Data().Offset()
	}
	if bits == nil && !hasNeg {
		return nil, 0
	}
	buf := newBuf(mem, int(bitutil.BytesForBits(int64(len(idx)))))
	out := buf.Bytes()
	clear(out)
	nulls := 0
	for k, i := range idx {
		if i >= 0 && (bits == nil || bitutil.BitIsSet(bits, off+int(i))) {
			out[k>>3] |= 1 << (uint(k) & 7)
		} else {
			nulls++
		}
	}
	if nulls == 0 {
		buf.Release()
		return nil, 0
	}
	return buf, nulls
}

func takeFixed[T any](mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	valid, nulls := takeValidity(mem, arr, idx)
	var z T
	buf := newBuf(mem, len(idx)*int(unsafe.Sizeof(z)))
	out := bufValues[T](buf)
	src := values[T](arr)
	if nulls == 0 || valid == nil {
		for k, i := range idx {
			out[k] = src[i]
		}
	} else {
		for k, i := range idx {
			if i >= 0 {
				out[k] = src[i]
			} else {
				out[k] = z
			}
		}
	}
	return assemble(arr.DataType(), len(idx), nulls, nil, valid, buf)
}

func takeBool(mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	n := len(idx)
	valid, nulls := takeValidity(mem, arr, idx)
	buf := newBuf(mem, int(bitutil.BytesForBits(int64(n))))
	out := buf.Bytes()
	clear(out)
	if arr.Len() > 0 {
		src, off := arr.Data().Buffers()[1].Bytes(), arr.Data().Offset()
		for k, i := range idx {
			if i >= 0 && bitutil.BitIsSet(src, off+int(i)) {
				out[k>>3] |= 1 << (uint(k) & 7)
			}
		}
	}
	return assemble(arr.DataType(), n, nulls, nil, valid, buf)
}

// varOffsets returns the n+1 offsets (offset-adjusted) and the data of a string or binary
// array.
func varOffsets(arr arrow.Array) ([]int32, []byte) {
	d := arr.Data()
	if d.Len() == 0 {
		return []int32{0}, nil
	}
	b := d.Buffers()[1].Bytes()
	offs := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)[d.Offset() : d.Offset()+d.Len()+1]
	var data []byte
	if buf := d.Buffers()[2]; buf != nil {
		data = buf.Bytes()
	}
	return offs, data
}

func takeVar(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	valid, nulls := takeValidity(mem, arr, idx)
	offs, data := varOffsets(arr)
	total := 0
	for _, i := range idx {
		if i >= 0 {
			total += int(offs[i+1] - offs[i])
		}
	}
	if total > math.MaxInt32 {
		if valid != nil {
			valid.Release()
		}
		return nil, ErrColumnTooLarge()
	}
	obuf := newBuf(mem, 4*(len(idx)+1))
	dbuf := newBuf(mem, total)
	oo, od := bufValues[int32](obuf), dbuf.Bytes()
	pos := int32(0)
	oo[0] = 0
	for k, i := range idx {
		if i >= 0 {
			pos += int32(copy(od[pos:], data[offs[i]:offs[i+1]]))
		}
		oo[k+1] = pos
	}
	return assemble(arr.DataType(), len(idx), nulls, nil, valid, obuf, dbuf), nil
}

// ErrColumnTooLarge reports a batch whose variable-length data exceeds 32-bit offsets.
func ErrColumnTooLarge() error {
	return pgerror.New(pgcode.ProgramLimitExceeded, "string data of a column exceeds 2 GB in one batch")
}

// takeList gathers list rows: new offsets over the gathered element ranges, and one take of
// the elements.
func takeList(mem memory.Allocator, arr *array.List, idx []int32) (arrow.Array, error) {
	valid, nulls := takeValidity(mem, arr, idx)
	offs := listOffsets(arr)
	total := 0
	for _, i := range idx {
		if i >= 0 {
			total += int(offs[i+1] - offs[i])
		}
	}
	if total > math.MaxInt32 {
		if valid != nil {
			valid.Release()
		}
		return nil, ErrColumnTooLarge()
	}
	obuf := newBuf(mem, 4*(len(idx)+1))
	oo := bufValues[int32](obuf)
	elemIdx := make([]int32, 0, total)
	oo[0] = 0
	for k, i := range idx {
		if i >= 0 {
			for e := offs[i]; e < offs[i+1]; e++ {
				elemIdx = append(elemIdx, e)
			}
		}
		oo[k+1] = int32(len(elemIdx))
	}
	elems, err := Take(mem, arr.ListValues(), elemIdx)
	if err != nil {
		obuf.Release()
		if valid != nil {
			valid.Release()
		}
		return nil, err
	}
	child := elems.Data()
	child.Retain()
	elems.Release()
	return assemble(arr.DataType(), len(idx), nulls, []arrow.ArrayData{child}, valid, obuf), nil
}

// takeStruct gathers each field and the struct's validity.
func takeStruct(mem memory.Allocator, arr *array.Struct, idx []int32) (arrow.Array, error) {
	children := make([]arrow.ArrayData, arr.NumField())
	for f := range children {
		c, err := Take(mem, arr.Field(f), idx)
		if err != nil {
			for _, d := range children[:f] {
				d.Release()
			}
			return nil, err
		}
		children[f] = c.Data()
		children[f].Retain()
		c.Release()
	}
	valid, nulls := takeValidity(mem, arr, idx)
	return assemble(arr.DataType(), len(idx), nulls, children, valid), nil
}

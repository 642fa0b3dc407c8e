package executor

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// bitmap is a validity or boolean bitmap of n bits starting at bit 0.
type bitmap []byte

func newBitmap(n int) bitmap { return make(bitmap, bitutil.BytesForBits(int64(n))) }

func (b bitmap) get(i int) bool { return b[i>>3]&(1<<(uint(i)&7)) != 0 }
func (b bitmap) set(i int)      { b[i>>3] |= 1 << (uint(i) & 7) }

// validityOf returns arr's validity as a bitmap starting at bit 0, or nil if it has no nulls.
func validBitmap(arr arrow.Array) bitmap {
	if arr.NullN() == 0 {
		return nil
	}
	if arr.DataType().ID() == arrow.NULL {
		return newBitmap(arr.Len())
	}
	buf := arr.Data().Buffers()[0]
	if buf == nil {
		return nil
	}
	n := arr.Len()
	off := arr.Data().Offset()
	out := newBitmap(n)
	bitutil.CopyBitmap(buf.Bytes(), off, n, out, 0)
	return out
}

// boolValues returns a boolean array's values as a bitmap starting at bit 0.
func boolValues(arr *array.Boolean) bitmap {
	n := arr.Len()
	out := newBitmap(n)
	bitutil.CopyBitmap(arr.Data().Buffers()[1].Bytes(), arr.Data().Offset(), n, out, 0)
	return out
}

// andValidity returns the rows where every array is non-null, or nil when all are.
func andValidity(arrs []arrow.Array, n int) bitmap {
	var out bitmap
	for _, a := range arrs {
		v := validBitmap(a)
		if v == nil {
			continue
		}
		if out == nil {
			out = v
			continue
		}
		for i := range out {
			out[i] &= v[i]
		}
	}
	return out
}

// withValidity returns arr with its validity narrowed to valid (ANDed with its own). arr is
// released; the result shares arr's value buffers.
func withValidity(mem memory.Allocator, arr arrow.Array, valid bitmap) arrow.Array {
	if valid == nil {
		return arr
	}
	n := arr.Len()
	data := arr.Data()
	off := data.Offset()
	vb := memory.NewResizableBuffer(mem)
	vb.Resize(int(bitutil.BytesForBits(int64(off + n))))
	bits := vb.Bytes()
	for i := range bits {
		bits[i] = 0
	}
	bitutil.CopyBitmap(valid, 0, n, bits, off)
	if own := data.Buffers()[0]; own != nil && arr.NullN() > 0 {
		bitutil.BitmapAnd(bits, own.Bytes(), int64(off), int64(off), bits, int64(off), int64(n))
	}
	bufs := append([]*memory.Buffer{vb}, data.Buffers()[1:]...)
	nd := array.NewData(data.DataType(), n, bufs, data.Children(), array.UnknownNullCount, off)
	if d, ok := data.(*array.Data); ok && d.Dictionary() != nil {
		nd.SetDictionary(d.Dictionary())
	}
	out := array.MakeFromData(nd)
	nd.Release()
	vb.Release()
	arr.Release()
	return out
}

// broadcast makes an array of n copies of s.
func broadcast(mem memory.Allocator, s scalar.Scalar, n int) (arrow.Array, error) {
	return types.Broadcast(mem, s, n)
}

// newBoolArray builds a boolean array of n values from value and validity bitmaps (validity
// nil: all valid).
func newBoolArray(mem memory.Allocator, values, valid bitmap, n int) arrow.Array {
	vb := memory.NewResizableBuffer(mem)
	vb.Resize(len(values))
	copy(vb.Bytes(), values)
	bufs := []*memory.Buffer{nil, vb}
	nulls := 0
	if valid != nil {
		nb := memory.NewResizableBuffer(mem)
		nb.Resize(len(valid))
		copy(nb.Bytes(), valid)
		bufs[0] = nb
		nulls = n - bitutil.CountSetBits(valid, 0, n)
		defer nb.Release()
	}
	data := array.NewData(arrow.FixedWidthTypes.Boolean, n, bufs, nil, nulls, 0)
	out := array.MakeFromData(data)
	data.Release()
	vb.Release()
	return out
}

// filterRecord keeps the rows of rec where mask is true (nulls drop), gathering each column
// with the typed take kernels.
func filterRecord(_ context.Context, mem memory.Allocator, rec arrow.Record, mask arrow.Array) (arrow.Record, error) {
	idx := trueRows(make([]int32, 0, mask.Len()), mask)
	if len(idx) == int(rec.NumRows()) {
		rec.Retain()
		return rec, nil
	}
	cols, err := takeColumns(mem, rec.Columns(), idx)
	if err != nil {
		return nil, err
	}
	out := types.NewRecord(rec.Schema(), cols, int64(len(idx)))
	releaseAll(cols)
	return out, nil
}

// selectionMask builds a boolean array marking rows set in sel.
func selectionMask(mem memory.Allocator, sel bitmap, n int) arrow.Array {
	return newBoolArray(mem, sel, nil, n)
}

// countBits counts set bits among the first n.
func countBits(b bitmap, n int) int { return bitutil.CountSetBits(b, 0, n) }

// releaseAll releases every non-nil array.
func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

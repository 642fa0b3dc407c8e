package udf

import (
	"math"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Value window functions choose a source row per output row ("picks") and gather them here
// in one typed pass per layout: pick >= 0 reads row pick of the first source, -1 is NULL,
// and -2-j reads row j of the second source (lag and lead's default argument).

// takeRows gathers src's rows at picks (-1: NULL).
func takeRows(mem memory.Allocator, src arrow.Array, picks []int32) (arrow.Array, error) {
	return takeRows2(mem, src, nil, picks)
}

// pickSource resolves a pick to (source array index 0 or 1, row), or ok=false for NULL.
func pickSource(p int32) (int, int, bool) {
	switch {
	case p >= 0:
		return 0, int(p), true
	case p == -1:
		return 0, 0, false
	}
	return 1, int(-2 - p), true
}

// takeRows2 gathers picks from a and b (b may be nil when no pick refers to it); both have
// the same type.
func takeRows2(mem memory.Allocator, a, b arrow.Array, picks []int32) (arrow.Array, error) {
	srcs := []arrow.Array{a, b}
	n := len(picks)
	valid := newBitmap(mem, n)
	vbits := valid.Bytes()
	nulls := 0
	vs := [2]rowValidity{validityOf(a)}
	if b != nil {
		vs[1] = validityOf(b)
	}
	for k, p := range picks {
		s, r, ok := pickSource(p)
		if ok && vs[s].ok(r) {
			vbits[k>>3] |= 1 << (uint(k) & 7)
		} else {
			nulls++
		}
	}
	if nulls == 0 {
		valid.Release()
		valid = nil
	}
	dt := a.DataType()
	var out arrow.Array
	var err error
	switch physWidth(dt) {
	case 1:
		out = takeFixedRows[uint8](mem, dt, srcs, picks, valid, nulls)
	case 2:
		out = takeFixedRows[uint16](mem, dt, srcs, picks, valid, nulls)
	case 4:
		out = takeFixedRows[uint32](mem, dt, srcs, picks, valid, nulls)
	case 8:
		out = takeFixedRows[uint64](mem, dt, srcs, picks, valid, nulls)
	case 16:
		out = takeFixedRows[[2]uint64](mem, dt, srcs, picks, valid, nulls)
	case 0:
		buf := newBitmap(mem, n)
		bits := buf.Bytes()
		for k, p := range picks {
			s, r, ok := pickSource(p)
			if !ok {
				continue
			}
			vb, off := boolValues(srcs[s])
			if bitSet(vb, off+r) {
				bits[k>>3] |= 1 << (uint(k) & 7)
			}
		}
		out = makeArray(dt, n, valid, nulls, buf)
	case -1:
		out, err = takeVarRows(mem, dt, srcs, picks, valid, nulls)
	default:
		if dt.ID() == arrow.NULL {
			if valid != nil {
				valid.Release()
			}
			return array.NewNull(n), nil
		}
		if valid != nil {
			valid.Release()
		}
		err = pgerror.Newf(pgcode.FeatureNotSupported, "window functions cannot return values of Arrow type %s", dt)
	}
	return out, err
}

// fixedBytes returns the values of a fixed-width array as []T of the same width.
func fixedBytes[T any](a arrow.Array) []T {
	if a == nil {
		return nil
	}
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil || d.Len() == 0 {
		return nil
	}
	all := bufferAs[T](buf.Bytes())
	return all[d.Offset() : d.Offset()+d.Len()]
}

func takeFixedRows[T any](mem memory.Allocator, dt arrow.DataType, srcs []arrow.Array, picks []int32, valid *memory.Buffer, nulls int) arrow.Array {
	vals := [2][]T{fixedBytes[T](srcs[0]), fixedBytes[T](srcs[1])}
	buf := memory.NewResizableBuffer(mem)
	var z T
	buf.Resize(len(picks) * sizeOf(z))
	out := bufferAs[T](buf.Bytes())
	for k, p := range picks {
		if s, r, ok := pickSource(p); ok {
			out[k] = vals[s][r]
		} else {
			out[k] = z
		}
	}
	return makeArray(dt, len(picks), valid, nulls, buf)
}

func takeVarRows(mem memory.Allocator, dt arrow.DataType, srcs []arrow.Array, picks []int32, valid *memory.Buffer, nulls int) (arrow.Array, error) {
	var offs [2][]int32
	var data [2][]byte
	for s, a := range srcs {
		if a == nil {
			continue
		}
		d := a.Data()
		if d.Len() == 0 {
			continue
		}
		offs[s] = bufferAs[int32](d.Buffers()[1].Bytes())[d.Offset() : d.Offset()+d.Len()+1]
		if b := d.Buffers()[2]; b != nil {
			data[s] = b.Bytes()
		}
	}
	total := 0
	for _, p := range picks {
		if s, r, ok := pickSource(p); ok {
			total += int(offs[s][r+1] - offs[s][r])
		}
	}
	if total > math.MaxInt32 {
		if valid != nil {
			valid.Release()
		}
		return nil, pgerror.New(pgcode.ProgramLimitExceeded, "string data of a column exceeds 2 GB in one batch")
	}
	obuf := memory.NewResizableBuffer(mem)
	obuf.Resize(4 * (len(picks) + 1))
	oo := bufferAs[int32](obuf.Bytes())
	dbuf := memory.NewResizableBuffer(mem)
	dbuf.Resize(total)
	od := dbuf.Bytes()
	pos := int32(0)
	oo[0] = 0
	for k, p := range picks {
		if s, r, ok := pickSource(p); ok {
			pos += int32(copy(od[pos:], data[s][offs[s][r]:offs[s][r+1]]))
		}
		oo[k+1] = pos
	}
	return makeArray(dt, len(picks), valid, nulls, obuf, dbuf), nil
}

// rowsToValidity returns a validity bitmap of n rows with the given rows NULL, or nil.
func rowsToValidity(mem memory.Allocator, n int, nullRows []int) (*memory.Buffer, int) {
	if len(nullRows) == 0 {
		return nil, 0
	}
	buf := newBitmap(mem, n)
	bits := buf.Bytes()
	for i := range bits {
		bits[i] = 0xff
	}
	for _, r := range nullRows {
		bits[r>>3] &^= 1 << (uint(r) & 7)
	}
	return buf, len(nullRows)
}

// physWidth classifies a data type by layout: the byte width of fixed-width types, 0 for
// booleans (bit-packed), -1 for string/binary and -2 for anything else.
func physWidth(dt arrow.DataType) int {
	switch dt.ID() {
	case arrow.EXTENSION:
		// Extension types (uuid, jsonb) move as their storage does.
		return physWidth(dt.(arrow.ExtensionType).StorageType())
	case arrow.BOOL:
		return 0
	case arrow.STRING, arrow.BINARY:
		return -1
	}
	if fw, ok := dt.(arrow.FixedWidthDataType); ok && fw.BitWidth()%8 == 0 {
		switch w := fw.BitWidth() / 8; w {
		case 1, 2, 4, 8, 16:
			return w
		}
	}
	return -2
}

// bufferAs reinterprets bytes as []T.
func bufferAs[T any](b []byte) []T {
	if len(b) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

func sizeOf[T any](z T) int { return int(unsafe.Sizeof(z)) }

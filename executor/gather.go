package executor

// Typed gathering ("take") of Arrow arrays by row index, plus the raw-buffer accessors the
// hash tables and comparators read values through.
//
// Gathering works on physical layouts, not logical types: every fixed-width type is moved as
// 1, 2, 4, 8 or 16-byte words, booleans as bits, and strings and bytea as offsets plus bytes.
// So one generic loop per width serves ints, floats, dates, timestamps, decimals and
// intervals alike. A negative index produces a NULL, which is how outer joins null-extend.

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

// u128 is the physical word of 16-byte types (decimal128, month-day-nano interval).
type u128 struct{ lo, hi uint64 }

// fixedValues returns the value buffer of a fixed-width array as []T, already adjusted for
// the array's offset, so that element i is row i.
func fixedValues[T any](arr arrow.Array) []T {
	n := arr.Len()
	if n == 0 {
		return nil
	}
	d := arr.Data()
	b := d.Buffers()[1].Bytes()
	var z T
	all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
	return all[d.Offset() : d.Offset()+n]
}

// bitsOf returns the data bitmap of a boolean array and the bit offset of row 0.
func bitsOf(arr arrow.Array) ([]byte, int) {
	if arr.Len() == 0 {
		return nil, 0
	}
	return arr.Data().Buffers()[1].Bytes(), arr.Data().Offset()
}

// varValues returns the offsets (len n+1, offset-adjusted) and data of a string or binary
// array.
func varValues(arr arrow.Array) ([]int32, []byte) {
	n := arr.Len()
	if n == 0 {
		return []int32{0}, nil
	}
	d := arr.Data()
	offs := fixedOffsets(d.Buffers()[1].Bytes())[d.Offset() : d.Offset()+n+1]
	var data []byte
	if b := d.Buffers()[2]; b != nil {
		data = b.Bytes()
	}
	return offs, data
}

func fixedOffsets(b []byte) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
}

// validity is a read-only view of an array's validity bitmap. A nil bits means no NULLs.
type validity struct {
	bits []byte
	off  int
}

func validityOf(arr arrow.Array) validity {
	if arr.NullN() == 0 {
		return validity{}
	}
	if arr.DataType().ID() == arrow.NULL {
		// NULL-typed arrays have no bitmap; a zero-filled one says the same thing.
		return validity{bits: make([]byte, bitutil.BytesForBits(int64(arr.Len()))), off: 0}
	}
	return validity{bits: arr.NullBitmapBytes(), off: arr.Data().Offset()}
}

func (v validity) valid(i int) bool {
	i += v.off
	return v.bits == nil || v.bits[i>>3]&(1<<(uint(i)&7)) != 0
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
	case arrow.NULL:
		return -2
	}
	if fw, ok := dt.(arrow.FixedWidthDataType); ok && fw.BitWidth()%8 == 0 {
		switch w := fw.BitWidth() / 8; w {
		case 1, 2, 4, 8, 16:
			return w
		}
	}
	return -2
}

// newBuffer allocates a buffer of n bytes from mem.
func newBuffer(mem memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(n)
	return buf
}

// bufferOf reinterprets a buffer's bytes as []T.
func bufferOf[T any](buf *memory.Buffer) []T {
	b := buf.Bytes()
	if len(b) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

// makeArray assembles an array from freshly allocated buffers, taking over their references.
func makeArray(dt arrow.DataType, n, nulls int, bufs ...*memory.Buffer) arrow.Array {
	data := array.NewData(dt, n, bufs, nil, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

// gatherValidity builds the validity bitmap of take(arr, idx), or nil when it has no NULLs.
func gatherValidity(mem memory.Allocator, v validity, idx []int32) (*memory.Buffer, int) {
	hasNeg := false
	for _, i := range idx {
		if i < 0 {
			hasNeg = true
			break
		}
	}
	if v.bits == nil && !hasNeg {
		return nil, 0
	}
	buf := newBuffer(mem, int(bitutil.BytesForBits(int64(len(idx)))))
	bits := buf.Bytes()
	clear(bits)
	nulls := 0
	for k, i := range idx {
		if i >= 0 && v.valid(int(i)) {
			bits[k>>3] |= 1 << (uint(k) & 7)
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

// takeArray returns the rows idx of arr as a new array; a negative index gives a NULL.
func takeArray(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	dt := arr.DataType()
	n := len(idx)
	switch w := physWidth(dt); w {
	case 1:
		return takeFixed[uint8](mem, arr, idx), nil
	case 2:
		return takeFixed[uint16](mem, arr, idx), nil
	case 4:
		return takeFixed[uint32](mem, arr, idx), nil
	case 8:
		return takeFixed[uint64](mem, arr, idx), nil
	case 16:
		return takeFixed[u128](mem, arr, idx), nil
	case 0:
		valid, nulls := gatherValidity(mem, validityOf(arr), idx)
		buf := newBuffer(mem, int(bitutil.BytesForBits(int64(n))))
		out := buf.Bytes()
		clear(out)
		src, off := bitsOf(arr)
		for k, i := range idx {
			if i >= 0 && bitutil.BitIsSet(src, off+int(i)) {
				out[k>>3] |= 1 << (uint(k) & 7)
			}
		}
		return makeArray(dt, n, nulls, valid, buf), nil
	case -1:
		return takeVar(mem, arr, idx)
	}
	if dt.ID() == arrow.NULL {
		return array.NewNull(n), nil
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot gather values of Arrow type %s", dt)
}

func takeFixed[T any](mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	valid, nulls := gatherValidity(mem, validityOf(arr), idx)
	var z T
	buf := newBuffer(mem, len(idx)*int(unsafe.Sizeof(z)))
	out := bufferOf[T](buf)
	src := fixedValues[T](arr)
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
	return makeArray(arr.DataType(), len(idx), nulls, valid, buf)
}

func takeVar(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	valid, nulls := gatherValidity(mem, validityOf(arr), idx)
	offs, data := varValues(arr)
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
		return nil, errStringTooLarge()
	}
	obuf := newBuffer(mem, 4*(len(idx)+1))
	dbuf := newBuffer(mem, total)
	oo, od := bufferOf[int32](obuf), dbuf.Bytes()
	pos := int32(0)
	oo[0] = 0
	for k, i := range idx {
		if i >= 0 {
			pos += int32(copy(od[pos:], data[offs[i]:offs[i+1]]))
		}
		oo[k+1] = pos
	}
	return makeArray(arr.DataType(), len(idx), nulls, valid, obuf, dbuf), nil
}

func errStringTooLarge() error {
	return pgerror.New(pgcode.ProgramLimitExceeded, "string data of a column exceeds 2 GB in one batch")
}

// takeColumns gathers idx from each column. On error nothing is leaked.
func takeColumns(mem memory.Allocator, cols []arrow.Array, idx []int32) ([]arrow.Array, error) {
	out := make([]arrow.Array, 0, len(cols))
	for _, c := range cols {
		a, err := takeArray(mem, c, idx)
		if err != nil {
			releaseArrays(out)
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// nullColumns returns all-NULL arrays of n rows for the fields of schema.
func nullColumns(mem memory.Allocator, fields []arrow.Field, n int) []arrow.Array {
	out := make([]arrow.Array, len(fields))
	for i, f := range fields {
		out[i] = array.MakeArrayOfNull(mem, f.Type, n)
	}
	return out
}

// concatColumns materializes batches into one array per column. A stream of many batches
// becomes addressable by a single dense row index, which sort and the join build side need.
func concatColumns(mem memory.Allocator, schema *arrow.Schema, recs []arrow.Record) ([]arrow.Array, error) {
	out := make([]arrow.Array, schema.NumFields())
	parts := make([]arrow.Array, len(recs))
	for c := range out {
		switch len(recs) {
		case 0:
			out[c] = array.MakeArrayOfNull(mem, schema.Field(c).Type, 0)
		case 1:
			out[c] = recs[0].Column(c)
			out[c].Retain()
		default:
			for i, r := range recs {
				parts[i] = r.Column(c)
			}
			a, err := array.Concatenate(parts, mem)
			if err != nil {
				releaseArrays(out[:c])
				return nil, pgerror.Wrapf(err, pgcode.ProgramLimitExceeded, "cannot materialize column %q", schema.Field(c).Name)
			}
			out[c] = a
		}
	}
	return out, nil
}

// newRecord wraps columns (whose references it takes over) as a record of schema.
func newRecord(schema *arrow.Schema, cols []arrow.Array, n int) arrow.Record {
	rec := array.NewRecord(schema, cols, int64(n))
	releaseArrays(cols)
	return rec
}

func releaseArrays(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

// trueRows appends to sel the rows where the boolean array b is non-null and true.
func trueRows(sel []int32, b arrow.Array) []int32 {
	bits, off := bitsOf(b)
	v := validityOf(b)
	for i := 0; i < b.Len(); i++ {
		if bitutil.BitIsSet(bits, off+i) && v.valid(i) {
			sel = append(sel, int32(i))
		}
	}
	return sel
}

// iota32 returns a slice holding 0..n-1, reusing buf.
func iota32(buf []int32, n int) []int32 {
	if cap(buf) < n {
		buf = make([]int32, n)
	}
	buf = buf[:n]
	for i := range buf {
		buf[i] = int32(i)
	}
	return buf
}

// batchSlicer hands out a record in slices of at most BatchSize rows without copying.
type batchSlicer struct {
	rec arrow.Record
	off int64
	cur arrow.Record
}

// set replaces the record being sliced, taking over the reference.
func (s *batchSlicer) set(rec arrow.Record) {
	s.release()
	s.rec, s.off = rec, 0
}

// next returns the next slice, or nil when the record is exhausted. The slice is valid until
// the next call.
func (s *batchSlicer) next() arrow.Record {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if s.rec == nil || s.off >= s.rec.NumRows() {
		return nil
	}
	if s.off == 0 && s.rec.NumRows() <= BatchSize {
		s.off = s.rec.NumRows()
		s.cur = s.rec
		s.cur.Retain()
		return s.cur
	}
	end := min(s.off+BatchSize, s.rec.NumRows())
	s.cur = s.rec.NewSlice(s.off, end)
	s.off = end
	return s.cur
}

func (s *batchSlicer) release() {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if s.rec != nil {
		s.rec.Release()
		s.rec = nil
	}
}

package executor

// Gathering ("take") of Arrow arrays by row index (catalog/types' Take), plus the raw-buffer
// accessors the hash tables and comparators read values through.

import (
	mathbits "math/bits"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
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

// takeArray returns the rows idx of arr as a new array; a negative index gives a NULL.
func takeArray(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	return types.Take(mem, arr, idx)
}

func errStringTooLarge() error { return types.ErrColumnTooLarge() }

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
	if off&7 == 0 && v.off&7 == 0 {
		// Byte at a time: skip bytes without a true row, walk the set bits of the others.
		n := b.Len()
		bits = bits[off>>3:]
		var valid []byte
		if v.bits != nil {
			valid = v.bits[v.off>>3:]
		}
		for i := 0; i < (n+7)>>3; i++ {
			m := bits[i]
			if valid != nil {
				m &= valid[i]
			}
			if i == n>>3 {
				m &= byte(1)<<(uint(n)&7) - 1
			}
			for m != 0 {
				sel = append(sel, int32(i<<3+mathbits.TrailingZeros8(m)))
				m &= m - 1
			}
		}
		return sel
	}
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

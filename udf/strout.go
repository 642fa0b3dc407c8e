package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// strOut builds a String array in allocator memory: kernels append the bytes of row i and
// then call end, so a value can be assembled from pieces without a scratch copy.
type strOut struct {
	offBuf  *memory.Buffer
	offs    []int32
	dataBuf *memory.Buffer
	data    []byte // dataBuf's bytes, len = bytes written
	row     int
	valid   *memory.Buffer // allocated on the first null
	nulls   int
	scratch []byte // for values rendered by appending functions (appendRendered)
}

func newStrOut(mem memory.Allocator, n, dataHint int) *strOut {
	offBuf, offs := newFixed[int32](mem, n+1)
	offs[0] = 0
	s := &strOut{offBuf: offBuf, offs: offs, dataBuf: memory.NewResizableBuffer(mem)}
	s.dataBuf.Reserve(max(dataHint, 64))
	s.data = s.dataBuf.Buf()[:0]
	return s
}

func (s *strOut) grow(extra int) {
	need := len(s.data) + extra
	if need <= cap(s.data) {
		return
	}
	size := len(s.data)
	s.dataBuf.Reserve(max(need, 2*cap(s.data)))
	s.data = s.dataBuf.Buf()[:size]
}

// appendBytes appends b to the current row.
func (s *strOut) appendBytes(b []byte) {
	s.grow(len(b))
	s.data = append(s.data, b...)
}

// appendString appends str to the current row.
func (s *strOut) appendString(str string) {
	s.grow(len(str))
	s.data = append(s.data, str...)
}

// appendRendered appends to the current row what render appends to an empty buffer. It
// lets functions of the append-to-a-slice style write into the Arrow buffer.
func (s *strOut) appendRendered(render func(dst []byte) []byte) {
	s.scratch = render(s.scratch[:0])
	s.appendBytes(s.scratch)
}

// appendByte appends one byte to the current row.
func (s *strOut) appendByte(c byte) {
	s.grow(1)
	s.data = append(s.data, c)
}

// end finishes the current row.
func (s *strOut) end() {
	if s.valid != nil {
		s.valid.Bytes()[s.row>>3] |= 1 << (uint(s.row) & 7)
	}
	s.row++
	s.offs[s.row] = int32(len(s.data))
}

// endNull finishes the current row as NULL (its bytes, if any, are dropped).
func (s *strOut) endNull(mem memory.Allocator) {
	if s.valid == nil {
		s.valid = newBitmap(mem, len(s.offs)-1)
		bits := s.valid.Bytes()
		for i := 0; i < s.row; i++ {
			bits[i>>3] |= 1 << (uint(i) & 7)
		}
	}
	s.data = s.data[:s.offs[s.row]]
	s.nulls++
	s.row++
	s.offs[s.row] = int32(len(s.data))
}

// finish returns the array; every row must have been ended.
func (s *strOut) finish() arrow.Array { return s.finishAs(arrow.BinaryTypes.String) }

// finishAs returns the array as one of type dt, which has String's layout (binary, or an
// extension type over binary such as jsonb).
func (s *strOut) finishAs(dt arrow.DataType) arrow.Array {
	s.dataBuf.ResizeNoShrink(len(s.data))
	return makeArray(dt, s.row, s.valid, s.nulls, s.offBuf, s.dataBuf)
}

// fail releases the partial result and returns err.
func (s *strOut) fail(err error) error {
	s.offBuf.Release()
	s.dataBuf.Release()
	if s.valid != nil {
		s.valid.Release()
	}
	return err
}

// stringsOf returns the String array behind a text argument.
func stringsOf(a arrow.Array) *array.String { return a.(*array.String) }

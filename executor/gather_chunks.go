package executor

// Gathering rows from several arrays at once: the k-way merge of an external sort takes
// each output batch's rows from the current batches of several runs. A chunkRow names a row
// of one of the chunks; like takeArray, the loops work on physical layouts, one per width.

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

// chunkRow is row Row of chunk Chunk.
type chunkRow struct {
	chunk, row int32
}

// takeChunks returns the rows refs of chunks (arrays of one type) as a new array.
func takeChunks(mem memory.Allocator, dt arrow.DataType, chunks []arrow.Array, refs []chunkRow) (arrow.Array, error) {
	n := len(refs)
	valid, nulls := gatherChunkValidity(mem, chunks, refs)
	switch w := physWidth(dt); w {
	case 1:
		return takeChunksFixed[uint8](mem, dt, chunks, refs, valid, nulls), nil
	case 2:
		return takeChunksFixed[uint16](mem, dt, chunks, refs, valid, nulls), nil
	case 4:
		return takeChunksFixed[uint32](mem, dt, chunks, refs, valid, nulls), nil
	case 8:
		return takeChunksFixed[uint64](mem, dt, chunks, refs, valid, nulls), nil
	case 16:
		return takeChunksFixed[u128](mem, dt, chunks, refs, valid, nulls), nil
	case 0:
		buf := newBuffer(mem, int(bitutil.BytesForBits(int64(n))))
		out := buf.Bytes()
		clear(out)
		for k, r := range refs {
			src, off := bitsOf(chunks[r.chunk])
			if bitutil.BitIsSet(src, off+int(r.row)) {
				out[k>>3] |= 1 << (uint(k) & 7)
			}
		}
		return makeArray(dt, n, nulls, valid, buf), nil
	case -1:
		return takeChunksVar(mem, dt, chunks, refs, valid, nulls)
	}
	if valid != nil {
		valid.Release()
	}
	if dt.ID() == arrow.NULL {
		return array.NewNull(n), nil
	}
	return takeChunksConcat(mem, chunks, refs)
}

// takeChunksConcat gathers nested layouts (arrays of arrays, structs) the general way:
// the chunks are concatenated and the rows taken from the result.
func takeChunksConcat(mem memory.Allocator, chunks []arrow.Array, refs []chunkRow) (arrow.Array, error) {
	start := make([]int32, len(chunks))
	var parts []arrow.Array
	var n int32
	for i, c := range chunks {
		start[i] = n
		if c != nil {
			parts = append(parts, c)
			n += int32(c.Len())
		}
	}
	all, err := array.Concatenate(parts, mem)
	if err != nil {
		return nil, pgerror.Wrapf(err, pgcode.ProgramLimitExceeded, "cannot gather sorted rows")
	}
	defer all.Release()
	idx := make([]int32, len(refs))
	for k, r := range refs {
		idx[k] = start[r.chunk] + r.row
	}
	return takeArray(mem, all, idx)
}

// gatherChunkValidity builds the validity bitmap of the gathered rows, or nil without
// NULLs.
func gatherChunkValidity(mem memory.Allocator, chunks []arrow.Array, refs []chunkRow) (*memory.Buffer, int) {
	vs := make([]validity, len(chunks))
	some := false
	for i, c := range chunks {
		if c != nil {
			vs[i] = validityOf(c)
			some = some || vs[i].bits != nil
		}
	}
	if !some {
		return nil, 0
	}
	buf := newBuffer(mem, int(bitutil.BytesForBits(int64(len(refs)))))
	bits := buf.Bytes()
	clear(bits)
	nulls := 0
	for k, r := range refs {
		if vs[r.chunk].valid(int(r.row)) {
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

func takeChunksFixed[T any](mem memory.Allocator, dt arrow.DataType, chunks []arrow.Array, refs []chunkRow, valid *memory.Buffer, nulls int) arrow.Array {
	var z T
	buf := newBuffer(mem, len(refs)*int(unsafe.Sizeof(z)))
	out := bufferOf[T](buf)
	srcs := make([][]T, len(chunks))
	for i, c := range chunks {
		if c != nil {
			srcs[i] = fixedValues[T](c)
		}
	}
	for k, r := range refs {
		out[k] = srcs[r.chunk][r.row]
	}
	return makeArray(dt, len(refs), nulls, valid, buf)
}

func takeChunksVar(mem memory.Allocator, dt arrow.DataType, chunks []arrow.Array, refs []chunkRow, valid *memory.Buffer, nulls int) (arrow.Array, error) {
	offs := make([][]int32, len(chunks))
	datas := make([][]byte, len(chunks))
	for i, c := range chunks {
		if c != nil {
			offs[i], datas[i] = varValues(c)
		}
	}
	total := 0
	for _, r := range refs {
		o := offs[r.chunk]
		total += int(o[r.row+1] - o[r.row])
	}
	if total > math.MaxInt32 {
		if valid != nil {
			valid.Release()
		}
		return nil, errStringTooLarge()
	}
	obuf := newBuffer(mem, 4*(len(refs)+1))
	dbuf := newBuffer(mem, total)
	oo, od := bufferOf[int32](obuf), dbuf.Bytes()
	pos := int32(0)
	oo[0] = 0
	for k, r := range refs {
		o := offs[r.chunk]
		pos += int32(copy(od[pos:], datas[r.chunk][o[r.row]:o[r.row+1]]))
		oo[k+1] = pos
	}
	return makeArray(dt, len(refs), nulls, valid, obuf, dbuf), nil
}

package storage

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// Row identifiers name a row of a transaction's view for Delete: the segment's index in the
// transaction's snapshot (or, for the rows the transaction inserted, the number of snapshot
// segments) in the high bits, and the row's position in the segment, deleted rows counted,
// in the low rowIDBits. Positions never shift while a transaction runs, since segments are
// immutable and its own inserts only append, so an identifier stays valid for the whole
// transaction.
const (
	rowIDBits = 40
	rowIDMask = 1<<rowIDBits - 1
)

func rowID(seg int, row int64) int64 { return int64(seg)<<rowIDBits | row }

// visibleRows walks batches, the consecutive physical rows of one segment (or of pending
// rows) from row 0, and appends to recs the rows d does not delete. Batches without deleted
// rows are shared, the others copied without the deleted rows. When ids is not nil, the row
// identifiers of the rows kept (segment number seg) are appended to it, one array per record.
func visibleRows(recs []arrow.Record, ids *[]*array.Int64, batches []arrow.Record, d delVec, seg int,
	mem memory.Allocator) ([]arrow.Record, error) {
	var off int64
	for _, b := range batches {
		n := b.NumRows()
		gone := d.count(off, n)
		switch {
		case gone == n:
		case gone == 0:
			recs = append(recs, b)
			if ids != nil {
				*ids = append(*ids, idRange(rowID(seg, off), n))
			}
		default:
			keep := keepMask(d, off, n)
			out, err := filterRecord(b, keep, mem)
			keep.Release()
			if err != nil {
				return recs, err
			}
			recs = append(recs, out)
			if ids != nil {
				*ids = append(*ids, keptIDs(d, seg, off, n, gone))
			}
		}
		off += n
	}
	return recs, nil
}

// filterRecord returns the rows of rec where keep is true, gathered with catalog/types'
// Take (which serves every layout, intervals and arrays included).
func filterRecord(rec arrow.Record, keep *array.Boolean, mem memory.Allocator) (arrow.Record, error) {
	idx := make([]int32, 0, countTrue(keep))
	for i := range keep.Len() {
		if keep.Value(i) {
			idx = append(idx, int32(i))
		}
	}
	return takeRecord(rec, idx, mem)
}

// takeRecord returns the rows idx of rec, in that order.
func takeRecord(rec arrow.Record, idx []int32, mem memory.Allocator) (arrow.Record, error) {
	cols := make([]arrow.Array, rec.NumCols())
	defer func() { releaseAll(cols) }()
	for i, c := range rec.Columns() {
		out, err := types.Take(mem, c, idx)
		if err != nil {
			return nil, err
		}
		cols[i] = out
	}
	return types.NewRecord(rec.Schema(), cols, int64(len(idx))), nil
}

func countTrue(b *array.Boolean) int {
	return bitutil.CountSetBits(b.Data().Buffers()[1].Bytes(), b.Data().Offset(), b.Len())
}

// keptIDs returns the identifiers of the rows off..off+n-1 of segment seg that d does not
// delete (gone of them are).
func keptIDs(d delVec, seg int, off, n, gone int64) *array.Int64 {
	vals := make([]int64, 0, n-gone)
	for i := range n {
		if !d.get(off + i) {
			vals = append(vals, rowID(seg, off+i))
		}
	}
	return int64Array(vals)
}

// keepMask returns a boolean array of n rows, true where d does not delete row off+i.
func keepMask(d delVec, off, n int64) *array.Boolean {
	bits := make([]byte, bitutil.BytesForBits(n))
	if avail := int64(len(d))*8 - off; avail > 0 {
		bitutil.CopyBitmap(d, int(off), int(min(n, avail)), bits, 0)
	}
	for i := range bits {
		bits[i] = ^bits[i]
	}
	data := array.NewData(arrow.FixedWidthTypes.Boolean, int(n), []*memory.Buffer{nil, memory.NewBufferBytes(bits)}, nil, 0, 0)
	defer data.Release()
	return array.NewBooleanData(data)
}

func idRange(from, n int64) *array.Int64 {
	vals := make([]int64, n)
	for i := range vals {
		vals[i] = from + int64(i)
	}
	return int64Array(vals)
}

// int64Array wraps vals (which it takes over) as an Arrow array without copying.
func int64Array(vals []int64) *array.Int64 {
	data := array.NewData(arrow.PrimitiveTypes.Int64, len(vals),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(vals))}, nil, 0, 0)
	defer data.Release()
	return array.NewInt64Data(data)
}

// projectRecord returns rec rearranged to schema sc: column i is rec's column src[i], or all
// NULL when src[i] is negative (a column added after rec was stored). Columns are shared.
func projectRecord(rec arrow.Record, sc *arrow.Schema, src []int, mem memory.Allocator) arrow.Record {
	n := rec.NumRows()
	cols := make([]arrow.Array, len(src))
	var made []arrow.Array
	for i, c := range src {
		if c >= 0 {
			cols[i] = rec.Column(c)
			continue
		}
		cols[i] = array.MakeArrayOfNull(mem, sc.Field(i).Type, int(n))
		made = append(made, cols[i])
	}
	out := array.NewRecord(sc, cols, n)
	releaseAll(made)
	return out
}

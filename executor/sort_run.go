package executor

// Runs of an external sort. The sort gathers its input, widened by the evaluated sort keys,
// in a sortBuffer until its memory account says no more; the buffer is then sorted into a
// memRun and, if more input follows, written to a temporary file in sorted order (a spilled
// run) and let go. Each batch costs twice its size in the account, since sorting a buffer
// first concatenates it into single arrays.

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/executor/spill"
)

// sortBuffer holds the wide batches of the run being gathered.
type sortBuffer struct {
	recs  []arrow.Record
	rows  int
	bytes int64 // what the account holds for them
}

func (b *sortBuffer) add(rec arrow.Record, charged int64) {
	b.recs = append(b.recs, rec)
	b.rows += int(rec.NumRows())
	b.bytes += charged
}

// release drops the batches and returns what the account held for them.
func (b *sortBuffer) release() int64 {
	for _, r := range b.recs {
		r.Release()
	}
	n := b.bytes
	*b = sortBuffer{}
	return n
}

// memRun is a sorted run in memory: the wide columns and the permutation that sorts them.
type memRun struct {
	cols []arrow.Array
	perm []int32
	pos  int // next row of perm to output
}

// sortKeys describes the keys of a sort over wide batches.
type sortKeys struct {
	keys   []sortKeyCol
	schema *arrow.Schema // the wide schema
}

// sortKeyCol is one key: its column in the wide batches and its direction.
type sortKeyCol struct {
	col              int
	desc, nullsFirst bool
}

// order returns the comparators of cols' rows by the keys.
func (k *sortKeys) order(cols []arrow.Array) (rowOrder, error) {
	order := make(rowOrder, len(k.keys))
	for i, key := range k.keys {
		c, err := newRowComparator(cols[key.col], key.desc, key.nullsFirst)
		if err != nil {
			return nil, err
		}
		order[i] = c
	}
	return order, nil
}

// sortBuffered sorts the buffer's batches into a run; the buffer is emptied (its account
// charge stays with the caller).
func (k *sortKeys) sortBuffered(ctx context.Context, mem memory.Allocator, b *sortBuffer) (*memRun, error) {
	cols, err := concatColumns(mem, k.schema, b.recs)
	for _, r := range b.recs {
		r.Release()
	}
	n := b.rows
	b.recs, b.rows = nil, 0
	if err != nil {
		return nil, err
	}
	run := &memRun{cols: cols}
	if len(k.keys) == 0 {
		run.perm = iota32(nil, n)
		return run, nil
	}
	order, err := k.order(cols)
	if err == nil {
		first := k.keys[0]
		run.perm, err = sortRows(ctx, k.keyArrays(cols), order, first.desc, first.nullsFirst, n)
	}
	if err != nil {
		run.release()
		return nil, err
	}
	return run, nil
}

// pairOrder returns the comparators of a's rows against b's by the keys.
func (k *sortKeys) pairOrder(a, b arrow.Record) (rowOrder, error) {
	order := make(rowOrder, len(k.keys))
	for i, key := range k.keys {
		c, err := newPairComparator(a.Column(key.col), b.Column(key.col), key.desc, key.nullsFirst)
		if err != nil {
			return nil, err
		}
		order[i] = c
	}
	return order, nil
}

// keyArrays returns the key columns of cols, in key order.
func (k *sortKeys) keyArrays(cols []arrow.Array) []arrow.Array {
	out := make([]arrow.Array, len(k.keys))
	for i, key := range k.keys {
		out[i] = cols[key.col]
	}
	return out
}

// next returns the run's next rows in order (at most BatchSize) as a wide record, or nil
// at its end.
func (r *memRun) next(mem memory.Allocator, schema *arrow.Schema) (arrow.Record, error) {
	if r.pos >= len(r.perm) {
		return nil, nil
	}
	end := min(r.pos+BatchSize, len(r.perm))
	cols, err := takeColumns(mem, r.cols, r.perm[r.pos:end])
	if err != nil {
		return nil, err
	}
	rec := newRecord(schema, cols, end-r.pos)
	r.pos = end
	return rec, nil
}

// bytes returns the memory the run holds.
func (r *memRun) bytes() int64 {
	n := int64(4 * cap(r.perm))
	for _, c := range r.cols {
		n += arraySize(c)
	}
	return n
}

func (r *memRun) release() {
	releaseArrays(r.cols)
	r.cols, r.perm = nil, nil
}

// writeRun writes a run to a new temporary file in sorted order and releases it.
func writeRun(ctx context.Context, dir *spill.Dir, mem memory.Allocator, schema *arrow.Schema, run *memRun) (*spill.File, error) {
	defer run.release()
	w, err := dir.Create("sort", schema, mem)
	if err != nil {
		return nil, err
	}
	for {
		if err := ctx.Err(); err != nil {
			w.Abort()
			return nil, err
		}
		rec, err := run.next(mem, schema)
		if err == nil && rec == nil {
			return w.Finish()
		}
		if err == nil {
			err = w.Write(rec)
			rec.Release()
		}
		if err != nil {
			w.Abort()
			return nil, err
		}
	}
}

// arraySize returns the bytes of an array's buffers, its children's included.
func arraySize(a arrow.Array) int64 { return dataSize(a.Data()) }

func dataSize(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataSize(c)
	}
	return n
}

// recordSize returns the bytes of a record's buffers.
func recordSize(rec arrow.Record) int64 {
	var n int64
	for _, c := range rec.Columns() {
		n += arraySize(c)
	}
	return n
}

package executor

// The merge of an external sort. Each sorted run (spilled runs read back from their files a
// batch at a time, and the last run, still in memory) is a cursor over its wide batches; a
// binary heap orders the cursors by their current rows, and each output batch is gathered
// with takeChunks from the batches its rows came from. Rows are compared across runs with
// pair comparators, rebuilt for a cursor whenever it moves to its next batch; equal rows
// come out in run order, and runs are in input order, so the sort stays stable. With more
// runs than maxMergeWidth, runs are first merged in groups into longer spilled runs.

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/executor/spill"
)

// maxMergeWidth bounds the runs merged at once: the merge holds a batch of each.
const maxMergeWidth = 64

// mergeCursor reads one run's wide batches.
type mergeCursor struct {
	reader *spill.Reader // a spilled run
	mem    *memRun       // or the run in memory
	cur    arrow.Record  // the current batch (the cursor holds a reference)
	chunk  int32         // index of cur in the merge's chunks
	pos    int
}

// sortMerge merges sorted runs into one sorted stream.
type sortMerge struct {
	keys    *sortKeys
	mem     memory.Allocator
	cursors []*mergeCursor
	// order[a][b] compares the current rows of cursor a with those of cursor b, per key.
	order  [][]rowOrder
	heap   []int // live cursors, least current row first
	chunks []arrow.Record
	refs   []chunkRow
	files  []*spill.File // the spilled runs read, removed by close
}

// newSortMerge starts merging files and then mems, the runs in memory; with equal rows,
// earlier runs come first. It takes over both.
func newSortMerge(ctx context.Context, keys *sortKeys, mem memory.Allocator, files []*spill.File, mems []*memRun) (*sortMerge, error) {
	m := &sortMerge{keys: keys, mem: mem, files: files}
	for _, f := range files {
		r, err := f.Open(mem)
		if err != nil {
			for _, r := range mems {
				r.release()
			}
			m.close()
			return nil, err
		}
		m.cursors = append(m.cursors, &mergeCursor{reader: r})
	}
	for _, r := range mems {
		m.cursors = append(m.cursors, &mergeCursor{mem: r})
	}
	m.order = make([][]rowOrder, len(m.cursors))
	for a := range m.order {
		m.order[a] = make([]rowOrder, len(m.cursors))
	}
	for c := range m.cursors {
		ok, err := m.advance(c)
		if err != nil {
			m.close()
			return nil, err
		}
		if ok {
			m.heap = append(m.heap, c)
		}
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return m, ctx.Err()
}

// advance moves cursor c to its next batch; false at the run's end.
func (m *sortMerge) advance(c int) (bool, error) {
	cur := m.cursors[c]
	var rec arrow.Record
	var err error
	if cur.mem != nil {
		rec, err = cur.mem.next(m.mem, m.keys.schema)
	} else {
		rec, err = cur.reader.Next()
		if err == nil {
			rec.Retain()
		} else if isEOF(err) {
			rec, err = nil, nil
		}
	}
	if err != nil {
		return false, err
	}
	if cur.cur != nil {
		cur.cur.Release() // the chunks keep their own reference while they need it
	}
	cur.cur, cur.pos = rec, 0
	if rec == nil {
		return false, nil
	}
	rec.Retain()
	cur.chunk = int32(len(m.chunks))
	m.chunks = append(m.chunks, rec)
	// Rebuild the comparators between this cursor's batch and the others'.
	for o, oc := range m.cursors {
		if oc.cur == nil {
			continue
		}
		if m.order[c][o], err = m.keys.pairOrder(rec, oc.cur); err != nil {
			return false, err
		}
		if o != c {
			if m.order[o][c], err = m.keys.pairOrder(oc.cur, rec); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// less reports whether cursor a's current row sorts before cursor b's.
func (m *sortMerge) less(a, b int) bool {
	if r := m.order[a][b].comparePair(m.cursors[a].pos, m.cursors[b].pos); r != 0 {
		return r < 0
	}
	return a < b
}

func (m *sortMerge) down(i int) {
	h := m.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		least := l
		if r := l + 1; r < len(h) && m.less(h[r], h[l]) {
			least = r
		}
		if !m.less(h[least], h[i]) {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}

// next returns the next output batch of the columns cols of the wide batches, or nil at
// the end. The record is the caller's.
func (m *sortMerge) next(ctx context.Context, schema *arrow.Schema, cols int) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.refs = m.refs[:0]
	for len(m.refs) < BatchSize && len(m.heap) > 0 {
		c := m.heap[0]
		cur := m.cursors[c]
		m.refs = append(m.refs, chunkRow{cur.chunk, int32(cur.pos)})
		if cur.pos++; cur.pos == int(cur.cur.NumRows()) {
			ok, err := m.advance(c)
			if err != nil {
				return nil, err
			}
			if !ok {
				m.heap[0] = m.heap[len(m.heap)-1]
				m.heap = m.heap[:len(m.heap)-1]
			}
		}
		if len(m.heap) > 0 {
			m.down(0)
		}
	}
	if len(m.refs) == 0 {
		return nil, nil
	}
	out := make([]arrow.Array, 0, cols)
	parts := make([]arrow.Array, len(m.chunks))
	for j := range cols {
		for i, ch := range m.chunks {
			parts[i] = ch.Column(j)
		}
		a, err := takeChunks(m.mem, schema.Field(j).Type, parts, m.refs)
		if err != nil {
			releaseArrays(out)
			return nil, err
		}
		out = append(out, a)
	}
	m.compactChunks()
	return newRecord(schema, out, len(m.refs)), nil
}

// compactChunks drops the chunks no cursor is on any more, renumbering the others.
func (m *sortMerge) compactChunks() {
	keep := m.chunks[:0]
	for _, ch := range m.chunks {
		live := false
		for _, c := range m.cursors {
			if c.cur == ch {
				c.chunk = int32(len(keep))
				live = true
				break
			}
		}
		if live {
			keep = append(keep, ch)
		} else {
			ch.Release()
		}
	}
	clear(m.chunks[len(keep):])
	m.chunks = keep
}

// close releases everything and removes the runs' files.
func (m *sortMerge) close() {
	for _, c := range m.cursors {
		if c.cur != nil {
			c.cur.Release()
			c.cur = nil
		}
		if c.reader != nil {
			c.reader.Close()
		}
		if c.mem != nil {
			c.mem.release()
		}
	}
	m.cursors = nil
	for _, ch := range m.chunks {
		ch.Release()
	}
	m.chunks = nil
	for _, f := range m.files {
		f.Remove()
	}
	m.files = nil
}

// mergeToFile merges files into one longer spilled run, removing them.
func mergeToFile(ctx context.Context, dir *spill.Dir, keys *sortKeys, mem memory.Allocator, files []*spill.File) (*spill.File, error) {
	m, err := newSortMerge(ctx, keys, mem, files, nil)
	if err != nil {
		return nil, err
	}
	defer m.close()
	w, err := dir.Create("sort", keys.schema, mem)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := m.next(ctx, keys.schema, keys.schema.NumFields())
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

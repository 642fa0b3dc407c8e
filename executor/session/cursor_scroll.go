package session

import (
	"errors"
	"io"
	"math"
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
)

// A SCROLL cursor keeps the rows its query has produced, as the query's own Arrow batches,
// so that FETCH can go back to them. Rows are read only as far as a FETCH needs, and what
// is kept is charged to the statement's memory budget: a cursor that would pass the
// server's memory limit fails with 53200 instead of growing without bound.

// scrollRows is the rows a SCROLL cursor has read so far.
type scrollRows struct {
	recs   []arrow.Record
	starts []int64 // the 0-based row number of each record's first row
	n      int64   // rows read so far
	bytes  int64   // the memory the kept records hold
	done   bool    // the query has no more rows
	acct   *budget.Account
}

// load reads the cursor's query until it has upto rows or the query ends.
func (c *cursor) load(upto int64) error {
	sr := c.scroll
	for !sr.done && sr.n < upto {
		rec, err := c.rows.Next()
		if errors.Is(err, io.EOF) {
			sr.done = true
			return nil
		}
		if err != nil {
			c.failed = true
			return err
		}
		if c.keepCap > 0 && sr.bytes+recordBytes(rec) > c.keepCap {
			c.stopKeeping(rec)
			return errStoppedKeeping
		}
		if err := sr.keep(rec); err != nil {
			return err
		}
	}
	return nil
}

// keep adds rec (retained) after the rows kept so far.
func (sr *scrollRows) keep(rec arrow.Record) error {
	if rec.NumRows() == 0 {
		return nil
	}
	n := recordBytes(rec)
	if err := sr.acct.GrowPast(n); err != nil {
		return sr.acct.OutOfMemory("cursor", err)
	}
	sr.bytes += n
	rec.Retain()
	sr.recs = append(sr.recs, rec)
	sr.starts = append(sr.starts, sr.n)
	sr.n += rec.NumRows()
	return nil
}

// slice returns rows [from, to) (0-based) as zero-copy slices of the kept records, which
// the caller releases.
func (sr *scrollRows) slice(from, to int64) []arrow.Record {
	var out []arrow.Record
	i := sort.Search(len(sr.starts), func(i int) bool { return sr.starts[i] > from }) - 1
	for ; from < to && i >= 0 && i < len(sr.recs); i++ {
		rec, start := sr.recs[i], sr.starts[i]
		end := min(to, start+rec.NumRows())
		out = append(out, rec.NewSlice(from-start, end-start))
		from = end
	}
	return out
}

func (sr *scrollRows) release() {
	for _, r := range sr.recs {
		r.Release()
	}
	sr.recs, sr.starts = nil, nil
	sr.acct.Release()
}

// scrollFetch moves a SCROLL cursor as op says and returns the rows it passes, in the
// order FETCH returns them. The position follows PostgreSQL: 0 is before the first row,
// n+1 after the last (only once the query has ended), k the k-th row.
func (c *cursor) scrollFetch(op *planner.CursorOp) ([]arrow.Record, error) {
	sr := c.scroll
	switch op.Direction {
	case planner.FetchForward:
		target := satAdd(c.pos, op.Count)
		if err := c.load(target); err != nil {
			return nil, err
		}
		recs := sr.slice(min(c.pos, sr.n), min(target, sr.n))
		c.pos = target
		if target > sr.n {
			c.pos = sr.n + 1
		}
		return recs, nil
	case planner.FetchBackward:
		first := max(c.pos-op.Count, 1)
		recs := sr.slice(first-1, min(c.pos-1, sr.n))
		if c.pos-op.Count < 1 {
			first = 0 // past the first row: before it
		}
		c.pos = first
		return recs, nil
	case planner.FetchAbsolute:
		k := op.Count
		if k < 0 {
			if err := c.load(math.MaxInt64); err != nil {
				return nil, err
			}
			k = sr.n + 1 + k
		}
		if k < 1 {
			c.pos = 0
			return nil, nil
		}
		return c.goTo(k)
	default: // FetchRelative
		if op.Count == 0 {
			if c.pos < 1 || c.pos > sr.n {
				return nil, nil
			}
			return sr.slice(c.pos-1, c.pos), nil
		}
		k := satAdd(c.pos, op.Count)
		if k < 1 {
			c.pos = 0
			return nil, nil
		}
		return c.goTo(k)
	}
}

// goTo moves to row k (1-based) and returns it, or moves past the end when there is none.
func (c *cursor) goTo(k int64) ([]arrow.Record, error) {
	if err := c.load(k); err != nil {
		return nil, err
	}
	if k > c.scroll.n {
		c.pos = c.scroll.n + 1
		return nil, nil
	}
	c.pos = k
	return c.scroll.slice(k-1, k), nil
}

// reverseRows returns recs with their rows in reverse order, as a backward FETCH returns
// them; it releases recs.
func reverseRows(recs []arrow.Record) ([]arrow.Record, error) {
	defer releaseAll(recs)
	out := make([]arrow.Record, 0, len(recs))
	for i := len(recs) - 1; i >= 0; i-- {
		n := recs[i].NumRows()
		idx := make([]int32, n)
		for j := range idx {
			idx[j] = int32(n - 1 - int64(j))
		}
		rev, err := executor.TakeRows(memory.DefaultAllocator, recs[i], idx)
		if err != nil {
			releaseAll(out)
			return nil, err
		}
		out = append(out, rev)
	}
	return out, nil
}

func releaseAll(recs []arrow.Record) {
	for _, r := range recs {
		r.Release()
	}
}

func satAdd(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	if b < 0 && a < math.MinInt64-b {
		return math.MinInt64
	}
	return a + b
}

// recordBytes is the memory a kept record holds: its buffers.
func recordBytes(rec arrow.Record) int64 {
	var n int64
	for _, col := range rec.Columns() {
		n += dataBytes(col.Data())
	}
	return n
}

func dataBytes(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	return n
}

// listResult is the rows of a FETCH from a SCROLL cursor, already gathered.
type listResult struct {
	cols []planner.Column
	recs []arrow.Record
	next int
	rows int64
}

func (r *listResult) Columns() []planner.Column { return r.cols }

func (r *listResult) Next() (arrow.Record, error) {
	if r.next == len(r.recs) {
		return nil, io.EOF
	}
	r.next++
	return r.recs[r.next-1], nil
}

func (r *listResult) Tag() string { return fetchTag(r.rows) }

func (r *listResult) Close() error {
	releaseAll(r.recs)
	r.recs = nil
	return nil
}

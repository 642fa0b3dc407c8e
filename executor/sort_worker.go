package executor

// A sort worker drains one input into sorted runs. Serially there is one worker over the
// sort's input; over a parallel pipeline there is one per pipeline copy, each sorting the
// morsels it happens to take, and the sort merges all their runs. Rows then carry a tie key,
// their morsel's sequence number and their position in it, as the last sort key: equal rows
// come out in the order a serial scan yields them, whichever worker sorted them.
//
// A bounded worker (ORDER BY ... LIMIT k, see sortOp.setBound) keeps only its best k rows:
// it buffers the rows that sort before its current cutoff (the k-th best row so far), and
// whenever the buffer passes twice k rows it sorts it and keeps the best k, whose last row
// becomes the new cutoff. Once the cutoff is good, almost every row is dropped after one
// comparison, which is what makes top-N cheap.

import (
	"errors"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/spill"
)

// sortWorker sorts one input's rows into runs.
type sortWorker struct {
	s     *sortOp
	input Operator
	evals []evaluator // the worker's own evaluators of the keys that are not input columns
	buf   sortBuffer
	runs  []*spill.File // spilled runs, in input order
	last  *memRun       // the final run, in memory

	// bounded sorts
	bound  int          // rows to keep (0: all)
	cutoff arrow.Record // the worst row kept so far (one wide row), once bound rows are
	stats  sortStats
}

// drain sorts the worker's whole input into runs.
func (w *sortWorker) drain(ctx *Ctx) error {
	for {
		rec, err := w.input.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		wide, err := w.widen(ctx, rec)
		if err != nil {
			return err
		}
		if w.bound > 0 {
			if wide, err = w.belowCutoff(ctx, wide); err != nil || wide == nil {
				if err != nil {
					return err
				}
				continue
			}
		}
		charge := 2*recordSize(wide) + sortScratchPerRow*wide.NumRows()
		if err := w.reserve(ctx, charge); err != nil {
			wide.Release()
			return err
		}
		w.buf.add(wide, charge)
		if w.bound > 0 && w.buf.rows >= 2*w.bound+BatchSize {
			if err := w.compact(ctx); err != nil {
				return err
			}
		}
	}
	charged := w.buf.bytes
	run, err := w.s.keys.sortBuffered(ctx, ctx.Mem, &w.buf)
	w.buf.bytes = 0
	if err != nil {
		w.s.acct.Shrink(charged)
		return err
	}
	if w.bound > 0 && len(run.perm) > w.bound {
		run.perm = run.perm[:w.bound]
	}
	w.last = run
	// The run holds what the buffer did, in one copy instead of two.
	w.s.acct.Shrink(charged - run.bytes())
	return nil
}

// widen returns rec with the evaluated keys (and, in parallel, the tie key) appended.
func (w *sortWorker) widen(ctx *Ctx, rec arrow.Record) (arrow.Record, error) {
	s := w.s
	if len(w.evals) == 0 && !s.parallel {
		rec.Retain()
		return rec, nil
	}
	cols, err := evalAll(ctx, w.evals, rec)
	if err != nil {
		return nil, err
	}
	cols = append(retainAll(rec.Columns()), cols...)
	if s.parallel {
		cols = append(cols, tieKeys(ctx, morselSeq(w.input), int(rec.NumRows())))
	}
	return newRecord(s.keys.schema, cols, int(rec.NumRows())), nil
}

// morselSeq returns the morsel the last batch of a pipeline copy came from.
func morselSeq(op Operator) int {
	if w, ok := op.(*instrumented); ok {
		op = w.op
	}
	return op.(*pipelineOp).seq
}

// tieKeys numbers the rows of morsel seq: the morsel in the high half, the row in the low.
func tieKeys(ctx *Ctx, seq, n int) arrow.Array {
	b := array.NewInt64Builder(ctx.Mem)
	defer b.Release()
	b.Reserve(n)
	base := int64(seq) << 32
	for i := range n {
		b.UnsafeAppend(base + int64(i))
	}
	return b.NewArray()
}

// reserve charges n bytes, spilling the worker's buffered rows when the account refuses.
// The first batch of a run is taken past work_mem if need be: a sort always holds a batch.
// A top-N sort compacts instead of spilling.
func (w *sortWorker) reserve(ctx *Ctx, n int64) error {
	acct := w.s.acct
	err := acct.Grow(n)
	if err == nil || !errors.Is(err, budget.ErrOverBudget) {
		return err
	}
	switch {
	case w.bound > 0:
		// A top-N sort holds its bound rows and a batch whatever work_mem says (they are
		// few: maxSortBound at most); it keeps no more than that.
		if w.buf.rows > w.bound {
			if err := w.compact(ctx); err != nil {
				return err
			}
		}
		err = acct.GrowPast(n)
	case w.buf.rows > 0 && ctx.Spill != nil:
		if err := w.spill(ctx); err != nil {
			return err
		}
		err = acct.GrowPast(n)
	case w.buf.rows == 0:
		err = acct.GrowPast(n)
	}
	if err != nil {
		return acct.OutOfMemory("sort", err)
	}
	return nil
}

// spill sorts the buffered rows and writes them to a temporary file as a run.
func (w *sortWorker) spill(ctx *Ctx) error {
	charged := w.buf.bytes
	run, err := w.s.keys.sortBuffered(ctx, ctx.Mem, &w.buf)
	if err != nil {
		return err
	}
	f, err := writeRun(ctx, ctx.Spill, ctx.Mem, w.s.keys.schema, run)
	w.buf.bytes = 0
	w.s.acct.Shrink(charged)
	if err != nil {
		return err
	}
	w.runs = append(w.runs, f)
	w.stats.spilledRuns++
	w.stats.spilledBytes += f.Size()
	return nil
}

// belowCutoff returns the rows of wide that sort before the cutoff (nil if none),
// consuming wide.
func (w *sortWorker) belowCutoff(ctx *Ctx, wide arrow.Record) (arrow.Record, error) {
	if w.cutoff == nil {
		return wide, nil
	}
	order, err := w.s.keys.pairOrder(wide, w.cutoff)
	if err != nil {
		wide.Release()
		return nil, err
	}
	n := int(wide.NumRows())
	keep := make([]int32, 0, n)
	for i := range n {
		if order.comparePair(i, 0) < 0 {
			keep = append(keep, int32(i))
		}
	}
	switch len(keep) {
	case n:
		return wide, nil
	case 0:
		wide.Release()
		return nil, nil
	}
	defer wide.Release()
	return TakeRows(ctx.Mem, wide, keep)
}

// compact sorts the buffer and keeps its best bound rows in it, as one batch whose last
// row becomes the cutoff.
func (w *sortWorker) compact(ctx *Ctx) error {
	charged := w.buf.bytes
	run, err := w.s.keys.sortBuffered(ctx, ctx.Mem, &w.buf)
	w.buf.bytes = 0
	w.s.acct.Shrink(charged)
	if err != nil {
		return err
	}
	defer run.release()
	keep := run.perm[:min(len(run.perm), w.bound)]
	cols, err := takeColumns(ctx.Mem, run.cols, keep)
	if err != nil {
		return err
	}
	best := newRecord(w.s.keys.schema, cols, len(keep))
	if w.cutoff != nil {
		w.cutoff.Release()
		w.cutoff = nil
	}
	if len(keep) == w.bound {
		w.cutoff = best.NewSlice(int64(len(keep)-1), int64(len(keep)))
	}
	charge := 2*recordSize(best) + sortScratchPerRow*best.NumRows()
	if err := w.s.acct.GrowPast(charge); err != nil {
		best.Release()
		return w.s.acct.OutOfMemory("sort", err)
	}
	w.buf.add(best, charge)
	return nil
}

// release frees everything the worker still holds (its spilled runs are taken over by the
// merge before, or removed here).
func (w *sortWorker) release() {
	w.buf.release()
	if w.last != nil {
		w.last.release()
		w.last = nil
	}
	if w.cutoff != nil {
		w.cutoff.Release()
		w.cutoff = nil
	}
	for _, f := range w.runs {
		f.Remove()
	}
	w.runs = nil
}

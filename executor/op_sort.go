package executor

// Sort implements ORDER BY: in memory when the input fits its memory budget, as an external
// merge sort when it does not, in parallel over a parallel pipeline, and as a top-N sort
// under a LIMIT.
//
// The operator is blocking: on the first Next its workers (sort_worker.go; one, or one per
// pipeline copy) drain the input, retaining every batch widened by the sort keys that are
// not plain input columns (evaluated once per batch), and charging the batches to the
// sort's memory account. A worker's batches are concatenated so that a row is one dense
// index and sorted as a permutation (sortRows: radix on a normalized first key, comparisons
// for the rest; stable), which is its run. One run in all is output by gathering through
// consecutive slices of its permutation; several are merged (sort_merge.go).
//
// When the account refuses a batch (work_mem, or the server's --memory-limit), the worker
// sorts what it holds into a run on disk (sort_run.go) and starts over. Without a temporary
// directory (Ctx.Spill), or when a single batch does not fit, the sort fails with 53200
// instead. Its files are removed when it closes, however it ends.
//
// A Limit above the sort bounds it (setBound) before opening it: each worker then keeps
// only its best rows (PostgreSQL's "top-N heapsort"), and the merge of the workers' runs
// yields the first of them.

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/spill"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// sortScratchPerRow is what sorting costs per row beside the rows themselves: the
// normalized keys (8 bytes), the radix sort's pairs and their scratch copy (16 each), and
// the permutations (4 each).
const sortScratchPerRow = 48

// maxSortBound is the largest LIMIT (plus OFFSET) sorted as top-N; past it a full sort
// costs no more.
const maxSortBound = 1 << 20

type sortOp struct {
	workers  []*sortWorker
	keys     sortKeys
	schema   *arrow.Schema
	width    int  // the input's columns; the wide batches have the sort's own keys after them
	parallel bool // workers read parallel pipelines; rows carry a tie key

	// execution state
	bound   int // rows the consumer needs (0: all), set by setBound
	emitted int64
	done    bool
	acct    *budget.Account
	run     *memRun    // the output when one run holds everything
	merge   *sortMerge // the output otherwise
	out     arrow.Record
	stats   sortStats
}

// sortStats is what EXPLAIN ANALYZE reports of a sort.
type sortStats struct {
	spilledRuns  int
	spilledBytes int64
}

var (
	_ Operator  = (*sortOp)(nil)
	_ explainer = (*sortOp)(nil)
)

// explainDetails implements explainer, as PostgreSQL's Sort shows its method and space.
func (s *sortOp) explainDetails() []Detail {
	method, space, used := "quicksort", "Memory", s.acct.Peak()
	switch {
	case s.bound > 0:
		method = "top-N heapsort"
	case s.stats.spilledRuns > 0:
		method, space, used = "external merge", "Disk", s.stats.spilledBytes
	}
	return []Detail{{Key: "Sort Method", Value: method}, {Key: "Sort Space Used", Value: used, Unit: KB},
		{Key: "Sort Space Type", Value: space}}
}

// newSort returns the operator for a Sort node over its built input.
func newSort(node *planner.Sort, input Operator) (Operator, error) {
	return buildSort(node, []Operator{input}, compileExpr)
}

// newParallelSort returns a sort whose workers each drain one of inputs, parallel copies
// of a pipeline sharing one morsel source.
func newParallelSort(node *planner.Sort, inputs []Operator) (Operator, error) {
	return buildSort(node, inputs, compileExpr)
}

func buildSort(node *planner.Sort, inputs []Operator, compile exprCompiler) (*sortOp, error) {
	in := inputs[0].Schema()
	s := &sortOp{schema: in, width: in.NumFields(), parallel: len(inputs) > 1}
	fields := append([]arrow.Field(nil), in.Fields()...)
	var evaluated []planner.Expr
	for i, k := range node.Keys {
		col, ok := sortKeyIsColumn(k.Expr, s.width)
		if !ok {
			col = len(fields)
			fields = append(fields, arrow.Field{Name: fmt.Sprintf("sort_key_%d", i), Type: sortKeyArrow(k.Expr), Nullable: true})
			evaluated = append(evaluated, k.Expr)
		}
		s.keys.keys = append(s.keys.keys, sortKeyCol{col: col, desc: k.Desc, nullsFirst: k.NullsFirst})
	}
	if s.parallel {
		s.keys.keys = append(s.keys.keys, sortKeyCol{col: len(fields)})
		fields = append(fields, arrow.Field{Name: "sort_position", Type: arrow.PrimitiveTypes.Int64})
	}
	s.keys.schema = arrow.NewSchema(fields, nil)
	for _, input := range inputs {
		w := &sortWorker{s: s, input: input}
		for _, e := range evaluated {
			ev, err := compileSortKey(compile, e)
			if err != nil {
				return nil, err
			}
			w.evals = append(w.evals, ev)
		}
		s.workers = append(s.workers, w)
	}
	return s, nil
}

// Schema implements Operator.
func (s *sortOp) Schema() *arrow.Schema { return s.schema }

// setBound tells the sort that its consumer reads only its first n rows (a Limit does, before
// opening it).
func (s *sortOp) setBound(n int64) {
	if n > 0 && n <= maxSortBound {
		s.bound = int(n)
	}
}

// Open implements Operator.
func (s *sortOp) Open(ctx *Ctx) error {
	s.done, s.emitted = false, 0
	s.acct = ctx.Budget.NewAccount(budget.Buffer)
	for _, w := range s.workers {
		w.bound = s.bound
		if err := w.input.Open(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Next implements Operator.
func (s *sortOp) Next(ctx *Ctx) (arrow.Record, error) {
	if !s.done {
		s.done = true
		if err := s.sortAll(ctx); err != nil {
			return nil, err
		}
	}
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	var rec arrow.Record
	var err error
	if s.merge != nil {
		rec, err = s.merge.next(ctx, s.schema, s.width)
	} else if s.run != nil {
		rec, err = s.run.next(ctx.Mem, s.keys.schema)
		if rec != nil && s.width < s.keys.schema.NumFields() {
			narrow := newRecord(s.schema, retainAll(rec.Columns()[:s.width]), int(rec.NumRows()))
			rec.Release()
			rec = narrow
		}
	}
	if err != nil {
		return nil, err
	}
	if rec == nil || s.bound > 0 && s.emitted >= int64(s.bound) {
		if rec != nil {
			rec.Release()
		}
		return nil, io.EOF
	}
	if s.bound > 0 && s.emitted+rec.NumRows() > int64(s.bound) {
		// The workers' best rows together: only the best bound of them are needed.
		cut := rec.NewSlice(0, int64(s.bound)-s.emitted)
		rec.Release()
		rec = cut
	}
	s.emitted += rec.NumRows()
	s.out = rec
	return rec, nil
}

// sortAll lets the workers drain the input, in parallel when there are several, and
// prepares the output from their runs.
func (s *sortOp) sortAll(ctx *Ctx) error {
	if err := s.drainAll(ctx); err != nil {
		return err
	}
	runs, last := s.collect()
	if len(runs) == 0 && len(last) <= 1 {
		if len(last) == 1 {
			s.run = last[0]
		}
		return nil
	}
	// Merge the earliest runs into one until the rest can be merged at once; the merged run
	// takes their place, first, so runs stay in input order and the sort stable.
	for len(runs)+len(last) > maxMergeWidth {
		n := min(maxMergeWidth, len(runs))
		f, err := mergeToFile(ctx, ctx.Spill, &s.keys, ctx.Mem, runs[:n])
		runs = runs[n-1:]
		if err != nil {
			for _, f := range runs[1:] {
				f.Remove()
			}
			for _, r := range last {
				r.release()
			}
			return err
		}
		runs[0] = f
	}
	var err error
	s.merge, err = newSortMerge(ctx, &s.keys, ctx.Mem, runs, last)
	return err
}

// drainAll runs the workers to the end of their inputs; the first error stops them all.
func (s *sortOp) drainAll(ctx *Ctx) error {
	if len(s.workers) == 1 {
		return s.workers[0].drain(ctx)
	}
	wctx, cancel := context.WithCancel(ctx.Context)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for _, w := range s.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					err := pgerror.Newf(pgcode.InternalError, "sort worker failed: %v", r)
					once.Do(func() { firstErr = err; cancel() })
				}
			}()
			c := *ctx
			c.Context = wctx
			if err := w.drain(&c); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// collect takes the workers' runs over: the spilled ones in worker order, and the ones in
// memory.
func (s *sortOp) collect() ([]*spill.File, []*memRun) {
	var runs []*spill.File
	var last []*memRun
	for _, w := range s.workers {
		runs = append(runs, w.runs...)
		w.runs = nil
		if w.last != nil && len(w.last.perm) > 0 {
			last = append(last, w.last)
		} else if w.last != nil {
			w.last.release()
		}
		w.last = nil
		s.stats.spilledRuns += w.stats.spilledRuns
		s.stats.spilledBytes += w.stats.spilledBytes
	}
	return runs, last
}

// Close implements Operator.
func (s *sortOp) Close() error {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	if s.run != nil {
		s.run.release()
		s.run = nil
	}
	if s.merge != nil {
		s.merge.close()
		s.merge = nil
	}
	ops := make([]Operator, len(s.workers))
	for i, w := range s.workers {
		w.release()
		ops[i] = w.input
	}
	if s.acct != nil {
		s.acct.Release()
	}
	return closeAll(ops...)
}

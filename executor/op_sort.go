package executor

// Sort implements ORDER BY, in memory when the input fits its memory budget and as an
// external merge sort when it does not.
//
// The operator is blocking: on the first Next it drains its input, retaining every batch
// widened by the sort keys that are not plain input columns (evaluated once per batch), and
// charging the batches to its memory account. When everything fits, the batches are
// concatenated so that a row is one dense index, sorted as a permutation (sortRows: radix
// on a normalized first key, comparisons for the rest; stable), and output batches are
// gathered through consecutive slices of the permutation.
//
// When the account refuses a batch (work_mem, or the server's --memory-limit), the rows
// gathered so far are sorted and written to a temporary file as a sorted run (sort_run.go),
// and gathering starts over. At the end of the input the last run stays in memory and all
// runs are merged (sort_merge.go), reading the spilled ones back a batch at a time. Without
// a temporary directory (Ctx.Spill), or when a single batch does not fit, the sort fails
// with 53200 instead. Its files are removed when it closes, however it ends.

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/spill"
	"github.com/pgfast/pgfast/planner"
)

type sortOp struct {
	input  Operator
	keys   sortKeys
	evals  []evaluator // the keys that are not input columns, in order
	schema *arrow.Schema
	width  int // the input's columns; the wide batches have the evaluated keys after them

	// execution state
	done  bool
	acct  *budget.Account
	buf   sortBuffer
	runs  []*spill.File
	run   *memRun    // the output when everything fit in memory
	merge *sortMerge // the output after spilling
	out   arrow.Record
	stats sortStats
}

// sortStats is what EXPLAIN ANALYZE reports of a sort.
type sortStats struct {
	spilledRuns  int
	spilledBytes int64
}

var _ Operator = (*sortOp)(nil)

// sortScratchPerRow is what sorting costs per row beside the rows themselves: the
// normalized keys (8 bytes), the radix sort's pairs and their scratch copy (16 each), and
// the permutations (4 each).
const sortScratchPerRow = 48

// newSort returns the operator for a Sort node over its built input.
func newSort(node *planner.Sort, input Operator) (Operator, error) {
	return buildSort(node, input, compileExpr)
}

func buildSort(node *planner.Sort, input Operator, compile exprCompiler) (*sortOp, error) {
	in := input.Schema()
	s := &sortOp{input: input, schema: in, width: in.NumFields()}
	fields := append([]arrow.Field(nil), in.Fields()...)
	for i, k := range node.Keys {
		col, ok := sortKeyIsColumn(k.Expr, s.width)
		if !ok {
			ev, err := compileSortKey(compile, k.Expr)
			if err != nil {
				return nil, err
			}
			s.evals = append(s.evals, ev)
			col = len(fields)
			fields = append(fields, arrow.Field{Name: fmt.Sprintf("sort_key_%d", i), Type: sortKeyArrow(k.Expr), Nullable: true})
		}
		s.keys.keys = append(s.keys.keys, sortKeyCol{col: col, desc: k.Desc, nullsFirst: k.NullsFirst})
	}
	s.keys.schema = arrow.NewSchema(fields, nil)
	return s, nil
}

// Schema implements Operator.
func (s *sortOp) Schema() *arrow.Schema { return s.schema }

// Open implements Operator.
func (s *sortOp) Open(ctx *Ctx) error {
	s.done = false
	s.acct = ctx.Budget.NewAccount(budget.Buffer)
	return s.input.Open(ctx)
}

// Next implements Operator.
func (s *sortOp) Next(ctx *Ctx) (arrow.Record, error) {
	if !s.done {
		if err := s.consume(ctx); err != nil {
			return nil, err
		}
		s.done = true
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
		if rec != nil && s.width < len(s.keys.schema.Fields()) {
			narrow := newRecord(s.schema, retainAll(rec.Columns()[:s.width]), int(rec.NumRows()))
			rec.Release()
			rec = narrow
		}
	}
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, io.EOF
	}
	s.out = rec
	return rec, nil
}

// consume drains the input into runs and prepares the output.
func (s *sortOp) consume(ctx *Ctx) error {
	for {
		rec, err := s.input.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		wide, err := s.widen(ctx, rec)
		if err != nil {
			return err
		}
		charge := 2*recordSize(wide) + sortScratchPerRow*wide.NumRows()
		if err := s.reserve(ctx, charge); err != nil {
			wide.Release()
			return err
		}
		s.buf.add(wide, charge)
	}
	run, err := s.keys.sortBuffered(ctx, ctx.Mem, &s.buf)
	if err != nil {
		return err
	}
	if len(s.runs) == 0 {
		s.run = run
		return nil
	}
	// Merge the earliest runs into one until the rest can be merged at once; the merged
	// run takes their place, first, so runs stay in input order and the sort stable.
	for len(s.runs) >= maxMergeWidth {
		f, err := mergeToFile(ctx, ctx.Spill, &s.keys, ctx.Mem, s.runs[:maxMergeWidth])
		s.runs = s.runs[maxMergeWidth-1:]
		if err != nil {
			s.runs = s.runs[1:]
			run.release()
			return err
		}
		s.runs[0] = f
	}
	runs := s.runs
	s.runs = nil
	s.merge, err = newSortMerge(ctx, &s.keys, ctx.Mem, runs, run)
	return err
}

// widen returns rec with the evaluated keys appended, retained.
func (s *sortOp) widen(ctx *Ctx, rec arrow.Record) (arrow.Record, error) {
	if len(s.evals) == 0 {
		rec.Retain()
		return rec, nil
	}
	keys, err := evalAll(ctx, s.evals, rec)
	if err != nil {
		return nil, err
	}
	cols := append(retainAll(rec.Columns()), keys...)
	return newRecord(s.keys.schema, cols, int(rec.NumRows())), nil
}

// reserve charges n bytes to the account, spilling the buffered rows when it refuses. The
// first batch of a run is taken past work_mem if need be: a sort always holds a batch.
func (s *sortOp) reserve(ctx *Ctx, n int64) error {
	err := s.acct.Grow(n)
	if err == nil || !errors.Is(err, budget.ErrOverBudget) {
		return err
	}
	if s.buf.rows > 0 && ctx.Spill != nil {
		if err := s.spill(ctx); err != nil {
			return err
		}
	}
	if s.buf.rows == 0 {
		err = s.acct.GrowPast(n)
	}
	if err != nil {
		return s.acct.OutOfMemory("sort", err)
	}
	return nil
}

// spill sorts the buffered rows and writes them to a temporary file as a run.
func (s *sortOp) spill(ctx *Ctx) error {
	charged := s.buf.bytes
	run, err := s.keys.sortBuffered(ctx, ctx.Mem, &s.buf)
	if err != nil {
		return err
	}
	f, err := writeRun(ctx, ctx.Spill, ctx.Mem, s.keys.schema, run)
	s.buf.bytes = 0
	s.acct.Shrink(charged)
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f)
	s.stats.spilledRuns++
	s.stats.spilledBytes += f.Size()
	return nil
}

// Close implements Operator.
func (s *sortOp) Close() error {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	s.buf.release()
	if s.run != nil {
		s.run.release()
		s.run = nil
	}
	if s.merge != nil {
		s.merge.close()
		s.merge = nil
	}
	for _, f := range s.runs {
		f.Remove()
	}
	s.runs = nil
	if s.acct != nil {
		s.acct.Release()
	}
	return s.input.Close()
}

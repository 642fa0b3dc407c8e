package executor

// Sort implements ORDER BY.
//
// The operator is fully blocking: on the first Next it drains its input, retaining every
// batch and evaluating the sort keys per batch, then concatenates both into single arrays so
// that a row is one dense index. It sorts a permutation of row indexes: by a radix sort on an
// order-preserving integer form of the first key when it has one (numbers, dates, times,
// booleans), then by comparison within runs of equal first keys; otherwise by pdqsort with
// one comparator closure per key (see rowcmp.go). Ties are broken by input position, which
// makes the sort stable. Output batches are then gathered from the materialized columns
// through consecutive slices of the permutation.

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
)

type sortOp struct {
	input  Operator
	keys   []planner.SortKey
	evals  []evaluator
	schema *arrow.Schema

	// execution state
	done bool
	cols []arrow.Array
	perm []int32
	pos  int
	out  arrow.Record
}

var _ Operator = (*sortOp)(nil)

// newSort returns the operator for a Sort node over its built input.
func newSort(node *planner.Sort, input Operator) (Operator, error) {
	return buildSort(node, input, compileExpr)
}

func buildSort(node *planner.Sort, input Operator, compile exprCompiler) (*sortOp, error) {
	s := &sortOp{input: input, keys: node.Keys, schema: input.Schema()}
	var err error
	if s.evals, err = compileSortKeys(compile, node.Keys); err != nil {
		return nil, err
	}
	return s, nil
}

// Schema implements Operator.
func (s *sortOp) Schema() *arrow.Schema { return s.schema }

// Open implements Operator.
func (s *sortOp) Open(ctx *Ctx) error {
	s.done, s.pos = false, 0
	return s.input.Open(ctx)
}

// Next implements Operator.
func (s *sortOp) Next(ctx *Ctx) (arrow.Record, error) {
	if !s.done {
		if err := s.materialize(ctx); err != nil {
			return nil, err
		}
		s.done = true
	}
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	if s.pos >= len(s.perm) {
		return nil, io.EOF
	}
	end := min(s.pos+BatchSize, len(s.perm))
	cols, err := takeColumns(ctx.Mem, s.cols, s.perm[s.pos:end])
	if err != nil {
		return nil, err
	}
	s.out = newRecord(s.schema, cols, end-s.pos)
	s.pos = end
	return s.out, nil
}

func (s *sortOp) materialize(ctx *Ctx) error {
	var recs []arrow.Record
	keyParts := make([][]arrow.Array, len(s.evals))
	defer func() {
		for _, r := range recs {
			r.Release()
		}
		for _, p := range keyParts {
			releaseArrays(p)
		}
	}()
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
		rec.Retain()
		recs = append(recs, rec)
		keys, err := evalAll(ctx, s.evals, rec)
		if err != nil {
			return err
		}
		for k, a := range keys {
			keyParts[k] = append(keyParts[k], a)
		}
	}
	cols, err := concatColumns(ctx.Mem, s.schema, recs)
	if err != nil {
		return err
	}
	s.cols = cols
	n := 0
	if len(cols) > 0 {
		n = cols[0].Len()
	} else {
		for _, r := range recs {
			n += int(r.NumRows())
		}
	}
	keys := make([]arrow.Array, 0, len(s.evals))
	defer func() { releaseArrays(keys) }()
	order := make(rowOrder, len(s.evals))
	for k, parts := range keyParts {
		a, err := concatArrays(ctx.Mem, sortKeyArrow(s.keys[k].Expr), parts)
		if err != nil {
			return err
		}
		keys = append(keys, a)
		c, err := newRowComparator(a, s.keys[k].Desc, s.keys[k].NullsFirst)
		if err != nil {
			return err
		}
		order[k] = c
	}
	s.perm, err = sortRows(ctx, keys, order, s.keys[0].Desc, s.keys[0].NullsFirst, n)
	return err
}

// Close implements Operator.
func (s *sortOp) Close() error {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	releaseArrays(s.cols)
	s.cols, s.perm = nil, nil
	return s.input.Close()
}

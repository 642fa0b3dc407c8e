package executor

// RecursiveUnion runs WITH RECURSIVE: it emits the non-recursive term's rows, which become
// the working table; then, round after round, it builds and runs the recursive term, whose
// WorkTableScan reads the working table, emits what the round produced and makes that the
// next working table, until a round produces nothing. For UNION (without ALL) a distinct
// filter over everything emitted so far drops rows already seen, in the seed as in every
// round, so cyclic data terminates. Each round's operators are built afresh (operators are
// opened once); the statement's context is checked between rounds, so a query that never
// terminates can still be cancelled.

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// workTable is the previous round's rows of a recursive union.
type workTable struct {
	recs []arrow.Record
}

func (w *workTable) set(recs []arrow.Record) {
	for _, r := range w.recs {
		r.Release()
	}
	w.recs = recs
}

type recursiveUnionOp struct {
	node   *planner.RecursiveUnion
	schema *arrow.Schema
	work   *workTable
	seed   Operator

	cur      Operator // the seed, then each round's recursive term
	distinct *distinctFilter
	round    []arrow.Record // what the current round emitted: the next working table
	done     bool

	// mem accounts the working table and the round being built.
	mem                   *heldMemory
	workBytes, roundBytes int64
}

var _ Operator = (*recursiveUnionOp)(nil)

func newRecursiveUnion(x *planner.RecursiveUnion, ctx *Ctx) (Operator, error) {
	w := &workTable{}
	ctx.cteRegistry().setWork(x.ID, w)
	seed, err := Build(x.Seed, ctx)
	if err != nil {
		return nil, err
	}
	return &recursiveUnionOp{node: x, schema: PlanSchema(x.Out), work: w, seed: seed}, nil
}

// Schema implements Operator.
func (r *recursiveUnionOp) Schema() *arrow.Schema { return r.schema }

// Open implements Operator.
func (r *recursiveUnionOp) Open(ctx *Ctx) error {
	r.mem = newHeldMemory(ctx, budget.Buffer, "recursive query")
	if !r.node.All {
		d, err := newDistinctFilter(r.schema)
		if err != nil {
			return err
		}
		d.mem = newHeldMemory(ctx, budget.Hash, "recursive query")
		r.distinct = d
	}
	r.cur, r.seed = r.seed, nil
	return r.cur.Open(ctx)
}

// Next implements Operator.
func (r *recursiveUnionOp) Next(ctx *Ctx) (arrow.Record, error) {
	for !r.done {
		rec, err := r.cur.Next(ctx)
		if isEOF(err) {
			if err := r.nextRound(ctx); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		var cols []arrow.Array
		if r.distinct != nil {
			kept, err := r.distinct.filter(ctx, r.schema, rec)
			if err != nil {
				return nil, err
			}
			if kept == nil {
				continue
			}
			cols = kept.Columns()
			out := array.NewRecord(r.schema, cols, kept.NumRows())
			kept.Release()
			return r.keep(out)
		}
		return r.keep(array.NewRecord(r.schema, rec.Columns(), rec.NumRows()))
	}
	return nil, io.EOF
}

// keep adds a batch the round emits to the next working table.
func (r *recursiveUnionOp) keep(out arrow.Record) (arrow.Record, error) {
	r.round = append(r.round, out)
	r.roundBytes += recordSize(out)
	if err := r.mem.set(r.workBytes + r.roundBytes); err != nil {
		return nil, err
	}
	return out, nil
}

// nextRound makes the rows just emitted the working table and starts the recursive term
// over them, or ends the union when there are none.
func (r *recursiveUnionOp) nextRound(ctx *Ctx) error {
	err := r.cur.Close()
	r.cur = nil
	if err != nil {
		return err
	}
	r.work.set(r.round)
	r.round = nil
	r.workBytes, r.roundBytes = r.roundBytes, 0
	if err := r.mem.set(r.workBytes); err != nil {
		return err
	}
	if len(r.work.recs) == 0 {
		r.done = true
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	step, err := Build(r.node.Step, ctx)
	if err != nil {
		return err
	}
	if err := step.Open(ctx); err != nil {
		step.Close()
		return err
	}
	r.cur = step
	return nil
}

// Close implements Operator.
func (r *recursiveUnionOp) Close() error {
	var err error
	if r.cur != nil {
		err = r.cur.Close()
		r.cur = nil
	}
	if r.seed != nil {
		err = r.seed.Close()
		r.seed = nil
	}
	r.work.set(nil)
	for _, rec := range r.round {
		rec.Release()
	}
	if r.distinct != nil {
		r.distinct.mem.release()
	}
	r.round, r.distinct = nil, nil
	r.mem.release()
	return err
}

func newWorkTableScan(x *planner.WorkTableScan, ctx *Ctx) (Operator, error) {
	w := ctx.cteRegistry().workTable(x.ID)
	if w == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "working table of \"%s\" is not in scope", x.Name)
	}
	return &storedScan{schema: PlanSchema(x.Out), recs: func(*Ctx) ([]arrow.Record, error) { return w.recs, nil }}, nil
}

// explainDetails implements explainer: the memory the operator held at most.
func (r *recursiveUnionOp) explainDetails() []Detail {
	return []Detail{{Key: "Peak Memory Usage", Value: r.mem.peak(), Unit: KB}}
}

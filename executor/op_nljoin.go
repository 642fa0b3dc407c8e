package executor

// NestedLoopJoin implements joins whose condition is not an equality of keys (a < b, OR of
// equalities, anything), and cross joins (no condition), for every join type.
//
// The right input is materialized once (see joinCore). Each left batch is then joined with
// the whole right side block by block: the candidate pairs are enumerated left-row-major, at
// most BatchSize at a time, gathered into one candidate batch, and the condition is
// evaluated over the whole batch at once; no row is ever evaluated on its own. Semi and anti
// joins stop enumerating a left row's pairs once it has matched, and without a condition
// need no pairs at all (a row matches iff the right side is non-empty).

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
)

// explainDetails implements explainer: what the inner side holds.
func (j *nestedLoopJoin) explainDetails() []Detail { return j.buildDetails(0) }

type nestedLoopJoin struct {
	joinCore

	// execution state
	row  int // next probe row
	rcol int // next build row for row
}

var (
	_ Operator = (*nestedLoopJoin)(nil)
	_ joinAlgo = (*nestedLoopJoin)(nil)
)

// newNestedLoopJoin returns the operator for a NestedLoopJoin node over its built inputs.
func newNestedLoopJoin(node *planner.NestedLoopJoin, left, right Operator) (Operator, error) {
	return buildNestedLoopJoin(node, left, right, compileExpr)
}

func buildNestedLoopJoin(node *planner.NestedLoopJoin, left, right Operator, compile exprCompiler) (*nestedLoopJoin, error) {
	j := &nestedLoopJoin{joinCore: newJoinCore(node.Type, left, right, node.Columns(), node.Left.Columns(), node.Right.Columns(), false)}
	if node.Cond != nil {
		var err error
		if j.cond, err = compile(node.Cond); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// Schema implements Operator.
func (j *nestedLoopJoin) Schema() *arrow.Schema { return j.schema }

// Open implements Operator.
func (j *nestedLoopJoin) Open(ctx *Ctx) error { return j.open(ctx) }

// Next implements Operator.
func (j *nestedLoopJoin) Next(ctx *Ctx) (arrow.Record, error) { return j.next(ctx, j) }

// Close implements Operator.
func (j *nestedLoopJoin) Close() error { return j.close() }

func (j *nestedLoopJoin) startBuild() error { return nil }

func (j *nestedLoopJoin) buildBatch(*Ctx, arrow.Record, int) error { return nil }

func (j *nestedLoopJoin) finishBuild() error { return nil }

func (j *nestedLoopJoin) startProbe(_ *Ctx, c *joinCore) (bool, error) {
	j.row, j.rcol = 0, 0
	if c.cond == nil && c.semiAnti() {
		for i := range c.probeMatched {
			c.probeMatched[i] = c.buildN > 0
		}
		return false, nil
	}
	return true, nil
}

// expand enumerates the cross product of the probe batch and the build side.
func (j *nestedLoopJoin) expand(c *joinCore, li, ri []int32, skipMatched bool) ([]int32, []int32) {
	n := len(c.probeMatched)
	for j.row < n && len(li) < BatchSize {
		if skipMatched && c.probeMatched[j.row] {
			j.row++
			j.rcol = 0
			continue
		}
		take := min(c.buildN-j.rcol, BatchSize-len(li))
		for k := range take {
			li = append(li, int32(j.row))
			ri = append(ri, int32(j.rcol+k))
		}
		j.rcol += take
		if j.rcol >= c.buildN {
			j.row++
			j.rcol = 0
		}
	}
	return li, ri
}

package executor

import (
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Build turns a physical plan into operators for one execution. It holds the only switch over
// plan nodes. Scans with their filters and projections become parallel pipelines: the
// consumer either drains the worker copies itself (the hash aggregate) or reads them through
// an order-preserving exchange.
func Build(p planner.Plan, ctx *Ctx) (Operator, error) {
	op, err := build(p, ctx)
	if err != nil {
		return nil, err
	}
	return instrument(ctx, p, op), nil
}

// parallelInputs builds the worker copies of pipeline pp (the plan p), measured as one
// node when the statement is instrumented.
func parallelInputs(ctx *Ctx, p planner.Plan, pp *pipelinePlan) ([]Operator, error) {
	ops, err := buildPipelines(pp, ctx.Workers)
	if err != nil {
		return nil, err
	}
	return instrumentCopies(ctx, p, ops), nil
}

func build(p planner.Plan, ctx *Ctx) (Operator, error) {
	workers := ctx.Workers
	if pp, ok := asPipeline(p); ok {
		if pp.scan.Lookup != nil {
			workers = 1 // an index lookup reads one row: more workers would only wait
		}
		return newExchange(pp, workers)
	}
	switch x := p.(type) {
	case *planner.Values:
		return newValues(x)
	case *planner.FunctionScan:
		return newFuncScan(x)
	case *planner.ProjectSet:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		op, err := newProjectSet(x, in)
		if err != nil {
			in.Close()
			return nil, err
		}
		return op, nil
	case *planner.LateralJoin:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		op, err := newLateralJoin(x, in)
		if err != nil {
			in.Close()
			return nil, err
		}
		return op, nil
	case *planner.Filter:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		t, err := compileFilter(x.Pred)
		if err != nil {
			in.Close()
			return nil, err
		}
		return &transformOp{input: in, t: t, schema: in.Schema()}, nil
	case *planner.Project:
		if op, ok, err := buildNarrowJoin(x, ctx); ok || err != nil {
			return op, err
		}
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		evs, err := compileList(x.Exprs)
		if err != nil {
			in.Close()
			return nil, err
		}
		schema := PlanSchema(x.Out)
		return &transformOp{input: in, t: &projectTransform{exprs: evs, schema: schema}, schema: schema}, nil
	case *planner.Aggregate:
		if pp, ok := asPipeline(x.Input); ok && workers > 1 {
			inputs, err := parallelInputs(ctx, x.Input, pp)
			if err != nil {
				return nil, err
			}
			return newParallelHashAggregate(x, inputs)
		}
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		return newHashAggregate(x, in)
	case *planner.HashJoin:
		return buildHashJoinNode(x, ctx, nil)
	case *planner.NestedLoopJoin:
		l, r, err := build2(x.Left, x.Right, ctx)
		if err != nil {
			return nil, err
		}
		return newNestedLoopJoin(x, l, r)
	case *planner.Sort:
		if pp, ok := asPipeline(x.Input); ok && workers > 1 {
			inputs, err := parallelInputs(ctx, x.Input, pp)
			if err != nil {
				return nil, err
			}
			return newParallelSort(x, inputs)
		}
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		return newSort(x, in)
	case *planner.Window:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		op, err := newWindow(x, in)
		if err != nil {
			in.Close()
			return nil, err
		}
		return op, nil
	case *planner.Limit:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		if x.Ties != nil {
			return newLimitTies(x, in)
		}
		l := &limitOp{input: in}
		if x.Count != nil {
			if l.count, err = compileExpr(x.Count); err != nil {
				return nil, err
			}
		}
		if x.Offset != nil {
			if l.offset, err = compileExpr(x.Offset); err != nil {
				return nil, err
			}
		}
		return l, nil
	case *planner.Distinct:
		in, err := Build(x.Input, ctx)
		if err != nil {
			return nil, err
		}
		return newDistinct(x, in)
	case *planner.SetOp:
		l, r, err := build2(x.Left, x.Right, ctx)
		if err != nil {
			return nil, err
		}
		return newSetOp(x, l, r)
	case *planner.With:
		return newWith(x, ctx)
	case *planner.CTEScan:
		return newCTEScan(x, ctx)
	case *planner.RecursiveUnion:
		return newRecursiveUnion(x, ctx)
	case *planner.WorkTableScan:
		return newWorkTableScan(x, ctx)
	}
	return nil, pgerror.Newf(pgcode.InternalError, "executor cannot run plan node %T", p)
}

func build2(a, b planner.Plan, ctx *Ctx) (Operator, Operator, error) {
	l, err := Build(a, ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := Build(b, ctx)
	if err != nil {
		l.Close()
		return nil, nil, err
	}
	return l, r, nil
}

// buildHashJoinNode returns the operator of a hash join that outputs the columns outCols of
// its natural output (all when nil).
func buildHashJoinNode(x *planner.HashJoin, ctx *Ctx, outCols []int) (Operator, error) {
	probe, build := x.Left, x.Right
	if x.BuildLeft {
		probe, build = build, probe
	}
	if pp, ok := asPipeline(probe); ok && ctx.Workers > 1 {
		// The probe side runs as parallel pipelines against one shared hash table.
		probes, err := parallelInputs(ctx, probe, pp)
		if err != nil {
			return nil, err
		}
		b, err := Build(build, ctx)
		if err != nil {
			return nil, err
		}
		op, err := newParallelHashJoin(x, probes, b)
		if err == nil && outCols != nil {
			narrowJoinOutput(op, outCols, x.Columns())
		}
		return op, err
	}
	l, r, err := build2(x.Left, x.Right, ctx)
	if err != nil {
		return nil, err
	}
	op, err := newHashJoin(x, l, r)
	if err == nil && outCols != nil {
		narrowJoinOutput(op, outCols, x.Columns())
	}
	return op, err
}

// buildNarrowJoin runs a projection over a hash join as a join that gathers only the
// columns the projection reads (ok false: the projection is not one that can).
func buildNarrowJoin(x *planner.Project, ctx *Ctx) (Operator, bool, error) {
	j, ok := x.Input.(*planner.HashJoin)
	if !ok {
		return nil, false, nil
	}
	keep, exprs, ok := planner.NarrowProjection(x)
	if !ok {
		return nil, false, nil
	}
	jop, err := buildHashJoinNode(j, ctx, keep)
	if err != nil {
		return nil, true, err
	}
	jop = instrument(ctx, j, jop)
	evs, err := compileList(exprs)
	if err != nil {
		jop.Close()
		return nil, true, err
	}
	schema := PlanSchema(x.Out)
	return &transformOp{input: jop, t: &projectTransform{exprs: evs, schema: schema}, schema: schema}, true, nil
}

// narrowJoinOutput makes a hash join operator output only outCols of its natural output.
func narrowJoinOutput(op Operator, outCols []int, natural []planner.Column) {
	switch j := op.(type) {
	case *hashJoin:
		j.setOutput(outCols, natural)
	case *parallelHashJoin:
		for _, w := range j.workers {
			w.setOutput(outCols, natural)
		}
		j.schema = j.workers[0].schema
	}
}

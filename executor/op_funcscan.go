package executor

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// funcScanOp returns the rows of a set-returning function, a batch at a time.
type funcScanOp struct {
	node   *planner.FunctionScan
	args   []evaluator
	schema *arrow.Schema
	env    *catalog.FuncEnv
	src    catalog.RowSource
	cur    arrow.Record
}

var _ Operator = (*funcScanOp)(nil)

func newFuncScan(node *planner.FunctionScan) (*funcScanOp, error) {
	args, err := compileList(node.Args)
	if err != nil {
		return nil, err
	}
	return &funcScanOp{node: node, args: args, schema: PlanSchema(node.Out)}, nil
}

func (f *funcScanOp) Schema() *arrow.Schema { return f.schema }

func (f *funcScanOp) Open(ctx *Ctx) error {
	one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	vals := make([]scalar.Scalar, len(f.args))
	argTypes := make([]types.T, len(f.args))
	for i, ev := range f.args {
		a, err := ev.eval(ctx, one)
		if err != nil {
			return err
		}
		v, err := scalar.GetScalar(a, 0)
		a.Release()
		if err != nil {
			return err
		}
		if !v.IsValid() && f.node.Func.Strict {
			return nil // a strict set-returning function of NULL returns no rows
		}
		vals[i], argTypes[i] = v, f.node.Args[i].Type()
	}
	ret := f.node.Out[0].Type
	if len(f.node.Out) > 1 {
		ret = types.Of(types.Record)
	}
	f.env = ctx.FuncEnv(argTypes, ret)
	src, err := f.node.Func.Set(f.env, vals)
	if err != nil {
		return err
	}
	f.src = src
	return nil
}

func (f *funcScanOp) Next(ctx *Ctx) (arrow.Record, error) {
	if f.cur != nil {
		f.cur.Release()
		f.cur = nil
	}
	if f.src == nil {
		return nil, io.EOF
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.env.Rows = BatchSize
	cols, n, err := f.src.Next(f.env, BatchSize)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		f.src = nil
		return nil, io.EOF
	}
	f.cur = array.NewRecord(f.schema, cols, int64(n))
	releaseAll(cols)
	return f.cur, nil
}

func (f *funcScanOp) Close() error {
	if f.cur != nil {
		f.cur.Release()
		f.cur = nil
	}
	f.src = nil
	return nil
}

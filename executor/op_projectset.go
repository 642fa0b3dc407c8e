package executor

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// projectSetOp runs set-returning functions for each input row (see planner.ProjectSet):
// for the current row it pulls every call's RowSource a batch at a time, in lockstep, pads
// the shorter results with NULLs, repeats the input row beside them, and gathers the pieces
// until a batch is full.
type projectSetOp struct {
	node   *planner.ProjectSet
	input  Operator
	args   [][]evaluator
	schema *arrow.Schema
	pass   []int // the input columns the output begins with

	in      arrow.Record        // the current input batch
	argVals [][]arrow.Array     // each call's argument arrays over in
	row     int                 // the input row whose calls run
	srcs    []catalog.RowSource // the current row's sources; nil when exhausted
	envs    []*catalog.FuncEnv
	active  bool            // the current row has started
	ord     int64           // the current row's output rows so far (WITH ORDINALITY)
	parts   [][]arrow.Array // output pieces per column
	rows    int
	eof     bool
	cur     arrow.Record

	batched bool        // every call runs over whole batches (op_projectset_batch.go)
	pending batchSlicer // a batched input batch's output, handed out in slices
}

var _ Operator = (*projectSetOp)(nil)

func newProjectSet(node *planner.ProjectSet, input Operator) (*projectSetOp, error) {
	op := &projectSetOp{node: node, input: input, schema: PlanSchema(node.Out), pass: node.Passed()}
	op.batched = true
	for _, c := range node.Calls {
		op.batched = op.batched && (c.Func.SetBatch != nil || !c.Func.RetSet) && !c.AsRecord && !c.Expands() && len(c.Cols) == 1
		evs, err := compileList(c.Args)
		if err != nil {
			return nil, err
		}
		op.args = append(op.args, evs)
	}
	return op, nil
}

func (p *projectSetOp) Schema() *arrow.Schema { return p.schema }

func (p *projectSetOp) Open(ctx *Ctx) error {
	p.srcs = make([]catalog.RowSource, len(p.node.Calls))
	p.envs = make([]*catalog.FuncEnv, len(p.node.Calls))
	for k, c := range p.node.Calls {
		argTypes := make([]types.T, len(c.Args))
		for i, a := range c.Args {
			argTypes[i] = a.Type()
		}
		ret := c.Cols[0].Type
		switch {
		case c.Expands():
			ret = c.Record
		case len(c.Cols) > 1:
			ret = types.Of(types.Record)
		}
		p.envs[k] = ctx.FuncEnv(argTypes, ret)
	}
	p.parts = make([][]arrow.Array, len(p.node.Out))
	return p.input.Open(ctx)
}

func (p *projectSetOp) Next(ctx *Ctx) (arrow.Record, error) {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	if p.batched {
		return p.nextBatched(ctx)
	}
	for p.rows < BatchSize {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.active {
			if err := p.step(ctx); err != nil {
				return nil, err
			}
			continue
		}
		if p.in != nil && p.row < int(p.in.NumRows()) {
			if err := p.startRow(); err != nil {
				return nil, err
			}
			continue
		}
		if p.eof {
			break
		}
		if err := p.nextInput(ctx); err != nil {
			return nil, err
		}
	}
	if p.rows == 0 {
		return nil, io.EOF
	}
	return p.flush(ctx)
}

// nextInput reads the next input batch and evaluates the calls' arguments over it.
func (p *projectSetOp) nextInput(ctx *Ctx) error {
	p.releaseInput()
	rec, err := p.input.Next(ctx)
	if err == io.EOF {
		p.eof = true
		return nil
	}
	if err != nil {
		return err
	}
	rec.Retain()
	p.in, p.row = rec, 0
	p.argVals = make([][]arrow.Array, len(p.args))
	for k, evs := range p.args {
		for _, ev := range evs {
			a, err := ev.eval(ctx, rec)
			if err != nil {
				return err
			}
			p.argVals[k] = append(p.argVals[k], a)
		}
	}
	return nil
}

func (p *projectSetOp) releaseInput() {
	if p.in != nil {
		p.in.Release()
		p.in = nil
	}
	for _, as := range p.argVals {
		releaseAll(as)
	}
	p.argVals = nil
}

// startRow starts every call for the current input row.
func (p *projectSetOp) startRow() error {
	for k, c := range p.node.Calls {
		p.srcs[k] = nil
		vals := make([]scalar.Scalar, len(p.argVals[k]))
		skip := false
		for i, a := range p.argVals[k] {
			v, err := scalar.GetScalar(a, p.row)
			if err != nil {
				return err
			}
			if !v.IsValid() && c.Func.Strict {
				skip = true // a strict function of NULL returns no rows
			}
			vals[i] = v
		}
		if !c.Func.RetSet {
			p.srcs[k] = &scalarRow{fn: c.Func, vals: vals}
			continue
		}
		if skip {
			continue
		}
		src, err := c.Func.Set(p.envs[k], vals)
		if err != nil {
			return err
		}
		p.srcs[k] = src
	}
	p.active, p.ord = true, 0
	return nil
}

// step takes the next rows of the current input row's calls; when every call is done the
// row is finished.
func (p *projectSetOp) step(ctx *Ctx) error {
	results := make([][]arrow.Array, len(p.srcs))
	counts := make([]int, len(p.srcs))
	n := 0
	for k, src := range p.srcs {
		if src == nil {
			continue
		}
		p.envs[k].Rows = BatchSize
		cols, m, err := src.Next(p.envs[k], BatchSize)
		if err != nil {
			for _, r := range results {
				releaseAll(r)
			}
			return err
		}
		if m == 0 {
			p.srcs[k] = nil
			releaseAll(cols)
			continue
		}
		results[k], counts[k] = cols, m
		n = max(n, m)
	}
	if n == 0 {
		p.active = false
		p.row++
		return nil
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(p.row)
	}
	for k, c := range p.pass {
		a, err := takeArray(ctx.Mem, p.in.Column(c), idx)
		if err != nil {
			return err
		}
		p.parts[k] = append(p.parts[k], a)
	}
	col := len(p.pass)
	for k, call := range p.node.Calls {
		out, err := p.callColumns(ctx, call, results[k], counts[k], n)
		if err != nil {
			return err
		}
		for _, a := range out {
			p.parts[col] = append(p.parts[col], a)
			col++
		}
	}
	if p.node.Ordinality {
		b := array.NewInt64Builder(ctx.Mem)
		for i := 0; i < n; i++ {
			p.ord++
			b.Append(p.ord)
		}
		p.parts[col] = append(p.parts[col], b.NewArray())
		b.Release()
	}
	p.rows += n
	return nil
}

// callColumns returns a call's n output values per column: its m rows, then NULLs; or the
// rows as records when the call is AsRecord.
func (p *projectSetOp) callColumns(ctx *Ctx, call *planner.SetCall, cols []arrow.Array, m, n int) ([]arrow.Array, error) {
	switch {
	case cols == nil:
		cols = make([]arrow.Array, len(call.Cols))
		for i, c := range call.Cols {
			cols[i] = array.MakeArrayOfNull(ctx.Mem, c.Type.Arrow(), 0)
		}
	case call.Expands():
		fields := splitRecords(ctx.Mem, cols[0])
		releaseAll(cols)
		cols = fields
	}
	if call.AsRecord {
		rec := types.MakeRecords(call.RecordType(), cols, nil, m)
		releaseAll(cols)
		cols = []arrow.Array{rec}
	}
	if m == n {
		return cols, nil
	}
	for i, a := range cols {
		nulls := array.MakeArrayOfNull(ctx.Mem, a.DataType(), n-m)
		padded, err := concatArrays(ctx.Mem, a.DataType(), []arrow.Array{a, nulls})
		nulls.Release()
		a.Release()
		if err != nil {
			return nil, err
		}
		cols[i] = padded
	}
	return cols, nil
}

// flush assembles the gathered pieces into one batch.
func (p *projectSetOp) flush(ctx *Ctx) (arrow.Record, error) {
	cols := make([]arrow.Array, len(p.parts))
	for c, parts := range p.parts {
		a, err := concatArrays(ctx.Mem, p.schema.Field(c).Type, parts)
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = a
		releaseAll(parts)
		p.parts[c] = parts[:0]
	}
	p.cur = newRecord(p.schema, cols, p.rows)
	p.rows = 0
	return p.cur, nil
}

func (p *projectSetOp) Close() error {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	p.releaseInput()
	p.pending.release()
	for c, parts := range p.parts {
		releaseAll(parts)
		p.parts[c] = nil
	}
	return p.input.Close()
}

// splitRecords returns the fields of records as columns, NULL where the record is NULL.
func splitRecords(mem memory.Allocator, recs arrow.Array) []arrow.Array {
	st := recs.(*array.Struct)
	out := make([]arrow.Array, st.NumField())
	for i := range out {
		f := st.Field(i)
		if st.NullN() == 0 {
			f.Retain()
			out[i] = f
			continue
		}
		out[i] = withValidity(mem, f, validBitmap(st))
	}
	return out
}

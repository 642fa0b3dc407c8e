package executor

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// The batched path of projectSetOp, taken when every call offers a SetBatchImpl (unnest):
// each call runs once over the whole input batch, giving its values and the input row of
// each; the rows of the calls are then lined up per input row (padding the shorter with
// NULLs) and everything is gathered with one Take per column. The output of one input
// batch may be larger than a batch, so it is handed out in slices.

func (p *projectSetOp) nextBatched(ctx *Ctx) (arrow.Record, error) {
	for {
		if rec := p.pending.next(); rec != nil {
			rec.Retain()
			p.cur = rec
			return rec, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := p.nextInput(ctx); err != nil {
			return nil, err
		}
		if p.eof {
			return nil, io.EOF
		}
		out, err := p.runBatch(ctx)
		if err != nil {
			return nil, err
		}
		p.pending.set(out)
	}
}

// runBatch evaluates every call over the current input batch.
func (p *projectSetOp) runBatch(ctx *Ctx) (arrow.Record, error) {
	n := int(p.in.NumRows())
	vals := make([]arrow.Array, len(p.node.Calls))
	rows := make([][]int32, len(p.node.Calls))
	defer func() { releaseAll(vals) }()
	for k, c := range p.node.Calls {
		env := p.envs[k]
		env.Rows, env.Valid = n, nil
		if c.Func.Strict {
			env.Valid = andValidity(p.argVals[k], n)
		}
		var v arrow.Array
		var r []int32
		var err error
		if c.Func.RetSet {
			v, r, err = c.Func.SetBatch(env, p.argVals[k])
		} else {
			v, r, err = scalarBatch(ctx, c, env, p.argVals[k], n)
		}
		if err != nil {
			return nil, err
		}
		vals[k], rows[k] = v, r
	}
	var inIdx []int32
	var callIdx [][]int32
	var ord []int64
	if len(vals) == 1 {
		// One call: its rows are the output rows, its values the output column.
		inIdx, callIdx = rows[0], [][]int32{nil}
		if p.node.Ordinality {
			ord = make([]int64, len(inIdx))
			for j := range inIdx {
				ord[j] = 1
				if j > 0 && inIdx[j] == inIdx[j-1] {
					ord[j] = ord[j-1] + 1
				}
			}
		}
	} else {
		inIdx, callIdx, ord = lineUp(rows, n)
	}
	cols := make([]arrow.Array, 0, len(p.node.Out))
	for _, c := range p.pass {
		a, err := takeArray(ctx.Mem, p.in.Column(c), inIdx)
		if err != nil {
			releaseAll(cols)
			return nil, err
		}
		cols = append(cols, a)
	}
	for k, v := range vals {
		if callIdx[k] == nil {
			v.Retain()
			cols = append(cols, v)
			continue
		}
		a, err := takeArray(ctx.Mem, v, callIdx[k])
		if err != nil {
			releaseAll(cols)
			return nil, err
		}
		cols = append(cols, a)
	}
	if p.node.Ordinality {
		b := array.NewInt64Builder(ctx.Mem)
		b.AppendValues(ord, nil)
		cols = append(cols, b.NewArray())
		b.Release()
	}
	return newRecord(p.schema, cols, len(inIdx)), nil
}

// lineUp lines up several calls' rows over n input rows: input row i gives as many output
// rows as its longest call, the others padded with NULL (-1). It returns the input row and
// each call's value of every output row, and the output rows' ordinality.
func lineUp(rows [][]int32, n int) (inIdx []int32, callIdx [][]int32, ord []int64) {
	callIdx = make([][]int32, len(rows))
	pos := make([]int, len(rows))
	counts := make([]int, len(rows))
	for i := 0; i < n; i++ {
		m := 0
		for k := range rows {
			counts[k] = 0
			for pos[k]+counts[k] < len(rows[k]) && rows[k][pos[k]+counts[k]] == int32(i) {
				counts[k]++
			}
			m = max(m, counts[k])
		}
		for j := 0; j < m; j++ {
			inIdx = append(inIdx, int32(i))
			for k := range rows {
				if j < counts[k] {
					callIdx[k] = append(callIdx[k], int32(pos[k]+j))
				} else {
					callIdx[k] = append(callIdx[k], -1)
				}
			}
			ord = append(ord, int64(j+1))
		}
		for k := range rows {
			pos[k] += counts[k]
		}
	}
	return inIdx, callIdx, ord
}

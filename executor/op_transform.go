package executor

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// transformOp applies a filter or projection to each batch of a child operator that is not
// a parallel pipeline (the output of a join or aggregate).
type transformOp struct {
	input  Operator
	t      transform
	schema *arrow.Schema
	cur    arrow.Record
}

var _ Operator = (*transformOp)(nil)

func (o *transformOp) Schema() *arrow.Schema { return o.schema }
func (o *transformOp) Open(ctx *Ctx) error   { return o.input.Open(ctx) }

func (o *transformOp) Next(ctx *Ctx) (arrow.Record, error) {
	if o.cur != nil {
		o.cur.Release()
		o.cur = nil
	}
	for {
		in, err := o.input.Next(ctx)
		if err != nil {
			return nil, err
		}
		out, err := o.t.apply(ctx, in)
		if err != nil {
			return nil, err
		}
		if out.NumRows() == 0 {
			out.Release()
			continue
		}
		o.cur = out
		return out, nil
	}
}

func (o *transformOp) Close() error {
	if o.cur != nil {
		o.cur.Release()
		o.cur = nil
	}
	return o.input.Close()
}

// valuesOp produces the rows of a VALUES list (or the single empty row of a FROM-less
// SELECT) as one batch, evaluating each expression once.
type valuesOp struct {
	node   *planner.Values
	schema *arrow.Schema
	rows   [][]evaluator
	done   bool
	cur    arrow.Record
}

var _ Operator = (*valuesOp)(nil)

func newValues(node *planner.Values) (*valuesOp, error) {
	v := &valuesOp{node: node, schema: PlanSchema(node.Out)}
	for _, r := range node.Rows {
		evs, err := compileList(r)
		if err != nil {
			return nil, err
		}
		v.rows = append(v.rows, evs)
	}
	return v, nil
}

func (v *valuesOp) Schema() *arrow.Schema { return v.schema }
func (v *valuesOp) Open(*Ctx) error       { v.done = false; return nil }

func (v *valuesOp) Next(ctx *Ctx) (arrow.Record, error) {
	if v.cur != nil {
		v.cur.Release()
		v.cur = nil
	}
	if v.done || len(v.rows) == 0 {
		return nil, io.EOF
	}
	v.done = true
	width := len(v.node.Out)
	one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	if width == 0 {
		v.cur = array.NewRecord(v.schema, nil, int64(len(v.rows)))
		return v.cur, nil
	}
	parts := make([][]arrow.Array, width)
	defer func() {
		for _, p := range parts {
			releaseAll(p)
		}
	}()
	for _, r := range v.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for c, ev := range r {
			a, err := ev.eval(ctx, one)
			if err != nil {
				return nil, err
			}
			parts[c] = append(parts[c], a)
		}
	}
	cols := make([]arrow.Array, width)
	for c := range cols {
		col, err := concatArrays(ctx.Mem, v.schema.Field(c).Type, parts[c])
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = col
	}
	v.cur = types.NewRecord(v.schema, cols, int64(len(v.rows)))
	releaseAll(cols)
	return v.cur, nil
}

func (v *valuesOp) Close() error {
	if v.cur != nil {
		v.cur.Release()
		v.cur = nil
	}
	return nil
}

// limitOp skips Offset rows and passes at most Count rows.
// bounded is implemented by operators that do less work when their consumer reads only
// their first n rows (a sort becomes a top-N sort), as PostgreSQL's ExecSetTupleBound.
type bounded interface {
	setBound(n int64)
}

type limitOp struct {
	input         Operator
	count, offset evaluator
	limit, skip   int64
	unlimited     bool
	cur           arrow.Record
}

var _ Operator = (*limitOp)(nil)

func (l *limitOp) Schema() *arrow.Schema { return l.input.Schema() }

func (l *limitOp) Open(ctx *Ctx) error {
	l.unlimited, l.skip = true, 0
	if l.count != nil {
		v, null, err := evalConstInt(ctx, l.count)
		if err != nil {
			return err
		}
		if !null {
			if v < 0 {
				return pgerror.New(pgcode.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
			l.unlimited, l.limit = false, v
		}
	}
	if l.offset != nil {
		v, null, err := evalConstInt(ctx, l.offset)
		if err != nil {
			return err
		}
		if !null {
			if v < 0 {
				return pgerror.New(pgcode.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
			l.skip = v
		}
	}
	if !l.unlimited && l.limit == 0 {
		return nil // never opens the input: LIMIT 0 reads nothing
	}
	if b, ok := l.input.(bounded); ok && !l.unlimited {
		b.setBound(l.skip + l.limit)
	}
	return l.input.Open(ctx)
}

func evalConstInt(ctx *Ctx, ev evaluator) (int64, bool, error) {
	one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	a, err := ev.eval(ctx, one)
	if err != nil {
		return 0, false, err
	}
	defer a.Release()
	if a.IsNull(0) {
		return 0, true, nil
	}
	return a.(*array.Int64).Value(0), false, nil
}

func (l *limitOp) Next(ctx *Ctx) (arrow.Record, error) {
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
	for {
		if !l.unlimited && l.limit == 0 {
			return nil, io.EOF
		}
		rec, err := l.input.Next(ctx)
		if err != nil {
			return nil, err
		}
		n := rec.NumRows()
		start := int64(0)
		if l.skip > 0 {
			if l.skip >= n {
				l.skip -= n
				continue
			}
			start, l.skip = l.skip, 0
		}
		end := n
		if !l.unlimited && end-start > l.limit {
			end = start + l.limit
		}
		if !l.unlimited {
			l.limit -= end - start
		}
		l.cur = rec.NewSlice(start, end)
		return l.cur, nil
	}
}

func (l *limitOp) Close() error {
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
	return l.input.Close()
}

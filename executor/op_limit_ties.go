package executor

// FETCH FIRST n ROWS WITH TIES: after the n-th row, the rows that tie with it on the ORDER
// BY keys pass too. The input is sorted, so the ties follow the n-th row directly and the
// first row that differs ends the output; only the n-th row's keys are kept to compare with.

import (
	"io"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

type limitTiesOp struct {
	input         Operator
	count, offset evaluator
	ties          []int // key columns

	left, skip int64
	ref        []arrow.Array // the last counted row's keys (one row each), once counting ends
	done       bool
	cur        arrow.Record
}

var _ Operator = (*limitTiesOp)(nil)

func (l *limitTiesOp) Schema() *arrow.Schema { return l.input.Schema() }

func (l *limitTiesOp) Open(ctx *Ctx) error {
	v, null, err := evalConstInt(ctx, l.count)
	if err != nil {
		return err
	}
	if null {
		// Only a literal NULL is refused (when binding); a computed one means no limit.
		v = math.MaxInt64
	}
	if v < 0 {
		return pgerror.New(pgcode.InvalidRowCountInLimitClause, "LIMIT must not be negative")
	}
	l.left, l.skip, l.done = v, 0, v == 0
	if l.offset != nil {
		o, null, err := evalConstInt(ctx, l.offset)
		if err != nil {
			return err
		}
		if !null {
			if o < 0 {
				return pgerror.New(pgcode.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
			l.skip = o
		}
	}
	if l.done {
		return nil // never opens the input: nothing to return
	}
	return l.input.Open(ctx)
}

func (l *limitTiesOp) Next(ctx *Ctx) (arrow.Record, error) {
	l.releaseCur()
	for !l.done {
		rec, err := l.input.Next(ctx)
		if err != nil {
			return nil, err
		}
		n := int(rec.NumRows())
		start := 0
		if l.skip > 0 {
			if l.skip >= int64(n) {
				l.skip -= int64(n)
				continue
			}
			start, l.skip = int(l.skip), 0
		}
		end := start
		if l.ref == nil {
			end = start + int(min(int64(n-start), l.left))
			l.left -= int64(end - start)
			if l.left == 0 {
				for _, c := range l.ties {
					l.ref = append(l.ref, array.NewSlice(rec.Column(c), int64(end-1), int64(end)))
				}
			}
		}
		if l.ref != nil {
			run, err := l.tieRun(ctx, rec, end)
			if err != nil {
				return nil, err
			}
			end += run
			l.done = end < n
		}
		if end > start {
			l.cur = rec.NewSlice(int64(start), int64(end))
			return l.cur, nil
		}
	}
	return nil, io.EOF
}

// tieRun counts the rows of rec from row from on that equal the reference row on every key.
func (l *limitTiesOp) tieRun(ctx *Ctx, rec arrow.Record, from int) (int, error) {
	run := int(rec.NumRows()) - from
	for k, c := range l.ties {
		if run == 0 {
			break
		}
		rest := array.NewSlice(rec.Column(c), int64(from), int64(from+run))
		both, err := array.Concatenate([]arrow.Array{l.ref[k], rest}, ctx.Mem)
		rest.Release()
		if err != nil {
			return 0, err
		}
		cmp, err := newRowComparator(both, false, false)
		if err != nil {
			both.Release()
			return 0, err
		}
		i := 0
		for i < run && cmp(0, i+1) == 0 {
			i++
		}
		both.Release()
		run = i
	}
	return run, nil
}

func (l *limitTiesOp) releaseCur() {
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
}

func (l *limitTiesOp) Close() error {
	l.releaseCur()
	for _, a := range l.ref {
		a.Release()
	}
	l.ref = nil
	return l.input.Close()
}

// newLimitTies returns the operator of a WITH TIES Limit node over its built input.
func newLimitTies(x *planner.Limit, in Operator) (Operator, error) {
	l := &limitTiesOp{input: in}
	var err error
	if l.count, err = compileExpr(x.Count); err != nil {
		return nil, err
	}
	if x.Offset != nil {
		if l.offset, err = compileExpr(x.Offset); err != nil {
			return nil, err
		}
	}
	for _, k := range x.Ties {
		c, ok := k.Expr.(*planner.ColRef)
		if !ok {
			return nil, pgerror.Newf(pgcode.InternalError, "WITH TIES key is not a column: %v", k.Expr)
		}
		l.ties = append(l.ties, c.Idx)
	}
	return l, nil
}

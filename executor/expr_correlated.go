package executor

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Correlated subqueries, ARRAY(subquery), op ANY/ALL (array) and subscripts.
//
// A correlated subquery runs its plan once per distinct combination of the outer values it
// reads, as PostgreSQL's SubPlan does per row, caching each combination's result for the
// execution. This is row-at-a-time by nature; it serves catalog queries and small
// correlations. (Decorrelating into joins is the way to make large ones fast.) Arrays are
// held in their text form, so ANY/ALL and subscripts parse elements per row.

// outerEval reads a value of the enclosing row of a correlated subquery.
type outerEval struct {
	idx int
	t   types.T
}

func (e *outerEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	v := ctx.outer[e.idx]
	if !v.IsValid() || !arrow.TypeEqual(v.DataType(), e.t.Arrow()) {
		v = scalar.MakeNullScalar(e.t.Arrow())
	}
	return broadcast(ctx.Mem, v, int(rec.NumRows()))
}

// correlatedEval evaluates a correlated subquery for every row of a batch.
type correlatedEval struct {
	sq    *planner.Subquery
	outer []evaluator
	arg   evaluator // InSubquery's left side
	// results caches per combination of outer values, for the evaluator's execution.
	results map[string]*subqueryResult
}

func compileCorrelated(x *planner.Subquery) (evaluator, error) {
	outer, err := compileList(x.Outer)
	if err != nil {
		return nil, err
	}
	e := &correlatedEval{sq: x, outer: outer, results: map[string]*subqueryResult{}}
	if x.Arg != nil {
		if e.arg, err = compileExpr(x.Arg); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *correlatedEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	outs, err := evalAll(ctx, e.outer, rec)
	if err != nil {
		return nil, err
	}
	defer releaseAll(outs)
	var arg arrow.Array
	if e.arg != nil {
		if arg, err = e.arg.eval(ctx, rec); err != nil {
			return nil, err
		}
		defer arg.Release()
	}
	n := int(rec.NumRows())
	parts := make([]arrow.Array, 0, n)
	defer func() { releaseAll(parts) }()
	var key strings.Builder
	for i := 0; i < n; i++ {
		vals := make([]scalar.Scalar, len(outs))
		key.Reset()
		for j, o := range outs {
			if vals[j], err = scalar.GetScalar(o, i); err != nil {
				return nil, err
			}
			if vals[j].IsValid() {
				key.WriteByte('v')
				key.WriteString(vals[j].String())
			} else {
				key.WriteByte('n')
			}
			key.WriteByte(0)
		}
		r := e.results[key.String()]
		if r == nil {
			r = &subqueryResult{}
			child := *ctx
			child.outer = vals
			child.subqueries = &subqueryCache{}
			if err := runSubquery(&child, e.sq, r); err != nil {
				return nil, err
			}
			e.results[key.String()] = r
		}
		var part arrow.Array
		switch e.sq.Kind {
		case planner.ScalarSubquery, planner.ArraySubquery:
			part, err = broadcast(ctx.Mem, r.value, 1)
		case planner.ExistsSubquery:
			part, err = broadcast(ctx.Mem, scalar.NewBooleanScalar(r.exist != e.sq.Not), 1)
		default:
			one := array.NewSlice(arg, int64(i), int64(i+1))
			part, err = r.set.contains(ctx.Mem, one, e.sq.Not)
			one.Release()
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	if n == 0 {
		return broadcast(ctx.Mem, scalar.MakeNullScalar(e.sq.T.Arrow()), 0)
	}
	return array.Concatenate(parts, ctx.Mem)
}

// arrayText runs ARRAY(subquery)'s plan and returns the values as an array's text form.
func arrayText(ctx *Ctx, op Operator, t types.T) (scalar.Scalar, error) {
	buf := []byte{'{'}
	var elem []byte
	first := true
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		col := rec.Column(0)
		app := types.TextAppender(t, col, ctx.IO)
		for i := 0; i < col.Len(); i++ {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			if col.IsNull(i) {
				buf = append(buf, "NULL"...)
				continue
			}
			elem = app(elem[:0], i)
			buf = types.AppendArrayElement(buf, elem)
		}
	}
	return scalar.NewStringScalar(string(append(buf, '}'))), nil
}

// arrayOpEval evaluates x op ANY/ALL (array) with SQL's three-valued logic: ANY is true
// when some comparison is, ALL false when some comparison is; otherwise a NULL comparison
// (or element) makes the result NULL.
type arrayOpEval struct {
	x         *planner.ArrayOp
	arg, arr  evaluator
	cmp       evaluator
	arrayType types.OID
}

func compileArrayOp(x *planner.ArrayOp) (evaluator, error) {
	arg, err := compileExpr(x.Arg)
	if err != nil {
		return nil, err
	}
	arr, err := compileExpr(x.Array)
	if err != nil {
		return nil, err
	}
	cmp, err := compileExpr(x.Cmp)
	if err != nil {
		return nil, err
	}
	return &arrayOpEval{x: x, arg: arg, arr: arr, cmp: cmp, arrayType: x.Array.Type().OID}, nil
}

func (e *arrayOpEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	arg, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arg.Release()
	arrs, err := e.arr.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arrs.Release()
	texts, ok := arrs.(*array.String)
	if !ok {
		texts = nil
	}
	parse := types.TextParserFor(e.x.Elem, ctx.IO)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "arg", Type: e.x.Arg.Type().Arrow(), Nullable: true},
		{Name: "elem", Type: e.x.Elem.Arrow(), Nullable: true},
	}, nil)
	out := array.NewBooleanBuilder(ctx.Mem)
	defer out.Release()
	for i := 0; i < arrs.Len(); i++ {
		if texts == nil || arrs.IsNull(i) {
			out.AppendNull()
			continue
		}
		elems := types.ArrayElements(e.arrayType, texts.Value(i))
		if len(elems) == 0 {
			out.Append(e.x.All) // ANY of nothing is false, ALL of nothing true
			continue
		}
		eb := array.NewBuilder(ctx.Mem, e.x.Elem.Arrow())
		for _, el := range elems {
			if el.Null {
				eb.AppendNull()
			} else if err := parse(eb, []byte(el.Text)); err != nil {
				eb.Release()
				return nil, err
			}
		}
		ea := eb.NewArray()
		eb.Release()
		s, err := scalar.GetScalar(arg, i)
		if err != nil {
			ea.Release()
			return nil, err
		}
		aa, err := broadcast(ctx.Mem, s, ea.Len())
		if err != nil {
			ea.Release()
			return nil, err
		}
		pair := array.NewRecord(schema, []arrow.Array{aa, ea}, int64(ea.Len()))
		aa.Release()
		ea.Release()
		res, err := e.cmp.eval(ctx, pair)
		pair.Release()
		if err != nil {
			return nil, err
		}
		b := res.(*array.Boolean)
		decided, sawNull := false, false
		for k := 0; k < b.Len(); k++ {
			if b.IsNull(k) {
				sawNull = true
			} else if b.Value(k) != e.x.All {
				decided = true
				break
			}
		}
		res.Release()
		switch {
		case decided:
			out.Append(!e.x.All)
		case sawNull:
			out.AppendNull()
		default:
			out.Append(e.x.All)
		}
	}
	return out.NewArray(), nil
}

// subscriptEval evaluates array[index].
type subscriptEval struct {
	x        *planner.Subscript
	arr, idx evaluator
}

func (e *subscriptEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	arrs, err := e.arr.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer arrs.Release()
	idx, err := e.idx.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer idx.Release()
	arrType := e.x.Array.Type().OID
	texts, _ := arrs.(*array.String)
	ix := idx.(*array.Int32)
	parse := types.TextParserFor(e.x.T, ctx.IO)
	b := array.NewBuilder(ctx.Mem, e.x.T.Arrow())
	defer b.Release()
	for i := 0; i < arrs.Len(); i++ {
		if texts == nil || arrs.IsNull(i) || ix.IsNull(i) {
			b.AppendNull()
			continue
		}
		elems := types.ArrayElements(arrType, texts.Value(i))
		k := int(ix.Value(i)) - types.ArrayLowerBound(arrType)
		if k < 0 || k >= len(elems) || elems[k].Null {
			b.AppendNull()
			continue
		}
		if err := parse(b, []byte(elems[k].Text)); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

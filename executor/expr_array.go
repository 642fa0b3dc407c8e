package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// ARRAY(subquery), op ANY/ALL (array) and subscripts. Arrays are held in their text form
// (see catalog/types), so ANY/ALL and subscripts parse elements per row: they serve the
// system catalogs' array columns, which are small.

// arrayText runs ARRAY(subquery)'s plan and returns the values as an array's text form.
func arrayText(ctx *Ctx, op Operator, t types.T) (scalar.Scalar, error) {
	a := arrayTextBuilder{t: t}
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			return a.value(), nil
		}
		if err != nil {
			return nil, err
		}
		a.add(ctx, rec.Column(0))
	}
}

// arrayTextBuilder accumulates the values of ARRAY(subquery) in an array's text form.
type arrayTextBuilder struct {
	t     types.T
	buf   []byte
	elem  []byte
	count int
}

// add appends the values of col, of the builder's element type.
func (a *arrayTextBuilder) add(ctx *Ctx, col arrow.Array) {
	if a.buf == nil {
		a.buf = append(a.buf, '{')
	}
	app := types.TextAppender(a.t, col, ctx.IO)
	for i := 0; i < col.Len(); i++ {
		if a.count > 0 {
			a.buf = append(a.buf, ',')
		}
		a.count++
		if col.IsNull(i) {
			a.buf = append(a.buf, "NULL"...)
			continue
		}
		a.elem = app(a.elem[:0], i)
		a.buf = types.AppendArrayElement(a.buf, a.elem)
	}
}

// value returns the array: {} when no rows were added, as PostgreSQL's ARRAY() of nothing.
func (a *arrayTextBuilder) value() scalar.Scalar {
	if a.buf == nil {
		return scalar.NewStringScalar("{}")
	}
	return scalar.NewStringScalar(string(append(a.buf, '}')))
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

package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"math/bits"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Conditional expressions (CASE, AND/OR, COALESCE) evaluate their later arguments only on
// the rows that need them, as PostgreSQL's per-row evaluation would: CASE WHEN x = 0 THEN 0
// ELSE 1 / x END must not divide by zero in rows the ELSE does not reach. Each evaluates a
// sub-batch of the rows still undecided, then assembles the result by position.

// subset is a sub-batch: the rows of the original batch listed in pos.
type subset struct {
	rec arrow.Record
	pos []int32 // original row of each row of rec
}

// split divides s by a boolean mask: rows where mask is true, and the others (false or
// null). Either side is nil when empty.
func split(ctx *Ctx, s subset, mask arrow.Array) (yes, no *subset, err error) {
	b := mask.(*array.Boolean)
	n := b.Len()
	yesBits, noBits := newBitmap(n), newBitmap(n)
	var yesPos, noPos []int32
	for i := 0; i < n; i++ {
		if b.IsValid(i) && b.Value(i) {
			yesBits.set(i)
			yesPos = append(yesPos, s.pos[i])
		} else {
			noBits.set(i)
			noPos = append(noPos, s.pos[i])
		}
	}
	pick := func(bits bitmap, pos []int32) (*subset, error) {
		if len(pos) == 0 {
			return nil, nil
		}
		if len(pos) == n {
			s.rec.Retain()
			return &subset{rec: s.rec, pos: pos}, nil
		}
		m := selectionMask(ctx.Mem, bits, n)
		defer m.Release()
		rec, err := filterRecord(ctx, ctx.Mem, s.rec, m)
		if err != nil {
			return nil, err
		}
		return &subset{rec: rec, pos: pos}, nil
	}
	if yes, err = pick(yesBits, yesPos); err != nil {
		return nil, nil, err
	}
	if no, err = pick(noBits, noPos); err != nil {
		if yes != nil {
			yes.rec.Release()
		}
		return nil, nil, err
	}
	return yes, no, nil
}

func identity(n int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}

// piece is a partial result: values for the original rows pos.
type piece struct {
	arr arrow.Array
	pos []int32
}

// assemble builds the n-row result from pieces covering every row exactly once.
func assemble(ctx *Ctx, pieces []piece, n int, dt arrow.DataType) (arrow.Array, error) {
	if len(pieces) == 1 && pieces[0].arr.Len() == n && isIdentity(pieces[0].pos) {
		pieces[0].arr.Retain()
		return pieces[0].arr, nil
	}
	arrs := make([]arrow.Array, 0, len(pieces))
	idx := make([]int32, n)
	base := int32(0)
	for _, p := range pieces {
		for k, pos := range p.pos {
			idx[pos] = base + int32(k)
		}
		base += int32(p.arr.Len())
		arrs = append(arrs, p.arr)
	}
	var all arrow.Array
	if len(arrs) == 0 {
		return array.MakeArrayOfNull(ctx.Mem, dt, n), nil
	}
	if len(arrs) == 1 {
		all = arrs[0]
		all.Retain()
	} else {
		var err error
		if all, err = array.Concatenate(arrs, ctx.Mem); err != nil {
			return nil, err
		}
	}
	defer all.Release()
	return takeArray(ctx.Mem, all, idx)
}

func isIdentity(pos []int32) bool {
	for i, p := range pos {
		if int(p) != i {
			return false
		}
	}
	return true
}

type caseEval struct {
	conds, results []evaluator
	elseExpr       evaluator
	t              types.T
}

func (e *caseEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	rec.Retain()
	rest := &subset{rec: rec, pos: identity(n)}
	var pieces []piece
	defer func() {
		for _, p := range pieces {
			p.arr.Release()
		}
		if rest != nil {
			rest.rec.Release()
		}
	}()
	for i, c := range e.conds {
		if rest == nil {
			break
		}
		mask, err := c.eval(ctx, rest.rec)
		if err != nil {
			return nil, err
		}
		yes, no, err := split(ctx, *rest, mask)
		mask.Release()
		if err != nil {
			return nil, err
		}
		rest.rec.Release()
		rest = no
		if yes != nil {
			v, err := e.results[i].eval(ctx, yes.rec)
			yes.rec.Release()
			if err != nil {
				return nil, err
			}
			pieces = append(pieces, piece{arr: v, pos: yes.pos})
		}
	}
	if rest != nil {
		v, err := e.elseExpr.eval(ctx, rest.rec)
		if err != nil {
			return nil, err
		}
		pieces = append(pieces, piece{arr: v, pos: rest.pos})
	}
	return assemble(ctx, pieces, n, e.t.Arrow())
}

// boolEval implements AND, OR and NOT with SQL's three-valued logic. AND evaluates each
// further argument only on rows not already false (OR: not already true), so that an
// argument that can fail never sees rows PostgreSQL would not evaluate it on; infallible
// arguments (comparisons of columns and constants) are evaluated on the whole batch, which
// costs less than setting the decided rows aside.
type boolEval struct {
	op   planner.BoolOp
	args []evaluator
	// whole marks the arguments that may be evaluated on every row.
	whole []bool
}

func (e *boolEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	first, err := e.args[0].eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	vals, valid := boolBits(first)
	first.Release()
	if e.op == planner.Not {
		for i := range vals {
			vals[i] = ^vals[i]
		}
		return newBoolArray(ctx.Mem, vals, valid, n), nil
	}
	and := e.op == planner.And
	for ai, arg := range e.args[1:] {
		var nv, nvalid bitmap
		undecided, count := undecidedRows(and, vals, valid, n)
		if count == 0 {
			break
		}
		if count == n || e.whole[ai+1] {
			a, err := arg.eval(ctx, rec)
			if err != nil {
				return nil, err
			}
			nv, nvalid = boolBits(a)
			a.Release()
		} else if nv, nvalid, err = evalOnRows(ctx, arg, rec, undecided, n, and); err != nil {
			return nil, err
		}
		vals, valid = combine3VL(and, vals, valid, nv, nvalid)
	}
	return newBoolArray(ctx.Mem, vals, valid, n), nil
}

// undecidedRows returns the rows whose value an AND (OR) has not settled yet, not being
// definitely false (true), and how many there are.
func undecidedRows(and bool, vals, valid bitmap, n int) (bitmap, int) {
	undecided := newBitmap(n)
	count := 0
	for i := range undecided {
		m := byte(0xff)
		if valid != nil {
			m = valid[i]
		}
		decided := m & ^vals[i] // valid and false
		if !and {
			decided = m & vals[i] // valid and true
		}
		u := ^decided
		if i == len(undecided)-1 && n&7 != 0 {
			u &= byte(1)<<(uint(n)&7) - 1
		}
		undecided[i] = u
		count += bits.OnesCount8(u)
	}
	return undecided, count
}

// evalOnRows evaluates arg on the undecided rows only and scatters the result back; the
// decided rows get the neutral element (true for AND, false for OR).
func evalOnRows(ctx *Ctx, arg evaluator, rec arrow.Record, undecided bitmap, n int, and bool) (bitmap, bitmap, error) {
	m := selectionMask(ctx.Mem, undecided, n)
	sub, err := filterRecord(ctx, ctx.Mem, rec, m)
	m.Release()
	if err != nil {
		return nil, nil, err
	}
	a, err := arg.eval(ctx, sub)
	sub.Release()
	if err != nil {
		return nil, nil, err
	}
	sv, svalid := boolBits(a)
	a.Release()
	nv, nvalid := newBitmap(n), newBitmap(n)
	k := 0
	for i := 0; i < n; i++ {
		if undecided.get(i) {
			if sv.get(k) {
				nv.set(i)
			}
			if svalid == nil || svalid.get(k) {
				nvalid.set(i)
			}
			k++
		} else {
			if and {
				nv.set(i)
			}
			nvalid.set(i)
		}
	}
	return nv, nvalid, nil
}

// infallible reports whether evaluating e can raise no error, whatever the row: columns,
// constants, and infallible functions, boolean operators and NULL tests over them.
func infallible(e planner.Expr) bool {
	switch x := e.(type) {
	case *planner.ColRef, *planner.Const, *planner.Param:
		return true
	case *planner.Call:
		if !x.Func.Infallible {
			return false
		}
		return allInfallible(x.Args)
	case *planner.BoolExpr:
		return allInfallible(x.Args)
	case *planner.NullTest:
		return infallible(x.Arg)
	case *planner.InList:
		return infallible(x.Arg)
	}
	return false
}

func allInfallible(es []planner.Expr) bool {
	for _, e := range es {
		if !infallible(e) {
			return false
		}
	}
	return true
}

// boolBits returns a boolean array's values and validity (nil: all valid) as bitmaps.
func boolBits(a arrow.Array) (vals, valid bitmap) {
	if a.DataType().ID() == arrow.NULL {
		return newBitmap(a.Len()), newBitmap(a.Len())
	}
	return boolValues(a.(*array.Boolean)), validBitmap(a)
}

// combine3VL computes a AND b (or a OR b) bytewise over value/validity bitmaps.
func combine3VL(and bool, av, am, bv, bm bitmap) (bitmap, bitmap) {
	n := len(av)
	outV, outM := make(bitmap, n), make(bitmap, n)
	allValid := am == nil && bm == nil
	for i := 0; i < n; i++ {
		ma, mb := byte(0xff), byte(0xff)
		if am != nil {
			ma = am[i]
		}
		if bm != nil {
			mb = bm[i]
		}
		ta, tb := av[i]&ma, bv[i]&mb   // definitely true
		fa, fb := ^av[i]&ma, ^bv[i]&mb // definitely false
		var t, f byte
		if and {
			t, f = ta&tb, fa|fb
		} else {
			t, f = ta|tb, fa&fb
		}
		outV[i], outM[i] = t, t|f
	}
	if allValid {
		return outV, nil
	}
	return outV, outM
}

// coalesceEval returns the first non-null argument, evaluating each further argument only on
// the rows still null.
type coalesceEval struct {
	args []evaluator
	t    types.T
}

func (e *coalesceEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	rec.Retain()
	rest := &subset{rec: rec, pos: identity(n)}
	var pieces []piece
	defer func() {
		for _, p := range pieces {
			p.arr.Release()
		}
		if rest != nil {
			rest.rec.Release()
		}
	}()
	for i, arg := range e.args {
		v, err := arg.eval(ctx, rest.rec)
		if err != nil {
			return nil, err
		}
		if v.NullN() == 0 || i == len(e.args)-1 {
			pieces = append(pieces, piece{arr: v, pos: rest.pos})
			rest.rec.Release()
			rest = nil
			break
		}
		// Split into the rows this argument decided and those still null.
		m := notNullMask(ctx.Mem, v)
		yes, no, err := split(ctx, *rest, m)
		if err != nil {
			m.Release()
			v.Release()
			return nil, err
		}
		if yes != nil {
			part, err := filterArray(ctx, v, m)
			yes.rec.Release()
			if err != nil {
				m.Release()
				v.Release()
				return nil, err
			}
			pieces = append(pieces, piece{arr: part, pos: yes.pos})
		}
		m.Release()
		v.Release()
		rest.rec.Release()
		rest = no
		if rest == nil {
			break
		}
	}
	return assemble(ctx, pieces, n, e.t.Arrow())
}

func notNullMask(mem memory.Allocator, a arrow.Array) arrow.Array {
	n := a.Len()
	vals := validBitmap(a)
	if vals == nil {
		vals = newBitmap(n)
		for i := 0; i < n; i++ {
			vals.set(i)
		}
	}
	return newBoolArray(mem, vals, nil, n)
}

func filterArray(ctx *Ctx, a arrow.Array, mask arrow.Array) (arrow.Array, error) {
	rec := array.NewRecord(arrow.NewSchema([]arrow.Field{{Name: "v", Type: a.DataType(), Nullable: true}}, nil), []arrow.Array{a}, int64(a.Len()))
	defer rec.Release()
	out, err := filterRecord(ctx, ctx.Mem, rec, mask)
	if err != nil {
		return nil, err
	}
	defer out.Release()
	c := out.Column(0)
	c.Retain()
	return c, nil
}

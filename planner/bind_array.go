package planner

import (
	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Arrays in expressions: ARRAY[...] constructors, ARRAY(subquery), x op ANY/ALL (array),
// and subscripts and slices.

// arraySubquery types ARRAY(SELECT x ...): an array of x's type, or of one more dimension
// when x is an array.
func (b *binder) arraySubquery(plan Plan, loc int32) (*Subquery, error) {
	cols := plan.Columns()
	if len(cols) != 1 {
		return nil, b.errorf(loc, pgcode.SyntaxError, "subquery must return only one column")
	}
	t, ok := types.ArrayOfValues(types.Of(cols[0].Type.OID))
	if !ok {
		return nil, b.errorf(loc, pgcode.UndefinedObject, "could not find array type for datatype %s", cols[0].Type)
	}
	return &Subquery{Kind: ArraySubquery, Plan: plan, T: t}, nil
}

// arrayExpr binds ARRAY[...] as PostgreSQL's transformArrayExpr: elements that are arrays
// (or nested [...] lists) make a multidimensional array; otherwise the elements take their
// common type. target, when valid, is the array type an enclosing cast asks for: the
// elements are then cast to it explicitly, and an empty ARRAY[] becomes possible.
func (b *binder) arrayExpr(a *pg_query.A_ArrayExpr, target types.T, sc *scope) (Expr, error) {
	elemTarget, hasTarget := types.T{}, false
	if target.OID != types.Unknown {
		elemTarget, hasTarget = types.ElemType(target)
	}
	elems := make([]Expr, len(a.Elements))
	locs := make([]int32, len(a.Elements))
	multi := false
	for i, n := range a.Elements {
		var e Expr
		var err error
		if sub, ok := n.Node.(*pg_query.Node_AArrayExpr); ok {
			e, err = b.arrayExpr(sub.AArrayExpr, target, sc)
			multi = true
		} else if e, err = b.expr(n, sc); err == nil {
			// A domain over an array type is an element, as PostgreSQL's type_is_array
			// sees it: ARRAY[x::dom] is a dom[].
			multi = multi || types.IsArrayValues(e.Type()) && !isDomain(e.Type())
		}
		if err != nil {
			return nil, err
		}
		elems[i], locs[i] = e, location(n)
	}
	var arrT, coerceTo types.T
	ctx := types.Implicit
	switch {
	case hasTarget:
		arrT, coerceTo, ctx = target, elemTarget, types.Explicit
		if multi {
			coerceTo = target
		}
	case len(elems) == 0:
		return nil, b.errorf(a.Location, pgcode.IndeterminateDatatype, "cannot determine type of empty array").
			WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")
	default:
		common, err := b.commonType(elems, "ARRAY", locs)
		if err != nil {
			return nil, err
		}
		coerceTo = common
		if multi {
			if !types.IsArrayValues(common) {
				return nil, b.errorf(a.Location, pgcode.UndefinedObject, "could not find element type for data type %s", common)
			}
			arrT = common
		} else if arrT, _ = types.ArrayType(common); arrT.OID == types.Unknown {
			return nil, b.errorf(a.Location, pgcode.UndefinedObject, "could not find array type for data type %s", common)
		}
	}
	for i, e := range elems {
		c, err := b.coerce(e, coerceTo, ctx, locs[i])
		if err != nil {
			return nil, err
		}
		elems[i] = c
	}
	return &ArrayExpr{Elems: elems, T: arrT, Multi: multi}, nil
}

// isDomain reports whether t is a domain type.
func isDomain(t types.T) bool {
	d := t.Type()
	return d != nil && d.Kind == types.KindDomain
}

// arrayOp binds x op ANY (array) and x op ALL (array) as PostgreSQL's make_scalar_array_op:
// the operator is resolved for x and the array's element type (or an untyped literal), and
// the array is then coerced to the array type of the operator's right operand.
func (b *binder) arrayOp(a *pg_query.A_Expr, sc *scope) (Expr, error) {
	name := opName(a.Name)
	l, err := b.expr(a.Lexpr, sc)
	if err != nil {
		return nil, err
	}
	r, err := b.expr(a.Rexpr, sc)
	if err != nil {
		return nil, err
	}
	elem := types.TUnknownLit
	if !isUnknown(r) {
		var ok bool
		if elem, ok = types.ElemType(r.Type()); !ok {
			return nil, b.errorf(a.Location, pgcode.WrongObjectType, "op ANY/ALL (array) requires array on right side")
		}
	}
	cmp, err := b.operator(name, &ColRef{Idx: 0, T: l.Type(), Name: "arg"}, &ColRef{Idx: 1, T: elem, Name: "elem"},
		location(a.Lexpr), location(a.Rexpr), a.Location)
	if err != nil {
		return nil, err
	}
	if cmp.Type().OID != types.Bool {
		return nil, b.errorf(a.Location, pgcode.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean")
	}
	call := cmp.(*Call)
	leftT, rightT := call.Args[0].Type(), call.Args[1].Type()
	arrT, ok := types.ArrayType(rightT)
	if types.IsArray(r.Type().OID) && types.IsPolymorphic(call.Func.Args[1]) {
		arrT, ok = r.Type(), true
	}
	if !ok {
		return nil, b.errorf(a.Location, pgcode.UndefinedObject, "could not find array type for data type %s", rightT)
	}
	if l, err = b.coerce(l, leftT, types.Implicit, location(a.Lexpr)); err != nil {
		return nil, err
	}
	if r, err = b.coerce(r, arrT, types.Implicit, location(a.Rexpr)); err != nil {
		return nil, err
	}
	// Rebind the operator over the coerced operands, so that it compares them as they are.
	elemT, _ := types.ElemType(r.Type())
	cmp, err = b.bindCall(call.Func, candidate{args: call.Func.Args}, []Expr{&ColRef{Idx: 0, T: l.Type(), Name: "arg"}, &ColRef{Idx: 1, T: elemT, Name: "elem"}}, nil)
	if err != nil {
		return nil, err
	}
	return &ArrayOp{Arg: l, Array: r, Elem: elemT, Cmp: cmp, All: a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL}, nil
}

// indirection binds subscripts: arr[i][j] fetches an element, arr[i:j] (any subscript
// written as a slice) a slice, as PostgreSQL's transformContainerSubscripts.
func (b *binder) indirection(ind *pg_query.A_Indirection, sc *scope) (Expr, error) {
	arr, err := b.expr(ind.Arg, sc)
	if err != nil {
		return nil, err
	}
	// Subscripts apply together; a field name (record.field) applies to what precedes it.
	var subs []*pg_query.A_Indices
	for _, n := range ind.Indirection {
		switch x := n.Node.(type) {
		case *pg_query.Node_AIndices:
			subs = append(subs, x.AIndices)
			continue
		case *pg_query.Node_String_:
			if subs != nil {
				if arr, err = b.subscripts(arr, subs, location(ind.Arg), sc); err != nil {
					return nil, err
				}
				subs = nil
			}
			if arr, err = b.fieldSelect(arr, x.String_.Sval, location(ind.Arg)); err != nil {
				return nil, err
			}
			continue
		}
		return nil, b.errorf(location(ind.Arg), pgcode.FeatureNotSupported, "a star is not allowed here")
	}
	if subs == nil {
		return arr, nil
	}
	return b.subscripts(arr, subs, location(ind.Arg), sc)
}

// subscripts binds the subscripts subs applied to arr.
func (b *binder) subscripts(arr Expr, subs []*pg_query.A_Indices, loc int32, sc *scope) (Expr, error) {
	arrT := arr.Type()
	if arrT.OID == types.JSONB {
		return b.jsonbFetch(arr, subs, sc)
	}
	if isUnknown(arr) {
		return nil, b.errorf(loc, pgcode.DatatypeMismatch, "cannot subscript type unknown because it does not support subscripting")
	}
	if arrT.OID == types.Name && len(subs) == 1 && !subs[0].IsSlice {
		return b.nameSubscript(arr, subs[0], loc, sc)
	}
	elemT, ok := types.ElemType(arrT)
	if !ok {
		return nil, b.errorf(loc, pgcode.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", types.Of(arrT.OID))
	}
	lower, upper, slice, err := b.bindSubscripts(subs, sc)
	if err != nil {
		return nil, err
	}
	out := &Subscript{Array: arr, Lower: lower, Upper: upper, Slice: slice, T: elemT}
	if slice {
		out.T = arrT
	}
	return out, nil
}

// bindSubscripts binds subscripts as int4 expressions: per subscript its lower bound (nil
// when omitted, and for element subscripts) and upper bound (nil when omitted); slice is
// set when any subscript is written as one (a plain subscript among them means 1:i).
func (b *binder) bindSubscripts(subs []*pg_query.A_Indices, sc *scope) (lower, upper []Expr, slice bool, err error) {
	if len(subs) > types.MaxDim {
		return nil, nil, false, b.errorf(-1, pgcode.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(subs), types.MaxDim)
	}
	for _, s := range subs {
		slice = slice || s.IsSlice
	}
	index := func(n *pg_query.Node) (Expr, error) {
		if n == nil {
			return nil, nil
		}
		e, err := b.expr(n, sc)
		if err != nil {
			return nil, err
		}
		c, err := b.coerce(e, types.TInt4, types.Assignment, location(n))
		if err != nil && !isUnknown(e) {
			return nil, b.errorf(location(n), pgcode.DatatypeMismatch, "array subscript must have type integer")
		}
		return c, err
	}
	for _, s := range subs {
		u, err := index(s.Uidx)
		if err != nil {
			return nil, nil, false, err
		}
		var l Expr
		switch {
		case s.IsSlice:
			if l, err = index(s.Lidx); err != nil {
				return nil, nil, false, err
			}
		case slice:
			l = &Const{Value: scalar.NewInt32Scalar(1), T: types.TInt4}
		}
		lower, upper = append(lower, l), append(upper, u)
	}
	return lower, upper, slice, nil
}

// nameSubscript binds name[i]: a name is a fixed array of "char" counted from 0, so this is
// its byte i (empty past the end), as pg_dump's typname[0] = '_' reads it.
func (b *binder) nameSubscript(name Expr, sub *pg_query.A_Indices, loc int32, sc *scope) (Expr, error) {
	_, upper, _, err := b.bindSubscripts([]*pg_query.A_Indices{sub}, sc)
	if err != nil {
		return nil, err
	}
	one := &Const{Value: scalar.NewInt32Scalar(1), T: types.TInt4}
	pos, err := b.callFunc("int4pl", []Expr{upper[0], one}, []int32{-1, -1}, loc)
	if err != nil {
		return nil, err
	}
	text, err := b.coerce(name, types.TText, types.Explicit, loc)
	if err != nil {
		return nil, err
	}
	sub1, err := b.callFunc("substr", []Expr{text, pos, one}, []int32{-1, -1, -1}, loc)
	if err != nil {
		return nil, err
	}
	return b.coerce(sub1, types.Of(types.Char), types.Explicit, loc)
}

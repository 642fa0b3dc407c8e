package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// ARRAY(subquery), op ANY/ALL (array) and subscripts: what the system catalogs' array
// columns need. Arrays are carried in their text form (see catalog/types).

// arraySubquery types ARRAY(SELECT x ...): an array of x's type.
func (b *binder) arraySubquery(plan Plan, loc int32) (*Subquery, error) {
	cols := plan.Columns()
	if len(cols) != 1 {
		return nil, b.errorf(loc, pgcode.SyntaxError, "subquery must return only one column")
	}
	arr := types.ArrayOf(cols[0].Type.OID)
	if arr == nil {
		return nil, b.errorf(loc, pgcode.FeatureNotSupported, "arrays of type %s are not supported yet", cols[0].Type)
	}
	return &Subquery{Kind: ArraySubquery, Plan: plan, T: types.Of(arr.OID)}, nil
}

// arrayOp binds x op ANY (array) and x op ALL (array).
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
	if isUnknown(r) {
		// An untyped literal array takes the array type of the left side ('{a,b}').
		if arr := types.ArrayOf(l.Type().OID); arr != nil {
			if r, err = b.coerce(r, types.Of(arr.OID), types.Implicit, location(a.Rexpr)); err != nil {
				return nil, err
			}
		}
	}
	d := types.ByOID(r.Type().OID)
	if d == nil || d.Category != types.CatArray || d.Elem == 0 {
		return nil, b.errorf(location(a.Rexpr), pgcode.WrongObjectType, "op ANY/ALL (array) requires array on right side")
	}
	elem := types.Of(d.Elem)
	cmp, err := b.operator(name, &ColRef{Idx: 0, T: l.Type(), Name: "arg"}, &ColRef{Idx: 1, T: elem, Name: "elem"},
		location(a.Lexpr), location(a.Rexpr), a.Location)
	if err != nil {
		return nil, err
	}
	if cmp.Type().OID != types.Bool {
		return nil, b.errorf(a.Location, pgcode.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean")
	}
	return &ArrayOp{Arg: l, Array: r, Elem: elem, Cmp: cmp, All: a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL}, nil
}

// indirection binds array[index].
func (b *binder) indirection(ind *pg_query.A_Indirection, sc *scope) (Expr, error) {
	arr, err := b.expr(ind.Arg, sc)
	if err != nil {
		return nil, err
	}
	d := types.ByOID(arr.Type().OID)
	if len(ind.Indirection) != 1 || d == nil || d.Category != types.CatArray || d.Elem == 0 {
		return nil, b.errorf(location(ind.Arg), pgcode.FeatureNotSupported, "only one subscript of an array is supported")
	}
	idx, ok := ind.Indirection[0].Node.(*pg_query.Node_AIndices)
	if !ok || idx.AIndices.IsSlice || idx.AIndices.Uidx == nil {
		return nil, b.errorf(location(ind.Arg), pgcode.FeatureNotSupported, "array slices are not supported yet")
	}
	i, err := b.expr(idx.AIndices.Uidx, sc)
	if err != nil {
		return nil, err
	}
	if i, err = b.coerce(i, types.TInt4, types.Implicit, location(idx.AIndices.Uidx)); err != nil {
		return nil, err
	}
	return &Subscript{Array: arr, Index: i, T: types.Of(d.Elem)}, nil
}

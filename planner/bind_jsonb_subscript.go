package planner

import (
	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// jsonb subscripting, as PostgreSQL's jsonbsubs.c: j['key'][0] follows a path of object
// keys and array indexes exactly as j #> '{key,0}' does (so it binds to
// jsonb_extract_path), and UPDATE ... SET j['key'][0] = v rewrites the value at that path,
// creating whatever the path lacks (the internal function jsonb_subscript_assign). Each
// subscript must be coercible to exactly one of integer and text; integers are turned into
// their text, as PostgreSQL's executor does.

// jsonbAssignFunc is the internal function implementing subscripted assignment to jsonb:
// (container jsonb, value jsonb, path text[], expect_array bool).
const jsonbAssignFunc = "jsonb_subscript_assign"

// jsonbSubscripts binds subs as jsonb subscripts: one text expression per subscript, and
// whether the first one is an integer (a NULL container then becomes an array when
// assigned to, not an object).
func (b *binder) jsonbSubscripts(subs []*pg_query.A_Indices, sc *scope) (path []Expr, firstInt bool, err error) {
	for i, s := range subs {
		if s.IsSlice {
			n := s.Uidx
			if n == nil {
				n = s.Lidx
			}
			loc := int32(-1)
			if n != nil {
				loc = location(n)
			}
			return nil, false, b.errorf(loc, pgcode.DatatypeMismatch, "jsonb subscript does not support slices")
		}
		e, err := b.expr(s.Uidx, sc)
		if err != nil {
			return nil, false, err
		}
		loc := location(s.Uidx)
		target := types.TText
		if !isUnknown(e) {
			if target, err = b.jsonbSubscriptType(e, loc); err != nil {
				return nil, false, err
			}
		}
		if i == 0 {
			firstInt = target.OID == types.Int4
		}
		if target.OID == types.Int4 {
			// Integers reach the path as their text (int4out), after an implicit coercion.
			if e, err = b.coerce(e, types.TInt4, types.Implicit, loc); err != nil {
				return nil, false, err
			}
			e, err = b.coerce(e, types.TText, types.Explicit, loc)
		} else {
			e, err = b.coerce(e, types.TText, types.Implicit, loc)
		}
		if err != nil {
			return nil, false, err
		}
		path = append(path, e)
	}
	return path, firstInt, nil
}

// jsonbSubscriptType picks the one of integer and text that e implicitly coerces to.
func (b *binder) jsonbSubscriptType(e Expr, loc int32) (types.T, error) {
	from := e.Type().OID
	var found []types.T
	for _, t := range []types.T{types.TInt4, types.TText} {
		if from == t.OID || types.CanCast(from, t.OID, types.Implicit) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return types.T{}, b.errorf(loc, pgcode.DatatypeMismatch, "subscript type %s is not supported", b.fmtType(e.Type())).
			WithHint("jsonb subscript must be coercible to either integer or text.")
	}
	return types.T{}, b.errorf(loc, pgcode.DatatypeMismatch, "subscript type %s is not supported", b.fmtType(e.Type())).
		WithHint("jsonb subscript must be coercible to only one type, integer or text.")
}

// jsonbFetch binds j[s1][s2]... over a jsonb value.
func (b *binder) jsonbFetch(j Expr, subs []*pg_query.A_Indices, sc *scope) (Expr, error) {
	path, _, err := b.jsonbSubscripts(subs, sc)
	if err != nil {
		return nil, err
	}
	return b.callFunc("jsonb_extract_path", append([]Expr{j}, path...), nil, -1)
}

// jsonbAssign binds the new value of a jsonb column base after SET col[s1][s2]... = v (v
// already coerced to jsonb).
func (b *binder) jsonbAssign(base, v Expr, subs []*pg_query.A_Indices, sc *scope) (Expr, error) {
	path, firstInt, err := b.jsonbSubscripts(subs, sc)
	if err != nil {
		return nil, err
	}
	fn := b.reg.Internal(jsonbAssignFunc)
	expectArray := &Const{Value: scalar.NewBooleanScalar(firstInt), T: types.TBool}
	arr := &ArrayExpr{Elems: path, T: types.Of(types.TextArray)}
	return &Call{Func: fn, Args: []Expr{base, v, arr, expectArray}, T: types.Of(types.JSONB)}, nil
}

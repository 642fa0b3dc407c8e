package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Assignments to INSERT's target columns and UPDATE's SET columns, plain (a = v) or
// subscripted (a[1] = v, a[2:3] = '{x,y}'), as PostgreSQL's transformAssignedExpr binds
// them: a subscripted assignment replaces an element or slice of the column's array and
// keeps the rest; several of them to one column apply in order.

// assignTarget is one target of an INSERT column list or an UPDATE SET list.
type assignTarget struct {
	col  int                   // index of the column in the table
	subs []*pg_query.A_Indices // subscripts; nil for a plain target
	loc  int32
}

// target resolves the ResTarget of an INSERT column list or UPDATE SET item.
func (b *binder) target(def *catalog.TableDef, rt *pg_query.ResTarget) (assignTarget, error) {
	i := def.ColumnIndex(rt.Name)
	if i < 0 {
		return assignTarget{}, b.errorf(rt.Location, pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, def.Name)
	}
	t := assignTarget{col: i, loc: rt.Location}
	for _, n := range rt.Indirection {
		idx, ok := n.Node.(*pg_query.Node_AIndices)
		if !ok {
			return t, b.errorf(rt.Location, pgcode.FeatureNotSupported, "assignment to a field of column \"%s\" is not supported", rt.Name)
		}
		t.subs = append(t.subs, idx.AIndices)
	}
	if t.subs != nil {
		ct := def.Columns[i].Type
		if _, ok := types.ElemType(ct); !ok && ct.OID != types.JSONB {
			return t, b.errorf(rt.Location, pgcode.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", types.Of(ct.OID))
		}
	}
	return t, nil
}

// isSlice reports whether a subscripted target assigns a slice.
func (t assignTarget) isSlice() bool {
	for _, s := range t.subs {
		if s.IsSlice {
			return true
		}
	}
	return false
}

// valueType returns the type of the values the target takes: the column's type, or for
// subscripted targets its element type (or the array type for a slice).
func (t assignTarget) valueType(def *catalog.TableDef) types.T {
	ct := def.Columns[t.col].Type
	if t.subs == nil || t.isSlice() || ct.OID == types.JSONB {
		return ct // a jsonb subscript assigns a jsonb value
	}
	e, _ := types.ElemType(ct)
	return e
}

// assignValue coerces e for the target (assignment context), with PostgreSQL's errors.
func (b *binder) assignValue(e Expr, def *catalog.TableDef, t assignTarget, loc int32) (Expr, error) {
	c := def.Columns[t.col]
	if t.subs == nil {
		return b.assign(e, c, loc)
	}
	want := t.valueType(def)
	if !isUnknown(e) && e.Type().OID != want.OID && !types.CanCast(e.Type().OID, want.OID, types.Assignment) {
		return nil, b.errorf(t.loc, pgcode.DatatypeMismatch, "subscripted assignment to \"%s\" requires type %s but expression is of type %s",
			c.Name, types.Of(want.OID), e.Type()).WithHint("You will need to rewrite or cast the expression.")
	}
	return b.coerce(e, want, types.Assignment, loc)
}

// applyTarget returns the column's new value after the target's assignment of v: v itself
// for a plain target, else base (the column's value so far) with the element or slice
// replaced. sc binds the subscripts.
func (b *binder) applyTarget(base, v Expr, def *catalog.TableDef, t assignTarget, sc *scope) (Expr, error) {
	if t.subs == nil {
		return v, nil
	}
	if def.Columns[t.col].Type.OID == types.JSONB {
		return b.jsonbAssign(base, v, t.subs, sc)
	}
	lower, upper, slice, err := b.bindSubscripts(t.subs, sc)
	if err != nil {
		return nil, err
	}
	return &ArrayAssign{Array: base, Lower: lower, Upper: upper, Slice: slice, Value: v, T: def.Columns[t.col].Type}, nil
}

// assignedColumns tracks which columns a statement assigns, for PostgreSQL's rule that a
// column may take several subscripted assignments but no other repeated one.
type assignedColumns map[int]bool // column -> assigned by a plain target

// note records target t, or returns the error of a forbidden repeat.
func (a assignedColumns) note(b *binder, def *catalog.TableDef, t assignTarget, insert bool) error {
	plain, seen := a[t.col]
	if seen && (plain || t.subs == nil) {
		name := def.Columns[t.col].Name
		if insert {
			return b.errorf(t.loc, pgcode.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		return b.errorf(-1, pgcode.SyntaxError, "multiple assignments to same column \"%s\"", name)
	}
	a[t.col] = t.subs == nil
	return nil
}

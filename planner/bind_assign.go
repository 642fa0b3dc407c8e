package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Assignments to INSERT's target columns and UPDATE's SET columns, plain (a = v),
// subscripted (a[1] = v, a[2:3] = '{x,y}') or to fields (c.f = v, a[5].f = v), as
// PostgreSQL's transformAssignedExpr and transformAssignmentIndirection bind them: a
// subscripted assignment replaces an element or slice of the column's array, a field
// assignment one field of its record, and the rest is kept; several of them to one column
// apply in order.

// assignTarget is one target of an INSERT column list or an UPDATE SET list.
type assignTarget struct {
	col  int          // index of the column in the table
	path []assignStep // the indirection into the column; nil for a plain target
	// valueT is the type of the values the target takes: the column's type, or what its
	// path reaches (an element, a slice's array, a field).
	valueT types.T
	loc    int32
}

// assignStep is one step of a target's indirection: a group of subscripts into an array
// (or jsonb) value, or a field of a record value.
type assignStep struct {
	subs  []*pg_query.A_Indices // the subscripts; nil for a field step
	field int                   // the field's index, for a field step
	t     types.T               // the type of the value the step reaches into
}

// indirect reports whether t assigns into the column's value rather than replacing it.
func (t assignTarget) indirect() bool { return t.path != nil }

// target resolves the ResTarget of an INSERT column list or UPDATE SET item.
func (b *binder) target(def *catalog.TableDef, rt *pg_query.ResTarget) (assignTarget, error) {
	i := def.ColumnIndex(rt.Name)
	if i < 0 {
		return assignTarget{}, b.errorf(rt.Location, pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, def.Name)
	}
	t := assignTarget{col: i, loc: rt.Location}
	cur := def.Columns[i].Type
	ind := rt.Indirection
	for k := 0; k < len(ind); {
		if name, ok := ind[k].Node.(*pg_query.Node_String_); ok {
			step, err := b.fieldStep(cur, name.String_.Sval, rt)
			if err != nil {
				return t, err
			}
			t.path = append(t.path, step)
			cur = step.fieldType()
			k++
			continue
		}
		step := assignStep{t: cur}
		for ; k < len(ind); k++ {
			idx, ok := ind[k].Node.(*pg_query.Node_AIndices)
			if !ok {
				break
			}
			step.subs = append(step.subs, idx.AIndices)
		}
		if step.subs == nil {
			return t, b.errorf(rt.Location, pgcode.FeatureNotSupported, "a star is not allowed here")
		}
		elem, ok := types.ElemType(cur)
		switch {
		case cur.OID == types.JSONB:
			// a jsonb subscript assigns a jsonb value
		case !ok:
			return t, b.errorf(rt.Location, pgcode.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", b.fmtType(cur))
		case !step.isSlice():
			cur = elem
		}
		t.path = append(t.path, step)
	}
	t.valueT = cur
	return t, nil
}

// fieldStep resolves the assignment to field name of a value of type t, with PostgreSQL's
// errors naming the target column.
func (b *binder) fieldStep(t types.T, name string, rt *pg_query.ResTarget) (assignStep, error) {
	fields, ok := types.RecordFields(t)
	if !ok {
		return assignStep{}, b.errorf(rt.Location, pgcode.DatatypeMismatch, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type",
			name, rt.Name, b.fmtType(t))
	}
	for i, f := range fields {
		if f.Name == name {
			return assignStep{field: i, t: t}, nil
		}
	}
	return assignStep{}, b.errorf(rt.Location, pgcode.UndefinedColumn, "cannot assign to field \"%s\" of column \"%s\" because there is no such column in data type %s",
		name, rt.Name, b.fmtType(t))
}

// fieldType is the type of the field a field step assigns.
func (s assignStep) fieldType() types.T {
	fields, _ := types.RecordFields(s.t)
	return fields[s.field].Type
}

// isSlice reports whether a subscript step assigns a slice.
func (s assignStep) isSlice() bool {
	for _, x := range s.subs {
		if x.IsSlice {
			return true
		}
	}
	return false
}

// assignValue coerces e for the target (assignment context), with PostgreSQL's errors.
func (b *binder) assignValue(e Expr, def *catalog.TableDef, t assignTarget, loc int32) (Expr, error) {
	c := def.Columns[t.col]
	if !t.indirect() {
		return b.assign(e, c, loc)
	}
	want := t.valueT
	if !isUnknown(e) && e.Type().OID != want.OID && !types.CanCast(e.Type().OID, want.OID, types.Assignment) {
		if t.path[len(t.path)-1].subs == nil {
			return nil, b.errorf(t.loc, pgcode.DatatypeMismatch, "column \"%s\" is of type %s but expression is of type %s",
				c.Name, b.fmtType(want), b.fmtType(e.Type())).WithHint("You will need to rewrite or cast the expression.")
		}
		return nil, b.errorf(t.loc, pgcode.DatatypeMismatch, "subscripted assignment to \"%s\" requires type %s but expression is of type %s",
			c.Name, types.Of(want.OID), e.Type()).WithHint("You will need to rewrite or cast the expression.")
	}
	return b.coerce(e, want, types.Assignment, loc)
}

// applyTarget returns the column's new value after the target's assignment of v: v itself
// for a plain target, else base (the column's value so far) with the element, slice or
// field the path reaches replaced. sc binds the subscripts.
func (b *binder) applyTarget(base, v Expr, t assignTarget, sc *scope) (Expr, error) {
	return b.applyPath(base, v, t.path, sc)
}

// applyPath returns base with what path reaches in it replaced by v. A field step builds
// the record anew from base's other fields (all NULL when base is NULL, as PostgreSQL's
// FieldStore does); a subscript step followed by more steps assigns into the element.
func (b *binder) applyPath(base, v Expr, path []assignStep, sc *scope) (Expr, error) {
	if len(path) == 0 {
		return v, nil
	}
	step := path[0]
	if step.subs == nil {
		fields, _ := types.RecordFields(step.t)
		inner, err := b.applyPath(&FieldSelect{Arg: base, Idx: step.field, T: fields[step.field].Type}, v, path[1:], sc)
		if err != nil {
			return nil, err
		}
		out := make([]Expr, len(fields))
		for i, f := range fields {
			out[i] = &FieldSelect{Arg: base, Idx: i, T: f.Type}
		}
		out[step.field] = inner
		return &RowExpr{Fields: out, T: step.t}, nil
	}
	if step.t.OID == types.JSONB {
		return b.jsonbAssign(base, v, step.subs, sc)
	}
	if len(path) > 1 {
		elem, err := b.subscripts(base, step.subs, -1, sc)
		if err != nil {
			return nil, err
		}
		if v, err = b.applyPath(elem, v, path[1:], sc); err != nil {
			return nil, err
		}
	}
	lower, upper, slice, err := b.bindSubscripts(step.subs, sc)
	if err != nil {
		return nil, err
	}
	return &ArrayAssign{Array: base, Lower: lower, Upper: upper, Slice: slice, Value: v, T: step.t}, nil
}

// assignedColumns tracks which columns a statement assigns, for PostgreSQL's rule that a
// column may take several subscripted assignments but no other repeated one.
type assignedColumns map[int]bool // column -> assigned by a plain target

// note records target t, or returns the error of a forbidden repeat.
func (a assignedColumns) note(b *binder, def *catalog.TableDef, t assignTarget, insert bool) error {
	plain, seen := a[t.col]
	if seen && (plain || !t.indirect()) {
		name := def.Columns[t.col].Name
		if insert {
			return b.errorf(t.loc, pgcode.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		return b.errorf(-1, pgcode.SyntaxError, "multiple assignments to same column \"%s\"", name)
	}
	a[t.col] = !t.indirect()
	return nil
}

package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Records: ROW(...) constructors, whole-row references to FROM items, and field selection,
// as PostgreSQL's transformRowExpr, transformWholeRowRef and ParseFuncOrColumn bind them.
// A record's type is an anonymous record type naming its fields (types.RecordOf): ROW's
// fields are f1, f2, ...; a whole-row reference's are the item's columns.

// maxRecordFields is the most fields a record may have (MaxTupleAttributeNumber).
const maxRecordFields = 1664

// rowExpr binds ROW(a, b, ...) and (a, b, ...). A t.* among the arguments stands for the
// columns of t.
func (b *binder) rowExpr(r *pg_query.RowExpr, sc *scope) (Expr, error) {
	var fields []Expr
	for _, a := range r.Args {
		if cr, ok := a.Node.(*pg_query.Node_ColumnRef); ok && isStarRef(cr.ColumnRef) {
			cols, err := b.starFields(cr.ColumnRef, sc)
			if err != nil {
				return nil, err
			}
			fields = append(fields, cols...)
			continue
		}
		// Untyped literals stay unknown: a row comparison resolves them against the other
		// side, and as a value they print as text does.
		e, err := b.expr(a, sc)
		if err != nil {
			return nil, err
		}
		fields = append(fields, e)
	}
	if len(fields) > maxRecordFields {
		return nil, b.errorf(r.Location, pgcode.TooManyColumns, "ROW expressions can have at most %d entries", maxRecordFields)
	}
	names := make([]string, len(fields))
	for i := range names {
		names[i] = "f" + strconv.Itoa(i+1)
	}
	return newRowExpr(fields, names), nil
}

// newRowExpr returns the record of fields named names.
func newRowExpr(fields []Expr, names []string) *RowExpr {
	rf := make([]types.RecordField, len(fields))
	for i, f := range fields {
		rf[i] = types.RecordField{Name: names[i], Type: f.Type()}
	}
	return &RowExpr{Fields: fields, T: types.RecordOf(rf)}
}

// isStarRef reports whether c is t.* (or *).
func isStarRef(c *pg_query.ColumnRef) bool {
	if len(c.Fields) == 0 {
		return false
	}
	_, ok := c.Fields[len(c.Fields)-1].Node.(*pg_query.Node_AStar)
	return ok
}

// starFields returns the columns t.* stands for inside ROW(...).
func (b *binder) starFields(c *pg_query.ColumnRef, sc *scope) ([]Expr, error) {
	if len(c.Fields) != 2 {
		return nil, b.errorf(c.Location, pgcode.FeatureNotSupported, "a star is not allowed here")
	}
	qual := strVal(c.Fields[0])
	row, ok := b.wholeRow(sc, qual)
	if !ok {
		return nil, b.missingRangeError(sc, qual, c.Location)
	}
	return row.Fields, nil
}

// wholeRow returns the whole-row reference to the FROM item named name in sc or an
// enclosing scope: a record of its columns.
func (b *binder) wholeRow(sc *scope, name string) (*RowExpr, bool) {
	level := 0
	for s := sc; s != nil; s = s.outer {
		var fields []Expr
		var names []string
		rowOf := types.OID(0)
		for i, c := range s.cols {
			if c.table != name {
				continue
			}
			markCol(&s.cols[i])
			if fields == nil {
				rowOf = c.rowOf
			} else if c.rowOf != rowOf {
				rowOf = 0
			}
			var ref Expr = &ColRef{Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}
			if level > 0 {
				ref = &OuterRef{Level: level, Idx: c.idx, T: c.t, Name: c.name, Rel: c.table}
			}
			fields, names = append(fields, ref), append(names, c.name)
		}
		if fields != nil {
			row := newRowExpr(fields, names)
			row.Rel = name
			if rt := b.cat.RowType(rowOf); rt != nil && len(rt.Fields) == len(fields) {
				row.T = types.T{OID: rt.OID, Typmod: -1}
			}
			return row, true
		}
		level++
	}
	return nil, false
}

// relationRange returns the plan and scope of a FROM item reading relation def, its
// columns marked as the relation's row for whole-row references.
func relationRange(def *catalog.TableDef, p Plan, sc *scope, err error) (Plan, *scope, error) {
	if err != nil {
		return nil, nil, err
	}
	for i := range sc.cols {
		sc.cols[i].rowOf = def.OID
	}
	return p, sc, nil
}

// fieldSelect binds (arg).name.
func (b *binder) fieldSelect(arg Expr, name string, loc int32) (Expr, error) {
	t := arg.Type()
	fields, ok := types.RecordFields(t)
	if !ok {
		if t.OID == types.Record {
			return nil, b.errorf(loc, pgcode.UndefinedColumn, "could not identify column \"%s\" in record data type", name)
		}
		return nil, b.errorf(loc, pgcode.WrongObjectType, "column notation .%s applied to type %s, which is not a composite type", name, b.fmtType(t))
	}
	for i, f := range fields {
		if f.Name == name {
			return &FieldSelect{Arg: arg, Idx: i, T: f.Type}, nil
		}
	}
	if row, ok := arg.(*RowExpr); ok && row.Rel != "" {
		return nil, b.errorf(loc, pgcode.UndefinedColumn, "column %s.%s does not exist", row.Rel, name)
	}
	if t.OID == types.Record {
		return nil, b.errorf(loc, pgcode.UndefinedColumn, "could not identify column \"%s\" in record data type", name)
	}
	return nil, b.errorf(loc, pgcode.UndefinedColumn, "column \"%s\" not found in data type %s", name, b.fmtType(t))
}

// isStarIndirection reports whether ind is (expr).*.
func isStarIndirection(ind *pg_query.A_Indirection) bool {
	n := len(ind.Indirection)
	if n == 0 {
		return false
	}
	_, ok := ind.Indirection[n-1].Node.(*pg_query.Node_AStar)
	return ok
}

// expandRecordStar expands (expr).* in a SELECT list into one column per field of the
// record expr.
func (b *binder) expandRecordStar(ind *pg_query.A_Indirection, sc *scope) ([]target, error) {
	inner := &pg_query.A_Indirection{Arg: ind.Arg, Indirection: ind.Indirection[:len(ind.Indirection)-1]}
	var rec Expr
	var err error
	if len(inner.Indirection) == 0 {
		rec, err = b.expr(ind.Arg, sc)
	} else {
		rec, err = b.indirection(inner, sc)
	}
	if err != nil {
		return nil, err
	}
	loc := location(ind.Arg)
	fields, ok := types.RecordFields(rec.Type())
	if !ok {
		if rec.Type().OID == types.Record {
			return nil, b.errorf(loc, pgcode.FeatureNotSupported, "record type has not been registered")
		}
		return nil, b.errorf(loc, pgcode.WrongObjectType, "type %s is not composite", b.fmtType(rec.Type()))
	}
	out := make([]target, len(fields))
	for i, f := range fields {
		out[i] = target{expr: &FieldSelect{Arg: rec, Idx: i, T: f.Type}, name: f.Name, loc: loc}
	}
	return out, nil
}

// tableRowType returns the row type of the relation schema.name (schema "" searches the
// path) that has no row type of its own in the catalog (a system relation): the record of
// its columns, whose values are the same. Other relations' row types are types of the
// catalog, found by name like any other.
func (b *binder) tableRowType(schema, name string) (types.T, bool) {
	d := b.findTable(schema, name)
	if d == nil {
		return types.T{}, false
	}
	if rt := b.cat.RowType(d.OID); rt != nil {
		return types.T{OID: rt.OID, Typmod: -1}, true
	}
	fields := make([]types.RecordField, len(d.Columns))
	for i, c := range d.Columns {
		fields[i] = types.RecordField{Name: c.Name, Type: c.Type}
	}
	return types.RecordOf(fields), true
}

// checkColumnType refuses a table column of type record or record[]: their values'
// shapes belong to the statement, not to the table.
func (b *binder) checkColumnType(name string, t types.T) error {
	if t.OID == types.Record || t.OID == types.RecordArray {
		return b.errorf(-1, pgcode.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", name, types.Of(t.OID))
	}
	return nil
}

// rowCompare binds ROW(a1, a2, ...) op ROW(b1, b2, ...) field by field, as PostgreSQL's
// make_row_comparison_op: = is every pair equal, <> any pair unequal, and an ordering
// operator compares the first pair that is not equal (NULL when a pair meets a NULL first).
func (b *binder) rowCompare(op string, l, r *RowExpr, a *pg_query.A_Expr) (Expr, error) {
	if len(l.Fields) != len(r.Fields) {
		return nil, b.errorf(a.Location, pgcode.SyntaxError, "unequal number of entries in row expressions")
	}
	if len(l.Fields) == 0 {
		return nil, b.errorf(a.Location, pgcode.FeatureNotSupported, "cannot compare rows of zero length")
	}
	pair := func(op string, i int) (Expr, error) {
		e, err := b.operator(op, l.Fields[i], r.Fields[i], -1, -1, a.Location)
		if err != nil {
			return nil, err
		}
		if e.Type().OID != types.Bool {
			return nil, b.errorf(a.Location, pgcode.DatatypeMismatch, "row comparison operator must yield type boolean, not type %s", b.fmtType(e.Type()))
		}
		return e, nil
	}
	var strict string
	switch op {
	case "=", "<>":
		args := make([]Expr, len(l.Fields))
		for i := range args {
			var err error
			if args[i], err = pair(op, i); err != nil {
				return nil, err
			}
		}
		if len(args) == 1 {
			return args[0], nil
		}
		if op == "=" {
			return &BoolExpr{Op: And, Args: args}, nil
		}
		return &BoolExpr{Op: Or, Args: args}, nil
	case "<", ">":
		strict = op
	case "<=":
		strict = "<"
	case ">=":
		strict = ">"
	default:
		if _, err := pair(op, 0); err != nil {
			return nil, err
		}
		return nil, b.errorf(a.Location, pgcode.FeatureNotSupported, "could not determine interpretation of row comparison operator %s", op).
			WithHint("Row comparison operators must be associated with btree operator families.")
	}
	// a1 < b1 OR (a1 = b1 AND (a2 < b2 OR (a2 = b2 AND ... an <= bn))), built from the end.
	last := len(l.Fields) - 1
	out, err := pair(op, last)
	if err != nil {
		return nil, err
	}
	for i := last - 1; i >= 0; i-- {
		lt, err := pair(strict, i)
		if err != nil {
			return nil, err
		}
		eq, err := pair("=", i)
		if err != nil {
			return nil, err
		}
		out = &BoolExpr{Op: Or, Args: []Expr{lt, &BoolExpr{Op: And, Args: []Expr{eq, out}}}}
	}
	return out, nil
}

// rowDistinct binds ROW(...) IS [NOT] DISTINCT FROM ROW(...): distinct when any pair is.
func (b *binder) rowDistinct(l, r *RowExpr, a *pg_query.A_Expr, notDistinct bool) (Expr, error) {
	if len(l.Fields) != len(r.Fields) {
		return nil, b.errorf(a.Location, pgcode.SyntaxError, "unequal number of entries in row expressions")
	}
	args := make([]Expr, len(l.Fields))
	for i := range args {
		var err error
		if args[i], err = b.distinctFrom(l.Fields[i], r.Fields[i], a, false); err != nil {
			return nil, err
		}
	}
	var out Expr = &BoolExpr{Op: Or, Args: args}
	if len(args) == 1 {
		out = args[0]
	}
	if notDistinct {
		return &BoolExpr{Op: Not, Args: []Expr{out}}, nil
	}
	return out, nil
}

// rowPair returns the two bound sides of a comparison when both are written as rows
// (ROW(...) or (a, b, ...)), which compare field by field.
func rowPair(a *pg_query.A_Expr, l, r Expr) (*RowExpr, *RowExpr, bool) {
	if a.Lexpr == nil || a.Rexpr == nil {
		return nil, nil, false
	}
	_, lok := a.Lexpr.Node.(*pg_query.Node_RowExpr)
	_, rok := a.Rexpr.Node.(*pg_query.Node_RowExpr)
	lr, lok2 := l.(*RowExpr)
	rr, rok2 := r.(*RowExpr)
	return lr, rr, lok && rok && lok2 && rok2
}

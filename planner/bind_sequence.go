package planner

import (
	"math"
	"slices"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// createSequence binds CREATE SEQUENCE: a relation of kind KindSequence with PostgreSQL's
// defaults and checks of its parameters.
func (b *binder) createSequence(s *pg_query.CreateSeqStmt) (*Statement, error) {
	def := &catalog.TableDef{Schema: b.createSchema(s.Sequence), Name: s.Sequence.Relname, Kind: catalog.KindSequence}
	if err := b.checkSchema(def.Schema, def.Name, s.Sequence.Location); err != nil {
		return nil, err
	}
	o, err := b.sequenceOptions(s.Options)
	if err != nil {
		return nil, err
	}
	def.Columns = slices.Clone(catalog.SequenceColumns)
	def.Sequence = o
	if b.cat.RelationNameTaken(def.Schema, def.Name) && !s.IfNotExists {
		return nil, b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
	}
	return &Statement{Kind: StmtCreateTable, Tag: "CREATE SEQUENCE", Create: def, IfNotExists: s.IfNotExists}, nil
}

// seqTypeRange is the range of a sequence's data type.
func seqTypeRange(t types.OID) (int64, int64) {
	switch t {
	case types.Int2:
		return math.MinInt16, math.MaxInt16
	case types.Int4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// sequenceOptions applies CREATE SEQUENCE's options over PostgreSQL's defaults.
func (b *binder) sequenceOptions(opts []*pg_query.Node) (*catalog.SequenceOptions, error) {
	o := &catalog.SequenceOptions{Type: types.Int8, Increment: 1, Cache: 1}
	var start, minv, maxv *int64
	seen := map[string]bool{}
	for _, n := range opts {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		if seen[d.Defname] {
			return nil, b.errorf(d.Location, pgcode.SyntaxError, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		var v int64
		if d.Arg != nil && d.Defname != "as" && d.Defname != "cycle" {
			var err error
			if v, err = b.defElemInt64(d); err != nil {
				return nil, err
			}
		}
		switch d.Defname {
		case "as":
			t, err := b.typeName(d.Arg.Node.(*pg_query.Node_TypeName).TypeName)
			if err != nil {
				return nil, err
			}
			if t.OID != types.Int2 && t.OID != types.Int4 && t.OID != types.Int8 {
				return nil, b.errorf(-1, pgcode.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
			}
			o.Type = t.OID
		case "increment":
			if o.Increment = v; v == 0 {
				return nil, b.errorf(-1, pgcode.InvalidParameterValue, "INCREMENT must not be zero")
			}
		case "start":
			start = &v
		case "minvalue":
			if d.Arg != nil {
				minv = &v
			}
		case "maxvalue":
			if d.Arg != nil {
				maxv = &v
			}
		case "cache":
			if o.Cache = v; v <= 0 {
				return nil, b.errorf(-1, pgcode.InvalidParameterValue, "CACHE (%d) must be greater than zero", v)
			}
		case "cycle":
			o.Cycle = defElemString(d) != "false"
		default:
			return nil, b.errorf(d.Location, pgcode.FeatureNotSupported, "sequence option \"%s\" is not supported", d.Defname)
		}
	}
	lo, hi := seqTypeRange(o.Type)
	typeName := types.T{OID: o.Type, Typmod: -1}.String()
	if maxv != nil {
		if *maxv < lo || *maxv > hi {
			return nil, b.errorf(-1, pgcode.InvalidParameterValue, "MAXVALUE (%d) is out of range for sequence data type %s", *maxv, typeName)
		}
		o.Max = *maxv
	} else if o.Increment > 0 {
		o.Max = hi
	} else {
		o.Max = -1
	}
	if minv != nil {
		if *minv < lo || *minv > hi {
			return nil, b.errorf(-1, pgcode.InvalidParameterValue, "MINVALUE (%d) is out of range for sequence data type %s", *minv, typeName)
		}
		o.Min = *minv
	} else if o.Increment > 0 {
		o.Min = 1
	} else {
		o.Min = lo
	}
	if o.Min >= o.Max {
		return nil, b.errorf(-1, pgcode.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", o.Min, o.Max)
	}
	switch {
	case start != nil:
		o.Start = *start
	case o.Increment > 0:
		o.Start = o.Min
	default:
		o.Start = o.Max
	}
	if o.Start < o.Min {
		return nil, b.errorf(-1, pgcode.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", o.Start, o.Min)
	}
	if o.Start > o.Max {
		return nil, b.errorf(-1, pgcode.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", o.Start, o.Max)
	}
	return o, nil
}

// defElemInt64 reads a sequence option's integer, which may exceed int32 (a Float node).
func (b *binder) defElemInt64(d *pg_query.DefElem) (int64, error) {
	switch a := d.Arg.Node.(type) {
	case *pg_query.Node_Integer:
		return int64(a.Integer.Ival), nil
	case *pg_query.Node_Float:
		if v, err := strconv.ParseInt(a.Float.Fval, 10, 64); err == nil {
			return v, nil
		}
	}
	return 0, b.errorf(d.Location, pgcode.SyntaxError, "%s requires an integer value", d.Defname)
}

// serialType returns the integer type of a serial pseudo-type name, if it is one.
func serialType(tn *pg_query.TypeName) (types.T, bool) {
	if tn == nil || len(tn.Names) != 1 || len(tn.ArrayBounds) > 0 {
		return types.T{}, false
	}
	switch strVal(tn.Names[0]) {
	case "smallserial", "serial2":
		return types.TInt2, true
	case "serial", "serial4":
		return types.TInt4, true
	case "bigserial", "serial8":
		return types.TInt8, true
	}
	return types.T{}, false
}

// serialSequence makes the sequence a serial column of table def owns: named table_col_seq
// (with a number appended while taken), of the column's type, and returns the column's
// default.
func (b *binder) serialSequence(def *catalog.TableDef, col string, t types.T, taken []*catalog.TableDef) (*catalog.TableDef, string) {
	base := def.Name + "_" + col + "_seq"
	name := base
	for i := 1; b.cat.Table(def.Schema, name) != nil || name == def.Name || slices.ContainsFunc(taken, func(d *catalog.TableDef) bool { return d.Name == name }); i++ {
		name = base + strconv.Itoa(i)
	}
	_, hi := seqTypeRange(t.OID)
	seq := &catalog.TableDef{Schema: def.Schema, Name: name, Kind: catalog.KindSequence,
		Columns:  slices.Clone(catalog.SequenceColumns),
		Sequence: &catalog.SequenceOptions{Type: t.OID, Start: 1, Increment: 1, Min: 1, Max: hi, Cache: 1}}
	qualified := quoteSeqName(name)
	if def.Schema != catalog.DefaultSchema && def.Schema != b.tempSchema {
		// pgfast keeps defaults as text: the schema keeps the name meaning this sequence
		// whatever the search path when the default is used.
		qualified = quoteSeqName(def.Schema) + "." + qualified
	}
	return seq, "nextval('" + qualified + "'::regclass)"
}

// quoteSeqName writes a sequence name as regclass input reads it back.
func quoteSeqName(name string) string {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			q := `"`
			for _, c := range name {
				if c == '"' {
					q += `"`
				}
				if c == '\'' {
					q += `'`
				}
				q += string(c)
			}
			return q + `"`
		}
	}
	return name
}

// dropSequenceKind checks that DROP SEQUENCE names a sequence and DROP TABLE does not.
func dropSequenceKind(def *catalog.TableDef, seq bool) error {
	switch {
	case seq && def.Kind != catalog.KindSequence:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a sequence", def.Name).WithHint("Use DROP TABLE to remove a table.")
	case !seq && def.Kind == catalog.KindSequence:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a table", def.Name).WithHint("Use DROP SEQUENCE to remove a sequence.")
	}
	return nil
}

// ownedSequences returns drop plus the sequences owned by the tables in it (serial columns'
// sequences go with their table).
func (b *binder) ownedSequences(drop []*catalog.TableDef) []*catalog.TableDef {
	dropping := map[types.OID]bool{}
	for _, d := range drop {
		dropping[d.OID] = true
	}
	for _, t := range b.cat.Tables() {
		if t.Sequence != nil && t.Sequence.OwnedBy != 0 && dropping[t.Sequence.OwnedBy] && !dropping[t.OID] {
			drop = append(drop, t)
			dropping[t.OID] = true
		}
	}
	return drop
}

// changeSequenceError refuses INSERT, UPDATE, DELETE and COPY FROM on a sequence, whose
// rows only the sequence functions change.
func changeSequenceError(def *catalog.TableDef) error {
	if def.Kind == catalog.KindSequence {
		return pgerror.Newf(pgcode.WrongObjectType, "cannot change sequence \"%s\"", def.Name)
	}
	return nil
}

// sequenceRow binds a sequence read as a relation: one row of its counter, last_value (the
// start value until nextval first returns it), log_cnt and is_called, as PostgreSQL shows
// them. log_cnt, the values PostgreSQL's WAL covers ahead, is always 0 here.
func (b *binder) sequenceRow(def *catalog.TableDef, rv *pg_query.RangeVar) (Plan, *scope, error) {
	oid := &Const{Value: scalar.NewUint32Scalar(uint32(def.OID)), T: types.Of(types.Regclass)}
	last, err := b.callFunc("pg_sequence_last_value", []Expr{oid}, []int32{-1}, -1)
	if err != nil {
		return nil, nil, err
	}
	start := &Const{Value: scalar.NewInt64Scalar(def.Sequence.Start), T: types.TInt8}
	row := []Expr{
		&Coalesce{Args: []Expr{last, start}, T: types.TInt8},
		&Const{Value: scalar.NewInt64Scalar(0), T: types.TInt8},
		&NullTest{Arg: last, Not: true},
	}
	vals := &Values{Rows: [][]Expr{row}}
	for i, c := range def.Columns {
		vals.Out = append(vals.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	if len(vals.Out) != len(row) {
		return nil, nil, pgerror.Newf(pgcode.InternalError, "sequence \"%s\" has %d columns", def.Name, len(vals.Out))
	}
	return b.aliased(vals, rv.Alias, rv.Relname)
}

// alterSequence binds ALTER SEQUENCE ... OWNED BY table.column | NONE, which ties the
// sequence to a table (dropped with it) as a serial column's is; pg_dump writes it.
func (b *binder) alterSequence(s *pg_query.AlterSeqStmt) (*Statement, error) {
	def, skip, err := b.alterTarget(s.Sequence, s.MissingOk)
	if def == nil {
		return skip, err
	}
	if def.Kind != catalog.KindSequence || def.Sequence == nil {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a sequence", def.Name)
	}
	o := *def.Sequence
	for _, n := range s.Options {
		d := n.GetDefElem()
		if d.GetDefname() != "owned_by" {
			return nil, b.errorf(d.GetLocation(), pgcode.FeatureNotSupported, "ALTER SEQUENCE supports only OWNED BY")
		}
		parts := names(d.Arg.GetList().GetItems())
		if len(parts) == 1 && parts[0] == "none" {
			o.OwnedBy = 0
			continue
		}
		if len(parts) < 2 {
			return nil, pgerror.New(pgcode.InvalidParameterValue, "invalid OWNED BY option").
				WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
		}
		rv := &pg_query.RangeVar{Relname: parts[len(parts)-2], Location: -1}
		if len(parts) > 2 {
			rv.Schemaname = parts[len(parts)-3]
		}
		table, err := b.lookupTable(rv)
		if err != nil {
			return nil, err
		}
		if table.ColumnIndex(parts[len(parts)-1]) < 0 {
			return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", parts[len(parts)-1], table.Name)
		}
		if table.Schema != def.Schema {
			return nil, pgerror.New(pgcode.ObjectNotInPrerequisiteState, "sequence must be in same schema as table it is linked to")
		}
		o.OwnedBy = table.OID
	}
	c := *def
	c.Sequence = &o
	return &Statement{Kind: StmtGrant, Tag: "ALTER SEQUENCE", Regrants: []*catalog.TableDef{&c}}, nil
}

package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The options of CREATE and ALTER SEQUENCE, applied as PostgreSQL's init_params does:
// over the defaults for CREATE, over the sequence's current parameters for ALTER, where a
// bound left at its old type's limit follows a new type (AS), NO MINVALUE / NO MAXVALUE
// return to the defaults, and RESTART sets the next value.

// seqOptionValues are the options a statement gave, before they are checked.
type seqOptionValues struct {
	start, minv, maxv, restart *int64
	noMin, noMax, restartSet   bool
	typ                        types.OID
	ownedBy                    *pg_query.DefElem
}

// sequenceOptions applies the options of CREATE SEQUENCE (old nil) or ALTER SEQUENCE of
// seq. It returns the new parameters and, for RESTART, the value nextval returns next.
func (b *binder) sequenceOptions(old *catalog.SequenceOptions, seq *catalog.TableDef, opts []*pg_query.Node) (*catalog.SequenceOptions, *int64, error) {
	o := &catalog.SequenceOptions{Type: types.Int8, Increment: 1, Cache: 1}
	if old != nil {
		c := *old
		o = &c
	}
	v, err := b.readSeqOptions(o, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := b.seqOwnedBy(o, seq, v.ownedBy); err != nil {
		return nil, nil, err
	}
	resetMax, resetMin := old == nil, old == nil
	if v.typ != 0 && old != nil && v.typ != old.Type {
		lo, hi := seqTypeRange(old.Type)
		resetMax, resetMin = old.Max == hi, old.Min == lo
	}
	if v.typ != 0 {
		o.Type = v.typ
	}
	lo, hi := seqTypeRange(o.Type)
	typeName := types.T{OID: o.Type, Typmod: -1}.String()
	switch {
	case v.maxv != nil:
		o.Max = *v.maxv
	case resetMax || v.noMax:
		// A bound that followed the old type's limit follows the new type's.
		o.Max = -1
		if o.Increment > 0 || resetMax && old != nil {
			o.Max = hi
		}
	}
	if o.Max < lo || o.Max > hi {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "MAXVALUE (%d) is out of range for sequence data type %s", o.Max, typeName)
	}
	switch {
	case v.minv != nil:
		o.Min = *v.minv
	case resetMin || v.noMin:
		o.Min = lo
		if o.Increment > 0 && !(resetMin && old != nil) {
			o.Min = 1
		}
	}
	if o.Min < lo || o.Min > hi {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "MINVALUE (%d) is out of range for sequence data type %s", o.Min, typeName)
	}
	if o.Min >= o.Max {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", o.Min, o.Max)
	}
	switch {
	case v.start != nil:
		o.Start = *v.start
	case old == nil && o.Increment > 0:
		o.Start = o.Min
	case old == nil:
		o.Start = o.Max
	}
	if o.Start < o.Min {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", o.Start, o.Min)
	}
	if o.Start > o.Max {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", o.Start, o.Max)
	}
	if !v.restartSet {
		return o, nil, nil
	}
	r := o.Start
	if v.restart != nil {
		r = *v.restart
	}
	if r < o.Min {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "RESTART value (%d) cannot be less than MINVALUE (%d)", r, o.Min)
	}
	if r > o.Max {
		return nil, nil, pgerror.Newf(pgcode.InvalidParameterValue, "RESTART value (%d) cannot be greater than MAXVALUE (%d)", r, o.Max)
	}
	return o, &r, nil
}

// readSeqOptions reads the options into v, setting INCREMENT, CACHE and CYCLE on o at once.
func (b *binder) readSeqOptions(o *catalog.SequenceOptions, opts []*pg_query.Node) (seqOptionValues, error) {
	var v seqOptionValues
	seen := map[string]bool{}
	for _, n := range opts {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		if seen[d.Defname] {
			return v, b.errorf(d.Location, pgcode.SyntaxError, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		var x int64
		if d.Arg != nil && d.Defname != "as" && d.Defname != "cycle" && d.Defname != "owned_by" {
			var err error
			if x, err = b.defElemInt64(d); err != nil {
				return v, err
			}
		}
		switch d.Defname {
		case "as":
			t, err := b.typeName(d.Arg.Node.(*pg_query.Node_TypeName).TypeName)
			if err != nil {
				return v, err
			}
			if t.OID != types.Int2 && t.OID != types.Int4 && t.OID != types.Int8 {
				return v, b.errorf(-1, pgcode.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
			}
			v.typ = t.OID
		case "increment":
			if o.Increment = x; x == 0 {
				return v, b.errorf(-1, pgcode.InvalidParameterValue, "INCREMENT must not be zero")
			}
		case "start":
			v.start = &x
		case "restart":
			v.restartSet = true
			if d.Arg != nil {
				v.restart = &x
			}
		case "minvalue":
			if d.Arg != nil {
				v.minv = &x
			} else {
				v.noMin = true
			}
		case "maxvalue":
			if d.Arg != nil {
				v.maxv = &x
			} else {
				v.noMax = true
			}
		case "cache":
			if o.Cache = x; x <= 0 {
				return v, b.errorf(-1, pgcode.InvalidParameterValue, "CACHE (%d) must be greater than zero", x)
			}
		case "cycle":
			o.Cycle = defElemString(d) != "false"
		case "owned_by":
			v.ownedBy = d
		default:
			return v, b.errorf(d.Location, pgcode.FeatureNotSupported, "sequence option \"%s\" is not supported", d.Defname)
		}
	}
	return v, nil
}

// seqOwnedBy applies OWNED BY table.column | NONE: the sequence then goes with the table.
func (b *binder) seqOwnedBy(o *catalog.SequenceOptions, seq *catalog.TableDef, d *pg_query.DefElem) error {
	if d == nil {
		return nil
	}
	parts := names(d.Arg.Node.(*pg_query.Node_List).List.Items)
	if len(parts) == 1 && parts[0] == "none" {
		o.OwnedBy = 0
		return nil
	}
	if len(parts) < 2 {
		return pgerror.New(pgcode.SyntaxError, "invalid OWNED BY option").WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
	}
	col := parts[len(parts)-1]
	rv := &pg_query.RangeVar{Relname: parts[len(parts)-2], Location: -1}
	if len(parts) > 2 {
		rv.Schemaname = parts[len(parts)-3]
	}
	t := b.findTable(rv.Schemaname, rv.Relname)
	if t == nil {
		if _, ix := b.findIndex(rv.Schemaname, rv.Relname); ix != nil {
			return pgerror.Newf(pgcode.WrongObjectType, "sequence cannot be owned by relation \"%s\"", rv.Relname).
				WithDetail("This operation is not supported for indexes.")
		}
		return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", rv.Relname)
	}
	if t.Kind != catalog.KindTable && t.Kind != catalog.KindForeign && t.Kind != catalog.KindView {
		return pgerror.Newf(pgcode.WrongObjectType, "sequence cannot be owned by relation \"%s\"", t.Name)
	}
	schema := seq.Schema
	if schema == "" {
		schema, _ = b.creationSchema(-1)
	}
	if t.Schema != schema {
		return pgerror.New(pgcode.ObjectNotInPrerequisiteState, "sequence must be in same schema as table it is linked to")
	}
	if t.ColumnIndex(col) < 0 {
		return pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, t.Name)
	}
	o.OwnedBy = t.OID
	return nil
}

// alterSequence binds ALTER SEQUENCE [IF EXISTS] name options: the sequence's new
// parameters, and with RESTART the value it gives next (Statement.SeqRestart).
func (b *binder) alterSequence(s *pg_query.AlterSeqStmt) (*Statement, error) {
	def := b.findTable(s.Sequence.Schemaname, s.Sequence.Relname)
	if def == nil {
		if s.MissingOk {
			return &Statement{Kind: StmtAlterTable, Tag: "ALTER SEQUENCE", Notices: []Notice{
				{Code: pgcode.SuccessfulCompletion, Message: "relation \"" + s.Sequence.Relname + "\" does not exist, skipping"}}}, nil
		}
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", s.Sequence.Relname)
	}
	if def.Kind != catalog.KindSequence || def.Sequence == nil {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a sequence", def.Name)
	}
	if err := b.requireOwner(def); err != nil {
		return nil, err
	}
	o, restart, err := b.sequenceOptions(def.Sequence, def, s.Options)
	if err != nil {
		return nil, err
	}
	a := newAlterState(def)
	a.def.Sequence = o
	st := a.statement()
	st.Tag, st.SeqRestart = "ALTER SEQUENCE", restart
	return st, nil
}

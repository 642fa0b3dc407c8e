package planner

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
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
	o, _, err := b.sequenceOptions(nil, def, s.Options)
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

// checkSequenceDefaults refuses to drop a sequence that a column default of a relation not
// dropped with it draws from (nextval('seq'::regclass)), with PostgreSQL's 2BP01; CASCADE
// lets the drop go ahead.
func (b *binder) checkSequenceDefaults(drop []*catalog.TableDef, cascade bool) error {
	dropping := map[types.OID]*catalog.TableDef{}
	for _, d := range drop {
		if d.Kind == catalog.KindSequence {
			dropping[d.OID] = d
		}
	}
	if len(dropping) == 0 || cascade {
		return nil
	}
	names := &pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user, Path: b.path, TempSchema: b.tempSchema}
	for _, t := range b.cat.Tables() {
		if slices.ContainsFunc(drop, func(d *catalog.TableDef) bool { return d.OID == t.OID }) {
			continue
		}
		for _, c := range t.Columns {
			seq := dropping[names.DefaultSequence(c.Default)]
			if seq == nil {
				continue
			}
			return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop sequence %s because other objects depend on it", seq.Name).
				WithDetail(fmt.Sprintf("default value for column %s of table %s depends on sequence %s", c.Name, t.Name, seq.Name)).
				WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
	}
	return nil
}

// renameInDefaults rewrites the column defaults that draw from sequence old
// (nextval('old'::regclass)) for its new name: PostgreSQL refers to the sequence by OID,
// pgfast keeps the default as SQL text.
func (b *binder) renameInDefaults(a *alterState, old *catalog.TableDef, name string) {
	names := &pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user, Path: b.path, TempSchema: b.tempSchema}
	ref := quoteSeqName(name)
	if old.Schema != catalog.DefaultSchema && !strings.HasPrefix(old.Schema, catalog.TempSchemaPrefix) {
		ref = quoteSeqName(old.Schema) + "." + ref
	}
	for _, t := range b.cat.Tables() {
		for i, c := range t.Columns {
			if names.DefaultSequence(c.Default) != old.OID {
				continue
			}
			d := a.other(t)
			if len(d.Columns) > 0 && &d.Columns[0] == &t.Columns[0] {
				d.Columns = slices.Clone(t.Columns)
			}
			d.Columns[i].Default = "nextval('" + ref + "'::regclass)"
		}
	}
}

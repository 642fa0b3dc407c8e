package planner

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// FOREIGN KEY constraints of CREATE TABLE and ALTER TABLE ... ADD become
// catalog.ForeignKeyDefs of the referencing table, checked as PostgreSQL checks them when
// it adds one (ATAddForeignKeyConstraint): the referenced table is a table, the columns
// exist, the referenced ones are its primary key or carry a unique index, the column types
// have an equality the referencing side can be coerced to, and an unnamed key is named
// table_col1_col2_fkey. Enforcement is package fkey's.

// fkConstraint is one FOREIGN KEY constraint as written, with its column when it is a
// column constraint (REFERENCES).
type fkConstraint struct {
	con *pg_query.Constraint
	col string
}

// foreignKeys binds the foreign keys of def and appends them to it. creating is set in
// CREATE TABLE, where def has no OID yet and may be referenced by its own keys (their
// RefTable is then 0, which storage resolves). taken holds the constraint names of the
// table; the names given are added.
func (b *binder) foreignKeys(def *catalog.TableDef, fcs []fkConstraint, creating bool, taken map[string]bool) error {
	for _, fc := range fcs {
		fk, err := b.foreignKey(def, fc, creating, taken)
		if err != nil {
			return err
		}
		def.ForeignKeys = append(def.ForeignKeys, fk)
	}
	return nil
}

func (b *binder) foreignKey(def *catalog.TableDef, fc fkConstraint, creating bool, taken map[string]bool) (catalog.ForeignKeyDef, error) {
	con := fc.con
	fk := catalog.ForeignKeyDef{Name: con.Conname, Match: catalog.FKMatchSimple, Deferrable: con.Deferrable || con.Initdeferred,
		Deferred: con.Initdeferred, NotValid: con.SkipValidation && !creating,
		OnUpdate: fkAction(con.FkUpdAction), OnDelete: fkAction(con.FkDelAction)}
	switch con.FkMatchtype {
	case "f":
		fk.Match = catalog.FKMatchFull
	case "p":
		return fk, b.errorf(-1, pgcode.FeatureNotSupported, "MATCH PARTIAL not yet implemented")
	}
	if fk.Name == "" {
		cols := names(con.FkAttrs)
		if fc.col != "" {
			cols = []string{fc.col}
		}
		fk.Name = chooseConstraintName(def.Name, fkNameAddition(cols), "fkey", func(n string) bool {
			return taken[n] || b.constraintNameTaken(def.Schema, n)
		})
	} else if taken[fk.Name] {
		return fk, b.errorf(-1, pgcode.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", fk.Name, def.Name)
	}
	taken[fk.Name] = true

	ref, err := b.referencedTable(def, con.Pktable, creating)
	if err != nil {
		return fk, err
	}
	fkNames := names(con.FkAttrs)
	if fc.col != "" {
		fkNames = []string{fc.col}
	}
	if fk.Columns, err = fkColumns(def, fkNames); err != nil {
		return fk, err
	}
	if err := fkSetColumns(&fk, def, names(con.FkDelSetCols)); err != nil {
		return fk, err
	}
	if fk.RefColumns, err = referencedColumns(ref, names(con.PkAttrs)); err != nil {
		return fk, err
	}
	if len(fk.RefColumns) != len(fk.Columns) {
		return fk, pgerror.New(pgcode.InvalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
	}
	for i, c := range fk.Columns {
		fkCol, pkCol := def.Columns[c], ref.Columns[fk.RefColumns[i]]
		if !fkTypesCompatible(fkCol.Type, pkCol.Type) {
			return fk, pgerror.Newf(pgcode.DatatypeMismatch, "foreign key constraint \"%s\" cannot be implemented", fk.Name).
				WithDetail("Key columns \"" + fkCol.Name + "\" and \"" + pkCol.Name + "\" are of incompatible types: " +
					b.fmtType(types.Of(fkCol.Type.OID)) + " and " + b.fmtType(types.Of(pkCol.Type.OID)) + ".")
		}
	}
	fk.RefTable = ref.OID
	return fk, nil
}

// referencedTable resolves the table a foreign key references; in CREATE TABLE the name of
// the table being created means the table itself.
func (b *binder) referencedTable(def *catalog.TableDef, rv *pg_query.RangeVar, creating bool) (*catalog.TableDef, error) {
	if creating && rv.Relname == def.Name && (rv.Schemaname == "" || rv.Schemaname == def.Schema) {
		return def, nil
	}
	ref, err := b.lookupTable(rv)
	if err != nil {
		err.(*pgerror.Error).Position = 0
		return nil, err
	}
	if ref.OID == def.OID && !creating {
		return def, nil // the table as this ALTER TABLE leaves it
	}
	if ref.Kind != catalog.KindTable || ref.Virtual {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "referenced relation \"%s\" is not a table", ref.Name)
	}
	return ref, nil
}

// fkColumns resolves the named columns of a foreign key in def.
func fkColumns(def *catalog.TableDef, cols []string) ([]int, error) {
	out := make([]int, len(cols))
	for i, name := range cols {
		if out[i] = def.ColumnIndex(name); out[i] < 0 {
			if systemColumn(name) {
				return nil, pgerror.New(pgcode.InvalidForeignKey, "system columns cannot be used in foreign keys")
			}
			return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", name)
		}
	}
	return out, nil
}

// systemColumn reports whether name is one of PostgreSQL's system columns.
func systemColumn(name string) bool {
	switch name {
	case "ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid":
		return true
	}
	return false
}

// fkSetColumns resolves ON DELETE SET NULL / SET DEFAULT (columns), which must be
// referencing columns of the key.
func fkSetColumns(fk *catalog.ForeignKeyDef, def *catalog.TableDef, cols []string) error {
	if len(cols) == 0 {
		return nil
	}
	set, err := fkColumns(def, cols)
	if err != nil {
		return err
	}
	var unique []int
	for i, c := range set {
		if !slices.Contains(fk.Columns, c) {
			return pgerror.Newf(pgcode.InvalidColumnReference, "column \"%s\" referenced in ON DELETE SET action must be part of foreign key", cols[i])
		}
		if !slices.Contains(unique, c) {
			unique = append(unique, c)
		}
	}
	fk.SetColumns = unique
	return nil
}

// referencedColumns resolves the referenced columns: those named, which a unique index of
// ref must cover exactly, or ref's primary key.
func referencedColumns(ref *catalog.TableDef, cols []string) ([]int, error) {
	if len(cols) == 0 {
		i := slices.IndexFunc(ref.Indexes, func(ix catalog.IndexDef) bool { return ix.Primary })
		if i < 0 {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "there is no primary key for referenced table \"%s\"", ref.Name)
		}
		return slices.Clone(ref.Indexes[i].Columns), nil
	}
	out, err := fkColumns(ref, cols)
	if err != nil {
		return nil, err
	}
	for i, c := range out {
		if slices.Contains(out[:i], c) {
			return nil, pgerror.New(pgcode.InvalidForeignKey, "foreign key referenced-columns list must not contain duplicates")
		}
	}
	if catalog.KeyIndex(ref, out) == nil {
		return nil, pgerror.Newf(pgcode.InvalidForeignKey, "there is no unique constraint matching given keys for referenced table \"%s\"", ref.Name)
	}
	return out, nil
}

// fkTypesCompatible reports whether a referencing column of type fkT can reference one of
// type pkT: PostgreSQL needs an equality operator of the referenced column's operator
// family taking the referencing type, or an implicit coercion of the referencing type to
// the referenced one.
func fkTypesCompatible(fkT, pkT types.T) bool {
	if fkT.OID == pkT.OID {
		return true
	}
	if f := typeFamily(fkT.OID); f != 0 && f == typeFamily(pkT.OID) {
		return true
	}
	return types.CanCast(fkT.OID, pkT.OID, types.Implicit)
}

// typeFamily numbers the btree operator families that hold several types (integer_ops,
// float_ops, text_ops); 0 for the others.
func typeFamily(oid types.OID) int {
	switch oid {
	case types.Int2, types.Int4, types.Int8:
		return 1
	case types.Float4, types.Float8:
		return 2
	case types.Text, types.Varchar:
		return 3
	}
	return 0
}

func fkAction(s string) catalog.FKAction {
	switch s {
	case "r":
		return catalog.FKRestrict
	case "c":
		return catalog.FKCascade
	case "n":
		return catalog.FKSetNull
	case "d":
		return catalog.FKSetDefault
	}
	return catalog.FKNoAction
}

// nameDataLen is PostgreSQL's NAMEDATALEN: names are at most nameDataLen-1 bytes.
const nameDataLen = 64

// fkNameAddition joins a foreign key's column names with underscores, as PostgreSQL builds
// the middle part of its default name, stopping once it is a name's length.
func fkNameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() >= nameDataLen {
			break
		}
	}
	return b.String()
}

// chooseConstraintName returns name1_name2_label, both names shortened to fit a name as
// PostgreSQL's makeObjectName does, with a number appended to label while taken.
func chooseConstraintName(name1, name2, label string, taken func(string) bool) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		if name := makeObjectName(name1, name2, l); !taken(name) {
			return name
		}
	}
}

// makeObjectName joins name1, name2 and label with underscores, clipping the longer of the
// two names a byte at a time until the result fits in a name.
func makeObjectName(name1, name2, label string) string {
	n1, n2 := len(name1), len(name2)
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	for avail := nameDataLen - 1 - overhead; n1+n2 > avail; {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clipName(name1, n1)
	if name2 != "" {
		out += "_" + clipName(name2, n2)
	}
	if label != "" {
		out += "_" + label
	}
	return out
}

// clipName cuts s to at most n bytes without splitting a character.
func clipName(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// BindChecks binds the CHECK constraints of table def over its row outside any statement:
// the rows foreign keys' referential actions change belong to tables no statement names.
func BindChecks(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, sc Scope) ([]CheckExpr, error) {
	return newBinder(cat, reg, "", sc).tableChecks(def)
}

// BindDefaults binds the defaults of the columns cols of table def outside any statement
// (ON DELETE SET DEFAULT).
func BindDefaults(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, cols []int, sc Scope) ([]Expr, error) {
	b := newBinder(cat, reg, "", sc)
	out := make([]Expr, len(cols))
	for i, c := range cols {
		e, err := b.bindDefault(def.Columns[c])
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// isAttrConstraint reports whether con is a DEFERRABLE / INITIALLY clause written after a
// column constraint, which the grammar gives as a constraint of its own.
func isAttrConstraint(con *pg_query.Constraint) bool {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
		return true
	}
	return false
}

// applyConstraintAttr applies a DEFERRABLE / INITIALLY clause to the column constraint
// before it, as PostgreSQL's transformConstraintAttrs does; only foreign keys take them
// here.
func (b *binder) applyConstraintAttr(last, attr *pg_query.Constraint) error {
	clause := map[pg_query.ConstrType]string{
		pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE:     "DEFERRABLE",
		pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE: "NOT DEFERRABLE",
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED:       "INITIALLY DEFERRED",
		pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:      "INITIALLY IMMEDIATE",
	}[attr.Contype]
	if last == nil || last.Contype != pg_query.ConstrType_CONSTR_FOREIGN {
		if last != nil && (last.Contype == pg_query.ConstrType_CONSTR_PRIMARY || last.Contype == pg_query.ConstrType_CONSTR_UNIQUE) {
			return b.errorf(attr.Location, pgcode.FeatureNotSupported, "DEFERRABLE and INCLUDE of key constraints are not supported yet")
		}
		return b.errorf(attr.Location, pgcode.SyntaxError, "misplaced %s clause", clause)
	}
	switch attr.Contype {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE:
		last.Deferrable = true
	case pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
		if last.Initdeferred {
			return b.errorf(attr.Location, pgcode.SyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE")
		}
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRED:
		last.Initdeferred = true
		if !last.Deferrable {
			last.Deferrable = true // INITIALLY DEFERRED implies DEFERRABLE unless NOT DEFERRABLE was said
		}
	}
	return nil
}

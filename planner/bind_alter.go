package planner

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// AlterTable is a bound ALTER TABLE: the table's definition after all its subcommands, and
// for each of its columns the column of the current definition it continues, or -1 for an
// added column, which reads NULL in existing rows. Columns of the current definition not
// listed in Src are dropped.
type AlterTable struct {
	Def *catalog.TableDef
	Src []int
	// FillCols are the added columns with a DEFAULT, which existing rows take, and Fill the
	// bound defaults, evaluated over the existing rows (once per row if volatile).
	FillCols []int
	Fill     []Expr
	// ValidateKeys names the foreign keys of Def whose rows are checked once it is applied
	// (ADD FOREIGN KEY, VALIDATE CONSTRAINT).
	ValidateKeys []string
	// Others are other tables altered with this one: foreign keys of theirs that follow
	// the table's columns, or were dropped with what they relied on (CASCADE).
	Others []*AlterTable
}

// Notice is a message for the client that does not stop the statement, such as IF EXISTS's
// "... does not exist, skipping".
type Notice struct {
	Code    pgcode.Code
	Message string
	Detail  string
}

func (b *binder) truncate(s *pg_query.TruncateStmt) (*Statement, error) {
	st := &Statement{Kind: StmtTruncate, Tag: "TRUNCATE TABLE"}
	for _, n := range s.Relations {
		def, err := b.lookupTable(n.Node.(*pg_query.Node_RangeVar).RangeVar)
		if err != nil {
			err.(*pgerror.Error).Position = 0 // reported without a cursor, as PostgreSQL does
			return nil, err
		}
		if def.Virtual {
			return nil, systemCatalogError(def)
		}
		if def.Kind == catalog.KindView || def.Kind == catalog.KindMatView {
			return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a table", def.Name)
		}
		if err := changeForeignError(def, "truncate"); err != nil {
			return nil, err
		}
		if err := b.requireTable(def, acl.Truncate); err != nil {
			return nil, err
		}
		if !slices.Contains(st.Truncate, def) {
			st.Truncate = append(st.Truncate, def)
		}
	}
	if err := b.truncateReferencing(st, s.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
		return nil, err
	}
	return st, nil
}

// alterTarget looks up the table of ALTER TABLE; with IF EXISTS a missing one gives a
// statement that only reports the notice.
func (b *binder) alterTarget(rv *pg_query.RangeVar, missingOk bool) (*catalog.TableDef, *Statement, error) {
	def, err := b.lookupTable(rv)
	if err == nil {
		if def.Virtual {
			return nil, nil, systemCatalogError(def)
		}
		if err := b.requireOwner(def); err != nil {
			return nil, nil, err
		}
		return def, nil, nil
	}
	if missingOk {
		return nil, &Statement{Kind: StmtAlterTable, Tag: "ALTER TABLE", Notices: []Notice{
			{Code: pgcode.SuccessfulCompletion, Message: "relation \"" + rv.Relname + "\" does not exist, skipping"}}}, nil
	}
	err.(*pgerror.Error).Position = 0
	return nil, nil, err
}

// alterState accumulates the subcommands of one ALTER TABLE.
type alterState struct {
	old     *catalog.TableDef
	def     catalog.TableDef
	src     []int
	notices []Notice
	// validations check the rows against constraints being added.
	validations []DomainValidation
	// validateKeys are the foreign keys whose rows are checked (AlterTable.ValidateKeys);
	// others the other tables the statement alters (bind_fkey_alter.go).
	validateKeys []string
	others       map[types.OID]*catalog.TableDef
	// cascade is set by a DROP ... CASCADE subcommand.
	cascade bool
}

func newAlterState(def *catalog.TableDef) *alterState {
	a := &alterState{old: def, def: *def}
	a.def.Columns = slices.Clone(def.Columns)
	a.def.Indexes = slices.Clone(def.Indexes)
	a.def.Checks = slices.Clone(def.Checks)
	a.def.ForeignKeys = slices.Clone(def.ForeignKeys)
	for i := range def.Columns {
		a.src = append(a.src, i)
	}
	return a
}

func (a *alterState) statement() *Statement {
	def := a.def
	return &Statement{Kind: StmtAlterTable, Tag: "ALTER TABLE", Notices: a.notices, DomainChecks: a.validations,
		Alter: &AlterTable{Def: &def, Src: a.src, ValidateKeys: a.validateKeys, Others: a.othersAltered()}}
}

func (a *alterState) column(name string) int { return a.def.ColumnIndex(name) }

func (b *binder) alterTable(s *pg_query.AlterTableStmt) (*Statement, error) {
	if len(s.Cmds) == 1 && s.Cmds[0].GetAlterTableCmd().GetSubtype() == pg_query.AlterTableType_AT_ChangeOwner {
		tag := map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_VIEW: "ALTER VIEW", pg_query.ObjectType_OBJECT_SEQUENCE: "ALTER SEQUENCE",
			pg_query.ObjectType_OBJECT_FOREIGN_TABLE: "ALTER FOREIGN TABLE", pg_query.ObjectType_OBJECT_MATVIEW: "ALTER MATERIALIZED VIEW"}[s.Objtype]
		return b.changeOwner(s.Relation, s.Cmds[0].GetAlterTableCmd().Newowner, s.MissingOk, cmpOr(tag, "ALTER TABLE"))
	}
	foreign := s.Objtype == pg_query.ObjectType_OBJECT_FOREIGN_TABLE
	if s.Objtype == pg_query.ObjectType_OBJECT_TYPE {
		return b.alterCompositeType(s)
	}
	view := s.Objtype == pg_query.ObjectType_OBJECT_VIEW
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE && !foreign && !view {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "ALTER supports only tables, views and foreign tables")
	}
	old, skip, err := b.alterTarget(s.Relation, s.MissingOk)
	if old == nil {
		return skip, err
	}
	if view || old.Kind == catalog.KindView && viewCommandsOnly(s) {
		return b.alterView(s, old)
	}
	a := newAlterState(old)
	for _, n := range s.Cmds {
		cmd := n.Node.(*pg_query.Node_AlterTableCmd).AlterTableCmd
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			col, refs, err := b.columnDef(cmd.Def.Node.(*pg_query.Node_ColumnDef).ColumnDef)
			if err != nil {
				return nil, err
			}
			if a.column(col.Name) >= 0 {
				msg := "column \"" + col.Name + "\" of relation \"" + old.Name + "\" already exists"
				if cmd.MissingOk {
					a.notices = append(a.notices, Notice{Code: pgcode.DuplicateColumn, Message: msg + ", skipping"})
					continue
				}
				return nil, pgerror.New(pgcode.DuplicateColumn, msg)
			}
			a.def.Columns = append(a.def.Columns, col)
			a.src = append(a.src, -1)
			if err := b.addColumnKeys(a, refs); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_DropColumn:
			i := a.column(cmd.Name)
			if i < 0 {
				msg := "column \"" + cmd.Name + "\" of relation \"" + old.Name + "\" does not exist"
				if cmd.MissingOk {
					a.notices = append(a.notices, Notice{Code: pgcode.SuccessfulCompletion, Message: msg + ", skipping"})
					continue
				}
				return nil, pgerror.New(pgcode.UndefinedColumn, msg)
			}
			kept := make([]int, 0, len(a.def.Columns))
			for c := range a.def.Columns {
				if c != i {
					kept = append(kept, c)
				}
			}
			a.def.Indexes = catalog.RemapIndexes(a.def.Indexes, kept)
			a.def.ForeignKeys = catalog.RemapForeignKeys(old.OID, a.def.ForeignKeys, kept)
			a.cascade = a.cascade || cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE
			a.dropChecksOf(cmd.Name)
			a.def.Columns = slices.Delete(a.def.Columns, i, i+1)
			a.src = slices.Delete(a.src, i, i+1)
		case pg_query.AlterTableType_AT_SetNotNull, pg_query.AlterTableType_AT_DropNotNull:
			i := a.column(cmd.Name)
			if i < 0 {
				return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, old.Name)
			}
			a.def.Columns[i].NotNull = cmd.Subtype == pg_query.AlterTableType_AT_SetNotNull
		case pg_query.AlterTableType_AT_ColumnDefault:
			i := a.column(cmd.Name)
			if i < 0 {
				return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, old.Name)
			}
			a.def.Columns[i].Default = ""
			if cmd.Def != nil {
				if a.def.Columns[i].Default, err = b.columnDefault(cmd.Def, a.def.Columns[i]); err != nil {
					if pe, ok := err.(*pgerror.Error); ok {
						pe.Position = 0 // PostgreSQL reports ALTER ... SET DEFAULT errors without a cursor
					}
					return nil, err
				}
			}
		case pg_query.AlterTableType_AT_GenericOptions:
			if err := b.alterForeignOptions(a, cmd); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			if err := b.addConstraint(a, cmd.Def.Node.(*pg_query.Node_Constraint).Constraint); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_DropConstraint:
			if err := b.dropConstraint(a, cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_ValidateConstraint:
			if err := a.validateConstraint(cmd.Name); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_AlterConstraint:
			if err := a.alterConstraint(cmd.Def.Node.(*pg_query.Node_Constraint).Constraint); err != nil {
				return nil, err
			}
		default:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "this form of ALTER TABLE is not supported yet")
		}
	}
	if err := b.followColumns(a, a.cascade); err != nil {
		return nil, err
	}
	st := a.statement()
	if foreign {
		st.Tag = "ALTER FOREIGN TABLE"
	}
	for i, c := range a.def.Columns {
		// An added column of a domain takes the domain's default, or a NULL that must pass
		// its NOT NULL, as PostgreSQL fills it.
		if a.src[i] >= 0 || c.Default == "" && len(b.cat.DomainChain(c.Type.OID)) == 0 {
			continue
		}
		e, err := b.bindDefault(c)
		if err != nil {
			return nil, err
		}
		st.Alter.FillCols = append(st.Alter.FillCols, i)
		st.Alter.Fill = append(st.Alter.Fill, e)
	}
	return st, nil
}

// columnDef binds the column of ALTER TABLE ... ADD COLUMN, and returns its REFERENCES
// constraints, bound once the column is added.
func (b *binder) columnDef(cd *pg_query.ColumnDef) (catalog.Column, []fkConstraint, error) {
	t, err := b.typeName(cd.TypeName)
	if err != nil {
		return catalog.Column{}, nil, err
	}
	col := catalog.Column{Name: cd.Colname, Type: t, NotNull: cd.IsNotNull}
	if err := b.checkColumnType(col.Name, col.Type); err != nil {
		return col, nil, err
	}
	var refs []fkConstraint
	var last *pg_query.Constraint
	for _, c := range cd.Constraints {
		con := c.Node.(*pg_query.Node_Constraint).Constraint
		if isAttrConstraint(con) {
			if err := b.applyConstraintAttr(last, con); err != nil {
				return col, nil, err
			}
			continue
		}
		last = con
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_FOREIGN:
			refs = append(refs, fkConstraint{con: con, col: cd.Colname})
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
		case pg_query.ConstrType_CONSTR_DEFAULT:
			var err error
			if col.Default, err = b.columnDefault(con.RawExpr, col); err != nil {
				return col, nil, err
			}
		default:
			return col, nil, b.errorf(con.Location, pgcode.FeatureNotSupported, "this column constraint is not supported yet")
		}
	}
	return col, refs, nil
}

// rename binds ALTER TABLE ... RENAME TO and RENAME COLUMN.
// renameKinds are the relations ALTER ... RENAME renames: ALTER TABLE any relation, the
// others only their own kind, as in PostgreSQL.
var renameKinds = map[pg_query.ObjectType]struct {
	kind catalog.TableKind
	noun string
}{
	pg_query.ObjectType_OBJECT_TABLE:         {},
	pg_query.ObjectType_OBJECT_COLUMN:        {},
	pg_query.ObjectType_OBJECT_FOREIGN_TABLE: {catalog.KindForeign, "foreign table"},
	pg_query.ObjectType_OBJECT_VIEW:          {catalog.KindView, "view"},
	pg_query.ObjectType_OBJECT_MATVIEW:       {catalog.KindMatView, "materialized view"},
	pg_query.ObjectType_OBJECT_SEQUENCE:      {catalog.KindSequence, "sequence"},
}

func (b *binder) rename(s *pg_query.RenameStmt) (*Statement, error) {
	want, ok := renameKinds[s.RenameType]
	if !ok {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "ALTER ... RENAME supports only relations and columns")
	}
	old, skip, err := b.alterTarget(s.Relation, s.MissingOk)
	if old == nil {
		return skip, err
	}
	if want.kind != 0 && old.Kind != want.kind {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a %s", old.Name, want.noun)
	}
	a := newAlterState(old)
	if s.RenameType != pg_query.ObjectType_OBJECT_COLUMN {
		if b.cat.RelationNameTaken(old.Schema, s.Newname) {
			return nil, pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", s.Newname)
		}
		a.def.Name = s.Newname
		b.renameInViews(a, old, s.Newname)
		if old.Kind == catalog.KindSequence {
			b.renameInDefaults(a, old, s.Newname)
		}
		st := a.statement()
		if want.noun != "" {
			st.Tag = "ALTER " + strings.ToUpper(want.noun)
		}
		return st, nil
	}
	i := a.column(s.Subname)
	if i < 0 {
		return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" does not exist", s.Subname)
	}
	if a.column(s.Newname) >= 0 {
		return nil, pgerror.Newf(pgcode.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", s.Newname, old.Name)
	}
	a.def.Columns[i].Name = s.Newname
	for k, c := range a.def.Checks {
		a.def.Checks[k].Expr = renameInCheck(c.Expr, s.Subname, s.Newname)
	}
	if err := b.renameInIndexes(&a.def, s.Subname, s.Newname); err != nil {
		return nil, err
	}
	return a.statement(), nil
}

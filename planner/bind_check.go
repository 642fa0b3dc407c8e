package planner

import (
	"slices"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// CHECK constraints of tables (catalog.CheckDef) are kept as SQL text and bound over the
// table's row wherever rows are written (INSERT, UPDATE, COPY FROM, ON CONFLICT DO UPDATE):
// the statement carries them as CheckExprs, which the executor evaluates over each new row.

// CheckExpr is a CHECK constraint bound over a row of its table (column i is the table's
// column i). A row breaks it where Pred is false.
//
// With View set it is the WITH CHECK OPTION of view Name, written through: a row breaks it
// where Pred is false or NULL (as PostgreSQL's ExecWithCheckOptions decides), giving 44000.
type CheckExpr struct {
	Name string
	Pred Expr
	View bool
}

// rowScope is the scope of a row of def, its columns named as the table.
func rowScope(def *catalog.TableDef) *scope {
	sc := &scope{}
	for i, c := range def.Columns {
		sc.cols = append(sc.cols, scopeCol{table: def.Name, name: c.Name, t: c.Type, idx: i, tableOID: def.OID, attnum: int16(i + 1)})
	}
	return sc
}

// tableChecks binds the CHECK constraints of def over its row.
func (b *binder) tableChecks(def *catalog.TableDef) ([]CheckExpr, error) {
	var out []CheckExpr
	for _, c := range def.Checks {
		sc := rowScope(def)
		e, err := b.bindStored(c.Expr, "check constraint", func(raw *pg_query.Node) (Expr, error) {
			return b.boolArg(raw, sc, "CHECK")
		})
		if err != nil {
			return nil, err
		}
		out = append(out, CheckExpr{Name: c.Name, Pred: e})
	}
	return out, nil
}

// checkConstraint binds a CHECK constraint of table def: its predicate must be boolean and
// may read only the table's columns. An unnamed one is named table_column_check when it
// reads one column, table_check otherwise, as PostgreSQL names it; mine holds the names
// the statement gave.
func (b *binder) checkConstraint(def *catalog.TableDef, con *pg_query.Constraint, mine map[string]bool) (catalog.CheckDef, error) {
	sc := rowScope(def)
	sc.aggClause = "check constraints"
	if _, err := b.boolArg(con.RawExpr, sc, "CHECK"); err != nil {
		return catalog.CheckDef{}, err
	}
	text, err := deparseExpr(con.RawExpr, "check constraint")
	if err != nil {
		return catalog.CheckDef{}, err
	}
	name := con.Conname
	if name == "" {
		label := "check"
		if cols := distinct(checkColumnsOf(text)); len(cols) == 1 {
			label = cols[0] + "_check"
		}
		name = chooseName(def.Name+"_"+label, func(n string) bool { return mine[n] || b.constraintNameTaken(def.Schema, n) })
	} else if mine[name] {
		return catalog.CheckDef{}, b.errorf(-1, pgcode.DuplicateObject, "check constraint \"%s\" already exists", name)
	}
	mine[name] = true
	return catalog.CheckDef{Name: name, Expr: text}, nil
}

// distinct returns names without repeats, in first-seen order.
func distinct(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// constraintNameTaken reports whether a constraint of a table of the schema has the name.
func (b *binder) constraintNameTaken(schema, name string) bool {
	for _, t := range b.cat.Tables() {
		if t.Schema != schema {
			continue
		}
		for _, c := range t.Checks {
			if c.Name == name {
				return true
			}
		}
		for _, ix := range t.Indexes {
			if ix.ConstraintOID != 0 && ix.Name == name {
				return true
			}
		}
		for _, fk := range t.ForeignKeys {
			if fk.Name == name {
				return true
			}
		}
	}
	return false
}

// addCheck binds ALTER TABLE ... ADD [CONSTRAINT name] CHECK (expr): the table's rows are
// checked before the constraint is added (st.DomainChecks), as PostgreSQL validates them.
func (b *binder) addCheck(a *alterState, con *pg_query.Constraint) error {
	if len(a.def.Columns) != len(a.old.Columns) || a.def.Name != a.old.Name {
		return b.errorf(con.Location, pgcode.FeatureNotSupported, "ADD CHECK together with column changes in one ALTER TABLE is not supported yet")
	}
	mine := map[string]bool{}
	for _, c := range a.def.Checks {
		mine[c.Name] = true
	}
	cd, err := b.checkConstraint(&a.def, con, mine)
	if err != nil {
		return err
	}
	a.def.Checks = append(a.def.Checks, cd)
	if con.SkipValidation {
		return nil
	}
	sc := rowScope(a.old)
	pred, err := b.boolArg(con.RawExpr, sc, "CHECK")
	if err != nil {
		return err
	}
	scan := &Scan{Table: a.old}
	for i, c := range a.old.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: a.old.OID, Attnum: int16(i + 1)})
	}
	bad := &BoolExpr{Op: Not, Args: []Expr{&Coalesce{Args: []Expr{pred, boolConst(true)}, T: types.TBool}}}
	q, err := Optimize(&Limit{Input: &Filter{Input: scan, Pred: bad}, Count: &Const{Value: scalar.NewInt64Scalar(1), T: types.TInt8}}, b.reg, b.stats)
	if err != nil {
		return err
	}
	a.validations = append(a.validations, DomainValidation{Table: a.old.Name, Check: cd.Name, Query: q})
	return nil
}

// checkColumnsOf returns the names of the columns a stored CHECK predicate reads.
func checkColumnsOf(text string) []string {
	tree, err := pg_query.Parse("SELECT " + text)
	if err != nil {
		return nil
	}
	var out []string
	walkParseTree(tree.ProtoReflect(), func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok && len(cr.Fields) > 0 {
			out = append(out, strVal(cr.Fields[len(cr.Fields)-1]))
		}
	})
	return out
}

// renameInCheck rewrites a stored CHECK predicate for a column renamed from old to name.
func renameInCheck(text, old, name string) string {
	tree, err := pg_query.Parse("SELECT " + text)
	if err != nil {
		return text
	}
	walkParseTree(tree.ProtoReflect(), func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok && len(cr.Fields) > 0 {
			if s, ok := cr.Fields[len(cr.Fields)-1].Node.(*pg_query.Node_String_); ok && s.String_.Sval == old {
				s.String_.Sval = name
			}
		}
	})
	sql, err := pg_query.Deparse(tree)
	if err != nil {
		return text
	}
	return strings.TrimPrefix(sql, "SELECT ")
}

// dropChecksOf removes the CHECK constraints that read column col, which goes with them as
// PostgreSQL drops them with it.
func (a *alterState) dropChecksOf(col string) {
	a.def.Checks = slices.DeleteFunc(slices.Clone(a.def.Checks), func(c catalog.CheckDef) bool {
		return slices.Contains(checkColumnsOf(c.Expr), col)
	})
}

package pgcatalog

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The unique indexes of tables (catalog.IndexDef) and the PRIMARY KEY and UNIQUE
// constraints they implement, as PostgreSQL describes them: a pg_class row of kind 'i'
// using btree, a pg_index row, a pg_constraint row, pg_indexes, and the definitions
// pg_get_indexdef and pg_get_constraintdef print (psql's \d reads them all).

// tableIndex is one index with its table.
type tableIndex struct {
	table *catalog.TableDef
	ix    *catalog.IndexDef
}

// indexes returns every index of the snapshot's tables, in table order.
func (s *Source) indexes() []tableIndex {
	if s.Catalog == nil {
		return nil
	}
	return catalogIndexes(s.Catalog)
}

func catalogIndexes(cat *catalog.Catalog) []tableIndex {
	var out []tableIndex
	for _, t := range cat.Tables() {
		for i := range t.Indexes {
			out = append(out, tableIndex{t, &t.Indexes[i]})
		}
	}
	return out
}

// indexClasses writes the pg_class rows of the indexes.
func (s *Source) indexClasses(w *rowWriter) {
	for _, ti := range s.indexes() {
		w.oid(ti.ix.OID).str(ti.ix.Name).oid(s.relNamespace(ti.table.Schema)).
			oid(0).oid(0).oid(BootstrapSuperuser).oid(btreeAM).oid(ti.ix.OID). // reltype, reloftype, owner, am, relfilenode
			oid(0).i32(1).f32(0).i32(0).                                       // reltablespace, relpages, reltuples, relallvisible
			oid(0).boolean(false).boolean(false).
			char('p').char('i').i16(int16(len(ti.ix.Columns) + len(ti.ix.Include))).
			i16(0).boolean(false).boolean(false).boolean(false).
			boolean(false).boolean(false).boolean(true).char('n').boolean(false).
			oid(0).oid(0).oid(0).
			null().null().null().end()
	}
}

// indexRows writes pg_index.
func (s *Source) indexRows(w *rowWriter) {
	for _, ti := range s.indexes() {
		ix := ti.ix
		n := len(ix.Columns)
		keys := make([]int16, n)
		colls := make([]types.OID, n)
		classes := make([]types.OID, n)
		options := make([]int16, n)
		for i, c := range ix.Columns {
			keys[i] = int16(c + 1)
			options[i] = ix.KeyOption(i)
			colls[i] = collationOf(ix.KeyType(ti.table, i).OID)
			classes[i] = 0
		}
		for _, c := range ix.Include {
			keys = append(keys, int16(c+1))
		}
		w.oid(ix.OID).oid(ti.table.OID).i16(int16(len(keys))).i16(int16(n)).
			boolean(ix.Unique).boolean(ix.NullsNotDistinct).boolean(ix.Primary).boolean(false). // unique, nullsnotdistinct, primary, exclusion
			boolean(true).boolean(false).boolean(true).boolean(false).                          // immediate, clustered, valid, checkxmin
			boolean(true).boolean(true).boolean(false).                                         // ready, live, replident
			i16Vector(keys).oidVector(colls).oidVector(classes).i16Vector(options).
			optStr(indexExprs(ix)).optStr(ix.Pred).end()
	}
}

// keyConstraints writes the pg_constraint rows of the PRIMARY KEY and UNIQUE constraints.
func (s *Source) keyConstraints(w *rowWriter) {
	for _, ti := range s.indexes() {
		ix := ti.ix
		if ix.ConstraintOID == 0 {
			continue
		}
		keys := make([]int16, len(ix.Columns))
		for i, c := range ix.Columns {
			keys[i] = int16(c + 1)
		}
		w.oid(ix.ConstraintOID).str(ix.Name).oid(s.relNamespace(ti.table.Schema)).char(constraintType(ix)).
			boolean(false).boolean(false).boolean(true).        // deferrable, deferred, validated
			oid(ti.table.OID).oid(0).oid(ix.OID).oid(0).oid(0). // conrelid, contypid, conindid, conparentid, confrelid
			char(' ').char(' ').char(' ').
			boolean(true).i32(0).boolean(true). // islocal, inhcount, noinherit
			i16Array(keys).nulls(6).null().end()
	}
}

// checkConstraints writes the pg_constraint rows of the tables' CHECK constraints; conbin
// holds the predicate's SQL text as pg_get_expr prints it, as adbin does for defaults.
func (s *Source) checkConstraints(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, t := range s.Catalog.Tables() {
		for _, c := range t.Checks {
			w.oid(c.OID).str(c.Name).oid(s.relNamespace(t.Schema)).char('c').
				boolean(false).boolean(false).boolean(true).
				oid(t.OID).oid(0).oid(0).oid(0).oid(0).
				char(' ').char(' ').char(' ').
				boolean(true).i32(0).boolean(false).
				null().nulls(6).str(s.names().checkExpr(t, c.Expr, false)).end()
		}
	}
}

// checkDef is pg_get_constraintdef of a table's CHECK constraint.
func (n *Names) checkDef(oid types.OID, pretty bool) (string, bool) {
	for _, t := range n.Catalog.Tables() {
		for _, c := range t.Checks {
			if c.OID == oid {
				return "CHECK (" + n.checkExpr(t, c.Expr, pretty) + ")", true
			}
		}
	}
	return "", false
}

// checkExpr prints a CHECK expression of table t as PostgreSQL does: the non-pretty form
// parenthesizes every operator, the stored text's top one included.
func (n *Names) checkExpr(t *catalog.TableDef, expr string, pretty bool) string {
	if n.ExprDef != nil {
		if out, ok := n.ExprDef(t, expr, pretty); ok {
			return out
		}
	}
	if pretty {
		return expr
	}
	return "(" + expr + ")"
}

func constraintType(ix *catalog.IndexDef) byte {
	if ix.Primary {
		return 'p'
	}
	return 'u'
}

// pgIndexes writes the pg_indexes view.
func (s *Source) pgIndexes(w *rowWriter) {
	n := s.names()
	for _, ti := range s.indexes() {
		w.str(ti.table.Schema).str(ti.table.Name).str(ti.ix.Name).null().str(n.indexDef(ti, 0, false)).end()
	}
}

// findIndex returns the index of the given OID, or of the constraint of that OID.
func (n *Names) findIndex(oid types.OID, constraint bool) (tableIndex, bool) {
	if n.Catalog == nil {
		return tableIndex{}, false
	}
	for _, ti := range catalogIndexes(n.Catalog) {
		if !constraint && ti.ix.OID == oid || constraint && ti.ix.ConstraintOID == oid && oid != 0 {
			return ti, true
		}
	}
	return tableIndex{}, false
}

// IndexDef is pg_get_indexdef: the CREATE INDEX statement of index oid, or with col > 0
// the name of its col'th key column.
func (n *Names) IndexDef(oid types.OID, col int, pretty bool) (string, bool) {
	ti, ok := n.findIndex(oid, false)
	if !ok {
		return "", false
	}
	return n.indexDef(ti, col, pretty), true
}

func (n *Names) indexDef(ti tableIndex, col int, pretty bool) string {
	if col > 0 {
		if k := col - 1 - len(ti.ix.Columns); k >= 0 {
			if k >= len(ti.ix.Include) {
				return ""
			}
			return types.QuoteIdent(ti.table.Columns[ti.ix.Include[k]].Name)
		}
		if c := ti.ix.Columns[col-1]; c >= 0 {
			return types.QuoteIdent(ti.table.Columns[c].Name)
		}
		return ti.ix.Expr(col - 1)
	}
	out := "CREATE INDEX "
	if ti.ix.Unique {
		out = "CREATE UNIQUE INDEX "
	}
	rel := types.QuoteIdent(ti.table.Schema) + "." + types.QuoteIdent(ti.table.Name)
	if pretty && n.TableVisible(ti.table.OID) {
		rel = types.QuoteIdent(ti.table.Name) // the pretty form qualifies only what the path hides
	}
	out += types.QuoteIdent(ti.ix.Name) + " ON " + rel + " USING " + ti.ix.AccessMethod() + " (" + indexKeys(ti, pretty) + ")"
	if len(ti.ix.Include) > 0 {
		incl := make([]string, len(ti.ix.Include))
		for i, c := range ti.ix.Include {
			incl[i] = types.QuoteIdent(ti.table.Columns[c].Name)
		}
		out += " INCLUDE (" + strings.Join(incl, ", ") + ")"
	}
	if ti.ix.NullsNotDistinct {
		out += " NULLS NOT DISTINCT"
	}
	if p := ti.ix.Pred; p != "" {
		switch {
		case !pretty && ti.ix.PredPlain != "":
			p = ti.ix.PredPlain
		case !pretty && !simpleText(p):
			p = "(" + p + ")" // written before the plain form was kept
		}
		out += " WHERE " + p
	}
	return out
}

// keyOrderText is how pg_get_indexdef describes a key's ordering: DESC, and NULLS FIRST
// or LAST where they differ from the direction's default.
func keyOrderText(opt int16) string {
	desc, first := opt&catalog.IndexDesc != 0, opt&catalog.IndexNullsFirst != 0
	switch {
	case desc && first:
		return " DESC"
	case desc:
		return " DESC NULLS LAST"
	case first:
		return " NULLS FIRST"
	}
	return ""
}

// indexExprs is pg_index.indexprs: the expression keys of an index, as pg_get_expr prints
// a list of them; empty for none.
func indexExprs(ix *catalog.IndexDef) string {
	var out []string
	for k, e := range ix.Exprs {
		if e != "" {
			out = append(out, ix.ExprPlain(k))
		}
	}
	return strings.Join(out, ", ")
}

// simpleText reports whether an expression's text is a name or a call, which the plain
// form of pg_get_indexdef prints without parentheses.
func simpleText(e string) bool {
	i := strings.IndexFunc(e, func(r rune) bool { return r != '_' && r != '.' && !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if i < 0 {
		return true
	}
	if i == 0 || e[i] != '(' || !strings.HasSuffix(e, ")") {
		return false
	}
	depth := 0
	for j := i; j < len(e); j++ {
		switch e[j] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 && j != len(e)-1 {
				return false
			}
		case '\'':
			return false // a literal may hold parentheses
		}
	}
	return true
}

// keyConstraintDef is pg_get_constraintdef of a PRIMARY KEY or UNIQUE constraint.
func (n *Names) keyConstraintDef(oid types.OID) (string, bool) {
	ti, ok := n.findIndex(oid, true)
	if !ok {
		return "", false
	}
	kind := "UNIQUE "
	if ti.ix.Primary {
		kind = "PRIMARY KEY "
	} else if ti.ix.NullsNotDistinct {
		kind = "UNIQUE NULLS NOT DISTINCT "
	}
	return kind + "(" + keyColumns(ti) + ")", true
}

// indexKeys lists the keys of an index as pg_get_indexdef does, each with the collation
// and operator class CREATE INDEX gave it. An expression that is not a call is kept in
// parentheses, which the plain form doubles, as its operators print parenthesised there.
func indexKeys(ti tableIndex, pretty bool) string {
	keys := make([]string, len(ti.ix.Columns))
	for i, c := range ti.ix.Columns {
		if c < 0 {
			keys[i] = ti.ix.Expr(i)
			if !pretty && strings.HasPrefix(keys[i], "(") {
				keys[i] = "(" + ti.ix.ExprPlain(i) + ")"
			} else if !pretty {
				keys[i] = ti.ix.ExprPlain(i)
			}
		} else {
			keys[i] = types.QuoteIdent(ti.table.Columns[c].Name)
		}
		if coll := ti.ix.KeyCollation(i); coll != "" && coll != "default" {
			keys[i] += ` COLLATE "` + coll + `"`
		}
		if opc := ti.ix.KeyOpclass(i); opc != "" {
			keys[i] += " " + opc
		}
		keys[i] += keyOrderText(ti.ix.KeyOption(i))
	}
	return strings.Join(keys, ", ")
}

func keyColumns(ti tableIndex) string {
	cols := make([]string, len(ti.ix.Columns))
	for i, c := range ti.ix.Columns {
		cols[i] = types.QuoteIdent(ti.table.Columns[c].Name)
	}
	return strings.Join(cols, ", ")
}

// i16Vector appends an int2vector: a one-dimensional array of int2 counted from 0.
func (w *rowWriter) i16Vector(vs []int16) *rowWriter {
	ab := types.ArrayBuilderOf(w.field())
	ab.Begin()
	eb := ab.Elems().(*array.Int16Builder)
	eb.AppendValues(vs, nil)
	s := types.Vector(len(vs))
	if len(vs) > 0 {
		s.LBounds[0] = 0
	}
	ab.End(s)
	return w
}

// i16Array appends an int2[].
func (w *rowWriter) i16Array(vs []int16) *rowWriter {
	ab := types.ArrayBuilderOf(w.field())
	ab.Begin()
	ab.Elems().(*array.Int16Builder).AppendValues(vs, nil)
	ab.End(types.Vector(len(vs)))
	return w
}

// indexRelation describes an index as a relation, for the reg* and visibility functions.
func indexRelation(ti tableIndex) *catalog.TableDef {
	return &catalog.TableDef{OID: ti.ix.OID, Schema: ti.table.Schema, Name: ti.ix.Name, Kind: catalog.KindIndex}
}

// isTableConstraints writes information_schema.table_constraints for the user's tables:
// their NOT NULL columns (named nspoid_reloid_attnum_not_null, as PostgreSQL lists them,
// of type CHECK), CHECK constraints, primary keys and unique constraints.
func (s *Source) isTableConstraints(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	row := func(t *catalog.TableDef, name, kind string) *rowWriter {
		return w.str(s.Database).str(t.Schema).str(name).str(s.Database).str(t.Schema).str(t.Name).str(kind).
			str("NO").str("NO").str("YES")
	}
	for _, t := range s.Catalog.Tables() {
		if !t.HoldsRows() {
			continue
		}
		for _, ti := range catalogIndexes(s.Catalog) {
			if ti.table != t || ti.ix.ConstraintOID == 0 {
				continue
			}
			if ti.ix.Primary {
				row(t, ti.ix.Name, "PRIMARY KEY").null().end()
				continue
			}
			distinct := "YES"
			if ti.ix.NullsNotDistinct {
				distinct = "NO"
			}
			row(t, ti.ix.Name, "UNIQUE").str(distinct).end()
		}
		for _, c := range t.Checks {
			row(t, c.Name, "CHECK").null().end()
		}
		for _, fk := range t.ForeignKeys {
			w.str(s.Database).str(t.Schema).str(fk.Name).str(s.Database).str(t.Schema).str(t.Name).str("FOREIGN KEY").
				str(yesNo(fk.Deferrable)).str(yesNo(fk.Deferred)).str("YES").null().end()
		}
		for i, c := range t.Columns {
			if c.NotNull {
				name := fmt.Sprintf("%d_%d_%d_not_null", s.relNamespace(t.Schema), t.OID, i+1)
				row(t, name, "CHECK").null().end()
			}
		}
	}
}

// yesNo spells a flag as information_schema's yes_or_no does.
func yesNo(v bool) string {
	if v {
		return "YES"
	}
	return "NO"
}

// isKeyColumnUsage writes information_schema.key_column_usage: the columns of the primary
// keys, unique constraints and foreign keys (with the position of the column each
// references in the referenced key).
func (s *Source) isKeyColumnUsage(w *rowWriter) {
	defer s.foreignKeyColumnUsage(w)
	for _, ti := range s.indexes() {
		if ti.ix.ConstraintOID == 0 {
			continue
		}
		t := ti.table
		for k, c := range ti.ix.Columns {
			w.str(s.Database).str(t.Schema).str(ti.ix.Name).str(s.Database).str(t.Schema).str(t.Name).
				str(t.Columns[c].Name).i32(int32(k + 1)).null().end()
		}
	}
}

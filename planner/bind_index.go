package planner

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CREATE INDEX, DROP INDEX and ALTER TABLE ADD / DROP CONSTRAINT change a table's indexes
// (catalog.IndexDef): they are bound as ALTER TABLE of the table, which storage applies,
// checking the rows against a new unique index.

// addConstraint binds ALTER TABLE ... ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE (cols).
func (b *binder) addConstraint(a *alterState, con *pg_query.Constraint) error {
	if con.Contype == pg_query.ConstrType_CONSTR_CHECK {
		return b.addCheck(a, con)
	}
	if con.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
		return b.addForeignKey(a, con)
	}
	if con.Contype != pg_query.ConstrType_CONSTR_PRIMARY && con.Contype != pg_query.ConstrType_CONSTR_UNIQUE {
		return b.errorf(con.Location, pgcode.FeatureNotSupported, "this constraint is not supported yet")
	}
	if con.Indexname != "" {
		return b.constraintUsingIndex(a, con)
	}
	keys, err := b.noteKey(nil, con, "")
	if err != nil {
		return err
	}
	if con.Contype == pg_query.ConstrType_CONSTR_PRIMARY && slices.ContainsFunc(a.def.Indexes, func(ix catalog.IndexDef) bool { return ix.Primary }) {
		return pgerror.Newf(pgcode.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", a.def.Name)
	}
	ix, label, err := b.keyIndex(&a.def, keys[0])
	if err != nil {
		return err
	}
	if err := b.nameIndex(&a.def, &ix, label, a.indexNames()); err != nil {
		return err
	}
	a.def.Indexes = append(a.def.Indexes, ix)
	return nil
}

// constraintUsingIndex binds ALTER TABLE ... ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE
// USING INDEX index: the table's unique index becomes the constraint's (renamed to it), if
// it is one a constraint could have made, as PostgreSQL's transformIndexConstraint checks.
func (b *binder) constraintUsingIndex(a *alterState, con *pg_query.Constraint) error {
	i := slices.IndexFunc(a.def.Indexes, func(ix catalog.IndexDef) bool { return ix.Name == con.Indexname })
	if i < 0 {
		if t, _ := b.findIndex("", con.Indexname); t != nil {
			return b.errorf(con.Location, pgcode.WrongObjectType, "index \"%s\" does not belong to table \"%s\"", con.Indexname, a.def.Name)
		}
		return b.errorf(con.Location, pgcode.UndefinedObject, "index \"%s\" does not exist", con.Indexname)
	}
	ix := &a.def.Indexes[i]
	unusable := func(format string, args ...any) error {
		return b.errorf(con.Location, pgcode.WrongObjectType, format, args...).
			WithDetail("Cannot create a primary key or unique constraint using such an index.")
	}
	switch {
	case ix.ConstraintOID != 0:
		return b.errorf(con.Location, pgcode.ObjectNotInPrerequisiteState, "index \"%s\" is already associated with a constraint", ix.Name)
	case !ix.Unique:
		return unusable("\"%s\" is not a unique index", ix.Name)
	case slices.Contains(ix.Columns, -1):
		return unusable("index \"%s\" contains expressions", ix.Name)
	case ix.Pred != "":
		return unusable("\"%s\" is a partial index", ix.Name)
	}
	for k := range ix.Columns {
		if ix.KeyOption(k) != 0 || ix.KeyCollation(k) != "" || ix.KeyOpclass(k) != "" {
			return unusable("index \"%s\" column number %d does not have default sorting behavior", ix.Name, k+1)
		}
	}
	if con.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
		if slices.ContainsFunc(a.def.Indexes, func(ix catalog.IndexDef) bool { return ix.Primary }) {
			return pgerror.Newf(pgcode.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", a.def.Name)
		}
		ix.Primary = true
		for _, c := range ix.Columns {
			a.def.Columns[c].NotNull = true
		}
	}
	if con.Conname != "" && con.Conname != ix.Name {
		if b.cat.RelationNameTaken(a.def.Schema, con.Conname) {
			return pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", con.Conname)
		}
		a.notices = append(a.notices, Notice{Code: pgcode.SuccessfulCompletion,
			Message: "ALTER TABLE / ADD CONSTRAINT USING INDEX will rename index \"" + ix.Name + "\" to \"" + con.Conname + "\""})
		ix.Name = con.Conname
	}
	ix.Constraint = true
	return nil
}

// indexNames returns the names of the indexes the table will have.
func (a *alterState) indexNames() map[string]bool {
	out := map[string]bool{}
	for _, ix := range a.def.Indexes {
		out[ix.Name] = true
	}
	return out
}

// dropConstraint binds ALTER TABLE ... DROP CONSTRAINT [IF EXISTS] name: the constraint's
// index goes with it (a primary key's columns stay NOT NULL, as in PostgreSQL 15), and with
// CASCADE the foreign keys relying on that index.
func (b *binder) dropConstraint(a *alterState, name string, missingOk, cascade bool) error {
	if c := slices.IndexFunc(a.def.Checks, func(c catalog.CheckDef) bool { return c.Name == name }); c >= 0 {
		a.def.Checks = slices.Delete(a.def.Checks, c, c+1)
		return nil
	}
	if a.dropForeignKey(name) {
		return nil
	}
	i := slices.IndexFunc(a.def.Indexes, func(ix catalog.IndexDef) bool { return ix.Name == name && ix.ConstraintOID != 0 })
	if i < 0 {
		msg := "constraint \"" + name + "\" of relation \"" + a.def.Name + "\" does not exist"
		if missingOk {
			a.notices = append(a.notices, Notice{Code: pgcode.SuccessfulCompletion, Message: msg + ", skipping"})
			return nil
		}
		return pgerror.New(pgcode.UndefinedObject, msg)
	}
	ix := a.def.Indexes[i]
	deps := b.keysOnIndex(a, &ix)
	if err := b.dropDependentKeys(a, deps, cascade, "constraint "+name+" on table "+a.def.Name, "index "+name); err != nil {
		return err
	}
	a.def.Indexes = slices.DeleteFunc(a.def.Indexes, func(d catalog.IndexDef) bool { return d.OID == ix.OID })
	return nil
}

// createIndex binds CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON table
// [USING method] (column | (expression) [ASC | DESC] [NULLS FIRST | LAST], ...) [NULLS [NOT]
// DISTINCT] [INCLUDE (column, ...)] [WHERE predicate]. CONCURRENTLY builds it as a plain
// CREATE INDEX does. Expression keys and predicates are bound by bind_index_expr.go.
func (b *binder) createIndex(s *pg_query.IndexStmt) (*Statement, error) {
	if len(s.Options) > 0 || s.TableSpace != "" {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "WITH and TABLESPACE of CREATE INDEX are not supported yet")
	}
	old, _, err := b.alterTarget(s.Relation, false)
	if err != nil {
		return nil, err
	}
	if !old.HoldsRows() {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "cannot create index on relation \"%s\"", old.Name).
			WithDetail("This operation is not supported for " + relationNoun(old) + "s.")
	}
	a := newAlterState(old)
	ix := catalog.IndexDef{Name: s.Idxname, Unique: s.Unique, NullsNotDistinct: s.NullsNotDistinct}
	if s.AccessMethod != "" && s.AccessMethod != "btree" {
		ix.Method = s.AccessMethod
	}
	labels, err := b.indexKeys(&a.def, &ix, s.IndexParams)
	if err != nil {
		return nil, err
	}
	if ix.Include, err = b.includedColumns(&a.def, s.IndexIncludingParams); err != nil {
		return nil, err
	}
	if s.WhereClause != nil {
		var refs []int
		if ix.Pred, ix.PredPlain, refs, err = b.bindIndexPredicate(&a.def, s.WhereClause); err != nil {
			return nil, err
		}
		ix.Refs = mergeColumns(ix.Refs, refs)
	}
	st := &Statement{Kind: StmtAlterTable, Tag: "CREATE INDEX"}
	if ix.Name != "" && b.cat.RelationNameTaken(old.Schema, ix.Name) {
		if !s.IfNotExists {
			return nil, pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", ix.Name)
		}
		st.Notices = []Notice{{Code: pgcode.SuccessfulCompletion, Message: "relation \"" + ix.Name + "\" already exists, skipping"}}
		return st, nil
	}
	if err := b.nameIndex(&a.def, &ix, strings.Join(labels, "_")+"_idx", a.indexNames()); err != nil {
		return nil, err
	}
	a.def.Indexes = append(a.def.Indexes, ix)
	st.Alter = a.statement().Alter
	return st, nil
}

// indexKeys binds the keys of CREATE INDEX into ix and returns their parts of the index's
// default name.
func (b *binder) indexKeys(def *catalog.TableDef, ix *catalog.IndexDef, params []*pg_query.Node) ([]string, error) {
	var labels []string
	for _, n := range params {
		el := n.Node.(*pg_query.Node_IndexElem).IndexElem
		if len(el.Opclassopts) > 0 {
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "operator class options are not supported yet")
		}
		if opt := keyOrder(el); opt != 0 || ix.Options != nil {
			for len(ix.Options) < len(ix.Columns) {
				ix.Options = append(ix.Options, 0)
			}
			ix.Options = append(ix.Options, opt)
		}
		key, err := b.bindIndexKey(def, el)
		if err != nil {
			return nil, err
		}
		coll, opc, err := b.indexKeyOptions(el, key.t)
		if err != nil {
			return nil, err
		}
		if coll != "" || opc != "" {
			for len(ix.Collations) < len(ix.Columns) {
				ix.Collations, ix.Opclasses = append(ix.Collations, ""), append(ix.Opclasses, "")
			}
		}
		if coll != "" || opc != "" || ix.Collations != nil {
			ix.Collations, ix.Opclasses = append(ix.Collations, coll), append(ix.Opclasses, opc)
		}
		if key.col < 0 {
			for len(ix.Exprs) < len(ix.Columns) {
				ix.Exprs, ix.ExprsPlain, ix.ExprTypes = append(ix.Exprs, ""), append(ix.ExprsPlain, ""), append(ix.ExprTypes, types.T{})
			}
			ix.Refs = mergeColumns(ix.Refs, key.refs)
		}
		if key.col < 0 || ix.Exprs != nil {
			ix.Exprs, ix.ExprsPlain = append(ix.Exprs, key.expr), append(ix.ExprsPlain, key.plain)
			ix.ExprTypes = append(ix.ExprTypes, types.T{})
			if key.col < 0 {
				ix.ExprTypes[len(ix.ExprTypes)-1] = key.t
			}
		}
		ix.Columns = append(ix.Columns, key.col)
		labels = append(labels, key.label)
	}
	return labels, nil
}

// includedColumns binds INCLUDE (column, ...): plain columns only, as in PostgreSQL.
func (b *binder) includedColumns(def *catalog.TableDef, params []*pg_query.Node) ([]int, error) {
	var out []int
	for _, n := range params {
		el := n.Node.(*pg_query.Node_IndexElem).IndexElem
		if el.Name == "" {
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "expressions are not supported in included columns")
		}
		i := def.ColumnIndex(el.Name)
		if i < 0 {
			return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" does not exist", el.Name)
		}
		out = append(out, i)
	}
	return out, nil
}

// keyOrder is pg_index.indoption of a key: how its values are ordered (DESC, NULLS FIRST),
// which changes how the index is described, not what it holds.
func keyOrder(el *pg_query.IndexElem) int16 {
	var opt int16
	if el.Ordering == pg_query.SortByDir_SORTBY_DESC {
		opt = catalog.IndexDesc | catalog.IndexNullsFirst
	}
	switch el.NullsOrdering {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		opt |= catalog.IndexNullsFirst
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		opt &^= catalog.IndexNullsFirst
	}
	return opt
}

// mergeColumns returns the sorted union of two sets of column ordinals, leaving out
// negative ones.
func mergeColumns(a, b []int) []int {
	out := slices.Clone(a)
	for _, c := range b {
		if c >= 0 && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// dropIndex binds DROP INDEX [CONCURRENTLY] [IF EXISTS] name, ... of one table. An index
// that implements a constraint is dropped with the constraint, not by itself.
func (b *binder) dropIndex(s *pg_query.DropStmt) (*Statement, error) {
	st := &Statement{Kind: StmtAlterTable, Tag: "DROP INDEX"}
	var a *alterState
	for _, o := range s.Objects {
		parts := names(o.Node.(*pg_query.Node_List).List.Items)
		schema, name := "", parts[len(parts)-1]
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		table, ix := b.findIndex(schema, name)
		if table == nil {
			if !s.MissingOk {
				return nil, pgerror.Newf(pgcode.UndefinedObject, "index \"%s\" does not exist", strings.Join(parts, "."))
			}
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "index \"" + strings.Join(parts, ".") + "\" does not exist, skipping"})
			continue
		}
		if ix.ConstraintOID != 0 {
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop index %s because constraint %s on table %s requires it", ix.Name, ix.Name, table.Name).
				WithHint("You can drop constraint " + ix.Name + " on table " + table.Name + " instead.")
		}
		switch {
		case a == nil:
			a = newAlterState(table)
		case a.old.OID != table.OID:
			return nil, pgerror.New(pgcode.FeatureNotSupported, "DROP INDEX of indexes of several tables is not supported yet")
		}
		a.def.Indexes = slices.DeleteFunc(a.def.Indexes, func(d catalog.IndexDef) bool { return d.OID == ix.OID })
	}
	if a != nil {
		st.Alter = a.statement().Alter
	}
	return st, nil
}

// findIndex resolves a possibly qualified index name along the search path.
func (b *binder) findIndex(schema, name string) (*catalog.TableDef, *catalog.IndexDef) {
	path := []string{schema}
	if schema == "" {
		path = b.lookupPath()
	}
	for _, s := range path {
		if t, ix := b.cat.IndexNamed(s, name); t != nil {
			return t, ix
		}
	}
	return nil, nil
}

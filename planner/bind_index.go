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
// [USING method] (column | (expression), ...) [NULLS [NOT] DISTINCT] [WHERE predicate].
// CONCURRENTLY builds it as a plain CREATE INDEX does; INCLUDE and key orderings are
// refused. Expression keys and predicates are bound by bind_index_expr.go.
func (b *binder) createIndex(s *pg_query.IndexStmt) (*Statement, error) {
	if len(s.IndexIncludingParams) > 0 || len(s.Options) > 0 || s.TableSpace != "" {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "INCLUDE, WITH and TABLESPACE of CREATE INDEX are not supported yet")
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
	if s.WhereClause != nil {
		var refs []int
		if ix.Pred, refs, err = b.bindIndexPredicate(&a.def, s.WhereClause); err != nil {
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
		if el.Ordering != pg_query.SortByDir_SORTBY_DEFAULT || el.NullsOrdering != pg_query.SortByNulls_SORTBY_NULLS_DEFAULT ||
			len(el.Opclassopts) > 0 {
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "index key orderings are not supported yet")
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
				ix.Exprs, ix.ExprTypes = append(ix.Exprs, ""), append(ix.ExprTypes, types.T{})
			}
			ix.Refs = mergeColumns(ix.Refs, key.refs)
		}
		if key.col < 0 || ix.Exprs != nil {
			ix.Exprs = append(ix.Exprs, key.expr)
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

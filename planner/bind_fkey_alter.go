package planner

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ALTER TABLE and DROP change foreign keys of the table altered and of the tables that
// reference it: ADD / VALIDATE / ALTER / DROP CONSTRAINT of a key; a referenced key's index
// or column, or the referenced table, dropped only WITH CASCADE, which drops the keys
// relying on it; columns renumbered by DROP COLUMN, which the referencing keys follow.
// Changes to other tables ride along the statement as AlterTable.Others.

// constraintNames returns the names of the constraints of def.
func constraintNames(def *catalog.TableDef) map[string]bool {
	out := map[string]bool{}
	for _, c := range def.Checks {
		out[c.Name] = true
	}
	for _, ix := range def.Indexes {
		if ix.ConstraintOID != 0 {
			out[ix.Name] = true
		}
	}
	for _, fk := range def.ForeignKeys {
		out[fk.Name] = true
	}
	return out
}

// addForeignKey binds ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY: the table's rows
// are checked once the key is added, unless NOT VALID.
func (b *binder) addForeignKey(a *alterState, con *pg_query.Constraint) error {
	fk, err := b.foreignKey(&a.def, fkConstraint{con: con}, false, constraintNames(&a.def))
	if err != nil {
		return err
	}
	a.def.ForeignKeys = append(a.def.ForeignKeys, fk)
	if !fk.NotValid {
		a.validateKeys = append(a.validateKeys, fk.Name)
	}
	return nil
}

// validateConstraint binds ALTER TABLE ... VALIDATE CONSTRAINT name.
func (a *alterState) validateConstraint(name string) error {
	i := slices.IndexFunc(a.def.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == name })
	if i >= 0 {
		if a.def.ForeignKeys[i].NotValid {
			a.def.ForeignKeys[i].NotValid = false
			a.validateKeys = append(a.validateKeys, name)
		}
		return nil
	}
	if _, ok := constraintNames(&a.def)[name]; ok {
		return nil // CHECK, PRIMARY KEY and UNIQUE constraints are always valid here
	}
	return pgerror.Newf(pgcode.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", name, a.def.Name)
}

// alterConstraint binds ALTER TABLE ... ALTER CONSTRAINT name [NOT] DEFERRABLE [INITIALLY
// DEFERRED | IMMEDIATE], which only foreign keys take.
func (a *alterState) alterConstraint(con *pg_query.Constraint) error {
	i := slices.IndexFunc(a.def.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == con.Conname })
	if i < 0 {
		if _, ok := constraintNames(&a.def)[con.Conname]; ok {
			return pgerror.Newf(pgcode.WrongObjectType, "constraint \"%s\" of relation \"%s\" is not a foreign key constraint", con.Conname, a.def.Name)
		}
		return pgerror.Newf(pgcode.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", con.Conname, a.def.Name)
	}
	a.def.ForeignKeys[i].Deferrable = con.Deferrable
	a.def.ForeignKeys[i].Deferred = con.Initdeferred
	return nil
}

// dropForeignKey drops the foreign key name of the table; false if it has none of the name.
func (a *alterState) dropForeignKey(name string) bool {
	i := slices.IndexFunc(a.def.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == name })
	if i < 0 {
		return false
	}
	a.def.ForeignKeys = slices.Delete(a.def.ForeignKeys, i, i+1)
	return true
}

// other returns the definition of table t as the statement leaves it, starting from its
// current one.
func (a *alterState) other(t *catalog.TableDef) *catalog.TableDef {
	if a.others == nil {
		a.others = map[types.OID]*catalog.TableDef{}
	}
	if d := a.others[t.OID]; d != nil {
		return d
	}
	d := *t
	d.ForeignKeys = slices.Clone(t.ForeignKeys)
	a.others[t.OID] = &d
	return &d
}

// dependentKey is a foreign key that depends on an object being dropped.
type dependentKey struct {
	table *catalog.TableDef
	key   string
}

func (k dependentKey) String() string { return "constraint " + k.key + " on table " + k.table.Name }

// dropDependentKeys refuses, or WITH CASCADE drops (with the notice PostgreSQL gives), the
// foreign keys that depend on an object being dropped. what names it as the error does
// ("constraint t_pkey on table t") and on as the detail does ("index t_pkey").
func (b *binder) dropDependentKeys(a *alterState, deps []dependentKey, cascade bool, what, on string) error {
	if len(deps) == 0 {
		return nil
	}
	if !cascade {
		lines := make([]string, len(deps))
		for i, d := range deps {
			lines[i] = d.String() + " depends on " + on
		}
		return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop %s because other objects depend on it", what).
			WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	a.notices = append(a.notices, cascadeNotice(deps))
	for _, d := range deps {
		if d.table.OID == a.old.OID {
			a.dropForeignKey(d.key)
			continue
		}
		o := a.other(d.table)
		o.ForeignKeys = slices.DeleteFunc(o.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == d.key })
	}
	return nil
}

// cascadeNotice is PostgreSQL's notice of the objects a DROP ... CASCADE drops with it.
func cascadeNotice(deps []dependentKey) Notice {
	if len(deps) == 1 {
		return Notice{Code: pgcode.SuccessfulCompletion, Message: "drop cascades to " + deps[0].String()}
	}
	lines := make([]string, len(deps))
	for i, d := range deps {
		lines[i] = "drop cascades to " + d.String()
	}
	return Notice{Code: pgcode.SuccessfulCompletion, Message: fmt.Sprintf("drop cascades to %d other objects", len(deps)),
		Detail: strings.Join(lines, "\n")}
}

// keysOnIndex returns the foreign keys that rely on unique index ix of table def.
func (b *binder) keysOnIndex(a *alterState, ix *catalog.IndexDef) []dependentKey {
	var out []dependentKey
	for _, tk := range b.cat.ReferencingKeys(a.old.OID) {
		if tk.Table.OID == a.old.OID {
			continue // the table's own keys are in a.def
		}
		if k := catalog.KeyIndex(a.old, tk.Key.RefColumns); k != nil && k.OID == ix.OID {
			out = append(out, dependentKey{tk.Table, tk.Key.Name})
		}
	}
	for _, fk := range a.def.ForeignKeys {
		if fk.RefTable == a.old.OID {
			if k := catalog.KeyIndex(&a.def, fk.RefColumns); k != nil && k.OID == ix.OID {
				out = append(out, dependentKey{&a.def, fk.Name})
			}
		}
	}
	return out
}

// followColumns renumbers the referenced columns of the keys of other tables referencing
// the table altered, once its columns are final (a.src), and refuses, or WITH CASCADE
// drops, the keys whose referenced column was dropped.
func (b *binder) followColumns(a *alterState, cascade bool) error {
	var lost []dependentKey
	var lostCol string
	for _, tk := range b.cat.ReferencingKeys(a.old.OID) {
		if tk.Table.OID == a.old.OID {
			continue
		}
		o := a.other(tk.Table)
		for i := range o.ForeignKeys {
			fk := &o.ForeignKeys[i]
			if fk.Name != tk.Key.Name {
				continue
			}
			cols, ok := remapThrough(fk.RefColumns, a.src)
			if !ok {
				lost = append(lost, dependentKey{tk.Table, fk.Name})
				if lostCol == "" {
					lostCol = a.old.Columns[fk.RefColumns[slices.IndexFunc(fk.RefColumns, func(c int) bool { return !slices.Contains(a.src, c) })]].Name
				}
				continue
			}
			fk.RefColumns = cols
		}
	}
	if err := b.dropDependentKeys(a, lost, cascade, "column "+lostCol+" of table "+a.old.Name, "column "+lostCol+" of table "+a.old.Name); err != nil {
		return err
	}
	for oid, d := range a.others {
		if cur := b.cat.TableByOID(oid); cur != nil && slices.EqualFunc(cur.ForeignKeys, d.ForeignKeys, sameKey) {
			delete(a.others, oid) // nothing changed there
		}
	}
	return nil
}

func sameKey(x, y catalog.ForeignKeyDef) bool {
	return x.Name == y.Name && slices.Equal(x.RefColumns, y.RefColumns) && slices.Equal(x.Columns, y.Columns)
}

// remapThrough maps old ordinals to new ones through src (src[new] = old).
func remapThrough(cols []int, src []int) ([]int, bool) {
	out := make([]int, len(cols))
	for i, c := range cols {
		n := slices.Index(src, c)
		if n < 0 {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// othersAltered returns the other tables' changes of the statement.
func (a *alterState) othersAltered() []*AlterTable {
	var out []*AlterTable
	for _, d := range a.others {
		src := make([]int, len(d.Columns))
		for i := range src {
			src[i] = i
		}
		out = append(out, &AlterTable{Def: d, Src: src})
	}
	slices.SortFunc(out, func(x, y *AlterTable) int { return int(x.Def.OID) - int(y.Def.OID) })
	return out
}

// dropReferencingKeys refuses to drop tables other tables' foreign keys reference, or WITH
// CASCADE drops those keys with them (st.Cascaded), with PostgreSQL's notice.
func (b *binder) dropReferencingKeys(st *Statement, cascade bool) error {
	dropping := map[types.OID]bool{}
	for _, d := range st.Drop {
		dropping[d.OID] = true
	}
	a := &alterState{}
	var deps []dependentKey
	var first *catalog.TableDef
	for _, d := range st.Drop {
		for _, tk := range b.cat.ReferencingKeys(d.OID) {
			if dropping[tk.Table.OID] {
				continue
			}
			if first == nil {
				first = d
			}
			deps = append(deps, dependentKey{tk.Table, tk.Key.Name})
		}
	}
	if len(deps) == 0 {
		return nil
	}
	if !cascade {
		lines := make([]string, len(deps))
		for i, k := range deps {
			on := k.table.ForeignKeys[slices.IndexFunc(k.table.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == k.key })].RefTable
			lines[i] = k.String() + " depends on table " + b.cat.TableByOID(on).Name
		}
		return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop table %s because other objects depend on it", first.Name).
			WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	st.Notices = append(st.Notices, cascadeNotice(deps))
	for _, k := range deps {
		o := a.other(k.table)
		o.ForeignKeys = slices.DeleteFunc(o.ForeignKeys, func(fk catalog.ForeignKeyDef) bool { return fk.Name == k.key })
	}
	st.Cascaded = a.othersAltered()
	return nil
}

// truncateReferencing refuses to truncate a table other tables' foreign keys reference,
// unless they are truncated too, which CASCADE does (with PostgreSQL's notice).
func (b *binder) truncateReferencing(st *Statement, cascade bool) error {
	for i := 0; i < len(st.Truncate); i++ {
		d := st.Truncate[i]
		for _, tk := range b.cat.ReferencingKeys(d.OID) {
			if slices.ContainsFunc(st.Truncate, func(t *catalog.TableDef) bool { return t.OID == tk.Table.OID }) {
				continue
			}
			if !cascade {
				return pgerror.New(pgcode.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
					WithDetail("Table \"" + tk.Table.Name + "\" references \"" + d.Name + "\".").
					WithHint("Truncate table \"" + tk.Table.Name + "\" at the same time, or use TRUNCATE ... CASCADE.")
			}
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "truncate cascades to table \"" + tk.Table.Name + "\""})
			st.Truncate = append(st.Truncate, tk.Table)
		}
	}
	return nil
}

// setConstraints binds SET CONSTRAINTS ALL | name, ... DEFERRED | IMMEDIATE. A name (along
// the search path, or in its schema) means every constraint of the name there; naming one
// that is not deferrable is an error, as in PostgreSQL.
func (b *binder) setConstraints(s *pg_query.ConstraintsSetStmt) (*Statement, error) {
	mode := &ConstraintMode{All: len(s.Constraints) == 0, Deferred: s.Deferred}
	for _, n := range s.Constraints {
		rv := n.Node.(*pg_query.Node_RangeVar).RangeVar
		path := []string{rv.Schemaname}
		if rv.Schemaname == "" {
			path = b.lookupPath()
		}
		found := false
		for _, schema := range path {
			for _, t := range b.cat.Tables() {
				if t.Schema != schema {
					continue
				}
				for _, fk := range t.ForeignKeys {
					if fk.Name != rv.Relname {
						continue
					}
					if !fk.Deferrable {
						return nil, pgerror.Newf(pgcode.WrongObjectType, "constraint \"%s\" is not deferrable", fk.Name)
					}
					mode.Keys, found = append(mode.Keys, fk.OID), true
				}
				if !found && constraintNames(t)[rv.Relname] {
					return nil, pgerror.Newf(pgcode.WrongObjectType, "constraint \"%s\" is not deferrable", rv.Relname)
				}
			}
			if found {
				break
			}
		}
		if !found {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "constraint \"%s\" does not exist", rv.Relname)
		}
	}
	return &Statement{Kind: StmtSetConstraints, Tag: "SET CONSTRAINTS", Constraints: mode}, nil
}

// addColumnKeys binds the REFERENCES constraints of a column ALTER TABLE ... ADD COLUMN
// adds; the rows are checked once the column has its values (a DEFAULT may give it some).
func (b *binder) addColumnKeys(a *alterState, refs []fkConstraint) error {
	for _, fc := range refs {
		fk, err := b.foreignKey(&a.def, fc, false, constraintNames(&a.def))
		if err != nil {
			return err
		}
		a.def.ForeignKeys = append(a.def.ForeignKeys, fk)
		a.validateKeys = append(a.validateKeys, fk.Name)
	}
	return nil
}

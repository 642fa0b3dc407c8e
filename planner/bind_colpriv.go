package planner

import (
	"cmp"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Column privileges. GRANT SELECT (a, b) ON t gives privileges on columns only; they are
// kept in each column's access control list (catalog.Column.ACL, pg_attribute.attacl).
// A statement needs, for every column it reads, SELECT on the table or on that column,
// and for every column it writes, INSERT or UPDATE on the table or the column, as
// PostgreSQL's ExecCheckPermissions does: reads are found while names are resolved
// (colUse marks each column a reference resolves to) and checked once the statement is
// bound; writes are checked where the target columns are known.

// columnGrant is one column privilege item of GRANT or REVOKE: privs (allPrivileges for
// ALL) on the named columns.
type columnGrant struct {
	privs acl.Priv
	names []string
}

// columnPrivilege reads a privilege with a column list.
func (b *binder) columnPrivilege(s *pg_query.GrantStmt, ap *pg_query.AccessPriv) (columnGrant, error) {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return columnGrant{}, pgerror.New(pgcode.InvalidGrantOperation, "column privileges are only valid for relations")
	}
	g := columnGrant{privs: allPrivileges, names: names(ap.Cols)}
	if ap.PrivName != "" {
		p, ok := acl.ByName(ap.PrivName)
		if !ok || p&^acl.Column.All() != 0 {
			return columnGrant{}, pgerror.Newf(pgcode.InvalidGrantOperation, "invalid privilege type %s for column", strings.ToUpper(ap.PrivName))
		}
		g.privs = p
	}
	return g, nil
}

// regrantColumns applies the column privilege items cols to relation def, starting from
// changed (def with its table privileges changed, or nil when they did not). It returns
// the relation to store, nil when nothing changes.
func (b *binder) regrantColumns(st *Statement, def, changed *catalog.TableDef, s *pg_query.GrantStmt, cols []columnGrant, grantees []types.OID) (*catalog.TableDef, error) {
	if len(cols) == 0 {
		return changed, nil
	}
	if def.Kind == catalog.KindSequence {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a table", def.Name)
	}
	c := changed
	if c == nil {
		d := *def
		c = &d
	}
	c.Columns = slices.Clone(c.Columns)
	for _, g := range cols {
		p := g.privs
		if p == allPrivileges {
			p = acl.Column.All()
		}
		grantor, p, err := b.grantorFor(st, def, p, s.IsGrant, g.privs == allPrivileges)
		if err != nil {
			return nil, err
		}
		for _, name := range g.names {
			i := def.ColumnIndex(name)
			if i < 0 {
				return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, def.Name)
			}
			if p == 0 {
				continue
			}
			l := c.Columns[i].ACL.Explicit(acl.Column, def.OwnerOID())
			if s.IsGrant {
				c.Columns[i].ACL = l.Grant(grantees, grantor, p, s.GrantOption)
			} else {
				c.Columns[i].ACL = revokeColumn(l, grantees, grantor, p, s.GrantOption)
			}
		}
	}
	return c, nil
}

// revokeColumn revokes privs from a column's list; a list left empty is no list (attacl
// NULL), as PostgreSQL stores it.
func revokeColumn(l acl.List, grantees []types.OID, grantor types.OID, privs acl.Priv, optionOnly bool) acl.List {
	if l == nil {
		return nil
	}
	out := l.Revoke(grantees, grantor, privs, optionOnly)
	if len(out) == 0 {
		return nil
	}
	return out
}

// colUse records which columns of one range over relation def a statement reads, for a
// role that lacks SELECT on the table itself and so needs it on each column read.
type colUse struct {
	def  *catalog.TableDef
	read []bool
	// needAny is set for a relation read in FROM: reading no column of it (count(*))
	// still needs SELECT on some column.
	needAny bool
	// also records the same reads for another check (a view written through).
	also *colUse
	// role is the role whose privileges the reads need (a view's owner, inside one).
	role *catalog.RoleDef
}

// mark records that column c of the range was read.
func (u *colUse) mark(c *scopeCol) {
	for ; u != nil; u = u.also {
		if c.useIdx >= 0 && c.useIdx < len(u.read) {
			u.read[c.useIdx] = true
		}
	}
}

// markCol records the read of scope column c, if its range is tracked.
func markCol(c *scopeCol) {
	if c.use != nil {
		c.use.mark(c)
	}
}

// readCheck checks that the current role may read relation def: it returns nil when the
// role holds SELECT on the table, and a colUse to track the columns read (see attach)
// when it holds SELECT only on some of its columns; with none, 42501. Columns from a FROM
// item (needAny) need some column readable even when none is read.
func (b *binder) readCheck(def *catalog.TableDef, needAny bool) (*colUse, error) {
	me, check := b.privilegeRole()
	if !check {
		return nil, nil
	}
	err := b.requireTableAs(me, def, acl.Select)
	if err == nil {
		return nil, nil
	}
	if needAny && (def.Virtual || !b.cat.SchemaHolds(me.OID, def.Schema, acl.Usage) || !b.cat.AnyColumnHolds(me.OID, def, acl.Select)) {
		return nil, err
	}
	u := &colUse{def: def, read: make([]bool, len(def.Columns)), needAny: needAny, role: me}
	b.colUses = append(b.colUses, u)
	return u, nil
}

// attach makes the columns of scope sc, the range reading u's relation with its columns
// in order, record their reads in u.
func (u *colUse) attach(sc *scope) {
	if u == nil || sc == nil {
		return
	}
	for i := range sc.cols {
		if i < len(u.read) {
			sc.cols[i].use, sc.cols[i].useIdx = u, i
		}
	}
}

// colNeed is a privilege a statement needs on some columns of a relation, checked once
// the statement is bound.
type colNeed struct {
	def  *catalog.TableDef
	want acl.Priv
	cols []int
}

// needColumns records that the statement needs want on columns cols of def (on some
// column when there are none), to be checked once it is bound: as in PostgreSQL, errors
// in the statement itself come before those of privileges.
func (b *binder) needColumns(def *catalog.TableDef, want acl.Priv, cols []int) {
	b.colNeeds = append(b.colNeeds, colNeed{def, want, slices.Clone(cols)})
}

// checkColumnReads checks, once a statement is bound, the privileges it needs on the
// relations it writes (needColumns) and the columns it reads (readCheck).
func (b *binder) checkColumnReads() error {
	for _, n := range b.colNeeds {
		if err := b.requireColumns(n.def, n.want, n.cols); err != nil {
			return err
		}
	}
	for _, u := range b.colUses {
		var cols []int
		for i, r := range u.read {
			if r {
				cols = append(cols, i)
			}
		}
		if len(cols) == 0 && !u.needAny {
			continue
		}
		if err := b.requireColumnsAs(cmp.Or(u.role, b.currentRole()), u.def, acl.Select, cols); err != nil {
			return err
		}
	}
	return b.checkViewReads()
}

// requireColumns checks that the current role holds want on each column cols (ordinals)
// of relation def, through the table or the column; with no columns, on some column.
func (b *binder) requireColumns(def *catalog.TableDef, want acl.Priv, cols []int) error {
	return b.requireColumnsAs(b.currentRole(), def, want, cols)
}

// requireColumnsAs is requireColumns for role me.
func (b *binder) requireColumnsAs(me *catalog.RoleDef, def *catalog.TableDef, want acl.Priv, cols []int) error {
	err := b.requireTableAs(me, def, want)
	if err == nil || def.Virtual {
		return err
	}
	if !b.cat.SchemaHolds(me.OID, def.Schema, acl.Usage) {
		return err
	}
	if len(cols) == 0 {
		if b.cat.AnyColumnHolds(me.OID, def, want) {
			return nil
		}
		return err
	}
	for _, c := range cols {
		if !b.cat.ColumnHolds(me.OID, def, c, want) {
			return err
		}
	}
	return nil
}

package pgcatalog

import (
	"regexp"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Dependencies between user objects, as pg_depend and pg_rewrite record them, which tools
// such as pg_dump read to order what they create: a view's rewrite rule depends on the
// relations and functions its query names; a function on its schema, the user types it
// takes or returns and what an SQL-standard body names; a column default calling nextval depends on the sequence; a
// serial column's sequence is owned by (auto-depends on) the column.
//
// pgfast keeps no rewrite rules or default expressions as objects of their own, so their
// OIDs are derived: a view's _RETURN rule has the view's OID (unique within pg_rewrite,
// which is what a catalog OID must be), and a column default attrDefOID's.

const (
	pgRewriteClass types.OID = 2618
	pgAttrDefClass types.OID = 2604
)

// attrDefOID is the OID of the default of column attnum of relation rel: unique within
// pg_attrdef for relations with OIDs below 2^21 and up to 2047 columns.
func attrDefOID(rel types.OID, attnum int) types.OID {
	return rel<<11 | types.OID(attnum)
}

// nextvalCall matches a default that draws from a sequence, capturing its name.
var nextvalCall = regexp.MustCompile(`^nextval\('((?:[^']|'')+)'::regclass\)$`)

// rewrites lists every view's _RETURN rule.
func (s *Source) rewrites(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, d := range s.Catalog.Tables() {
		if (d.Kind == catalog.KindView || d.Kind == catalog.KindMatView) && !d.Virtual {
			w.oid(d.OID).str("_RETURN").oid(d.OID).char('1').char('O').boolean(true).str("<>").str(d.ViewSQL).end()
		}
	}
}

// userDepends lists the dependencies between user objects.
func (s *Source) userDepends(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	names := s.names()
	for _, d := range s.Catalog.Tables() {
		if (d.Kind == catalog.KindView || d.Kind == catalog.KindMatView) && !d.Virtual {
			w.oid(pgRewriteClass).oid(d.OID).i32(0).oid(pgClassClass).oid(d.OID).i32(0).char('i').end()
			for _, dep := range d.ViewDeps {
				if cls := s.depClass(dep); cls != 0 {
					w.oid(pgRewriteClass).oid(d.OID).i32(0).oid(cls).oid(dep).i32(0).char('n').end()
				}
			}
		}
		for i, c := range d.Columns {
			m := nextvalCall.FindStringSubmatch(c.Default)
			if m == nil {
				continue
			}
			seq, err := names.ObjectOID(types.Regclass, unquoteLiteral(m[1]))
			if err != nil {
				continue
			}
			w.oid(pgAttrDefClass).oid(attrDefOID(d.OID, i+1)).i32(0).oid(pgClassClass).oid(seq).i32(0).char('n').end()
			if sd := s.Catalog.TableByOID(seq); sd != nil && sd.Sequence != nil && sd.Sequence.OwnedBy == d.OID {
				w.oid(pgClassClass).oid(seq).i32(0).oid(pgClassClass).oid(d.OID).i32(int32(i + 1)).char('a').end()
			}
		}
	}
	s.functionDepends(w)
}

// depClass is the catalog of a relation or user function a view or function depends on
// (pg_class or pg_proc); 0 when it no longer exists.
func (s *Source) depClass(oid types.OID) types.OID {
	switch {
	case s.Catalog.TableByOID(oid) != nil:
		return pgClassClass
	case s.Catalog.Function(oid) != nil:
		return pgProcClass
	}
	return 0
}

// functionDepends lists what user functions depend on, as PostgreSQL records it: their
// schema (pg_catalog is pinned, so never), the user types of their parameters and result,
// and what an SQL-standard body names.
func (s *Source) functionDepends(w *rowWriter) {
	for _, f := range s.Catalog.Functions() {
		if f.Schema != CatalogSchema {
			w.oid(pgProcClass).oid(f.OID).i32(0).oid(pgNamespaceClass).oid(s.relNamespace(f.Schema)).i32(0).char('n').end()
		}
		seen := map[types.OID]bool{}
		for _, t := range append(f.InputTypes(), f.Ret) {
			if !seen[t] && s.Catalog.TypeByOID(t) != nil {
				seen[t] = true
				w.oid(pgProcClass).oid(f.OID).i32(0).oid(pgTypeClass).oid(t).i32(0).char('n').end()
			}
		}
		for _, dep := range f.Deps {
			if cls := s.depClass(dep); cls != 0 && dep != f.OID {
				w.oid(pgProcClass).oid(f.OID).i32(0).oid(cls).oid(dep).i32(0).char('n').end()
			}
		}
	}
}

// unquoteLiteral undoes the doubling of quotes inside a string literal.
func unquoteLiteral(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i])
		if s[i] == '\'' && i+1 < len(s) && s[i+1] == '\'' {
			i++
		}
	}
	return string(out)
}

// initPrivs lists pg_init_privs: the privileges the system schemas have from the start, as
// PostgreSQL 15's initdb records them, so that pg_dump does not take them for grants.
func (s *Source) initPrivs(w *rowWriter) {
	for _, ns := range []struct {
		oid types.OID
		acl []string
	}{
		{CatalogNamespace, []string{"postgres=UC/postgres", "=U/postgres"}},
		{PublicNamespace, []string{"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"}},
	} {
		w.oid(ns.oid).oid(pgNamespaceClass).i32(0).char('i').strArray(ns.acl).end()
	}
}

// DefaultSequence returns the sequence a column default of the form nextval('name'::regclass)
// draws from, resolved under the session's search path; 0 for any other default.
func (n *Names) DefaultSequence(text string) types.OID {
	m := nextvalCall.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	oid, err := n.ObjectOID(types.Regclass, unquoteLiteral(m[1]))
	if err != nil {
		return 0
	}
	return oid
}

// StoredExpr is pg_get_expr of an expression stored for relation relid (a DEFAULT, a CHECK
// constraint): printed as PostgreSQL prints it where ExprDef can bind it over the
// relation's row, else as ExprText gives it.
func (n *Names) StoredExpr(text string, relid types.OID, pretty bool) string {
	if n.ExprDef == nil || n.Catalog == nil || strings.HasPrefix(text, "nextval(") {
		// A sequence's default is kept as PostgreSQL prints it, the sequence renamed.
		return n.ExprText(text)
	}
	if t := n.Catalog.TableByOID(relid); t != nil {
		if out, ok := n.ExprDef(t, text, pretty); ok {
			return out
		}
	}
	return n.ExprText(text)
}

// ExprText is pg_get_expr of a stored expression: its text, with the sequence a nextval
// default draws from named as regclass output names it under the session's search path
// (the text keeps the name it was created with, PostgreSQL the sequence's OID).
func (n *Names) ExprText(text string) string {
	m := nextvalCall.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	oid, err := n.ObjectOID(types.Regclass, strings.ReplaceAll(m[1], "''", "'"))
	if err != nil {
		return text
	}
	name, ok := n.ObjectName(types.Regclass, oid)
	if !ok {
		return text
	}
	return "nextval('" + strings.ReplaceAll(name, "'", "''") + "'::regclass)"
}

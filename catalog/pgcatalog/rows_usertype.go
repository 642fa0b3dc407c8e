package pgcatalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The rows of user-defined types: pg_type rows for each type and its array type, and pg_enum
// rows for enum values, from the catalog snapshot.

// userTypeRows writes the pg_type rows of the snapshot's user types: the type (enum or
// domain) and its array type, as PostgreSQL 15 describes them.
func (s *Source) userTypeRows(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, d := range s.Catalog.Types() {
		t := types.ByOID(d.OID)
		if t == nil {
			continue
		}
		in, out, recv, send := s.funcOID("enum_in"), s.funcOID("enum_out"), s.funcOID("enum_recv"), s.funcOID("enum_send")
		basetype, typmod, notNull := types.OID(0), int32(-1), false
		collation := types.OID(0)
		var def string
		if dom := d.Domain; dom != nil {
			in, out, recv, send = s.funcOID("domain_in"), 0, s.funcOID("domain_recv"), 0
			basetype, typmod, notNull, def = dom.Base.OID, dom.Base.Typmod, dom.NotNull, dom.Default
			collation = collationOf(dom.Base.OID)
		}
		if d.Kind == types.KindComposite {
			in, out, recv, send = s.funcOID("record_in"), s.funcOID("record_out"), s.funcOID("record_recv"), s.funcOID("record_send")
		}
		w.oid(d.OID).str(d.Name).oid(s.relNamespace(d.Schema)).oid(BootstrapSuperuser).i16(t.Len).boolean(t.ByVal).
			char(byte(d.Kind)).char(byte(t.Category)).boolean(false).boolean(true).char(',').
			oid(d.RelOID).oid(0).oid(0).oid(d.ArrayOID). // typrelid, typsubscript, typelem, typarray
			oid(in).oid(out).oid(recv).oid(send).oid(0).oid(0).oid(0).
			char(t.Align).char(storage(t)).boolean(notNull).oid(basetype).i32(typmod).i32(0).oid(collation).
			null().strOrNull(def).null().end()
		arr := types.ByOID(d.ArrayOID)
		io := s.ioFuncs(d.ArrayOID)
		w.oid(d.ArrayOID).str(d.ArrayName()).oid(s.relNamespace(d.Schema)).oid(BootstrapSuperuser).i16(-1).boolean(false).
			char('b').char(byte(types.CatArray)).boolean(false).boolean(true).char(',')
		w.oid(0).oid(io[5]).oid(d.OID).oid(0)                                  // typrelid, typsubscript, typelem, typarray
		w.oid(io[0]).oid(io[1]).oid(io[2]).oid(io[3]).oid(0).oid(0).oid(io[4]) // I/O, typmod, analyze
		w.char(arr.Align).char('x').boolean(false).oid(0).i32(-1).i32(0).oid(collation).
			null().null().null().end()
	}
}

// enums writes pg_enum: one row per value of every enum type, in OID order.
func (s *Source) enums(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, d := range s.Catalog.Types() {
		if d.Kind != types.KindEnum {
			continue
		}
		for _, l := range sortedByOID(d.Labels) {
			w.oid(l.OID).oid(d.OID).f32(l.SortOrder).str(l.Label).end()
		}
	}
}

// sortedByOID returns labels ordered by OID, the order of pg_enum's heap after CREATE TYPE
// and ADD VALUE.
func sortedByOID(labels []types.EnumLabel) []types.EnumLabel {
	out := slices.Clone(labels)
	slices.SortFunc(out, func(a, b types.EnumLabel) int { return cmp.Compare(a.OID, b.OID) })
	return out
}

// FormatType is format_type for types of the snapshot too: a user type by its current name
// (arrays with []), others as the package function FormatType prints them.
func (n *Names) FormatType(oid types.OID, typmod int32, typmodKnown bool) string {
	if d, array := n.typeDef(oid); d != nil {
		name := d.SQLName()
		if n.lookupType(d.Name) != d {
			name = types.QuoteIdent(d.Schema) + "." + name
		}
		if array {
			return name + "[]"
		}
		return name
	}
	return FormatType(oid, typmod, typmodKnown)
}

// typeDef returns the user type oid names, or its array's element, from the snapshot.
// TypeVisible is pg_type_is_visible: a built-in type always is, a user type (or its array
// type) when its name found along the search path is this type.
func (n *Names) TypeVisible(oid types.OID) bool {
	d, _ := n.typeDef(oid)
	if d == nil {
		return types.ByOID(oid) != nil && oid < catalog.FirstUserOID
	}
	t := n.lookupType(d.Name)
	return t != nil && t.OID == d.OID
}

func (n *Names) typeDef(oid types.OID) (def *catalog.TypeDef, array bool) {
	if n.Catalog == nil {
		return nil, false
	}
	if d := n.Catalog.TypeByOID(oid); d != nil {
		return d, false
	}
	if d := n.Catalog.ArrayElem(oid); d != nil {
		return d, true
	}
	return nil, false
}

// constraints writes pg_constraint: the CHECK constraints of domains (pgfast keeps no
// constraints of tables beyond NOT NULL, which PostgreSQL 15 does not list here either).
func (s *Source) constraints(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	s.keyConstraints(w)
	s.checkConstraints(w)
	s.foreignKeyConstraints(w)
	for _, d := range s.Catalog.Types() {
		if d.Domain == nil {
			continue
		}
		for _, c := range d.Domain.Checks {
			w.oid(c.OID).str(c.Name).oid(s.relNamespace(d.Schema)).char('c').boolean(false).boolean(false).boolean(!c.NotValid).
				oid(0).oid(d.OID).oid(0).oid(0).oid(0).char(' ').char(' ').char(' ').
				boolean(true).i32(0).boolean(false).nulls(7).null().end()
		}
	}
}

// ConstraintDef is pg_get_constraintdef for the constraints of the snapshot: "CHECK (expr)"
// for a domain's CHECK, with the extra parentheses of the non-pretty form around the
// expression. The expression is the one written, as pg_query deparses it, with VALUE
// spelled as PostgreSQL prints it; PostgreSQL's own deparsing of more complex expressions
// (BETWEEN, IN lists, implicit casts) differs.
func (n *Names) ConstraintDef(oid types.OID, pretty bool) (string, bool) {
	if n.Catalog == nil {
		return "", false
	}
	if def, ok := n.keyConstraintDef(oid); ok {
		return def, true
	}
	if def, ok := n.checkDef(oid, pretty); ok {
		return def, true
	}
	if def, ok := n.foreignKeyDef(oid); ok {
		return def, true
	}
	for _, d := range n.Catalog.Types() {
		if d.Domain == nil {
			continue
		}
		for _, c := range d.Domain.Checks {
			if c.OID != oid {
				continue
			}
			out := "CHECK (" + n.domainCheckExpr(d.Domain.Base, c.Expr, pretty) + ")"
			if c.NotValid {
				out += " NOT VALID"
			}
			return out, true
		}
	}
	return "", false
}

// domainCheckExpr prints a domain's CHECK expression as PostgreSQL does (DomainCheckDef);
// without it, the stored text with VALUE upper-cased, parenthesized in the non-pretty form.
func (n *Names) domainCheckExpr(base types.T, expr string, pretty bool) string {
	if n.DomainCheckDef != nil {
		if out, ok := n.DomainCheckDef(base, expr, pretty); ok {
			return out
		}
	}
	if pretty {
		return upperValue(expr)
	}
	return "(" + upperValue(expr) + ")"
}

// upperValue spells the identifier value (a domain CHECK's VALUE, which pg_query deparses
// as a column name) in upper case, outside string literals and quoted identifiers.
func upperValue(expr string) string {
	var b strings.Builder
	isIdent := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(expr) && (expr[j] != c || j+1 < len(expr) && expr[j+1] == c) {
				if expr[j] == c {
					j++
				}
				j++
			}
			j = min(j+1, len(expr))
			b.WriteString(expr[i:j])
			i = j
		case isIdent(c):
			j := i
			for j < len(expr) && isIdent(expr[j]) {
				j++
			}
			if w := expr[i:j]; w == "value" {
				b.WriteString("VALUE")
			} else {
				b.WriteString(w)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

package pgcatalog

import (
	"strconv"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// information_schema's relations, as the SQL standard defines them over the same
// descriptions as pg_catalog's.

func (s *Source) isSchemata(w *rowWriter) {
	for _, ns := range []struct{ name, owner string }{
		{"pg_toast", BootstrapSuperuserName}, {CatalogSchema, BootstrapSuperuserName},
		{catalog.DefaultSchema, "pg_database_owner"}, {InfoSchema, BootstrapSuperuserName},
	} {
		w.str(s.Database).str(ns.name).str(ns.owner).null().null().null().null().end()
	}
	if s.Catalog == nil {
		return
	}
	for _, d := range s.Catalog.Schemas() {
		if d.Name == catalog.DefaultSchema {
			continue // listed above
		}
		w.str(s.Database).str(d.Name).str(d.Owner).null().null().null().null().end()
	}
}

func (s *Source) isTables(w *rowWriter) {
	for _, d := range s.relations() {
		if !inInfoSchemaTables(d) {
			continue
		}
		typ, insertable := "BASE TABLE", "YES"
		switch d.Kind {
		case catalog.KindView:
			typ, insertable = "VIEW", yesNo(s.events(d, nil)&eventInsert != 0)
		case catalog.KindForeign:
			typ, insertable = "FOREIGN", "NO"
		}
		if d.Virtual {
			insertable = "NO"
		}
		w.str(s.Database).str(d.Schema).str(d.Name).str(typ).null().null().null().null().null().
			str(insertable).str("NO").null().end()
	}
}

// inInfoSchemaTables reports whether information_schema's tables and columns list a
// relation: tables, views and foreign tables, not sequences or materialized views (relkind
// r, v, f and p in PostgreSQL's definition of the views).
func inInfoSchemaTables(d *catalog.TableDef) bool {
	switch d.Kind {
	case catalog.KindTable, catalog.KindView, catalog.KindForeign, 'p':
		return true
	}
	return false
}

// isDataType is information_schema's data_type: the standard's type name, "ARRAY" for
// arrays and "USER-DEFINED" for PostgreSQL's own types.
func isDataType(t types.T) string {
	d := types.ByOID(t.OID)
	switch {
	case d == nil || d.Kind == types.KindEnum:
		return "USER-DEFINED"
	case d.Kind == types.KindDomain:
		// The domain's own base type, one level down: a domain over a user type is
		// USER-DEFINED, as information_schema defines it.
		if b := types.ByOID(d.Base.OID); b != nil && b.Kind != types.KindBase && b.Category != types.CatArray {
			return "USER-DEFINED"
		}
		return isDataType(d.Base)
	case d.Category == types.CatArray && d.OID != types.Int2Vector && d.OID != types.OidVector:
		return "ARRAY"
	case d.OID == types.Name || d.OID == types.Char || d.OID == types.Oid || types.IsReg(d.OID) ||
		d.OID == types.Int2Vector || d.OID == types.OidVector || d.OID == types.Xid ||
		d.OID == types.Aclitem || d.OID == types.PgNodeTree || d.Category == types.CatPseudo:
		return "USER-DEFINED"
	}
	return types.Of(t.OID).String()
}

func (s *Source) isColumns(w *rowWriter) {
	n := s.names()
	for _, d := range s.relations() {
		if !inInfoSchemaTables(d) {
			continue
		}
		for i, c := range d.Columns {
			nullable := "YES"
			if c.NotNull {
				nullable = "NO"
			}
			def := c.Default
			if def != "" {
				def = n.StoredExpr(def, d.OID, false) // pg_get_expr(adbin, adrelid)
			}
			w.str(s.Database).str(d.Schema).str(d.Name).str(c.Name).i32(int32(i + 1)).strOrNull(def).
				str(nullable).str(isDataType(c.Type))
			detail := c.Type
			if dom, _ := s.names().typeDef(c.Type.OID); dom != nil && dom.Domain != nil {
				detail = dom.Domain.Base // the domain's base type, one level down
			}
			s.isTypeDetails(w, detail, nil)
			w.nulls(6) // character set and collation catalog/schema/name
			udt := c.Type
			if dom, _ := s.names().typeDef(c.Type.OID); dom != nil && dom.Domain != nil {
				w.str(s.Database).str(dom.Schema).str(dom.Name)
				udt = dom.Domain.Base
			} else {
				w.nulls(3)
			}
			udtSchema, udtName := CatalogSchema, types.ByOID(udt.OID).Name
			if d, array := s.names().typeDef(udt.OID); d != nil {
				udtSchema, udtName = d.Schema, d.Name
				if array {
					udtName = d.ArrayName()
				}
			}
			w.str(s.Database).str(udtSchema).str(udtName).nulls(3).null().str(strconv.Itoa(i + 1)).
				str("NO").str("NO").null().null().null().null().null().str("NO").str("NEVER").null()
			switch {
			case d.Virtual:
				w.str("NO")
			case d.Kind == catalog.KindView:
				w.str(yesNo(s.events(d, []int{i})&(eventInsert|eventUpdate) == eventInsert|eventUpdate))
			default:
				w.str("YES")
			}
			w.end()
		}
	}
}

// isTypeDetails writes character_maximum_length through interval_precision; between, when
// given, writes the columns a relation has between the lengths and the numeric details
// (information_schema.domains' character set and collation).
func (s *Source) isTypeDetails(w *rowWriter, t types.T, between func()) {
	var maxLen, octets, prec, radix, scale, dtPrec int32
	var hasLen, hasOctets, hasPrec, hasScale, hasDT bool
	switch t.OID {
	case types.Varchar, types.Bpchar:
		if t.Typmod >= 4 {
			maxLen, hasLen = t.Typmod-4, true
			octets, hasOctets = maxLen*4, true
		} else {
			octets, hasOctets = 1073741824, true
		}
	case types.Text:
		octets, hasOctets = 1073741824, true
	case types.Int2:
		prec, radix, scale, hasPrec, hasScale = 16, 2, 0, true, true
	case types.Int4:
		prec, radix, scale, hasPrec, hasScale = 32, 2, 0, true, true
	case types.Int8:
		prec, radix, scale, hasPrec, hasScale = 64, 2, 0, true, true
	case types.Float4:
		prec, radix, hasPrec = 24, 2, true
	case types.Float8:
		prec, radix, hasPrec = 53, 2, true
	case types.Numeric:
		radix = 10
		if p, sc, ok := types.NumericTypmod(t.Typmod); ok {
			prec, scale, hasPrec, hasScale = p, sc, true, true
		}
	case types.Date:
		dtPrec, hasDT = 0, true
	case types.Time, types.Timestamp, types.Timestamptz, types.Interval:
		dtPrec, hasDT = 6, true
		if t.Typmod >= 0 && t.OID != types.Interval {
			dtPrec = t.Typmod
		}
	}
	w.i32OrNull(maxLen, hasLen).i32OrNull(octets, hasOctets)
	if between != nil {
		between()
	}
	w.i32OrNull(prec, hasPrec).i32OrNull(radix, hasPrec).i32OrNull(scale, hasScale).i32OrNull(dtPrec, hasDT).null().null()
}

// isDomains writes information_schema.domains: one row per domain, described by its base
// type as information_schema.columns describes a column.
func (s *Source) isDomains(w *rowWriter) {
	for _, d := range s.domains() {
		w.str(s.Database).str(d.Schema).str(d.Name).str(isDataType(types.Of(d.OID)))
		s.isTypeDetails(w, d.Domain.Base, func() { w.nulls(6) }) // character set, collation
		udtSchema, udtName := CatalogSchema, types.ByOID(d.Domain.Base.OID).Name
		if u, array := s.names().typeDef(d.Domain.Base.OID); u != nil {
			udtSchema, udtName = u.Schema, u.Name
			if array {
				udtName = u.ArrayName()
			}
		}
		w.strOrNull(d.Domain.Default).str(s.Database).str(udtSchema).str(udtName).nulls(3).null().str("1").end()
	}
}

// isDomainConstraints writes information_schema.domain_constraints: the domains' CHECKs.
func (s *Source) isDomainConstraints(w *rowWriter) {
	for _, d := range s.domains() {
		for _, c := range d.Domain.Checks {
			w.str(s.Database).str(d.Schema).str(c.Name).str(s.Database).str(d.Schema).str(d.Name).str("NO").str("NO").end()
		}
	}
}

// domains returns the snapshot's domains in OID order.
func (s *Source) domains() []*catalog.TypeDef {
	if s.Catalog == nil {
		return nil
	}
	var out []*catalog.TypeDef
	for _, d := range s.Catalog.Types() {
		if d.Domain != nil {
			out = append(out, d)
		}
	}
	return out
}

// The bits of pg_relation_is_updatable's result.
const (
	eventUpdate = 1 << 2
	eventInsert = 1 << 3
	eventDelete = 1 << 4
)

// events returns what relation d accepts of UPDATE, INSERT and DELETE, limited to columns
// cols (nil: any), as pg_relation_is_updatable reports it.
func (s *Source) events(d *catalog.TableDef, cols []int) int {
	if s.Events == nil {
		return 0
	}
	return s.Events(d, cols)
}

// isViews lists information_schema.views: the views the current role owns (through
// membership) or holds some privilege on, as PostgreSQL filters them, and the system views,
// which every role may read. view_definition is what pg_get_viewdef prints, shown only to a role with the
// owner's privileges; the system views are generated, not defined by a query, so theirs is
// NULL. Check option and automatic updatability follow the view; pgfast has no triggers,
// so the trigger columns are NO.
func (s *Source) isViews(w *rowWriter) {
	v := s.privilegeViewer(false)
	for _, d := range s.relations() {
		if d.Kind != catalog.KindView || !d.Virtual && !v.usage(d.OwnerOID()) && !v.anyPrivilege(d) {
			continue
		}
		w.str(s.Database).str(d.Schema).str(d.Name)
		if !d.Virtual && v.usage(d.OwnerOID()) {
			w.str(s.viewDef(d))
		} else {
			w.null()
		}
		check := "NONE"
		switch d.ViewOption("check_option") {
		case "local":
			check = "LOCAL"
		case "cascaded":
			check = "CASCADED"
		}
		ev := 0
		if !d.Virtual {
			ev = s.events(d, nil)
		}
		w.str(check).str(yesNo(ev&(eventUpdate|eventDelete) == eventUpdate|eventDelete)).str(yesNo(ev&eventInsert != 0)).
			str("NO").str("NO").str("NO").end()
	}
}

// anyPrivilege reports whether the current role holds some privilege on relation d or on
// one of its columns, as has_table_privilege and has_any_column_privilege test it.
func (v privilegeViewer) anyPrivilege(d *catalog.TableDef) bool {
	owner := d.OwnerOID()
	for p := acl.Insert; p <= acl.AlterSystem; p <<= 1 {
		if acl.Table.All()&p != 0 && d.ACL.Holds(acl.Table, owner, p, v.usage) {
			return true
		}
		for _, c := range d.Columns {
			if acl.Column.All()&p != 0 && c.ACL.Holds(acl.Column, owner, p, v.usage) {
				return true
			}
		}
	}
	return false
}

package pgcatalog

import (
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Foreign keys (catalog.ForeignKeyDef) as PostgreSQL describes them: a pg_constraint row of
// type 'f', the definition pg_get_constraintdef prints (psql's \d shows it under
// "Foreign-key constraints:" and "Referenced by:"), and information_schema's
// table_constraints, key_column_usage and referential_constraints rows.

// tableKeys returns every foreign key of the snapshot with its table, in table order.
func tableKeys(cat *catalog.Catalog) []catalog.TableKey {
	var out []catalog.TableKey
	for _, t := range cat.Tables() {
		for i := range t.ForeignKeys {
			out = append(out, catalog.TableKey{Table: t, Key: &t.ForeignKeys[i]})
		}
	}
	return out
}

// foreignKeyConstraints writes the pg_constraint rows of the foreign keys.
func (s *Source) foreignKeyConstraints(w *rowWriter) {
	for _, tk := range tableKeys(s.Catalog) {
		fk := tk.Key
		var indexOID types.OID
		if ref := s.Catalog.TableByOID(fk.RefTable); ref != nil {
			if ix := catalog.KeyIndex(ref, fk.RefColumns); ix != nil {
				indexOID = ix.OID
			}
		}
		w.oid(fk.OID).str(fk.Name).oid(s.relNamespace(tk.Table.Schema)).char('f').
			boolean(fk.Deferrable).boolean(fk.Deferred).boolean(!fk.NotValid).
			oid(tk.Table.OID).oid(0).oid(indexOID).oid(0).oid(fk.RefTable). // conrelid, contypid, conindid, conparentid, confrelid
			char(byte(fk.OnUpdate)).char(byte(fk.OnDelete)).char(byte(fk.Match)).
			boolean(true).i32(0).boolean(true). // islocal, inhcount, noinherit
			i16Array(attnums(fk.Columns)).i16Array(attnums(fk.RefColumns)).
			nulls(3) // conpfeqop, conppeqop, conffeqop
		if fk.SetColumns != nil {
			w.i16Array(attnums(fk.SetColumns))
		} else {
			w.null()
		}
		w.null().null().end() // conexclop, conbin
	}
}

// attnums turns column ordinals into attribute numbers.
func attnums(cols []int) []int16 {
	out := make([]int16, len(cols))
	for i, c := range cols {
		out[i] = int16(c + 1)
	}
	return out
}

// foreignKeyDef is pg_get_constraintdef of a foreign key: "FOREIGN KEY (a) REFERENCES
// t(b)" with the options that differ from the defaults, as ruleutils.c prints them.
func (n *Names) foreignKeyDef(oid types.OID) (string, bool) {
	tk, ok := n.Catalog.ForeignKeyByOID(oid)
	if !ok {
		return "", false
	}
	fk := tk.Key
	ref := n.Catalog.TableByOID(fk.RefTable)
	if ref == nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString("FOREIGN KEY (" + columnList(tk.Table, fk.Columns) + ") REFERENCES ")
	b.WriteString(n.qualifiedIfHidden(ref) + "(" + columnList(ref, fk.RefColumns) + ")")
	if fk.Match == catalog.FKMatchFull {
		b.WriteString(" MATCH FULL")
	}
	if fk.OnUpdate != catalog.FKNoAction {
		b.WriteString(" ON UPDATE " + fk.OnUpdate.SQL())
	}
	if fk.OnDelete != catalog.FKNoAction {
		b.WriteString(" ON DELETE " + fk.OnDelete.SQL())
		if fk.SetColumns != nil {
			b.WriteString(" (" + columnList(tk.Table, fk.SetColumns) + ")")
		}
	}
	if fk.Deferrable {
		b.WriteString(" DEFERRABLE")
	}
	if fk.Deferred {
		b.WriteString(" INITIALLY DEFERRED")
	}
	if fk.NotValid {
		b.WriteString(" NOT VALID")
	}
	return b.String(), true
}

// columnList names the columns cols of t, quoted where needed, comma-separated.
func columnList(t *catalog.TableDef, cols []int) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = types.QuoteIdent(t.Columns[c].Name)
	}
	return strings.Join(names, ", ")
}

// isReferentialConstraints writes information_schema.referential_constraints.
func (s *Source) isReferentialConstraints(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, tk := range tableKeys(s.Catalog) {
		fk := tk.Key
		w.str(s.Database).str(tk.Table.Schema).str(fk.Name)
		ref := s.Catalog.TableByOID(fk.RefTable)
		ix := (*catalog.IndexDef)(nil)
		if ref != nil {
			ix = catalog.KeyIndex(ref, fk.RefColumns)
		}
		if ix != nil && ix.ConstraintOID != 0 {
			w.str(s.Database).str(ref.Schema).str(ix.Name)
		} else {
			w.null().null().null()
		}
		match := "NONE"
		if fk.Match == catalog.FKMatchFull {
			match = "FULL"
		}
		w.str(match).str(fk.OnUpdate.SQL()).str(fk.OnDelete.SQL()).end()
	}
}

// foreignKeyColumnUsage writes the key_column_usage rows of the foreign keys.
func (s *Source) foreignKeyColumnUsage(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, tk := range tableKeys(s.Catalog) {
		t, fk := tk.Table, tk.Key
		var refKey []int
		if ref := s.Catalog.TableByOID(fk.RefTable); ref != nil {
			if ix := catalog.KeyIndex(ref, fk.RefColumns); ix != nil {
				refKey = ix.Columns
			}
		}
		for k, c := range fk.Columns {
			w.str(s.Database).str(t.Schema).str(fk.Name).str(s.Database).str(t.Schema).str(t.Name).
				str(t.Columns[c].Name).i32(int32(k + 1))
			pos := slices.Index(refKey, fk.RefColumns[k])
			w.i32OrNull(int32(pos+1), pos >= 0).end()
		}
	}
}

// triggerTables returns the tables PostgreSQL would give triggers (relhastriggers): those
// holding or referenced by a foreign key, whose checks it runs as triggers.
func (s *Source) triggerTables() map[types.OID]bool {
	out := map[types.OID]bool{}
	if s.Catalog == nil {
		return out
	}
	for _, tk := range tableKeys(s.Catalog) {
		out[tk.Table.OID], out[tk.Key.RefTable] = true, true
	}
	return out
}

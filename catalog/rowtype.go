package catalog

import (
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// Row types of relations. PostgreSQL gives every table, view and foreign table a composite
// type of the same name whose attributes are the relation's columns (pg_class.reltype,
// pg_type.typrelid): null::t, ROW(...)::t, whole-row references t, columns of type t or
// t[]. pgfast keeps such a type as a TypeDef of kind composite whose RelOID is the
// relation's OID, so that it is persisted, published, named, listed in pg_type and guarded
// against dropping like the composite types CREATE TYPE makes. Storage creates it with the
// relation, renames and moves it with the relation, and drops it with the relation.
//
// A registered type's structure never changes (see types.RegisterUserType), so when the
// relation's columns change (ADD, DROP, RENAME COLUMN) its row type is replaced by a new
// one with fresh OIDs; a relation whose row type something stores (a column of type t or
// t[], an attribute of a composite type) cannot change its columns.

// HasRowType reports whether the relation has a row type: tables, views and
// foreign tables, not sequences, indexes or the system relations.
func (t *TableDef) HasRowType() bool {
	return !t.Virtual && (t.Kind == KindTable || t.Kind == KindView || t.Kind == KindForeign || t.Kind == KindMatView)
}

// RowFields returns the attributes of the relation's row type: its columns, by name and
// type.
func (t *TableDef) RowFields() []types.RecordField {
	out := make([]types.RecordField, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = types.RecordField{Name: c.Name, Type: c.Type}
	}
	return out
}

// RowType returns the row type of relation rel, or nil when it has none.
func (c *Catalog) RowType(rel types.OID) *TypeDef {
	if c.byOID[rel] == nil {
		return nil
	}
	for _, d := range c.typeByOID {
		if d.Kind == types.KindComposite && d.RelOID == rel {
			return d
		}
	}
	return nil
}

// RowTypeRelation returns the relation whose row type d is, or nil when d is a type of its
// own (CREATE TYPE).
func (c *Catalog) RowTypeRelation(d *TypeDef) *TableDef {
	if d == nil || d.Kind != types.KindComposite || d.RelOID == 0 {
		return nil
	}
	return c.byOID[d.RelOID]
}

// TypeUse names a column that stores values of a type: column Column of relation (or
// composite type) Rel.
type TypeUse struct {
	Rel, Column string
}

// TypeUses returns the columns of relations and the attributes of composite types that
// hold values of type oid or of its array type: those of the array type first, then in OID
// order of their owners, the order PostgreSQL's dependency scan finds them in.
func (c *Catalog) TypeUses(oid types.OID) []TypeUse {
	d := c.typeByOID[oid]
	if d == nil {
		return nil
	}
	uses := func(t types.OID) bool { return t == oid || t == d.ArrayOID }
	type owned struct {
		owner    types.OID
		viaArray bool
		use      TypeUse
	}
	var out []owned
	for _, t := range c.byOID {
		for _, col := range t.Columns {
			if uses(col.Type.OID) {
				out = append(out, owned{t.OID, col.Type.OID == d.ArrayOID, TypeUse{t.Name, col.Name}})
			}
		}
	}
	for _, ct := range c.typeByOID {
		if c.RowTypeRelation(ct) != nil {
			continue // its relation's columns are listed already
		}
		for _, f := range ct.Fields {
			if uses(f.Type.OID) {
				out = append(out, owned{ct.OID, f.Type.OID == d.ArrayOID, TypeUse{ct.Name, f.Name}})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b owned) int {
		if a.viaArray != b.viaArray {
			if a.viaArray {
				return -1
			}
			return 1
		}
		return int(a.owner) - int(b.owner)
	})
	res := make([]TypeUse, len(out))
	for i, o := range out {
		res[i] = o.use
	}
	return res
}

// WithMissingRowTypes returns a snapshot in which every relation that should have a row
// type has one, those missing (relations persisted before pgfast kept row types) made with
// OIDs from alloc, which hands out two consecutive OIDs (array type, then type).
func (c *Catalog) WithMissingRowTypes(alloc func() types.OID) (*Catalog, error) {
	n := c
	for _, t := range c.Tables() {
		if !t.HasRowType() || c.RowType(t.OID) != nil {
			continue
		}
		first := alloc()
		var err error
		n, _, err = n.WithType(TypeDef{OID: first + 1, ArrayOID: first, Schema: t.Schema, Name: t.Name,
			Kind: types.KindComposite, Fields: t.RowFields(), RelOID: t.OID})
		if err != nil {
			return nil, err
		}
	}
	return n, nil
}

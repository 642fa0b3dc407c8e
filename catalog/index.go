package catalog

import "github.com/pgfast/pgfast/catalog/types"

// IndexDef is an index of a table, made by a PRIMARY KEY or UNIQUE constraint or by CREATE
// INDEX. Storage keeps the unique ones as hash indexes from key to row, built per segment,
// and refuses a row whose key a visible row already has; the others are descriptions only
// (scans serve their queries).
type IndexDef struct {
	OID  types.OID `json:"oid"`
	Name string    `json:"name"`
	// Columns are the ordinals of the key columns in the table.
	Columns []int `json:"columns"`
	Unique  bool  `json:"unique,omitempty"`
	Primary bool  `json:"primary,omitempty"`
	// Method is the access method CREATE INDEX named; empty means btree.
	Method string `json:"method,omitempty"`
	// Constraint marks the index of a constraint being created: storage gives it its
	// ConstraintOID.
	Constraint bool `json:"-"`
	// NullsNotDistinct makes rows whose keys hold NULLs collide as equal values do; by
	// default a key holding a NULL never collides.
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
	// ConstraintOID is the pg_constraint row of the PRIMARY KEY or UNIQUE constraint the
	// index implements, 0 for an index CREATE INDEX made.
	ConstraintOID types.OID `json:"constraint_oid,omitempty"`
	// ConstraintComment is COMMENT ON CONSTRAINT's text for the index's constraint.
	ConstraintComment string `json:"constraint_comment,omitempty"`
	// Collations and Opclasses name, per key column, the collation and operator class CREATE
	// INDEX gave it ("" for the column's own and the type's default). Only those whose
	// equality is the type's own are accepted, so they change no key's uniqueness.
	Collations []string `json:"collations,omitempty"`
	Opclasses  []string `json:"opclasses,omitempty"`
}

// KeyCollation returns the collation CREATE INDEX gave key column k ("" for none).
func (d *IndexDef) KeyCollation(k int) string {
	if k < len(d.Collations) {
		return d.Collations[k]
	}
	return ""
}

// KeyOpclass returns the operator class CREATE INDEX gave key column k ("" for the
// default).
func (d *IndexDef) KeyOpclass(k int) string {
	if k < len(d.Opclasses) {
		return d.Opclasses[k]
	}
	return ""
}

// AccessMethod returns the index's access method.
func (d *IndexDef) AccessMethod() string {
	if d.Method == "" {
		return "btree"
	}
	return d.Method
}

// RemapIndexes returns the indexes of a table whose columns changed: src[i] is the old
// ordinal of new column i (-1 for an added one). An index losing a column is dropped with
// it, as PostgreSQL drops the indexes of a dropped column.
func RemapIndexes(idx []IndexDef, src []int) []IndexDef {
	var out []IndexDef
	at := map[int]int{}
	for i, s := range src {
		if s >= 0 {
			at[s] = i
		}
	}
	for _, d := range idx {
		cols := make([]int, 0, len(d.Columns))
		for _, c := range d.Columns {
			if n, ok := at[c]; ok {
				cols = append(cols, n)
			}
		}
		if len(cols) == len(d.Columns) {
			d.Columns = cols
			out = append(out, d)
		}
	}
	return out
}

// IndexNamed returns the table holding the index schema.name and the index, or nils.
// Indexes share the relations' name space, as in PostgreSQL's pg_class.
func (c *Catalog) IndexNamed(schema, name string) (*TableDef, *IndexDef) {
	for _, t := range c.byOID {
		if t.Schema != schema {
			continue
		}
		for i := range t.Indexes {
			if t.Indexes[i].Name == name {
				return t, &t.Indexes[i]
			}
		}
	}
	return nil, nil
}

// RelationNameTaken reports whether a relation or an index is named schema.name.
func (c *Catalog) RelationNameTaken(schema, name string) bool {
	if c.Table(schema, name) != nil {
		return true
	}
	t, _ := c.IndexNamed(schema, name)
	return t != nil
}

// CheckDef is a CHECK constraint of a table: Expr is its predicate as SQL text over the
// table's columns (kept as text like defaults, and bound wherever rows are written). A row
// passes when the predicate is true or NULL.
type CheckDef struct {
	OID  types.OID `json:"oid"`
	Name string    `json:"name"`
	Expr string    `json:"expr"`
	// Comment is COMMENT ON CONSTRAINT's text, empty for none.
	Comment string `json:"comment,omitempty"`
}

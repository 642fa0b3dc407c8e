package catalog

import (
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// IndexDef is an index of a table, made by a PRIMARY KEY or UNIQUE constraint or by CREATE
// INDEX. Storage keeps the unique ones as hash indexes from key to row, built per segment,
// and refuses a row whose key a visible row already has; the others are descriptions only
// (scans serve their queries).
//
// A key is a column of the table or an expression over its row (CREATE INDEX ON t
// (lower(email))), and a partial index (CREATE INDEX ... WHERE pred) holds only the rows its
// predicate is true for. Expressions and predicates are kept as SQL text, like CHECK
// constraints, and bound wherever keys are computed.
type IndexDef struct {
	OID  types.OID `json:"oid"`
	Name string    `json:"name"`
	// Columns are the ordinals of the key columns in the table; -1 marks a key that is an
	// expression (Exprs).
	Columns []int `json:"columns"`
	// Include are the ordinals of the columns INCLUDE adds: kept with each key, not part
	// of it.
	Include []int `json:"include,omitempty"`
	// Exprs holds, per key, the SQL text of an expression key ("" for a column key); nil
	// when every key is a column.
	Exprs []string `json:"exprs,omitempty"`
	// Options holds, per key, pg_index.indoption: IndexDesc and IndexNullsFirst (nil when
	// every key is ascending with NULLs last).
	Options []int16 `json:"options,omitempty"`
	// ExprsPlain and PredPlain are Exprs and Pred as PostgreSQL's plain (not pretty)
	// deparser prints them, every operator parenthesised: pg_indexes and pg_dump show them.
	ExprsPlain []string `json:"exprs_plain,omitempty"`
	PredPlain  string   `json:"pred_plain,omitempty"`
	// ExprTypes holds, per key, the type of an expression key (zero for a column key).
	ExprTypes []types.T `json:"expr_types,omitempty"`
	// Pred is the SQL text of a partial index's predicate; empty for a full index.
	Pred string `json:"pred,omitempty"`
	// Refs are the ordinals of the columns Exprs and Pred read: the index goes when one
	// of them is dropped, as PostgreSQL's dependencies drop it.
	Refs    []int `json:"refs,omitempty"`
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

// Key ordering flags of IndexDef.Options, as pg_index.indoption has them.
const (
	IndexDesc       int16 = 1
	IndexNullsFirst int16 = 2
)

// KeyOption returns the ordering flags of key k.
func (d *IndexDef) KeyOption(k int) int16 {
	if k < len(d.Options) {
		return d.Options[k]
	}
	return 0
}

// Expr returns the SQL text of key k when it is an expression, else "".
func (d *IndexDef) Expr(k int) string {
	if k < len(d.Exprs) {
		return d.Exprs[k]
	}
	return ""
}

// KeyType returns the type of key k of an index on table def.
func (d *IndexDef) KeyType(def *TableDef, k int) types.T {
	if c := d.Columns[k]; c >= 0 {
		return def.Columns[c].Type
	}
	if k < len(d.ExprTypes) {
		return d.ExprTypes[k]
	}
	return types.TText
}

// ExprPlain returns the plain form of expression key k ("" for a column key).
func (d *IndexDef) ExprPlain(k int) string {
	if k < len(d.ExprsPlain) && d.ExprsPlain[k] != "" {
		return d.ExprsPlain[k]
	}
	return d.Expr(k)
}

// Plain reports whether every key of the index is a column and the index is not partial:
// such an index is keyed by its columns' values alone.
func (d *IndexDef) Plain() bool {
	return d.Pred == "" && !slices.ContainsFunc(d.Columns, func(c int) bool { return c < 0 })
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
// ordinal of new column i (-1 for an added one). An index losing a column, a key column or
// one its expressions or predicate read, is dropped with it, as PostgreSQL drops the
// indexes of a dropped column.
func RemapIndexes(idx []IndexDef, src []int) []IndexDef {
	var out []IndexDef
	at := map[int]int{}
	for i, s := range src {
		if s >= 0 {
			at[s] = i
		}
	}
	remap := func(cols []int) ([]int, bool) {
		out := make([]int, 0, len(cols))
		for _, c := range cols {
			n, ok := at[c]
			if c < 0 {
				n, ok = c, true
			}
			if !ok {
				return nil, false
			}
			out = append(out, n)
		}
		return out, true
	}
	for _, d := range idx {
		cols, ok := remap(d.Columns)
		refs, refsOK := remap(d.Refs)
		incl, inclOK := remap(d.Include)
		if ok && refsOK && inclOK {
			d.Columns = cols
			if d.Refs != nil {
				d.Refs = refs
			}
			if d.Include != nil {
				d.Include = incl
			}
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

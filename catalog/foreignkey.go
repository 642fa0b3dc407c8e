package catalog

import (
	"cmp"
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// FKAction is what a foreign key does to the referencing rows when the key they reference
// is deleted or updated; its values are pg_constraint's confupdtype / confdeltype codes.
type FKAction byte

// Referential actions.
const (
	FKNoAction   FKAction = 'a'
	FKRestrict   FKAction = 'r'
	FKCascade    FKAction = 'c'
	FKSetNull    FKAction = 'n'
	FKSetDefault FKAction = 'd'
)

// SQL returns the action as written in a constraint definition.
func (a FKAction) SQL() string {
	switch a {
	case FKRestrict:
		return "RESTRICT"
	case FKCascade:
		return "CASCADE"
	case FKSetNull:
		return "SET NULL"
	case FKSetDefault:
		return "SET DEFAULT"
	}
	return "NO ACTION"
}

// FKMatch is how a foreign key treats NULLs in a referencing key (pg_constraint's
// confmatchtype): under MATCH SIMPLE a key holding any NULL references nothing and is not
// checked; under MATCH FULL its columns must be all NULL or none.
type FKMatch byte

// Match types.
const (
	FKMatchSimple FKMatch = 's'
	FKMatchFull   FKMatch = 'f'
)

// ForeignKeyDef is a FOREIGN KEY constraint of a table (the referencing table, which holds
// it): the values of Columns in each of its rows must be the values of RefColumns in some
// row of RefTable, which has a unique index or primary key on exactly those columns. The
// referenced table's side is found by looking for the keys that name it (ReferencingKeys).
type ForeignKeyDef struct {
	OID  types.OID `json:"oid"`
	Name string    `json:"name"`
	// Columns are the referencing columns' ordinals in the table; RefColumns the referenced
	// ones' in RefTable, pairwise.
	Columns    []int     `json:"columns"`
	RefTable   types.OID `json:"ref_table"`
	RefColumns []int     `json:"ref_columns"`
	Match      FKMatch   `json:"match"`
	OnUpdate   FKAction  `json:"on_update"`
	OnDelete   FKAction  `json:"on_delete"`
	// SetColumns are the columns ON DELETE SET NULL / SET DEFAULT (columns) sets; nil sets
	// all of Columns.
	SetColumns []int `json:"set_columns,omitempty"`
	Deferrable bool  `json:"deferrable,omitempty"`
	Deferred   bool  `json:"deferred,omitempty"`
	// NotValid marks a constraint added NOT VALID whose existing rows were never checked
	// (pg_constraint.convalidated false).
	NotValid bool `json:"not_valid,omitempty"`
	// Comment is COMMENT ON CONSTRAINT's text, empty for none.
	Comment string `json:"comment,omitempty"`
}

// SetColumnsOrAll returns the referencing columns ON DELETE SET NULL / SET DEFAULT sets.
func (fk *ForeignKeyDef) SetColumnsOrAll() []int {
	if fk.SetColumns != nil {
		return fk.SetColumns
	}
	return fk.Columns
}

// TableKey is a foreign key with the table holding it.
type TableKey struct {
	Table *TableDef
	Key   *ForeignKeyDef
}

// ReferencingKeys returns the foreign keys that reference table oid, oldest first (by
// OID), the order PostgreSQL meets them in.
func (c *Catalog) ReferencingKeys(oid types.OID) []TableKey {
	var out []TableKey
	for _, t := range c.byOID {
		for i := range t.ForeignKeys {
			if t.ForeignKeys[i].RefTable == oid {
				out = append(out, TableKey{t, &t.ForeignKeys[i]})
			}
		}
	}
	slices.SortFunc(out, func(a, b TableKey) int { return cmp.Compare(a.Key.OID, b.Key.OID) })
	return out
}

// ForeignKeyByOID returns the foreign key with the given constraint OID and its table.
func (c *Catalog) ForeignKeyByOID(oid types.OID) (TableKey, bool) {
	for _, t := range c.byOID {
		for i := range t.ForeignKeys {
			if t.ForeignKeys[i].OID == oid {
				return TableKey{t, &t.ForeignKeys[i]}, true
			}
		}
	}
	return TableKey{}, false
}

// KeyIndex returns the unique index of def whose columns are exactly cols, in any order,
// that a foreign key referencing cols relies on (pg_constraint.conindid), or nil. Expression
// and partial indexes do not qualify, as in PostgreSQL.
func KeyIndex(def *TableDef, cols []int) *IndexDef {
	for i := range def.Indexes {
		ix := &def.Indexes[i]
		if !ix.Unique || !ix.Plain() || len(ix.Columns) != len(cols) {
			continue
		}
		if !slices.ContainsFunc(cols, func(c int) bool { return !slices.Contains(ix.Columns, c) }) {
			return ix
		}
	}
	return nil
}

// RemapForeignKeys returns the foreign keys of a table whose columns changed (src[i] is the
// old ordinal of new column i, -1 for an added one) with their referencing columns, and the
// referenced ones when the key references the table itself, renumbered. A key losing a
// column goes, as PostgreSQL drops the constraints of a dropped column.
func RemapForeignKeys(oid types.OID, fks []ForeignKeyDef, src []int) []ForeignKeyDef {
	at := map[int]int{}
	for i, s := range src {
		if s >= 0 {
			at[s] = i
		}
	}
	var out []ForeignKeyDef
	for _, fk := range fks {
		cols, ok := remapColumns(fk.Columns, at)
		if !ok {
			continue
		}
		fk.Columns = cols
		if fk.SetColumns != nil {
			if fk.SetColumns, ok = remapColumns(fk.SetColumns, at); !ok {
				continue
			}
		}
		if fk.RefTable == oid {
			if fk.RefColumns, ok = remapColumns(fk.RefColumns, at); !ok {
				continue
			}
		}
		out = append(out, fk)
	}
	return out
}

// RemapReferences returns fks with the referenced columns of the keys referencing table
// oid renumbered as src says (see RemapForeignKeys), and whether one changed.
func RemapReferences(oid types.OID, fks []ForeignKeyDef, src []int) ([]ForeignKeyDef, bool) {
	at := map[int]int{}
	for i, s := range src {
		if s >= 0 {
			at[s] = i
		}
	}
	out := slices.Clone(fks)
	changed := false
	for i := range out {
		if out[i].RefTable != oid {
			continue
		}
		cols, ok := remapColumns(out[i].RefColumns, at)
		if ok && !slices.Equal(cols, out[i].RefColumns) {
			out[i].RefColumns, changed = cols, true
		}
	}
	return out, changed
}

func remapColumns(cols []int, at map[int]int) ([]int, bool) {
	out := make([]int, len(cols))
	for i, c := range cols {
		n, ok := at[c]
		if !ok {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

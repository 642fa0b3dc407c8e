package planner

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// PRIMARY KEY and UNIQUE constraints of CREATE TABLE become unique indexes of the table
// (catalog.IndexDef), named as PostgreSQL names them: table_pkey, table_col1_col2_key,
// with a number appended while the name is taken by a relation or index of the schema.

// keyConstraint is one PRIMARY KEY or UNIQUE constraint as written.
type keyConstraint struct {
	con  *pg_query.Constraint
	cols []string
}

// noteKey records a PRIMARY KEY or UNIQUE constraint of a column (col) or of the table.
func (b *binder) noteKey(keys []keyConstraint, con *pg_query.Constraint, col string) ([]keyConstraint, error) {
	if con.Deferrable || len(con.Including) > 0 {
		return nil, b.errorf(con.Location, pgcode.FeatureNotSupported, "DEFERRABLE and INCLUDE of key constraints are not supported yet")
	}
	cols := []string{col}
	if col == "" {
		cols = names(con.Keys)
	}
	return append(keys, keyConstraint{con: con, cols: cols}), nil
}

// keyIndexes turns the key constraints of table def into its indexes as PostgreSQL does:
// the primary key first, then the others in the order written, a constraint repeating an
// earlier one's columns folded into it (lending it its name if the earlier had none).
func (b *binder) keyIndexes(def *catalog.TableDef, keys []keyConstraint) error {
	slices.SortStableFunc(keys, func(x, y keyConstraint) int {
		return boolRank(y.con.Contype == pg_query.ConstrType_CONSTR_PRIMARY) - boolRank(x.con.Contype == pg_query.ConstrType_CONSTR_PRIMARY)
	})
	var labels []string
	for n, k := range keys {
		isPK := k.con.Contype == pg_query.ConstrType_CONSTR_PRIMARY
		if isPK && n > 0 {
			return b.errorf(k.con.Location, pgcode.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", def.Name)
		}
		ix, label, err := b.keyIndex(def, k)
		if err != nil {
			return err
		}
		j := slices.IndexFunc(def.Indexes, func(o catalog.IndexDef) bool {
			return slices.Equal(o.Columns, ix.Columns) && o.NullsNotDistinct == ix.NullsNotDistinct
		})
		if j >= 0 {
			if def.Indexes[j].Name == "" {
				def.Indexes[j].Name = ix.Name
			}
			continue
		}
		def.Indexes = append(def.Indexes, ix)
		labels = append(labels, label)
	}
	mine := map[string]bool{def.Name: true}
	for i := range def.Indexes {
		if err := b.nameIndex(def, &def.Indexes[i], labels[i], mine); err != nil {
			return err
		}
	}
	return nil
}

// keyIndex resolves the columns of a key constraint of def (NOT NULL for a primary key)
// into its index, and returns the label of its default name.
func (b *binder) keyIndex(def *catalog.TableDef, k keyConstraint) (catalog.IndexDef, string, error) {
	isPK := k.con.Contype == pg_query.ConstrType_CONSTR_PRIMARY
	ix := catalog.IndexDef{Name: k.con.Conname, Unique: true, Primary: isPK, NullsNotDistinct: k.con.NullsNotDistinct, Constraint: true}
	for _, c := range k.cols {
		i := def.ColumnIndex(c)
		if i < 0 {
			return ix, "", b.errorf(k.con.Location, pgcode.UndefinedColumn, "column \"%s\" named in key does not exist", c)
		}
		if isPK {
			def.Columns[i].NotNull = true
		}
		ix.Columns = append(ix.Columns, i)
	}
	if isPK {
		return ix, "pkey", nil
	}
	return ix, strings.Join(k.cols, "_") + "_key", nil
}

// nameIndex gives an unnamed index of def the name table_label (numbered while taken by a
// relation, or by a name in mine), or refuses a given name that is taken; mine collects the
// names given.
func (b *binder) nameIndex(def *catalog.TableDef, ix *catalog.IndexDef, label string, mine map[string]bool) error {
	taken := func(name string) bool { return mine[name] || b.cat.RelationNameTaken(def.Schema, name) }
	if ix.Name == "" {
		ix.Name = chooseName(def.Name+"_"+label, taken)
	} else if taken(ix.Name) {
		return b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", ix.Name)
	}
	mine[ix.Name] = true
	return nil
}

func boolRank(v bool) int {
	if v {
		return 1
	}
	return 0
}

// chooseName returns base, or base with the smallest number appended that is not taken.
func chooseName(base string, taken func(string) bool) string {
	name := base
	for i := 1; taken(name); i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

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
		ix := catalog.IndexDef{Name: k.con.Conname, Primary: isPK, NullsNotDistinct: k.con.NullsNotDistinct}
		for _, c := range k.cols {
			i := def.ColumnIndex(c)
			if i < 0 {
				return b.errorf(k.con.Location, pgcode.UndefinedColumn, "column \"%s\" named in key does not exist", c)
			}
			if isPK {
				def.Columns[i].NotNull = true
			}
			ix.Columns = append(ix.Columns, i)
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
		label := "pkey"
		if !isPK {
			label = strings.Join(k.cols, "_") + "_key"
		}
		def.Indexes = append(def.Indexes, ix)
		labels = append(labels, label)
	}
	mine := map[string]bool{def.Name: true}
	taken := func(name string) bool { return mine[name] || b.cat.RelationNameTaken(def.Schema, name) }
	for i := range def.Indexes {
		ix := &def.Indexes[i]
		if ix.Name == "" {
			ix.Name = chooseName(def.Name+"_"+labels[i], taken)
		} else if taken(ix.Name) {
			return b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", ix.Name)
		}
		mine[ix.Name] = true
	}
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

// indexVisible reports whether a possibly qualified name finds an index.
func (b *binder) indexVisible(schema, name string) bool {
	path := []string{schema}
	if schema == "" {
		path = b.lookupPath()
	}
	for _, s := range path {
		if t, _ := b.cat.IndexNamed(s, name); t != nil {
			return true
		}
	}
	return false
}

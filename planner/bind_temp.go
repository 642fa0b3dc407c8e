package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
)

// TempSchemaAlias is the schema name that always means the session's own temporary schema.
const TempSchemaAlias = "pg_temp"

// findTable resolves a possibly qualified relation name as PostgreSQL's search path does
// (bind_schema.go): an unqualified name is looked up among the session's temporary tables
// first, then among the system relations of pg_catalog, then along search_path; the schema
// pg_temp is the session's temporary schema.
func (b *binder) findTable(schema, name string) *catalog.TableDef {
	switch schema {
	case "":
		for _, s := range b.lookupPath() {
			if def := b.qualifiedTable(s, name); def != nil {
				return def
			}
		}
		return nil
	case TempSchemaAlias:
		return b.cat.Table(b.tempSchema, name)
	}
	return b.qualifiedTable(schema, name)
}

func (b *binder) qualifiedTable(schema, name string) *catalog.TableDef {
	if def := pgcatalog.Lookup(schema, name); def != nil {
		return def
	}
	return b.cat.Table(schema, name)
}

// createSchema returns the schema CREATE TABLE puts a relation in: the session's temporary
// schema for CREATE TEMP TABLE and pg_temp.name, else the given schema or the first
// existing one of the search path ("" when there is none: checkSchema reports it).
func (b *binder) createSchema(rv *pg_query.RangeVar) string {
	switch {
	case rv.Relpersistence == "t" || rv.Schemaname == TempSchemaAlias:
		return b.tempSchema
	case rv.Schemaname != "":
		return rv.Schemaname
	}
	s, _ := b.creationSchema(-1)
	return s
}

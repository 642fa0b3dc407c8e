// Package pgcatalog generates PostgreSQL's system catalogs, pg_catalog and
// information_schema, from pgfast's own descriptions of the database: the catalog snapshot
// (tables and their columns), the function registry (functions and operators) and the type
// table. Nothing here is a stored copy that could drift: every row is derived, at the
// moment a statement reads the relation, from the same structures the planner binds
// against, so a table created a statement ago is in pg_class and every function the
// planner can call is in pg_proc, under its OID.
//
// # Relations
//
// Each system relation is a catalog.TableDef marked Virtual, with PostgreSQL 15's OID,
// relkind, column names and column types (columns_gen.go, generated from a PostgreSQL 15
// server by gen_columns.sh). Lookup finds them by schema and name for the planner, which
// puts pg_catalog first on the search path as PostgreSQL does; Source.Rows produces the
// rows of one of them as an Arrow record for the executor's scan. Relations describing
// features pgfast does not have (indexes, constraints, policies, triggers, publications)
// exist with their exact shape and no rows, which is what clients such as psql expect of
// a database that uses none of them.
//
// # Names
//
// Names implements the object-name lookups behind the reg* types ('t'::regclass,
// oid::regtype) and the visibility and formatting functions (pg_table_is_visible,
// format_type, pg_get_function_arguments): relations, types, functions, operators,
// namespaces and roles resolved against one catalog snapshot and the registry, with
// pg_catalog searched before public.
//
// # Roles and databases
//
// pgfast has no roles: every object is owned by the bootstrap superuser, OID 10, named
// "postgres" as in a standard PostgreSQL installation (so that psql's listings show the same
// owners), and public belongs to pg_database_owner as in PostgreSQL 15. The session's user,
// when it is another name, is listed as a second superuser. The current database is the
// only database besides template0 and template1.
package pgcatalog

// Package fkey enforces foreign keys (catalog.ForeignKeyDef) as PostgreSQL's referential
// integrity triggers do, but set-at-a-time.
//
// A Log lives as long as a transaction. Package dml tells it of every row a statement
// inserts, deletes or updates (it is the statement's executor.WriteObserver); it keeps the
// rows that matter to a foreign key: new rows of referencing tables, and the old rows of
// referenced tables that are deleted or whose key changes. At the statement's end
// (EndStatement) it first runs the referential actions, which may change more rows and so
// more keys, until nothing is left to act on:
//
//	CASCADE      deletes the referencing rows, or gives them the new key
//	SET NULL     sets the referencing columns (or the listed ones) to NULL
//	SET DEFAULT  sets them to their defaults
//
// and then the checks:
//
//	referencing rows   every new key (no NULL under MATCH SIMPLE; all or none under MATCH
//	                   FULL) is a key of the referenced table: 23503 "is not present"
//	NO ACTION          no referencing row holds a removed key that the referenced table
//	                   no longer has: 23503 "is still referenced"
//	RESTRICT           no referencing row holds a removed key, even one another row has
//
// Each check is one pass: the changed keys go into a hash set (executor.KeySet), and the
// other table's rows are probed against it batch by batch, a hash semi-join; a referencing
// key is cast to the referenced column's type first, so that int4 = int8 and the like
// compare as PostgreSQL's cross-type equality does. The checks of deferred constraints
// (INITIALLY DEFERRED, or SET CONSTRAINTS ... DEFERRED) wait in the Log until Commit or
// SET CONSTRAINTS ... IMMEDIATE; a deferred check whose referencing row is gone by then
// passes, as in PostgreSQL, which never checks a row that is no longer live.
package fkey

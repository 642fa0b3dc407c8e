// Package cluster keeps the databases of one data directory, as PostgreSQL's cluster does:
// a registry of them (pg_database), one storage.Store per database holding its catalog and
// rows, and the count of sessions connected to each.
//
// # Layout
//
//	<dir>/databases.json   the registry: every database's pg_database row, and the next OID
//	<dir>/...              the store of database postgres (OID 5): what a data directory
//	                       held before it had databases, so an older one opens unchanged
//	<dir>/base/<oid>/      the store of every other database
//
// A new data directory gets PostgreSQL's three databases: postgres, template1 (the default
// template of CREATE DATABASE) and template0 (which takes no connections). Roles are
// cluster-wide: they live in postgres's store, and the other stores are opened
// WithSharedRoles of it, so it cannot be dropped.
//
// # Durability
//
// The registry is small and rewritten whole on every change: written to a temporary file,
// synced, renamed over the old one, and the directory synced, so a crash leaves the old or
// the new registry, never a torn one. CREATE DATABASE writes the new store's directory
// first (a copy of its template, synced) and the registry last; DROP DATABASE writes the
// registry first and removes the directory after. A crash between the two leaves a
// directory no entry names, which Open removes.
//
// # Concurrency
//
// One mutex guards the registry and the session counts. Connect and Release count the
// sessions of each database; CREATE DATABASE refuses a template that other sessions use,
// DROP DATABASE and RENAME a database they use, unless WITH (FORCE) terminates them, as in
// PostgreSQL. Every store is opened when the cluster opens (reading no table data), so
// that OIDs the stores hand out to user types never collide in the process.
package cluster

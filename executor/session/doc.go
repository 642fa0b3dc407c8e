// Package session is the layer between the wire protocol and the executor: one Session per
// client connection holds that client's settings, transaction block, prepared statements,
// temporary schema and sequence state, and runs its statements. The wire package drives it
// through an interface of its own; cmd/pgfast adapts a *Session to it.
//
// # Statement flow
//
//	Parse     SQL text -> planner.Parsed (a syntax error anywhere runs nothing); the text
//	          of a recent query string is not parsed again (plancache.go)
//	Prepare   Parsed -> Prepared: bound against the catalog the session sees now; re-bound
//	          transparently when the catalog changed since. A reusable statement of a
//	          recent query string (INSERT ... VALUES, BEGIN) is bound once while the
//	          catalog and the session's settings stay as they were; a statement of a
//	          shape learned lately (its text with other integer literals) is neither
//	          parsed nor bound, but made from the shape with its literals (plancache.go)
//	Execute   Prepared + parameters -> Result (rows stream; other statements are done when
//	          Execute returns and the Result only carries the tag)
//	CopyFrom, CopyTo   the COPY sub-protocols (package pgcopy parses and formats)
//
// Execute sorts statements by what they need. Transaction control, SET/SHOW/RESET
// (package settings), DISCARD, PREPARE/EXECUTE/DEALLOCATE and EXPLAIN need no transaction
// of their own (execute.go). Every other statement runs in the open transaction block, or
// in an implicit transaction the statement ends itself: queries through the executor's
// operators, INSERT/UPDATE/DELETE/TRUNCATE/ALTER through package dml, CREATE/DROP here
// (ddl.go; types and domains in ddl_type.go).
//
// # Transactions
//
// Outside a block each statement runs in a transaction of its own: a change commits when
// the statement ends, a query's snapshot is dropped when its Result ends. BEGIN opens a
// block; an error inside it marks the block failed, after which every statement gives
// 25P02 until COMMIT or ROLLBACK, both of which roll back, as in PostgreSQL. SAVEPOINT
// marks the storage transaction's changes; ROLLBACK TO returns to the latest mark of that
// name (and recovers a failed block), RELEASE drops it, both dropping the marks set after it
// (savepoint.go). Settings and advisory locks are not rolled back to a savepoint. TxStatus
// reports the state for ReadyForQuery. Closing the session rolls back an open block and
// drops the session's temporary tables.
//
// The session is an owner in the engine's advisory lock table (package locks, locks.go):
// every transaction end (commitStatement, endImplicit, COMMIT, endBlock) releases its
// transaction-level locks, DISCARD ALL its session-level ones and Close all of them.
//
// # Databases
//
// An Engine serves one database: the server makes one per database of its cluster, and
// gives each session a Databases (database.go) bound to the database it connected to. The
// statements on databases (CREATE, DROP and ALTER DATABASE, COMMENT ON and GRANT ON
// DATABASE) need no transaction: they run on the cluster, which makes them durable at
// once, and CREATE and DROP DATABASE refuse to run in a transaction block, as in
// PostgreSQL. ApplyDatabase gives a new session its database's ALTER DATABASE ... SET
// parameters.
//
// # Contracts
//
// A Session is used by one goroutine at a time (the connection's); nothing in it is shared
// with other sessions but the Engine's store and function registry. A Result stays valid,
// and its statement's context in force, until it is closed, which is what lets a portal be
// suspended between Execute messages; closing a query's Result before its end still ends
// its implicit transaction. Errors carry PostgreSQL's SQLSTATE from the layer that raised
// them; the session only decides what they do to the transaction block.
package session

// Package executor runs bound plans: batch-at-a-time, columnar, on Apache Arrow records,
// in parallel across cores. It also owns the session layer that the wire protocol drives
// (Session: transactions, settings, statement execution, COPY).
//
// # Layers
//
//	Session      statement kinds: transaction control, SET/SHOW, DDL, INSERT, queries, COPY
//	Build        the only switch over physical plan nodes; one constructor per operator
//	Operators    pull-based: Open, Next (one arrow.Record of <= BatchSize rows), Close
//	evaluators   compiled expressions: a batch in, an Arrow array out
//
// # Parallelism
//
// Execution is morsel-driven. A scan with the filters and projections above it forms a
// pipeline; its morsel source hands the table's stored batches to any number of workers
// from a shared cursor. The hash aggregate runs one pipeline copy per worker into a private
// hash table and merges the tables at the end; every other consumer reads a pipeline through
// the exchange operator, which runs the workers and restores the stored order of the
// morsels, so queries without ORDER BY return rows in insertion order, as PostgreSQL's
// sequential scans do. Workers stop at cancellation (the statement's context), which is how
// a client's CancelRequest ends a running query with SQLSTATE 57014.
//
// # System relations
//
// pg_catalog's and information_schema's relations are TableDefs marked Virtual. A scan of
// one asks Ctx.System (catalog/pgcatalog over the statement's catalog snapshot and the
// registry) for rows instead of the transaction's stored batches; everything above the scan
// is the same as for a table.
//
// # Expressions
//
// Expressions compile once per operator instance into evaluators. Function calls go through
// the registry's vectorized kernels; NULL handling for strict functions is done once, in the
// call evaluator, which tells the kernel which rows are valid and nulls the others. CASE,
// AND/OR and COALESCE evaluate their later arguments only on the rows still undecided, so
// guarded expressions (CASE WHEN x <> 0 THEN 1 / x END) never raise errors for rows that
// PostgreSQL would not evaluate.
//
// # Memory and ownership
//
// A record returned by Next belongs to the operator until the next call; consumers Retain
// what they keep. Stored table batches belong to storage and are shared read-only between
// all statements and workers.
package executor

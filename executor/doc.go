// Package executor runs bound plans: batch-at-a-time, columnar, on Apache Arrow records,
// in parallel across cores. The statement layers above it live in sub-packages, each with
// one job: session (a client's statements, transactions and state), settings (GUCs), dml
// (INSERT, UPDATE, DELETE, TRUNCATE and ALTER TABLE's data changes) and pgcopy (COPY's
// text, CSV and binary formats). They use the executor through Open, Ctx and the few
// helpers of run.go.
//
// # Layers
//
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
// # WITH, recursion and correlated subqueries
//
// A With operator registers its CTEs in the statement's registry; each is run once, when a
// CTEScan first opens, and its batches are shared by every scan (op_cte.go). A recursive
// union runs its recursive term round after round over the previous round's rows until a
// round yields none, deduplicating across rounds for UNION (op_recursive.go). Correlated
// subqueries the planner did not turn into joins are evaluated per row (apply.go), the
// ARRAY(subquery) form of psql's catalog queries included; LATERAL subqueries the same way,
// joined to their input a batch at a time (op_lateral.go).
//
// # Arrays
//
// Array values are in catalog/types' array layout. ARRAY[...], ARRAY(subquery), op ANY/ALL
// (array) and subscripts work on whole batches (expr_array.go): each works out which
// elements every row's result is made of and gathers them with one Take; op ANY/ALL
// evaluates its operator once per batch over all (row, element) pairs.
//
// Records (ROW(...), whole-row references) are Arrow structs (catalog/types, "Records"):
// building one puts the field arrays side by side, a field selection takes its child back
// (expr_record.go), and hash keys store one key column per field (hashkeys_record.go).
//
// # Set-returning functions
//
// ProjectSet (op_projectset.go) runs set-returning functions per input row, pulling each
// call's RowSource in lockstep and padding the shorter with NULLs; when every call offers a
// batch form (unnest) or is a plain function in FROM (one row each), it runs them over
// whole batches instead (op_projectset_batch.go). FunctionScan runs one function of
// constant arguments.
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
// # Window functions
//
// The Window operator (op_window.go) materializes its input, sorts a permutation per
// distinct (PARTITION BY, ORDER BY) with the sort operator's machinery, finds partition and
// peer boundaries in one pass, and computes every call over whole arrays: window functions
// through the registry's WindowImpl, aggregates through AggState with a strategy chosen by
// the frame (window_agg.go). Distinct windows are computed in parallel.
//
// # Memory budget, spilling and EXPLAIN ANALYZE
//
// Operators that hold rows charge what they hold to an account of the statement's
// budget.Query (Ctx.Budget); past work_mem a sort spills sorted runs to Ctx.Spill and merges
// them, and any operator past the server's --memory-limit fails with 53200. Long loops check
// the statement's context, so a cancel or statement_timeout stops them. With
// Ctx.Instrument set, Build wraps every operator to measure it for EXPLAIN ANALYZE
// (instrument.go); operators report what they held through explainDetails.
//
// # Memory and ownership
//
// A record returned by Next belongs to the operator until the next call; consumers Retain
// what they keep. Stored table batches belong to storage and are shared read-only between
// all statements and workers.
package executor

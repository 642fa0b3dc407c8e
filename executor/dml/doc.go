// Package dml changes table data: INSERT (Insert, and TableWriter, which COPY FROM writes
// through too), DELETE and UPDATE (Modify), TRUNCATE, and the data side of ALTER TABLE
// (columns added with a DEFAULT fill existing rows). It runs inside a statement's
// executor.Ctx, in the transaction the session gives it, and neither begins nor ends
// transactions: that is the session's job.
//
// # DELETE and UPDATE
//
// Storage rows are immutable, so DELETE hands storage the identifiers of the rows to drop
// and UPDATE does the same and inserts the new row versions. The planner's query for either
// scans the target with row identifiers (a Scan column planner.RowIDCol, which the
// executor's morsel source fills from Txn.RowIDBatches) and yields identifier, new row and
// RETURNING values; Modify runs it to completion before changing anything, so the statement
// never reads its own changes, drops repeated identifiers of target rows joined to several
// FROM rows, checks NOT NULL with PostgreSQL's "Failing row contains" detail, and only then
// calls Delete and Insert.
package dml

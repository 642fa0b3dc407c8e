// Package pgcopy implements COPY's data formats: From parses PostgreSQL's text, CSV and
// binary formats from a stream into Arrow column builders and appends the rows (with the
// columns' defaults) through a dml.TableWriter, in batches; To renders a query's rows in
// the text and CSV formats. It knows nothing of the protocol or of transactions: the
// session hands it the statement's executor.Ctx and the stream, whether that comes from
// the client (COPY FROM STDIN) or a server-side file.
//
// The text format is parsed in parallel (parallel.go): one goroutine splits the stream into
// chunks of whole lines, workers on every core parse them, and the rows are appended in
// stream order, so order and error reporting are those of a serial COPY.
//
// Errors carry PostgreSQL's messages and its "COPY t, line n, column c" context.
package pgcopy

// Package filescan reads the files of foreign tables (file_fdw) for the executor's scans,
// and infers the columns of files read without one (read_csv, read_parquet, IMPORT FOREIGN
// SCHEMA; see planner/bind_files.go). Text and CSV files are parsed by COPY's own parser
// (package pgcopy, so values, NULLs, quoting and error messages are COPY FROM's, and chunks
// of records are parsed on every core); Parquet files are read with Arrow's pqarrow reader
// rather than a reader of our own, as it already decodes every encoding and logical type
// into Arrow arrays. A table's filename may be a glob: its files are read in name order.
//
// Reading streams: a goroutine reads batches ahead into a small channel, so memory stays at
// a few batches whatever the file size, and closing the stream (a LIMIT that is satisfied)
// stops it. A Parquet file's row groups are decoded on every core, one worker per row
// group with a reader of its own, and sent in file order (parquet_parallel.go); CSV and
// text are cut into chunks of whole records that are parsed on every core. Only the columns a scan references are converted (CSV) or decoded (Parquet).
// Parquet columns are matched to the table's by name and converted to the column's type:
// integers and floats widen, timestamps change unit, lists become arrays, decimals become
// numeric or float8 directly, strings and dates map as they are, and other types go
// through their text form.
// The planner's bounds on a scan's columns (planner.ScanBound, from the filter above it)
// skip the row groups whose column statistics lie outside them; EXPLAIN ANALYZE shows the
// files, row groups read and skipped, and bytes read.
//
// A file that changes size or modification time while it is read fails the scan, so a
// query never answers from a file half rewritten.
//
// Column inference (Schemas): a Parquet file's fields map to the PostgreSQL types of their
// Arrow types (lists to arrays, structs to text); a CSV or text file's columns are named
// by its header and typed by the narrowest of boolean, integer, bigint, numeric, double
// precision, date, timestamp and timestamptz whose input function reads every value of its
// first rows, else text.
package filescan

// Package filescan reads the files of foreign tables (file_fdw) for the executor's scans:
// PostgreSQL's text and CSV formats, parsed by COPY's own parser (package pgcopy, so values,
// NULLs, quoting and error messages are COPY FROM's), and Parquet, read with Arrow's
// pqarrow reader. A table's filename may be a glob: its files are read in name order.
//
// Reading streams: a goroutine reads batches ahead into a small channel, so memory stays at
// a few batches whatever the file size, and closing the stream (a LIMIT that is satisfied)
// stops it. Only the columns a scan references are converted (CSV) or decoded (Parquet).
// Parquet columns are matched to the table's by name and converted to the column's type:
// integers and floats widen, timestamps change unit, strings and dates map directly, and
// other types (decimals to numeric, for instance) go through their text form.
//
// A file that changes size or modification time while it is read fails the scan, so a
// query never answers from a file half rewritten.
package filescan

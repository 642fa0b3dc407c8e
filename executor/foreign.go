package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
)

// ForeignFiles reads the files of foreign tables (file_fdw). Package executor/filescan
// implements it; the session sets it in Ctx. A foreign table's scan is a pipeline's morsel
// source like a stored table's (op_pipeline.go): its workers take the stream's batches in
// turn, in stream order.
type ForeignFiles interface {
	// Open starts reading the rows of scan's foreign table, only the columns scan.Cols, as
	// records with schema; scan.Bounds let it skip parts of files. Reading streams: a file
	// is never held whole.
	Open(ctx *Ctx, scan *planner.Scan, schema *arrow.Schema) (RecordStream, error)
}

// RecordStream is a stream of record batches.
type RecordStream interface {
	// Next returns the next batch, the caller's to release, or io.EOF after the last.
	Next() (arrow.Record, error)
	// Close stops reading (a LIMIT may stop early) and releases what is held.
	Close() error
	// Read reports what was read so far, for EXPLAIN ANALYZE.
	Read() FilesRead
}

// FilesRead counts what a foreign scan read: files, Parquet row groups read and skipped
// by their statistics, and bytes (CSV text, or Parquet column chunks).
type FilesRead struct {
	Files, RowGroups, RowGroupsSkipped, Bytes int64
}

package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ForeignFiles reads the files of foreign tables (file_fdw). Package executor/filescan
// implements it; the session sets it in Ctx.
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

// foreignScanOp scans a foreign table through Ctx.Files.
type foreignScanOp struct {
	scan   *planner.Scan
	schema *arrow.Schema
	stream RecordStream
	cur    arrow.Record
	rows   int64
}

func newForeignScan(x *planner.Scan) *foreignScanOp {
	return &foreignScanOp{scan: x, schema: PlanSchema(x.Out)}
}

func (f *foreignScanOp) Schema() *arrow.Schema { return f.schema }

func (f *foreignScanOp) Open(ctx *Ctx) error {
	if ctx.Files == nil {
		return pgerror.Newf(pgcode.FeatureNotSupported, "cannot read foreign table \"%s\" here", f.scan.Table.Name)
	}
	s, err := ctx.Files.Open(ctx, f.scan, f.schema)
	if err != nil {
		return err
	}
	f.stream = s
	return nil
}

func (f *foreignScanOp) Next(ctx *Ctx) (arrow.Record, error) {
	if f.cur != nil {
		f.cur.Release()
		f.cur = nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := f.stream.Next()
		if err != nil {
			return nil, err
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		f.rows += rec.NumRows()
		f.cur = rec
		return rec, nil
	}
}

// explainDetails implements explainer.
func (f *foreignScanOp) explainDetails() []Detail {
	if f.stream == nil {
		return nil
	}
	r := f.stream.Read()
	return []Detail{{Key: "Files", Value: r.Files}, {Key: "Row Groups", Value: r.RowGroups},
		{Key: "Row Groups Skipped", Value: r.RowGroupsSkipped}, {Key: "Bytes Read", Value: r.Bytes}}
}

// scannedRows implements scanCounter.
func (f *foreignScanOp) scannedRows() int64 { return f.rows }

func (f *foreignScanOp) Close() error {
	if f.cur != nil {
		f.cur.Release()
		f.cur = nil
	}
	if f.stream == nil {
		return nil
	}
	return f.stream.Close()
}

var (
	_ Operator    = (*foreignScanOp)(nil)
	_ scanCounter = (*foreignScanOp)(nil)
	_ explainer   = (*foreignScanOp)(nil)
)

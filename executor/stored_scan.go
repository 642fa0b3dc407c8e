package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// TableScanner is implemented by transactions that read stored tables lazily, as package
// storage's do: a scan reads only its columns, one morsel (a Parquet row group, or a batch
// still in memory) at a time, and skips the row groups whose statistics lie outside
// scan.Bounds. Transactions without it serve Batches and RowIDBatches.
type TableScanner interface {
	// ScanTable starts reading the rows of scan's table visible to the transaction, only
	// the columns scan.Cols (planner.RowIDCol among them: the rows' identifiers).
	ScanTable(scan *planner.Scan) (TableScan, error)
}

// TableScan is a stored table's rows as independent morsels, which workers load in
// parallel and the scan hands on in order.
type TableScan interface {
	// Len is the number of morsels.
	Len() int
	// Morsel loads morsel i: its rows with the columns of scan.Cols that are not
	// planner.RowIDCol, in that order, and, when scan.Cols holds planner.RowIDCol, their
	// identifiers. Both are the caller's to release.
	Morsel(i int) (arrow.Record, *array.Int64, error)
	// Read reports what the scan read so far, for EXPLAIN ANALYZE.
	Read() FilesRead
}

func isScanner(txn Txn) bool {
	_, ok := txn.(TableScanner)
	return ok
}

// openStored starts a lazy scan and returns where each scanned column is in its morsels.
func openStored(txn TableScanner, scan *planner.Scan) (TableScan, []int, error) {
	ts, err := txn.ScanTable(scan)
	if err != nil {
		return nil, nil, err
	}
	at := make([]int, len(scan.Cols))
	k := 0
	for i, c := range scan.Cols {
		at[i] = -1
		if c != planner.RowIDCol {
			at[i] = k
			k++
		}
	}
	return ts, at, nil
}

// takeStored loads the next morsel of a lazily read table.
func (s *morselSource) takeStored(schema *arrow.Schema) (arrow.Record, int, bool, error) {
	i := int(s.next.Add(1) - 1)
	if i >= s.stored.Len() {
		return nil, i, false, nil
	}
	rec, ids, err := s.stored.Morsel(i)
	if err != nil {
		return nil, i, false, err
	}
	defer rec.Release()
	if ids != nil {
		defer ids.Release()
	}
	cols := make([]arrow.Array, len(s.storedCol))
	for k, at := range s.storedCol {
		if at < 0 {
			cols[k] = ids
		} else {
			cols[k] = rec.Column(at)
		}
	}
	s.taken.Add(rec.NumRows())
	s.counters.Read(false, rec.NumRows(), 1)
	return types.NewRecord(schema, cols, rec.NumRows()), i, true, nil
}

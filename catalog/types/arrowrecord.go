package types

import (
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// Arrow's array.NewRecord checks every column's type against its schema field, and for
// most types that check is a reflect.DeepEqual, which allocates: on a statement that reads
// and writes one row, building records that way costs more than the row's values. The
// engine builds its records from columns it made for the schema at hand, so NewRecord and
// SliceRecord check only what is cheap (column count and lengths) and trust the types.

// NewRecord returns a record of cols under schema, as array.NewRecord does (rows < 0 means
// the first column's length; the record retains the columns), without comparing the
// columns' types with the schema's: the caller guarantees they are equal. It panics, as
// array.NewRecord does, when the column count or a column's length does not fit.
func NewRecord(schema *arrow.Schema, cols []arrow.Array, rows int64) arrow.Record {
	if rows < 0 {
		rows = 0
		if len(cols) > 0 {
			rows = int64(cols[0].Len())
		}
	}
	if len(cols) != schema.NumFields() {
		panic(fmt.Errorf("arrow/array: number of columns/fields mismatch"))
	}
	for i, c := range cols {
		if int64(c.Len()) < rows {
			panic(fmt.Errorf("arrow/array: mismatch number of rows in column %q: got=%d, want=%d",
				schema.Field(i).Name, c.Len(), rows))
		}
	}
	for _, c := range cols {
		c.Retain()
	}
	r := &arrowRecord{schema: schema, rows: rows, cols: slices.Clone(cols)}
	r.refs.Store(1)
	return r
}

// SliceRecord returns rows i to j (exclusive) of rec, sharing its buffers, as rec.NewSlice
// does without checking the types again.
func SliceRecord(rec arrow.Record, i, j int64) arrow.Record {
	if j > rec.NumRows() || i > j {
		panic(fmt.Errorf("arrow/array: index out of range"))
	}
	cols := make([]arrow.Array, rec.NumCols())
	for k, c := range rec.Columns() {
		cols[k] = array.NewSlice(c, i, j)
	}
	r := &arrowRecord{schema: rec.Schema(), rows: j - i, cols: cols} // owns the slices
	r.refs.Store(1)
	return r
}

// arrowRecord is an in-memory record batch, what array.NewRecord makes.
type arrowRecord struct {
	refs   atomic.Int64
	schema *arrow.Schema
	rows   int64
	cols   []arrow.Array
}

var _ arrow.Record = (*arrowRecord)(nil)

// Retain implements arrow.Record.
func (r *arrowRecord) Retain() { r.refs.Add(1) }

// Release implements arrow.Record: the last release releases the columns.
func (r *arrowRecord) Release() {
	if r.refs.Add(-1) == 0 {
		for _, c := range r.cols {
			c.Release()
		}
		r.cols = nil
	}
}

// Schema implements arrow.Record.
func (r *arrowRecord) Schema() *arrow.Schema { return r.schema }

// NumRows implements arrow.Record.
func (r *arrowRecord) NumRows() int64 { return r.rows }

// NumCols implements arrow.Record.
func (r *arrowRecord) NumCols() int64 { return int64(len(r.cols)) }

// Columns implements arrow.Record.
func (r *arrowRecord) Columns() []arrow.Array { return r.cols }

// Column implements arrow.Record.
func (r *arrowRecord) Column(i int) arrow.Array { return r.cols[i] }

// ColumnName implements arrow.Record.
func (r *arrowRecord) ColumnName(i int) string { return r.schema.Field(i).Name }

// SetColumn implements arrow.Record, checking the new column as Arrow does.
func (r *arrowRecord) SetColumn(i int, col arrow.Array) (arrow.Record, error) {
	tmp := array.NewRecord(r.schema, r.cols, r.rows)
	defer tmp.Release()
	return tmp.SetColumn(i, col)
}

// NewSlice implements arrow.Record.
func (r *arrowRecord) NewSlice(i, j int64) arrow.Record { return SliceRecord(r, i, j) }

// MarshalJSON implements arrow.Record (json.Marshaler), as Arrow's records do.
func (r *arrowRecord) MarshalJSON() ([]byte, error) {
	tmp := array.NewRecord(r.schema, r.cols, r.rows)
	defer tmp.Release()
	return tmp.MarshalJSON()
}

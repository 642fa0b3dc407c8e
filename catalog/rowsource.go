package catalog

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// ColumnRows is a RowSource over columns computed in full up front (a set-returning
// function whose rows are cheap to build at once): Next hands out slices of them, and the
// columns are released when the set is exhausted.
func ColumnRows(cols ...arrow.Array) RowSource { return &columnRows{cols: cols} }

type columnRows struct {
	cols []arrow.Array
	next int
}

func (r *columnRows) Next(_ *FuncEnv, max int) ([]arrow.Array, int, error) {
	if len(r.cols) == 0 {
		return nil, 0, nil
	}
	n := r.cols[0].Len()
	if r.next >= n {
		for _, c := range r.cols {
			c.Release()
		}
		r.cols = nil
		return nil, 0, nil
	}
	end := min(r.next+max, n)
	out := make([]arrow.Array, len(r.cols))
	for i, c := range r.cols {
		out[i] = array.NewSlice(c, int64(r.next), int64(end))
	}
	rows := end - r.next
	r.next = end
	return out, rows, nil
}

package storage

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// rechunk returns recs (all with schema sc) as records of at most BatchRows rows, in the same
// row order. Records of at least half a batch are kept as they are; runs of smaller ones are
// concatenated, so a table filled by many single-row inserts is scanned in full batches
// rather than one-row ones. The result holds its own references; recs are not released.
func rechunk(sc *arrow.Schema, recs []arrow.Record, mem memory.Allocator) ([]arrow.Record, error) {
	out := make([]arrow.Record, 0, len(recs))
	var (
		run     []arrow.Record
		runRows int64
	)
	flush := func() error {
		switch len(run) {
		case 0:
			return nil
		case 1:
			run[0].Retain()
			out = append(out, run[0])
		default:
			rec, err := concatRecords(sc, run, mem)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		run, runRows = run[:0], 0
		return nil
	}
	for _, r := range recs {
		n := r.NumRows()
		switch {
		case n == 0:
		case n >= BatchRows/2:
			if err := flush(); err != nil {
				releaseAll(out)
				return nil, err
			}
			for off := int64(0); off < n; off += BatchRows {
				if off == 0 && n <= BatchRows {
					r.Retain()
					out = append(out, r)
					break
				}
				out = append(out, r.NewSlice(off, min(off+BatchRows, n)))
			}
		default:
			if runRows+n > BatchRows {
				if err := flush(); err != nil {
					releaseAll(out)
					return nil, err
				}
			}
			run = append(run, r)
			runRows += n
		}
	}
	if err := flush(); err != nil {
		releaseAll(out)
		return nil, err
	}
	return out, nil
}

// concatRecords copies recs (all with schema sc) into one record.
func concatRecords(sc *arrow.Schema, recs []arrow.Record, mem memory.Allocator) (arrow.Record, error) {
	ncols := sc.NumFields()
	cols := make([]arrow.Array, ncols)
	parts := make([]arrow.Array, len(recs))
	var rows int64
	for _, r := range recs {
		rows += r.NumRows()
	}
	for c := range ncols {
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		arr, err := array.Concatenate(parts, mem)
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = arr
	}
	rec := array.NewRecord(sc, cols, rows)
	releaseAll(cols)
	return rec, nil
}

func rowsOf(recs []arrow.Record) int64 {
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	return n
}

func releaseAll[T interface{ Release() }](xs []T) {
	for _, x := range xs {
		if any(x) != nil {
			x.Release()
		}
	}
}

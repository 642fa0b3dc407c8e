// Package rowgroup reads what a Parquet row group's column statistics say about the values
// of a column: their range on the number line of the planner's statistics (stats.Position),
// so that a scan with bounds on a column can skip the row groups lying outside them. Both
// scan paths use it: foreign Parquet files (executor/filescan) and pgfast's own segment
// files (storage).
package rowgroup

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/parquet/metadata"
)

// Range returns the positions of the minimum and maximum that the statistics of leaf
// column leaf of a row group record, for a column of Arrow type dt whose order and position
// are known (integers, floats, dates, timestamps, decimals stored as integers); ok is false
// when the statistics are missing or the type has no position.
func Range(meta *metadata.RowGroupMetaData, leaf int, dt arrow.DataType) (lo, hi float64, ok bool) {
	cc, err := meta.ColumnChunk(leaf)
	if err != nil {
		return 0, 0, false
	}
	if set, err := cc.StatsSet(); err != nil || !set {
		return 0, 0, false
	}
	st, err := cc.Statistics()
	if err != nil || st == nil || !st.HasMinMax() {
		return 0, 0, false
	}
	var min, max float64
	switch s := st.(type) {
	case *metadata.Int32Statistics:
		min, max = float64(s.Min()), float64(s.Max())
	case *metadata.Int64Statistics:
		min, max = float64(s.Min()), float64(s.Max())
	case *metadata.Float32Statistics:
		min, max = float64(s.Min()), float64(s.Max())
	case *metadata.Float64Statistics:
		min, max = s.Min(), s.Max()
	default:
		return 0, 0, false
	}
	scale, ok := positionScale(dt)
	if !ok || math.IsNaN(min) || math.IsNaN(max) {
		return 0, 0, false
	}
	return min * scale, max * scale, true
}

// Outside reports whether a row group's range [lo, hi] misses the bound [blo, bhi].
func Outside(lo, hi, blo, bhi float64) bool { return hi < blo || lo > bhi }

// positionScale is the factor turning a column's stored number into its position: seconds
// for dates and timestamps, the value itself for numbers and decimals.
func positionScale(dt arrow.DataType) (float64, bool) {
	switch t := dt.(type) {
	case *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Uint8Type, *arrow.Uint16Type, *arrow.Uint32Type, *arrow.Float32Type, *arrow.Float64Type:
		return 1, true
	case *arrow.Date32Type:
		return 86400, true
	case *arrow.TimestampType:
		return t.Unit.Multiplier().Seconds(), true
	case *arrow.Decimal128Type:
		return math.Pow10(-int(t.Scale)), true
	}
	return 0, false
}

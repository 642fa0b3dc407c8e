package stats

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// Position maps a constant onto the number line Column's Min and Max use: numbers as
// themselves, dates, timestamps and times as seconds. ok is false for NULL and for values
// without a position (strings, booleans, intervals, NaN).
func Position(v scalar.Scalar) (pos float64, ok bool) {
	if v == nil || !v.IsValid() {
		return 0, false
	}
	switch x := v.(type) {
	case *scalar.Int16:
		return float64(x.Value), true
	case *scalar.Int32:
		return float64(x.Value), true
	case *scalar.Int64:
		return float64(x.Value), true
	case *scalar.Uint32:
		return float64(x.Value), true
	case *scalar.Float32:
		return float64(x.Value), !math.IsNaN(float64(x.Value))
	case *scalar.Float64:
		return x.Value, !math.IsNaN(x.Value)
	case *scalar.Date32:
		return float64(x.Value) * 86400, true
	case *scalar.Timestamp:
		return float64(x.Value) / 1e6, true
	case *scalar.Time64:
		return float64(x.Value) / 1e6, true
	case *scalar.FixedSizeBinary:
		if !types.IsNumericArrow(x.Type) || len(x.Value.Bytes()) != 16 {
			return 0, false
		}
		n := types.NumericFromBytes(x.Value.Bytes())
		if n.IsNaN() {
			return 0, false
		}
		return n.Float64(), true
	}
	return 0, false
}

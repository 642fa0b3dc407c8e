package types

// Value comparison in PostgreSQL's default btree order, over Arrow layouts: what ORDER BY,
// min/max, array comparison (=, <, @>, array_position, ...) and the executor's sorts share.
//
// Orderings are PostgreSQL's default btree opclasses under the C collation: strings and bytea
// compare bytewise; floats put NaN above every other value and -0 equal to 0; numerics
// compare by value whatever their display scale; intervals compare by span (a month is 30
// days, a day 24 hours); booleans put false before true. Arrays compare as array_cmp does:
// element by element (a NULL element after every value, equal to another NULL), then the
// number of elements, of dimensions, the dimensions and the lower bounds. Zero means equal
// under the type's equality operator. uuids compare bytewise and jsonb values as jsonb's
// btree opclass orders them (pgjson.Compare).

import (
	"bytes"
	"cmp"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/bitutil"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Comparator compares value i of one array with value j of another (or the same one): negative
// when i sorts first, zero when they are equal, positive when j sorts first. It is built
// once per pair of arrays, with the type switch resolved, and must not be called for NULL
// values.
type Comparator func(i, j int) int

// NewComparator returns the comparator of a's values against b's; both hold values of one
// type.
func NewComparator(a, b arrow.Array) (Comparator, error) {
	switch a.DataType().ID() {
	case arrow.INT8:
		return intCompare(values[int8](a), values[int8](b)), nil
	case arrow.INT16:
		return intCompare(values[int16](a), values[int16](b)), nil
	case arrow.INT32, arrow.DATE32, arrow.TIME32:
		return intCompare(values[int32](a), values[int32](b)), nil
	case arrow.INT64, arrow.DATE64, arrow.TIME64, arrow.TIMESTAMP, arrow.DURATION:
		return intCompare(values[int64](a), values[int64](b)), nil
	case arrow.UINT8:
		return intCompare(values[uint8](a), values[uint8](b)), nil
	case arrow.UINT16:
		return intCompare(values[uint16](a), values[uint16](b)), nil
	case arrow.UINT32:
		return intCompare(values[uint32](a), values[uint32](b)), nil
	case arrow.UINT64:
		return intCompare(values[uint64](a), values[uint64](b)), nil
	case arrow.FLOAT32:
		x, y := values[float32](a), values[float32](b)
		return func(i, j int) int { return FloatOrder(x[i], y[j]) }, nil
	case arrow.FLOAT64:
		x, y := values[float64](a), values[float64](b)
		return func(i, j int) int { return FloatOrder(x[i], y[j]) }, nil
	case arrow.FIXED_SIZE_BINARY:
		if IsNumericArrow(a.DataType()) {
			x, y := NumericValues(a), NumericValues(b)
			return func(i, j int) int { return CompareNumeric(x[i], y[j]) }, nil
		}
	case arrow.INTERVAL_MONTH_DAY_NANO:
		x, y := values[arrow.MonthDayNanoInterval](a), values[arrow.MonthDayNanoInterval](b)
		return func(i, j int) int { return CompareInterval(x[i], y[j]) }, nil
	case arrow.BOOL:
		return boolCompare(a, b), nil
	case arrow.STRING, arrow.BINARY:
		xo, xd := varOffsets(a)
		yo, yd := varOffsets(b)
		return func(i, j int) int { return bytes.Compare(xd[xo[i]:xo[i+1]], yd[yo[j]:yo[j+1]]) }, nil
	case arrow.NULL:
		return func(int, int) int { return 0 }, nil
	case arrow.STRUCT:
		if IsArrayArrow(a.DataType()) {
			return arrayCompare(a, b)
		}
		return recordCompare(a, b)
	case arrow.EXTENSION:
		switch {
		case IsUUIDArrow(a.DataType()):
			x, y := UUIDValues(a), UUIDValues(b)
			return func(i, j int) int { return CompareUUID(&x[i], &y[j]) }, nil
		case IsJSONBArrow(a.DataType()):
			xo, xd := varOffsets(StorageArray(a))
			yo, yd := varOffsets(StorageArray(b))
			return func(i, j int) int {
				return pgjson.Compare(xd[xo[i]:xo[i+1]], yd[yo[j]:yo[j+1]])
			}, nil
		}
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot compare values of Arrow type %s", a.DataType())
}

func intCompare[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](x, y []T) Comparator {
	return func(i, j int) int { return cmp.Compare(x[i], y[j]) }
}

// FloatOrder compares floats as PostgreSQL does: NaN equals NaN and sorts above everything,
// -0 equals 0.
func FloatOrder[T float32 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	}
	return -1
}

// IntervalSpan is an interval normalized as PostgreSQL compares intervals: whole days (a
// month being 30) and the nanoseconds left over, in [0, 1 day). Equal spans mean equal
// intervals, and spans order as intervals do.
type IntervalSpan struct {
	Days int64
	Ns   int64
}

const nanosPerDay = 86400 * 1e9

// SpanOf returns iv's span.
func SpanOf(iv arrow.MonthDayNanoInterval) IntervalSpan {
	days := int64(iv.Months)*30 + int64(iv.Days)
	q, r := iv.Nanoseconds/nanosPerDay, iv.Nanoseconds%nanosPerDay
	if r < 0 {
		q, r = q-1, r+nanosPerDay
	}
	return IntervalSpan{days + q, r}
}

// CompareInterval orders intervals by span.
func CompareInterval(a, b arrow.MonthDayNanoInterval) int {
	x, y := SpanOf(a), SpanOf(b)
	if x.Days != y.Days {
		return cmp.Compare(x.Days, y.Days)
	}
	return cmp.Compare(x.Ns, y.Ns)
}

func boolCompare(a, b arrow.Array) Comparator {
	var xb, yb []byte
	xo, yo := a.Data().Offset(), b.Data().Offset()
	if a.Len() > 0 {
		xb = a.Data().Buffers()[1].Bytes()
	}
	if b.Len() > 0 {
		yb = b.Data().Buffers()[1].Bytes()
	}
	return func(i, j int) int {
		x, y := bitutil.BitIsSet(xb, xo+i), bitutil.BitIsSet(yb, yo+j)
		switch {
		case x == y:
			return 0
		case y:
			return -1
		}
		return 1
	}
}

// arrayCompare is array_cmp over two arrays of arrays.
func arrayCompare(a, b arrow.Array) (Comparator, error) {
	ra, rb := ReadArrays(a), ReadArrays(b)
	ea, eb := ra.Elements(), rb.Elements()
	elem, err := NewComparator(ea, eb)
	if err != nil {
		return nil, err
	}
	return func(i, j int) int {
		s1, e1 := ra.Range(i)
		s2, e2 := rb.Range(j)
		n1, n2 := e1-s1, e2-s2
		for k := 0; k < n1 && k < n2; k++ {
			null1, null2 := ea.IsNull(s1+k), eb.IsNull(s2+k)
			switch {
			case null1 && null2:
				continue
			case null1:
				return 1
			case null2:
				return -1
			}
			if c := elem(s1+k, s2+k); c != 0 {
				return c
			}
		}
		if n1 != n2 {
			return cmp.Compare(n1, n2)
		}
		return compareShapes(ra.Shape(i), rb.Shape(j))
	}, nil
}

// compareShapes orders shapes by number of dimensions, then dimensions, then lower bounds.
func compareShapes(x, y Shape) int {
	if x.NDim != y.NDim {
		return cmp.Compare(x.NDim, y.NDim)
	}
	for d := 0; d < x.NDim; d++ {
		if x.Dims[d] != y.Dims[d] {
			return cmp.Compare(x.Dims[d], y.Dims[d])
		}
	}
	for d := 0; d < x.NDim; d++ {
		if x.LBounds[d] != y.LBounds[d] {
			return cmp.Compare(x.LBounds[d], y.LBounds[d])
		}
	}
	return 0
}

package executor

// Row comparison for ORDER BY keys.
//
// A rowComparator compares two rows of one materialized key column. It is built once per key
// and sort: the type switch, the direction and the NULL placement are resolved when the
// closure is made, so a comparison is one typed compare (plus a validity check only for
// columns that contain NULLs).
//
// Orderings are PostgreSQL's default btree opclasses under the C collation: strings and bytea
// compare bytewise; floats put NaN above every other value and -0 equal to 0; intervals
// compare by span (a month is 30 days); booleans put false before true; decimals compare
// numerically (values of one column share a scale).

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/bitutil"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"

	"github.com/pgfast/pgfast/catalog/types"
)

// rowComparator compares rows i and j of one key: negative when i sorts first, zero when
// they tie, positive when j sorts first.
type rowComparator func(i, j int) int

// newRowComparator returns the comparator of arr's rows for a key sorted descending or not,
// with NULLs first or last (independently of the direction, as the planner has resolved
// PostgreSQL's defaults).
func newRowComparator(arr arrow.Array, desc, nullsFirst bool) (rowComparator, error) {
	return newPairComparator(arr, arr, desc, nullsFirst)
}

// newPairComparator returns the comparator of row i of a with row j of b, arrays of one
// type: the merge of an external sort compares rows of different runs' batches with it.
func newPairComparator(a, b arrow.Array, desc, nullsFirst bool) (rowComparator, error) {
	var c rowComparator
	switch a.DataType().ID() {
	case arrow.INT8:
		c = intCmp(fixedValues[int8](a), fixedValues[int8](b), desc)
	case arrow.INT16:
		c = intCmp(fixedValues[int16](a), fixedValues[int16](b), desc)
	case arrow.INT32, arrow.DATE32, arrow.TIME32:
		c = intCmp(fixedValues[int32](a), fixedValues[int32](b), desc)
	case arrow.INT64, arrow.DATE64, arrow.TIME64, arrow.TIMESTAMP, arrow.DURATION:
		c = intCmp(fixedValues[int64](a), fixedValues[int64](b), desc)
	case arrow.UINT8:
		c = intCmp(fixedValues[uint8](a), fixedValues[uint8](b), desc)
	case arrow.UINT16:
		c = intCmp(fixedValues[uint16](a), fixedValues[uint16](b), desc)
	case arrow.UINT32:
		c = intCmp(fixedValues[uint32](a), fixedValues[uint32](b), desc)
	case arrow.UINT64:
		c = intCmp(fixedValues[uint64](a), fixedValues[uint64](b), desc)
	case arrow.FLOAT32:
		c = floatCmp(fixedValues[float32](a), fixedValues[float32](b), desc)
	case arrow.FLOAT64:
		c = floatCmp(fixedValues[float64](a), fixedValues[float64](b), desc)
	case arrow.FIXED_SIZE_BINARY:
		if !types.IsNumericArrow(a.DataType()) {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", a.DataType())
		}
		c = numericCmp(types.NumericValues(a), types.NumericValues(b), desc)
	case arrow.INTERVAL_MONTH_DAY_NANO:
		c = intervalCmp(fixedValues[arrow.MonthDayNanoInterval](a), fixedValues[arrow.MonthDayNanoInterval](b), desc)
	case arrow.BOOL:
		c = boolCmp(a, b, desc)
	case arrow.STRING, arrow.BINARY:
		c = bytesCmp(a, b, desc)
	case arrow.EXTENSION:
		var err error
		if c, err = extensionCmp(a, b, desc); err != nil {
			return nil, err
		}
	case arrow.NULL:
		return func(int, int) int { return 0 }, nil
	default:
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", a.DataType())
	}
	if va, vb := validityOf(a), validityOf(b); va.bits != nil || vb.bits != nil {
		c = withNulls(c, va, vb, nullsFirst)
	}
	return c, nil
}

func withNulls(c rowComparator, va, vb validity, nullsFirst bool) rowComparator {
	null := 1 // NULL sorts after a value
	if nullsFirst {
		null = -1
	}
	return func(i, j int) int {
		a, b := va.valid(i), vb.valid(j)
		switch {
		case a && b:
			return c(i, j)
		case a == b:
			return 0
		case !a:
			return null
		default:
			return -null
		}
	}
}

func intCmp[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](a, b []T, desc bool) rowComparator {
	if desc {
		return func(i, j int) int { return cmp3(b[j], a[i]) }
	}
	return func(i, j int) int { return cmp3(a[i], b[j]) }
}

func cmp3[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// floatOrder compares floats as PostgreSQL does: NaN equals NaN and sorts above everything.
func floatOrder[T float32 | float64](a, b T) int {
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

func floatCmp[T float32 | float64](a, b []T, desc bool) rowComparator {
	if desc {
		return func(i, j int) int { return floatOrder(b[j], a[i]) }
	}
	return func(i, j int) int { return floatOrder(a[i], b[j]) }
}

// numericCmp orders numerics by value; values equal but for display scale tie.
func numericCmp(a, b []types.Num, desc bool) rowComparator {
	if desc {
		return func(i, j int) int { return types.CompareNumeric(b[j], a[i]) }
	}
	return func(i, j int) int { return types.CompareNumeric(a[i], b[j]) }
}

func intervalOrder(a, b arrow.MonthDayNanoInterval) int {
	x, y := spanOf(a), spanOf(b)
	if x.days != y.days {
		return cmp.Compare(x.days, y.days)
	}
	return cmp.Compare(x.ns, y.ns)
}

func intervalCmp(a, b []arrow.MonthDayNanoInterval, desc bool) rowComparator {
	if desc {
		return func(i, j int) int { return intervalOrder(b[j], a[i]) }
	}
	return func(i, j int) int { return intervalOrder(a[i], b[j]) }
}

func boolCmp(x, y arrow.Array, desc bool) rowComparator {
	xbits, xoff := bitsOf(x)
	ybits, yoff := bitsOf(y)
	sign := 1
	if desc {
		sign = -1
	}
	return func(i, j int) int {
		a, b := bitutil.BitIsSet(xbits, xoff+i), bitutil.BitIsSet(ybits, yoff+j)
		switch {
		case a == b:
			return 0
		case b:
			return -sign
		}
		return sign
	}
}

func bytesCmp(a, b arrow.Array, desc bool) rowComparator {
	ao, ad := varValues(a)
	bo, bd := varValues(b)
	if desc {
		return func(i, j int) int {
			return bytes.Compare(bd[bo[j]:bo[j+1]], ad[ao[i]:ao[i+1]])
		}
	}
	return func(i, j int) int {
		return bytes.Compare(ad[ao[i]:ao[i+1]], bd[bo[j]:bo[j+1]])
	}
}

// rowOrder is the lexicographic order of several keys, ties broken by row number, which makes
// any sort using it stable.
type rowOrder []rowComparator

func (o rowOrder) compare(i, j int32) int {
	for _, c := range o {
		if r := c(int(i), int(j)); r != 0 {
			return r
		}
	}
	return cmp.Compare(i, j)
}

// normalizedKeys maps the values of a key column to unsigned integers whose order is the
// key's order (descending keys are complemented), so that a radix sort can replace
// comparisons: signed integers flip their sign bit; floats flip all bits when negative and
// the sign bit otherwise, after folding -0 into 0 and every NaN into one NaN above +Inf;
// booleans are 0 and 1. Strings and bytea map to their first eight bytes, big-endian and
// zero-padded: an order-preserving prefix, so equal integers do not mean equal values
// (exact is false). NULL rows get an arbitrary value (the caller sets them apart). ok is
// false for types with no such mapping (decimals, intervals).
func normalizedKeys(arr arrow.Array, desc bool) (out []uint64, exact, ok bool) {
	n := arr.Len()
	out = make([]uint64, n)
	exact = true
	switch arr.DataType().ID() {
	case arrow.INT8:
		signedKeys(out, fixedValues[int8](arr))
	case arrow.INT16:
		signedKeys(out, fixedValues[int16](arr))
	case arrow.INT32, arrow.DATE32, arrow.TIME32:
		signedKeys(out, fixedValues[int32](arr))
	case arrow.INT64, arrow.DATE64, arrow.TIME64, arrow.TIMESTAMP, arrow.DURATION:
		signedKeys(out, fixedValues[int64](arr))
	case arrow.UINT8:
		unsignedKeys(out, fixedValues[uint8](arr))
	case arrow.UINT16:
		unsignedKeys(out, fixedValues[uint16](arr))
	case arrow.UINT32:
		unsignedKeys(out, fixedValues[uint32](arr))
	case arrow.UINT64:
		unsignedKeys(out, fixedValues[uint64](arr))
	case arrow.FLOAT32:
		floatKeysOf(out, fixedValues[float32](arr))
	case arrow.FLOAT64:
		floatKeysOf(out, fixedValues[float64](arr))
	case arrow.BOOL:
		bits, off := bitsOf(arr)
		for i := range out {
			if bitutil.BitIsSet(bits, off+i) {
				out[i] = 1
			}
		}
	case arrow.STRING, arrow.BINARY:
		prefixKeys(out, arr)
		exact = false
	default:
		return nil, false, false
	}
	if desc {
		for i := range out {
			out[i] = ^out[i]
		}
	}
	return out, exact, true
}

// prefixKeys sets out[i] to the first eight bytes of string i, big-endian, zero-padded.
func prefixKeys(out []uint64, arr arrow.Array) {
	offs, data := varValues(arr)
	for i := range out {
		v := data[offs[i]:offs[i+1]]
		if len(v) >= 8 {
			out[i] = binary.BigEndian.Uint64(v)
			continue
		}
		var k uint64
		for j, b := range v {
			k |= uint64(b) << (56 - 8*j)
		}
		out[i] = k
	}
}

func signedKeys[T int8 | int16 | int32 | int64](out []uint64, vals []T) {
	for i, v := range vals {
		out[i] = uint64(int64(v)) ^ 1<<63
	}
}

func unsignedKeys[T uint8 | uint16 | uint32 | uint64](out []uint64, vals []T) {
	for i, v := range vals {
		out[i] = uint64(v)
	}
}

func floatKeysOf[T float32 | float64](out []uint64, vals []T) {
	for i, v := range vals {
		x := float64(v)
		var b uint64
		switch {
		case x != x:
			b = 0x7ff8000000000000
		case x == 0:
			b = 0
		default:
			b = math.Float64bits(x)
		}
		if b>>63 != 0 {
			b = ^b
		} else {
			b |= 1 << 63
		}
		out[i] = b
	}
}

// keyRow is a row with its normalized first sort key.
type keyRow struct {
	key uint64
	row int32
}

// radixSort sorts rows by key with a stable least-significant-digit radix sort on bytes,
// skipping the passes in which every key has the same byte. tmp must be as long as rows; the
// result is in one of the two slices and is returned. It checks ctx between passes.
func radixSort(ctx context.Context, rows, tmp []keyRow) ([]keyRow, error) {
	if len(rows) < 2 {
		return rows, nil
	}
	var counts [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(counts[:])
		for _, r := range rows {
			counts[byte(r.key>>shift)]++
		}
		if counts[byte(rows[0].key>>shift)] == len(rows) {
			continue
		}
		sum := 0
		for d, c := range counts {
			counts[d] = sum
			sum += c
		}
		for _, r := range rows {
			d := byte(r.key >> shift)
			tmp[counts[d]] = r
			counts[d]++
		}
		rows, tmp = tmp, rows
	}
	return rows, nil
}

package executor

// Row comparison for ORDER BY keys.
//
// A rowComparator compares two rows of one materialized key column. It is built once per key
// and sort: the type switch, the direction and the NULL placement are resolved when the
// closure is made, so a comparison is one typed compare (plus a validity check only for
// columns that contain NULLs).
//
// Orderings are PostgreSQL's default btree opclasses, as catalog/types' NewComparator
// implements them for every layout (arrays included).

import (
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
	if desc {
		rev, err := types.NewComparator(b, a)
		if err != nil {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", a.DataType())
		}
		c = func(i, j int) int { return rev(j, i) }
	} else {
		base, err := types.NewComparator(a, b)
		if err != nil {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", a.DataType())
		}
		c = rowComparator(base)
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

// rowOrder is the lexicographic order of several keys, ties broken by row number, which makes
// any sort using it stable.
type rowOrder []rowComparator

// comparePair compares row i of one batch with row j of another (o built by
// newPairComparator), without a position to break ties: 0 means equal keys.
func (o rowOrder) comparePair(i, j int) int {
	for _, c := range o {
		if r := c(i, j); r != 0 {
			return r
		}
	}
	return 0
}

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

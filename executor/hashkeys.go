package executor

// Vectorized hashing and equality of key columns.
//
// A keyColumn is the typed storage of one column of a hash table's keys (the GROUP BY values
// of each group, the join keys of each distinct build key), plus the kernels that hash a whole
// Arrow array and compare a list of (array row, stored key) candidate pairs in one typed loop.
// There is one implementation per physical layout, chosen once when the table is created, so
// the per-row work never dispatches on type.
//
// Equality follows PostgreSQL's hash opclasses, which is what GROUP BY, DISTINCT, set
// operations and hash joins use: NULL equals NULL (callers that need NULL never to match, such
// as joins, drop those rows first); float NaN equals NaN and -0 equals 0; intervals compare by
// their span, with a month counted as 30 days and a day as 24 hours, so '1 mon' = '30 days'.
// Hashes respect the same equivalences.

import (
	"bytes"
	"hash/maphash"
	"math"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"

	"github.com/pgfast/pgfast/catalog/types"
)

// keyColumn stores the keys of one column of a hash table, one per group, and hashes and
// compares Arrow arrays of the same type against them.
type keyColumn interface {
	// hash mixes the hash of row i of arr into h[i], for every row of arr.
	hash(arr arrow.Array, h []uint64)
	// equal clears eq[k] unless row rows[k] of arr equals stored key cand[k].
	equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool)
	// appendRows stores rows of arr as new keys, in order.
	appendRows(arr arrow.Array, rows []int32)
	// build returns the stored keys idx as an array (every key, in order, when idx is nil).
	build(mem memory.Allocator, idx []uint32) (arrow.Array, error)
	// dataType is the Arrow type of the keys.
	dataType() arrow.DataType
}

// keyHashSeed seeds string hashing. One seed per process keeps the hashes of separate tables
// comparable, which merging parallel aggregation tables relies on.
var keyHashSeed = maphash.MakeSeed()

// nullHash is the value hashed for a NULL key.
const nullHash = 0x9e3779b97f4a7c15

// mix64 is a bijective finalizer (murmur3's fmix64): low bits of the result depend on all
// input bits, so tables can index slots with a mask.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// newKeyColumn returns key storage for values of type dt.
func newKeyColumn(dt arrow.DataType) (keyColumn, error) {
	if k, ok := newExtensionKeyColumn(dt); ok {
		return k, nil
	}
	switch dt.ID() {
	case arrow.FLOAT32:
		return &floatKeys[float32]{dt: dt}, nil
	case arrow.FLOAT64:
		return &floatKeys[float64]{dt: dt}, nil
	case arrow.INTERVAL_MONTH_DAY_NANO:
		return &intervalKeys{dt: dt}, nil
	case arrow.NULL:
		return &nullTypeKeys{}, nil
	case arrow.STRUCT:
		if types.IsArrayArrow(dt) {
			return newArrayKeys(dt)
		}
		return newRecordKeys(dt.(*arrow.StructType))
	case arrow.FIXED_SIZE_BINARY:
		if types.IsNumericArrow(dt) {
			return &numericKeys{dt: dt}, nil
		}
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot hash values of Arrow type %s", dt)
	}
	switch physWidth(dt) {
	case 0:
		return &boolKeys{dt: dt}, nil
	case 1:
		return &intKeys[uint8]{dt: dt}, nil
	case 2:
		return &intKeys[uint16]{dt: dt}, nil
	case 4:
		return &intKeys[uint32]{dt: dt}, nil
	case 8:
		return &intKeys[uint64]{dt: dt}, nil
	case 16:
		return &wideKeys{dt: dt}, nil
	case -1:
		return &bytesKeys{dt: dt, offs: []int{0}}, nil
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot hash values of Arrow type %s", dt)
}

// heldKeys is implemented by the key stores that know the memory they hold (their slices'
// capacities, which append grows ahead of the keys stored); the table estimates the others'
// from the arrays the keys came from.
type heldKeys interface {
	heldBytes() int64
}

// validityBytes is what the validity list holds.
func (s *nullKeys) validityBytes() int64 { return int64(cap(s.valid)) }

// nullKeys tracks the validity of stored keys; it stays nil until the first NULL arrives so
// that tables without NULLs skip every validity check.
type nullKeys struct {
	valid []bool
}

func (s *nullKeys) appendValidity(v validity, rows []int32, have int) {
	if v.bits == nil && s.valid == nil {
		return
	}
	if s.valid == nil {
		s.valid = make([]bool, have, have+len(rows))
		for i := range s.valid {
			s.valid[i] = true
		}
	}
	for _, r := range rows {
		s.valid = append(s.valid, v.valid(int(r)))
	}
}

func (s *nullKeys) validAt(g uint32) bool { return s.valid == nil || s.valid[g] }

// validityBitmap builds the bitmap of stored keys idx (all when idx is nil, n keys).
func (s *nullKeys) validityBitmap(mem memory.Allocator, idx []uint32, n int) (*memory.Buffer, int) {
	if s.valid == nil {
		return nil, 0
	}
	buf := newBuffer(mem, int(bitutil.BytesForBits(int64(n))))
	bits := buf.Bytes()
	clear(bits)
	nulls := 0
	for k := 0; k < n; k++ {
		g := uint32(k)
		if idx != nil {
			g = idx[k]
		}
		if s.valid[g] {
			bits[k>>3] |= 1 << (uint(k) & 7)
		} else {
			nulls++
		}
	}
	if nulls == 0 {
		buf.Release()
		return nil, 0
	}
	return buf, nulls
}

// intKeys stores keys compared by bit pattern: integers, dates, times, timestamps, oids.
type intKeys[T uint8 | uint16 | uint32 | uint64] struct {
	nullKeys
	dt   arrow.DataType
	vals []T
}

func (s *intKeys[T]) dataType() arrow.DataType { return s.dt }

func (s *intKeys[T]) heldBytes() int64 {
	var zero T
	return s.validityBytes() + int64(cap(s.vals))*int64(unsafe.Sizeof(zero))
}

func (s *intKeys[T]) hash(arr arrow.Array, h []uint64) {
	vals := fixedValues[T](arr)
	v := validityOf(arr)
	if v.bits == nil {
		for i, x := range vals {
			h[i] = mix64(h[i] ^ uint64(x))
		}
		return
	}
	for i, x := range vals {
		if v.valid(i) {
			h[i] = mix64(h[i] ^ uint64(x))
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

// hashSel is hash for the rows sel only (selHasher).
func (s *intKeys[T]) hashSel(arr arrow.Array, h []uint64, sel []int32) {
	vals := fixedValues[T](arr)
	v := validityOf(arr)
	if v.bits == nil {
		for _, r := range sel {
			h[r] = mix64(h[r] ^ uint64(vals[r]))
		}
		return
	}
	for _, r := range sel {
		if v.valid(int(r)) {
			h[r] = mix64(h[r] ^ uint64(vals[r]))
		} else {
			h[r] = mix64(h[r] ^ nullHash)
		}
	}
}

func (s *intKeys[T]) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	vals := fixedValues[T](arr)
	v := validityOf(arr)
	if v.bits == nil && s.valid == nil {
		for k, r := range rows {
			eq[k] = eq[k] && vals[r] == s.vals[cand[k]]
		}
		return
	}
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = eq[k] && a == b && (!a || vals[r] == s.vals[g])
	}
}

func (s *intKeys[T]) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	vals := fixedValues[T](arr)
	for _, r := range rows {
		s.vals = append(s.vals, vals[r])
	}
}

func (s *intKeys[T]) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	return buildFixed(mem, s.dt, &s.nullKeys, s.vals, idx), nil
}

// buildFixed copies stored fixed-width keys into a new array.
func buildFixed[T any](mem memory.Allocator, dt arrow.DataType, nk *nullKeys, vals []T, idx []uint32) arrow.Array {
	n := len(vals)
	if idx != nil {
		n = len(idx)
	}
	valid, nulls := nk.validityBitmap(mem, idx, n)
	var z T
	buf := newBuffer(mem, n*int(unsafe.Sizeof(z)))
	out := bufferOf[T](buf)
	if idx == nil {
		copy(out, vals)
	} else {
		for k, g := range idx {
			out[k] = vals[g]
		}
	}
	return makeArray(dt, n, nulls, valid, buf)
}

// canonFloat maps a float to the bits it hashes as: all NaNs to one NaN, -0 to 0.
func canonFloat(x float64) uint64 {
	if x == 0 {
		return 0
	}
	if x != x {
		return 0x7ff8000000000001
	}
	return math.Float64bits(x)
}

// floatKeys stores float keys; it keeps the values as seen (a -0 stays -0 in the output) and
// compares them under PostgreSQL's float equality.
type floatKeys[T float32 | float64] struct {
	nullKeys
	dt   arrow.DataType
	vals []T
}

func (s *floatKeys[T]) dataType() arrow.DataType { return s.dt }

func (s *floatKeys[T]) hash(arr arrow.Array, h []uint64) {
	vals := fixedValues[T](arr)
	v := validityOf(arr)
	for i, x := range vals {
		if v.bits == nil || v.valid(i) {
			h[i] = mix64(h[i] ^ canonFloat(float64(x)))
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

func (s *floatKeys[T]) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	vals := fixedValues[T](arr)
	v := validityOf(arr)
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		x, y := vals[r], s.vals[g]
		eq[k] = eq[k] && a == b && (!a || x == y || (x != x && y != y))
	}
}

func (s *floatKeys[T]) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	vals := fixedValues[T](arr)
	for _, r := range rows {
		s.vals = append(s.vals, vals[r])
	}
}

func (s *floatKeys[T]) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	return buildFixed(mem, s.dt, &s.nullKeys, s.vals, idx), nil
}

// wideKeys stores 16-byte keys compared bitwise.
type wideKeys struct {
	nullKeys
	dt   arrow.DataType
	vals []u128
}

func (s *wideKeys) dataType() arrow.DataType { return s.dt }

func (s *wideKeys) hash(arr arrow.Array, h []uint64) {
	vals := fixedValues[u128](arr)
	v := validityOf(arr)
	for i, x := range vals {
		if v.bits == nil || v.valid(i) {
			h[i] = mix64(mix64(h[i]^x.lo) ^ x.hi)
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

func (s *wideKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	vals := fixedValues[u128](arr)
	v := validityOf(arr)
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = eq[k] && a == b && (!a || vals[r] == s.vals[g])
	}
}

func (s *wideKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	vals := fixedValues[u128](arr)
	for _, r := range rows {
		s.vals = append(s.vals, vals[r])
	}
}

func (s *wideKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	return buildFixed(mem, s.dt, &s.nullKeys, s.vals, idx), nil
}

// numericKeys stores numeric keys. Equality and hashing go by value, so 1.5 and 1.50 are one
// key: both use the normalized word (trailing fractional zeros stripped), while the stored
// key keeps the display scale of the group's first value, as PostgreSQL's hash aggregation
// returns the first value it saw.
type numericKeys struct {
	nullKeys
	dt   arrow.DataType
	vals []types.Num // as first seen
	norm []types.Num // normalized, for equality
}

func (s *numericKeys) dataType() arrow.DataType { return s.dt }

func (s *numericKeys) hash(arr arrow.Array, h []uint64) {
	vals := types.NumericValues(arr)
	v := validityOf(arr)
	for i, x := range vals {
		if v.bits == nil || v.valid(i) {
			w := numericWord(x.Normalize())
			h[i] = mix64(mix64(h[i]^w.lo) ^ w.hi)
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

func (s *numericKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	vals := types.NumericValues(arr)
	v := validityOf(arr)
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = eq[k] && a == b && (!a || vals[r].Normalize() == s.norm[g])
	}
}

func (s *numericKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	vals := types.NumericValues(arr)
	for _, r := range rows {
		s.vals = append(s.vals, vals[r])
		s.norm = append(s.norm, vals[r].Normalize())
	}
}

func (s *numericKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	return buildFixed(mem, s.dt, &s.nullKeys, s.vals, idx), nil
}

// numericWord is the physical word of a numeric.
func numericWord(n types.Num) u128 { return *(*u128)(unsafe.Pointer(&n)) }

// intervalKeys stores month-day-nano intervals, compared by span.
type intervalKeys struct {
	nullKeys
	dt   arrow.DataType
	vals []arrow.MonthDayNanoInterval
}

func (s *intervalKeys) dataType() arrow.DataType { return s.dt }

func (s *intervalKeys) hash(arr arrow.Array, h []uint64) {
	vals := fixedValues[arrow.MonthDayNanoInterval](arr)
	v := validityOf(arr)
	for i, x := range vals {
		if v.bits == nil || v.valid(i) {
			sp := types.SpanOf(x)
			h[i] = mix64(mix64(h[i]^uint64(sp.Days)) ^ uint64(sp.Ns))
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

func (s *intervalKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	vals := fixedValues[arrow.MonthDayNanoInterval](arr)
	v := validityOf(arr)
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = eq[k] && a == b && (!a || types.SpanOf(vals[r]) == types.SpanOf(s.vals[g]))
	}
}

func (s *intervalKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	vals := fixedValues[arrow.MonthDayNanoInterval](arr)
	for _, r := range rows {
		s.vals = append(s.vals, vals[r])
	}
}

func (s *intervalKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	return buildFixed(mem, s.dt, &s.nullKeys, s.vals, idx), nil
}

// boolKeys stores boolean keys.
type boolKeys struct {
	nullKeys
	dt   arrow.DataType
	vals []bool
}

func (s *boolKeys) dataType() arrow.DataType { return s.dt }

func (s *boolKeys) hash(arr arrow.Array, h []uint64) {
	bits, off := bitsOf(arr)
	v := validityOf(arr)
	for i := range h {
		x := uint64(0)
		switch {
		case !v.valid(i):
			x = nullHash
		case bitutil.BitIsSet(bits, off+i):
			x = 1
		}
		h[i] = mix64(h[i] ^ x)
	}
}

func (s *boolKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	bits, off := bitsOf(arr)
	v := validityOf(arr)
	for k, r := range rows {
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = eq[k] && a == b && (!a || bitutil.BitIsSet(bits, off+int(r)) == s.vals[g])
	}
}

func (s *boolKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.vals))
	bits, off := bitsOf(arr)
	for _, r := range rows {
		s.vals = append(s.vals, bitutil.BitIsSet(bits, off+int(r)))
	}
}

func (s *boolKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	n := len(s.vals)
	if idx != nil {
		n = len(idx)
	}
	valid, nulls := s.validityBitmap(mem, idx, n)
	buf := newBuffer(mem, int(bitutil.BytesForBits(int64(n))))
	out := buf.Bytes()
	clear(out)
	for k := 0; k < n; k++ {
		g := uint32(k)
		if idx != nil {
			g = idx[k]
		}
		if s.vals[g] {
			out[k>>3] |= 1 << (uint(k) & 7)
		}
	}
	return makeArray(s.dt, n, nulls, valid, buf), nil
}

// bytesKeys stores string and bytea keys, compared bytewise, in one arena.
type bytesKeys struct {
	nullKeys
	dt   arrow.DataType
	offs []int // len = keys+1
	data []byte
}

func (s *bytesKeys) dataType() arrow.DataType { return s.dt }

func (s *bytesKeys) heldBytes() int64 {
	return s.validityBytes() + 8*int64(cap(s.offs)) + int64(cap(s.data))
}

func (s *bytesKeys) hash(arr arrow.Array, h []uint64) {
	offs, data := varValues(arr)
	v := validityOf(arr)
	for i := range h {
		if v.valid(i) {
			h[i] = mix64(h[i] ^ bytesHash(data[offs[i]:offs[i+1]]))
		} else {
			h[i] = mix64(h[i] ^ nullHash)
		}
	}
}

// bytesHash hashes a key's bytes. Keys of up to 8 bytes (flags, codes, short names: the
// usual low-cardinality GROUP BY keys) are packed into a word and mixed, several times
// cheaper than a call of maphash.
func bytesHash(b []byte) uint64 {
	if len(b) > 8 {
		return maphash.Bytes(keyHashSeed, b)
	}
	x := uint64(len(b)) << 59 // lengths apart: "a" and "a\x00" differ
	for j, c := range b {
		x ^= uint64(c) << (8 * uint(j))
	}
	return mix64(x ^ shortKeySalt)
}

// shortKeySalt keeps short keys' hashes from the process's seed like the long ones'.
var shortKeySalt = maphash.Comparable(keyHashSeed, 0)

func (s *bytesKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	offs, data := varValues(arr)
	v := validityOf(arr)
	for k, r := range rows {
		if !eq[k] {
			continue
		}
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = a == b && (!a || bytes.Equal(data[offs[r]:offs[r+1]], s.data[s.offs[g]:s.offs[g+1]]))
	}
}

func (s *bytesKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.offs)-1)
	offs, data := varValues(arr)
	for _, r := range rows {
		s.data = append(s.data, data[offs[r]:offs[r+1]]...)
		s.offs = append(s.offs, len(s.data))
	}
}

func (s *bytesKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	n := len(s.offs) - 1
	if idx != nil {
		n = len(idx)
	}
	total := 0
	if idx == nil {
		total = len(s.data)
	} else {
		for _, g := range idx {
			total += s.offs[g+1] - s.offs[g]
		}
	}
	if total > math.MaxInt32 {
		return nil, errStringTooLarge()
	}
	valid, nulls := s.validityBitmap(mem, idx, n)
	obuf := newBuffer(mem, 4*(n+1))
	dbuf := newBuffer(mem, total)
	oo, od := bufferOf[int32](obuf), dbuf.Bytes()
	oo[0] = 0
	if idx == nil {
		copy(od, s.data)
		for k := 0; k < n; k++ {
			oo[k+1] = int32(s.offs[k+1])
		}
	} else {
		pos := 0
		for k, g := range idx {
			pos += copy(od[pos:], s.data[s.offs[g]:s.offs[g+1]])
			oo[k+1] = int32(pos)
		}
	}
	return makeArray(s.dt, n, nulls, valid, obuf, dbuf), nil
}

// nullTypeKeys stores keys of the NULL type (an untyped NULL expression): all are equal.
type nullTypeKeys struct{ n int }

func (s *nullTypeKeys) dataType() arrow.DataType { return arrow.Null }

func (s *nullTypeKeys) hash(_ arrow.Array, h []uint64) {
	for i := range h {
		h[i] = mix64(h[i] ^ nullHash)
	}
}

func (s *nullTypeKeys) equal(arrow.Array, []int32, []uint32, []bool) {}

func (s *nullTypeKeys) appendRows(_ arrow.Array, rows []int32) { s.n += len(rows) }

func (s *nullTypeKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	n := s.n
	if idx != nil {
		n = len(idx)
	}
	return array.MakeArrayOfNull(mem, arrow.Null, n), nil
}

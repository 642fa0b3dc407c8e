package pgjson

import (
	"bytes"
	"encoding/binary"
)

// Compare orders two jsonb values as PostgreSQL's jsonb btree opclass does
// (compareJsonbContainers): by type first (null < string < number < boolean < array <
// object), arrays by length and then element by element, objects by number of pairs and then
// pair by pair in storage order (key, then value), strings bytewise (the C collation),
// numbers by value. A top-level scalar is PostgreSQL's "raw scalar" pseudo-array of one
// element: it sorts before arrays of one or more elements but after the empty array.
func Compare(a, b Value) int {
	ka, kb := a.Kind(), b.Kind()
	switch {
	case ka.IsScalar() && kb == KindArray:
		return rawScalarVsArray(b.Len())
	case ka == KindArray && kb.IsScalar():
		return -rawScalarVsArray(a.Len())
	}
	return compareValues(a, b)
}

// rawScalarVsArray compares a top-level scalar with a top-level array of n elements.
func rawScalarVsArray(n int) int {
	if n == 0 {
		return 1
	}
	return -1
}

func compareValues(a, b Value) int {
	ka, kb := a.Kind(), b.Kind()
	if ka.typeRank() != kb.typeRank() {
		if ka.typeRank() < kb.typeRank() {
			return -1
		}
		return 1
	}
	switch ka {
	case KindNull:
		return 0
	case KindString:
		return bytes.Compare(a.Text(), b.Text())
	case KindNumber:
		return CompareNumbers(a.Text(), b.Text())
	case KindFalse, KindTrue:
		return int(ka) - int(kb)
	case KindArray:
		n, m := a.Len(), b.Len()
		if n != m {
			return cmpInt(n, m)
		}
		for i := 0; i < n; i++ {
			x, _ := a.Index(i)
			y, _ := b.Index(i)
			if c := compareValues(x, y); c != 0 {
				return c
			}
		}
		return 0
	}
	n, m := a.Len(), b.Len()
	if n != m {
		return cmpInt(n, m)
	}
	for i := 0; i < n; i++ {
		xk, xv := a.Member(i)
		yk, yv := b.Member(i)
		if c := bytes.Compare(xk, yk); c != 0 {
			return c
		}
		if c := compareValues(xv, yv); c != 0 {
			return c
		}
	}
	return 0
}

func cmpInt(a, b int) int {
	if a < b {
		return -1
	}
	return 1
}

// Equal reports whether two values are equal as jsonb's = operator decides (numbers by
// value: 1.0 equals 1).
func Equal(a, b Value) bool { return Compare(a, b) == 0 }

// AppendHashKey appends a byte string that is the same for equal values and different for
// unequal ones: the value's structure with numbers stripped of trailing fractional zeros.
// Hashing it hashes a jsonb value consistently with Equal.
func AppendHashKey(dst []byte, v Value) []byte {
	k := v.Kind()
	dst = append(dst, byte(k))
	switch k {
	case KindString:
		dst = binary.AppendUvarint(dst, uint64(len(v.Text())))
		return append(dst, v.Text()...)
	case KindNumber:
		t := TrimNumber(v.Text())
		dst = binary.AppendUvarint(dst, uint64(len(t)))
		return append(dst, t...)
	case KindArray:
		n := v.Len()
		dst = binary.AppendUvarint(dst, uint64(n))
		for i := 0; i < n; i++ {
			e, _ := v.Index(i)
			dst = AppendHashKey(dst, e)
		}
	case KindObject:
		n := v.Len()
		dst = binary.AppendUvarint(dst, uint64(n))
		for i := 0; i < n; i++ {
			key, val := v.Member(i)
			dst = binary.AppendUvarint(dst, uint64(len(key)))
			dst = append(dst, key...)
			dst = AppendHashKey(dst, val)
		}
	}
	return dst
}

package pgjson

import (
	"bytes"
	"encoding/binary"
)

// Kind is the type of a JSON value. The kinds are numbered in jsonb's sort order of types
// (null < string < number < boolean < array < object), with false before true.
type Kind uint8

// The kinds of JSON values; they are also the tag byte of each encoded jsonb value.
const (
	KindNull Kind = iota
	KindString
	KindNumber
	KindFalse
	KindTrue
	KindArray
	KindObject
)

// typeRank is a kind's place in jsonb's order of types (booleans share one).
func (k Kind) typeRank() int {
	if k == KindTrue {
		return int(KindFalse)
	}
	return int(k)
}

// IsScalar reports whether k is neither an array nor an object.
func (k Kind) IsScalar() bool { return k < KindArray }

// TypeName returns json_typeof's name for k.
func (k Kind) TypeName() string {
	switch k {
	case KindNull:
		return "null"
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindFalse, KindTrue:
		return "boolean"
	case KindArray:
		return "array"
	}
	return "object"
}

// Value is one encoded jsonb value (see doc.go for the layout). It is a view: it aliases
// the bytes it was made from, and sub-values returned by its methods alias them too.
type Value []byte

var le = binary.LittleEndian

// Kind returns the value's kind.
func (v Value) Kind() Kind { return Kind(v[0]) }

// Text returns the payload of a string (its decoded bytes) or number (its numeric text).
func (v Value) Text() []byte { return v[1:] }

// Len returns the number of elements of an array or pairs of an object, and 0 for scalars.
func (v Value) Len() int {
	if v.Kind() < KindArray {
		return 0
	}
	return int(le.Uint32(v[1:]))
}

// Index returns element i of an array; ok is false when i is out of range or v is not an
// array.
func (v Value) Index(i int) (Value, bool) {
	if v.Kind() != KindArray {
		return nil, false
	}
	n := int(le.Uint32(v[1:]))
	if i < 0 || i >= n {
		return nil, false
	}
	data := 5 + 4*n
	start := 0
	if i > 0 {
		start = int(le.Uint32(v[5+4*(i-1):]))
	}
	end := int(le.Uint32(v[5+4*i:]))
	return v[data+start : data+end], true
}

// objectLayout returns the offsets an object's members are read with: the key end offsets,
// the value end offsets, where key bytes start and where values start.
func (v Value) objectLayout() (n, keyEnds, valEnds, keys, vals int) {
	n = int(le.Uint32(v[1:]))
	keyEnds = 5
	valEnds = 5 + 4*n
	keys = 5 + 8*n
	vals = keys
	if n > 0 {
		vals += int(le.Uint32(v[keyEnds+4*(n-1):]))
	}
	return
}

// Member returns key and value i of an object, in storage order (keys sorted by length,
// then bytes).
func (v Value) Member(i int) (key []byte, val Value) {
	n, keyEnds, valEnds, keys, vals := v.objectLayout()
	_ = n
	ks, vs := 0, 0
	if i > 0 {
		ks = int(le.Uint32(v[keyEnds+4*(i-1):]))
		vs = int(le.Uint32(v[valEnds+4*(i-1):]))
	}
	ke := int(le.Uint32(v[keyEnds+4*i:]))
	ve := int(le.Uint32(v[valEnds+4*i:]))
	return v[keys+ks : keys+ke], v[vals+vs : vals+ve]
}

// Get returns the value of key in an object, found by binary search over the sorted keys;
// ok is false when the key is absent or v is not an object.
func (v Value) Get(key []byte) (Value, bool) {
	if v.Kind() != KindObject {
		return nil, false
	}
	n, keyEnds, valEnds, keys, vals := v.objectLayout()
	lo, hi := 0, n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		ks := 0
		if mid > 0 {
			ks = int(le.Uint32(v[keyEnds+4*(mid-1):]))
		}
		ke := int(le.Uint32(v[keyEnds+4*mid:]))
		c := compareKeys(v[keys+ks:keys+ke], key)
		switch {
		case c == 0:
			vs := 0
			if mid > 0 {
				vs = int(le.Uint32(v[valEnds+4*(mid-1):]))
			}
			ve := int(le.Uint32(v[valEnds+4*mid:]))
			return v[vals+vs : vals+ve], true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return nil, false
}

// compareKeys is jsonb's storage order of object keys: shorter first, then bytewise.
func compareKeys(a, b []byte) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return bytes.Compare(a, b)
}

// Bool returns a boolean value's truth.
func (v Value) Bool() bool { return v.Kind() == KindTrue }

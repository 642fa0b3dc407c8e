package pgjson

import "bytes"

// Contains reports whether a contains b, as jsonb's @> operator decides
// (JsonbDeepContains): every member of an object b is in a with a contained value, every
// element of an array b is in a (scalars equal to some element, containers contained in
// some container element), scalars are equal. A top-level scalar counts as a one-element
// array, so an array contains a scalar it has as an element, but a scalar never contains
// an array.
func Contains(a, b Value) bool {
	ka, kb := a.Kind(), b.Kind()
	switch {
	case ka.IsScalar() && kb.IsScalar():
		return scalarEqual(a, b)
	case ka == KindArray && kb.IsScalar():
		return hasScalarElement(a, b)
	}
	return deepContains(a, b)
}

// deepContains compares two containers at one nesting level.
func deepContains(a, b Value) bool {
	ka, kb := a.Kind(), b.Kind()
	if ka != kb || ka.IsScalar() {
		return false
	}
	if ka == KindObject {
		if a.Len() < b.Len() {
			return false
		}
		for i := 0; i < b.Len(); i++ {
			key, bv := b.Member(i)
			av, ok := a.Get(key)
			if !ok {
				return false
			}
			if av.Kind().IsScalar() || bv.Kind().IsScalar() {
				if !scalarEqual(av, bv) {
					return false
				}
			} else if !deepContains(av, bv) {
				return false
			}
		}
		return true
	}
	for i := 0; i < b.Len(); i++ {
		e, _ := b.Index(i)
		if e.Kind().IsScalar() {
			if !hasScalarElement(a, e) {
				return false
			}
			continue
		}
		found := false
		for j := 0; j < a.Len() && !found; j++ {
			x, _ := a.Index(j)
			found = !x.Kind().IsScalar() && deepContains(x, e)
		}
		if !found {
			return false
		}
	}
	return true
}

// scalarEqual is equalsJsonbScalarValue: equal types and values (numbers by value); a
// scalar never equals a container.
func scalarEqual(a, b Value) bool {
	ka, kb := a.Kind(), b.Kind()
	if ka != kb || !ka.IsScalar() {
		return false
	}
	switch ka {
	case KindString:
		return bytes.Equal(a.Text(), b.Text())
	case KindNumber:
		return CompareNumbers(a.Text(), b.Text()) == 0
	}
	return true
}

// hasScalarElement reports whether array a has an element equal to scalar s.
func hasScalarElement(a, s Value) bool {
	for i := 0; i < a.Len(); i++ {
		e, _ := a.Index(i)
		if scalarEqual(e, s) {
			return true
		}
	}
	return false
}

// Exists reports whether key is a key of object v, or a string element of array v, or v is
// that string (jsonb's ? operator).
func Exists(v Value, key []byte) bool {
	switch v.Kind() {
	case KindObject:
		_, ok := v.Get(key)
		return ok
	case KindArray:
		for i := 0; i < v.Len(); i++ {
			e, _ := v.Index(i)
			if e.Kind() == KindString && bytes.Equal(e.Text(), key) {
				return true
			}
		}
		return false
	case KindString:
		return bytes.Equal(v.Text(), key)
	}
	return false
}

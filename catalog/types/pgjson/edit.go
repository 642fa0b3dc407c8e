package pgjson

import "bytes"

// The editing operations build a new value with a Writer, copying untouched members as
// they are encoded.

// writeElements writes the elements of v, or v itself when it is a scalar (jsonb treats a
// top-level scalar as a one-element array when concatenating).
func writeElements(w *Writer, v Value) {
	if v.Kind() != KindArray {
		w.Raw(v)
		return
	}
	for i := 0; i < v.Len(); i++ {
		e, _ := v.Index(i)
		w.Raw(e)
	}
}

// Concat writes a || b: two objects merge (b's keys win), anything else makes an array of
// a's elements followed by b's (an object or a scalar counting as one element).
func Concat(w *Writer, a, b Value) {
	if a.Kind() == KindObject && b.Kind() == KindObject {
		w.BeginObject()
		for _, v := range []Value{a, b} {
			for i := 0; i < v.Len(); i++ {
				k, val := v.Member(i)
				w.Key(k)
				w.Raw(val)
			}
		}
		w.End()
		return
	}
	w.BeginArray()
	writeElements(w, a)
	writeElements(w, b)
	w.End()
}

// DeleteKey writes v without key: an object loses that member, an array its string
// elements equal to key. v must not be a scalar.
func DeleteKey(w *Writer, v Value, key []byte) {
	if v.Kind() == KindObject {
		w.BeginObject()
		for i := 0; i < v.Len(); i++ {
			k, val := v.Member(i)
			if !bytes.Equal(k, key) {
				w.Key(k)
				w.Raw(val)
			}
		}
		w.End()
		return
	}
	w.BeginArray()
	for i := 0; i < v.Len(); i++ {
		e, _ := v.Index(i)
		if e.Kind() != KindString || !bytes.Equal(e.Text(), key) {
			w.Raw(e)
		}
	}
	w.End()
}

// DeleteIndex writes array v without element idx (negative counts from the end; an index
// out of range deletes nothing).
func DeleteIndex(w *Writer, v Value, idx int) {
	n := v.Len()
	if idx < 0 {
		idx += n
	}
	w.BeginArray()
	for i := 0; i < n; i++ {
		if i != idx {
			e, _ := v.Index(i)
			w.Raw(e)
		}
	}
	w.End()
}

// StripNulls writes v without the object members whose value is null, at every level
// (array elements that are null stay).
func StripNulls(w *Writer, v Value) {
	switch v.Kind() {
	case KindObject:
		w.BeginObject()
		for i := 0; i < v.Len(); i++ {
			k, val := v.Member(i)
			if val.Kind() == KindNull {
				continue
			}
			w.Key(k)
			StripNulls(w, val)
		}
		w.End()
	case KindArray:
		w.BeginArray()
		for i := 0; i < v.Len(); i++ {
			e, _ := v.Index(i)
			StripNulls(w, e)
		}
		w.End()
	default:
		w.Raw(v)
	}
}

// AppendScalarText appends the text a scalar gives as SQL text (->> and friends): strings
// unquoted, numbers and booleans as written, containers in jsonb_out's form. ok is false
// for null, which gives SQL NULL.
func AppendScalarText(dst []byte, v Value) ([]byte, bool) {
	switch v.Kind() {
	case KindNull:
		return dst, false
	case KindString, KindNumber:
		return append(dst, v.Text()...), true
	}
	return AppendText(dst, v), true
}

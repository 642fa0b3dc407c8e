package pgjson

import (
	"slices"
)

// Writer encodes one jsonb value from a stream of calls: scalars, Raw (an already encoded
// value), and containers opened with BeginArray or BeginObject (then Key before each
// member's value) and closed with End. Objects are normalized when they close, as
// PostgreSQL's uniqueifyJsonbObject does: keys sorted by length then bytes, and of equal
// keys the last one written wins. A Writer is reused across values: Reset starts the next.
//
// While containers are open, their finished members sit encoded at the end of buf; closing
// a container assembles it from them in tmp and puts it back in their place.
type Writer struct {
	buf    []byte
	frames []frame
	items  []item
	order  []int
	tmp    []byte
	sink   jsonbSink // the parser's adapter, kept to avoid an allocation per value
}

type frame struct {
	kind    Kind
	first   int // index of the container's first item
	bufFrom int // where its members' bytes start in buf
}

// item is one member of an open container: its value's bytes in buf, and for objects its
// key's.
type item struct {
	keyFrom, keyTo, valFrom, valTo int
}

// Reset discards everything written.
func (w *Writer) Reset() {
	w.buf = w.buf[:0]
	w.frames = w.frames[:0]
	w.items = w.items[:0]
}

// Bytes returns the finished value. It is valid until the next call on w.
func (w *Writer) Bytes() Value { return w.buf }

// value records the value just appended at buf[from:] as a member of the open container.
func (w *Writer) value(from int) {
	if len(w.frames) == 0 {
		return
	}
	f := &w.frames[len(w.frames)-1]
	if f.kind == KindObject {
		w.items[len(w.items)-1].valFrom = from
		w.items[len(w.items)-1].valTo = len(w.buf)
		return
	}
	w.items = append(w.items, item{valFrom: from, valTo: len(w.buf)})
}

// Null writes null.
func (w *Writer) Null() { w.scalar(KindNull, nil) }

// Bool writes a boolean.
func (w *Writer) Bool(b bool) {
	if b {
		w.scalar(KindTrue, nil)
	} else {
		w.scalar(KindFalse, nil)
	}
}

// String writes a string; s is its decoded UTF-8 text.
func (w *Writer) String(s []byte) { w.scalar(KindString, s) }

// Number writes a number; n must be numeric's canonical text (see NormalizeNumber).
func (w *Writer) Number(n []byte) { w.scalar(KindNumber, n) }

func (w *Writer) scalar(k Kind, payload []byte) {
	from := len(w.buf)
	w.buf = append(w.buf, byte(k))
	w.buf = append(w.buf, payload...)
	w.value(from)
}

// Raw writes an encoded value.
func (w *Writer) Raw(v Value) {
	from := len(w.buf)
	w.buf = append(w.buf, v...)
	w.value(from)
}

// BeginArray opens an array.
func (w *Writer) BeginArray() {
	w.frames = append(w.frames, frame{kind: KindArray, first: len(w.items), bufFrom: len(w.buf)})
}

// BeginObject opens an object.
func (w *Writer) BeginObject() {
	w.frames = append(w.frames, frame{kind: KindObject, first: len(w.items), bufFrom: len(w.buf)})
}

// Key starts an object member; its value is the next value written.
func (w *Writer) Key(k []byte) {
	from := len(w.buf)
	w.buf = append(w.buf, k...)
	w.items = append(w.items, item{keyFrom: from, keyTo: len(w.buf)})
}

// Depth returns the number of open containers.
func (w *Writer) Depth() int { return len(w.frames) }

// End closes the innermost open container.
func (w *Writer) End() {
	f := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	items := w.items[f.first:]
	w.order = w.order[:0]
	for i := range items {
		w.order = append(w.order, i)
	}
	if f.kind == KindObject {
		w.uniqueKeys(items)
	}
	n := len(w.order)
	t := append(w.tmp[:0], byte(f.kind), 0, 0, 0, 0)
	le.PutUint32(t[1:], uint32(n))
	if f.kind == KindObject {
		end := 0
		for _, i := range w.order {
			end += items[i].keyTo - items[i].keyFrom
			t = le.AppendUint32(t, uint32(end))
		}
	}
	end := 0
	for _, i := range w.order {
		end += items[i].valTo - items[i].valFrom
		t = le.AppendUint32(t, uint32(end))
	}
	if f.kind == KindObject {
		for _, i := range w.order {
			t = append(t, w.buf[items[i].keyFrom:items[i].keyTo]...)
		}
	}
	for _, i := range w.order {
		t = append(t, w.buf[items[i].valFrom:items[i].valTo]...)
	}
	w.tmp = t
	w.items = w.items[:f.first]
	w.buf = append(w.buf[:f.bufFrom], t...)
	w.value(f.bufFrom)
}

// uniqueKeys orders w.order by key and drops all but the last of equal keys.
func (w *Writer) uniqueKeys(items []item) {
	key := func(i int) []byte { return w.buf[items[i].keyFrom:items[i].keyTo] }
	slices.SortStableFunc(w.order, func(a, b int) int { return compareKeys(key(a), key(b)) })
	out := w.order[:0]
	for k, i := range w.order {
		if k+1 < len(w.order) && compareKeys(key(i), key(w.order[k+1])) == 0 {
			continue // a later duplicate wins
		}
		out = append(out, i)
	}
	w.order = out
}

// jsonbSink feeds the parser's events to a Writer, normalizing numbers.
type jsonbSink struct {
	w   *Writer
	num []byte
}

func (s *jsonbSink) beginObject(int)              { s.w.BeginObject() }
func (s *jsonbSink) endObject(int)                { s.w.End() }
func (s *jsonbSink) beginArray(int)               { s.w.BeginArray() }
func (s *jsonbSink) endArray(int)                 { s.w.End() }
func (s *jsonbSink) key(k []byte, start, end int) { s.w.Key(k) }
func (s *jsonbSink) scalar(k Kind, text []byte, _, _ int) errorKind {
	if k == KindNumber {
		var ok bool
		if s.num, ok = NormalizeNumber(s.num[:0], text); !ok {
			return errNumberOutOfRange
		}
		text = s.num
	}
	s.w.scalar(k, text)
	return errNone
}

package types

import (
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ArrayElement is one element of an array value in its text form.
type ArrayElement struct {
	Text string
	Null bool
}

// ArrayElements splits a value of array type t, in its text form, into its elements:
// "{a,"b c",NULL}" for arrays (quotes and backslash escapes undone, optional explicit
// bounds skipped), "1 2 3" for int2vector and oidvector. A malformed value gives nil.
func ArrayElements(t OID, s string) []ArrayElement {
	if t == Int2Vector || t == OidVector {
		var out []ArrayElement
		for _, f := range strings.Fields(s) {
			out = append(out, ArrayElement{Text: f})
		}
		return out
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, '='); i >= 0 {
			s = s[i+1:]
		}
	}
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil
	}
	s = s[1 : len(s)-1]
	var out []ArrayElement
	for i := 0; i < len(s); {
		var b strings.Builder
		quoted := false
		if s[i] == '"' {
			quoted = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			i++ // the closing quote
		} else {
			for ; i < len(s) && s[i] != ','; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
		}
		text := b.String()
		if !quoted {
			text = strings.TrimSpace(text)
		}
		out = append(out, ArrayElement{Text: text, Null: !quoted && strings.EqualFold(text, "NULL")})
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
	return out
}

// ArrayLowerBound is the subscript of an array type's first element: 1, but 0 for
// int2vector and oidvector.
func ArrayLowerBound(t OID) int {
	if t == Int2Vector || t == OidVector {
		return 0
	}
	return 1
}

// AppendArrayElement appends one element to an array's text form under construction,
// quoted as array_out quotes: when empty, when it reads NULL, or when it holds a brace,
// comma, quote, backslash or white space.
func AppendArrayElement(dst []byte, elem []byte) []byte {
	quote := len(elem) == 0 || strings.EqualFold(string(elem), "NULL")
	for _, c := range elem {
		switch c {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			quote = true
		}
	}
	if !quote {
		return append(dst, elem...)
	}
	dst = append(dst, '"')
	for _, c := range elem {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// catalogBinaryAppender returns the binary send format of the catalog arrays held as text
// (with int2vector and oidvector), PostgreSQL's array format: dimensions, flags, element
// type, bounds, then each element's length and binary value. It returns nil for the other String-held types, which send their text.
func catalogBinaryAppender(t T, a *array.String) Appender {
	d := ByOID(t.OID)
	if d == nil || d.Category != CatArray || d.Elem == 0 {
		return nil
	}
	elem := d.Elem
	return func(dst []byte, i int) []byte {
		elems := ArrayElements(t.OID, a.Value(i))
		hasNull := int32(0)
		for _, e := range elems {
			if e.Null {
				hasNull = 1
			}
		}
		if len(elems) == 0 {
			dst = be.AppendUint32(dst, 0) // no dimensions
			dst = be.AppendUint32(dst, 0)
			return be.AppendUint32(dst, uint32(elem))
		}
		dst = be.AppendUint32(dst, 1)
		dst = be.AppendUint32(dst, uint32(hasNull))
		dst = be.AppendUint32(dst, uint32(elem))
		dst = be.AppendUint32(dst, uint32(len(elems)))
		dst = be.AppendUint32(dst, uint32(ArrayLowerBound(t.OID)))
		for _, e := range elems {
			if e.Null {
				dst = be.AppendUint32(dst, 0xFFFFFFFF)
				continue
			}
			lenAt := len(dst)
			dst = be.AppendUint32(dst, 0)
			dst = appendElementBinary(dst, elem, e.Text)
			be.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
		}
		return dst
	}
}

// appendElementBinary appends the binary form of one array element given as text, for the
// element types catalog arrays have; other types send their text.
func appendElementBinary(dst []byte, elem OID, text string) []byte {
	switch {
	case elem == Int2:
		if v, err := ParseInt2(text); err == nil {
			return be.AppendUint16(dst, uint16(v))
		}
	case elem == Int4:
		if v, err := ParseInt4(text); err == nil {
			return be.AppendUint32(dst, uint32(v))
		}
	case elem == Int8:
		if v, err := ParseInt8(text); err == nil {
			return be.AppendUint64(dst, uint64(v))
		}
	case elem == Oid || IsReg(elem):
		if v, err := ParseOid(text); err == nil {
			return be.AppendUint32(dst, v)
		}
	case elem == Bool:
		if v, err := ParseBool(text); err == nil {
			if v {
				return append(dst, 1)
			}
			return append(dst, 0)
		}
	case elem == Char:
		if text == "" {
			return append(dst, 0)
		}
		return append(dst, text[0])
	}
	return append(dst, text...)
}

// arrayBinaryParser reads PostgreSQL's binary array format into an array's text form, for
// the element types appendElementBinary writes; it returns nil for types that are not
// arrays.
func arrayBinaryParser(t T) TextParser {
	d := ByOID(t.OID)
	if d == nil || d.Category != CatArray || d.Elem == 0 {
		return nil
	}
	bad := func() error {
		return pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid array in binary format")
	}
	return func(b array.Builder, data []byte) error {
		if len(data) < 12 {
			return bad()
		}
		ndim, elem := be.Uint32(data), OID(be.Uint32(data[8:]))
		data = data[12:]
		if ndim == 0 {
			b.(*array.StringBuilder).Append("{}")
			return nil
		}
		if ndim != 1 || len(data) < 8 {
			return pgerror.New(pgcode.FeatureNotSupported, "only one-dimensional arrays are supported")
		}
		n := int(be.Uint32(data))
		data = data[8:]
		out := []byte{'{'}
		for k := 0; k < n; k++ {
			if len(data) < 4 {
				return bad()
			}
			size := int32(be.Uint32(data))
			data = data[4:]
			if k > 0 {
				out = append(out, ',')
			}
			if size < 0 {
				out = append(out, "NULL"...)
				continue
			}
			if int(size) > len(data) {
				return bad()
			}
			out = AppendArrayElement(out, elementText(elem, data[:size]))
			data = data[size:]
		}
		b.(*array.StringBuilder).Append(string(append(out, '}')))
		return nil
	}
}

// elementText converts one binary array element to its text form.
func elementText(elem OID, v []byte) []byte {
	switch {
	case elem == Int2 && len(v) == 2:
		return strconv.AppendInt(nil, int64(int16(be.Uint16(v))), 10)
	case elem == Int4 && len(v) == 4:
		return strconv.AppendInt(nil, int64(int32(be.Uint32(v))), 10)
	case elem == Int8 && len(v) == 8:
		return strconv.AppendInt(nil, int64(be.Uint64(v)), 10)
	case (elem == Oid || IsReg(elem)) && len(v) == 4:
		return strconv.AppendUint(nil, uint64(be.Uint32(v)), 10)
	case elem == Bool && len(v) == 1:
		if v[0] != 0 {
			return []byte{'t'}
		}
		return []byte{'f'}
	}
	return v
}

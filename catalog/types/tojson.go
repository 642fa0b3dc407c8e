package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Conversion of SQL values to JSON, as to_json, to_jsonb, the json_build and json_agg
// families do it (datum_to_json and datum_to_jsonb): booleans and numbers become JSON
// booleans and numbers (a number whose text is no JSON number, such as NaN, a string), json
// and jsonb values are embedded, dates and timestamps become ISO 8601 strings, and any other
// value becomes the string of its text output. Object keys are always strings, and arrays,
// composites and JSON values cannot be keys.

// jsonCategory is json_categorize_type's classification.
type jsonCategory uint8

const (
	jsonCatOther jsonCategory = iota
	jsonCatBool
	jsonCatNumber
	jsonCatDate
	jsonCatTimestamp
	jsonCatTimestamptz
	jsonCatJSON
	jsonCatJSONB
	jsonCatArray
	jsonCatComposite
)

func jsonCategoryOf(oid OID) jsonCategory {
	switch oid {
	case Bool:
		return jsonCatBool
	case Int2, Int4, Int8, Float4, Float8, Numeric:
		return jsonCatNumber
	case Date:
		return jsonCatDate
	case Timestamp:
		return jsonCatTimestamp
	case Timestamptz:
		return jsonCatTimestamptz
	case JSON:
		return jsonCatJSON
	case JSONB:
		return jsonCatJSONB
	case Record:
		return jsonCatComposite
	}
	if IsArrayValues(Of(oid)) {
		return jsonCatArray
	}
	if IsComposite(Of(oid)) {
		return jsonCatComposite
	}
	return jsonCatOther
}

// IsJSONStructured reports whether values of t become JSON arrays or objects through their
// type (arrays and records), which json_agg sets apart with a line feed.
func IsJSONStructured(t T) bool {
	c := jsonCategoryOf(BaseType(t).OID)
	return c == jsonCatArray || c == jsonCatComposite
}

func errJSONKey() error {
	return pgerror.New(pgcode.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
}

// JSONTextAppender returns a function appending value i of arr (of type t, not null) as
// JSON text, as datum_to_json does; key makes it an object key (always a string).
func JSONTextAppender(t T, arr arrow.Array, s *IOSettings, key bool) (func(dst []byte, i int) []byte, error) {
	t = BaseType(t)
	cat := jsonCategoryOf(t.OID)
	if key && cat >= jsonCatJSON {
		return nil, errJSONKey()
	}
	var text Appender
	if cat != jsonCatTimestamp && cat != jsonCatTimestamptz && cat != jsonCatDate && cat != jsonCatComposite {
		text = TextAppender(t, arr, s)
	}
	var buf []byte
	quoted := func(dst []byte, i int) []byte {
		buf = text(buf[:0], i)
		return pgjson.AppendQuoted(dst, buf)
	}
	switch cat {
	case jsonCatBool:
		b := arr.(*array.Boolean)
		return func(dst []byte, i int) []byte {
			word := "false"
			if b.Value(i) {
				word = "true"
			}
			if key {
				return append(append(append(dst, '"'), word...), '"')
			}
			return append(dst, word...)
		}, nil
	case jsonCatNumber:
		if key {
			return quoted, nil
		}
		return func(dst []byte, i int) []byte {
			buf = text(buf[:0], i)
			if pgjson.IsNumber(buf) {
				return append(dst, buf...)
			}
			return pgjson.AppendQuoted(dst, buf)
		}, nil
	case jsonCatDate, jsonCatTimestamp, jsonCatTimestamptz:
		xsd := xsdAppender(cat, arr, s)
		return func(dst []byte, i int) []byte {
			buf = xsd(buf[:0], i)
			return pgjson.AppendQuoted(dst, buf)
		}, nil
	case jsonCatJSON:
		return text, nil
	case jsonCatJSONB:
		return text, nil
	case jsonCatArray:
		return JSONArrayAppender(t, arr, s, false)
	case jsonCatComposite:
		return JSONRecordAppender(t, arr, s, false)
	}
	return quoted, nil
}

// JSONBWriter returns a function writing value i of arr (of type t, not null) into w, as
// datum_to_jsonb does; key makes it an object key.
func JSONBWriter(t T, arr arrow.Array, s *IOSettings, key bool) (func(w *pgjson.Writer, i int) error, error) {
	t = BaseType(t)
	cat := jsonCategoryOf(t.OID)
	if key && cat >= jsonCatJSON {
		return nil, errJSONKey()
	}
	if key {
		text, err := JSONKeyAppender(t, arr, s)
		if err != nil {
			return nil, err
		}
		var buf []byte
		return func(w *pgjson.Writer, i int) error {
			buf = text(buf[:0], i)
			w.Key(buf)
			return nil
		}, nil
	}
	var buf, num []byte
	switch cat {
	case jsonCatBool:
		b := arr.(*array.Boolean)
		return func(w *pgjson.Writer, i int) error { w.Bool(b.Value(i)); return nil }, nil
	case jsonCatNumber:
		text := TextAppender(t, arr, s)
		return func(w *pgjson.Writer, i int) error {
			buf = text(buf[:0], i)
			if pgjson.IsNumber(buf) {
				var ok bool
				if num, ok = pgjson.NormalizeNumber(num[:0], buf); ok {
					w.Number(num)
					return nil
				}
			}
			w.String(buf)
			return nil
		}, nil
	case jsonCatDate, jsonCatTimestamp, jsonCatTimestamptz:
		xsd := xsdAppender(cat, arr, s)
		return func(w *pgjson.Writer, i int) error { w.String(xsd(buf[:0], i)); return nil }, nil
	case jsonCatJSON:
		src := arr.(*array.String)
		return func(w *pgjson.Writer, i int) error {
			return ParseJSONB([]byte(src.Value(i)), s, func(v pgjson.Value) { w.Raw(v) })
		}, nil
	case jsonCatJSONB:
		return func(w *pgjson.Writer, i int) error { w.Raw(JSONBValue(arr, i)); return nil }, nil
	case jsonCatArray:
		return jsonbArrayWriter(t, arr, s)
	case jsonCatComposite:
		return jsonbRecordWriter(t, arr, s)
	}
	text := TextAppender(t, arr, s)
	return func(w *pgjson.Writer, i int) error { w.String(text(buf[:0], i)); return nil }, nil
}

// JSONKeyAppender returns an appender of the text values of arr (of type t) have as jsonb
// object keys: dates and timestamps in ISO 8601, booleans as true and false, others as their
// text output. Arrays, composites and JSON values cannot be keys.
func JSONKeyAppender(t T, arr arrow.Array, s *IOSettings) (Appender, error) {
	cat := jsonCategoryOf(t.OID)
	if cat >= jsonCatJSON {
		return nil, errJSONKey()
	}
	switch cat {
	case jsonCatDate, jsonCatTimestamp, jsonCatTimestamptz:
		return xsdAppender(cat, arr, s), nil
	case jsonCatBool:
		b := arr.(*array.Boolean)
		return func(dst []byte, i int) []byte {
			if b.Value(i) {
				return append(dst, "true"...)
			}
			return append(dst, "false"...)
		}, nil
	}
	return TextAppender(t, arr, s), nil
}

// xsdAppender writes dates and timestamps as JSON does (JsonEncodeDateTime): ISO 8601 with
// a T between date and time and a zone offset with minutes.
func xsdAppender(cat jsonCategory, arr arrow.Array, s *IOSettings) Appender {
	switch cat {
	case jsonCatDate:
		v := arr.(*array.Date32).Date32Values()
		return func(dst []byte, i int) []byte { return appendXSDDate(dst, int32(v[i])) }
	case jsonCatTimestamp:
		v := arr.(*array.Timestamp).TimestampValues()
		return func(dst []byte, i int) []byte { return appendXSDTimestamp(dst, int64(v[i]), nil, false) }
	}
	v := arr.(*array.Timestamp).TimestampValues()
	loc := s.location()
	return func(dst []byte, i int) []byte { return appendXSDTimestamp(dst, int64(v[i]), loc, true) }
}

// JSONArrayAppender returns a function appending array value i of arr (of array type t, not
// null) as json text, as array_to_json does: nested brackets per dimension, elements
// converted as to_json converts them, no spaces; lineFeeds puts each element of the
// outermost dimension on its own line (array_to_json's pretty form).
func JSONArrayAppender(t T, arr arrow.Array, s *IOSettings, lineFeeds bool) (func(dst []byte, i int) []byte, error) {
	elemT, ok := ElemType(t)
	if !ok {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "type %s is not an array", t)
	}
	r := ReadArrays(arr)
	elems := r.Elements()
	app, err := JSONTextAppender(elemT, elems, s, false)
	if err != nil {
		return nil, err
	}
	return func(dst []byte, i int) []byte {
		start, _ := r.Range(i)
		shape := r.Shape(i)
		if shape.NDim == 0 {
			return append(dst, "[]"...)
		}
		pos := start
		return appendJSONDim(dst, &shape, 0, &pos, elems, app, lineFeeds)
	}, nil
}

func appendJSONDim(dst []byte, shape *Shape, dim int, pos *int, elems arrow.Array, app func([]byte, int) []byte, lineFeeds bool) []byte {
	sep := ","
	if lineFeeds {
		sep = ",\n "
	}
	dst = append(dst, '[')
	for k := int32(0); k < shape.Dims[dim]; k++ {
		if k > 0 {
			dst = append(dst, sep...)
		}
		if dim+1 < shape.NDim {
			dst = appendJSONDim(dst, shape, dim+1, pos, elems, app, false)
			continue
		}
		if elems.IsNull(*pos) {
			dst = append(dst, "null"...)
		} else {
			dst = app(dst, *pos)
		}
		*pos++
	}
	return append(dst, ']')
}

// jsonbArrayWriter writes array values as jsonb arrays, nested per dimension.
func jsonbArrayWriter(t T, arr arrow.Array, s *IOSettings) (func(w *pgjson.Writer, i int) error, error) {
	elemT, _ := ElemType(t)
	r := ReadArrays(arr)
	elems := r.Elements()
	write, err := JSONBWriter(elemT, elems, s, false)
	if err != nil {
		return nil, err
	}
	var dim func(w *pgjson.Writer, shape *Shape, d int, pos *int) error
	dim = func(w *pgjson.Writer, shape *Shape, d int, pos *int) error {
		w.BeginArray()
		for k := int32(0); k < shape.Dims[d]; k++ {
			if d+1 < shape.NDim {
				if err := dim(w, shape, d+1, pos); err != nil {
					return err
				}
				continue
			}
			if elems.IsNull(*pos) {
				w.Null()
			} else if err := write(w, *pos); err != nil {
				return err
			}
			*pos++
		}
		w.End()
		return nil
	}
	return func(w *pgjson.Writer, i int) error {
		start, _ := r.Range(i)
		shape := r.Shape(i)
		if shape.NDim == 0 {
			w.BeginArray()
			w.End()
			return nil
		}
		pos := start
		return dim(w, &shape, 0, &pos)
	}, nil
}

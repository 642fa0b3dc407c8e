package types

import (
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types/jsonpath"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// json values are their text, exactly as written (json keeps whitespace, key order and
// duplicate keys), in String arrays like text; input only checks the syntax. jsonb values
// are pgjson's binary encoding (sorted keys, offsets, see pgjson's package doc) in an
// extension type over Binary, so that bytea's byte order and hashing never apply to them.

// OIDs of the JSON types and their array types.
const (
	JSON          OID = 114
	JSONArray     OID = 199
	JSONB         OID = 3802
	JSONBArray    OID = 3807
	JSONPath      OID = 4072
	JSONPathArray OID = 4073
)

// JSONBArrowType is the Arrow type of every jsonb array.
var JSONBArrowType arrow.DataType = newExt("jsonb", arrow.BinaryTypes.Binary)

// IsJSONBArrow reports whether dt holds jsonb values.
func IsJSONBArrow(dt arrow.DataType) bool { return dt == JSONBArrowType }

// JSONBValue returns row i of a jsonb array as an encoded value (aliasing the array).
func JSONBValue(arr arrow.Array, i int) pgjson.Value {
	return pgjson.Value(StorageArray(arr).(*array.Binary).Value(i))
}

// AppendJSONBBuilder appends an encoded jsonb value to b, a builder of JSONBArrowType.
func AppendJSONBBuilder(b array.Builder, v pgjson.Value) {
	StorageBuilder(b).(*array.BinaryBuilder).Append(v)
}

// jsonParsers keeps parsers for reuse: a TextParser may be called from several goroutines.
var jsonParsers = sync.Pool{New: func() any { return new(pgjson.Parser) }}

func (s *IOSettings) stackKB() int {
	if s == nil {
		return 0
	}
	return s.StackDepthKB
}

// ParseJSONB reads jsonb input, passing the encoded value to use (valid only during the
// call).
func ParseJSONB(text []byte, s *IOSettings, use func(pgjson.Value)) error {
	p := jsonParsers.Get().(*pgjson.Parser)
	defer jsonParsers.Put(p)
	v, err := p.ParseJSONB(text, s.stackKB())
	if err == nil {
		use(v)
	}
	return err
}

// ValidateJSON checks json input.
func ValidateJSON(text []byte, s *IOSettings) error {
	p := jsonParsers.Get().(*pgjson.Parser)
	defer jsonParsers.Put(p)
	return p.ValidateJSON(text, s.stackKB())
}

func jsonbTextParser(s *IOSettings) TextParser {
	return func(b array.Builder, text []byte) error {
		return ParseJSONB(text, s, func(v pgjson.Value) { AppendJSONBBuilder(b, v) })
	}
}

func jsonTextParser(s *IOSettings) TextParser {
	return func(b array.Builder, text []byte) error {
		if err := ValidateJSON(text, s); err != nil {
			return err
		}
		b.(*array.StringBuilder).BinaryBuilder.Append(text)
		return nil
	}
}

// jsonbBinaryParser reads jsonb_recv's format: a version byte (1) and the text.
func jsonbBinaryParser(s *IOSettings) TextParser {
	text := jsonbTextParser(s)
	return func(b array.Builder, data []byte) error {
		if len(data) < 1 {
			return errInsufficientData()
		}
		if data[0] != 1 {
			return pgerror.Newf(pgcode.InvalidParameterValue, "unsupported jsonb version number %d", data[0])
		}
		return text(b, data[1:])
	}
}

func jsonbTextAppender(arr arrow.Array) Appender {
	a := StorageArray(arr).(*array.Binary)
	return func(dst []byte, i int) []byte { return pgjson.AppendText(dst, a.Value(i)) }
}

func jsonbBinaryAppender(arr arrow.Array) Appender {
	a := StorageArray(arr).(*array.Binary)
	return func(dst []byte, i int) []byte { return pgjson.AppendText(append(dst, 1), a.Value(i)) }
}

// HasEquality reports whether values of type oid can be compared for equality, as GROUP BY,
// DISTINCT and UNION need: json cannot (it has no btree or hash operator class).
func HasEquality(oid OID) bool { return oid != JSON && oid != JSONPath }

// HasOrdering reports whether values of type oid can be sorted (ORDER BY): not json.
func HasOrdering(oid OID) bool { return HasEquality(oid) }

// jsonpath values are their normalized text (jsonpath_out's): input parses the path and
// stores how PostgreSQL prints it, so output is the stored text.

func jsonpathTextParser(b array.Builder, text []byte) error {
	p, err := jsonpath.Parse(string(text))
	if err != nil {
		return err
	}
	b.(*array.StringBuilder).Append(p.String())
	return nil
}

// jsonpathBinaryParser reads jsonpath_recv's format: a version byte (1) and the text.
func jsonpathBinaryParser(b array.Builder, data []byte) error {
	if len(data) < 1 {
		return errInsufficientData()
	}
	if data[0] != 1 {
		return pgerror.Newf(pgcode.InvalidParameterValue, "unsupported jsonpath version number: %d", data[0])
	}
	return jsonpathTextParser(b, data[1:])
}

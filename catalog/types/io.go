package types

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// IOSettings are the session settings that change how values are read and written as text.
// A nil *IOSettings stands for PostgreSQL's defaults (TimeZone UTC, extra_float_digits 1).
type IOSettings struct {
	// TimeZone is used to print and read timestamptz values. Nil means UTC.
	TimeZone *time.Location
	// ExtraFloatDigits follows the extra_float_digits setting: > 0 (PostgreSQL's default is 1)
	// prints floats in the shortest form that round-trips exactly; 0 or less prints
	// 15+ExtraFloatDigits (float8) or 6+ExtraFloatDigits (float4) significant digits.
	ExtraFloatDigits int
	// Names resolves object names for the reg* types (regclass, regtype, ...); nil prints
	// their values as numbers and accepts only numeric input.
	Names ObjectNames
	// Types supplies the values of enum types from the statement's catalog snapshot; nil
	// where no user type can occur.
	Types UserTypes
	// DateStyle and DateOrder follow the DateStyle setting: the output format of dates and
	// timestamps, and the field order of ambiguous numeric date input.
	DateStyle DateStyle
	DateOrder DateOrder
	// IntervalStyle follows the IntervalStyle setting.
	IntervalStyle IntervalStyle
	// ByteaEscape follows bytea_output = escape: bytea prints in the escape format instead
	// of hex.
	ByteaEscape bool
	// StackDepthKB follows max_stack_depth (kilobytes; 0 is the default): it bounds the
	// nesting of json and jsonb input.
	StackDepthKB int
}

// DefaultIOSettings returns PostgreSQL's default settings: UTC, extra_float_digits 1,
// DateStyle ISO, MDY and IntervalStyle postgres.
func DefaultIOSettings() *IOSettings { return &IOSettings{TimeZone: time.UTC, ExtraFloatDigits: 1} }

func (s *IOSettings) location() *time.Location {
	if s == nil || s.TimeZone == nil {
		return time.UTC
	}
	return s.TimeZone
}

// styles returns the date style, date order and interval style, the defaults for nil.
func (s *IOSettings) styles() (DateStyle, DateOrder, IntervalStyle) {
	if s == nil {
		return DateStyleISO, DateOrderMDY, IntervalStylePostgres
	}
	return s.DateStyle, s.DateOrder, s.IntervalStyle
}

// Appender appends one value of an array, selected by row index, to dst. It is bound to one
// array and one type, so the per-value call does no type dispatch. It is never called for a
// null value.
type Appender func(dst []byte, row int) []byte

// TextAppender returns an Appender that writes PostgreSQL's text output for values of t held
// in arr (an array of t.Arrow()'s type, or of another scale for numerics: a Decimal128 array
// prints with exactly its own scale's fractional digits). Dates, timestamps and intervals
// follow s's DateStyle and IntervalStyle; timestamptz prints in s's time zone.
func TextAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	return textAppender(BaseType(t), arr, s)
}

// BinaryAppender returns an Appender that writes PostgreSQL's binary send format (as
// typsend does) for values of t held in arr.
func BinaryAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	return binaryAppender(BaseType(t), arr, s)
}

// TextParser parses PostgreSQL text input for t and appends the value to b, a builder of
// t.Arrow()'s type. Errors carry SQLSTATE 22P02 (invalid_text_representation), 22003
// (numeric_value_out_of_range), 22007/22008 (datetime), or 22001 (string too long for
// varchar(n)) as PostgreSQL's input functions do. On error nothing is appended, except that
// an array whose element fails to convert is left behind as a NULL value (callers abandon
// the builder after an error). Parsers hold no state between calls, so one may be shared by
// goroutines appending to different builders.
type TextParser func(b array.Builder, text []byte) error

// TextParserFor returns the parser for t: PostgreSQL's input function for the type, applying
// t's modifier as a column's input does (numeric(p,s) rounds and checks precision,
// varchar(n)/character(n) check length).
func TextParserFor(t T, s *IOSettings) TextParser {
	t = BaseType(t) // a domain's input is its base type's; its constraints are checked apart
	if IsArray(t.OID) {
		return arrayTextParser(t, s)
	}
	if IsEnum(t.OID) {
		return enumParser(t, s)
	}
	if IsComposite(t) {
		return recordTextParser(t, s)
	}
	switch t.OID {
	case Regproc, Regprocedure, Regoper, Regoperator, Regclass, Regtype, Regnamespace, Regrole:
		return regTextParser(t, s)
	case Xid:
		return func(b array.Builder, text []byte) error {
			v, err := ParseOid(bytesView(text))
			if err == nil {
				b.(*array.Uint32Builder).Append(v)
			}
			return err
		}
	case Bool:
		return func(b array.Builder, text []byte) error {
			v, err := ParseBool(bytesView(text))
			if err == nil {
				b.(*array.BooleanBuilder).Append(v)
			}
			return err
		}
	case Int2:
		return func(b array.Builder, text []byte) error {
			v, err := ParseInt2(bytesView(text))
			if err == nil {
				b.(*array.Int16Builder).Append(v)
			}
			return err
		}
	case Int4:
		return func(b array.Builder, text []byte) error {
			v, err := ParseInt4(bytesView(text))
			if err == nil {
				b.(*array.Int32Builder).Append(v)
			}
			return err
		}
	case Int8:
		return func(b array.Builder, text []byte) error {
			v, err := ParseInt8(bytesView(text))
			if err == nil {
				b.(*array.Int64Builder).Append(v)
			}
			return err
		}
	case Oid:
		return func(b array.Builder, text []byte) error {
			v, err := ParseOid(bytesView(text))
			if err == nil {
				b.(*array.Uint32Builder).Append(v)
			}
			return err
		}
	case Float4:
		return func(b array.Builder, text []byte) error {
			v, err := ParseFloat32(bytesView(text))
			if err == nil {
				b.(*array.Float32Builder).Append(v)
			}
			return err
		}
	case Float8:
		return func(b array.Builder, text []byte) error {
			v, err := ParseFloat64(bytesView(text))
			if err == nil {
				b.(*array.Float64Builder).Append(v)
			}
			return err
		}
	case Numeric:
		return func(b array.Builder, text []byte) error {
			v, err := ParseNumeric(bytesView(text), t)
			if err == nil {
				AppendNumericBuilder(b, v)
			}
			return err
		}
	case Bytea:
		return func(b array.Builder, text []byte) error {
			v, err := ParseBytea(make([]byte, 0, len(text)/2), bytesView(text))
			if err == nil {
				b.(*array.BinaryBuilder).Append(v)
			}
			return err
		}
	case Date:
		return func(b array.Builder, text []byte) error {
			v, err := ParseDate(bytesView(text), s)
			if err == nil {
				b.(*array.Date32Builder).Append(arrow.Date32(v))
			}
			return err
		}
	case Time:
		return func(b array.Builder, text []byte) error {
			v, err := ParseTime(bytesView(text), s)
			if err == nil {
				b.(*array.Time64Builder).Append(arrow.Time64(v))
			}
			return err
		}
	case Timestamp:
		return func(b array.Builder, text []byte) error {
			v, err := ParseTimestamp(bytesView(text), s)
			if err == nil {
				b.(*array.TimestampBuilder).Append(arrow.Timestamp(v))
			}
			return err
		}
	case Timestamptz:
		return func(b array.Builder, text []byte) error {
			v, err := ParseTimestamptz(bytesView(text), s)
			if err == nil {
				b.(*array.TimestampBuilder).Append(arrow.Timestamp(v))
			}
			return err
		}
	case Interval:
		return func(b array.Builder, text []byte) error {
			v, err := ParseIntervalTypmod(bytesView(text), t.Typmod)
			if err == nil {
				b.(*array.MonthDayNanoIntervalBuilder).Append(v)
			}
			return err
		}
	case Char:
		return charTextParser()
	case UUID:
		return uuidTextParser
	case JSON:
		return jsonTextParser(s)
	case JSONB:
		return jsonbTextParser(s)
	case JSONPath:
		return jsonpathTextParser
	case Record:
		return func(array.Builder, []byte) error { return errRecordInput() }
	case Void, AnyElement, Any:
		return func(array.Builder, []byte) error {
			return pgerror.Newf(pgcode.FeatureNotSupported, "cannot accept a value of type %s", t)
		}
	}
	// text, varchar, bpchar, name, unknown: the String types.
	return func(b array.Builder, text []byte) error {
		return appendText(b.(*array.StringBuilder), text, t, false)
	}
}

// BinaryParserFor returns the parser for PostgreSQL's binary receive format of t. As with
// the text parsers, t's modifier is applied (numeric rounding and precision, string length).
func BinaryParserFor(t T, s *IOSettings) TextParser {
	t = BaseType(t)
	if IsReg(t.OID) || t.OID == Xid {
		t = TOid // the OID aliases send and receive the OID itself
	}
	if IsArray(t.OID) {
		return arrayBinaryParser(t, s)
	}
	if IsEnum(t.OID) {
		return enumParser(t, s) // enum_recv reads the label's bytes
	}
	return binaryParser(t, s)
}

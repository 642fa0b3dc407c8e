package types

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// textAppender picks the output function for arr once; see TextAppender.
func textAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	efd := 1
	loc := s.location()
	ds, do, is := s.styles()
	if s != nil {
		efd = s.ExtraFloatDigits
	}
	if IsArrayArrow(arr.DataType()) {
		return arrayTextAppender(t, arr, s)
	}
	if IsRecord(t) {
		return recordTextAppender(t, arr, s)
	}
	if t.OID == Void {
		// void_out: an empty string (Arrow holds void values as a Null array).
		return func(dst []byte, _ int) []byte { return dst }
	}
	if sa, ok := arr.(*array.String); ok && t.OID == Char {
		return charTextAppender(sa)
	}
	switch a := arr.(type) {
	case *ExtArray:
		if IsUUIDArrow(a.DataType()) {
			return uuidTextAppender(a)
		}
		if IsJSONBArrow(a.DataType()) {
			return jsonbTextAppender(a)
		}
	case *array.Boolean:
		return func(dst []byte, i int) []byte {
			if a.Value(i) {
				return append(dst, 't')
			}
			return append(dst, 'f')
		}
	case *array.Int16:
		v := a.Int16Values()
		return func(dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(v[i]), 10) }
	case *array.Int32:
		v := a.Int32Values()
		return func(dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(v[i]), 10) }
	case *array.Int64:
		v := a.Int64Values()
		return func(dst []byte, i int) []byte { return strconv.AppendInt(dst, v[i], 10) }
	case *array.Uint32:
		if IsReg(t.OID) {
			return regTextAppender(t, a, s)
		}
		if IsEnum(t.OID) {
			return enumTextAppender(t, a, s)
		}
		v := a.Uint32Values()
		return func(dst []byte, i int) []byte { return strconv.AppendUint(dst, uint64(v[i]), 10) }
	case *array.Float32:
		v := a.Float32Values()
		return func(dst []byte, i int) []byte { return AppendFloat32(dst, v[i], efd) }
	case *array.Float64:
		v := a.Float64Values()
		return func(dst []byte, i int) []byte { return AppendFloat64(dst, v[i], efd) }
	case *array.FixedSizeBinary:
		if a.DataType().(*arrow.FixedSizeBinaryType).ByteWidth == 16 {
			v := NumericValues(a)
			return func(dst []byte, i int) []byte { return AppendNumeric(dst, v[i]) }
		}
	case *array.String:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.LargeString:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.Binary:
		if s != nil && s.ByteaEscape && (t.OID == Bytea || t.OID == Unknown) {
			return func(dst []byte, i int) []byte { return appendByteaEscape(dst, a.Value(i)) }
		}
		if t.OID == Bytea || t.OID == Unknown {
			return func(dst []byte, i int) []byte { return appendByteaHex(dst, a.Value(i)) }
		}
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.Date32:
		v := a.Date32Values()
		return func(dst []byte, i int) []byte { return appendDate(dst, int32(v[i]), ds, do) }
	case *array.Time64:
		v := a.Time64Values()
		div := int64(1)
		if a.DataType().(*arrow.Time64Type).Unit == arrow.Nanosecond {
			div = 1000
		}
		return func(dst []byte, i int) []byte { return AppendTime(dst, int64(v[i])/div) }
	case *array.Timestamp:
		v := a.TimestampValues()
		if t.OID == Timestamptz || (t.OID != Timestamp && a.DataType().(*arrow.TimestampType).TimeZone != "") {
			return func(dst []byte, i int) []byte { return appendTimestamp(dst, int64(v[i]), loc, true, ds, do) }
		}
		return func(dst []byte, i int) []byte { return appendTimestamp(dst, int64(v[i]), nil, false, ds, do) }
	case *array.MonthDayNanoInterval:
		v := a.MonthDayNanoIntervalValues()
		return func(dst []byte, i int) []byte {
			return appendInterval(dst, v[i].Months, v[i].Days, v[i].Nanoseconds, is)
		}
	case *array.Dictionary:
		inner := textAppender(t, a.Dictionary(), s)
		return func(dst []byte, i int) []byte { return inner(dst, a.GetValueIndex(i)) }
	}
	return func(dst []byte, i int) []byte { return append(dst, arr.ValueStr(i)...) }
}

// appendByteaHex appends bytea's hex output: \x followed by two lower-case digits a byte.
func appendByteaHex(dst, b []byte) []byte {
	dst = append(dst, '\\', 'x')
	for _, c := range b {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

// appendByteaEscape appends bytea's escape output: printable ASCII as is, a backslash
// doubled, other bytes as a backslash and three octal digits.
func appendByteaEscape(dst, b []byte) []byte {
	for _, c := range b {
		switch {
		case c == '\\':
			dst = append(dst, '\\', '\\')
		case c < 0x20 || c >= 0x7f:
			dst = append(dst, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

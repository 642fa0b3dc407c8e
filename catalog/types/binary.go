package types

import (
	"encoding/binary"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// PostgreSQL's binary formats are big-endian. Dates count days and timestamps microseconds
// from 2000-01-01; the extreme int32/int64 values are the infinities there as here, so they
// pass through unshifted.

var be = binary.BigEndian

// Numeric sign words of the binary format.
const (
	numericPos    = 0x0000
	numericNeg    = 0x4000
	numericNaN    = 0xC000
	numericPInf   = 0xD000
	numericNInf   = 0xF000
	numericDigits = 4 // decimal digits per base-10000 digit
)

func binaryAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	if IsArrayArrow(arr.DataType()) {
		return arrayBinaryAppender(t, arr, s)
	}
	switch a := arr.(type) {
	case *ExtArray:
		if IsUUIDArrow(a.DataType()) {
			return uuidBinaryAppender(a)
		}
		if IsJSONBArrow(a.DataType()) {
			return jsonbBinaryAppender(a)
		}
	case *array.Boolean:
		return func(dst []byte, i int) []byte {
			if a.Value(i) {
				return append(dst, 1)
			}
			return append(dst, 0)
		}
	case *array.Int16:
		v := a.Int16Values()
		return func(dst []byte, i int) []byte { return be.AppendUint16(dst, uint16(v[i])) }
	case *array.Int32:
		v := a.Int32Values()
		return func(dst []byte, i int) []byte { return be.AppendUint32(dst, uint32(v[i])) }
	case *array.Int64:
		v := a.Int64Values()
		return func(dst []byte, i int) []byte { return be.AppendUint64(dst, uint64(v[i])) }
	case *array.Uint32:
		if IsEnum(t.OID) {
			return enumTextAppender(t, a, s) // enum_send writes the label's bytes
		}
		v := a.Uint32Values()
		return func(dst []byte, i int) []byte { return be.AppendUint32(dst, v[i]) }
	case *array.Float32:
		v := a.Float32Values()
		return func(dst []byte, i int) []byte { return be.AppendUint32(dst, math.Float32bits(v[i])) }
	case *array.Float64:
		v := a.Float64Values()
		return func(dst []byte, i int) []byte { return be.AppendUint64(dst, math.Float64bits(v[i])) }
	case *array.FixedSizeBinary:
		if a.DataType().(*arrow.FixedSizeBinaryType).ByteWidth == 16 {
			v := NumericValues(a)
			return func(dst []byte, i int) []byte { return AppendNumericBinary(dst, v[i]) }
		}
	case *array.String:
		if t.OID == Char {
			return func(dst []byte, i int) []byte { return append(dst, charByte(a.Value(i))) }
		}
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.LargeString:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.Binary:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.Date32:
		v := a.Date32Values()
		return func(dst []byte, i int) []byte {
			d := int32(v[i])
			if d != DateInfinity && d != DateNegInfinity {
				d -= pgEpochDays
			}
			return be.AppendUint32(dst, uint32(d))
		}
	case *array.Time64:
		v := a.Time64Values()
		div := int64(1)
		if a.DataType().(*arrow.Time64Type).Unit == arrow.Nanosecond {
			div = 1000
		}
		return func(dst []byte, i int) []byte { return be.AppendUint64(dst, uint64(int64(v[i])/div)) }
	case *array.Timestamp:
		v := a.TimestampValues()
		return func(dst []byte, i int) []byte {
			us := int64(v[i])
			if us != TimestampInfinity && us != TimestampNegInfinity {
				us -= pgEpochMicros
			}
			return be.AppendUint64(dst, uint64(us))
		}
	case *array.MonthDayNanoInterval:
		v := a.MonthDayNanoIntervalValues()
		return func(dst []byte, i int) []byte {
			dst = be.AppendUint64(dst, uint64(v[i].Nanoseconds/1000))
			dst = be.AppendUint32(dst, uint32(v[i].Days))
			return be.AppendUint32(dst, uint32(v[i].Months))
		}
	case *array.Dictionary:
		inner := binaryAppender(t, a.Dictionary(), s)
		return func(dst []byte, i int) []byte { return inner(dst, a.GetValueIndex(i)) }
	}
	// Types without a binary form of their own here go out as their text.
	return textAppender(t, arr, s)
}

// AppendNumericBinary appends n in numeric_send's format: ndigits, weight, sign and dscale
// as int16, then ndigits base-10000 digits, with leading and trailing zero digits stripped
// as PostgreSQL stores them.
func AppendNumericBinary(dst []byte, n Num) []byte {
	if n.IsSpecial() {
		sign := uint16(numericNaN)
		switch {
		case n == NumericPosInf:
			sign = numericPInf
		case n == NumericNegInf:
			sign = numericNInf
		}
		dst = be.AppendUint16(dst, 0)
		dst = be.AppendUint16(dst, 0)
		dst = be.AppendUint16(dst, sign)
		return be.AppendUint16(dst, 0)
	}
	neg, m, scale := n.parts()
	var dbuf [48]byte
	digits := u128Digits(&dbuf, m)
	// Split at the decimal point and pad each side to whole base-10000 digits.
	intLen := len(digits) - int(scale)
	var ibuf [300]byte
	buf := ibuf[:0]
	var intPart, fracPart []byte
	if intLen > 0 {
		intPart, fracPart = digits[:intLen], digits[intLen:]
	} else {
		fracPart = digits
	}
	for k := 0; k < (numericDigits-len(intPart)%numericDigits)%numericDigits; k++ {
		buf = append(buf, '0')
	}
	buf = append(buf, intPart...)
	intGroups := len(buf) / numericDigits
	for k := 0; intLen < 0 && k < -intLen; k++ {
		buf = append(buf, '0')
	}
	buf = append(buf, fracPart...)
	for len(buf)%numericDigits != 0 {
		buf = append(buf, '0')
	}
	var groups [80]int16
	g := groups[:0]
	for k := 0; k < len(buf); k += numericDigits {
		d := int16(buf[k]-'0')*1000 + int16(buf[k+1]-'0')*100 + int16(buf[k+2]-'0')*10 + int16(buf[k+3]-'0')
		g = append(g, d)
	}
	weight := intGroups - 1
	for len(g) > 0 && g[0] == 0 {
		g = g[1:]
		weight--
	}
	for len(g) > 0 && g[len(g)-1] == 0 {
		g = g[:len(g)-1]
	}
	sign := uint16(numericPos)
	if len(g) == 0 {
		weight = 0
	} else if neg {
		sign = numericNeg
	}
	dst = be.AppendUint16(dst, uint16(len(g)))
	dst = be.AppendUint16(dst, uint16(int16(weight)))
	dst = be.AppendUint16(dst, sign)
	dst = be.AppendUint16(dst, uint16(scale))
	for _, d := range g {
		dst = be.AppendUint16(dst, uint16(d))
	}
	return dst
}

// u128Digits returns the decimal digits of m (none for zero) in buf.
func u128Digits(buf *[48]byte, m u128) []byte {
	i := len(buf)
	for !m.isZero() {
		var r uint64
		m, r = m.divmod64(pow10u64[19])
		for k := 0; k < 19 && (r > 0 || !m.isZero()); k++ {
			i--
			buf[i] = byte('0' + r%10)
			r /= 10
		}
	}
	return buf[i:]
}

// ParseNumericBinary decodes numeric_recv's format. As numeric_recv does, digits below the
// transmitted display scale are truncated away, and the value keeps that display scale.
func ParseNumericBinary(data []byte) (Num, error) {
	if len(data) < 8 {
		return Num{}, errInsufficientData()
	}
	ndigits := int(int16(be.Uint16(data)))
	weight := int(int16(be.Uint16(data[2:])))
	sign := be.Uint16(data[4:])
	dscale := be.Uint16(data[6:])
	if ndigits < 0 || ndigits > 1000+1000 {
		return Num{}, pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid length in external \"numeric\" value")
	}
	switch sign {
	case numericPos, numericNeg:
	case numericNaN, numericPInf, numericNInf:
	default:
		return Num{}, pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid sign in external \"numeric\" value")
	}
	if dscale&0x3FFF != dscale {
		return Num{}, pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value")
	}
	if len(data) < 8+2*ndigits {
		return Num{}, errInsufficientData()
	}
	if len(data) > 8+2*ndigits {
		return Num{}, errBinaryFormat()
	}
	text := make([]byte, 0, numericDigits*ndigits)
	for k := 0; k < ndigits; k++ {
		d := be.Uint16(data[8+2*k:])
		if d >= 10000 {
			return Num{}, pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value")
		}
		text = append(text, byte('0'+d/1000), byte('0'+d/100%10), byte('0'+d/10%10), byte('0'+d%10))
	}
	switch sign {
	case numericNaN:
		return NumericNaN, nil
	case numericPInf:
		return NumericPosInf, nil
	case numericNInf:
		return NumericNegInf, nil
	}
	exp := numericDigits * (weight - ndigits + 1)
	v, ok := fromDigits(sign == numericNeg, text, exp, int(dscale), true)
	if !ok {
		return Num{}, errNumericFormatOverflow()
	}
	return v, nil
}

func errInsufficientData() error {
	return pgerror.New(pgcode.ProtocolViolation, "insufficient data left in message")
}

func errBinaryFormat() error {
	return pgerror.New(pgcode.InvalidBinaryRepresentation, "incorrect binary data format")
}

// fixedLen checks a fixed-size binary value's length.
func fixedLen(data []byte, n int) error {
	switch {
	case len(data) < n:
		return errInsufficientData()
	case len(data) > n:
		return errBinaryFormat()
	}
	return nil
}

func binaryParser(t T, s *IOSettings) TextParser {
	switch t.OID {
	case Bool:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 1); err != nil {
				return err
			}
			b.(*array.BooleanBuilder).Append(data[0] != 0)
			return nil
		}
	case Int2:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 2); err != nil {
				return err
			}
			b.(*array.Int16Builder).Append(int16(be.Uint16(data)))
			return nil
		}
	case Int4:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 4); err != nil {
				return err
			}
			b.(*array.Int32Builder).Append(int32(be.Uint32(data)))
			return nil
		}
	case Int8:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 8); err != nil {
				return err
			}
			b.(*array.Int64Builder).Append(int64(be.Uint64(data)))
			return nil
		}
	case Oid:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 4); err != nil {
				return err
			}
			b.(*array.Uint32Builder).Append(be.Uint32(data))
			return nil
		}
	case Float4:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 4); err != nil {
				return err
			}
			b.(*array.Float32Builder).Append(math.Float32frombits(be.Uint32(data)))
			return nil
		}
	case Float8:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 8); err != nil {
				return err
			}
			b.(*array.Float64Builder).Append(math.Float64frombits(be.Uint64(data)))
			return nil
		}
	case Numeric:
		return func(b array.Builder, data []byte) error {
			v, err := ParseNumericBinary(data)
			if err == nil {
				v, err = NumericApplyTypmod(v, t.Typmod)
			}
			if err == nil {
				AppendNumericBuilder(b, v)
			}
			return err
		}
	case Bytea:
		return func(b array.Builder, data []byte) error {
			b.(*array.BinaryBuilder).Append(data)
			return nil
		}
	case Date:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 4); err != nil {
				return err
			}
			d := int32(be.Uint32(data))
			if d != DateInfinity && d != DateNegInfinity {
				jd := int64(d) + postgresEpochJD
				if jd < minDateJD || jd >= maxDateJD {
					return pgerror.New(pgcode.DatetimeValueOutOfRange, "date out of range")
				}
				d += pgEpochDays
			}
			b.(*array.Date32Builder).Append(arrow.Date32(d))
			return nil
		}
	case Time:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 8); err != nil {
				return err
			}
			us := int64(be.Uint64(data))
			if us < 0 || us > usPerDay {
				return pgerror.New(pgcode.DatetimeValueOutOfRange, "time out of range")
			}
			b.(*array.Time64Builder).Append(arrow.Time64(us))
			return nil
		}
	case Timestamp, Timestamptz:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 8); err != nil {
				return err
			}
			us := int64(be.Uint64(data))
			if us != TimestampInfinity && us != TimestampNegInfinity {
				if us < minTimestampMicros-pgEpochMicros || us >= TimestampInfinity-pgEpochMicros {
					return pgerror.New(pgcode.DatetimeValueOutOfRange, "timestamp out of range")
				}
				us += pgEpochMicros
			}
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(us))
			return nil
		}
	case Interval:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 16); err != nil {
				return err
			}
			us := int64(be.Uint64(data))
			if us > math.MaxInt64/1000 || us < math.MinInt64/1000 {
				return errIntervalOutOfRange()
			}
			b.(*array.MonthDayNanoIntervalBuilder).Append(AdjustInterval(arrow.MonthDayNanoInterval{
				Months:      int32(be.Uint32(data[12:])),
				Days:        int32(be.Uint32(data[8:])),
				Nanoseconds: us * 1000,
			}, t.Typmod))
			return nil
		}
	case Char:
		return func(b array.Builder, data []byte) error {
			if err := fixedLen(data, 1); err != nil {
				return err
			}
			appendCharValue(b.(*array.StringBuilder), data[0])
			return nil
		}
	case UUID:
		return uuidBinaryParser
	case JSON:
		return jsonTextParser(s)
	case JSONB:
		return jsonbBinaryParser(s)
	case JSONPath:
		return jsonpathBinaryParser
	case Void, Record, AnyElement, Any:
		return TextParserFor(t, s)
	}
	return func(b array.Builder, data []byte) error {
		return appendText(b.(*array.StringBuilder), data, t, false)
	}
}

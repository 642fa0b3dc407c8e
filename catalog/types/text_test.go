package types

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The expected strings in these tests are what PostgreSQL 15 prints for the same values.

func printAll(t *testing.T, typ T, arr arrow.Array, s *IOSettings) []string {
	t.Helper()
	app := TextAppender(typ, arr, s)
	out := make([]string, arr.Len())
	for i := range out {
		if arr.IsNull(i) {
			out[i] = "NULL"
			continue
		}
		out[i] = string(app(nil, i))
	}
	return out
}

func checkStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d]: got %q, want %q", what, i, got[i], want[i])
		}
	}
}

func TestFloatOutput(t *testing.T) {
	f8 := []struct {
		v    float64
		want string
	}{
		{0.1, "0.1"}, {1e20, "1e+20"}, {1e-5, "1e-05"}, {123456789012345, "123456789012345"},
		{1234567890123456, "1.234567890123456e+15"}, {1.2345678901234567e16, "1.2345678901234568e+16"},
		{math.Copysign(0, -1), "-0"}, {0, "0"}, {math.NaN(), "NaN"}, {math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"}, {1e15, "1e+15"}, {1e14, "100000000000000"}, {0.0001, "0.0001"},
		{0.00012345, "0.00012345"}, {100, "100"}, {1e100, "1e+100"}, {5e-324, "5e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"}, {12345678.9, "12345678.9"},
		{math.Float64frombits(0x3FD3333333333334), "0.30000000000000004"}, {-2.5, "-2.5"}, {float64(float32(3.14)), "3.140000104904175"},
	}
	b := array.NewFloat64Builder(memory.DefaultAllocator)
	var want []string
	for _, c := range f8 {
		b.Append(c.v)
		want = append(want, c.want)
	}
	arr := b.NewArray()
	checkStrings(t, "float8", printAll(t, TFloat8, arr, nil), want)

	// extra_float_digits = 0 prints 15 significant digits, as %.15g.
	b.AppendValues([]float64{0.1, 1e15, 123456789012345678, 1.0 / 3}, nil)
	arr0 := b.NewArray()
	checkStrings(t, "float8 efd=0", printAll(t, TFloat8, arr0, &IOSettings{ExtraFloatDigits: 0}),
		[]string{"0.1", "1e+15", "1.23456789012346e+17", "0.333333333333333"})

	b4 := array.NewFloat32Builder(memory.DefaultAllocator)
	b4.AppendValues([]float32{3.14, 1e6, 123456, 1234567, 0.0001, 1e-5, 16777216, 1.1, 3.4028235e38, 1e-45, 0.1, 1.2345679e+08}, nil)
	checkStrings(t, "float4", printAll(t, TFloat4, b4.NewArray(), nil), []string{
		"3.14", "1e+06", "123456", "1.234567e+06", "0.0001", "1e-05", "1.6777216e+07", "1.1",
		"3.4028235e+38", "1e-45", "0.1", "1.2345679e+08"})
}

func TestNumericOutput(t *testing.T) {
	cases := []struct {
		v     int64
		scale int32
		want  string
	}{
		{0, 0, "0"}, {0, 2, "0.00"}, {15, 1, "1.5"}, {-15, 1, "-1.5"}, {5, 3, "0.005"}, {-5, 3, "-0.005"},
		{123456, 2, "1234.56"}, {15000, 4, "1.5000"}, {math.MaxInt64, 0, "9223372036854775807"},
		{1, 16, "0.0000000000000001"},
	}
	for _, c := range cases {
		b := array.NewBuilder(memory.DefaultAllocator, NumericArrowType)
		AppendNumericBuilder(b, MakeNumeric(c.v, c.scale))
		got := printAll(t, TNumeric, b.NewArray(), nil)[0]
		if got != c.want {
			t.Errorf("%d scale %d: got %q, want %q", c.v, c.scale, got, c.want)
		}
	}
	// The largest coefficient, which needs two digit chunks.
	max35 := makeNumeric(true, pow10u128[35].sub(u128{0, 1}), 10)
	if got := max35.String(); got != "-9999999999999999999999999.9999999999" {
		t.Errorf("max35: %s", got)
	}
}

func TestDateTimeOutput(t *testing.T) {
	days := func(y, m, d int) int32 { return int32(date2j(y, m, d) - unixEpochJD) }
	db := array.NewDate32Builder(memory.DefaultAllocator)
	for _, d := range []int32{0, days(2024, 1, 5), days(0, 1, 1), days(-43, 3, 15), days(5874897, 12, 31), days(-4712, 11, 24), DateInfinity, DateNegInfinity} {
		db.Append(arrow.Date32(d))
	}
	db.AppendNull()
	checkStrings(t, "date", printAll(t, TDate, db.NewArray(), nil), []string{
		"1970-01-01", "2024-01-05", "0001-01-01 BC", "0044-03-15 BC", "5874897-12-31", "4713-11-24 BC",
		"infinity", "-infinity", "NULL"})

	ts := func(y, m, d, hh, mm, ss int, us int64) arrow.Timestamp {
		return arrow.Timestamp(int64(days(y, m, d))*usPerDay + clockMicros(hh, mm, ss, us))
	}
	vals := []arrow.Timestamp{
		ts(2024, 1, 5, 10, 11, 12, 500000), ts(2000, 1, 1, 0, 0, 0, 1), ts(2024, 7, 5, 23, 59, 59, 0),
		ts(1800, 1, 1, 0, 0, 0, 0), ts(-43, 3, 15, 10, 0, 0, 0), TimestampInfinity, TimestampNegInfinity,
		ts(1969, 12, 31, 23, 59, 59, 999999),
	}
	tb := array.NewTimestampBuilder(memory.DefaultAllocator, &arrow.TimestampType{Unit: arrow.Microsecond})
	tb.AppendValues(vals, nil)
	checkStrings(t, "timestamp", printAll(t, TTimestamp, tb.NewArray(), nil), []string{
		"2024-01-05 10:11:12.5", "2000-01-01 00:00:00.000001", "2024-07-05 23:59:59", "1800-01-01 00:00:00",
		"0044-03-15 10:00:00 BC", "infinity", "-infinity", "1969-12-31 23:59:59.999999"})

	tzb := array.NewTimestampBuilder(memory.DefaultAllocator, TTimestamptz.Arrow().(*arrow.TimestampType))
	tzb.AppendValues(vals, nil)
	tzArr := tzb.NewArray()
	ny, _ := time.LoadLocation("America/New_York")
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	checkStrings(t, "timestamptz UTC", printAll(t, TTimestamptz, tzArr, nil), []string{
		"2024-01-05 10:11:12.5+00", "2000-01-01 00:00:00.000001+00", "2024-07-05 23:59:59+00", "1800-01-01 00:00:00+00",
		"0044-03-15 10:00:00+00 BC", "infinity", "-infinity", "1969-12-31 23:59:59.999999+00"})
	checkStrings(t, "timestamptz New York", printAll(t, TTimestamptz, tzArr, &IOSettings{TimeZone: ny, ExtraFloatDigits: 1}), []string{
		"2024-01-05 05:11:12.5-05", "1999-12-31 19:00:00.000001-05", "2024-07-05 19:59:59-04", "1799-12-31 19:03:58-04:56:02",
		"0044-03-15 05:03:58-04:56:02 BC", "infinity", "-infinity", "1969-12-31 18:59:59.999999-05"})
	checkStrings(t, "timestamptz Kolkata", printAll(t, TTimestamptz, tzArr, &IOSettings{TimeZone: kolkata})[:1], []string{
		"2024-01-05 15:41:12.5+05:30"})

	tmb := array.NewTime64Builder(memory.DefaultAllocator, &arrow.Time64Type{Unit: arrow.Microsecond})
	tmb.AppendValues([]arrow.Time64{0, arrow.Time64(clockMicros(10, 11, 12, 123450)), arrow.Time64(usPerDay)}, nil)
	checkStrings(t, "time", printAll(t, Of(Time), tmb.NewArray(), nil), []string{"00:00:00", "10:11:12.12345", "24:00:00"})

	iv := func(months, days int32, us int64) arrow.MonthDayNanoInterval {
		return arrow.MonthDayNanoInterval{Months: months, Days: days, Nanoseconds: us * 1000}
	}
	ib := array.NewMonthDayNanoIntervalBuilder(memory.DefaultAllocator)
	ib.AppendValues([]arrow.MonthDayNanoInterval{
		iv(14, 3, clockMicros(4, 5, 6, 500000)), iv(0, -1, 0), iv(0, 0, 0), iv(-14, 3, -clockMicros(4, 5, 6, 0)),
		iv(0, 1, -usPerSec), iv(0, 0, 100*usPerHour), iv(0, 0, -500000), iv(-14, 0, 0), iv(1, -1, usPerHour), iv(12, 0, -usPerHour),
	}, nil)
	checkStrings(t, "interval", printAll(t, TInterval, ib.NewArray(), nil), []string{
		"1 year 2 mons 3 days 04:05:06.5", "-1 days", "00:00:00", "-1 years -2 mons +3 days -04:05:06",
		"1 day -00:00:01", "100:00:00", "-00:00:00.5", "-1 years -2 mons", "1 mon -1 days +01:00:00", "1 year -01:00:00"})
}

func TestOtherOutput(t *testing.T) {
	bb := array.NewBooleanBuilder(memory.DefaultAllocator)
	bb.AppendValues([]bool{true, false}, nil)
	checkStrings(t, "bool", printAll(t, TBool, bb.NewArray(), nil), []string{"t", "f"})

	by := array.NewBinaryBuilder(memory.DefaultAllocator, arrow.BinaryTypes.Binary)
	by.AppendValues([][]byte{{}, {0x01, 0xab, 0xff}, []byte("abc")}, nil)
	checkStrings(t, "bytea", printAll(t, Of(Bytea), by.NewArray(), nil), []string{`\x`, `\x01abff`, `\x616263`})

	ob := array.NewUint32Builder(memory.DefaultAllocator)
	ob.AppendValues([]uint32{0, 4294967295}, nil)
	checkStrings(t, "oid", printAll(t, TOid, ob.NewArray(), nil), []string{"0", "4294967295"})

	ib := array.NewInt16Builder(memory.DefaultAllocator)
	ib.AppendValues([]int16{-32768, 0, 32767}, nil)
	checkStrings(t, "int2", printAll(t, TInt2, ib.NewArray(), nil), []string{"-32768", "0", "32767"})

	sb := array.NewStringBuilder(memory.DefaultAllocator)
	sb.AppendValues([]string{"héllo", ""}, nil)
	checkStrings(t, "text", printAll(t, TText, sb.NewArray(), nil), []string{"héllo", ""})
}

// TestInputErrors checks messages, details, hints and SQLSTATEs of rejected input.
func TestInputErrors(t *testing.T) {
	cases := []struct {
		typ               T
		in                string
		code              pgcode.Code
		msg, detail, hint string
	}{
		{TInt4, "abc", pgcode.InvalidTextRepresentation, `invalid input syntax for type integer: "abc"`, "", ""},
		{TInt4, "99999999999", pgcode.NumericValueOutOfRange, `value "99999999999" is out of range for type integer`, "", ""},
		{TInt2, "32768", pgcode.NumericValueOutOfRange, `value "32768" is out of range for type smallint`, "", ""},
		{TInt8, "", pgcode.InvalidTextRepresentation, `invalid input syntax for type bigint: ""`, "", ""},
		{TBool, "x", pgcode.InvalidTextRepresentation, `invalid input syntax for type boolean: "x"`, "", ""},
		{TNumeric, "1.2.3", pgcode.InvalidTextRepresentation, `invalid input syntax for type numeric: "1.2.3"`, "", ""},
		{T{Numeric, MakeNumericTypmod(5, 2)}, "1234.5", pgcode.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 5, scale 2 must round to an absolute value less than 10^3.", ""},
		{T{Numeric, MakeNumericTypmod(2, 2)}, "0.999", pgcode.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 2, scale 2 must round to an absolute value less than 1.", ""},
		{TNumeric, "1e35", pgcode.NumericValueOutOfRange, "value overflows numeric format", "", ""},
		{TNumeric, "+NaN", pgcode.InvalidTextRepresentation, "invalid input syntax for type numeric: \"+NaN\"", "", ""},
		{TFloat8, "x", pgcode.InvalidTextRepresentation, `invalid input syntax for type double precision: "x"`, "", ""},
		{TFloat8, "1e400", pgcode.NumericValueOutOfRange, `"1e400" is out of range for type double precision`, "", ""},
		{TFloat4, "1e39", pgcode.NumericValueOutOfRange, `"1e39" is out of range for type real`, "", ""},
		{T{Varchar, 7}, "abcd", pgcode.StringDataRightTruncation, "value too long for type character varying(3)", "", ""},
		{T{Bpchar, 7}, "abcd", pgcode.StringDataRightTruncation, "value too long for type character(3)", "", ""},
		{TText, "a\xffb", pgcode.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": 0xff`, "", ""},
		{TText, "a\xe2\x28\xa1", pgcode.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": 0xe2 0x28 0xa1`, "", ""},
		{Of(Bytea), `\xZZ`, pgcode.InvalidParameterValue, `invalid hexadecimal digit: "Z"`, "", ""},
		{Of(Bytea), `\x123`, pgcode.InvalidParameterValue, "invalid hexadecimal data: odd number of digits", "", ""},
		{Of(Bytea), `\q`, pgcode.InvalidTextRepresentation, "invalid input syntax for type bytea", "", ""},
		{TDate, "2024-13-01", pgcode.DatetimeFieldOverflow, `date/time field value out of range: "2024-13-01"`, "",
			`Perhaps you need a different "datestyle" setting.`},
		{TDate, "2024-02-30", pgcode.DatetimeFieldOverflow, `date/time field value out of range: "2024-02-30"`, "", ""},
		{TDate, "abc", pgcode.InvalidDatetimeFormat, `invalid input syntax for type date: "abc"`, "", ""},
		{TDate, "5874898-01-01", pgcode.DatetimeValueOutOfRange, `date out of range: "5874898-01-01"`, "", ""},
		{TTimestamp, "2024-01-05 25:00", pgcode.DatetimeFieldOverflow, `date/time field value out of range: "2024-01-05 25:00"`, "", ""},
		{TTimestamptz, "2024-01-05 10:00 Foo/Bar", pgcode.InvalidParameterValue, `time zone "foo/bar" not recognized`, "", ""},
		{TTimestamptz, "2024-01-05 10:00+16", pgcode.InvalidTimeZoneDisplacementValue, `time zone displacement out of range: "2024-01-05 10:00+16"`, "", ""},
		{Of(Time), "25:00", pgcode.DatetimeFieldOverflow, `date/time field value out of range: "25:00"`, "", ""},
		{TInterval, "abc", pgcode.InvalidDatetimeFormat, `invalid input syntax for type interval: "abc"`, "", ""},
		{TInterval, "1000000000 years", pgcode.DatetimeValueOutOfRange, "interval out of range", "", ""},
		{TInterval, "1 day 2 days", pgcode.InvalidDatetimeFormat, `invalid input syntax for type interval: "1 day 2 days"`, "", ""},
		{TOid, "4294967296", pgcode.NumericValueOutOfRange, `value "4294967296" is out of range for type oid`, "", ""},
	}
	for _, c := range cases {
		b := array.NewBuilder(memory.DefaultAllocator, c.typ.Arrow())
		err := TextParserFor(c.typ, nil)(b, []byte(c.in))
		if err == nil {
			t.Errorf("%s %q: no error", c.typ, c.in)
			continue
		}
		if b.Len() != 0 {
			t.Errorf("%s %q: appended on error", c.typ, c.in)
		}
		f := pgerror.Flatten(err)
		if pgerror.GetCode(err) != c.code || f.Message != c.msg || f.Detail != c.detail || f.Hint != c.hint {
			t.Errorf("%s %q: got %s %q %q %q, want %s %q %q %q", c.typ, c.in, pgerror.GetCode(err), f.Message, f.Detail, f.Hint, c.code, c.msg, c.detail, c.hint)
		}
	}
}

// TestInput checks accepted input by printing it back.
func TestInput(t *testing.T) {
	ny, _ := LoadTimeZone("america/new_york")
	nyS := &IOSettings{TimeZone: ny, ExtraFloatDigits: 1}
	cases := []struct {
		typ  T
		in   string
		s    *IOSettings
		want string
	}{
		{TBool, " TRUE ", nil, "t"}, {TBool, "of", nil, "f"}, {TInt4, " -12 ", nil, "-12"},
		{TInt8, "-9223372036854775808", nil, "-9223372036854775808"}, {TOid, "-1", nil, "4294967295"},
		{TFloat8, " 1e-5 ", nil, "1e-05"}, {TFloat4, "3.14", nil, "3.14"}, {TFloat8, "-Infinity", nil, "-Infinity"},
		{T{Numeric, MakeNumericTypmod(5, 2)}, "123.456", nil, "123.46"},
		{T{Numeric, MakeNumericTypmod(5, 2)}, "-0.005", nil, "-0.01"},
		{T{Numeric, MakeNumericTypmod(5, 2)}, "999.994", nil, "999.99"},
		{T{Numeric, MakeNumericTypmod(10, 0)}, "2.5", nil, "3"},
		{TNumeric, "1.5e-3", nil, "0.0015"},
		{T{Varchar, 7}, "ab   ", nil, "ab "}, {T{Bpchar, 7}, "a", nil, "a  "}, {T{Bpchar, 7}, "ab   ", nil, "ab "},
		{T{Varchar, 7}, "héé", nil, "héé"}, {TName, strings.Repeat("é", 40), nil, strings.Repeat("é", 31)},
		{Of(Bytea), `\x01 02`, nil, `\x0102`}, {Of(Bytea), `ab\001\\`, nil, `\x6162015c`},
		{TDate, "January 5, 2024", nil, "2024-01-05"}, {TDate, "1/5/24", nil, "2024-01-05"},
		{TDate, "20240105", nil, "2024-01-05"}, {TDate, "5 Jan 2024", nil, "2024-01-05"}, {TDate, "epoch", nil, "1970-01-01"},
		{TDate, "infinity", nil, "infinity"}, {TDate, "0044-03-15 BC", nil, "0044-03-15 BC"}, {TDate, "J2451545", nil, "2000-01-01"},
		{TTimestamp, "2024-01-05T10:11:12.123456", nil, "2024-01-05 10:11:12.123456"},
		{TTimestamp, "2024-01-05 10:11:12+05", nil, "2024-01-05 10:11:12"},
		{TTimestamp, "2024-01-05 24:00", nil, "2024-01-06 00:00:00"},
		{TTimestamptz, "2024-01-05 10:11:12.5+05:30", nil, "2024-01-05 04:41:12.5+00"},
		{TTimestamptz, "2024-01-05 10:11:12 America/New_York", nil, "2024-01-05 15:11:12+00"},
		{TTimestamptz, "2024-01-05 10:11:12 PST", nil, "2024-01-05 18:11:12+00"},
		{TTimestamptz, "2024-03-10 02:30", nyS, "2024-03-10 03:30:00-04"},
		{TTimestamptz, "2024-11-03 01:30", nyS, "2024-11-03 01:30:00-05"},
		{TTimestamptz, "epoch", nyS, "1969-12-31 19:00:00-05"},
		{Of(Time), "10:11 pm", nil, "22:11:00"}, {Of(Time), "24:00", nil, "24:00:00"}, {Of(Time), "101112", nil, "10:11:12"},
		{TInterval, "1 day", nil, "1 day"}, {TInterval, "2 hours 3 minutes", nil, "02:03:00"},
		{TInterval, "01:02:03", nil, "01:02:03"}, {TInterval, "1 year 2 mons", nil, "1 year 2 mons"},
		{TInterval, "P1D", nil, "1 day"}, {TInterval, "-1 day", nil, "-1 days"}, {TInterval, "1.5 days", nil, "1 day 12:00:00"},
		{TInterval, "@ 1 day ago", nil, "-1 days"}, {TInterval, "1-2", nil, "1 year 2 mons"},
		{TInterval, "P1Y2M3DT4H5M6S", nil, "1 year 2 mons 3 days 04:05:06"},
	}
	for _, c := range cases {
		got, err := roundTrip(c.typ, c.in, c.s)
		if err != nil || got != c.want {
			t.Errorf("%s %q: got %q, %v; want %q", c.typ, c.in, got, err, c.want)
		}
	}
}

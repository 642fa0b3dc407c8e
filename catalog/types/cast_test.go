package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func TestCanCast(t *testing.T) {
	cases := []struct {
		from, to OID
		ctx      CoercionContext
		want     bool
	}{
		{Int2, Int4, Implicit, true}, {Int4, Int8, Implicit, true}, {Int8, Numeric, Implicit, true},
		{Numeric, Float4, Implicit, true}, {Float4, Float8, Implicit, true}, {Int4, Float8, Implicit, true},
		{Int8, Int4, Implicit, false}, {Int8, Int4, Assignment, true}, {Float8, Int4, Assignment, true},
		{Float8, Int4, Implicit, false}, {Float8, Numeric, Assignment, true}, {Float8, Numeric, Implicit, false},
		{Text, Varchar, Implicit, true}, {Varchar, Text, Implicit, true}, {Bpchar, Text, Implicit, true},
		{Int4, Text, Assignment, true}, {Int4, Text, Implicit, false}, {Date, Varchar, Assignment, true},
		{Text, Int4, Explicit, true}, {Text, Int4, Assignment, false}, {Text, Date, Explicit, true},
		{Date, Timestamp, Implicit, true}, {Timestamp, Timestamptz, Implicit, true}, {Date, Timestamptz, Implicit, true},
		{Timestamptz, Timestamp, Implicit, false}, {Timestamptz, Timestamp, Assignment, true},
		{Timestamptz, Date, Assignment, true}, {Bool, Int4, Explicit, true}, {Bool, Int4, Assignment, false},
		{Int4, Bool, Explicit, true}, {Int4, Bool, Assignment, false}, {Int2, Bool, Explicit, false},
		{Bool, Text, Assignment, true}, {Date, Int4, Explicit, false}, {UnknownLit, Int4, Implicit, true},
		{Int4, Int4, Implicit, true}, {Int4, Oid, Implicit, true}, {Oid, Int4, Assignment, true}, {Oid, Float8, Explicit, false},
		{Interval, Time, Assignment, true}, {Time, Interval, Implicit, true}, {Bytea, Text, Assignment, true},
		{Text, Name, Implicit, true}, {Name, Varchar, Implicit, false}, {Name, Varchar, Assignment, true},
	}
	for _, c := range cases {
		if got := CanCast(c.from, c.to, c.ctx); got != c.want {
			t.Errorf("CanCast(%s, %s, %s) = %v", Of(c.from), Of(c.to), c.ctx, got)
		}
	}
	if c, _ := LookupCast(Varchar, Text); c.Method != CastBinary {
		t.Errorf("varchar -> text should be binary coercible")
	}
	if !TFloat8.IsPreferred() || TInt4.IsPreferred() || PreferredType(CatString) != Text {
		t.Error("preferred types")
	}
}

// castTexts builds an array of from from text (nil entries are nulls), casts it and prints
// the result. It checks that nothing leaks.
func castTexts(t *testing.T, from T, in []*string, to T, ctx CoercionContext, s *IOSettings) ([]string, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewBuilder(mem, from.Arrow())
	parse := TextParserFor(from, s)
	for _, v := range in {
		if v == nil {
			b.AppendNull()
			continue
		}
		if err := parse(b, []byte(*v)); err != nil {
			t.Fatalf("input %q: %v", *v, err)
		}
	}
	arr := b.NewArray()
	b.Release()
	defer arr.Release()
	out, err := CastArrayContext(arr, from, to, ctx, s, mem)
	if err != nil {
		return nil, err
	}
	defer out.Release()
	if !arrow.TypeEqual(out.DataType(), to.Arrow()) {
		t.Errorf("%s -> %s: result type %s, want %s", from, to, out.DataType(), to.Arrow())
	}
	return printAll(t, to, out, s), nil
}

func strs(vs ...string) []*string {
	out := make([]*string, len(vs))
	for i := range vs {
		if vs[i] != "NULL" {
			out[i] = &vs[i]
		}
	}
	return out
}

// The expected results were taken from PostgreSQL 15 with TimeZone America/New_York.
func TestCastArray(t *testing.T) {
	ny, _ := LoadTimeZone("America/New_York")
	nyS := &IOSettings{TimeZone: ny, ExtraFloatDigits: 1}
	num := func(p, s int32) T { return T{Numeric, MakeNumericTypmod(p, s)} }
	cases := []struct {
		from T
		in   []string
		to   T
		ctx  CoercionContext
		want []string
	}{
		{TFloat8, []string{"2.5", "3.5", "-2.5", "NULL", "-32768.4"}, TInt4, Explicit, []string{"2", "4", "-2", "NULL", "-32768"}},
		{TFloat8, []string{"-32768.5"}, TInt2, Explicit, []string{"-32768"}},
		{TFloat4, []string{"1e10"}, TInt8, Explicit, []string{"10000000000"}},
		{TNumeric, []string{"2.5", "-2.5", "NULL"}, TInt4, Explicit, []string{"3", "-3", "NULL"}},
		{TInt2, []string{"-5", "NULL", "32767"}, TInt8, Implicit, []string{"-5", "NULL", "32767"}},
		{TInt8, []string{"123"}, TInt2, Assignment, []string{"123"}},
		{TInt4, []string{"-1"}, TOid, Implicit, []string{"4294967295"}},
		{TOid, []string{"4294967295", "65535"}, TInt4, Assignment, []string{"-1", "65535"}},
		{TInt4, []string{"7", "-7"}, T{Numeric, MakeNumericTypmod(5, 2)}, Implicit, []string{"7.00", "-7.00"}},
		{TInt8, []string{"123456789012"}, TFloat4, Implicit, []string{"1.2345679e+11"}},
		{TInt4, []string{"123456789"}, TFloat4, Implicit, []string{"1.2345679e+08"}},
		{TNumeric, []string{"123.456"}, num(4, 1), Assignment, []string{"123.5"}},
		{TNumeric, []string{"12345.678"}, num(10, 2), Assignment, []string{"12345.68"}},
		{TNumeric, []string{"0.1"}, TFloat8, Implicit, []string{"0.1"}},
		{num(30, 25), []string{"1e-20"}, TFloat8, Implicit, []string{"1e-20"}},
		{TFloat8, []string{"1.5", "0.3333333333333333"}, TNumeric, Assignment, []string{"1.5", "0.333333333333333"}},
		{TFloat8, []string{"1e20"}, num(30, 2), Assignment, []string{"100000000000000000000.00"}},
		{TFloat4, []string{"0.1", "1234567.891"}, TNumeric, Assignment, []string{"0.1", "1234570"}},
		{TFloat4, []string{"3.14"}, TFloat8, Implicit, []string{"3.140000104904175"}},
		{TFloat8, []string{"3.14", "-0", "Infinity", "NaN"}, TFloat4, Assignment, []string{"3.14", "-0", "Infinity", "NaN"}},
		{TBool, []string{"t", "f", "NULL"}, TText, Assignment, []string{"true", "false", "NULL"}},
		{TBool, []string{"t"}, T{Varchar, 6}, Explicit, []string{"tr"}},
		{TBool, []string{"t", "f"}, TInt4, Explicit, []string{"1", "0"}},
		{TInt4, []string{"0", "5", "NULL", "-1"}, TBool, Explicit, []string{"f", "t", "NULL", "t"}},
		{T{Bpchar, 8}, []string{"ab"}, TText, Implicit, []string{"ab"}},
		{T{Bpchar, 8}, []string{"ab"}, TVarchar, Implicit, []string{"ab"}},
		{TText, []string{"abcdef", "ab"}, T{Bpchar, 7}, Explicit, []string{"abc", "ab "}},
		{TText, []string{"abc   "}, T{Varchar, 7}, Assignment, []string{"abc"}},
		{TInt4, []string{"123"}, T{Bpchar, 9}, Explicit, []string{"123  "}},
		{TInt4, []string{"12345"}, T{Varchar, 7}, Explicit, []string{"123"}},
		{num(10, 4), []string{"1.5"}, TText, Assignment, []string{"1.5000"}},
		{TFloat8, []string{"0.1", "1e+20"}, TText, Assignment, []string{"0.1", "1e+20"}},
		{TTimestamptz, []string{"2024-07-05 23:30:00+00"}, TText, Assignment, []string{"2024-07-05 19:30:00-04"}},
		{TText, []string{"42", "NULL", " 7 "}, TInt4, Explicit, []string{"42", "NULL", "7"}},
		{TText, []string{"2024-01-05"}, TDate, Explicit, []string{"2024-01-05"}},
		{TText, []string{"1.005"}, num(5, 2), Explicit, []string{"1.01"}},
		{TUnknownLit, []string{"1 day"}, TInterval, Implicit, []string{"1 day"}},
		{TDate, []string{"2024-01-05", "infinity", "NULL"}, TTimestamptz, Implicit, []string{"2024-01-05 00:00:00-05", "infinity", "NULL"}},
		{TDate, []string{"2024-01-05", "0044-03-15 BC"}, TTimestamp, Implicit, []string{"2024-01-05 00:00:00", "0044-03-15 00:00:00 BC"}},
		{TTimestamp, []string{"2024-07-05 12:00", "2024-03-10 02:30"}, TTimestamptz, Implicit, []string{"2024-07-05 12:00:00-04", "2024-03-10 03:30:00-04"}},
		{TTimestamptz, []string{"2024-07-05 23:30:00+00"}, TDate, Assignment, []string{"2024-07-05"}},
		{TTimestamptz, []string{"2024-07-05 23:30:00+00"}, TTimestamp, Assignment, []string{"2024-07-05 19:30:00"}},
		{TTimestamptz, []string{"2024-07-05 23:30:00+00"}, Of(Time), Assignment, []string{"19:30:00"}},
		{TTimestamp, []string{"infinity", "2024-01-05 10:00", "-infinity"}, Of(Time), Assignment, []string{"NULL", "10:00:00", "NULL"}},
		{TTimestamp, []string{"infinity", "1969-12-31 23:00"}, TDate, Assignment, []string{"infinity", "1969-12-31"}},
		{TInterval, []string{"25:30:00", "-01:00", "1 day"}, Of(Time), Assignment, []string{"01:30:00", "23:00:00", "00:00:00"}},
		{Of(Time), []string{"10:11:12.5"}, TInterval, Implicit, []string{"10:11:12.5"}},
		{TNumeric, []string{"1.25"}, TNumeric, Implicit, []string{"1.25"}},
	}
	for _, c := range cases {
		got, err := castTexts(t, c.from, strs(c.in...), c.to, c.ctx, nyS)
		if err != nil {
			t.Errorf("%s -> %s %v: %v", c.from, c.to, c.in, err)
			continue
		}
		checkStrings(t, c.from.String()+" -> "+c.to.String(), got, c.want)
	}
}

func TestCastArrayErrors(t *testing.T) {
	num := func(p, s int32) T { return T{Numeric, MakeNumericTypmod(p, s)} }
	cases := []struct {
		from        T
		in          string
		to          T
		ctx         CoercionContext
		code        pgcode.Code
		msg, detail string
	}{
		{TFloat8, "2147483647.5", TInt4, Explicit, pgcode.NumericValueOutOfRange, "integer out of range", ""},
		{TFloat8, "NaN", TInt4, Explicit, pgcode.NumericValueOutOfRange, "integer out of range", ""},
		{TFloat8, "1e20", TInt8, Explicit, pgcode.NumericValueOutOfRange, "bigint out of range", ""},
		{TInt4, "32768", TInt2, Assignment, pgcode.NumericValueOutOfRange, "smallint out of range", ""},
		{TInt8, "-1", TOid, Implicit, pgcode.NumericValueOutOfRange, "OID out of range", ""},
		{TNumeric, "2147483647.5", TInt4, Assignment, pgcode.NumericValueOutOfRange, "integer out of range", ""},
		{TNumeric, "12345.6", num(5, 2), Assignment, pgcode.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
		{TInt4, "1000", num(3, 1), Assignment, pgcode.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 3, scale 1 must round to an absolute value less than 10^2."},
		{TFloat8, "1e39", TFloat4, Assignment, pgcode.NumericValueOutOfRange, "value out of range: overflow", ""},
		{TFloat8, "1e-50", TFloat4, Assignment, pgcode.NumericValueOutOfRange, "value out of range: underflow", ""},
		{TBool, "t", T{Varchar, 6}, Assignment, pgcode.StringDataRightTruncation, "value too long for type character varying(2)", ""},
		{TText, "abcd", T{Bpchar, 7}, Assignment, pgcode.StringDataRightTruncation, "value too long for type character(3)", ""},
		{TText, "x", TInt4, Explicit, pgcode.InvalidTextRepresentation, `invalid input syntax for type integer: "x"`, ""},
		{TDate, "5874897-01-01", TTimestamp, Implicit, pgcode.DatetimeValueOutOfRange, "date out of range for timestamp", ""},
		{TDate, "2024-01-05", TInt4, Explicit, pgcode.CannotCoerce, "cannot cast type date to integer", ""},
	}
	for _, c := range cases {
		_, err := castTexts(t, c.from, strs(c.in), c.to, c.ctx, nil)
		f := pgerror.Flatten(err)
		if err == nil || f.Code != c.code || f.Message != c.msg || f.Detail != c.detail {
			t.Errorf("%s %q -> %s: got %v (%s %q), want %s %q %q", c.from, c.in, c.to, err, f.Code, f.Detail, c.code, c.msg, c.detail)
		}
	}
}

// TestCastIgnoresNullGarbage puts out-of-range values under nulls and in sliced-away slots.
func TestCastIgnoresNullGarbage(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewInt64Builder(mem)
	b.AppendValues([]int64{1 << 40, 5, 1 << 40, -7, 1 << 40}, []bool{true, true, false, true, true})
	full := b.NewArray()
	b.Release()
	defer full.Release()
	arr := array.NewSlice(full, 1, 4)
	defer arr.Release()
	out, err := CastArray(arr, TInt8, TInt4, nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	checkStrings(t, "int8 -> int4", printAll(t, TInt4, out, nil), []string{"5", "NULL", "-7"})

	fb := array.NewFloat64Builder(mem)
	fb.AppendValues([]float64{1e300, 2.5}, []bool{false, true})
	farr := fb.NewArray()
	fb.Release()
	defer farr.Release()
	for _, to := range []T{TInt2, TFloat4, TNumeric} {
		out, err := CastArray(farr, TFloat8, to, nil, mem)
		if err != nil {
			t.Fatalf("%s: %v", to, err)
		}
		if out.NullN() != 1 || !out.IsNull(0) {
			t.Errorf("%s: nulls not kept", to)
		}
		out.Release()
	}
}

func BenchmarkCastFloat8ToInt4(b *testing.B) {
	fb := array.NewFloat64Builder(memory.DefaultAllocator)
	for i := 0; i < 4096; i++ {
		fb.Append(float64(i) * 1.5)
	}
	arr := fb.NewArray()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := CastArray(arr, TFloat8, TInt4, nil, memory.DefaultAllocator)
		if err != nil {
			b.Fatal(err)
		}
		out.Release()
	}
}

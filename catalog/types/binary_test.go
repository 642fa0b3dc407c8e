package types

import (
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// binaryCase is a value given as PostgreSQL text, the Go value pgx encodes and decodes for
// it, and the type.
type binaryCase struct {
	typ  T
	text string
	pgx  any // what pgx should decode our bytes into, and encode for the parser
}

func mustTime(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999999", s)
	if err != nil {
		panic(err)
	}
	return t
}

func bigNumeric(s string) pgtype.Numeric {
	var n pgtype.Numeric
	if err := n.Scan(s); err != nil {
		panic(err)
	}
	return n
}

var binaryCases = []binaryCase{
	{TBool, "t", true}, {TBool, "f", false},
	{TInt2, "-32768", int16(-32768)}, {TInt4, "2147483647", int32(2147483647)}, {TInt8, "-9223372036854775808", int64(math.MinInt64)},
	{TOid, "4294967295", uint32(4294967295)},
	{TFloat4, "3.14", float32(3.14)}, {TFloat8, "-1e+300", -1e300}, {TFloat8, "NaN", math.NaN()},
	{TText, "héllo", "héllo"}, {TVarchar, "", ""},
	{Of(Bytea), `\x00ff10`, []byte{0, 0xff, 0x10}},
	{TDate, "2024-01-05", pgtype.Date{Time: mustTime("2024-01-05 00:00:00"), Valid: true}},
	{TDate, "1999-12-31", pgtype.Date{Time: mustTime("1999-12-31 00:00:00"), Valid: true}},
	{TDate, "infinity", pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}},
	{TDate, "-infinity", pgtype.Date{InfinityModifier: pgtype.NegativeInfinity, Valid: true}},
	{TTimestamp, "2024-01-05 10:11:12.123456", pgtype.Timestamp{Time: mustTime("2024-01-05 10:11:12.123456"), Valid: true}},
	{TTimestamp, "1969-07-20 20:17:40", pgtype.Timestamp{Time: mustTime("1969-07-20 20:17:40"), Valid: true}},
	{TTimestamp, "infinity", pgtype.Timestamp{InfinityModifier: pgtype.Infinity, Valid: true}},
	{TTimestamptz, "2024-01-05 10:11:12.5+00", pgtype.Timestamptz{Time: mustTime("2024-01-05 10:11:12.5"), Valid: true}},
	{TTimestamptz, "-infinity", pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}},
	{Of(Time), "10:11:12.000001", pgtype.Time{Microseconds: clockMicros(10, 11, 12, 1), Valid: true}},
	{TInterval, "1 year 2 mons 3 days 04:05:06.5", pgtype.Interval{Months: 14, Days: 3, Microseconds: clockMicros(4, 5, 6, 500000), Valid: true}},
	{TInterval, "-1 days -00:00:01", pgtype.Interval{Days: -1, Microseconds: -usPerSec, Valid: true}},
	{TNumeric, "1234.56", bigNumeric("1234.56")},
	{TNumeric, "-0.05", bigNumeric("-0.05")},
	{TNumeric, "10000", bigNumeric("10000")},
	{TNumeric, "0", bigNumeric("0")},
	{TNumeric, "123456789.000001", bigNumeric("123456789.000001")},
	{TNumeric, "0.00000000000000000001", bigNumeric("0.00000000000000000001")},
	{TNumeric, "99999999999999999999999999999999999", bigNumeric("99999999999999999999999999999999999")},
	{TNumeric, "1.500", bigNumeric("1.500")},
	{TNumeric, "-12345678901234567890.1234", bigNumeric("-12345678901234567890.1234")},
}

// buildFromText parses text for typ into a one-value array.
func buildFromText(t *testing.T, typ T, text string) arrow.Array {
	t.Helper()
	b := array.NewBuilder(memory.DefaultAllocator, typ.Arrow())
	defer b.Release()
	if err := TextParserFor(typ, nil)(b, []byte(text)); err != nil {
		t.Fatalf("%s %q: %v", typ, text, err)
	}
	return b.NewArray()
}

func TestBinaryAgainstPgx(t *testing.T) {
	m := pgtype.NewMap()
	for _, c := range binaryCases {
		arr := buildFromText(t, c.typ, c.text)
		oid := uint32(c.typ.OID)
		ours := BinaryAppender(c.typ, arr, nil)(make([]byte, 0, 32), 0) // non-nil: pgx reads nil as NULL

		// pgx decodes what we send.
		target := newLike(c.pgx)
		if err := m.Scan(oid, pgtype.BinaryFormatCode, ours, target.Interface()); err != nil {
			t.Errorf("%s %q: pgx cannot decode %x: %v", c.typ, c.text, ours, err)
			continue
		}
		if !sameValue(target.Elem().Interface(), c.pgx) {
			t.Errorf("%s %q: pgx decoded %#v, want %#v", c.typ, c.text, target.Elem().Interface(), c.pgx)
		}

		// We decode what pgx sends.
		theirs, err := m.Encode(oid, pgtype.BinaryFormatCode, c.pgx, nil)
		if err != nil {
			t.Fatalf("%s %q: pgx encode: %v", c.typ, c.text, err)
		}
		b := array.NewBuilder(memory.DefaultAllocator, c.typ.Arrow())
		if err := BinaryParserFor(c.typ, nil)(b, theirs); err != nil {
			t.Errorf("%s %q: parsing pgx's %x: %v", c.typ, c.text, theirs, err)
			continue
		}
		back := b.NewArray()
		if got := string(TextAppender(c.typ, back, nil)(nil, 0)); got != c.text {
			t.Errorf("%s: pgx's %x read back as %q, want %q", c.typ, theirs, got, c.text)
		}
		// And our own encoding reads back the same.
		b2 := array.NewBuilder(memory.DefaultAllocator, c.typ.Arrow())
		if err := BinaryParserFor(c.typ, nil)(b2, ours); err != nil {
			t.Errorf("%s %q: own round trip: %v", c.typ, c.text, err)
			continue
		}
		if got := string(TextAppender(c.typ, b2.NewArray(), nil)(nil, 0)); got != c.text {
			t.Errorf("%s: own bytes %x read back as %q, want %q", c.typ, ours, got, c.text)
		}
	}
}

func TestNumericBinaryLayout(t *testing.T) {
	// numeric_send of 1234.56: ndigits 2, weight 0, sign +, dscale 2, digits 1234 5600.
	arr := buildFromText(t, TNumeric, "1234.56")
	got := BinaryAppender(TNumeric, arr, nil)(nil, 0)
	want := []byte{0, 2, 0, 0, 0, 0, 0, 2, 0x04, 0xd2, 0x15, 0xe0}
	if string(got) != string(want) {
		t.Errorf("got %x, want %x", got, want)
	}
	// Zero: no digits, weight 0, its scale kept.
	arr = buildFromText(t, TNumeric, "0.000")
	if got := BinaryAppender(TNumeric, arr, nil)(nil, 0); string(got) != string([]byte{0, 0, 0, 0, 0, 0, 0, 3}) {
		t.Errorf("zero: got %x", got)
	}
	// Receiving truncates digits below the transmitted dscale, as numeric_recv does.
	v, err := ParseNumericBinary([]byte{0, 2, 0, 0, 0, 0, 0, 1, 0x04, 0xd2, 0x15, 0xe0})
	if err != nil || v.String() != "1234.5" {
		t.Errorf("truncated: %s %v", v, err)
	}
	// A column's modifier rounds.
	rb := array.NewBuilder(memory.DefaultAllocator, NumericArrowType)
	if err := BinaryParserFor(T{Numeric, MakeNumericTypmod(6, 1)}, nil)(rb, want); err != nil {
		t.Fatal(err)
	}
	if got := printAll(t, TNumeric, rb.NewArray(), nil)[0]; got != "1234.6" {
		t.Errorf("rounded: %s", got)
	}
	b := array.NewBuilder(memory.DefaultAllocator, T{Numeric, MakeNumericTypmod(4, 1)}.Arrow())
	err = BinaryParserFor(T{Numeric, MakeNumericTypmod(4, 1)}, nil)(b, want)
	if pgerror.GetCode(err) != pgcode.NumericValueOutOfRange {
		t.Errorf("precision: %v", err)
	}
	if _, err := ParseNumericBinary([]byte{0, 1, 0, 0, 0x12, 0x34, 0, 0, 0, 1}); pgerror.GetCode(err) != pgcode.InvalidBinaryRepresentation {
		t.Errorf("bad sign: %v", err)
	}
	if _, err := ParseNumericBinary([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10}); pgerror.GetCode(err) != pgcode.InvalidBinaryRepresentation {
		t.Errorf("bad digit: %v", err)
	}
}

func TestBinaryLengthErrors(t *testing.T) {
	b := array.NewInt32Builder(memory.DefaultAllocator)
	if err := BinaryParserFor(TInt4, nil)(b, []byte{0, 1}); pgerror.GetCode(err) != pgcode.ProtocolViolation {
		t.Errorf("short: %v", err)
	}
	if err := BinaryParserFor(TInt4, nil)(b, []byte{0, 1, 2, 3, 4}); pgerror.GetCode(err) != pgcode.InvalidBinaryRepresentation {
		t.Errorf("long: %v", err)
	}
	tb := array.NewTime64Builder(memory.DefaultAllocator, &arrow.Time64Type{Unit: arrow.Microsecond})
	if err := BinaryParserFor(Of(Time), nil)(tb, be.AppendUint64(nil, uint64(usPerDay+1))); pgerror.GetCode(err) != pgcode.DatetimeValueOutOfRange {
		t.Errorf("time: %v", err)
	}
	vb := array.NewStringBuilder(memory.DefaultAllocator)
	if err := BinaryParserFor(T{Varchar, 6}, nil)(vb, []byte("abc")); pgerror.GetCode(err) != pgcode.StringDataRightTruncation {
		t.Errorf("varchar(2): %v", err)
	}
}

func sameValue(got, want any) bool {
	switch w := want.(type) {
	case float64:
		g := got.(float64)
		return g == w || (math.IsNaN(g) && math.IsNaN(w))
	case []byte:
		return string(got.([]byte)) == string(w)
	case pgtype.Numeric:
		g := got.(pgtype.Numeric)
		return numericRat(g).Cmp(numericRat(w)) == 0
	case pgtype.Date:
		g := got.(pgtype.Date)
		return g.Valid == w.Valid && g.InfinityModifier == w.InfinityModifier && g.Time.Equal(w.Time)
	case pgtype.Timestamp:
		g := got.(pgtype.Timestamp)
		return g.Valid == w.Valid && g.InfinityModifier == w.InfinityModifier && g.Time.Equal(w.Time)
	case pgtype.Timestamptz:
		g := got.(pgtype.Timestamptz)
		return g.Valid == w.Valid && g.InfinityModifier == w.InfinityModifier && g.Time.Equal(w.Time)
	}
	return got == want
}

func numericRat(n pgtype.Numeric) *big.Rat {
	r := new(big.Rat).SetInt(n.Int)
	e := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs32(n.Exp))), nil))
	if n.Exp >= 0 {
		return r.Mul(r, e)
	}
	return r.Quo(r, e)
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

// newLike returns a pointer to a new zero value of v's type.
func newLike(v any) reflect.Value { return reflect.New(reflect.TypeOf(v)) }

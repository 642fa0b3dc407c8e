package types

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestAgainstReference feeds the same text input to a real PostgreSQL and to this package's
// input and output functions and compares results and errors. It runs only when
// PGFAST_REFERENCE_DSN names a PostgreSQL 15 server, since the expected values elsewhere in
// these tests were taken from one.
func TestAgainstReference(t *testing.T) {
	dsn := os.Getenv("PGFAST_REFERENCE_DSN")
	if dsn == "" {
		t.Skip("PGFAST_REFERENCE_DSN not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	zones := []string{"UTC", "America/New_York", "Asia/Kolkata"}
	for _, zone := range zones {
		if _, err := conn.Exec(ctx, "SET TimeZone = '"+zone+"'"); err != nil {
			t.Fatal(err)
		}
		loc, err := LoadTimeZone(zone)
		if err != nil {
			t.Fatal(err)
		}
		settings := &IOSettings{TimeZone: loc, ExtraFloatDigits: 1}
		for _, c := range referenceInputs {
			if c.typ.OID == Date && zone != "UTC" {
				continue
			}
			want, wantErr := referenceEval(ctx, conn, c.sql, c.in)
			got, gotErr := roundTrip(c.typ, c.in, settings)
			if wantErr != nil || gotErr != nil {
				var pe *pgconn.PgError
				if wantErr == nil || gotErr == nil || !errors.As(wantErr, &pe) {
					t.Errorf("%s %s %q: postgres (%q, %v), ours (%q, %v)", zone, c.sql, c.in, want, wantErr, got, gotErr)
					continue
				}
				f := pgerror.Flatten(gotErr)
				if pe.Code != string(f.Code) || pe.Message != f.Message || pe.Detail != f.Detail || pe.Hint != f.Hint {
					t.Errorf("%s %s %q: postgres %s %q %q %q, ours %s %q %q %q", zone, c.sql, c.in, pe.Code, pe.Message, pe.Detail, pe.Hint, f.Code, f.Message, f.Detail, f.Hint)
				}
				continue
			}
			if c.typ == TNumeric {
				got, want = trimFraction(got), trimFraction(want)
			}
			if got != want {
				t.Errorf("%s %s %q: postgres %q, ours %q", zone, c.sql, c.in, want, got)
			}
		}
	}
}

// referenceEval returns the server's text output for in read as typ.
func referenceEval(ctx context.Context, conn *pgx.Conn, typ, in string) (string, error) {
	res := conn.PgConn().ExecParams(ctx, "SELECT $1::text::"+typ, [][]byte{[]byte(in)}, []uint32{25}, nil, nil).Read()
	if res.Err != nil {
		return "", res.Err
	}
	return string(res.Rows[0][0]), nil
}

func roundTrip(typ T, in string, s *IOSettings) (string, error) {
	b := array.NewBuilder(memory.DefaultAllocator, typ.Arrow())
	defer b.Release()
	if err := TextParserFor(typ, s)(b, []byte(in)); err != nil {
		return "", err
	}
	arr := b.NewArray()
	defer arr.Release()
	return string(TextAppender(typ, arr, s)(nil, 0)), nil
}

type refCase struct {
	sql string
	typ T
	in  string
}

var referenceInputs = func() []refCase {
	var out []refCase
	add := func(sql string, typ T, ins ...string) {
		for _, in := range ins {
			out = append(out, refCase{sql, typ, in})
		}
	}
	add("bool", TBool, "t", "f", "true", "FALSE", " yes ", "no", "on", "off", "1", "0", "tr", "o", "x", "", "of", "onn")
	add("int2", TInt2, "0", "-32768", "32767", "32768", " 12 ", "+5", "-", "1e3", "abc", "")
	add("int4", TInt4, "0", "-2147483648", "2147483647", "2147483648", "99999999999", "1.5", " -7\n", "--1")
	add("int8", TInt8, "9223372036854775807", "-9223372036854775808", "9223372036854775808", "12a")
	add("oid", TOid, "0", "4294967295", "4294967296", "-1", "-2147483648", "-2147483649", "x")
	add("float8", TFloat8, "0.1", "1e+20", "1e-05", "123456789012345", "1234567890123456",
		"1.2345678901234567e+16", "-0", "NaN", "Infinity", "-Infinity", "inf", "-inf", "nan", "1e15", "1e14",
		"0.0001", "0.00012345", "100", "1e22", "1e100", "5e-324", "1.7976931348623157e308", "12345678.9",
		"0.30000000000000004", "1e400", " 1e-400 ", "abc", "", " 3.5 ", "1_000", "4.9e-324", "2.5e-324")
	add("float4", TFloat4, "3.14", "1e6", "123456", "1234567", "0.0001", "1e-5", "16777216", "1.1",
		"3.4028235e38", "1e-45", "-0", "0.1", "1e39", "1e-50", "x", "NaN", "-Infinity")
	add("numeric", TNumeric, "0", "1", "-1.5", "0.1", "123.456", "1e10", "1.5e-3", " 42 ", ".5", "5.", "1.2.3", "abc", "", ".", "1e", "-0", "00012.3400")
	add("numeric(5,2)", T{Numeric, MakeNumericTypmod(5, 2)}, "123.456", "1234.5", "-0.005", "999.995", "999.994", "0", "-999.99", "1e2")
	add("numeric(2,2)", T{Numeric, MakeNumericTypmod(2, 2)}, "0.999", "0.99", "-0.995", "0.004")
	add("numeric(10,0)", T{Numeric, MakeNumericTypmod(10, 0)}, "2.5", "-2.5", "12345678901", "1234567890.4")
	add("varchar(3)", T{Varchar, 7}, "ab", "abc", "ab  ", "abc   ", "héé")
	add("text", TText, "", "hello", " spaced ", "héllo")
	add("bytea", Of(Bytea), "\\x", "\\x0102ff", "\\x01 02", "\\xZZ", "\\x123", "ab\\001", "\\q", "a\\\\b", "\\xAb")
	add("date", TDate, "2024-01-05", "20240105", "January 5, 2024", "1/5/2024", "1/5/24", "epoch",
		"infinity", "-infinity", "2024-13-01", "2024-02-30", "2024-02-29", "2023-02-29", "13/5/2024",
		"Friday, January 5, 2024", "5 Jan 2024", "Jan-05-2024", "05-Jan-2024", "2024-Jan-05", "2024-01-05 10:11:12+05",
		"abc", "", "0044-03-15 BC", "0 BC", "4713-11-24 BC", "4714-11-23 BC", "5874897-12-31", "5874898-01-01",
		"2024.01.05", "99-12-31", "1/5", "2024-01-05T10:11", "Jan 5", "1999-366", "24-01-05", "J2451545")
	add("timestamp", TTimestamp, "2024-01-05 10:11:12.123456", "2024-01-05T10:11:12", "2024-01-05 10:11",
		"2024-01-05 10:11:12+05", "2024-01-05 25:00", "2024-01-05 24:00", "2024-01-05 23:59:60",
		"2024-01-05 10:11:12.1234567", "epoch", "infinity", "-infinity", "2024-01-05", "January 5 2024 10:00 pm",
		"2024-01-05 12:00 am", "2024-01-05 13:00 pm", "20240105 101112", "20240105T101112", "2024-01-05 10:11:12 BC",
		"294246-12-31 23:59:59", "4714-11-24 00:00 BC", "10:11", "abc", "2024-01-05 10:11:12.5 foo",
		"2024-01-05 10:11:12 America/New_York", "Fri Jan 05 10:11:12 2024", "2024-01-05 10:11:12Z", "1999-01-08 04:05:06 -8:00")
	add("timestamptz", TTimestamptz, "2024-01-05 10:11:12.5+05:30", "2024-01-05 10:11:12", "2024-03-10 02:30",
		"2024-11-03 01:30", "1800-01-01", "0044-03-15 10:00 BC", "2024-01-05 10:11:12 PST", "2024-01-05 10:11:12 America/New_York",
		"2024-01-05 10:11:12 Asia/Kolkata", "2024-01-05 10:11:12 europe/paris", "2024-01-05 10:11:12 Foo/Bar",
		"2024-01-05 10:11:12 -0800", "2024-01-05 10:11:12+16", "2024-01-05 10:11:12+05:61", "2024-01-05T10:11:12Z",
		"2024-01-05 10:11:12 UTC", "2024-01-05 10:11:12 EST", "2024-07-05 10:11:12 EDT", "epoch", "infinity",
		"2024-01-05 10:11:12 +05 ", "Jan 5 2024 10:11:12.999999 GMT", "2024-01-05 10:11:12.5 foo")
	add("time", Of(Time), "10:11:12", "24:00", "24:00:01", "10:11 pm", "10:11:12.123456", "101112", "1011",
		"allballs", "2024-01-05 10:11:12", "10:11:12+05", "25:00", "abc", "12:00 am", "10", "10:60", "T10:11:12")
	add("interval", TInterval, "1 day", "2 hours 3 minutes", "01:02:03", "1 year 2 mons", "P1D", "-1 day",
		"1.5 days", "1 day -1 second", "1-2", "@ 1 day ago", "abc", "1.5 years", "1000000000 years", "0",
		"1 week", "3 mons 2 days 04:05:06.5", "-01:02:03", "1 day 2 days", "P1Y2M3DT4H5M6S", "PT1.5S", "P1.5M",
		"1 millisecond", "1 microsecond", "2 decades", "1 century", "1 millennium", "1000000 hours", "-1 year -2 mons +3 days",
		"1 day 01:00", "10", "1.5", "1:2", "02:03.5", "1 hour 1 hour", "5 ago", "", "1 days ago", "+1 day", "1 d 2 h 3 m 4 s",
		"-1 days +02:03:04", "2147483648 days", "1 year 2147483647 months", "1 mon -1 day")
	add("int4[]", Of(Int4Array), "{1,2,3}", "{}", "{ }", "{{1,2},{3,4}}", "[0:2]={1,2,3}", "[1:2][3:4]={{1,2},{3,4}}",
		"{1,NULL,3}", "{null}", "{{1},{{2}}}", "{{{1}},{2}}", "{1,{2}}", "{{1},2}", "{{1,2},{3}}", "{{1},{2,3}}",
		"  {1, 2 , 3}  ", "[1:2]{1,2}", "[1:3]={1,2}", "[a:2]={1,2}", "[1:]={1,2}", "[1:2={1,2}", "[1:2]=x", "x",
		"{1,2", "{1,2}x", "{{{{{{{1}}}}}}}", "[1][1][1][1][1][1][1]={1}", "{1,a}", "{1,,2}", "{,}", "{1}}", "}",
		"[2147483647:2147483647]={1}", "[99999999999:99999999999]={1}", "[1:0]={}", `{"1"}`, "", "[5]={1,2,3,4,5}",
		"[-2147483648:-2147483647]={1,2}", "[1:2] = {1,2}", "{{},{}}", "{}}", "{ }}", "{{1,2},{3,4}} ", "[0:0]={7}")
	add("text[]", Of(TextArray), `{"a b","",NULL,"NULL","x\"y","\\"}`, `{a b , c }`, `{"a"  ,  b\ }`, `{{"1 2" x},{3}}`,
		`{"a}`, `{a\`, `{{1,2},\{2,3}}`, `{ { "," } , { 3 } }`, `  {   {  "  0 second  "   ,  0 second  }   }`,
		"{{{1,2,3,4},{2,3,4,5}},{{3,4,5,6},{4,5,6,7}}}", `{"\\\"", {}`, "{null,NULL,Null,\"null\",\\null}",
		"{{a},{b}}", "{a{b}", "{\"{\"}", "{x\"y\"}", "{\\a b}")
	add("interval[]", Of(IntervalArray), "{0 second  ,0 second}", "{\n 0 second,\n @ 1 hour @ 42 minutes @ 20 seconds\n }")
	add("float8[]", Of(Float8Array), "[0:1]={1.1,2.2}", "{1e400}", "{NaN,-0,Infinity}")
	add("bool[]", Of(BoolArray), "{t,f,NULL}", "{yes}")
	add("numeric[]", Of(NumericArray), "{1.50, 2}", "{NaN}")
	add("date[]", Of(DateArray), "{2024-01-05,infinity}")
	add("bytea[]", Of(ByteaArray), `{"\\x01ff",NULL}`)
	add(`"char"[]`, Of(CharArray), "{a,b,\"\"}")
	add("int2vector", Of(Int2Vector), "1 2 3", "", " 4  5 ", "1 x", "40000")
	add("oidvector", Of(OidVector), "23 25")
	return out
}()

// trimFraction drops trailing fractional zeros: unconstrained numerics keep their input's
// scale in PostgreSQL but a fixed one here.
func trimFraction(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

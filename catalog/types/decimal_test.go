package types

import (
	"math"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func dec(t *testing.T, s string, scale int32) decimal128.Num {
	t.Helper()
	v, err := ParseDecimal(s, scale)
	if err != nil {
		t.Fatalf("ParseDecimal(%q, %d): %v", s, scale, err)
	}
	return v
}

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in    string
		scale int32
		want  string
	}{
		{"1.005", 2, "1.01"}, {"-1.005", 2, "-1.01"}, {"1.004999", 2, "1.00"}, {"0.5", 0, "1"}, {"-0.5", 0, "-1"},
		{"2.5", 0, "3"}, {"1e3", 1, "1000.0"}, {"1.5E-2", 3, "0.015"}, {" +7 ", 0, "7"}, {".5", 1, "0.5"},
		{"5.", 1, "5.0"}, {"-0", 2, "0.00"}, {"123456789012345678901234567890.12345678", 8, "123456789012345678901234567890.12345678"},
		{"0.000000000000000000000000000000000000000000001", 2, "0.00"},
		{"1234567890123456789012345678901234567890e-10", 2, "123456789012345678901234567890.12"},
		{"12345678901234567890123456789012345678.5", 0, "12345678901234567890123456789012345679"},
		{"1e-1000", 0, "0"}, {"12", -1, "10"},
	}
	for _, c := range cases {
		v, err := ParseDecimal(c.in, c.scale)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := DecimalToString(v, c.scale); got != c.want {
			t.Errorf("%q at %d: got %s, want %s", c.in, c.scale, got, c.want)
		}
	}
	for _, bad := range []string{"", " ", ".", "1.2.3", "abc", "1e", "1e+", "--1", "1 2", "1e1001", "0x10"} {
		if _, err := ParseDecimal(bad, 2); pgerror.GetCode(err) != pgcode.InvalidTextRepresentation {
			t.Errorf("%q: got %v, want 22P02", bad, err)
		}
	}
	for _, big := range []string{"1e38", "99999999999999999999999999999999999999.5", "1e37"} {
		if _, err := ParseDecimal(big, 1); pgerror.GetCode(err) != pgcode.NumericValueOutOfRange {
			t.Errorf("%q: got %v, want 22003", big, err)
		}
	}
}

func TestRescaleAndCompare(t *testing.T) {
	v := dec(t, "1234.5678901234567890", 16)
	cases := []struct {
		to   int32
		want string
	}{{2, "1234.57"}, {0, "1235"}, {4, "1234.5679"}, {20, "1234.56789012345678900000"}, {-2, "1200"}}
	for _, c := range cases {
		r, ok := RescaleDecimal(v, 16, c.to)
		if !ok || DecimalToString(r, c.to) != c.want {
			t.Errorf("rescale to %d: %s %v, want %s", c.to, DecimalToString(r, c.to), ok, c.want)
		}
	}
	if _, ok := RescaleDecimal(dec(t, "1e20", 0), 0, 20); ok {
		t.Error("rescale past 38 digits succeeded")
	}
	neg, _ := RescaleDecimal(dec(t, "-2.5", 1), 1, 0)
	if DecimalToString(neg, 0) != "-3" {
		t.Errorf("-2.5 rounds to %s", DecimalToString(neg, 0))
	}
	cmp := []struct {
		a      string
		as     int32
		b      string
		bs     int32
		result int
	}{
		{"1.5", 1, "1.50", 2, 0}, {"1.5", 1, "1.51", 2, -1}, {"-1.5", 1, "-1.51", 2, 1}, {"-1", 0, "1", 0, -1},
		{"0", 0, "-0.00", 2, 0}, {"99999999999999999999999999999999999999", 0, "1", 30, 1},
		{"-99999999999999999999999999999999999999", 0, "-1", 30, -1}, {"1", 30, "99999999999999999999999999999999999999", 0, -1},
	}
	for _, c := range cmp {
		if got := CompareDecimal(dec(t, c.a, c.as), c.as, dec(t, c.b, c.bs), c.bs); got != c.result {
			t.Errorf("compare %s, %s: %d, want %d", c.a, c.b, got, c.result)
		}
	}
}

func TestDecimalConversions(t *testing.T) {
	for _, c := range []struct {
		s     string
		scale int32
		want  int64
		ok    bool
	}{
		{"2.5", 1, 3, true}, {"-2.5", 1, -3, true}, {"2.4999", 4, 2, true}, {"9223372036854775807", 0, math.MaxInt64, true},
		{"9223372036854775807.5", 1, 0, false}, {"-9223372036854775808", 0, math.MinInt64, true}, {"-9223372036854775808.5", 1, 0, false},
	} {
		got, ok := DecimalToInt64(dec(t, c.s, c.scale), c.scale)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("DecimalToInt64(%s): %d %v", c.s, got, ok)
		}
	}
	for _, c := range []struct {
		v     int64
		scale int32
		want  string
	}{{math.MinInt64, 2, "-9223372036854775808.00"}, {-7, 0, "-7"}, {15, -1, "20"}} {
		d, ok := DecimalFromInt64(c.v, c.scale)
		if !ok || DecimalToString(d, c.scale) != c.want {
			t.Errorf("DecimalFromInt64(%d, %d): %s", c.v, c.scale, DecimalToString(d, c.scale))
		}
	}
	if _, ok := DecimalFromInt64(math.MaxInt64, 20); ok {
		t.Error("DecimalFromInt64 overflow not reported")
	}
	// PostgreSQL converts float8 through 15 significant digits and float4 through 6.
	for _, c := range []struct {
		f     float64
		is4   bool
		scale int32
		want  string
	}{
		{1.0 / 3, false, 16, "0.3333333333333330"}, {1.5, false, 0, "2"}, {0.1, false, 2, "0.10"},
		{float64(float32(1234567.891)), true, 0, "1234570"}, {1e20, false, 2, "100000000000000000000.00"},
	} {
		var d decimal128.Num
		var err error
		if c.is4 {
			d, err = DecimalFromFloat32(float32(c.f), c.scale)
		} else {
			d, err = DecimalFromFloat64(c.f, c.scale)
		}
		if err != nil || DecimalToString(d, c.scale) != c.want {
			t.Errorf("from float %v: %s %v, want %s", c.f, DecimalToString(d, c.scale), err, c.want)
		}
	}
	if _, err := DecimalFromFloat64(math.NaN(), 2); pgerror.GetCode(err) != pgcode.FeatureNotSupported {
		t.Errorf("NaN: %v", err)
	}
	for _, c := range []struct {
		s     string
		scale int32
		want  float64
	}{{"0.1", 1, 0.1}, {"1e-20", 25, 1e-20}, {"-123456789012345678901234.5", 1, -1.2345678901234568e+23}, {"30", -1, 30}} {
		if got := DecimalToFloat64(dec(t, c.s, c.scale), c.scale); got != c.want {
			t.Errorf("to float %s: %v, want %v", c.s, got, c.want)
		}
	}
}

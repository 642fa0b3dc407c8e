package types

import (
	"math"
	"math/big"
	"math/rand"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func mustNum(t *testing.T, s string) Num {
	t.Helper()
	v, err := ParseNumericText(s)
	if err != nil {
		t.Fatalf("ParseNumericText(%q): %v", s, err)
	}
	return v
}

// Expected values below were produced by PostgreSQL 15.

func TestNumericInput(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  3.50 ", "3.50"}, {"1e5", "100000"}, {"1.5e-3", "0.0015"}, {"-0", "0"},
		{"-0.000", "0.000"}, {".5", "0.5"}, {"5.", "5"}, {"0001.2300", "1.2300"},
		{"12345678901234567890.123456789", "12345678901234567890.123456789"},
		{"1E+2", "100"}, {"-1.2e1", "-12"}, {"+7.0", "7.0"},
		{"99999999999999999999999999999999999", "99999999999999999999999999999999999"},
		// Beyond 35 digits fractional digits are rounded away to fit.
		{"0.123456789012345678901234567890123456789", "0.12345678901234567890123456789012346"},
		{"1e-100", "0." + zeros(99) + "1"},
	}
	for _, c := range cases {
		v, err := ParseNumericText(c.in)
		if err != nil || v.String() != c.want {
			t.Errorf("%q: got %s %v, want %s", c.in, v, err, c.want)
		}
	}
	for _, bad := range []string{"", " ", "1.2.3", "abc", "1e", "--1", "1e1001", "."} {
		if _, err := ParseNumericText(bad); pgerror.GetCode(err) != pgcode.InvalidTextRepresentation {
			t.Errorf("%q: %v, want 22P02", bad, err)
		}
	}
	for _, big := range []string{"1e35", "123456789012345678901234567890123456"} {
		if _, err := ParseNumericText(big); pgerror.GetCode(err) != pgcode.NumericValueOutOfRange {
			t.Errorf("%q: %v, want 22003", big, err)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestNumericArithmetic(t *testing.T) {
	cases := []struct{ x, y, add, sub, mul, div, mod string }{
		{"1", "3", "4", "-2", "3", "0.33333333333333333333", "1"},
		{"2", "3", "5", "-1", "6", "0.66666666666666666667", "2"},
		{"1.5", "2", "3.5", "-0.5", "3.0", "0.75000000000000000000", "1.5"},
		{"10", "4", "14", "6", "40", "2.5000000000000000", "2"},
		{"2.50", "2", "4.50", "0.50", "5.00", "1.25000000000000000000", "0.50"},
		{"-7.25", "0.5", "-6.75", "-7.75", "-3.625", "-14.5000000000000000", "-0.25"},
		{"0.001", "7", "7.001", "-6.999", "0.007", "0.00014285714285714286", "0.001"},
		{"123456789.123", "0.0001", "123456789.1231", "123456789.1229", "12345.6789123", "1234567891230.00000000", "0.0000"},
		{"1e10", "3", "10000000003", "9999999997", "30000000000", "3333333333.33333333", "1"},
		{"0.00", "5", "5.00", "-5.00", "0.00", "0.00000000000000000000", "0.00"},
		{"-1", "-3", "-4", "2", "3", "0.33333333333333333333", "-1"},
		{"99999", "0.001", "99999.001", "99998.999", "99.999", "99999000.000000000000", "0.000"},
		{"1.25", "1.25", "2.50", "0.00", "1.5625", "1.00000000000000000000", "0.00"},
		{"1234.5678", "-0.03", "1234.5378", "1234.5978", "-37.037034", "-41152.260000000000", "0.0078"},
		{"0.000001", "3000000", "3000000.000001", "-2999999.999999", "3.000000", "0.00000000000033333333333333333333", "0.000001"},
		{"7", "7", "14", "0", "49", "1.00000000000000000000", "0"},
		{"9999", "10000", "19999", "-1", "99990000", "0.99990000000000000000", "9999"},
		{"1", "9999", "10000", "-9998", "9999", "0.00010001000100010001", "1"},
		{"100", "0.1", "100.1", "99.9", "10.0", "1000.0000000000000000", "0.0"},
	}
	for _, c := range cases {
		x, y := mustNum(t, c.x), mustNum(t, c.y)
		check := func(op, want string, r Num, ok bool) {
			if !ok || r.String() != want {
				t.Errorf("%s %s %s = %s (ok %v), want %s", c.x, op, c.y, r, ok, want)
			}
		}
		r, ok := NumericAdd(x, y)
		check("+", c.add, r, ok)
		r, ok = NumericSub(x, y)
		check("-", c.sub, r, ok)
		r, ok = NumericMul(x, y)
		check("*", c.mul, r, ok)
		r, ok = NumericDiv(x, y)
		check("/", c.div, r, ok)
		r, ok = NumericMod(x, y)
		check("%", c.mod, r, ok)
	}
	if _, ok := NumericDiv(mustNum(t, "1"), mustNum(t, "0.00")); ok {
		t.Error("division by zero not reported")
	}
	if _, ok := NumericMul(mustNum(t, "1e20"), mustNum(t, "1e20")); ok {
		t.Error("product beyond 35 integer digits not reported")
	}
	// Products too wide for 35 digits keep as many fractional digits as fit.
	r, ok := NumericMul(mustNum(t, "1.0000000000000000001"), mustNum(t, "1.0000000000000000001"))
	if !ok || r.String() != "1.0000000000000000002000000000000000" {
		t.Errorf("wide product: %s %v", r, ok)
	}
}

func TestNumericRound(t *testing.T) {
	cases := []struct {
		x                      string
		n                      int32
		round, trunc, ceil, fl string
	}{
		{"1.5", 0, "2", "1", "2", "1"},
		{"2.345", 2, "2.35", "2.34", "3", "2"},
		{"-2.345", 2, "-2.35", "-2.34", "-2", "-3"},
		{"123.45", -1, "120", "120", "124", "123"},
		{"1.5", 3, "1.500", "1.500", "2", "1"},
		{"-0.5", 0, "-1", "0", "0", "-1"},
		{"0.0049", 2, "0.00", "0.00", "1", "0"},
		{"99.995", 2, "100.00", "99.99", "100", "99"},
		{"-99.5", -2, "-100", "0", "-99", "-100"},
		{"0.00", 1, "0.0", "0.0", "0", "0"},
	}
	for _, c := range cases {
		x := mustNum(t, c.x)
		for _, k := range []struct {
			mode   RoundMode
			digits int32
			want   string
		}{{RoundHalfAway, c.n, c.round}, {RoundTrunc, c.n, c.trunc}, {RoundCeil, 0, c.ceil}, {RoundFloor, 0, c.fl}} {
			r, ok := NumericRound(x, k.digits, k.mode)
			if !ok || r.String() != k.want {
				t.Errorf("round(%s, %d, mode %d) = %s, want %s", c.x, k.digits, k.mode, r, k.want)
			}
		}
	}
}

func TestNumericCompareNormalize(t *testing.T) {
	cases := []struct {
		a, b string
		c    int
	}{
		{"1.5", "1.50", 0}, {"0", "0.000", 0}, {"-0.5", "0.5", -1}, {"2", "1.999", 1},
		{"-2", "-1.999", -1}, {"1e30", "0.00000000000000000000001", 1}, {"-1e30", "1e-20", -1},
		{"12.34", "12.340000001", -1},
	}
	for _, c := range cases {
		a, b := mustNum(t, c.a), mustNum(t, c.b)
		if got := CompareNumeric(a, b); got != c.c {
			t.Errorf("compare(%s, %s) = %d, want %d", c.a, c.b, got, c.c)
		}
		if got := CompareNumeric(b, a); got != -c.c {
			t.Errorf("compare(%s, %s) = %d, want %d", c.b, c.a, got, -c.c)
		}
		if (a.Normalize() == b.Normalize()) != (c.c == 0) {
			t.Errorf("normalize %s (%v) vs %s (%v)", c.a, a.Normalize(), c.b, b.Normalize())
		}
	}
	if got := mustNum(t, "-12.3400").Normalize().String(); got != "-12.34" {
		t.Errorf("normalize: %s", got)
	}
}

func TestNumericFloatConversions(t *testing.T) {
	cases := []struct {
		f      float64
		f8, f4 string
	}{
		{0.1, "0.1", "0.1"}, {1.5, "1.5", "1.5"}, {1e20, "100000000000000000000", "100000000000000000000"},
		{123456.7, "123456.7", "123457"}, {0.30000000000000004, "0.3", "0.3"},
		{1.23456789012345678e-5, "0.0000123456789012346", "0.0000123457"},
		{-2.5e-10, "-0.00000000025", "-0.00000000025"}, {3.14159265358979, "3.14159265358979", "3.14159"},
		{100, "100", "100"},
	}
	for _, c := range cases {
		n8, err := NumericFromFloat64(c.f)
		if err != nil || n8.String() != c.f8 {
			t.Errorf("float8 %v -> %s %v, want %s", c.f, n8, err, c.f8)
		}
		n4, err := NumericFromFloat32(float32(c.f))
		if err != nil || n4.String() != c.f4 {
			t.Errorf("float4 %v -> %s %v, want %s", c.f, n4, err, c.f4)
		}
	}
	for _, s := range []string{"0.1", "-2.5", "123456789.123456789", "1e-30", "0"} {
		want, _ := new(big.Float).SetPrec(200).SetString(s)
		w, _ := want.Float64()
		if got := mustNum(t, s).Float64(); got != w {
			t.Errorf("%s -> %v, want %v", s, got, w)
		}
	}
	ints := []struct {
		s    string
		want int64
		ok   bool
	}{{"2.5", 3, true}, {"-2.5", -3, true}, {"2.4999", 2, true}, {"9223372036854775807", math.MaxInt64, true}, {"9223372036854775807.5", 0, false}, {"-9223372036854775808", math.MinInt64, true}}
	for _, c := range ints {
		got, ok := mustNum(t, c.s).Int64()
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("%s -> %d %v", c.s, got, ok)
		}
	}
}

func TestNumericTypmod(t *testing.T) {
	cases := []struct {
		in     string
		p, s   int32
		want   string
		detail string
	}{
		{"123.456", 5, 2, "123.46", ""}, {"0.125", 4, 2, "0.13", ""}, {"-0.125", 4, 2, "-0.13", ""},
		{"7", 5, 2, "7.00", ""}, {"12.5", 2, -1, "10", ""},
		{"999.995", 5, 2, "", "A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
		{"1", 3, 3, "", "A field with precision 3, scale 3 must round to an absolute value less than 1."},
		{"0.0001", 3, 3, "0.000", ""},
	}
	for _, c := range cases {
		v, err := NumericApplyTypmod(mustNum(t, c.in), MakeNumericTypmod(c.p, c.s))
		if c.detail != "" {
			if f := pgerror.Flatten(err); err == nil || f.Message != "numeric field overflow" || f.Detail != c.detail {
				t.Errorf("%s::numeric(%d,%d): %v", c.in, c.p, c.s, err)
			}
			continue
		}
		if err != nil || v.String() != c.want {
			t.Errorf("%s::numeric(%d,%d) = %s %v, want %s", c.in, c.p, c.s, v, err, c.want)
		}
	}
}

func TestNumericSum(t *testing.T) {
	var s NumericSum
	for _, x := range []string{"1", "2.5", "6.00", "-0.125"} {
		s.Add(mustNum(t, x))
	}
	if r, ok := s.Result(); !ok || r.String() != "9.375" {
		t.Errorf("sum = %s", r)
	}
	// Exceeding 127 bits moves to a wide accumulator and back.
	var w NumericSum
	big := mustNum(t, "99999999999999999999999999999999999")
	for i := 0; i < 3000; i++ {
		w.Add(big)
	}
	for i := 0; i < 3000; i++ {
		w.Add(big.Neg())
	}
	w.AddInt64(-5)
	if r, ok := w.Result(); !ok || r.String() != "-5" {
		t.Errorf("wide sum = %s %v", r, ok)
	}
	var m NumericSum
	m.AddInt64(7)
	m.Merge(&s)
	if r, _ := m.Result(); r.String() != "16.375" {
		t.Errorf("merged = %s", r)
	}
}

// TestNumericSumMerge checks that merging partial sums gives what adding every value to
// one sum gives, display scale included.
func TestNumericSumMerge(t *testing.T) {
	cases := []struct {
		parts [][]string
		want  string
	}{
		{[][]string{{}, {"2.50", "1.25"}}, "3.75"},
		{[][]string{{"0.00"}, {"5"}}, "5.00"},
		{[][]string{{"1"}, {"0.001"}, {}}, "1.001"},
		{[][]string{{"-7.5"}, {"7.5"}, {"0.00"}}, "0.00"},
		{[][]string{{}, {}}, "0"},
		{[][]string{{}, {"9999999999999999999999999999", "9999999999999999999999999999"}, {"-1.5"}},
			"19999999999999999999999999996.5"},
	}
	for _, c := range cases {
		var merged NumericSum
		for _, part := range c.parts {
			var p NumericSum
			for _, x := range part {
				p.Add(mustNum(t, x))
			}
			merged.Merge(&p)
		}
		if r, ok := merged.Result(); !ok || r.String() != c.want {
			t.Errorf("%v: merged = %s, want %s", c.parts, r, c.want)
		}
	}
}

// BenchmarkNumericSumMergeIntoEmpty merges a sum of scale 2 into an empty one, as parallel
// aggregation merges every group of a worker's table.
func BenchmarkNumericSumMergeIntoEmpty(b *testing.B) {
	n, err := ParseNumericText("12.34")
	if err != nil {
		b.Fatal(err)
	}
	var part NumericSum
	part.Add(n)
	for i := 0; i < b.N; i++ {
		var empty NumericSum
		empty.Merge(&part)
	}
}

// TestNumericAgainstBig checks the arithmetic against math/big on random operands.
func TestNumericAgainstBig(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	randNum := func() Num {
		digits := rng.Intn(30) + 1
		var b []byte
		for i := 0; i < digits; i++ {
			b = append(b, byte('0'+rng.Intn(10)))
		}
		neg := rng.Intn(2) == 0
		v, ok := fromDigits(neg, b, 0, rng.Intn(min(digits, 20)+1), false)
		if !ok {
			t.Fatal("fromDigits")
		}
		// Reinterpret as digits * 10^-scale.
		_, m, _ := v.parts()
		return makeNumeric(neg && !m.isZero(), m, int32(rng.Intn(25)))
	}
	toRat := func(n Num) *big.Rat {
		r, _ := new(big.Rat).SetString(n.String())
		return r
	}
	for i := 0; i < 20000; i++ {
		a, b := randNum(), randNum()
		if b.IsZero() {
			continue
		}
		if q, ok := NumericDiv(a, b); ok {
			exact := new(big.Rat).Quo(toRat(a), toRat(b))
			diff := new(big.Rat).Sub(exact, toRat(q))
			diff.Abs(diff)
			ulp := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(q.Scale())), nil))
			half := new(big.Rat).Quo(ulp, big.NewRat(2, 1))
			if diff.Cmp(half) > 0 {
				t.Fatalf("%s / %s = %s, exact %s", a, b, q, exact.FloatString(40))
			}
		}
		if s, ok := NumericAdd(a, b); ok {
			if want := new(big.Rat).Add(toRat(a), toRat(b)); want.Cmp(toRat(s)) != 0 && s.Scale() == max(a.Scale(), b.Scale()) {
				t.Fatalf("%s + %s = %s", a, b, s)
			}
		}
		if p, ok := NumericMul(a, b); ok && p.Scale() == a.Scale()+b.Scale() {
			if want := new(big.Rat).Mul(toRat(a), toRat(b)); want.Cmp(toRat(p)) != 0 {
				t.Fatalf("%s * %s = %s", a, b, p)
			}
		}
		if r, ok := NumericMod(a, b); ok {
			ra, rb := toRat(a), toRat(b)
			q := new(big.Rat).Quo(ra, rb)
			tq := new(big.Int).Quo(q.Num(), q.Denom())
			want := new(big.Rat).Sub(ra, new(big.Rat).Mul(rb, new(big.Rat).SetInt(tq)))
			if want.Cmp(toRat(r)) != 0 {
				t.Fatalf("%s %% %s = %s, want %s", a, b, r, want.FloatString(30))
			}
		}
		if c := CompareNumeric(a, b); c != toRat(a).Cmp(toRat(b)) {
			t.Fatalf("compare %s %s = %d", a, b, c)
		}
	}
}

func TestDivmod256(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	toBig := func(x u256) *big.Int {
		r := new(big.Int)
		for i := 3; i >= 0; i-- {
			r.Lsh(r, 64)
			r.Or(r, new(big.Int).SetUint64(x[i]))
		}
		return r
	}
	for i := 0; i < 20000; i++ {
		var u, v u256
		nu, nv := rng.Intn(4)+1, rng.Intn(4)+1
		for k := 0; k < nu; k++ {
			u[k] = rng.Uint64()
		}
		for k := 0; k < nv; k++ {
			v[k] = rng.Uint64() >> uint(rng.Intn(64))
		}
		if v.isZero() {
			continue
		}
		q, r := divmod256(u, v)
		wq, wr := new(big.Int).QuoRem(toBig(u), toBig(v), new(big.Int))
		if toBig(q).Cmp(wq) != 0 || toBig(r).Cmp(wr) != 0 {
			t.Fatalf("%v / %v = %v r %v, want %v r %v", toBig(u), toBig(v), toBig(q), toBig(r), wq, wr)
		}
	}
}

func TestNumericBinaryRoundTrip(t *testing.T) {
	for _, s := range []string{"0", "0.00", "1", "-1.5", "1234.5678", "0.0001", "10000", "12345678901234567890.123456789", "-0.00000000000000000001", "99999999999999999999999999999999999"} {
		v := mustNum(t, s)
		got, err := ParseNumericBinary(AppendNumericBinary(nil, v))
		if err != nil || got != v {
			t.Errorf("%s: round trip %s %v", s, got, err)
		}
	}
}

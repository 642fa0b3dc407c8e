package types

import (
	"math"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func TestNumericSpecialText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"NaN", "NaN"}, {" nan ", "NaN"}, {"Infinity", "Infinity"}, {"+inf", "Infinity"},
		{"-Infinity", "-Infinity"}, {" -INF ", "-Infinity"}, {"iNfInItY", "Infinity"},
	} {
		if got := mustNum(t, c.in).String(); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"+nan", "-nan", "infinit", "infx", "in"} {
		if _, err := ParseNumericText(bad); pgerror.GetCode(err) != pgcode.InvalidTextRepresentation {
			t.Errorf("%q: %v, want 22P02", bad, err)
		}
	}
}

func TestNumericSpecialCompare(t *testing.T) {
	// Ascending, as PostgreSQL sorts numeric.
	order := []string{"-Infinity", "-1e30", "-0.5", "0", "0.00", "2.5", "1e34", "Infinity", "NaN"}
	for i, a := range order {
		for j, b := range order {
			want := cmpSign(i, j)
			if (a == "0" && b == "0.00") || (a == "0.00" && b == "0") {
				want = 0
			}
			if got := CompareNumeric(mustNum(t, a), mustNum(t, b)); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	for _, s := range []string{"NaN", "Infinity", "-Infinity"} {
		n := mustNum(t, s)
		if n.Normalize() != n || n.IsZero() {
			t.Errorf("%s: Normalize %v IsZero %v", s, n.Normalize(), n.IsZero())
		}
	}
}

func TestNumericSpecialArith(t *testing.T) {
	type op func(a, b Num) (Num, bool)
	ops := map[string]op{"+": NumericAdd, "-": NumericSub, "*": NumericMul, "/": NumericDiv, "%": NumericMod}
	for _, c := range []struct{ a, op, b, want string }{
		{"NaN", "+", "1", "NaN"}, {"Infinity", "+", "-Infinity", "NaN"}, {"Infinity", "+", "Infinity", "Infinity"},
		{"-Infinity", "+", "5", "-Infinity"}, {"5", "+", "-Infinity", "-Infinity"},
		{"Infinity", "-", "Infinity", "NaN"}, {"1", "-", "Infinity", "-Infinity"}, {"-Infinity", "-", "Infinity", "-Infinity"},
		{"Infinity", "*", "0", "NaN"}, {"Infinity", "*", "-2", "-Infinity"}, {"-Infinity", "*", "-Infinity", "Infinity"},
		{"NaN", "*", "0", "NaN"},
		{"Infinity", "/", "Infinity", "NaN"}, {"1", "/", "Infinity", "0"}, {"-Infinity", "/", "3", "-Infinity"},
		{"Infinity", "/", "-0.5", "-Infinity"}, {"NaN", "/", "0", "NaN"},
		{"Infinity", "%", "3", "NaN"}, {"7.5", "%", "-Infinity", "7.5"}, {"NaN", "%", "0", "NaN"},
	} {
		got, ok := ops[c.op](mustNum(t, c.a), mustNum(t, c.b))
		if !ok || got.String() != c.want {
			t.Errorf("%s %s %s = %s %v, want %s", c.a, c.op, c.b, got, ok, c.want)
		}
	}
	// An infinite dividend over zero is still division by zero (ok false).
	for _, o := range []op{NumericDiv, NumericMod} {
		if _, ok := o(NumericPosInf, Num{}); ok {
			t.Errorf("Infinity / 0 succeeded")
		}
	}
	for _, s := range []string{"NaN", "Infinity", "-Infinity"} {
		for _, m := range []RoundMode{RoundHalfAway, RoundTrunc, RoundFloor, RoundCeil} {
			if r, ok := NumericRound(mustNum(t, s), 2, m); !ok || r.String() != s {
				t.Errorf("round(%s) = %s", s, r)
			}
		}
	}
	if NumericNegInf.Abs() != NumericPosInf || NumericNegInf.Neg() != NumericPosInf || NumericNaN.Neg() != NumericNaN {
		t.Errorf("abs/neg of specials")
	}
	for in, want := range map[string]string{"NaN": "NaN", "-Infinity": "-1", "Infinity": "1", "-0.0": "0"} {
		if got := NumericSignValue(mustNum(t, in)).String(); got != want {
			t.Errorf("sign(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestNumericSpecialConversions(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{{math.NaN(), "NaN"}, {math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"}} {
		n, err := NumericFromFloat64(c.f)
		if err != nil || n.String() != c.want {
			t.Errorf("%v -> %s %v", c.f, n, err)
		}
		back := n.Float64()
		if !(back == c.f || math.IsNaN(back) && math.IsNaN(c.f)) {
			t.Errorf("%s -> float8 %v", c.want, back)
		}
		if _, ok := n.Int64(); ok {
			t.Errorf("%s -> int64 succeeded", c.want)
		}
		// The binary format round-trips with PostgreSQL's sign words.
		bin := AppendNumericBinary(nil, n)
		if r, err := ParseNumericBinary(bin); err != nil || r != n {
			t.Errorf("%s binary: %x -> %s %v", c.want, bin, r, err)
		}
	}
	if got := AppendNumericBinary(nil, NumericNegInf); string(got) != "\x00\x00\x00\x00\xf0\x00\x00\x00" {
		t.Errorf("-Infinity binary %x", got)
	}
	if err := NumericToIntError(NumericPosInf, "integer"); pgerror.GetCode(err) != pgcode.FeatureNotSupported ||
		err.Error() != "cannot convert infinity to integer" {
		t.Errorf("Inf to int: %v", err)
	}
	if _, err := NumericApplyTypmod(NumericPosInf, MakeNumericTypmod(5, 2)); pgerror.GetCode(err) != pgcode.NumericValueOutOfRange {
		t.Errorf("Inf into numeric(5,2): %v", err)
	}
	if v, err := NumericApplyTypmod(NumericNaN, MakeNumericTypmod(5, 2)); err != nil || !v.IsNaN() {
		t.Errorf("NaN into numeric(5,2): %v %v", v, err)
	}
}

func TestNumericSpecialSum(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"1", "Infinity", "2.5"}, "Infinity"},
		{[]string{"-Infinity", "1"}, "-Infinity"},
		{[]string{"Infinity", "-Infinity"}, "NaN"},
		{[]string{"NaN", "Infinity"}, "NaN"},
		{[]string{"1", "2.50"}, "3.50"},
	} {
		var a, b NumericSum
		for i, s := range c.in {
			if i%2 == 0 {
				a.Add(mustNum(t, s))
			} else {
				b.Add(mustNum(t, s))
			}
		}
		a.Merge(&b)
		if r, ok := a.Result(); !ok || r.String() != c.want {
			t.Errorf("sum%v = %s, want %s", c.in, r, c.want)
		}
	}
	var x, x2 NumericSum
	for _, s := range []string{"1", "Infinity"} {
		x.Add(mustNum(t, s))
		x2.AddSquare(mustNum(t, s))
	}
	if v, null, ok := NumericVariance(2, &x, &x2, true, false); null || !ok || !v.IsNaN() {
		t.Errorf("var_samp(1, Infinity) = %s %v %v", v, null, ok)
	}
}

package types

import (
	"math/big"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// TestCompareNumericScales checks CompareNumeric on values of different display scales
// (the 64-bit fast path and the general one) against exact rational comparison.
func TestCompareNumericScales(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	gen := func() (Num, *big.Rat) {
		var digits string
		switch rng.Intn(3) {
		case 0:
			digits = strconv.FormatInt(rng.Int63n(1000), 10)
		case 1:
			digits = strconv.FormatInt(rng.Int63(), 10)
		default:
			digits = strconv.FormatInt(rng.Int63(), 10) + strconv.FormatInt(rng.Int63n(1e15), 10)
		}
		scale := rng.Intn(25)
		for len(digits) <= scale {
			digits = "0" + digits
		}
		s := digits[:len(digits)-scale]
		if scale > 0 {
			s += "." + digits[len(digits)-scale:]
		}
		if rng.Intn(2) == 0 {
			s = "-" + s
		}
		n, err := ParseNumeric(s, TNumeric)
		if err != nil {
			t.Fatal(s, err)
		}
		r, _ := new(big.Rat).SetString(s)
		return n, r
	}
	for i := 0; i < 20000; i++ {
		a, ra := gen()
		b, rb := gen()
		if i%5 == 0 {
			b, rb = a, ra // equal values, possibly written with other scales below
		}
		if got, want := CompareNumeric(a, b), ra.Cmp(rb); got != want {
			t.Fatalf("CompareNumeric(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
	one, _ := ParseNumeric("1", TNumeric)
	oneOO, _ := ParseNumeric("1.00", TNumeric)
	if CompareNumeric(one, oneOO) != 0 {
		t.Error("1 <> 1.00")
	}
}

// TestNumericArithSmall checks +, - and * on values with small and large coefficients and
// different scales against exact rational arithmetic with PostgreSQL's result scales.
func TestNumericArithSmall(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	gen := func() (Num, *big.Rat, int) {
		var coef int64
		switch rng.Intn(3) {
		case 0:
			coef = rng.Int63n(1000)
		case 1:
			coef = rng.Int63n(1 << 40)
		default:
			coef = rng.Int63()
		}
		if rng.Intn(2) == 0 {
			coef = -coef
		}
		scale := rng.Intn(8)
		r := new(big.Rat).SetFrac(big.NewInt(coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
		n, err := ParseNumeric(r.FloatString(scale), TNumeric)
		if err != nil {
			t.Fatal(err)
		}
		return n, r, scale
	}
	for i := 0; i < 20000; i++ {
		a, ra, sa := gen()
		b, rb, sb := gen()
		check := func(op string, got Num, ok bool, want *big.Rat, scale int) {
			w := want.FloatString(scale)
			if len(strings.TrimLeft(strings.Replace(w, ".", "", 1), "-0")) > NumericMaxDigits {
				return // beyond 35 digits pgfast rounds or overflows (see numeric.go)
			}
			if !ok {
				t.Fatalf("%s %s %s failed", a, op, b)
			}
			if got.String() != w {
				t.Fatalf("%s %s %s = %s, want %s", a, op, b, got, w)
			}
		}
		r, ok := NumericAdd(a, b)
		check("+", r, ok, new(big.Rat).Add(ra, rb), max(sa, sb))
		r, ok = NumericSub(a, b)
		check("-", r, ok, new(big.Rat).Sub(ra, rb), max(sa, sb))
		r, ok = NumericMul(a, b)
		check("*", r, ok, new(big.Rat).Mul(ra, rb), sa+sb)
	}
}

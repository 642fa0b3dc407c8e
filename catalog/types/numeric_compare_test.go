package types

import (
	"math/big"
	"math/rand"
	"strconv"
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

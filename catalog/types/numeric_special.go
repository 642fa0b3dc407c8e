package types

import (
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// NaN and the infinities. PostgreSQL's numeric holds them besides finite values; pgfast
// gives each a display scale no finite value can have (finite scales stop at
// NumericMaxScale) and a zero coefficient, so a special word is recognised by its low byte
// alone and two equal specials are equal words. Comparisons order them as PostgreSQL does:
// -Infinity below every finite value, +Infinity above, and NaN above +Infinity and equal to
// itself, so sorting and grouping treat all NaNs as one value.
const (
	numericNInfScale = 253
	numericPInfScale = 254
	numericNaNScale  = 255
)

var (
	// NumericNaN is numeric 'NaN'.
	NumericNaN = Num{lo: numericNaNScale}
	// NumericPosInf is numeric 'Infinity'.
	NumericPosInf = Num{lo: numericPInfScale}
	// NumericNegInf is numeric '-Infinity'.
	NumericNegInf = Num{lo: numericNInfScale}
)

// IsSpecial reports whether n is NaN or an infinity.
func (n Num) IsSpecial() bool { return n.lo&0xff > NumericMaxScale }

// IsNaN reports whether n is NaN.
func (n Num) IsNaN() bool { return n.lo&0xff == numericNaNScale }

// IsInf reports whether n is an infinity.
func (n Num) IsInf() bool { s := n.lo & 0xff; return s == numericPInfScale || s == numericNInfScale }

// specialRank orders values for comparison: -2 for -Infinity, 0 for finite values, 2 for
// +Infinity and 3 for NaN.
func (n Num) specialRank() int {
	switch n.lo & 0xff {
	case numericNInfScale:
		return -2
	case numericPInfScale:
		return 2
	case numericNaNScale:
		return 3
	}
	return 0
}

// infOfSign returns +Infinity for a positive sign and -Infinity for a negative one.
func infOfSign(neg bool) Num {
	if neg {
		return NumericNegInf
	}
	return NumericPosInf
}

// signOf returns -1, 0 or 1 for a non-NaN value (infinities included).
func signOf(n Num) int {
	switch n.lo & 0xff {
	case numericNInfScale:
		return -1
	case numericPInfScale:
		return 1
	}
	return n.Sign()
}

// specialAdd is a + b when either operand is special: NaN propagates and opposite
// infinities give NaN.
func specialAdd(a, b Num) Num {
	switch {
	case a.IsNaN() || b.IsNaN():
		return NumericNaN
	case a.IsInf() && b.IsInf():
		if a == b {
			return a
		}
		return NumericNaN
	case a.IsInf():
		return a
	}
	return b
}

// specialMul is a * b when either operand is special: an infinity times zero is NaN.
func specialMul(a, b Num) Num {
	if a.IsNaN() || b.IsNaN() {
		return NumericNaN
	}
	sa, sb := signOf(a), signOf(b)
	if sa == 0 || sb == 0 {
		return NumericNaN
	}
	return infOfSign(sa != sb)
}

// specialDiv is a / b when either operand is special and b is not a finite zero (the caller
// reports division by zero unless a is NaN): Inf/Inf is NaN, finite/Inf is 0.
func specialDiv(a, b Num) Num {
	switch {
	case a.IsNaN() || b.IsNaN():
		return NumericNaN
	case a.IsInf() && b.IsInf():
		return NumericNaN
	case a.IsInf():
		return infOfSign(signOf(a) != signOf(b))
	}
	return Num{}
}

// specialMod is a % b when either operand is special: an infinite dividend gives NaN, an
// infinite divisor leaves a finite dividend unchanged.
func specialMod(a, b Num) Num {
	if a.IsNaN() || b.IsNaN() || a.IsInf() {
		return NumericNaN
	}
	return a
}

// NumericSignValue is PostgreSQL's sign(numeric): -1, 0 or 1 at display scale 0, NaN for
// NaN.
func NumericSignValue(n Num) Num {
	if n.IsNaN() {
		return NumericNaN
	}
	return NumericFromInt64(int64(signOf(n)))
}

// NumericToIntError returns the error of casting the special value n to the integer type
// named typ ("smallint", "integer", "bigint"), as numeric_int4 and its siblings report it.
func NumericToIntError(n Num, typ string) error {
	if n.IsNaN() {
		return pgerror.Newf(pgcode.FeatureNotSupported, "cannot convert NaN to %s", typ)
	}
	return pgerror.Newf(pgcode.FeatureNotSupported, "cannot convert infinity to %s", typ)
}

// appendSpecial appends numeric_out's text of a special value.
func appendSpecial(dst []byte, n Num) []byte {
	switch n.lo & 0xff {
	case numericNaNScale:
		return append(dst, "NaN"...)
	case numericPInfScale:
		return append(dst, "Infinity"...)
	}
	return append(dst, "-Infinity"...)
}

func errNumericFieldInfinite(p, s int32) error {
	e := pgerror.New(pgcode.NumericValueOutOfRange, "numeric field overflow")
	e.Detail = "A field with precision " + itoa(p) + ", scale " + itoa(s) + " cannot hold an infinite value."
	return e
}

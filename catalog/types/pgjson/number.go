package pgjson

import (
	"bytes"
)

// jsonb numbers are PostgreSQL numerics: they keep the display scale they were written with
// (1.50 stays 1.50), print as numeric_out prints them (1e2 is 100), and hold up to 131072
// digits before the point and 16383 after it. They are stored as that canonical text, so
// output copies bytes and comparison works on the digits without converting them.

const (
	numericMaxIntDigits = 131072 // NUMERIC_WEIGHT_MAX (32767) base-10000 digits
	numericMaxScale     = 16383  // NUMERIC_DSCALE_MAX
)

// NormalizeNumber returns numeric_out's text for a JSON number as written (a valid JSON
// number token), and false when the value is beyond numeric's range.
func NormalizeNumber(dst, tok []byte) ([]byte, bool) {
	neg := len(tok) > 0 && tok[0] == '-'
	if neg {
		tok = tok[1:]
	}
	i := 0
	for i < len(tok) && isDigit(tok[i]) {
		i++
	}
	intPart := tok[:i]
	var fracPart []byte
	if i < len(tok) && tok[i] == '.' {
		j := i + 1
		for j < len(tok) && isDigit(tok[j]) {
			j++
		}
		fracPart = tok[i+1 : j]
		i = j
	}
	exp := 0
	if i < len(tok) && (tok[i] == 'e' || tok[i] == 'E') {
		i++
		eneg := false
		if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
			eneg = tok[i] == '-'
			i++
		}
		for ; i < len(tok); i++ {
			if exp < 1<<30 {
				exp = exp*10 + int(tok[i]-'0')
			}
		}
		if exp >= 1<<30 {
			return dst, false // beyond INT_MAX/2, as numeric_in checks
		}
		if eneg {
			exp = -exp
		}
	}
	return appendDecimal(dst, neg, intPart, fracPart, exp)
}

// appendDecimal appends the numeric text of ±(int.frac × 10^exp) keeping the written scale.
func appendDecimal(dst []byte, neg bool, intPart, fracPart []byte, exp int) ([]byte, bool) {
	dscale := max(len(fracPart)-exp, 0)
	if dscale > numericMaxScale {
		return dst, false
	}
	// point is the position of the decimal point within the digits int+frac.
	point := len(intPart) + exp
	lead := 0
	for lead < len(intPart) && intPart[lead] == '0' {
		lead++
	}
	if lead == len(intPart) {
		for k := 0; k < len(fracPart) && fracPart[k] == '0'; k++ {
			lead++
		}
	}
	total := len(intPart) + len(fracPart)
	if lead == total { // zero: no sign, the scale's zeros
		dst = append(dst, '0')
		if dscale > 0 {
			dst = append(dst, '.')
			for range dscale {
				dst = append(dst, '0')
			}
		}
		return dst, true
	}
	digit := func(k int) byte { // k-th digit of int+frac
		if k < len(intPart) {
			return intPart[k]
		}
		return fracPart[k-len(intPart)]
	}
	intDigits := point - lead
	if intDigits > numericMaxIntDigits {
		return dst, false
	}
	if neg {
		dst = append(dst, '-')
	}
	if intDigits <= 0 {
		dst = append(dst, '0')
	} else {
		for k := lead; k < point; k++ {
			if k < total {
				dst = append(dst, digit(k))
			} else {
				dst = append(dst, '0')
			}
		}
	}
	if dscale > 0 {
		dst = append(dst, '.')
		for k := point; k < point+dscale; k++ {
			if k >= 0 && k < total {
				dst = append(dst, digit(k))
			} else {
				dst = append(dst, '0')
			}
		}
	}
	return dst, true
}

// splitNumber splits canonical numeric text into sign, integer digits and fraction digits.
func splitNumber(n []byte) (neg bool, ip, fp []byte) {
	if len(n) > 0 && n[0] == '-' {
		neg, n = true, n[1:]
	}
	if i := bytes.IndexByte(n, '.'); i >= 0 {
		return neg, n[:i], n[i+1:]
	}
	return neg, n, nil
}

// CompareNumbers compares two numbers in canonical text by value (1.5 = 1.50), as
// numeric_cmp does. Neither is NaN: JSON has no NaN.
func CompareNumbers(a, b []byte) int {
	an, ai, af := splitNumber(a)
	bn, bi, bf := splitNumber(b)
	if isZero(ai, af) {
		an = false
	}
	if isZero(bi, bf) {
		bn = false
	}
	if an != bn {
		if an {
			return -1
		}
		return 1
	}
	c := compareMagnitude(ai, af, bi, bf)
	if an {
		return -c
	}
	return c
}

func isZero(ip, fp []byte) bool {
	for _, c := range ip {
		if c != '0' {
			return false
		}
	}
	for _, c := range fp {
		if c != '0' {
			return false
		}
	}
	return true
}

func compareMagnitude(ai, af, bi, bf []byte) int {
	// Canonical integer parts have no leading zeros except a lone "0".
	if len(ai) == 1 && ai[0] == '0' {
		ai = ai[:0]
	}
	if len(bi) == 1 && bi[0] == '0' {
		bi = bi[:0]
	}
	if len(ai) != len(bi) {
		if len(ai) < len(bi) {
			return -1
		}
		return 1
	}
	if c := bytes.Compare(ai, bi); c != 0 {
		return c
	}
	for k := 0; k < max(len(af), len(bf)); k++ {
		x, y := byte('0'), byte('0')
		if k < len(af) {
			x = af[k]
		}
		if k < len(bf) {
			y = bf[k]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// TrimNumber returns a canonical number without trailing fractional zeros (and without a
// bare point): equal numbers trim to the same bytes, which is what hashing needs.
func TrimNumber(n []byte) []byte {
	if bytes.IndexByte(n, '.') < 0 {
		if len(n) == 2 && n[0] == '-' && n[1] == '0' {
			return n[1:]
		}
		return n
	}
	for n[len(n)-1] == '0' {
		n = n[:len(n)-1]
	}
	if n[len(n)-1] == '.' {
		n = n[:len(n)-1]
	}
	return n
}

// IsNumber reports whether s is a JSON number (IsValidJsonNumber): output of SQL numbers
// such as NaN or Infinity is not, and goes into JSON as a string.
func IsNumber(s []byte) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	var l lexer
	l.reset(s, false)
	return l.lexNumber(0) == errNone && l.tokEnd == len(s)
}

package udf

import (
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// to_char for numbers: each type turns its value into the digit string the template
// processor expects (rounded to the template's decimal places, shifted by V, or replaced by
// #s when the integer part does not fit), the way PostgreSQL's int4_to_char, int8_to_char,
// float4_to_char, float8_to_char and numeric_to_char do; numProcess then lays it out.

func registerToChar(b builder) {
	t := types.Text
	for _, f := range []struct {
		oid  types.OID
		arg  types.OID
		impl catalog.ScalarImpl
	}{
		{1773, types.Int4, toCharKernel(func(a arrow.Array, i int, f *numFormat, d *numDesc) (string, int, byte, error) {
			return intToCharParts(int64(values[int32](a)[i]), 32, d)
		})},
		{1774, types.Int8, toCharKernel(func(a arrow.Array, i int, f *numFormat, d *numDesc) (string, int, byte, error) {
			return intToCharParts(values[int64](a)[i], 64, d)
		})},
		{1775, types.Float4, toCharKernel(func(a arrow.Array, i int, f *numFormat, d *numDesc) (string, int, byte, error) {
			return floatToCharParts(float64(values[float32](a)[i]), 6, d)
		})},
		{1776, types.Float8, toCharKernel(func(a arrow.Array, i int, f *numFormat, d *numDesc) (string, int, byte, error) {
			return floatToCharParts(values[float64](a)[i], 15, d)
		})},
		{1772, types.Numeric, toCharKernel(func(a arrow.Array, i int, f *numFormat, d *numDesc) (string, int, byte, error) {
			v := types.NumericValues(a)[i]
			if v.IsSpecial() {
				// As numeric_to_char: RN needs an integer, EEEE fills with #, and otherwise
				// NaN is laid out as the digits "NaN" and an infinity as #s with its sign.
				switch {
				case d.has(nfRoman):
					return "", 0, 0, types.NumericToIntError(v, "integer")
				case d.has(nfEEEE):
					return sciOverflow(d), 0, '+', nil
				case v.IsNaN():
					return "NaN", 0, '+', nil
				}
				sign := byte('+')
				if v.Sign() < 0 {
					sign = '-'
				}
				return overflowString(d.pre, d.post), 0, sign, nil
			}
			return decimalToCharParts(string(types.AppendNumeric(nil, v)), d)
		})},
	} {
		fn := b.scalar(f.oid, "to_char", oids(f.arg, t), t, f.impl)
		fn.Volatility = catalog.Stable
	}
}

// toCharParts computes, for row i, the digit string, the unused leading digit positions
// and the sign; it may adjust the description (V adds digits, floats drop decimals).
type toCharParts func(a arrow.Array, i int, f *numFormat, d *numDesc) (number string, preSpaces int, sign byte, err error)

func toCharKernel(parts toCharParts) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		tmpl := stringsOf(args[1])
		n := tmpl.Len()
		out := newStrOut(allocator(env), n, 16*n)
		var (
			f       *numFormat
			prev    string
			scratch []byte
		)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				out.end()
				continue
			}
			if s := tmpl.Value(i); f == nil || s != prev {
				var err error
				if f, err = parseNumFormat(s); err != nil {
					return nil, out.fail(err)
				}
				prev = s
			}
			d := f.desc
			number, pre, sign, err := parts(args[0], i, f, &d)
			if err != nil {
				return nil, out.fail(err)
			}
			scratch = numProcess(scratch[:0], f, d, number, pre, sign)
			out.appendBytes(scratch)
			out.end()
		}
		return out.finish(), nil
	}
}

// layoutDigits splits a plain decimal string (optionally negative) into sign and digits,
// and computes the padding, or the #-filled overflow string, for d's integer positions.
func layoutDigits(s string, d *numDesc) (string, int, byte) {
	sign := byte('+')
	if strings.HasPrefix(s, "-") {
		sign, s = '-', s[1:]
	}
	preLen := len(s)
	if k := strings.IndexByte(s, '.'); k >= 0 {
		preLen = k
	}
	switch {
	case preLen < d.pre:
		return s, d.pre - preLen, sign
	case preLen > d.pre:
		return overflowString(d.pre, d.post), 0, sign
	}
	return s, 0, sign
}

// overflowString is what to_char prints for a number too wide for the template: #s, with
// the decimal point in place.
func overflowString(pre, post int) string {
	b := []byte(strings.Repeat("#", pre+post+1))
	b[pre] = '.'
	return string(b)
}

func intToCharParts(v int64, bitSize int, d *numDesc) (string, int, byte, error) {
	switch {
	case d.has(nfRoman):
		return intToRoman(v), 0, '+', nil
	case d.has(nfEEEE):
		if bitSize == 32 {
			return floatSci(float64(v), d.post), 0, '+', nil
		}
		return numericSci(strconv.FormatInt(v, 10), d.post), 0, '+', nil
	}
	if d.has(nfMulti) {
		m := int64(math.Pow(10, float64(d.multi)))
		if bitSize == 32 {
			m = int64(int32(m))
		}
		r := v * m
		if (m != 0 && r/m != v) || (bitSize == 32 && r != int64(int32(r))) {
			return "", 0, 0, intRangeErrBits(bitSize)
		}
		v = r
		d.pre += d.multi
	}
	s := strconv.FormatInt(v, 10)
	if d.post > 0 {
		s += "." + strings.Repeat("0", d.post)
	}
	number, pre, sign := layoutDigits(s, d)
	return number, pre, sign, nil
}

func intRangeErrBits(bitSize int) error {
	if bitSize == 32 {
		return errIntRange(types.Int4)
	}
	return errIntRange(types.Int8)
}

func floatToCharParts(v float64, digits int, d *numDesc) (string, int, byte, error) {
	switch {
	case d.has(nfRoman):
		return intToRoman(int64(math.RoundToEven(v))), 0, '+', nil
	case d.has(nfEEEE):
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return sciOverflow(d), 0, '+', nil
		}
		return floatSci(v, d.post), 0, '+', nil
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return overflowString(d.pre, d.post), 0, '+', nil
	}
	if d.has(nfMulti) {
		v *= math.Pow(10, float64(d.multi))
		d.pre += d.multi
	}
	preLen := len(strconv.FormatFloat(math.Abs(v), 'f', 0, 64))
	if preLen >= digits {
		d.post = 0
	} else if preLen+d.post > digits {
		d.post = digits - preLen
	}
	number, pre, sign := layoutDigits(strconv.FormatFloat(v, 'f', d.post, 64), d)
	return number, pre, sign, nil
}

// sciOverflow is the #-filled EEEE output for NaN and infinities.
func sciOverflow(d *numDesc) string {
	b := []byte(strings.Repeat("#", d.pre+d.post+6))
	b[0] = ' '
	b[d.pre+1] = '.'
	return string(b)
}

// floatSci is C's %+.*e with the plus sign replaced by a space.
func floatSci(v float64, post int) string {
	s := strconv.FormatFloat(v, 'e', post, 64)
	if !strings.HasPrefix(s, "-") {
		s = " " + s
	}
	return s
}

func decimalToCharParts(s string, d *numDesc) (string, int, byte, error) {
	switch {
	case d.has(nfRoman):
		r := roundDecimal(s, 0)
		v, _ := strconv.ParseInt(r, 10, 64)
		return intToRoman(v), 0, '+', nil
	case d.has(nfEEEE):
		return numericSci(s, d.post), 0, '+', nil
	}
	if d.has(nfMulti) {
		s = shiftDecimal(s, d.multi)
		d.pre += d.multi
	}
	number, pre, sign := layoutDigits(roundDecimal(s, d.post), d)
	return number, pre, sign, nil
}

// shiftDecimal multiplies a plain decimal string by 10^k.
func shiftDecimal(s string, k int) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	frac += strings.Repeat("0", max(0, k-len(frac)))
	intPart += frac[:k]
	frac = frac[k:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if frac != "" {
		intPart += "." + frac
	}
	if neg {
		return "-" + intPart
	}
	return intPart
}

// roundDecimal rounds a plain decimal string to scale decimal places, half away from zero,
// and prints exactly that many (as numeric_round then numeric_out). A result of zero has
// no sign.
func roundDecimal(s string, scale int) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	digits := []byte(intPart + frac)
	keep := len(intPart) + scale
	for len(digits) < keep {
		digits = append(digits, '0')
	}
	roundUp := keep < len(digits) && digits[keep] >= '5'
	digits = digits[:keep]
	if roundUp {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	ip := strings.TrimLeft(string(digits[:len(digits)-scale]), "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if scale > 0 {
		out += "." + string(digits[len(digits)-scale:])
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

// numericSci is numeric_out_sci with the space to_char puts before positive numbers: the
// significand rounded to post decimals, then e, the exponent's sign and two or more digits.
func numericSci(s string, post int) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	digits := intPart + frac
	first := strings.IndexFunc(digits, func(r rune) bool { return r != '0' })
	exp := 0
	sig := "0"
	if first >= 0 {
		exp = len(intPart) - 1 - first
		sig = digits[first:first+1] + "." + digits[first+1:]
	}
	sig = roundDecimal(sig, post)
	var b strings.Builder
	if neg && first >= 0 {
		b.WriteByte('-')
	} else {
		b.WriteByte(' ')
	}
	b.WriteString(sig)
	b.WriteByte('e')
	if exp < 0 {
		b.WriteByte('-')
		exp = -exp
	} else {
		b.WriteByte('+')
	}
	if exp < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(exp))
	return b.String()
}

// intToRoman writes 1..3999 in Roman numerals; other numbers are fifteen #s.
func intToRoman(v int64) string {
	if v < 1 || v > 3999 {
		return strings.Repeat("#", 15)
	}
	var b strings.Builder
	for _, r := range []struct {
		v int64
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"},
		{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for v >= r.v {
			b.WriteString(r.s)
			v -= r.v
		}
	}
	return b.String()
}

package types

import (
	"math"
	"strconv"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// AppendFloat64 appends f as float8out prints it. With extraFloatDigits > 0 (the default)
// that is the shortest text that reads back exactly, in fixed notation when the decimal
// exponent is in [-4, 15) and in exponent notation otherwise; with extraFloatDigits <= 0 it
// is %g with 15+extraFloatDigits significant digits.
func AppendFloat64(dst []byte, f float64, extraFloatDigits int) []byte {
	return appendFloat(dst, f, 64, 15, extraFloatDigits)
}

// AppendFloat32 appends f as float4out prints it; the fixed-notation range is [-4, 6).
func AppendFloat32(dst []byte, f float32, extraFloatDigits int) []byte {
	return appendFloat(dst, float64(f), 32, 6, extraFloatDigits)
}

func appendFloat(dst []byte, f float64, bitSize, digits, extra int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	if extra <= 0 {
		return strconv.AppendFloat(dst, f, 'g', max(digits+extra, 1), bitSize)
	}
	// Shortest digits in exponent form: [-]d[.ddd]e±XX.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, bitSize)
	ePos := len(e) - 4
	for e[ePos] != 'e' {
		ePos--
	}
	exp := 0
	for _, c := range e[ePos+2:] {
		exp = exp*10 + int(c-'0')
	}
	if e[ePos+1] == '-' {
		exp = -exp
	}
	if exp < -4 || exp >= digits {
		return append(dst, e...)
	}
	mant := e[:ePos]
	if mant[0] == '-' {
		dst = append(dst, '-')
		mant = mant[1:]
	}
	// Significant digits without the point.
	var dbuf [24]byte
	ds := append(dbuf[:0], mant[0])
	if len(mant) > 2 {
		ds = append(ds, mant[2:]...)
	}
	if exp < 0 {
		dst = append(dst, '0', '.')
		for k := -1; k > exp; k-- {
			dst = append(dst, '0')
		}
		return append(dst, ds...)
	}
	if len(ds) <= exp+1 {
		dst = append(dst, ds...)
		for k := len(ds); k <= exp; k++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, ds[:exp+1]...)
	dst = append(dst, '.')
	return append(dst, ds[exp+1:]...)
}

// ParseFloat64 parses float8 input as float8in does.
func ParseFloat64(text string) (float64, error) {
	return parseFloat(text, 64, "double precision")
}

// ParseFloat32 parses float4 input as float4in does.
func ParseFloat32(text string) (float32, error) {
	f, err := parseFloat(text, 32, "real")
	return float32(f), err
}

func parseFloat(text string, bitSize int, typName string) (float64, error) {
	s := trimSpace(text)
	if s == "" {
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typName, text)
	}
	// strconv accepts '_' digit separators and a few spellings C's strtod does not; reject
	// them up front so the accepted language is strtod's.
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typName, text)
		}
	}
	f, err := strconv.ParseFloat(s, bitSize)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, pgerror.Newf(pgcode.NumericValueOutOfRange, "\"%s\" is out of range for type %s", s, typName)
		}
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typName, text)
	}
	if f == 0 && hasNonzeroMantissa(s) {
		// strtod reports underflow to zero as a range error, and PostgreSQL rejects it.
		return 0, pgerror.Newf(pgcode.NumericValueOutOfRange, "\"%s\" is out of range for type %s", s, typName)
	}
	return f, nil
}

// hasNonzeroMantissa reports whether a decimal float literal has a nonzero digit before its
// exponent.
func hasNonzeroMantissa(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		for i := 0; i < len(s) && s[i] != 'p' && s[i] != 'P'; i++ {
			if s[i] != '0' && s[i] != '.' {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'e' || c == 'E':
			return false
		case c >= '1' && c <= '9':
			return true
		}
	}
	return false
}

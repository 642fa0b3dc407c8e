package types

import (
	"math"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The scalar input functions below return Go values so that casts and the function library
// can use them directly; the TextParsers in io.go wrap them around Arrow builders.

// isSpace is C's isspace in the C locale, which PostgreSQL's input functions use.
func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func trimSpace(s string) string {
	i, n := 0, len(s)
	for i < n && isSpace(s[i]) {
		i++
	}
	for n > i && isSpace(s[n-1]) {
		n--
	}
	return s[i:n]
}

// equalFold compares ASCII strings ignoring case; b must be lower case.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

// bytesView returns b as a string without copying. The string must not outlive b's contents:
// parsers use it only for the duration of one call (errors copy what they quote).
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// ParseBool parses boolean input as boolin does: any unique prefix of true/false/yes/no, on,
// off, 1 or 0, ignoring case and surrounding white space.
func ParseBool(str string) (bool, error) {
	s := trimSpace(str)
	if v, ok := parseBoolWord(s); ok {
		return v, nil
	}
	return false, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", str)
}

func parseBoolWord(s string) (v, ok bool) {
	prefixOf := func(word string, minLen int) bool {
		return len(s) >= minLen && len(s) <= len(word) && equalFold(s, word[:len(s)])
	}
	if s == "" {
		return false, false
	}
	switch s[0] | 0x20 {
	case 't':
		return true, prefixOf("true", 1)
	case 'f':
		return false, prefixOf("false", 1)
	case 'y':
		return true, prefixOf("yes", 1)
	case 'n':
		return false, prefixOf("no", 1)
	case 'o':
		// "o" alone is ambiguous.
		if prefixOf("on", 2) {
			return true, true
		}
		return false, prefixOf("off", 2)
	case '1' | 0x20:
		return true, s == "1"
	case '0' | 0x20:
		return false, s == "0"
	}
	return false, false
}

// parseIntText parses an integer as pg_strtoint16/32/64 do: white space, optional sign,
// decimal digits, white space. The bounds select the type.
func parseIntText(str string, lo, hi int64, typName string) (int64, error) {
	i, n := 0, len(str)
	for i < n && isSpace(str[i]) {
		i++
	}
	neg := false
	if i < n && (str[i] == '+' || str[i] == '-') {
		neg = str[i] == '-'
		i++
	}
	start := i
	var v uint64
	limit := uint64(hi)
	if neg {
		limit = uint64(-(lo + 1)) + 1
	}
	overflow := false
	for i < n && isDigit(str[i]) {
		if !overflow {
			v = v*10 + uint64(str[i]-'0')
			if v > limit {
				overflow = true
			}
		}
		i++
	}
	digitsEnd := i
	for i < n && isSpace(str[i]) {
		i++
	}
	if digitsEnd == start || i != n {
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typName, str)
	}
	if overflow {
		return 0, pgerror.Newf(pgcode.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", str, typName)
	}
	if neg {
		return -int64(v-1) - 1, nil
	}
	return int64(v), nil
}

// ParseInt2 parses smallint input.
func ParseInt2(str string) (int16, error) {
	v, err := parseIntText(str, math.MinInt16, math.MaxInt16, "smallint")
	return int16(v), err
}

// ParseInt4 parses integer input.
func ParseInt4(str string) (int32, error) {
	v, err := parseIntText(str, math.MinInt32, math.MaxInt32, "integer")
	return int32(v), err
}

// ParseInt8 parses bigint input.
func ParseInt8(str string) (int64, error) {
	return parseIntText(str, math.MinInt64, math.MaxInt64, "bigint")
}

// ParseOid parses oid input as oidin does: negative values down to -2^31 wrap around, as
// strtoul does, so that OIDs printed as signed integers read back.
func ParseOid(str string) (uint32, error) {
	s := trimSpace(str)
	if s == "" {
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type oid: \"%s\"", str)
	}
	v, err := parseIntText(s, math.MinInt64, math.MaxInt64, "oid")
	if err != nil {
		if pgerror.GetCode(err) == pgcode.NumericValueOutOfRange {
			return 0, pgerror.Newf(pgcode.NumericValueOutOfRange, "value \"%s\" is out of range for type oid", str)
		}
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type oid: \"%s\"", str)
	}
	if v > math.MaxUint32 || v < math.MinInt32 {
		return 0, pgerror.Newf(pgcode.NumericValueOutOfRange, "value \"%s\" is out of range for type oid", str)
	}
	return uint32(v), nil
}

// checkUTF8 reports invalid UTF-8 or a NUL byte as PostgreSQL's encoding checks do.
func checkUTF8(b []byte) error {
	if utf8.Valid(b) {
		for _, c := range b {
			if c == 0 {
				return pgerror.New(pgcode.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00")
			}
		}
		return nil
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		// The length the lead byte announces, as pg_utf_mblen computes it.
		l := 1
		switch c := b[i]; {
		case c&0xe0 == 0xc0:
			l = 2
		case c&0xf0 == 0xe0:
			l = 3
		case c&0xf8 == 0xf0:
			l = 4
		}
		l = min(l, len(b)-i)
		msg := make([]byte, 0, 5*l)
		for j := 0; j < l; j++ {
			if j > 0 {
				msg = append(msg, ' ')
			}
			msg = append(msg, '0', 'x', hexDigits[b[i+j]>>4], hexDigits[b[i+j]&15])
		}
		return pgerror.Newf(pgcode.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", msg)
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// CoerceString applies a character type's length to s, as the input functions and the
// length-coercion casts of varchar(n) and character(n) do. With explicit (an explicit cast)
// excess characters are cut off silently; otherwise only trailing spaces may be cut, and
// anything else is error 22001. character(n) is padded with spaces to n characters. name is
// cut to 63 bytes. It returns s itself when nothing changes.
func CoerceString(s []byte, t T, explicit bool) ([]byte, error) {
	switch t.OID {
	case Name:
		if len(s) <= 63 {
			return s, nil
		}
		n := 63
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		return s[:n], nil
	case Varchar, Bpchar:
	default:
		return s, nil
	}
	if t.Typmod < 4 {
		return s, nil
	}
	maxLen := int(t.Typmod - 4)
	// Count characters up to the limit; ASCII bytes are characters.
	cut, chars := 0, 0
	for cut < len(s) && chars < maxLen {
		if s[cut] < utf8.RuneSelf {
			cut++
		} else {
			_, size := utf8.DecodeRune(s[cut:])
			cut += size
		}
		chars++
	}
	if cut < len(s) {
		if !explicit {
			for _, c := range s[cut:] {
				if c != ' ' {
					name := "character varying"
					if t.OID == Bpchar {
						name = "character"
					}
					return nil, pgerror.Newf(pgcode.StringDataRightTruncation, "value too long for type %s(%d)", name, maxLen)
				}
			}
		}
		return s[:cut], nil
	}
	if t.OID == Bpchar && chars < maxLen {
		out := make([]byte, len(s), len(s)+maxLen-chars)
		copy(out, s)
		for ; chars < maxLen; chars++ {
			out = append(out, ' ')
		}
		return out, nil
	}
	return s, nil
}

// ParseBytea parses bytea input in hex (\x...) or escape format, appending to dst.
func ParseBytea(dst []byte, str string) ([]byte, error) {
	if len(str) >= 2 && str[0] == '\\' && str[1] == 'x' {
		s := str[2:]
		for i := 0; i < len(s); {
			c := s[i]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				i++
				continue
			}
			v1, ok := unhex(c)
			if !ok {
				return nil, badHexDigit(s[i:])
			}
			i++
			if i >= len(s) {
				return nil, pgerror.New(pgcode.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			v2, ok := unhex(s[i])
			if !ok {
				return nil, badHexDigit(s[i:])
			}
			i++
			dst = append(dst, v1<<4|v2)
		}
		return dst, nil
	}
	for i := 0; i < len(str); {
		c := str[i]
		switch {
		case c != '\\':
			dst = append(dst, c)
			i++
		case i+3 < len(str) && str[i+1] >= '0' && str[i+1] <= '3' && str[i+2] >= '0' && str[i+2] <= '7' && str[i+3] >= '0' && str[i+3] <= '7':
			dst = append(dst, (str[i+1]-'0')<<6|(str[i+2]-'0')<<3|(str[i+3]-'0'))
			i += 4
		case i+1 < len(str) && str[i+1] == '\\':
			dst = append(dst, '\\')
			i += 2
		default:
			return nil, pgerror.New(pgcode.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	return dst, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func badHexDigit(s string) error {
	_, size := utf8.DecodeRuneInString(s)
	return pgerror.Newf(pgcode.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", s[:max(size, 1)])
}

// appendText is the TextParser body shared by the string types.
func appendText(b *array.StringBuilder, text []byte, t T, explicit bool) error {
	if err := checkUTF8(text); err != nil {
		return err
	}
	v, err := CoerceString(text, t, explicit)
	if err != nil {
		return err
	}
	b.BinaryBuilder.Append(v)
	return nil
}

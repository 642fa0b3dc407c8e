package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// "char" is PostgreSQL's internal one-byte type (pg_type OID 18), unrelated to character(n).
// Values live in String arrays holding one byte, or none for the zero byte, so that the
// string kernels (comparison, hashing, sorting by byte) serve it unchanged. The byte may have
// its high bit set, which makes the value invalid UTF-8; text output spells such bytes as
// \ooo, as charout does, so nothing invalid ever leaves the type.

// ParseChar is charin (and text's cast to "char"): a four-character \ooo octal escape gives
// that byte, anything else its first byte, and the empty string the zero byte.
func ParseChar(s []byte) byte {
	if len(s) == 4 && s[0] == '\\' && isOctal(s[1]) && isOctal(s[2]) && isOctal(s[3]) {
		return (s[1]-'0')<<6 | (s[2]-'0')<<3 | (s[3] - '0')
	}
	if len(s) == 0 {
		return 0
	}
	return s[0]
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// AppendChar is charout (and "char"'s cast to text): the zero byte prints as nothing, bytes
// with the high bit set as a backslash and three octal digits.
func AppendChar(dst []byte, c byte) []byte {
	switch {
	case c == 0:
		return dst
	case c >= 0x80:
		return append(dst, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
	}
	return append(dst, c)
}

// charByte returns the byte a "char" value stored as a string holds.
func charByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// appendCharValue appends c as a stored "char" value: the zero byte is the empty string.
func appendCharValue(b *array.StringBuilder, c byte) {
	if c == 0 {
		b.Append("")
		return
	}
	b.BinaryBuilder.Append([]byte{c})
}

func charTextParser() TextParser {
	return func(b array.Builder, text []byte) error {
		appendCharValue(b.(*array.StringBuilder), ParseChar(text))
		return nil
	}
}

func charTextAppender(a stringArray) Appender {
	return func(dst []byte, i int) []byte { return AppendChar(dst, charByte(a.Value(i))) }
}

// castChar converts between "char" and the integer types (int4 is the pg_cast entry; the
// others reach it through their casts to int4): the byte is a signed 8-bit number.
func castChar(arr arrow.Array, from, to T, mem memory.Allocator) (arrow.Array, bool, error) {
	switch {
	case from.OID == Char && to.OID == Int4:
		src, err := asStrings(arr, from)
		if err != nil {
			return nil, true, err
		}
		b := array.NewInt32Builder(mem)
		defer b.Release()
		b.Reserve(arr.Len())
		for i := 0; i < arr.Len(); i++ {
			if arr.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(int32(int8(charByte(src.Value(i)))))
		}
		return b.NewArray(), true, nil
	case from.OID == Int4 && to.OID == Char:
		v := values[int32](arr)
		b := array.NewStringBuilder(mem)
		defer b.Release()
		b.Reserve(arr.Len())
		for i := 0; i < arr.Len(); i++ {
			if arr.IsNull(i) {
				b.AppendNull()
				continue
			}
			if v[i] < -128 || v[i] > 127 {
				return nil, true, pgerror.New(pgcode.NumericValueOutOfRange, "\"char\" out of range")
			}
			appendCharValue(b, byte(v[i]))
		}
		return b.NewArray(), true, nil
	}
	return nil, false, nil
}

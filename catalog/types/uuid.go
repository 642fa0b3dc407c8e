package types

import (
	"crypto/rand"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// uuid values are their 16 bytes, in an extension type over FixedSizeBinary(16) (see
// extension.go: numeric owns the plain FixedSizeBinary(16)). PostgreSQL orders uuids by
// memcmp of those bytes, so byte order is value order.

// OIDs of uuid and its array type.
const (
	UUID      OID = 2950
	UUIDArray OID = 2951
)

// UUIDArrowType is the Arrow type of every uuid array.
var UUIDArrowType arrow.DataType = newExt("uuid", &arrow.FixedSizeBinaryType{ByteWidth: 16})

// IsUUIDArrow reports whether dt holds uuids.
func IsUUIDArrow(dt arrow.DataType) bool { return dt == UUIDArrowType }

// UUIDValues returns the 16-byte values of a uuid array (offset applied) without copying.
func UUIDValues(arr arrow.Array) [][16]byte { return values[[16]byte](arr) }

// AppendUUIDBuilder appends u to b, a builder of UUIDArrowType.
func AppendUUIDBuilder(b array.Builder, u [16]byte) {
	StorageBuilder(b).(*array.FixedSizeBinaryBuilder).Append(u[:])
}

// ParseUUID reads uuid input as uuid_in does: 32 hex digits of either case, optionally in
// braces, with an optional hyphen after any group of four digits but the last.
func ParseUUID(s string) ([16]byte, error) {
	var u [16]byte
	src := s
	braces := len(src) > 0 && src[0] == '{'
	if braces {
		src = src[1:]
	}
	for i := range u {
		if len(src) < 2 {
			return u, errUUIDSyntax(s)
		}
		hi, ok1 := hexVal(src[0])
		lo, ok2 := hexVal(src[1])
		if !ok1 || !ok2 {
			return u, errUUIDSyntax(s)
		}
		u[i] = hi<<4 | lo
		src = src[2:]
		if len(src) > 0 && src[0] == '-' && i%2 == 1 && i < len(u)-1 {
			src = src[1:]
		}
	}
	if braces {
		if len(src) == 0 || src[0] != '}' {
			return u, errUUIDSyntax(s)
		}
		src = src[1:]
	}
	if src != "" {
		return u, errUUIDSyntax(s)
	}
	return u, nil
}

func hexVal(c byte) (byte, bool) {
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

func errUUIDSyntax(s string) error {
	return pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type uuid: \"%s\"", s)
}

// AppendUUID appends uuid_out's form: lower-case hex in groups of 8-4-4-4-12.
func AppendUUID(dst []byte, u [16]byte) []byte {
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

// CompareUUID orders uuids as uuid_cmp does: bytewise, returning the difference of the
// first differing bytes as the C library's memcmp does.
func CompareUUID(a, b *[16]byte) int {
	for i := range a {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return 0
}

// RandomUUID returns a version 4 (random) uuid, as gen_random_uuid does.
func RandomUUID() [16]byte {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

func uuidTextAppender(arr arrow.Array) Appender {
	v := UUIDValues(arr)
	return func(dst []byte, i int) []byte { return AppendUUID(dst, v[i]) }
}

func uuidBinaryAppender(arr arrow.Array) Appender {
	v := UUIDValues(arr)
	return func(dst []byte, i int) []byte { return append(dst, v[i][:]...) }
}

func uuidTextParser(b array.Builder, text []byte) error {
	u, err := ParseUUID(bytesView(text))
	if err == nil {
		AppendUUIDBuilder(b, u)
	}
	return err
}

func uuidBinaryParser(b array.Builder, data []byte) error {
	if err := fixedLen(data, 16); err != nil {
		return err
	}
	StorageBuilder(b).(*array.FixedSizeBinaryBuilder).Append(data)
	return nil
}

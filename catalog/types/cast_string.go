package types

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// stringArray is what String and LargeString arrays have in common.
type stringArray interface {
	arrow.Array
	Value(int) string
}

// stringBytes views s as bytes without copying; the bytes must not be modified.
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

func asStrings(arr arrow.Array, from T) (stringArray, error) {
	if a, ok := arr.(stringArray); ok && (arr.DataType().ID() == arrow.STRING || arr.DataType().ID() == arrow.LARGE_STRING) {
		return a, nil
	}
	return nil, pgerror.Newf(pgcode.InternalError, "%s values held in a %s array", from, arr.DataType())
}

// trimTrailingSpaces drops the padding of a character(n) value, as its casts to the other
// string types do.
func trimTrailingSpaces(b []byte) []byte {
	n := len(b)
	for n > 0 && b[n-1] == ' ' {
		n--
	}
	return b[:n]
}

// castStringToString applies the target's length rules (and character(n)'s trailing-space
// trimming when leaving that type).
func castStringToString(arr arrow.Array, from, to T, ctx CoercionContext, mem memory.Allocator) (arrow.Array, error) {
	trim := from.OID == Bpchar && to.OID != Bpchar
	needsWork := trim || to.OID == Name || ((to.OID == Varchar || to.OID == Bpchar) && to.Typmod >= 4)
	if !needsWork {
		arr.Retain()
		return arr, nil
	}
	src, err := asStrings(arr, from)
	if err != nil {
		return nil, err
	}
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.Reserve(src.Len())
	explicit := ctx == Explicit
	for i := 0; i < src.Len(); i++ {
		if src.IsNull(i) {
			b.AppendNull()
			continue
		}
		v := stringBytes(src.Value(i))
		if trim {
			v = trimTrailingSpaces(v)
		}
		if v, err = CoerceString(v, to, explicit); err != nil {
			return nil, err
		}
		b.BinaryBuilder.Append(v)
	}
	return b.NewArray(), nil
}

// castToString prints each value with its type's output function (boolean's cast to text
// spells true and false out, unlike its output function), then applies the target's length.
func castToString(arr arrow.Array, from, to T, ctx CoercionContext, s *IOSettings, mem memory.Allocator) (arrow.Array, error) {
	var app Appender
	if bools, ok := arr.(*array.Boolean); ok && from.OID == Bool {
		app = func(dst []byte, i int) []byte {
			if bools.Value(i) {
				return append(dst, "true"...)
			}
			return append(dst, "false"...)
		}
	} else {
		app = TextAppender(from, arr, s)
	}
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.Reserve(arr.Len())
	explicit := ctx == Explicit
	var buf []byte
	for i := 0; i < arr.Len(); i++ {
		if arr.IsNull(i) {
			b.AppendNull()
			continue
		}
		buf = app(buf[:0], i)
		v, err := CoerceString(buf, to, explicit)
		if err != nil {
			return nil, err
		}
		b.BinaryBuilder.Append(v)
	}
	return b.NewArray(), nil
}

// castFromString runs the target type's input function over each value.
func castFromString(arr arrow.Array, to T, s *IOSettings, mem memory.Allocator) (arrow.Array, error) {
	if to.OID == Interval && to.Typmod >= 0 {
		// An I/O conversion reads the text without the modifier and then applies it, so
		// '90'::text::interval day is 90 seconds cut to 0 days (unlike the literal).
		base, err := castFromString(arr, Of(Interval), s, mem)
		if err != nil {
			return nil, err
		}
		defer base.Release()
		return adjustIntervalArray(base, to.Typmod, mem)
	}
	src, err := asStrings(arr, TText)
	if err != nil {
		return nil, err
	}
	parse := TextParserFor(to, s)
	b := array.NewBuilder(mem, to.Arrow())
	defer b.Release()
	b.Reserve(src.Len())
	for i := 0; i < src.Len(); i++ {
		if src.IsNull(i) {
			b.AppendNull()
			continue
		}
		if err := parse(b, stringBytes(src.Value(i))); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

package udf

import (
	"strconv"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// overlay (text and bytea), to_hex and unistr.

func registerTextExtra(b builder) {
	t, y, i4, i8 := types.Text, types.Bytea, types.Int4, types.Int8
	b.scalar(1404, "overlay", oids(t, t, i4, i4), t, overlayText)
	b.scalar(1405, "overlay", oids(t, t, i4), t, overlayText)
	b.scalar(749, "overlay", oids(y, y, i4, i4), y, overlayBytea)
	b.scalar(752, "overlay", oids(y, y, i4), y, overlayBytea)
	b.scalar(2089, "to_hex", oids(i4), t, toHex[int32](func(v int32) uint64 { return uint64(uint32(v)) }))
	b.scalar(2090, "to_hex", oids(i8), t, toHex[int64](func(v int64) uint64 { return uint64(v) }))
	b.scalar(6198, "unistr", oids(t), t, unistr)
}

// overlayBounds checks overlay's start and computes where the kept tail starts (start +
// count, in characters or bytes), as text_overlay does.
func overlayBounds(start, count int64) (int64, error) {
	if start <= 0 {
		return 0, pgerror.New(pgcode.SubstringError, "negative substring length not allowed")
	}
	return start + count, nil
}

func overlayText(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, r, st := stringsOf(args[0]), stringsOf(args[1]), values[int32](args[2])
	count := optInt(args, 3, 0)
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes())+len(r.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			s, repl := x.Value(i), r.Value(i)
			c := int64(count.at(i))
			if len(args) < 4 {
				c = int64(utf8.RuneCountInString(repl))
			}
			tail, err := overlayBounds(int64(st[i]), c)
			if err != nil {
				return nil, out.fail(err)
			}
			out.appendString(substring(s, 1, int64(st[i])-1, false))
			out.appendString(repl)
			out.appendString(substring(s, tail, -1, false))
		}
		out.end()
	}
	return out.finish(), nil
}

func overlayBytea(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, r, st := binaryOf(args[0]), binaryOf(args[1]), values[int32](args[2])
	count := optInt(args, 3, 0)
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes())+len(r.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v, repl := x.Value(i), r.Value(i)
			c := int64(count.at(i))
			if len(args) < 4 {
				c = int64(len(repl))
			}
			tail, err := overlayBounds(int64(st[i]), c)
			if err != nil {
				return nil, out.fail(err)
			}
			out.appendBytes(v[:min(int64(st[i])-1, int64(len(v)))])
			out.appendBytes(repl)
			if tail = max(tail, 1); tail <= int64(len(v)) {
				out.appendBytes(v[tail-1:])
			}
		}
		out.end()
	}
	return out.finishBinary(), nil
}

// toHex prints the two's-complement bits of an integer in lower-case hex.
func toHex[T int32 | int64](bitsOf func(T) uint64) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		v := values[T](args[0])
		n := len(v)
		out := newStrOut(allocator(env), n, 8*n)
		for i := 0; i < n; i++ {
			out.grow(16)
			out.data = strconv.AppendUint(out.data, bitsOf(v[i]), 16)
			out.end()
		}
		return out.finish(), nil
	}
}

func errUnicodeEscape() error {
	return pgerror.New(pgcode.SyntaxError, "invalid Unicode escape").
		WithHint(`Unicode escapes must be \XXXX, \+XXXXXX, \uXXXX, or \UXXXXXXXX.`)
}

func errSurrogatePair() error {
	return pgerror.New(pgcode.SyntaxError, "invalid Unicode surrogate pair")
}

// unistr decodes Unicode escapes: \XXXX, \+XXXXXX, \uXXXX and \UXXXXXXXX (UTF-16 surrogate
// pairs combine), and \\ for a backslash.
func unistr(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x := stringsOf(args[0])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if err := unistrInto(out, x.Value(i)); err != nil {
				return nil, out.fail(err)
			}
		}
		out.end()
	}
	return out.finish(), nil
}

func unistrInto(out *strOut, s string) error {
	var high rune // a pending UTF-16 high surrogate
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			if high != 0 {
				return errSurrogatePair()
			}
			out.appendByte(s[i])
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			if high != 0 {
				return errSurrogatePair()
			}
			out.appendByte('\\')
			i += 2
			continue
		}
		skip, digits := 1, 4
		if i+1 < len(s) {
			switch s[i+1] {
			case '+':
				skip, digits = 2, 6
			case 'u':
				skip, digits = 2, 4
			case 'U':
				skip, digits = 2, 8
			}
		}
		if i+skip+digits > len(s) {
			return errUnicodeEscape()
		}
		var r rune
		for _, c := range []byte(s[i+skip : i+skip+digits]) {
			d, ok := unhexDigit(c)
			if !ok {
				return errUnicodeEscape()
			}
			r = r<<4 | rune(d)
		}
		i += skip + digits
		switch {
		case r > utf8.MaxRune:
			return pgerror.Newf(pgcode.InvalidParameterValue, "invalid Unicode code point: %04X", r)
		case r >= 0xD800 && r <= 0xDBFF:
			if high != 0 {
				return errSurrogatePair()
			}
			high = r
			continue
		case r >= 0xDC00 && r <= 0xDFFF:
			if high == 0 {
				return errSurrogatePair()
			}
			r = (high-0xD800)<<10 + (r - 0xDC00) + 0x10000
			high = 0
		case high != 0:
			return errSurrogatePair()
		}
		if r == 0 {
			return pgerror.New(pgcode.UntranslatableCharacter, "invalid Unicode escape value")
		}
		var enc [utf8.UTFMax]byte
		out.appendBytes(enc[:utf8.EncodeRune(enc[:], r)])
	}
	if high != 0 {
		return errSurrogatePair()
	}
	return nil
}

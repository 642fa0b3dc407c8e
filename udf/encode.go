package udf

import (
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// encode and decode between bytea and text in the hex, base64 and escape formats, and the
// encoding conversions convert_from, convert_to and length(bytea, encoding), for the one
// server encoding pgfast has, UTF8.

func registerEncode(b builder) {
	y, t, name, i4 := types.Bytea, types.Text, types.Name, types.Int4
	b.scalar(1946, "encode", oids(y, t), t, encode)
	b.scalar(1947, "decode", oids(t, t), y, decode)
	cf := b.scalar(1714, "convert_from", oids(y, name), t, convertFrom)
	cf.Volatility = catalog.Stable
	ct := b.scalar(1717, "convert_to", oids(t, name), y, convertTo)
	ct.Volatility = catalog.Stable
	ln := b.scalar(1713, "length", oids(y, name), i4, byteaEncodedLength)
	ln.Volatility = catalog.Stable
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func encode(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, f := binaryOf(args[0]), stringsOf(args[1])
	n := x.Len()
	out := newStrOut(allocator(env), n, 2*len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v := x.Value(i)
			switch format := f.Value(i); strings.ToLower(format) {
			case "hex":
				out.grow(2 * len(v))
				for _, c := range v {
					out.data = append(out.data, hexLower[c>>4], hexLower[c&15])
				}
			case "base64":
				appendBase64(out, v)
			case "escape":
				for _, c := range v {
					switch {
					case c == '\\':
						out.appendString(`\\`)
					case c == 0 || c >= 0x80:
						out.appendBytes([]byte{'\\', '0' + c>>6, '0' + c>>3&7, '0' + c&7})
					default:
						out.appendByte(c)
					}
				}
			default:
				return nil, out.fail(pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized encoding: \"%s\"", format))
			}
		}
		out.end()
	}
	return out.finish(), nil
}

const hexLower = "0123456789abcdef"

// appendBase64 writes v in base64 with a newline after every 76 characters, as
// PostgreSQL's encode does.
func appendBase64(out *strOut, v []byte) {
	line := 0
	for len(v) > 0 {
		var buf uint32
		k := min(3, len(v))
		for j := 0; j < 3; j++ {
			buf <<= 8
			if j < k {
				buf |= uint32(v[j])
			}
		}
		v = v[k:]
		if line >= 76 {
			out.appendByte('\n')
			line = 0
		}
		quad := [4]byte{base64Chars[buf>>18&63], base64Chars[buf>>12&63], '=', '='}
		if k > 1 {
			quad[2] = base64Chars[buf>>6&63]
		}
		if k > 2 {
			quad[3] = base64Chars[buf&63]
		}
		out.appendBytes(quad[:])
		line += 4
	}
}

func decode(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, f := stringsOf(args[0]), stringsOf(args[1])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			var err error
			s := x.Value(i)
			// Decoding never lengthens: the output fits the space reserved here, so the
			// decoders may append to out.data directly.
			out.grow(len(s))
			switch format := f.Value(i); strings.ToLower(format) {
			case "hex":
				out.data, err = decodeHex(out.data, s)
			case "base64":
				out.data, err = decodeBase64(out.data, s)
			case "escape":
				out.data, err = types.ParseBytea(out.data, s)
			default:
				err = pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized encoding: \"%s\"", format)
			}
			if err != nil {
				return nil, out.fail(err)
			}
		}
		out.end()
	}
	return out.finishBinary(), nil
}

// decodeHex decodes hex digits in pairs, skipping white space between pairs.
func decodeHex(dst []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		hi, ok := unhexDigit(c)
		if !ok {
			return dst, errBadHexDigit(s[i:])
		}
		i++
		if i >= len(s) {
			return dst, pgerror.New(pgcode.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
		}
		lo, ok := unhexDigit(s[i])
		if !ok {
			return dst, errBadHexDigit(s[i:])
		}
		i++
		dst = append(dst, hi<<4|lo)
	}
	return dst, nil
}

func errBadHexDigit(s string) error {
	_, size := utf8.DecodeRuneInString(s)
	return pgerror.Newf(pgcode.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", s[:max(size, 1)])
}

// decodeBase64 decodes base64 as pg_base64_decode does: white space is skipped, and the
// padding must be complete.
func decodeBase64(dst []byte, s string) ([]byte, error) {
	var buf uint32
	pos, end := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		var b uint32
		if c == '=' {
			if end == 0 {
				switch pos {
				case 2:
					end = 1
				case 3:
					end = 2
				default:
					return dst, pgerror.New(pgcode.InvalidParameterValue, "unexpected \"=\" while decoding base64 sequence")
				}
			}
		} else {
			k := strings.IndexByte(base64Chars, c)
			if k < 0 {
				_, size := utf8.DecodeRuneInString(s[i:])
				return dst, pgerror.Newf(pgcode.InvalidParameterValue, "invalid symbol \"%s\" found while decoding base64 sequence", s[i:i+max(size, 1)])
			}
			b = uint32(k)
		}
		buf = buf<<6 | b
		pos++
		if pos == 4 {
			dst = append(dst, byte(buf>>16))
			if end == 0 || end > 1 {
				dst = append(dst, byte(buf>>8))
			}
			if end == 0 || end > 2 {
				dst = append(dst, byte(buf))
			}
			buf, pos = 0, 0
		}
	}
	if pos != 0 {
		return dst, pgerror.New(pgcode.InvalidParameterValue, "invalid base64 end sequence").
			WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
	}
	return dst, nil
}

// isUTF8Name reports whether name designates UTF8 as PostgreSQL's encoding names do
// (case and punctuation are ignored: utf8, UTF-8, Unicode).
func isUTF8Name(name string) bool {
	var clean []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			clean = append(clean, c)
		}
	}
	return string(clean) == "utf8" || string(clean) == "unicode"
}

// knownEncodings are PostgreSQL's other encoding names, for which conversion is not
// provided (an unknown name is a different error).
var knownEncodings = map[string]bool{
	"sqlascii": true, "latin1": true, "latin2": true, "latin9": true, "win1252": true, "euc_jp": true,
	"sjis": true, "gbk": true, "big5": true, "koi8r": true, "iso88591": true, "win1251": true,
}

func checkEncoding(name, role string) error {
	if isUTF8Name(name) {
		return nil
	}
	if knownEncodings[strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "_", ""))] {
		return pgerror.Newf(pgcode.FeatureNotSupported, "conversion between UTF8 and %s is not supported yet", name)
	}
	return pgerror.Newf(pgcode.InvalidParameterValue, "invalid %s encoding name \"%s\"", role, name)
}

func convertFrom(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, enc := binaryOf(args[0]), stringsOf(args[1])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if err := checkEncoding(enc.Value(i), "source"); err != nil {
				return nil, out.fail(err)
			}
			v := x.Value(i)
			if err := checkUTF8Bytes(v); err != nil {
				return nil, out.fail(err)
			}
			out.appendBytes(v)
		}
		out.end()
	}
	return out.finish(), nil
}

func convertTo(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, enc := stringsOf(args[0]), stringsOf(args[1])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if err := checkEncoding(enc.Value(i), "destination"); err != nil {
				return nil, out.fail(err)
			}
			out.appendString(x.Value(i))
		}
		out.end()
	}
	return out.finishBinary(), nil
}

func byteaEncodedLength(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, enc := binaryOf(args[0]), stringsOf(args[1])
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		if !env.RowValid(i) {
			continue
		}
		if err := checkEncoding(enc.Value(i), "source"); err != nil {
			buf.Release()
			return nil, err
		}
		v := x.Value(i)
		if err := checkUTF8Bytes(v); err != nil {
			buf.Release()
			return nil, err
		}
		out[i] = int32(utf8.RuneCount(v))
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

// checkUTF8Bytes reports the first invalid byte sequence as PostgreSQL does.
func checkUTF8Bytes(v []byte) error {
	for i := 0; i < len(v); {
		c := v[i]
		if c == 0 {
			return pgerror.New(pgcode.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00")
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		if r == utf8.RuneError && size <= 1 {
			end := min(len(v), i+max(utf8Len(c), 1))
			var b strings.Builder
			for j, d := range v[i:end] {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString("0x")
				b.WriteByte(hexLower[d>>4])
				b.WriteByte(hexLower[d&15])
			}
			return pgerror.Newf(pgcode.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", b.String())
		}
		i += size
	}
	return nil
}

// utf8Len is the sequence length a UTF-8 lead byte announces (1 for invalid lead bytes).
func utf8Len(c byte) int {
	switch {
	case c >= 0xF8:
		return 1
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
}

package udf

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// String functions. Text is UTF-8 and positions and lengths count characters, as PostgreSQL
// does in a UTF8 database. Most kernels first check whether the batch's character data is all
// ASCII (one pass over the bytes), and if so work on byte offsets directly.
//
// Case mapping follows Unicode simple case mapping, which is what PostgreSQL does under the
// C.UTF-8 locale pgfast emulates; comparison is by byte (code point) order likewise.

func registerText(b builder) {
	t, i4 := types.Text, types.Int4
	cat := b.scalar(1258, "textcat", oids(t, t), t, textTextKernel(func(out *strOut, a, b string) {
		out.appendString(a)
		out.appendString(b)
	}))
	b.op(654, "||", t, t, cat)

	length := b.scalar(1317, "length", oids(t), i4, textLength)
	b.alias(1381, "char_length", length)
	b.alias(1369, "character_length", length)
	b.alias(1257, "textlen", length)
	b.scalar(1374, "octet_length", oids(t), i4, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return textToInt(env, args[0], func(s string) int32 { return int32(len(s)) }), nil
	})
	b.scalar(870, "lower", oids(t), t, caseMap(unicode.ToLower, lowerASCII))
	b.scalar(871, "upper", oids(t), t, caseMap(unicode.ToUpper, upperASCII))
	b.scalar(872, "initcap", oids(t), t, textKernel(initcap))
	b.scalar(3062, "reverse", oids(t), t, textKernel(reverse))
	b.scalar(2311, "md5", oids(t), t, textKernel(func(out *strOut, s string) {
		sum := md5.Sum([]byte(s))
		var hexed [32]byte
		hex.Encode(hexed[:], sum[:])
		out.appendBytes(hexed[:])
	}))
	b.scalar(1620, "ascii", oids(t), i4, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return textToInt(env, args[0], func(s string) int32 {
			r, _ := utf8.DecodeRuneInString(s)
			if s == "" {
				return 0
			}
			return r
		}), nil
	})
	b.scalar(1621, "chr", oids(i4), t, chr)

	substr3 := b.scalar(877, "substr", oids(t, i4, i4), t, substr3)
	b.alias(936, "substring", substr3)
	substr2 := b.scalar(883, "substr", oids(t, i4), t, substr2)
	b.alias(937, "substring", substr2)
	pos := b.scalar(849, "position", oids(t, t), i4, strpos)
	b.alias(868, "strpos", pos)
	b.scalar(3696, "starts_with", oids(t, t), types.Bool, startsWith)
	b.scalar(2087, "replace", oids(t, t, t), t, replace)
	b.scalar(878, "translate", oids(t, t, t), t, translate)

	b.scalar(885, "btrim", oids(t), t, textKernel(func(out *strOut, s string) { out.appendString(strings.Trim(s, " ")) }))
	b.scalar(881, "ltrim", oids(t), t, textKernel(func(out *strOut, s string) { out.appendString(strings.TrimLeft(s, " ")) }))
	b.scalar(882, "rtrim", oids(t), t, textKernel(func(out *strOut, s string) { out.appendString(strings.TrimRight(s, " ")) }))
	b.scalar(884, "btrim", oids(t, t), t, textTextKernel(func(out *strOut, s, set string) { out.appendString(strings.Trim(s, set)) }))
	b.scalar(875, "ltrim", oids(t, t), t, textTextKernel(func(out *strOut, s, set string) { out.appendString(strings.TrimLeft(s, set)) }))
	b.scalar(876, "rtrim", oids(t, t), t, textTextKernel(func(out *strOut, s, set string) { out.appendString(strings.TrimRight(s, set)) }))

	b.scalar(3060, "left", oids(t, i4), t, textIntKernel(left))
	b.scalar(3061, "right", oids(t, i4), t, textIntKernel(right))
	b.scalar(1622, "repeat", oids(t, i4), t, repeat)
	b.scalar(873, "lpad", oids(t, i4, t), t, pad(true))
	b.scalar(874, "rpad", oids(t, i4, t), t, pad(false))
	b.scalar(879, "lpad", oids(t, i4), t, pad(true))
	b.scalar(880, "rpad", oids(t, i4), t, pad(false))
	b.scalar(2088, "split_part", oids(t, t, i4), t, splitPart)

	concat := b.scalar(3058, "concat", oids(types.Any), t, concat)
	concat.Strict, concat.Variadic, concat.Volatility = false, true, catalog.Stable
	concatWS := b.scalar(3059, "concat_ws", oids(t, types.Any), t, concatWS)
	concatWS.Strict, concatWS.Variadic, concatWS.Volatility = false, true, catalog.Stable
	b.addVariadicArray("concat", nil, t, concat.Scalar, false)
	b.addVariadicArray("concat_ws", oids(t), t, concatWS.Scalar, false)
}

// isASCII reports whether b holds only ASCII bytes.
func isASCII[S ~string | ~[]byte](b S) bool {
	for len(b) >= 8 {
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for i := 0; i < len(b); i++ {
		if b[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiArray reports whether every value of a String array is ASCII.
func asciiArray(a arrow.Array) bool {
	// ValueBytes covers exactly the characters of the array's rows, offset included.
	return isASCII(stringsOf(a).ValueBytes())
}

// textKernel maps each string to a string.
func textKernel(f func(out *strOut, s string)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in := stringsOf(args[0])
		n := in.Len()
		out := newStrOut(allocator(env), n, len(in.ValueBytes()))
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, in.Value(i))
			}
			out.end()
		}
		return out.finish(), nil
	}
}

// textTextKernel maps pairs of strings to a string.
func textTextKernel(f func(out *strOut, a, b string)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := stringsOf(args[0]), stringsOf(args[1])
		n := x.Len()
		out := newStrOut(allocator(env), n, len(x.ValueBytes())+len(y.ValueBytes()))
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, x.Value(i), y.Value(i))
			}
			out.end()
		}
		return out.finish(), nil
	}
}

// textIntKernel maps (string, int4) pairs to a string; ascii says the batch is all ASCII.
func textIntKernel(f func(out *strOut, s string, k int32, ascii bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, k := stringsOf(args[0]), values[int32](args[1])
		n := x.Len()
		ascii := asciiArray(x)
		out := newStrOut(allocator(env), n, len(x.ValueBytes()))
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, x.Value(i), k[i], ascii)
			}
			out.end()
		}
		return out.finish(), nil
	}
}

func textToInt(env *catalog.FuncEnv, a arrow.Array, f func(string) int32) arrow.Array {
	in := stringsOf(a)
	n := in.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		out[i] = f(in.Value(i))
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf)
}

func textLength(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	if asciiArray(args[0]) {
		offs := stringsOf(args[0]).ValueOffsets()
		n := args[0].Len()
		buf, out := newFixed[int32](allocator(env), n)
		for i := range out {
			out[i] = offs[i+1] - offs[i]
		}
		return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
	}
	return textToInt(env, args[0], func(s string) int32 { return int32(utf8.RuneCountInString(s)) }), nil
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// caseMap converts case, byte by byte for ASCII rows.
func caseMap(r func(rune) rune, c func(byte) byte) catalog.ScalarImpl {
	return textKernel(func(out *strOut, s string) {
		if isASCII(s) {
			out.grow(len(s))
			for i := 0; i < len(s); i++ {
				out.data = append(out.data, c(s[i]))
			}
			return
		}
		out.appendString(strings.Map(r, s))
	})
}

// initcap upper-cases the first letter of each run of letters and digits and lower-cases
// the rest.
func initcap(out *strOut, s string) {
	inWord := false
	var enc [utf8.UTFMax]byte
	for _, r := range s {
		if inWord {
			r = unicode.ToLower(r)
		} else {
			r = unicode.ToUpper(r)
		}
		inWord = unicode.IsLetter(r) || unicode.IsDigit(r)
		n := utf8.EncodeRune(enc[:], r)
		out.appendBytes(enc[:n])
	}
}

func reverse(out *strOut, s string) {
	out.grow(len(s))
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		out.data = append(out.data, s[i-size:i]...)
		i -= size
	}
}

// charPrefix returns the byte length of the first k characters of s (all of s if shorter).
func charPrefix(s string, k int, ascii bool) int {
	if k <= 0 {
		return 0
	}
	if ascii {
		return min(k, len(s))
	}
	for i := range s {
		if k == 0 {
			return i
		}
		k--
	}
	return len(s)
}

// charCount returns the number of characters of s.
func charCount(s string, ascii bool) int {
	if ascii {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// substring returns the characters [start, start+count) of s (1-based; count < 0 means to
// the end), clamped as PostgreSQL's text_substr does.
func substring(s string, start, count int64, ascii bool) string {
	end := int64(-1)
	if count >= 0 {
		end = start + count // exclusive, may be <= 1
		if end <= 1 {
			return ""
		}
	}
	if start < 1 {
		start = 1
	}
	from := charPrefix(s, int(min(start-1, int64(len(s)))), ascii)
	rest := s[from:]
	if end < 0 {
		return rest
	}
	return rest[:charPrefix(rest, int(min(end-start, int64(len(rest)))), ascii)]
}

func substr3(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, st, ct := stringsOf(args[0]), values[int32](args[1]), values[int32](args[2])
	n := x.Len()
	ascii := asciiArray(x)
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if ct[i] < 0 {
				return nil, out.fail(pgerror.New(pgcode.SubstringError, "negative substring length not allowed"))
			}
			out.appendString(substring(x.Value(i), int64(st[i]), int64(ct[i]), ascii))
		}
		out.end()
	}
	return out.finish(), nil
}

func substr2(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return textIntKernel(func(out *strOut, s string, start int32, ascii bool) {
		out.appendString(substring(s, int64(start), -1, ascii))
	})(env, args)
}

func left(out *strOut, s string, k int32, ascii bool) {
	if k < 0 {
		k = int32(max(int64(charCount(s, ascii))+int64(k), 0))
	}
	out.appendString(s[:charPrefix(s, int(k), ascii)])
}

func right(out *strOut, s string, k int32, ascii bool) {
	c := int64(charCount(s, ascii))
	var skip int64
	if k < 0 {
		skip = min(-int64(k), c)
	} else {
		skip = max(c-int64(k), 0)
	}
	out.appendString(s[charPrefix(s, int(skip), ascii):])
}

func strpos(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, y := stringsOf(args[0]), stringsOf(args[1])
	n := x.Len()
	ascii := asciiArray(x)
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		s := x.Value(i)
		p := strings.Index(s, y.Value(i))
		switch {
		case p < 0:
			out[i] = 0
		case ascii:
			out[i] = int32(p) + 1
		default:
			out[i] = int32(utf8.RuneCountInString(s[:p])) + 1
		}
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func startsWith(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, y := stringsOf(args[0]), stringsOf(args[1])
	n := x.Len()
	out := newBoolOut(allocator(env), n)
	for i := 0; i < n; i++ {
		out.bits[i>>3] |= setIf(strings.HasPrefix(x.Value(i), y.Value(i))) << (uint(i) & 7)
	}
	return out.finish(n), nil
}

func replace(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, from, to := stringsOf(args[0]), stringsOf(args[1]), stringsOf(args[2])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			s, f, t := x.Value(i), from.Value(i), to.Value(i)
			if f == "" {
				out.appendString(s)
			} else {
				for {
					j := strings.Index(s, f)
					if j < 0 {
						break
					}
					out.appendString(s[:j])
					out.appendString(t)
					s = s[j+len(f):]
				}
				out.appendString(s)
			}
		}
		out.end()
	}
	return out.finish(), nil
}

// translate replaces each character of s found in from by the character at the same position
// in to, deleting it when to is shorter; the first occurrence in from wins.
func translate(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, from, to := stringsOf(args[0]), stringsOf(args[1]), stringsOf(args[2])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	var fromRunes, toRunes []rune
	var enc [utf8.UTFMax]byte
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			fromRunes = append(fromRunes[:0], []rune(from.Value(i))...)
			toRunes = append(toRunes[:0], []rune(to.Value(i))...)
			for _, r := range x.Value(i) {
				k := -1
				for j, f := range fromRunes {
					if f == r {
						k = j
						break
					}
				}
				switch {
				case k < 0:
				case k < len(toRunes):
					r = toRunes[k]
				default:
					continue
				}
				out.appendBytes(enc[:utf8.EncodeRune(enc[:], r)])
			}
		}
		out.end()
	}
	return out.finish(), nil
}

// maxAlloc is PostgreSQL's limit on one value's size (MaxAllocSize).
const maxAlloc = 0x3fffffff

func errLengthTooLarge() error {
	return pgerror.New(pgcode.ProgramLimitExceeded, "requested length too large")
}

func repeat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, k := stringsOf(args[0]), values[int32](args[1])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			s := x.Value(i)
			if int64(k[i])*int64(len(s))+4 > maxAlloc {
				return nil, out.fail(errLengthTooLarge())
			}
			out.grow(int(k[i]) * len(s))
			for j := int32(0); j < k[i]; j++ {
				out.data = append(out.data, s...)
			}
		}
		out.end()
	}
	return out.finish(), nil
}

// pad is lpad/rpad: s is cut or padded to length characters with fill (default a space).
func pad(leftSide bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, k := stringsOf(args[0]), values[int32](args[1])
		n := x.Len()
		out := newStrOut(allocator(env), n, len(x.ValueBytes()))
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				out.end()
				continue
			}
			fill := " "
			if len(args) > 2 {
				fill = stringsOf(args[2]).Value(i)
			}
			s, length := x.Value(i), int(max(k[i], 0))
			if int64(length)*utf8.UTFMax+4 > maxAlloc {
				return nil, out.fail(errLengthTooLarge())
			}
			cut := s[:charPrefix(s, length, false)]
			padLen := length - utf8.RuneCountInString(cut)
			if fill == "" {
				padLen = 0
			}
			if !leftSide {
				out.appendString(cut)
			}
			for padLen > 0 {
				for _, r := range fill {
					if padLen == 0 {
						break
					}
					var enc [utf8.UTFMax]byte
					out.appendBytes(enc[:utf8.EncodeRune(enc[:], r)])
					padLen--
				}
			}
			if leftSide {
				out.appendString(cut)
			}
			out.end()
		}
		return out.finish(), nil
	}
}

func splitPart(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, d, k := stringsOf(args[0]), stringsOf(args[1]), values[int32](args[2])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			if k[i] == 0 {
				return nil, out.fail(pgerror.New(pgcode.InvalidParameterValue, "field position must not be zero"))
			}
			out.appendString(field(x.Value(i), d.Value(i), int(k[i])))
		}
		out.end()
	}
	return out.finish(), nil
}

// field returns split_part's field k (1-based; negative counts from the end).
func field(s, delim string, k int) string {
	if s == "" {
		return ""
	}
	if delim == "" || !strings.Contains(s, delim) {
		if k == 1 || k == -1 {
			return s
		}
		return ""
	}
	if k < 0 {
		k += strings.Count(s, delim) + 2
		if k <= 0 {
			return ""
		}
	}
	for ; k > 1; k-- {
		j := strings.Index(s, delim)
		if j < 0 {
			return ""
		}
		s = s[j+len(delim):]
	}
	if j := strings.Index(s, delim); j >= 0 {
		return s[:j]
	}
	return s
}

func chr(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	c := values[int32](args[0])
	n := len(c)
	out := newStrOut(allocator(env), n, n)
	var enc [utf8.UTFMax]byte
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v := c[i]
			switch {
			case v == 0:
				return nil, out.fail(pgerror.New(pgcode.ProgramLimitExceeded, "null character not permitted"))
			case v < 0:
				return nil, out.fail(pgerror.New(pgcode.ProgramLimitExceeded, "character number must be positive"))
			case v > unicode.MaxRune:
				return nil, out.fail(pgerror.Newf(pgcode.ProgramLimitExceeded, "requested character too large for encoding: %d", v))
			case v >= 0xD800 && v <= 0xDFFF:
				return nil, out.fail(pgerror.Newf(pgcode.ProgramLimitExceeded, "requested character not valid for encoding: %d", v))
			}
			out.appendBytes(enc[:utf8.EncodeRune(enc[:], v)])
		}
		out.end()
	}
	return out.finish(), nil
}

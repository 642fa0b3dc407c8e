package udf

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// bytea functions and operators: concatenation, comparison, LIKE, length, substring,
// position, trimming, overlay, byte and bit access, digests. bytea values live in Binary
// arrays, which share String arrays' layout, so results are built with strOut.

func registerBytea(b builder) {
	y, i4, i8, t := types.Bytea, types.Int4, types.Int8, types.Text
	b.op(2018, "||", y, y, b.scalar(2011, "byteacat", oids(y, y), y, byteaByteaKernel(func(out *strOut, a, b []byte) {
		out.appendBytes(a)
		out.appendBytes(b)
	})))
	for k, name := range [6]string{"byteaeq", "byteane", "bytealt", "byteale", "byteagt", "byteage"} {
		f := b.scalar([6]types.OID{1948, 1953, 1949, 1950, 1951, 1952}[k], name, oids(y, y), types.Bool,
			compareImpl(cmpOps[k], cmpLoops{lt: byteaLt, eq: byteaEq}))
		b.op([6]types.OID{1955, 1956, 1957, 1958, 1959, 1960}[k], cmpOpNames[k], y, y, f)
	}

	length := b.scalar(2010, "length", oids(y), i4, byteaToInt(func(v []byte) int64 { return int64(len(v)) }))
	b.alias(720, "octet_length", length)
	b.scalar(1810, "bit_length", oids(y), i4, byteaToInt(func(v []byte) int64 { return 8 * int64(len(v)) }))
	b.scalar(1811, "bit_length", oids(t), i4, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return textToInt(env, args[0], func(s string) int32 { return int32(8 * len(s)) }), nil
	})
	b.scalar(6163, "bit_count", oids(y), i8, byteaToInt(func(v []byte) int64 {
		n := 0
		for _, c := range v {
			n += bits.OnesCount8(c)
		}
		return int64(n)
	}))

	b.scalar(2321, "md5", oids(y), t, byteaToText(func(out *strOut, v []byte) {
		sum := md5.Sum(v)
		var hexed [32]byte
		hex.Encode(hexed[:], sum[:])
		out.appendBytes(hexed[:])
	}))
	b.scalar(3419, "sha224", oids(y), y, byteaKernel(func(out *strOut, v []byte) { s := sha256.Sum224(v); out.appendBytes(s[:]) }))
	b.scalar(3420, "sha256", oids(y), y, byteaKernel(func(out *strOut, v []byte) { s := sha256.Sum256(v); out.appendBytes(s[:]) }))
	b.scalar(3421, "sha384", oids(y), y, byteaKernel(func(out *strOut, v []byte) { s := sha512.Sum384(v); out.appendBytes(s[:]) }))
	b.scalar(3422, "sha512", oids(y), y, byteaKernel(func(out *strOut, v []byte) { s := sha512.Sum512(v); out.appendBytes(s[:]) }))

	sub3 := b.scalar(2012, "substring", oids(y, i4, i4), y, byteaSubstr)
	b.alias(2085, "substr", sub3)
	sub2 := b.scalar(2013, "substring", oids(y, i4), y, byteaSubstr)
	b.alias(2086, "substr", sub2)
	b.scalar(2014, "position", oids(y, y), i4, byteaPosition)

	b.scalar(2015, "btrim", oids(y, y), y, byteaByteaKernel(func(out *strOut, v, set []byte) {
		out.appendBytes(trimBytes(v, set, true, true))
	}))
	b.scalar(6195, "ltrim", oids(y, y), y, byteaByteaKernel(func(out *strOut, v, set []byte) {
		out.appendBytes(trimBytes(v, set, true, false))
	}))
	b.scalar(6196, "rtrim", oids(y, y), y, byteaByteaKernel(func(out *strOut, v, set []byte) {
		out.appendBytes(trimBytes(v, set, false, true))
	}))

	b.scalar(721, "get_byte", oids(y, i4), i4, getByte)
	b.scalar(722, "set_byte", oids(y, i4, i4), y, setByte)
	b.scalar(723, "get_bit", oids(y, i8), i4, getBit)
	b.scalar(724, "set_bit", oids(y, i8, i4), y, setBit)

	like := b.scalar(2005, "bytealike", oids(y, y), types.Bool, byteaLike(false))
	b.op(2016, "~~", y, y, like)
	b.alias(2007, "like", like)
	notLike := b.scalar(2006, "byteanlike", oids(y, y), types.Bool, byteaLike(true))
	b.op(2017, "!~~", y, y, notLike)
	b.alias(2008, "notlike", notLike)
	b.scalar(2009, "like_escape", oids(y, y), y, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		p, e := binaryOf(args[0]), binaryOf(args[1])
		n := p.Len()
		out := newStrOut(allocator(env), n, 0)
		var buf []byte
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				var err error
				if buf, err = likeEscapeBytes(buf[:0], p.Value(i), e.Value(i)); err != nil {
					return nil, out.fail(err)
				}
				out.appendBytes(buf)
			}
			out.end()
		}
		return out.finishBinary(), nil
	})
}

// binaryOf returns the Binary array behind a bytea argument.
func binaryOf(a arrow.Array) *array.Binary { return a.(*array.Binary) }

// finishBinary returns the built values as a Binary (bytea) array.
func (s *strOut) finishBinary() arrow.Array {
	s.dataBuf.ResizeNoShrink(len(s.data))
	return makeArray(arrow.BinaryTypes.Binary, s.row, s.valid, s.nulls, s.offBuf, s.dataBuf)
}

func byteaKernel(f func(out *strOut, v []byte)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in := binaryOf(args[0])
		n := in.Len()
		out := newStrOut(allocator(env), n, 0)
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, in.Value(i))
			}
			out.end()
		}
		return out.finishBinary(), nil
	}
}

func byteaToText(f func(out *strOut, v []byte)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in := binaryOf(args[0])
		n := in.Len()
		out := newStrOut(allocator(env), n, 0)
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, in.Value(i))
			}
			out.end()
		}
		return out.finish(), nil
	}
}

func byteaByteaKernel(f func(out *strOut, a, b []byte)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := binaryOf(args[0]), binaryOf(args[1])
		n := x.Len()
		out := newStrOut(allocator(env), n, len(x.ValueBytes())+len(y.ValueBytes()))
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				f(out, x.Value(i), y.Value(i))
			}
			out.end()
		}
		return out.finishBinary(), nil
	}
}

// byteaToInt maps values to int4, or to int8 when the function returns bigint.
func byteaToInt(f func([]byte) int64) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in := binaryOf(args[0])
		n := in.Len()
		if env.RetType.OID == types.Int8 {
			buf, out := newFixed[int64](allocator(env), n)
			for i := range out {
				out[i] = f(in.Value(i))
			}
			return makeArray(arrow.PrimitiveTypes.Int64, n, nil, 0, buf), nil
		}
		buf, out := newFixed[int32](allocator(env), n)
		for i := range out {
			out[i] = int32(f(in.Value(i)))
		}
		return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
	}
}

func byteaLt(x, y arrow.Array, out boolOut) {
	a, b := binaryOf(x), binaryOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(bytes.Compare(a.Value(i), b.Value(i)) < 0) << (uint(i) & 7)
	}
}

func byteaEq(x, y arrow.Array, out boolOut) {
	a, b := binaryOf(x), binaryOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(bytes.Equal(a.Value(i), b.Value(i))) << (uint(i) & 7)
	}
}

// byteaSubstr is substring(bytea, start [, count]), clamped as bytea_substring does.
func byteaSubstr(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, st := binaryOf(args[0]), values[int32](args[1])
	count := optInt(args, 2, -1)
	n := x.Len()
	out := newStrOut(allocator(env), n, 0)
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v, s, c := x.Value(i), int64(st[i]), int64(count.at(i))
			if len(args) > 2 && c < 0 {
				return nil, out.fail(pgerror.New(pgcode.SubstringError, "negative substring length not allowed"))
			}
			end := int64(len(v)) + 1
			if len(args) > 2 {
				end = min(s+c, end)
			}
			s = max(s, 1)
			if s < end && s <= int64(len(v)) {
				out.appendBytes(v[s-1 : end-1])
			}
		}
		out.end()
	}
	return out.finishBinary(), nil
}

func byteaPosition(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, y := binaryOf(args[0]), binaryOf(args[1])
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		out[i] = int32(bytes.Index(x.Value(i), y.Value(i)) + 1)
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

// trimBytes removes bytes found in set from the chosen ends of v.
func trimBytes(v, set []byte, leading, trailing bool) []byte {
	if len(set) == 0 {
		return v
	}
	if leading {
		for len(v) > 0 && bytes.IndexByte(set, v[0]) >= 0 {
			v = v[1:]
		}
	}
	if trailing {
		for len(v) > 0 && bytes.IndexByte(set, v[len(v)-1]) >= 0 {
			v = v[:len(v)-1]
		}
	}
	return v
}

func errIndexRange(n int64, last int64) error {
	return pgerror.Newf(pgcode.ArraySubscriptError, "index %d out of valid range, 0..%d", n, last)
}

func getByte(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, k := binaryOf(args[0]), values[int32](args[1])
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		if !env.RowValid(i) {
			continue
		}
		v := x.Value(i)
		if k[i] < 0 || int(k[i]) >= len(v) {
			buf.Release()
			return nil, errIndexRange(int64(k[i]), int64(len(v))-1)
		}
		out[i] = int32(v[k[i]])
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func setByte(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, k, nv := binaryOf(args[0]), values[int32](args[1]), values[int32](args[2])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v := x.Value(i)
			if k[i] < 0 || int(k[i]) >= len(v) {
				return nil, out.fail(errIndexRange(int64(k[i]), int64(len(v))-1))
			}
			at := len(out.data)
			out.appendBytes(v)
			out.data[at+int(k[i])] = byte(nv[i])
		}
		out.end()
	}
	return out.finishBinary(), nil
}

func getBit(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, k := binaryOf(args[0]), values[int64](args[1])
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	for i := range out {
		if !env.RowValid(i) {
			continue
		}
		v := x.Value(i)
		if k[i] < 0 || k[i] >= 8*int64(len(v)) {
			buf.Release()
			return nil, errIndexRange(k[i], 8*int64(len(v))-1)
		}
		out[i] = int32(v[k[i]/8]>>(k[i]%8)) & 1
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func setBit(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, k, nv := binaryOf(args[0]), values[int64](args[1]), values[int32](args[2])
	n := x.Len()
	out := newStrOut(allocator(env), n, len(x.ValueBytes()))
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			v := x.Value(i)
			if k[i] < 0 || k[i] >= 8*int64(len(v)) {
				return nil, out.fail(errIndexRange(k[i], 8*int64(len(v))-1))
			}
			if nv[i] != 0 && nv[i] != 1 {
				return nil, out.fail(pgerror.New(pgcode.InvalidParameterValue, "new bit must be 0 or 1"))
			}
			at := len(out.data)
			out.appendBytes(v)
			p := &out.data[at+int(k[i]/8)]
			*p = *p&^(1<<(k[i]%8)) | byte(nv[i])<<(k[i]%8)
		}
		out.end()
	}
	return out.finishBinary(), nil
}

// byteaLike is LIKE over bytes: % and _ match bytes, not characters.
func byteaLike(negate bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p := binaryOf(args[0]), binaryOf(args[1])
		n := x.Len()
		out := newBoolOut(allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			r, err := byteLikeMatch(x.Value(i), p.Value(i))
			if err != nil {
				out.buf.Release()
				return nil, err
			}
			if (r == likeTrue) != negate {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

// byteLikeMatch matches t against LIKE pattern p byte by byte, with the same early exits
// as the text matcher.
func byteLikeMatch(t, p []byte) (int, error) {
	for len(t) > 0 && len(p) > 0 {
		switch p[0] {
		case '\\':
			p = p[1:]
			if len(p) == 0 {
				return likeFalse, errLikeEscape()
			}
			if p[0] != t[0] {
				return likeFalse, nil
			}
		case '%':
			for len(p) > 0 && (p[0] == '%' || p[0] == '_') {
				if p[0] == '_' {
					if len(t) == 0 {
						return likeAbort, nil
					}
					t = t[1:]
				}
				p = p[1:]
			}
			if len(p) == 0 {
				return likeTrue, nil
			}
			for len(t) > 0 {
				r, err := byteLikeMatch(t, p)
				if err != nil || r != likeFalse {
					return r, err
				}
				t = t[1:]
			}
			return likeAbort, nil
		case '_':
		default:
			if p[0] != t[0] {
				return likeFalse, nil
			}
		}
		t, p = t[1:], p[1:]
	}
	if len(t) > 0 {
		return likeFalse, nil
	}
	for len(p) > 0 && p[0] == '%' {
		p = p[1:]
	}
	if len(p) == 0 {
		return likeTrue, nil
	}
	return likeAbort, nil
}

// likeEscapeBytes is like_escape for bytea: the escape is one byte or none.
func likeEscapeBytes(dst, p, esc []byte) ([]byte, error) {
	if len(esc) > 1 {
		return nil, errInvalidEscapeString()
	}
	if len(esc) == 0 {
		for _, c := range p {
			if c == '\\' {
				dst = append(dst, '\\')
			}
			dst = append(dst, c)
		}
		return dst, nil
	}
	if esc[0] == '\\' {
		return append(dst, p...), nil
	}
	afterEscape := false
	for _, c := range p {
		switch {
		case c == esc[0] && !afterEscape:
			dst = append(dst, '\\')
			afterEscape = true
			continue
		case c == '\\':
			dst = append(dst, '\\')
			if !afterEscape {
				dst = append(dst, '\\')
			}
		default:
			dst = append(dst, c)
		}
		afterEscape = false
	}
	return dst, nil
}

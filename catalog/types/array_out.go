package types

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
)

// Array text output, as PostgreSQL's array_out: elements in their type's text output,
// quoted when they need it, in nested braces, with the dimension decoration ("[0:2]=")
// when a lower bound is not 1. int2vector and oidvector print their elements separated by
// spaces.

// arrayTextAppender returns the text output of arr, values of the array type t. The
// appender keeps a scratch buffer: like every Appender it serves one goroutine.
func arrayTextAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	r := ReadArrays(arr)
	elemT, _ := ElemType(t)
	elems := r.Elements()
	app := textAppender(elemT, elems, s)
	if IsVector(t.OID) {
		return func(dst []byte, i int) []byte {
			start, end := r.Range(i)
			for k := start; k < end; k++ {
				if k > start {
					dst = append(dst, ' ')
				}
				dst = app(dst, k)
			}
			return dst
		}
	}
	var scratch []byte
	return func(dst []byte, i int) []byte {
		start, end := r.Range(i)
		if start == end {
			return append(dst, '{', '}')
		}
		shape := r.Shape(i)
		dst = appendDimsDecoration(dst, shape)
		return appendNested(dst, shape, start, func(dst []byte, k int) []byte {
			if elems.IsNull(k) {
				return append(dst, "NULL"...)
			}
			scratch = app(scratch[:0], k)
			return appendQuotedElement(dst, scratch)
		})
	}
}

// appendDimsDecoration appends "[lb:ub]...=" when some lower bound of s is not 1.
func appendDimsDecoration(dst []byte, s Shape) []byte {
	plain := true
	for d := 0; d < s.NDim; d++ {
		plain = plain && s.LBounds[d] == 1
	}
	if plain {
		return dst
	}
	for d := 0; d < s.NDim; d++ {
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(s.LBounds[d]), 10)
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(s.Upper(d)), 10)
		dst = append(dst, ']')
	}
	return append(dst, '=')
}

// appendNested appends the elements start.. of an array of shape s in nested braces,
// each written by elem.
func appendNested(dst []byte, s Shape, start int, elem func(dst []byte, k int) []byte) []byte {
	var indx [MaxDim]int32
	dst = append(dst, '{')
	k := start
	for j := 0; j != -1; {
		for d := j; d < s.NDim-1; d++ {
			dst = append(dst, '{')
		}
		dst = elem(dst, k)
		k++
		d := s.NDim - 1
		for ; d >= 0; d-- {
			indx[d]++
			if indx[d] < s.Dims[d] {
				dst = append(dst, arrayDelim)
				break
			}
			indx[d] = 0
			dst = append(dst, '}')
		}
		j = d
	}
	return dst
}

// appendQuotedElement appends one element's text as array_out writes it: in double quotes,
// with " and \ escaped, when it is empty, reads NULL, or holds a brace, the delimiter, a
// quote, a backslash or white space.
func appendQuotedElement(dst, v []byte) []byte {
	quote := len(v) == 0 || equalFold(bytesView(v), "null")
	for _, c := range v {
		if c == '"' || c == '\\' || c == '{' || c == '}' || c == arrayDelim || isArraySpace(c) {
			quote = true
			break
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	for _, c := range v {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

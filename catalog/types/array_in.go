package types

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Array text input, as PostgreSQL 15's array_in: optional dimension decoration
// ("[0:2][1:3]="), then the brace structure with quoted and backslash-escaped elements.
//
// The literal is read in PostgreSQL 15's two passes, so that odd inputs get its answers and
// errors exactly: a first pass (arrayCount) checks the brace structure with its state
// machine, reporting each mistake with its DETAIL, and counts the dimensions; a second pass
// (arrayElements) cuts out the element texts and places each at the position its braces
// give (positions no element reaches are NULL). Only then are the elements converted, so a
// malformed literal is reported as such even when an element would not convert.

// arrayDelim is typdelim: the element delimiter of every type pgfast has (box's ';' aside).
const arrayDelim = ','

// maxArraySize is PostgreSQL's MaxArraySize: the most elements one array may hold.
const maxArraySize = (1<<30 - 1) / 8

// isArraySpace is array_isspace: ASCII white space, independent of locale.
func isArraySpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// errMalformedArray is 22P02 for the literal s, with an optional DETAIL.
func errMalformedArray(s []byte, detail string) error {
	e := pgerror.Newf(pgcode.InvalidTextRepresentation, "malformed array literal: \"%s\"", s)
	if detail != "" {
		e.Detail = detail
	}
	return e
}

func errTooManyDims(n int) error {
	return pgerror.Newf(pgcode.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", n, MaxDim)
}

// cAtoi is C's atoi as glibc implements it ((int) strtol): a sign and digits, stopping at
// anything else, clamped to 64 bits and then truncated to 32.
func cAtoi(s []byte) int32 {
	i, neg := 0, false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var v uint64
	over := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		if v > (math.MaxInt64-9)/10 {
			over = true
		}
		v = v*10 + uint64(s[i]-'0')
	}
	r := int64(v)
	switch {
	case over && neg:
		r = math.MinInt64
	case over:
		r = math.MaxInt64
	case neg:
		r = -r
	}
	return int32(r)
}

// arrayLiteral is an array literal read into its shape and element texts.
type arrayLiteral struct {
	shape Shape
	// text holds the de-escaped element texts; elem[i] is the span of element i, or
	// {-1, -1} for a NULL element.
	text []byte
	elem [][2]int
}

// parseArrayLiteral reads the text form of an array into lit.
func parseArrayLiteral(src []byte, lit *arrayLiteral) error {
	p := 0
	var dims, lbs [MaxDim]int32
	ndim := 0
	for {
		for p < len(src) && isArraySpace(src[p]) {
			p++
		}
		if p >= len(src) || src[p] != '[' {
			break
		}
		p++
		if ndim >= MaxDim {
			return errTooManyDims(ndim + 1)
		}
		var err error
		if p, lbs[ndim], dims[ndim], err = arrayDimension(src, p); err != nil {
			return err
		}
		ndim++
	}
	var counted [MaxDim]int32
	if ndim == 0 {
		if p >= len(src) || src[p] != '{' {
			return errMalformedArray(src, "Array value must start with \"{\" or dimension information.")
		}
		n, err := arrayCount(src[p:], &counted)
		if err != nil {
			return err
		}
		ndim, dims = n, counted
		for d := 0; d < ndim; d++ {
			lbs[d] = 1
		}
	} else {
		if p >= len(src) || src[p] != '=' {
			return errMalformedArray(src, "Missing \"=\" after array dimensions.")
		}
		p++
		for p < len(src) && isArraySpace(src[p]) {
			p++
		}
		if p >= len(src) || src[p] != '{' {
			return errMalformedArray(src, "Array contents must start with \"{\".")
		}
		n, err := arrayCount(src[p:], &counted)
		if err != nil {
			return err
		}
		if n != ndim || counted != dims {
			return errMalformedArray(src, "Specified array dimensions do not match array contents.")
		}
	}
	nitems, err := checkArrayShape(ndim, dims[:ndim], lbs[:ndim])
	if err != nil {
		return err
	}
	lit.shape = Shape{}
	lit.text, lit.elem = lit.text[:0], lit.elem[:0]
	if nitems == 0 {
		return nil
	}
	lit.shape = Shape{NDim: ndim, Dims: dims, LBounds: lbs}
	return lit.readElements(src, src[p:], nitems)
}

// arrayDimension reads one "[m:n]" or "[n]" item of the dimension decoration, p just past
// the "[", and returns the position after the "]", the lower bound and the length.
func arrayDimension(src []byte, p int) (int, int32, int32, error) {
	numberEnd := func(q int) int {
		for q < len(src) && (isDigit(src[q]) || src[q] == '-' || src[q] == '+') {
			q++
		}
		return q
	}
	q := numberEnd(p)
	if q == p {
		return 0, 0, 0, errMalformedArray(src, "\"[\" must introduce explicitly-specified array dimensions.")
	}
	lb := int32(1)
	if q < len(src) && src[q] == ':' {
		lb = cAtoi(src[p:q])
		p = q + 1
		if q = numberEnd(p); q == p {
			return 0, 0, 0, errMalformedArray(src, "Missing array dimension value.")
		}
	}
	if q >= len(src) || src[q] != ']' {
		return 0, 0, 0, errMalformedArray(src, "Missing \"]\" after array dimensions.")
	}
	ub := cAtoi(src[p:q])
	if ub < lb {
		return 0, 0, 0, pgerror.New(pgcode.ArraySubscriptError, "upper bound cannot be less than lower bound")
	}
	return q + 1, lb, ub - lb + 1, nil
}

// checkArrayShape applies ArrayGetNItems and ArrayCheckBounds: the element count must not
// exceed maxArraySize and no upper bound may overflow. It returns the element count.
func checkArrayShape(ndim int, dims, lbs []int32) (int, error) {
	if ndim == 0 {
		return 0, nil
	}
	n := int64(1)
	for d := 0; d < ndim; d++ {
		if dims[d] < 0 {
			return 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArraySize)
		}
		n *= int64(dims[d])
		if n > maxArraySize {
			return 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArraySize)
		}
	}
	for d := 0; d < ndim; d++ {
		if int64(dims[d])+int64(lbs[d]) > math.MaxInt32 {
			return 0, pgerror.Newf(pgcode.ProgramLimitExceeded, "array lower bound is too large: %d", lbs[d])
		}
	}
	return int(n), nil
}

// States of arrayCount's scanner (PostgreSQL's ArrayParseState).
type arrayParseState uint8

const (
	arrNoLevel arrayParseState = iota
	arrLevelStarted
	arrElemStarted
	arrElemCompleted
	arrQuotedElemStarted
	arrQuotedElemCompleted
	arrElemDelimited
	arrLevelCompleted
	arrLevelDelimited
)

func stateIn(s arrayParseState, set ...arrayParseState) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// arrayCount checks the brace structure of s (starting at its "{") and returns the number
// of dimensions, their lengths in dims, and 0 for an empty array.
func arrayCount(s []byte, dims *[MaxDim]int32) (int, error) {
	var temp, nelems, nelemsLast [MaxDim]int32
	for i := range nelems {
		nelems[i] = 1
	}
	unexpected := func(c byte) error { return errMalformedArray(s, "Unexpected \""+string(c)+"\" character.") }
	nest, ndim := 0, 1
	inQuotes, empty, eoArray := false, true, false
	state := arrNoLevel
	p := 0
	for !eoArray {
		itemDone := false
		for !itemDone {
			if state == arrElemStarted || state == arrQuotedElemStarted {
				empty = false
			}
			if p >= len(s) {
				return 0, errMalformedArray(s, "Unexpected end of input.")
			}
			switch c := s[p]; c {
			case '\\':
				if !stateIn(state, arrLevelStarted, arrElemStarted, arrQuotedElemStarted, arrElemDelimited) {
					return 0, unexpected('\\')
				}
				if state != arrQuotedElemStarted {
					state = arrElemStarted
				}
				if p+1 >= len(s) {
					return 0, errMalformedArray(s, "Unexpected end of input.")
				}
				p++
			case '"':
				if !stateIn(state, arrLevelStarted, arrQuotedElemStarted, arrElemDelimited) {
					return 0, errMalformedArray(s, "Unexpected array element.")
				}
				inQuotes = !inQuotes
				if inQuotes {
					state = arrQuotedElemStarted
				} else {
					state = arrQuotedElemCompleted
				}
			case '{':
				if inQuotes {
					break
				}
				if !stateIn(state, arrNoLevel, arrLevelStarted, arrLevelDelimited) {
					return 0, unexpected('{')
				}
				state = arrLevelStarted
				if nest >= MaxDim {
					return 0, errTooManyDims(nest + 1)
				}
				temp[nest] = 0
				nest++
				ndim = max(ndim, nest)
			case '}':
				if inQuotes {
					break
				}
				if !stateIn(state, arrElemStarted, arrElemCompleted, arrQuotedElemCompleted, arrLevelCompleted) &&
					!(nest == 1 && state == arrLevelStarted) {
					return 0, unexpected('}')
				}
				state = arrLevelCompleted
				if nest == 0 {
					return 0, errMalformedArray(s, "Unmatched \"}\" character.")
				}
				nest--
				if nelemsLast[nest] != 0 && nelems[nest] != nelemsLast[nest] {
					return 0, errMalformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
				}
				nelemsLast[nest] = nelems[nest]
				nelems[nest] = 1
				if nest == 0 {
					eoArray, itemDone = true, true
				} else {
					temp[nest-1]++
				}
			default:
				if inQuotes {
					break
				}
				if c == arrayDelim {
					if !stateIn(state, arrElemStarted, arrElemCompleted, arrQuotedElemCompleted, arrLevelCompleted) {
						return 0, unexpected(c)
					}
					if state == arrLevelCompleted {
						state = arrLevelDelimited
					} else {
						state = arrElemDelimited
					}
					itemDone = true
					nelems[nest-1]++
				} else if !isArraySpace(c) {
					if !stateIn(state, arrLevelStarted, arrElemStarted, arrElemDelimited) {
						return 0, errMalformedArray(s, "Unexpected array element.")
					}
					state = arrElemStarted
				}
			}
			if !itemDone {
				p++
			}
		}
		temp[ndim-1]++
		p++
	}
	for ; p < len(s); p++ {
		if !isArraySpace(s[p]) {
			return 0, errMalformedArray(s, "Junk after closing right brace.")
		}
	}
	if empty {
		return 0, nil
	}
	*dims = temp
	return ndim, nil
}

// readElements cuts the element texts out of body (the literal from its first "{") and
// places them by their subscripts, as ReadArrayStr does. src is the whole literal, for
// messages.
func (lit *arrayLiteral) readElements(src, body []byte, nitems int) error {
	ndim := lit.shape.NDim
	var prod [MaxDim]int
	prod[ndim-1] = 1
	for d := ndim - 2; d >= 0; d-- {
		prod[d] = prod[d+1] * int(lit.shape.Dims[d+1])
	}
	for i := 0; i < nitems; i++ {
		lit.elem = append(lit.elem, [2]int{-1, -1})
	}
	var indx [MaxDim]int
	offset := func() int {
		o := 0
		for d := 0; d < ndim; d++ {
			o += indx[d] * prod[d]
		}
		return o
	}
	malformed := errMalformedArray(src, "")
	nest, p := 0, 0
	inQuotes, eoArray := false, false
	for !eoArray {
		itemDone, leading, quoted := false, true, false
		i := -1
		start := len(lit.text)
		end := start
		for !itemDone {
			if p >= len(body) {
				return malformed
			}
			c := body[p]
			switch {
			case c == '\\':
				p++
				if p >= len(body) {
					return malformed
				}
				lit.text = append(lit.text, body[p])
				leading, quoted, end = false, true, len(lit.text)
			case c == '"':
				inQuotes = !inQuotes
				if inQuotes {
					leading = false
				} else {
					end = len(lit.text)
				}
				quoted = true
			case inQuotes:
				lit.text = append(lit.text, c)
			case c == '{':
				if nest >= ndim {
					return malformed
				}
				nest++
				indx[nest-1] = 0
			case c == '}':
				if nest == 0 {
					return malformed
				}
				if i == -1 {
					i = offset()
				}
				indx[nest-1] = 0
				nest--
				if nest == 0 {
					eoArray, itemDone = true, true
				} else {
					indx[nest-1]++
				}
			case c == arrayDelim:
				if i == -1 {
					i = offset()
				}
				itemDone = true
				indx[ndim-1]++
			case isArraySpace(c):
				if !leading {
					lit.text = append(lit.text, c)
				}
			default:
				lit.text = append(lit.text, c)
				leading, end = false, len(lit.text)
			}
			p++
		}
		lit.text = lit.text[:end]
		if i < 0 || i >= nitems {
			return malformed
		}
		if !quoted && equalFold(bytesView(lit.text[start:end]), "null") {
			lit.elem[i] = [2]int{-1, -1}
		} else {
			lit.elem[i] = [2]int{start, end}
		}
	}
	return nil
}

// arrayTextParser is array_in for the array type t: elements are read with the element
// type's input function under t's modifier.
func arrayTextParser(t T, s *IOSettings) TextParser {
	elemT, _ := ElemType(t)
	if IsVector(t.OID) {
		return vectorTextParser(t, elemT)
	}
	parseElem := TextParserFor(elemT, s)
	return func(b array.Builder, text []byte) error {
		var lit arrayLiteral
		if err := parseArrayLiteral(text, &lit); err != nil {
			return err
		}
		return lit.appendTo(ArrayBuilderOf(b), parseElem)
	}
}

// appendTo converts the elements with parse and appends the array to ab. On a conversion
// error the value is abandoned (see ArrayBuilder.Abandon).
func (lit *arrayLiteral) appendTo(ab ArrayBuilder, parse TextParser) error {
	ab.Begin()
	eb := ab.Elems()
	for _, e := range lit.elem {
		if e[0] < 0 {
			eb.AppendNull()
			continue
		}
		if err := parse(eb, lit.text[e[0]:e[1]]); err != nil {
			ab.Abandon()
			return err
		}
	}
	ab.End(lit.shape)
	return nil
}

// vectorTextParser reads int2vector and oidvector input: elements separated by white space.
func vectorTextParser(t T, elemT T) TextParser {
	parseElem := TextParserFor(elemT, nil)
	return func(b array.Builder, text []byte) error {
		ab := ArrayBuilderOf(b)
		ab.Begin()
		n := 0
		for p := 0; p < len(text); {
			for p < len(text) && isSpace(text[p]) {
				p++
			}
			q := p
			for q < len(text) && !isSpace(text[q]) {
				q++
			}
			if q == p {
				break
			}
			if err := parseElem(ab.Elems(), text[p:q]); err != nil {
				ab.Abandon()
				return err
			}
			n++
			p = q
		}
		s := Vector(n)
		if n > 0 {
			s.LBounds[0] = 0
		}
		ab.End(s)
		return nil
	}
}

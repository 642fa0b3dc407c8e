package pgjson

import (
	"unicode/utf8"
)

// The lexer follows PostgreSQL's JSON lexer (src/common/jsonapi.c) token for token, so that
// errors point at the same token and carry the same DETAIL: an invalid word is scanned to
// the end of its alphanumeric run and reported whole ("Token "trues" is invalid."), a bad
// escape reports just the escape, and so on.

type tokenType uint8

const (
	tokInvalid tokenType = iota
	tokString
	tokNumber
	tokObjectStart
	tokObjectEnd
	tokArrayStart
	tokArrayEnd
	tokComma
	tokColon
	tokTrue
	tokFalse
	tokNull
	tokEnd
)

// errorKind is PostgreSQL's JsonParseErrorType: which DETAIL message an error gets.
type errorKind uint8

const (
	errNone errorKind = iota
	errInvalidToken
	errEscapingInvalid
	errEscapingRequired
	errExpectedEnd
	errExpectedArrayNext
	errExpectedColon
	errExpectedJSON
	errExpectedMore
	errExpectedObjectFirst
	errExpectedObjectNext
	errExpectedString
	errUnicodeCodePointZero
	errUnicodeEscapeFormat
	errUnicodeHighSurrogate
	errUnicodeLowSurrogate
	errNumberOutOfRange // numeric_in's limits, for jsonb numbers
	errTooDeep          // nesting beyond the stack depth limit
)

// lexer scans one JSON text. Positions are byte offsets into in.
type lexer struct {
	in []byte
	// tokStart and tokEnd delimit the current token (tokStart is the start of the escape
	// sequence for errEscapingInvalid, as PostgreSQL reports it).
	tokStart, tokEnd int
	tok              tokenType
	// needEscapes decodes strings into str and checks their \u escapes (surrogate pairs,
	// U+0000), as jsonb input and the json processing functions do; json input leaves
	// strings as they are.
	needEscapes bool
	str         []byte
	// noTokenStart marks the END token, whose start PostgreSQL leaves NULL.
	noTokenStart bool
	// line and lineStart locate the current line for error context (newlines are only
	// counted between tokens, as PostgreSQL does).
	line, lineStart int
}

func (l *lexer) reset(in []byte, needEscapes bool) {
	l.in = in
	l.tokStart, l.tokEnd = 0, 0
	l.tok = tokInvalid
	l.needEscapes = needEscapes
	l.noTokenStart = false
	l.line, l.lineStart = 1, 0
}

// isAlnum is JSON_ALPHANUMERIC_CHAR: the characters an unexpected word runs over.
func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// next scans the token after the current one.
func (l *lexer) next() errorKind {
	s := l.tokEnd
	end := len(l.in)
	for s < end && (l.in[s] == ' ' || l.in[s] == '\t' || l.in[s] == '\n' || l.in[s] == '\r') {
		if l.in[s] == '\n' {
			l.line++
			l.lineStart = s + 1
		}
		s++
	}
	l.tokStart = s
	l.noTokenStart = false
	if s >= end {
		l.noTokenStart = true
		l.tokEnd = s
		l.tok = tokEnd
		return errNone
	}
	punct := tokInvalid
	switch l.in[s] {
	case '{':
		punct = tokObjectStart
	case '}':
		punct = tokObjectEnd
	case '[':
		punct = tokArrayStart
	case ']':
		punct = tokArrayEnd
	case ',':
		punct = tokComma
	case ':':
		punct = tokColon
	case '"':
		if e := l.lexString(); e != errNone {
			return e
		}
		l.tok = tokString
		return errNone
	case '-':
		if e := l.lexNumber(s + 1); e != errNone {
			return e
		}
		l.tok = tokNumber
		return errNone
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if e := l.lexNumber(s); e != errNone {
			return e
		}
		l.tok = tokNumber
		return errNone
	}
	if punct != tokInvalid {
		l.tokEnd = s + 1
		l.tok = punct
		return errNone
	}
	p := s
	for p < end && isAlnum(l.in[p]) {
		p++
	}
	if p == s {
		// An unexpected punctuation mark or other character: report that one character.
		_, size := utf8.DecodeRune(l.in[s:])
		l.tokEnd = s + size
		if size <= 1 {
			l.tokEnd = s + 1
		}
		return errInvalidToken
	}
	l.tokEnd = p
	switch string(l.in[s:p]) {
	case "true":
		l.tok = tokTrue
	case "false":
		l.tok = tokFalse
	case "null":
		l.tok = tokNull
	default:
		return errInvalidToken
	}
	return errNone
}

// lexNumber scans a number whose digits start at s (after any minus sign): PostgreSQL's
// json_lex_number. Trailing alphanumerics make the whole run one invalid token.
func (l *lexer) lexNumber(s int) errorKind {
	in, end := l.in, len(l.in)
	bad := false
	switch {
	case s < end && in[s] == '0':
		s++
	case s < end && in[s] >= '1' && in[s] <= '9':
		for s++; s < end && isDigit(in[s]); s++ {
		}
	default:
		bad = true
	}
	if s < end && in[s] == '.' {
		s++
		if s == end || !isDigit(in[s]) {
			bad = true
		} else {
			for s++; s < end && isDigit(in[s]); s++ {
			}
		}
	}
	if s < end && (in[s] == 'e' || in[s] == 'E') {
		s++
		if s < end && (in[s] == '+' || in[s] == '-') {
			s++
		}
		if s == end || !isDigit(in[s]) {
			bad = true
		} else {
			for s++; s < end && isDigit(in[s]); s++ {
			}
		}
	}
	for ; s < end && isAlnum(in[s]); s++ {
		bad = true
	}
	l.tokEnd = s
	if bad {
		return errInvalidToken
	}
	return errNone
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// charEnd returns the offset after the (possibly multibyte) character at s.
func (l *lexer) charEnd(s int) int {
	if s >= len(l.in) {
		return len(l.in)
	}
	if l.in[s] < 0x80 {
		return s + 1
	}
	_, size := utf8.DecodeRune(l.in[s:])
	return min(s+size, len(l.in))
}

func hexDigit(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// lexString scans the string token starting at tokStart (its opening quote):
// PostgreSQL's json_lex_string. With needEscapes the decoded text goes to l.str.
func (l *lexer) lexString() errorKind {
	in, end := l.in, len(l.in)
	l.str = l.str[:0]
	hiSurrogate := -1
	s := l.tokStart
	for {
		s++
		if s >= end {
			l.tokEnd = s
			return errInvalidToken
		}
		c := in[s]
		if c == '"' {
			break
		}
		if c == '\\' {
			s++
			if s >= end {
				l.tokEnd = s
				return errInvalidToken
			}
			if in[s] == 'u' {
				ch := 0
				for i := 0; i < 4; i++ {
					s++
					if s >= end {
						l.tokEnd = s
						return errInvalidToken
					}
					d, ok := hexDigit(in[s])
					if !ok {
						l.tokEnd = l.charEnd(s)
						return errUnicodeEscapeFormat
					}
					ch = ch*16 + d
				}
				if !l.needEscapes {
					continue
				}
				switch {
				case ch >= 0xD800 && ch <= 0xDBFF:
					if hiSurrogate != -1 {
						l.tokEnd = l.charEnd(s)
						return errUnicodeHighSurrogate
					}
					hiSurrogate = ch
					continue
				case ch >= 0xDC00 && ch <= 0xDFFF:
					if hiSurrogate == -1 {
						l.tokEnd = l.charEnd(s)
						return errUnicodeLowSurrogate
					}
					ch = 0x10000 + (hiSurrogate-0xD800)<<10 + (ch - 0xDC00)
					hiSurrogate = -1
				}
				if hiSurrogate != -1 {
					l.tokEnd = l.charEnd(s)
					return errUnicodeLowSurrogate
				}
				if ch == 0 {
					l.tokEnd = l.charEnd(s)
					return errUnicodeCodePointZero
				}
				l.str = utf8.AppendRune(l.str, rune(ch))
				continue
			}
			if l.needEscapes && hiSurrogate != -1 {
				l.tokEnd = l.charEnd(s)
				return errUnicodeLowSurrogate
			}
			var dec byte
			switch in[s] {
			case '"', '\\', '/':
				dec = in[s]
			case 'b':
				dec = '\b'
			case 'f':
				dec = '\f'
			case 'n':
				dec = '\n'
			case 'r':
				dec = '\r'
			case 't':
				dec = '\t'
			default:
				// Report just the escape sequence, not the whole string.
				l.tokStart = s
				l.tokEnd = l.charEnd(s)
				return errEscapingInvalid
			}
			if l.needEscapes {
				l.str = append(l.str, dec)
			}
			continue
		}
		if l.needEscapes && hiSurrogate != -1 {
			l.tokEnd = l.charEnd(s)
			return errUnicodeLowSurrogate
		}
		p := s
		for p < end && in[p] != '\\' && in[p] != '"' {
			if in[p] <= 31 {
				// Control characters must be escaped (RFC 4627); the context stops before it.
				l.tokEnd = p
				return errEscapingRequired
			}
			p++
		}
		if l.needEscapes {
			l.str = append(l.str, in[s:p]...)
		}
		s = p - 1
	}
	if l.needEscapes && hiSurrogate != -1 {
		l.tokEnd = s + 1
		return errUnicodeLowSurrogate
	}
	l.tokEnd = s + 1
	return errNone
}

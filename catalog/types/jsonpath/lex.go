package jsonpath

import (
	"strings"
	"unicode/utf8"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The lexer follows PostgreSQL's jsonpath_scan.l: punctuation and operators, quoted strings
// with JSON's escapes plus \xNN, \u{N...} and \c for any other c, numbers (.5 and 1. too),
// $ and $name variables, and words, which are keywords or keys depending on where the
// parser meets them.

type tokKind uint8

const (
	tEnd tokKind = iota
	tPunct
	tString
	tNumber
	tVariable
	tWord
)

type token struct {
	kind tokKind
	text string // punctuation, word, the token as written (numbers, for errors)
	str  string // decoded string or variable name; canonical number
}

type lexer struct {
	in  string
	pos int
	tok token
}

func syntaxError(format string, args ...any) error {
	return pgerror.Newf(pgcode.SyntaxError, format, args...)
}

// errAt is the parser's error at the current token.
func (l *lexer) errAt() error {
	if l.tok.kind == tEnd || l.tok.kind == tWord {
		// PostgreSQL's scanner has consumed a word's text by the time the parser fails,
		// so the error names the end of the input.
		return syntaxError("syntax error at end of jsonpath input")
	}
	return syntaxError("syntax error at or near \"%s\" of jsonpath input", l.tok.text)
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// isOther is a character of words: anything but blanks and the special characters.
func isOther(c byte) bool {
	return !isBlank(c) && !strings.ContainsRune(`?%$.[]{}()|&!=<>@#,*:-+/\"`, rune(c))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

var twoChar = []string{"**", "==", "!=", "<>", "<=", ">=", "&&", "||"}

func (l *lexer) next() error {
	for l.pos < len(l.in) && isBlank(l.in[l.pos]) {
		l.pos++
	}
	if l.pos >= len(l.in) {
		l.tok = token{kind: tEnd}
		return nil
	}
	rest := l.in[l.pos:]
	c := rest[0]
	switch {
	case c == '"':
		return l.lexString()
	case isDigit(c) || c == '.' && len(rest) > 1 && isDigit(rest[1]):
		return l.lexNumberOrWord()
	case c == '$':
		return l.lexVariable()
	}
	for _, p := range twoChar {
		if strings.HasPrefix(rest, p) {
			l.pos += 2
			l.tok = token{kind: tPunct, text: p}
			return nil
		}
	}
	if !isOther(c) && !(c == '\\' && len(rest) > 1) {
		l.pos++
		l.tok = token{kind: tPunct, text: string(c)}
		return nil
	}
	return l.lexWord()
}

// lexWord scans a word: a key or keyword, possibly with backslash escapes.
func (l *lexer) lexWord() error {
	start := l.pos
	var b []byte
	for l.pos < len(l.in) {
		c := l.in[l.pos]
		if c == '\\' && l.pos+1 < len(l.in) {
			r, err := l.escape(start)
			if err != nil {
				return err
			}
			b = append(b, r...)
			continue
		}
		if !isOther(c) {
			break
		}
		b = append(b, c)
		l.pos++
	}
	l.tok = token{kind: tWord, text: l.in[start:l.pos], str: string(b)}
	return nil
}

// lexNumberOrWord scans what starts with a digit (or a dot and a digit) as PostgreSQL's
// scanner does, by the longest match among its rules: a number (integer, decimal or real),
// a number followed by one word character (trailing junk), a real without exponent digits
// (an invalid literal), or, when longer, a word.
func (l *lexer) lexNumberOrWord() error {
	in, start := l.in, l.pos
	p := start
	intEnd := -1
	if p < len(in) && in[p] == '0' {
		intEnd = p + 1
	} else if p < len(in) && in[p] >= '1' && in[p] <= '9' {
		intEnd = p + 1
		for intEnd < len(in) && isDigit(in[intEnd]) {
			intEnd++
		}
	}
	numEnd := intEnd // the end of the integer or decimal
	if intEnd >= 0 && intEnd < len(in) && in[intEnd] == '.' {
		numEnd = intEnd + 1
		for numEnd < len(in) && isDigit(in[numEnd]) {
			numEnd++
		}
	} else if intEnd < 0 && in[p] == '.' {
		numEnd = p + 1
		for numEnd < len(in) && isDigit(in[numEnd]) {
			numEnd++
		}
	}
	end, failed := numEnd, false
	if numEnd < len(in) && (in[numEnd] == 'e' || in[numEnd] == 'E') {
		q := numEnd + 1
		signed := q < len(in) && (in[q] == '+' || in[q] == '-')
		if signed {
			q++
		}
		if q < len(in) && isDigit(in[q]) {
			for q < len(in) && isDigit(in[q]) {
				q++
			}
			end = q
		} else if signed {
			end, failed = q, true
		}
	}
	junk := !failed && end < len(in) && isOther(in[end])
	numLen := end - start
	if junk {
		numLen++
	}
	wordEnd := start
	for wordEnd < len(in) && isOther(in[wordEnd]) {
		wordEnd++
	}
	if wordEnd-start > numLen {
		return l.lexWord()
	}
	l.pos = start + numLen
	switch {
	case failed:
		return syntaxError("invalid numeric literal at or near \"%s\" of jsonpath input", in[start:l.pos])
	case junk:
		return syntaxError("trailing junk after numeric literal at or near \"%s\" of jsonpath input", in[start:l.pos])
	}
	text := in[start:end]
	if text[0] == '.' {
		text = "0" + text
	}
	text = strings.Replace(text, ".e", "e", 1)
	text = strings.Replace(text, ".E", "E", 1)
	text = strings.TrimSuffix(text, ".")
	num, ok := pgjson.NormalizeNumber(nil, []byte(text))
	if !ok {
		return pgerror.New(pgcode.NumericValueOutOfRange, "value overflows numeric format")
	}
	l.tok = token{kind: tNumber, text: in[start:end], str: string(num)}
	return nil
}

func (l *lexer) lexVariable() error {
	l.pos++ // the $
	if l.pos < len(l.in) && l.in[l.pos] == '"' {
		if err := l.lexString(); err != nil {
			return err
		}
		l.tok.kind = tVariable
		return nil
	}
	start := l.pos
	for l.pos < len(l.in) && isOther(l.in[l.pos]) {
		l.pos++
	}
	if start == l.pos {
		l.tok = token{kind: tPunct, text: "$"}
		return nil
	}
	l.tok = token{kind: tVariable, text: "$" + l.in[start:l.pos], str: l.in[start:l.pos]}
	return nil
}

func (l *lexer) lexString() error {
	start := l.pos
	l.pos++ // the opening quote
	var b []byte
	in := l.in
	for {
		if l.pos >= len(in) {
			return syntaxError("unexpected end of quoted string at end of jsonpath input")
		}
		c := in[l.pos]
		if c == '"' {
			l.pos++
			break
		}
		if c != '\\' {
			b = append(b, c)
			l.pos++
			continue
		}
		if l.pos+1 >= len(in) {
			return syntaxError("unexpected end of quoted string at end of jsonpath input")
		}
		r, err := l.escape(start)
		if err != nil {
			return err
		}
		b = append(b, r...)
	}
	l.tok = token{kind: tString, text: in[start:l.pos], str: string(b)}
	return nil
}

// escape decodes the backslash escape at l.pos, for strings and words.
func (l *lexer) escape(start int) ([]byte, error) {
	in := l.in
	l.pos++ // the backslash
	e := in[l.pos]
	l.pos++
	switch e {
	case 'b':
		return []byte{'\b'}, nil
	case 'f':
		return []byte{'\f'}, nil
	case 'n':
		return []byte{'\n'}, nil
	case 'r':
		return []byte{'\r'}, nil
	case 't':
		return []byte{'\t'}, nil
	case 'v':
		return []byte{'\v'}, nil
	case 'x':
		v, n := hexRun(in[l.pos:], 2)
		if n != 2 {
			return nil, syntaxError("invalid hexadecimal character sequence at or near \"%s\" of jsonpath input", in[start:min(l.pos+n, len(in))])
		}
		l.pos += n
		return utf8.AppendRune(nil, rune(v)), nil
	case 'u':
		r, err := l.unicodeEscape(start)
		if err != nil {
			return nil, err
		}
		return utf8.AppendRune(nil, r), nil
	}
	return []byte{e}, nil
}

// unicodeEscape reads the rest of \uXXXX (and its low surrogate) or \u{X...}.
func (l *lexer) unicodeEscape(start int) (rune, error) {
	in := l.in
	bad := func() error {
		return syntaxError("invalid Unicode escape sequence at or near \"%s\" of jsonpath input", in[start:min(l.pos, len(in))])
	}
	var v int
	if l.pos < len(in) && in[l.pos] == '{' {
		end := strings.IndexByte(in[l.pos:], '}')
		if end < 2 || end > 7 {
			return 0, bad()
		}
		var n int
		v, n = hexRun(in[l.pos+1:l.pos+end], end-1)
		if n != end-1 {
			return 0, bad()
		}
		l.pos += end + 1
	} else {
		var n int
		v, n = hexRun(in[l.pos:], 4)
		if n != 4 {
			return 0, bad()
		}
		l.pos += 4
		if v >= 0xD800 && v <= 0xDBFF && strings.HasPrefix(in[l.pos:], `\u`) {
			lo, n := hexRun(in[l.pos+2:], 4)
			if n == 4 && lo >= 0xDC00 && lo <= 0xDFFF {
				l.pos += 6
				v = 0x10000 + (v-0xD800)<<10 + (lo - 0xDC00)
			}
		}
	}
	if v == 0 {
		return 0, pgerror.New(pgcode.UntranslatableCharacter, "unsupported Unicode escape sequence").
			WithDetail(`\u0000 cannot be converted to text.`)
	}
	if v >= 0xD800 && v <= 0xDFFF || v > utf8.MaxRune {
		return 0, bad()
	}
	return rune(v), nil
}

func hexRun(s string, max int) (int, int) {
	v, n := 0, 0
	for n < max && n < len(s) {
		c := s[n]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return v, n
		}
		v = v*16 + d
		n++
	}
	return v, n
}

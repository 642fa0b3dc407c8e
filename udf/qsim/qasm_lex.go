package qsim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// tokKind is the kind of an OpenQASM token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokIdent
	tokReal    // a number with a fraction or exponent
	tokInt     // a non-negative integer
	tokString  // "..." (include's file name)
	tokSymbol  // ; , ( ) [ ] { } + - * / ^ and the two-character -> ==
	tokKeyword // OPENQASM (the only upper-case word with a meaning of its own)
)

// token is one lexical token and the line it starts on (1-based).
type token struct {
	kind tokKind
	text string
	line int
}

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return strconv.Quote(t.text)
	}
	return "\"" + t.text + "\""
}

// lex splits an OpenQASM 2.0 program into tokens, dropping white space and // comments.
func lex(src string) ([]token, error) {
	var out []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case isLetter(c):
			j := i + 1
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			kind := tokIdent
			if src[i:j] == "OPENQASM" {
				kind = tokKeyword
			}
			out = append(out, token{kind, src[i:j], line})
			i = j
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			j, kind := lexNumber(src, i)
			out = append(out, token{kind, src[i:j], line})
			i = j
		case c == '"':
			j := strings.IndexAny(src[i+1:], "\"\n")
			if j < 0 || src[i+1+j] != '"' {
				return nil, syntaxError(line, "unterminated string")
			}
			out = append(out, token{tokString, src[i+1 : i+1+j], line})
			i += j + 2
		case c == '-' && i+1 < len(src) && src[i+1] == '>', c == '=' && i+1 < len(src) && src[i+1] == '=':
			out = append(out, token{tokSymbol, src[i : i+2], line})
			i += 2
		case strings.IndexByte(";,()[]{}+-*/^", c) >= 0:
			out = append(out, token{tokSymbol, src[i : i+1], line})
			i++
		default:
			return nil, syntaxError(line, fmt.Sprintf("unexpected character %q", rune(c)))
		}
	}
	return append(out, token{tokEOF, "", line}), nil
}

// lexNumber scans an integer or real starting at i: digits, an optional fraction and an
// optional exponent.
func lexNumber(src string, i int) (int, tokKind) {
	j, kind := i, tokInt
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	if j < len(src) && src[j] == '.' {
		kind = tokReal
		j++
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && isDigit(src[k]) {
			kind = tokReal
			for j = k; j < len(src) && isDigit(src[j]); j++ {
			}
		}
	}
	return j, kind
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// syntaxError is the error of a malformed program: 42601, naming the line.
func syntaxError(line int, msg string) error {
	return pgerror.Newf(pgcode.SyntaxError, "OpenQASM error at line %d: %s", line, msg)
}

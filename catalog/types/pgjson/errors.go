package pgjson

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// syntaxError builds the error PostgreSQL raises for a JSON parse failure
// (json_ereport_error): 22P02 "invalid input syntax for type json" with json_errdetail's
// DETAIL and report_json_context's CONTEXT line, or 22P05 for \u0000.
func (p *parser) syntaxError(kind errorKind) error {
	switch kind {
	case errNumberOutOfRange:
		return pgerror.New(pgcode.NumericValueOutOfRange, "value overflows numeric format")
	case errTooDeep:
		return StackDepthError(p.stackKB)
	}
	code, msg := pgcode.InvalidTextRepresentation, "invalid input syntax for type json"
	if kind == errUnicodeCodePointZero {
		code, msg = pgcode.UntranslatableCharacter, "unsupported Unicode escape sequence"
	}
	e := pgerror.New(code, msg).WithDetail(p.detail(kind))
	e.Context = p.context()
	return e
}

// StackDepthError is PostgreSQL's error for input nested deeper than max_stack_depth (kb
// kilobytes) allows.
func StackDepthError(kb int) error {
	return pgerror.New(pgcode.StatementTooComplex, "stack depth limit exceeded").WithHint(fmt.Sprintf(
		"Increase the configuration parameter \"max_stack_depth\" (currently %dkB), after ensuring the platform's stack depth limit is adequate.", kb))
}

func (p *parser) token() string { return string(p.in[p.tokStart:p.tokEnd]) }

// detail is json_errdetail.
func (p *parser) detail(kind errorKind) string {
	switch kind {
	case errEscapingInvalid:
		return `Escape sequence "\` + p.token() + `" is invalid.`
	case errEscapingRequired:
		return fmt.Sprintf("Character with value 0x%02x must be escaped.", p.in[p.tokEnd])
	case errExpectedEnd:
		return `Expected end of input, but found "` + p.token() + `".`
	case errExpectedArrayNext:
		return `Expected "," or "]", but found "` + p.token() + `".`
	case errExpectedColon:
		return `Expected ":", but found "` + p.token() + `".`
	case errExpectedJSON:
		return `Expected JSON value, but found "` + p.token() + `".`
	case errExpectedMore:
		return "The input string ended unexpectedly."
	case errExpectedObjectFirst:
		return `Expected string or "}", but found "` + p.token() + `".`
	case errExpectedObjectNext:
		return `Expected "," or "}", but found "` + p.token() + `".`
	case errExpectedString:
		return `Expected string, but found "` + p.token() + `".`
	case errInvalidToken:
		return `Token "` + p.token() + `" is invalid.`
	case errUnicodeCodePointZero:
		return `\u0000 cannot be converted to text.`
	case errUnicodeEscapeFormat:
		return `"\u" must be followed by four hexadecimal digits.`
	case errUnicodeHighSurrogate:
		return "Unicode high surrogate must not follow a high surrogate."
	case errUnicodeLowSurrogate:
		return "Unicode low surrogate must follow a high surrogate."
	}
	return "unexpected json parse error type: " + strconv.Itoa(int(kind))
}

// context is report_json_context: the line of the input holding the error, up to the end
// of the offending token, cut to its last 50 or so bytes.
func (p *parser) context() string {
	in := p.in
	end := min(p.tokEnd, len(in))
	lineStart := min(p.lineStart, end)
	start := lineStart
	for end-start >= 50 {
		if in[start] >= 0x80 {
			_, size := utf8.DecodeRune(in[start:])
			start += size
		} else {
			start++
		}
	}
	if start-lineStart <= 3 {
		start = lineStart
	}
	prefix, suffix := "", ""
	if start > lineStart {
		prefix = "..."
	}
	if p.tok != tokEnd && end < len(in) && in[end] != '\n' && in[end] != '\r' {
		suffix = "..."
	}
	return fmt.Sprintf("JSON data, line %d: %s%s%s", p.line, prefix, in[start:end], suffix)
}

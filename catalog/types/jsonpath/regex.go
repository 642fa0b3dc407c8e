package jsonpath

import (
	"regexp"
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CompileRegex compiles a like_regex pattern with its flags (i, s, m; q takes the pattern
// literally) as a Go regular expression. Patterns are XQuery regular expressions in the
// standard, and PostgreSQL runs them through its own ARE engine; the common subset is the
// same in RE2. Errors are PostgreSQL's 2201B.
func CompileRegex(pattern, flags string) (*regexp.Regexp, error) {
	prefix := ""
	for _, f := range flags {
		switch f {
		case 'i', 's', 'm':
			prefix += string(f)
		case 'q':
			pattern = regexp.QuoteMeta(pattern)
		}
	}
	if prefix != "" {
		pattern = "(?" + prefix + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, pgerror.New(pgcode.InvalidRegularExpression, "invalid regular expression: "+regexMessage(err))
	}
	return re, nil
}

// regexMessage words a Go regexp error as PostgreSQL's regex library would.
func regexMessage(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "missing closing )"), strings.Contains(msg, "unexpected )"):
		return "parentheses () not balanced"
	case strings.Contains(msg, "missing closing ]"):
		return "brackets [] not balanced"
	case strings.Contains(msg, "invalid repeat count"), strings.Contains(msg, "missing argument to repetition operator"):
		return "quantifier operand invalid"
	}
	return msg
}

package udf

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// parseIdentFunc is parse_ident(str [, strict]): a qualified SQL identifier split into its
// names, unquoted ones folded to lower case. Without strict, text after the last name is
// ignored.
func parseIdentFunc(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	strs, strict := stringsOf(args[0]), args[1].(*array.Boolean)
	ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
	defer ab.Release()
	eb := ab.Elems().(*array.StringBuilder)
	for i := 0; i < strs.Len(); i++ {
		if !env.RowValid(i) {
			ab.AppendNull()
			continue
		}
		parts, err := parseIdent(strs.Value(i), strict.Value(i))
		if err != nil {
			return nil, err
		}
		start := ab.Begin()
		for _, p := range parts {
			eb.Append(p)
		}
		ab.End(types.Vector(eb.Len() - start))
	}
	return ab.NewArray(), nil
}

// parseIdent splits s as PostgreSQL's parse_ident does, with its error messages.
func parseIdent(s string, strict bool) ([]string, error) {
	fail := func(detail string) error {
		e := pgerror.Newf(pgcode.InvalidParameterValue, "string is not a valid identifier: \"%s\"", s)
		if detail != "" {
			e = e.WithDetail(detail)
		}
		return e
	}
	var parts []string
	i := skipIdentSpace(s, 0)
	afterDot := false
	for {
		switch {
		case i < len(s) && s[i] == '"':
			var b strings.Builder
			for i++; ; i++ {
				if i >= len(s) {
					return nil, fail("String has unclosed double quotes.")
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						i++
					} else {
						break
					}
				}
				b.WriteByte(s[i])
			}
			i++
			if b.Len() == 0 {
				return nil, fail("Quoted identifier must not be empty.")
			}
			parts = append(parts, b.String())
		case i < len(s) && identStart(s[i]):
			start := i
			for i++; i < len(s) && identCont(s[i]); i++ {
			}
			parts = append(parts, asciiLower(s[start:i]))
		case i < len(s) && s[i] == '.':
			return nil, fail("No valid identifier before \".\".")
		case afterDot:
			return nil, fail("No valid identifier after \".\".")
		default:
			return nil, fail("")
		}
		i = skipIdentSpace(s, i)
		switch {
		case i == len(s):
			return parts, nil
		case s[i] == '.':
			afterDot = true
			i = skipIdentSpace(s, i+1)
		case strict:
			return nil, fail("")
		default:
			return parts, nil
		}
	}
}

func skipIdentSpace(s string, i int) int {
	for i < len(s) && strings.IndexByte(" \t\n\r\f\v", s[i]) >= 0 {
		i++
	}
	return i
}

// identStart and identCont are the scanner's rules for unquoted identifiers; bytes of
// multibyte characters count as letters.
func identStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func identCont(c byte) bool { return identStart(c) || c >= '0' && c <= '9' || c == '$' }

// asciiLower folds ASCII letters only, as PostgreSQL's downcase_identifier does in UTF-8.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

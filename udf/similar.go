package udf

import (
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SQL's pattern escapes. The grammar turns "x SIMILAR TO p ESCAPE e" into
// x ~ similar_to_escape(p, e) and "x LIKE p ESCAPE e" into x ~~ like_escape(p, e), so these
// functions carry the ESCAPE clauses: similar_to_escape rewrites a SQL regular expression
// into an ARE, like_escape rewrites a LIKE pattern to use backslash as its escape.

func registerSimilar(b builder) {
	t := types.Text
	b.scalar(1987, "similar_to_escape", oids(t), t, similarToEscape)
	b.scalar(1986, "similar_to_escape", oids(t, t), t, similarToEscape)
	old := b.scalar(1623, "similar_escape", oids(t, t), t, similarToEscape)
	old.Strict = false
	b.scalar(1637, "like_escape", oids(t, t), t, likeEscapeText)
}

func errInvalidEscapeString() error {
	return pgerror.New(pgcode.InvalidEscapeSequence, "invalid escape string").
		WithHint("Escape string must be empty or one character.")
}

// similarToEscape is similar_to_escape(pattern [, escape]) and the non-strict
// similar_escape, for which a NULL escape means the default backslash.
func similarToEscape(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	p := stringsOf(args[0])
	n := p.Len()
	mem := allocator(env)
	out := newStrOut(mem, n, len(p.ValueBytes())+16)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) || p.IsNull(i) {
			out.endNull(mem)
			continue
		}
		esc, hasEsc := `\`, true
		if len(args) > 1 && args[1].IsValid(i) {
			esc = stringsOf(args[1]).Value(i)
			hasEsc = esc != ""
		}
		r, err := similarToRegex(p.Value(i), esc, hasEsc)
		if err != nil {
			return nil, out.fail(err)
		}
		out.appendString(r)
		out.end()
	}
	return out.finish(), nil
}

// similarToRegex translates a SQL regular expression into an ARE anchored at both ends, as
// PostgreSQL's similar_escape_internal does. esc is the escape character (when hasEsc);
// escape-double-quote separators divide the pattern into three parts, the middle one
// capturing, so that substring(... similar ...) returns it:
//
//	^(?:part1){1,1}?(part2){1,1}(?:part3)$
//
// The first part is non-greedy and the middle one greedy, as SQL requires.
func similarToRegex(p, esc string, hasEsc bool) (string, error) {
	var e rune = -1
	if hasEsc {
		r, size := utf8.DecodeRuneInString(esc)
		if size != len(esc) {
			return "", errInvalidEscapeString()
		}
		e = r
	}
	var b strings.Builder
	b.Grow(len(p) + 16)
	b.WriteString("^(?:")
	afterEscape, inClass := false, false
	// classStart is 1 right after [, 2 after [^, 3 further in: a ] at the start of a class
	// is literal.
	classStart := 0
	quotes := 0
	for _, c := range p {
		switch {
		case afterEscape:
			if c == '"' && !inClass {
				switch quotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", pgerror.New(pgcode.InvalidUseOfEscapeCharacter,
						"SQL regular expression may not contain more than two escape-double-quote separators")
				}
				quotes++
			} else {
				b.WriteByte('\\')
				b.WriteRune(c)
			}
			afterEscape = false
		case c == e:
			afterEscape = true
		case inClass:
			if c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
			switch {
			case c == ']' && classStart > 2:
				inClass = false
			case c == '^' && classStart == 1:
				classStart++
			default:
				classStart = 3
			}
		case c == '[':
			b.WriteByte('[')
			inClass, classStart = true, 1
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteByte('.')
		case c == '(':
			b.WriteString("(?:")
		case c == '\\' || c == '.' || c == '^' || c == '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}

func likeEscapeText(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	p, e := stringsOf(args[0]), stringsOf(args[1])
	n := p.Len()
	out := newStrOut(allocator(env), n, len(p.ValueBytes()))
	var buf []byte
	for i := 0; i < n; i++ {
		if env.RowValid(i) {
			var err error
			if buf, err = likeEscape(buf[:0], p.Value(i), e.Value(i)); err != nil {
				return nil, out.fail(err)
			}
			out.appendBytes(buf)
		}
		out.end()
	}
	return out.finish(), nil
}

// likeEscape rewrites LIKE pattern p with escape character esc into the backslash-escaped
// form the LIKE matcher reads: an empty esc makes backslashes ordinary characters.
func likeEscape(dst []byte, p, esc string) ([]byte, error) {
	if esc == "" {
		for i := 0; i < len(p); i++ {
			if p[i] == '\\' {
				dst = append(dst, '\\')
			}
			dst = append(dst, p[i])
		}
		return dst, nil
	}
	e, size := utf8.DecodeRuneInString(esc)
	if size != len(esc) {
		return nil, errInvalidEscapeString()
	}
	if e == '\\' {
		return append(dst, p...), nil
	}
	afterEscape := false
	for _, c := range p {
		switch {
		case c == e && !afterEscape:
			dst = append(dst, '\\')
			afterEscape = true
			continue
		case c == '\\':
			dst = append(dst, '\\')
			if !afterEscape {
				dst = append(dst, '\\')
			}
		default:
			dst = utf8.AppendRune(dst, c)
		}
		afterEscape = false
	}
	return dst, nil
}

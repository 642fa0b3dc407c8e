package udf

import (
	"strings"
	"unicode"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// LIKE and ILIKE with PostgreSQL's rules: % matches any run of characters, _ exactly one
// character, and a backslash makes the next pattern character literal. ILIKE lower-cases
// both sides first, as PostgreSQL does in a UTF8 database.
//
// Patterns are compiled once and reused while the pattern argument repeats from row to row
// (always, when it is a constant: one string comparison per row detects that). Patterns made
// only of literals and % run as prefix/suffix/substring searches; others run the general
// matcher, which walks the pattern exactly as PostgreSQL's does, so that a trailing escape
// character fails at the same moments (only when the match gets there).

func registerLike(b builder) {
	t := types.Text
	like := b.scalar(850, "textlike", oids(t, t), types.Bool, likeImpl(false, false))
	b.op(1209, "~~", t, t, like)
	b.alias(1569, "like", like)
	notLike := b.scalar(851, "textnlike", oids(t, t), types.Bool, likeImpl(false, true))
	b.op(1210, "!~~", t, t, notLike)
	b.alias(1570, "notlike", notLike)
	b.op(1627, "~~*", t, t, b.scalar(1633, "texticlike", oids(t, t), types.Bool, likeImpl(true, false)))
	b.op(1628, "!~~*", t, t, b.scalar(1634, "texticnlike", oids(t, t), types.Bool, likeImpl(true, true)))
}

func errLikeEscape() error {
	return pgerror.New(pgcode.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
}

type likeKind byte

const (
	likeSegments likeKind = iota // literals separated by %
	likeGeneral                  // uses _ or escapes
)

// likePattern is a compiled pattern.
type likePattern struct {
	kind likeKind
	// segs are the literal runs between %s; a pattern without % has one segment. The first
	// is anchored at the start and the last at the end of the text.
	segs []string
	raw  string
}

func compileLike(p string) likePattern {
	if strings.ContainsAny(p, "_\\") {
		return likePattern{kind: likeGeneral, raw: p}
	}
	return likePattern{kind: likeSegments, segs: strings.Split(p, "%"), raw: p}
}

func (lp *likePattern) match(s string) (bool, error) {
	if lp.kind == likeGeneral {
		r, err := likeMatch(s, lp.raw)
		return r == likeTrue, err
	}
	segs := lp.segs
	first := segs[0]
	if len(segs) == 1 {
		return s == first, nil
	}
	last := segs[len(segs)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false, nil
	}
	s = s[len(first) : len(s)-len(last)]
	for _, seg := range segs[1 : len(segs)-1] {
		j := strings.Index(s, seg)
		if j < 0 {
			return false, nil
		}
		s = s[j+len(seg):]
	}
	return true, nil
}

// Results of likeMatch. likeAbort means no later starting point can match either, which
// stops the search of an enclosing % early.
const (
	likeFalse = iota
	likeTrue
	likeAbort
)

// charLen returns the byte length of the UTF-8 character starting t.
func charLen(t string) int {
	c := t[0]
	n := 1
	switch {
	case c >= 0xF0:
		n = 4
	case c >= 0xE0:
		n = 3
	case c >= 0xC0:
		n = 2
	}
	return min(n, len(t))
}

// likeMatch matches text t against pattern p.
func likeMatch(t, p string) (int, error) {
	if p == "%" {
		return likeTrue, nil
	}
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
			// Skip further wildcards: N underscores and any %s match at least N characters.
			p = p[1:]
			for len(p) > 0 {
				if p[0] == '%' {
					p = p[1:]
				} else if p[0] == '_' {
					if len(t) == 0 {
						return likeAbort, nil
					}
					t = t[charLen(t):]
					p = p[1:]
				} else {
					break
				}
			}
			if len(p) == 0 {
				return likeTrue, nil
			}
			// The rest of the pattern starts with a literal: try each text position where it
			// occurs.
			lit := p[0]
			if lit == '\\' {
				if len(p) < 2 {
					return likeFalse, errLikeEscape()
				}
				lit = p[1]
			}
			for len(t) > 0 {
				if t[0] == lit {
					r, err := likeMatch(t, p)
					if err != nil || r != likeFalse {
						return r, err
					}
				}
				t = t[charLen(t):]
			}
			return likeAbort, nil
		case '_':
			t = t[charLen(t):]
			p = p[1:]
			continue
		default:
			if p[0] != t[0] {
				return likeFalse, nil
			}
		}
		// Byte steps stay in step with characters: both sides matched the same lead byte.
		t = t[1:]
		p = p[1:]
	}
	if len(t) > 0 {
		return likeFalse, nil
	}
	p = strings.TrimLeft(p, "%")
	if len(p) == 0 {
		return likeTrue, nil
	}
	return likeAbort, nil
}

// lowerInto appends the lower-case form of s to dst.
func lowerInto(dst []byte, s string) []byte {
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			dst = append(dst, lowerASCII(s[i]))
		}
		return dst
	}
	return append(dst, strings.Map(unicode.ToLower, s)...)
}

func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func likeImpl(fold, negate bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p := stringsOf(args[0]), stringsOf(args[1])
		n := x.Len()
		out := newBoolOut(allocator(env), n)
		var (
			pat      likePattern
			patSrc   string
			compiled bool
			scratch  []byte
		)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			if ps := p.Value(i); !compiled || ps != patSrc {
				patSrc, compiled = ps, true
				if fold {
					ps = strings.Map(unicode.ToLower, ps)
				}
				pat = compileLike(ps)
			}
			s := x.Value(i)
			if fold {
				scratch = lowerInto(scratch[:0], s)
				s = bytesString(scratch)
			}
			ok, err := pat.match(s)
			if err != nil {
				out.buf.Release()
				return nil, err
			}
			if ok != negate {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

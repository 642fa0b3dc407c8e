package udf

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Compiled regular expressions are cached by pattern and options, as PostgreSQL keeps its
// most recently used ones: a constant pattern is compiled once per query, not per batch.

type regexKey struct {
	pattern string
	flags   reFlags
}

// regexCacheMax bounds the cache; when full it is emptied, which keeps the bookkeeping free
// and still serves the common case of a few patterns in use.
const regexCacheMax = 256

var regexCache = struct {
	sync.Mutex
	m map[regexKey]*compiledRegex
}{m: map[regexKey]*compiledRegex{}}

// cachedRegex returns the compiled form of pattern under flags f (g is ignored).
func cachedRegex(pattern string, f reFlags) (*compiledRegex, error) {
	f.global = false
	key := regexKey{pattern, f}
	regexCache.Lock()
	re, ok := regexCache.m[key]
	regexCache.Unlock()
	if ok {
		return re, nil
	}
	re, err := compileRegex(pattern, f)
	if err != nil {
		return nil, err
	}
	regexCache.Lock()
	if len(regexCache.m) >= regexCacheMax {
		regexCache.m = map[regexKey]*compiledRegex{}
	}
	regexCache.m[key] = re
	regexCache.Unlock()
	return re, nil
}

// regexCursor compiles a row's pattern only when it differs from the previous row's.
type regexCursor struct {
	pattern, flags string
	base           reFlags
	re             *compiledRegex
	opts           reFlags
	valid          bool
	// noGlobal names the function when the g flag is not allowed.
	noGlobal string
}

// get returns the compiled pattern and its options for one row.
func (c *regexCursor) get(pattern, flags string) (*compiledRegex, reFlags, error) {
	if c.valid && pattern == c.pattern && flags == c.flags {
		return c.re, c.opts, nil
	}
	opts, err := parseReFlags(flags, c.base)
	if err != nil {
		return nil, opts, err
	}
	if opts.global && c.noGlobal != "" {
		return nil, opts, pgerror.Newf(pgcode.InvalidParameterValue, "%s() does not support the \"global\" option", c.noGlobal)
	}
	re, err := cachedRegex(pattern, opts)
	if err != nil {
		return nil, opts, err
	}
	c.pattern, c.flags, c.re, c.opts, c.valid = pattern, flags, re, opts, true
	return re, opts, nil
}

// allMatches returns every match PostgreSQL finds searching s from byte offset from: the
// leftmost match, then the next one from its end (one character further after an empty
// match). The result holds submatch index pairs as regexp does, relative to s.
//
// RE2 skips an empty match right where the previous match ended; PostgreSQL's engine finds
// it. Such matches are put back where the pattern's meaning cannot depend on what precedes
// the search position, which RE2 cannot be told.
func (c *compiledRegex) allMatches(s string, from int) [][]int {
	ms := c.re.FindAllStringSubmatchIndex(s[from:], -1)
	if from > 0 {
		for _, m := range ms {
			shift(m, from)
		}
	}
	if c.contextual || len(ms) == 0 {
		return ms
	}
	var out [][]int
	for k, m := range ms {
		out = append(out, m)
		e := m[1]
		if m[0] == e || (k+1 < len(ms) && ms[k+1][0] == e) {
			continue
		}
		if loc := c.re.FindStringSubmatchIndex(s[e:]); loc != nil && loc[0] == 0 && loc[1] == 0 {
			out = append(out, shift(loc, e))
		}
	}
	return out
}

// firstMatch returns the first match at or after byte offset from, or nil.
func (c *compiledRegex) firstMatch(s string, from int) []int {
	m := c.re.FindStringSubmatchIndex(s[from:])
	if m != nil && from > 0 {
		shift(m, from)
	}
	return m
}

func shift(m []int, by int) []int {
	for i := range m {
		if m[i] >= 0 {
			m[i] += by
		}
	}
	return m
}

// byteOffset returns the byte offset of 1-based character position pos in s (len(s) when
// past the end).
func byteOffset(s string, pos int64) int {
	return charPrefix(s, int(min(pos-1, int64(len(s)))), false)
}

// charPos returns the 1-based character position of byte offset off in s.
func charPos(s string, off int) int32 {
	return int32(utf8.RuneCountInString(s[:off])) + 1
}

func errRegexParam(name string, v int64) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"%s\": %s", name, strconv.FormatInt(v, 10))
}

// appendRegexReplacement appends the replacement text for match m of s: \1 to \9 insert
// that group's text (nothing if it did not take part), \& the whole match, \\ a backslash;
// any other backslash stays as written.
func appendRegexReplacement(out *strOut, s, repl string, m []int, groups int) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' || i+1 >= len(repl) {
			out.appendByte(c)
			continue
		}
		d := repl[i+1]
		switch {
		case d >= '1' && d <= '9':
			g := int(d - '0')
			if g <= groups && m[2*g] >= 0 {
				out.appendString(s[m[2*g]:m[2*g+1]])
			}
			i++
		case d == '&':
			out.appendString(s[m[0]:m[1]])
			i++
		case d == '\\':
			out.appendByte('\\')
			i++
		default:
			out.appendByte('\\')
		}
	}
}

package udf

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// PostgreSQL's regular expressions are Henry Spencer's "advanced regular expressions"
// (AREs). pgfast runs them on Go's regexp package, whose RE2 syntax and linear-time engine
// differ from AREs in places, so each pattern is first translated:
//
//   - ARE escapes (\m \M \y \Y \A \Z, \B for a backslash, \b for backspace, \e, \cX,
//     \uXXXX, \x.., \0oo octal) become their RE2 equivalents; \m and \M (word start and end)
//     become word boundaries, which is exact wherever the pattern next to them is a word
//     character, as it almost always is;
//   - bracket expressions are rewritten character by character, including a leading ],
//     collating elements [.x.] and equivalence classes [=x=] of single characters;
//   - . and [^...] match newlines unless a newline-sensitive flag (n, p) says otherwise, and
//     ^ and $ match at newlines under n and w, as in PostgreSQL;
//   - expanded syntax (x) drops white space and #-comments, which RE2 does not do itself;
//   - the director prefixes ***: and ***= and leading embedded options (?flags) apply.
//
// PostgreSQL's errors for malformed patterns are reproduced (SQLSTATE 2201B with regerror's
// text). Back-references and lookaround constraints have no RE2 equivalent: they are
// reported as 2201B errors that name the construct. Match preference follows the ARE rule
// that a regular expression is greedy or not as its first quantified atom is: greedy ones
// (and any with top-level alternatives) find the longest match at the leftmost position,
// as RE2's leftmost-longest mode does; others use RE2's leftmost-first (Perl) mode.

// reFlags are the options of one regular expression: the flags argument of the regexp_*
// functions, the ~* operators' case folding, and embedded options.
type reFlags struct {
	icase    bool
	global   bool // g: every match, for the functions that accept it
	literal  bool // q: the pattern is a literal string
	expanded bool // x
	basic    bool // b: POSIX basic syntax
	dotNL    bool // . and [^...] match newline (cleared by n and p)
	lineAnch bool // ^ and $ match at newlines (set by n and w)
}

func defaultReFlags() reFlags { return reFlags{dotNL: true} }

// applyFlag applies one option letter, reporting whether it is one.
func (f *reFlags) applyFlag(c byte) bool {
	switch c {
	case 'i':
		f.icase = true
	case 'c':
		f.icase = false
	case 'g':
		f.global = true
	case 'q':
		f.literal = true
	case 'x':
		f.expanded = true
	case 't':
		f.expanded = false
	case 'b':
		f.basic = true
	case 'e':
		f.basic = false
	case 'n', 'm':
		f.dotNL, f.lineAnch = false, true
	case 'p':
		f.dotNL, f.lineAnch = false, false
	case 'w':
		f.dotNL, f.lineAnch = true, true
	case 's':
		f.dotNL, f.lineAnch = true, false
	default:
		return false
	}
	return true
}

// parseReFlags parses a flags argument, as parse_re_flags does.
func parseReFlags(s string, f reFlags) (reFlags, error) {
	for i := 0; i < len(s); i++ {
		if !f.applyFlag(s[i]) {
			_, size := utf8.DecodeRuneInString(s[i:])
			return f, pgerror.Newf(pgcode.InvalidParameterValue, "invalid regular expression option: \"%s\"", s[i:i+max(size, 1)])
		}
	}
	return f, nil
}

// errRegex returns the error PostgreSQL reports for a pattern regcomp rejects.
func errRegex(msg string) error {
	return pgerror.Newf(pgcode.InvalidRegularExpression, "invalid regular expression: %s", msg)
}

// errRegexUnsupported reports a valid ARE construct that the translation cannot express.
func errRegexUnsupported(what string) error {
	return pgerror.Newf(pgcode.InvalidRegularExpression, "invalid regular expression: %s is not supported", what)
}

// regerror's texts.
const (
	reEParen   = "parentheses () not balanced"
	reEBrack   = "brackets [] not balanced"
	reEBrace   = "braces {} not balanced"
	reBadRpt   = "quantifier operand invalid"
	reBadBr    = "invalid repetition count(s)"
	reEEscape  = "invalid escape \\ sequence"
	reECtype   = "invalid character class"
	reERange   = "invalid character range"
	reBadOpt   = "invalid embedded option"
	reECollate = "invalid collating element"
	reESubReg  = "invalid backreference number"
)

// reDupMax is the largest repetition count AREs accept (DUPMAX).
const reDupMax = 255

// compiledRegex is a translated and compiled ARE.
type compiledRegex struct {
	re *regexp.Regexp
	// groups is the number of capturing parentheses.
	groups int
	// contextual says the pattern has anchors or word-boundary constraints, whose meaning
	// depends on the text before a search's starting point.
	contextual bool
}

// compileRegex translates an ARE with the given options and compiles it.
func compileRegex(pattern string, f reFlags) (*compiledRegex, error) {
	// Director prefixes: ***= makes the rest a literal, ***: forces an ARE.
	if strings.HasPrefix(pattern, "***=") {
		pattern, f.literal = pattern[4:], true
	} else if strings.HasPrefix(pattern, "***:") {
		pattern = pattern[4:]
	}
	if !f.literal && strings.HasPrefix(pattern, "(?") && !strings.HasPrefix(pattern, "(?:") &&
		!strings.HasPrefix(pattern, "(?=") && !strings.HasPrefix(pattern, "(?!") &&
		!strings.HasPrefix(pattern, "(?<") && !strings.HasPrefix(pattern, "(?#") {
		end := strings.IndexByte(pattern, ')')
		if end < 0 {
			return nil, errRegex(reBadOpt)
		}
		for i := 2; i < end; i++ {
			if !f.applyFlag(pattern[i]) || pattern[i] == 'g' {
				return nil, errRegex(reBadOpt)
			}
		}
		pattern = pattern[end+1:]
	}
	var t reTranslator
	t.f = f
	t.out.grow(len(pattern) + 16)
	if f.icase {
		t.out.writeString("(?i)")
	}
	switch {
	case f.dotNL && f.lineAnch:
		t.out.writeString("(?sm)")
	case f.dotNL:
		t.out.writeString("(?s)")
	case f.lineAnch:
		t.out.writeString("(?m)")
	}
	if f.literal {
		t.out.writeString(regexp.QuoteMeta(pattern))
	} else if f.basic {
		return nil, errRegexUnsupported("basic regular expression syntax")
	} else if err := t.translate(pattern); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(t.out.String())
	if err != nil {
		return nil, translateGoRegexError(err)
	}
	if !t.nonGreedy {
		re.Longest()
	}
	return &compiledRegex{re: re, groups: t.groups, contextual: t.contextual || f.lineAnch}, nil
}

// translateGoRegexError maps what RE2 still rejects after translation (quantified empty
// operands such as (^)*, repetition limits) to regcomp's closest message.
func translateGoRegexError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "missing argument to repetition"), strings.Contains(msg, "invalid nested repetition"):
		return errRegex(reBadRpt)
	case strings.Contains(msg, "invalid repeat count"):
		return errRegex(reBadBr)
	case strings.Contains(msg, "expression too large"), strings.Contains(msg, "expression nests too deeply"):
		return errRegex("regular expression is too big")
	}
	return errRegex(msg)
}

// reTranslator rewrites ARE syntax into RE2 syntax.
type reTranslator struct {
	f      reFlags
	out    reOut
	groups int
	// frames track ARE greediness per open group (frames[0] is the whole expression).
	frames []greedFrame
	// pending is the greediness of the atom just translated, committed to its branch once
	// it is known whether a quantifier follows; hasPending says there is such an atom.
	pending    greed
	hasPending bool
	// nonGreedy is the greediness of the whole expression, known after translate.
	nonGreedy bool
	// contextual is set by anchors and word-boundary constraints.
	contextual bool
	// closed holds the greedy quantifier positions of the group that just closed, until it
	// is known whether the group is quantified.
	closed []int
}

// greed is an ARE greediness attribute.
type greed uint8

const (
	greedNone greed = iota
	greedLong
	greedShort
)

// greedFrame is the greediness state of one parenthesised expression: the attribute of its
// current branch (that of the first atom in it that has one) and whether it has several
// branches, which makes it greedy. greedyAt lists the output positions right after its
// greedy quantifiers: if the group itself is quantified non-greedily, they become lazy, as
// in an ARE a non-greedy group prefers its shortest match as a whole, which RE2 (like Perl)
// only does if every quantifier inside is lazy.
type greedFrame struct {
	branch   greed
	multi    bool
	greedyAt []int
}

// reOut is the translated pattern under construction.
type reOut struct{ b []byte }

func (o *reOut) grow(n int)           { o.b = append(make([]byte, 0, len(o.b)+n), o.b...) }
func (o *reOut) writeString(s string) { o.b = append(o.b, s...) }
func (o *reOut) writeByte(c byte)     { o.b = append(o.b, c) }
func (o *reOut) String() string       { return string(o.b) }

// insertByte inserts c at position at.
func (o *reOut) insertByte(at int, c byte) {
	o.b = append(o.b, 0)
	copy(o.b[at+1:], o.b[at:])
	o.b[at] = c
}

// greedyQuantifier records a greedy quantifier just written.
func (t *reTranslator) greedyQuantifier() {
	f := &t.frames[len(t.frames)-1]
	f.greedyAt = append(f.greedyAt, len(t.out.b))
}

// flushClosed hands the greedy quantifiers of the group just closed, which was not
// quantified, to the enclosing group.
func (t *reTranslator) flushClosed() {
	if len(t.closed) > 0 {
		f := &t.frames[len(t.frames)-1]
		f.greedyAt = append(f.greedyAt, t.closed...)
		t.closed = t.closed[:0]
	}
}

// lazify makes the greedy quantifiers of the group just closed lazy, because the group is
// quantified lazily; if the previous atom was not a group there are none.
func (t *reTranslator) lazify() {
	for k := len(t.closed) - 1; k >= 0; k-- {
		t.out.insertByte(t.closed[k], '?')
	}
	t.closed = t.closed[:0]
}

func (f greedFrame) result() greed {
	if f.multi {
		return greedLong
	}
	return f.branch
}

// atom records a translated atom of greediness g.
func (t *reTranslator) atom(g greed) {
	t.flushClosed()
	t.commit()
	t.pending, t.hasPending = g, true
}

// commit assigns the pending atom's greediness to its branch.
func (t *reTranslator) commit() {
	if t.hasPending {
		f := &t.frames[len(t.frames)-1]
		if f.branch == greedNone {
			f.branch = t.pending
		}
		t.hasPending = false
	}
}

// quantified applies a quantifier to the pending atom: fixed counts keep the atom's own
// greediness, others impose theirs.
func (t *reTranslator) quantified(lazy, fixed bool) {
	switch {
	case fixed:
	case lazy:
		t.pending = greedShort
	default:
		t.pending = greedLong
	}
	t.commit()
}

func (t *reTranslator) translate(p string) error {
	t.frames = append(t.frames[:0], greedFrame{})
	// canQuantify is false where a quantifier would have no operand (start, after ( or |,
	// after another quantifier).
	canQuantify := false
	for i := 0; i < len(p); {
		c := p[i]
		if t.f.expanded {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				i++
				continue
			}
			if c == '#' {
				for i < len(p) && p[i] != '\n' {
					i++
				}
				continue
			}
		}
		switch c {
		case '\\':
			n, quant, err := t.escape(p[i:])
			if err != nil {
				return err
			}
			i += n
			t.atom(greedNone)
			canQuantify = quant
		case '(':
			if strings.HasPrefix(p[i:], "(?#") {
				end := strings.IndexByte(p[i:], ')')
				if end < 0 {
					return errRegex(reEParen)
				}
				i += end + 1
				continue
			}
			switch {
			case strings.HasPrefix(p[i:], "(?:"):
				t.out.writeString("(?:")
				i += 3
			case strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!"):
				return errRegexUnsupported("lookahead constraint")
			case strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!"):
				return errRegexUnsupported("lookbehind constraint")
			case strings.HasPrefix(p[i:], "(?"):
				return errRegex(reBadRpt)
			default:
				t.out.writeByte('(')
				t.groups++
				i++
			}
			t.flushClosed()
			t.commit()
			t.frames = append(t.frames, greedFrame{})
			canQuantify = false
		case ')':
			if len(t.frames) == 1 {
				return errRegex(reEParen)
			}
			t.flushClosed()
			t.commit()
			g := t.frames[len(t.frames)-1].result()
			closed := t.frames[len(t.frames)-1].greedyAt
			t.frames = t.frames[:len(t.frames)-1]
			t.out.writeByte(')')
			i++
			t.atom(g)
			t.closed = append(t.closed[:0], closed...)
			canQuantify = true
		case '|':
			t.flushClosed()
			t.commit()
			t.frames[len(t.frames)-1].multi = true
			t.out.writeByte('|')
			i++
			canQuantify = false
		case '*', '+', '?':
			if !canQuantify {
				return errRegex(reBadRpt)
			}
			lazy := i+1 < len(p) && p[i+1] == '?'
			if lazy {
				t.lazify()
				t.out.writeString(p[i : i+2])
				i += 2
			} else {
				t.flushClosed()
				t.out.writeByte(c)
				t.greedyQuantifier()
				i++
			}
			t.quantified(lazy, false)
			canQuantify = false
		case '{':
			if i+1 >= len(p) || p[i+1] < '0' || p[i+1] > '9' {
				// Not a bound: an ordinary character.
				t.out.writeString(`\{`)
				i++
				t.atom(greedNone)
				canQuantify = true
				continue
			}
			if !canQuantify {
				return errRegex(reBadRpt)
			}
			n, err := t.bound(p[i:])
			if err != nil {
				return err
			}
			i += n
			canQuantify = false
		case '[':
			n, err := t.bracket(p[i:])
			if err != nil {
				return err
			}
			i += n
			t.atom(greedNone)
			canQuantify = true
		case '.', '^', '$':
			t.contextual = t.contextual || c != '.'
			t.out.writeByte(c)
			i++
			t.atom(greedNone)
			canQuantify = true
		default:
			_, size := utf8.DecodeRuneInString(p[i:])
			t.out.writeString(regexp.QuoteMeta(p[i : i+size]))
			i += size
			t.atom(greedNone)
			canQuantify = true
		}
	}
	if len(t.frames) != 1 {
		return errRegex(reEParen)
	}
	t.flushClosed()
	t.commit()
	t.nonGreedy = t.frames[0].result() == greedShort
	return nil
}

// bound translates {m}, {m,} or {m,n}, possibly followed by ?, at the start of p.
func (t *reTranslator) bound(p string) (int, error) {
	end := strings.IndexByte(p, '}')
	if end < 0 {
		return 0, errRegex(reEBrace)
	}
	body := p[1:end]
	lo, hi, comma := body, "", false
	if k := strings.IndexByte(body, ','); k >= 0 {
		lo, hi, comma = body[:k], body[k+1:], true
	}
	m, err := strconv.Atoi(lo)
	if err != nil || m > reDupMax {
		return 0, errRegex(reBadBr)
	}
	if hi != "" {
		n, err := strconv.Atoi(hi)
		if err != nil || n > reDupMax || n < m {
			return 0, errRegex(reBadBr)
		}
	}
	n := end + 1
	lazy := n < len(p) && p[n] == '?'
	if lazy {
		t.lazify()
	} else {
		t.flushClosed()
	}
	if comma && hi == "" {
		t.out.writeString("{" + lo + ",}")
	} else {
		t.out.writeString(p[:end+1])
	}
	if lazy {
		t.out.writeByte('?')
		n++
	} else if comma {
		t.greedyQuantifier()
	}
	t.quantified(lazy, !comma)
	return n, nil
}

// writeLiteral writes rune r as a literal outside brackets.
func (t *reTranslator) writeLiteral(r rune) {
	var enc [utf8.UTFMax]byte
	t.out.writeString(regexp.QuoteMeta(string(enc[:utf8.EncodeRune(enc[:], r)])))
}

// escape translates the escape at the start of p, returning its length and whether it is a
// quantifiable atom (constraints are not).
func (t *reTranslator) escape(p string) (int, bool, error) {
	if len(p) < 2 {
		return 0, false, errRegex(reEEscape)
	}
	c := p[1]
	switch c {
	case 'd', 's', 'w', 'D', 'S', 'W':
		t.out.writeString(p[:2])
		return 2, true, nil
	case 'A', 'Z', 'm', 'M', 'y', 'Y':
		t.contextual = true
	}
	switch c {
	case 'A':
		t.out.writeString(`\A`)
		return 2, false, nil
	case 'Z':
		t.out.writeString(`\z`)
		return 2, false, nil
	case 'm', 'M', 'y':
		t.out.writeString(`\b`)
		return 2, false, nil
	case 'Y':
		t.out.writeString(`\B`)
		return 2, false, nil
	}
	if c >= '1' && c <= '9' {
		if int(c-'0') > t.groups {
			return 0, false, errRegex(reESubReg)
		}
		return 0, false, errRegexUnsupported("backreference")
	}
	r, n, err := charEscape(p)
	if err != nil {
		return 0, false, err
	}
	t.writeLiteral(r)
	return n, true, nil
}

// charEscape decodes a character-entry escape (or an escaped non-alphanumeric character) at
// the start of p, valid both inside and outside bracket expressions.
func charEscape(p string) (rune, int, error) {
	if len(p) < 2 {
		return 0, 0, errRegex(reEEscape)
	}
	c := p[1]
	switch c {
	case 'a':
		return 7, 2, nil
	case 'b':
		return 8, 2, nil
	case 'B':
		return '\\', 2, nil
	case 'e':
		return 27, 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'v':
		return '\v', 2, nil
	case 'c':
		if len(p) < 3 {
			return 0, 0, errRegex(reEEscape)
		}
		return rune(p[2] & 0x1f), 3, nil
	case 'u', 'U', 'x':
		digits := map[byte]int{'u': 4, 'U': 8, 'x': 255}[c]
		k := 2
		var v rune
		for k < len(p) && k-2 < digits {
			d, ok := unhexDigit(p[k])
			if !ok {
				break
			}
			v = v*16 + rune(d)
			if v > utf8.MaxRune {
				return 0, 0, errRegex(reEEscape)
			}
			k++
		}
		if k == 2 || (c != 'x' && k-2 != digits) {
			return 0, 0, errRegex(reEEscape)
		}
		return v, k, nil
	case '0':
		k, v := 2, rune(0)
		for k < len(p) && k < 5 && p[k] >= '0' && p[k] <= '7' {
			v = v*8 + rune(p[k]-'0')
			k++
		}
		return v, k, nil
	}
	if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		return 0, 0, errRegex(reEEscape)
	}
	r, size := utf8.DecodeRuneInString(p[1:])
	return r, 1 + size, nil
}

func unhexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// reClasses are the POSIX character classes AREs accept; RE2 spells them the same way.
var reClasses = map[string]bool{
	"alnum": true, "alpha": true, "blank": true, "cntrl": true, "digit": true, "graph": true,
	"lower": true, "print": true, "punct": true, "space": true, "upper": true, "xdigit": true,
	"word": true,
}

// bracket translates the bracket expression at the start of p.
func (t *reTranslator) bracket(p string) (int, error) {
	i := 1
	var b strings.Builder
	b.WriteByte('[')
	if i < len(p) && p[i] == '^' {
		b.WriteByte('^')
		if !t.f.dotNL {
			b.WriteString(`\n`)
		}
		i++
	}
	first := true
	// prev holds the last single character, for ranges; -1 when there is none.
	prev := rune(-1)
	for {
		if i >= len(p) {
			return 0, errRegex(reEBrack)
		}
		c := p[i]
		if c == ']' && !first {
			i++
			break
		}
		first = false
		var r rune
		switch {
		case c == '[' && i+1 < len(p) && p[i+1] == ':':
			end := strings.Index(p[i+2:], ":]")
			if end < 0 {
				return 0, errRegex(reEBrack)
			}
			name := p[i+2 : i+2+end]
			if !reClasses[name] {
				return 0, errRegex(reECtype)
			}
			b.WriteString("[:" + name + ":]")
			i += end + 4
			prev = -1
			continue
		case c == '[' && i+1 < len(p) && (p[i+1] == '.' || p[i+1] == '='):
			delim := string(p[i+1]) + "]"
			end := strings.Index(p[i+2:], delim)
			if end < 0 {
				return 0, errRegex(reEBrack)
			}
			elem := p[i+2 : i+2+end]
			if utf8.RuneCountInString(elem) != 1 {
				return 0, errRegex(reECollate)
			}
			r, _ = utf8.DecodeRuneInString(elem)
			i += end + 4
		case c == '\\':
			if i+1 < len(p) {
				switch p[i+1] {
				case 'd', 's', 'w', 'D', 'S', 'W':
					b.WriteString(p[i : i+2])
					i += 2
					prev = -1
					continue
				}
			}
			var n int
			var err error
			r, n, err = charEscape(p[i:])
			if err != nil {
				return 0, err
			}
			i += n
		case c == '-' && prev >= 0 && i+1 < len(p) && p[i+1] != ']':
			// A range: prev was written already; write the end.
			i++
			var hi rune
			switch {
			case p[i] == '\\':
				var n int
				var err error
				hi, n, err = charEscape(p[i:])
				if err != nil {
					return 0, err
				}
				i += n
			case p[i] == '[' && i+1 < len(p) && (p[i+1] == '.' || p[i+1] == '='):
				delim := string(p[i+1]) + "]"
				end := strings.Index(p[i+2:], delim)
				if end < 0 {
					return 0, errRegex(reEBrack)
				}
				elem := p[i+2 : i+2+end]
				if utf8.RuneCountInString(elem) != 1 {
					return 0, errRegex(reECollate)
				}
				hi, _ = utf8.DecodeRuneInString(elem)
				i += end + 4
			default:
				var size int
				hi, size = utf8.DecodeRuneInString(p[i:])
				i += size
			}
			if hi < prev {
				return 0, errRegex(reERange)
			}
			b.WriteByte('-')
			writeClassRune(&b, hi)
			prev = -1
			continue
		default:
			var size int
			r, size = utf8.DecodeRuneInString(p[i:])
			i += size
		}
		writeClassRune(&b, r)
		prev = r
	}
	b.WriteByte(']')
	t.out.writeString(b.String())
	return i, nil
}

// writeClassRune writes r as a literal inside an RE2 character class.
func writeClassRune(b *strings.Builder, r rune) {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r >= utf8.RuneSelf:
		b.WriteRune(r)
	default:
		b.WriteString(`\x{`)
		b.WriteString(strconv.FormatInt(int64(r), 16))
		b.WriteByte('}')
	}
}

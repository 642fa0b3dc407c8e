package udf

import (
	"strings"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestRegexTranslate pins the ARE to RE2 translation: anchoring and newline defaults,
// escapes, bracket expressions, greediness, and regcomp's error messages.
func TestRegexTranslate(t *testing.T) {
	for _, c := range []struct {
		pattern, flags string
		want           string // translated pattern, or the error message
		nonGreedy      bool
	}{
		{pattern: "a.b", want: "(?s)a.b"},
		{pattern: "a.b", flags: "n", want: "(?m)a.b"},
		{pattern: "a.b", flags: "p", want: "a.b"},
		{pattern: "a.b", flags: "w", want: "(?sm)a.b"},
		{pattern: "abc", flags: "i", want: "(?i)(?s)abc"},
		{pattern: `\mfoo\M\y\Y\A\Z`, want: `(?s)\bfoo\b\b\B\A\z`},
		{pattern: `a\Bb\e\x41\u00e9\0101`, want: "(?s)a\\\\b\x1bAéA"},
		{pattern: `[]a-c[:digit:]\d]`, want: `(?s)[\x{5d}a-c[:digit:]\d]`},
		{pattern: `[^x]`, flags: "n", want: `(?m)[^\nx]`},
		{pattern: `[[.-.]a]`, want: `(?s)[\x{2d}a]`},
		{pattern: "a{2,}b{3}c{1,2}?", want: "(?s)a{2,}b{3}c{1,2}?"},
		{pattern: "x{", want: `(?s)x\{`},
		{pattern: "a b # comment\n c", flags: "x", want: "(?s)abc"},
		{pattern: "***=a.b", want: `(?s)a\.b`},
		{pattern: "(?i)abc", want: "(?i)(?s)abc"},
		{pattern: "a(?#note)b", want: "(?s)ab"},
		{pattern: "(a*)(b+?)", want: "(?s)(a*)(b+?)"},
		{pattern: "(a*?)(b+)", want: "(?s)(a*?)(b+)", nonGreedy: true},
		{pattern: "x*?|y", want: "(?s)x*?|y"},
		// A lazily quantified group makes the quantifiers inside it lazy.
		{pattern: "(?:a*b+){1,1}?(.*){1,1}", want: "(?s)(?:a*?b+?){1,1}?(.*){1,1}", nonGreedy: true},
		{pattern: "(", want: "invalid regular expression: parentheses () not balanced"},
		{pattern: "a)", want: "invalid regular expression: parentheses () not balanced"},
		{pattern: "[a", want: "invalid regular expression: brackets [] not balanced"},
		{pattern: "*a", want: "invalid regular expression: quantifier operand invalid"},
		{pattern: "a**", want: "invalid regular expression: quantifier operand invalid"},
		{pattern: "a{3,2}", want: "invalid regular expression: invalid repetition count(s)"},
		{pattern: "a{256}", want: "invalid regular expression: invalid repetition count(s)"},
		{pattern: "a{2", want: "invalid regular expression: braces {} not balanced"},
		{pattern: `\q`, want: `invalid regular expression: invalid escape \ sequence`},
		{pattern: `[[:nope:]]`, want: "invalid regular expression: invalid character class"},
		{pattern: `[z-a]`, want: "invalid regular expression: invalid character range"},
		{pattern: `(a)\2`, want: "invalid regular expression: invalid backreference number"},
		{pattern: `(a)\1`, want: "invalid regular expression: backreference is not supported"},
		{pattern: `a(?=b)`, want: "invalid regular expression: lookahead constraint is not supported"},
		{pattern: `(?<!a)b`, want: "invalid regular expression: lookbehind constraint is not supported"},
	} {
		f, err := parseReFlags(c.flags, defaultReFlags())
		if err != nil {
			t.Fatal(err)
		}
		re, err := compileRegex(c.pattern, f)
		if err != nil {
			if err.Error() != c.want || pgcodeOf(err) != pgcode.InvalidRegularExpression {
				t.Errorf("%q: error %v (%s), want %q", c.pattern, err, pgcodeOf(err), c.want)
			}
			continue
		}
		if got := re.re.String(); got != c.want {
			t.Errorf("%q/%s: translated to %q, want %q", c.pattern, c.flags, got, c.want)
		}
		var tr reTranslator
		tr.f = f
		if strings.HasPrefix(c.pattern, "(?i)") || strings.HasPrefix(c.pattern, "***") {
			continue
		}
		if err := tr.translate(c.pattern); err == nil && !f.expanded && tr.nonGreedy != c.nonGreedy {
			t.Errorf("%q: nonGreedy %v, want %v", c.pattern, tr.nonGreedy, c.nonGreedy)
		}
	}
}

func TestRegexFlags(t *testing.T) {
	if _, err := parseReFlags("gz", defaultReFlags()); err == nil || err.Error() != `invalid regular expression option: "z"` ||
		pgcodeOf(err) != pgcode.InvalidParameterValue {
		t.Errorf("bad flag: %v", err)
	}
	f, err := parseReFlags("ig", defaultReFlags())
	if err != nil || !f.icase || !f.global {
		t.Errorf("ig: %+v %v", f, err)
	}
}

func TestRegexFunctions(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "textregexeq", args: oids(tx, tx),
			in:   [][]string{col("abc", "abc", "ABC", "NULL", "x\ny"), col("b", "^b", "b", "a", "x.y")},
			want: col("t", "f", "f", "NULL", "t")},
		{name: "texticregexeq", args: oids(tx, tx), in: [][]string{col("ABC", "abc"), col("b", "B")}, want: col("t", "t")},
		{name: "textregexne", args: oids(tx, tx), in: [][]string{col("abc", "abc"), col("b", "z")}, want: col("f", "t")},
		// Leftmost-longest, as POSIX requires, for greedy patterns.
		{name: "regexp_substr", args: oids(tx, tx), in: [][]string{col("abcd", "xyz"), col("a|ab|abc", "y*?")}, want: col("abc", "")},
		{name: "regexp_replace", args: oids(tx, tx, tx, tx),
			in:   [][]string{col("abcabc", "abc", "aaa", "abc"), col("b", "(b)(c)", "^a", "b*"), col("[\\&]", "\\2\\1\\\\", "x", "-"), col("g", "", "g", "g")},
			want: col("a[b]ca[b]c", "acb\\", "xaa", "-a--c-")},
		{name: "regexp_replace", args: oids(tx, tx, tx, i4, i4),
			in:   [][]string{col("aaaa", "aaaa", "aaaa"), col("a", "a", "a"), col("X", "X", "X"), col("2", "1", "1"), col("2", "0", "5")},
			want: col("aaXa", "XXXX", "aaaa")},
		{name: "regexp_replace", args: oids(tx, tx, tx, i4), in: [][]string{col("abc"), col("b"), col("x"), col("0")},
			code: pgcode.InvalidParameterValue, msg: `invalid value for parameter "start": 0`},
		{name: "regexp_count", args: oids(tx, tx, i4, tx),
			in:   [][]string{col("abcABC", "abc", "aaa"), col("b", "", "a"), col("1", "1", "2"), col("i", "", "")},
			want: col("2", "4", "2")},
		{name: "regexp_instr", args: oids(tx, tx, i4, i4, i4, tx, i4),
			in: [][]string{col("abcabc", "abcabc", "héllo"), col("(b)(c)", "b", "l+"), col("1", "3", "1"), col("2", "1", "1"),
				col("1", "0", "1"), col("", "", ""), col("1", "0", "0")},
			want: col("6", "5", "5")},
		{name: "regexp_instr", args: oids(tx, tx, i4, i4, i4), in: [][]string{col("abc"), col("b"), col("1"), col("1"), col("2")},
			code: pgcode.InvalidParameterValue, msg: `invalid value for parameter "endoption": 2`},
		{name: "regexp_substr", args: oids(tx, tx, i4, i4, tx, i4),
			in:   [][]string{col("abcabc", "abc", "abc"), col("(b)(c)", "(x)?b", "b"), col("1", "1", "1"), col("2", "1", "2"), col("", "", ""), col("2", "1", "0")},
			want: col("c", "NULL", "NULL")},
		{name: "regexp_like", args: oids(tx, tx, tx), in: [][]string{col("abc"), col("b"), col("g")},
			code: pgcode.InvalidParameterValue, msg: `regexp_like() does not support the "global" option`},
		{name: "substring", args: oids(tx, tx),
			in:   [][]string{col("Thomas", "Thomas", "Thomas"), col("...$", "T(.)o", "x")},
			want: col("mas", "h", "NULL")},
		{name: "substring", args: oids(tx, tx, tx),
			in:   [][]string{col("abcdefg", "abcdefg", "abcdefg"), col(`a#"(b_d)#"%`, `a*#"%#"g*`, `a#"%#"g`), col("#", "#", "#")},
			want: col("bcd", "abcdefg", "bcdef")},
		{name: "substring", args: oids(tx, tx, tx), in: [][]string{col("abc"), col(`a#"b#"c#"`), col("#")},
			code: pgcode.InvalidUseOfEscapeCharacter,
			msg:  "SQL regular expression may not contain more than two escape-double-quote separators"},
	})
}

func TestRegexSplit(t *testing.T) {
	for _, c := range []struct {
		s, pattern string
		want       []string
	}{
		{"the quick  fox", `\s+`, []string{"the", "quick", "fox"}},
		{"abc", "", []string{"a", "b", "c"}},
		{"abc", "x*", []string{"a", "b", "c"}},
		{",a,", ",", []string{"", "a", ""}},
		{"", "x", []string{""}},
	} {
		re, err := compileRegex(c.pattern, defaultReFlags())
		if err != nil {
			t.Fatal(err)
		}
		if got := regexSplit(re, c.s); strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("split %q at %q = %q, want %q", c.s, c.pattern, got, c.want)
		}
	}
}

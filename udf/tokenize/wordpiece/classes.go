package wordpiece

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Character classes as BERT defines them (Hugging Face's BertNormalizer and
// BertPreTokenizer, after Google's original tokenization.py).

// The non-ASCII classes come from the reference implementation itself (tables.go, made by
// testdata/gen_tables.js): its Rust crates classify by Unicode 8.0's categories, and Go's
// unicode package is newer, so hundreds of characters would differ (marks and punctuation
// added since are ordinary characters there).

// isControl reports whether text cleaning removes non-ASCII r: U+FFFD and the "other"
// categories Cc, Cf and Co (unassigned characters are kept).
func isControl(r rune) bool { return unicode.Is(controlTable, r) }

// isWhitespace is Unicode's White_Space property (tab, newline and carriage return
// included).
func isWhitespace(r rune) bool { return unicode.IsSpace(r) }

// isPunctuation is BERT's punctuation: the ASCII symbols !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
// and the Unicode punctuation characters (P*).
func isPunctuation(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == classPunct
	}
	return unicode.Is(punctTable, r)
}

// isChinese reports whether r is a CJK ideograph, which BERT surrounds with spaces so that
// each becomes a word of its own.
func isChinese(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0x20000 && r <= 0x2A6DF,
		r >= 0x2A700 && r <= 0x2B73F, r >= 0x2B740 && r <= 0x2B81F, r >= 0x2B920 && r <= 0x2CEAF,
		r >= 0xF900 && r <= 0xFAFF, r >= 0x2F800 && r <= 0x2FA1F:
		return true
	}
	return false
}

// isNonspacingMark is general category Mn, what stripping accents removes after NFD.
func isNonspacingMark(r rune) bool { return unicode.Is(markTable, r) }

// lowerRange maps the characters lo, lo+stride, ... hi to themselves plus delta.
type lowerRange struct {
	lo, hi rune
	stride rune
	delta  rune
}

// toLower is the lowercase of r when it is one character (ok false when it is several:
// see multiLower).
func toLower(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	if _, multi := multiLower[r]; multi {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(lowerTable, r, func(lr lowerRange, r rune) int {
		switch {
		case r < lr.lo:
			return 1
		case r > lr.hi:
			return -1
		}
		return 0
	})
	if found && (r-lowerTable[i].lo)%lowerTable[i].stride == 0 {
		return r + lowerTable[i].delta, true
	}
	return r, true
}

// ASCII classes, looked up by byte on the fast path.
const (
	classWord    uint8 = iota // kept, part of a word
	classSpace                // whitespace: separates words
	classPunct                // punctuation: a word of its own
	classControl              // removed by text cleaning
)

var asciiClass [utf8.RuneSelf]uint8

func init() {
	for c := range asciiClass {
		r := rune(c)
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == ' ':
			asciiClass[c] = classSpace
		case r < 0x20 || r == 0x7f:
			asciiClass[c] = classControl
		case r >= '!' && r <= '/', r >= ':' && r <= '@', r >= '[' && r <= '`', r >= '{' && r <= '~':
			asciiClass[c] = classPunct
		}
	}
}

// nfd is the canonical decomposition used before stripping accents.
var nfd = norm.NFD

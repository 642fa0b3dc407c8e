package wordpiece

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// addedToken is a token of tokenizer.json's added_tokens ([CLS], [MASK], ...): found in
// the input text before anything else happens, and kept whole.
type addedToken struct {
	id      int32
	content string
	// singleWord matches only where the token is not part of a longer word; lstrip and
	// rstrip let the token take the whitespace on its left or right.
	singleWord, lstrip, rstrip bool
	// normalized tokens are found in the normalized text, by their normalized content.
	normalized bool
}

// addedTokens finds added tokens in a text, leftmost first and longest at a position, as
// Hugging Face's matcher does.
type addedTokens struct {
	all []addedToken
	// byFirst holds, for each first byte, the tokens starting with it, longest first.
	byFirst [256][]int
	any     bool
}

func newAddedTokens(all []addedToken) addedTokens {
	a := addedTokens{all: all}
	for i, t := range all {
		if t.content == "" {
			continue
		}
		b := t.content[0]
		a.byFirst[b] = append(a.byFirst[b], i)
		a.any = true
	}
	for b := range a.byFirst {
		slices.SortStableFunc(a.byFirst[b], func(x, y int) int { return cmp.Compare(len(all[y].content), len(all[x].content)) })
	}
	return a
}

// match is an added token found in a text: the byte range it covers (its stripped
// whitespace included) and its id.
type match struct {
	start, end int
	id         int32
}

// next finds the first added token in s at or after byte i.
func (a *addedTokens) next(s string, i int) (match, bool) {
	if !a.any {
		return match{}, false
	}
	from := i
	for ; i < len(s); i++ {
		for _, k := range a.byFirst[s[i]] {
			t := &a.all[k]
			if !strings.HasPrefix(s[i:], t.content) {
				continue
			}
			end := i + len(t.content)
			if t.singleWord && (wordCharBefore(s, i) || wordCharAfter(s, end)) {
				continue
			}
			start := i
			if t.lstrip {
				start = max(from, len(strings.TrimRightFunc(s[:start], unicode.IsSpace)))
			}
			if t.rstrip {
				end = len(s) - len(strings.TrimLeftFunc(s[end:], unicode.IsSpace))
			}
			return match{start: start, end: end, id: t.id}, true
		}
	}
	return match{}, false
}

func wordCharBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return n > 0 && isWordChar(r)
}

func wordCharAfter(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return n > 0 && isWordChar(r)
}

func isWordChar(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

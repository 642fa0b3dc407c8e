package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// Word characters are those of the Unicode \w class as the Rust regex crate (and UTS #18's
// "word" property) defines it: Alphabetic (letters, letter numbers and Other_Alphabetic),
// every mark (M), decimal digits (Nd), connector punctuation (Pc) and Join_Control. Go's
// regexp \w is ASCII-only, so the class is built here from the unicode package's tables.
//
// Lookups are what tokenize spends its time on, so the class is flattened once into an
// ASCII byte table and a bitmap of the Basic Multilingual Plane (8 KiB, hot in cache for
// any one script); only supplementary-plane characters go through the range tables.

// wordTables are the tables whose union is \w.
var wordTables = []*unicode.RangeTable{
	unicode.L, unicode.Nl, unicode.Other_Alphabetic, unicode.M, unicode.Nd, unicode.Pc, unicode.Join_Control,
}

var (
	asciiWord [utf8.RuneSelf]bool
	bmpWord   [0x10000 / 64]uint64
)

func init() {
	for _, t := range wordTables {
		for _, r := range t.R16 {
			for c := uint32(r.Lo); c <= uint32(r.Hi); c += uint32(r.Stride) {
				bmpWord[c>>6] |= 1 << (c & 63)
			}
		}
	}
	for c := range asciiWord {
		asciiWord[c] = bmpWord[c>>6]&(1<<(uint(c)&63)) != 0
	}
}

// IsWordRune reports whether r is a \w character.
func IsWordRune(r rune) bool {
	if r < 0x10000 {
		return r >= 0 && bmpWord[r>>6]&(1<<(uint(r)&63)) != 0
	}
	return unicode.In(r, wordTables...)
}

// nextWord returns the byte range of the first maximal run of word characters in s at or
// after byte i, with ok false when there is none. Invalid UTF-8 bytes are not word
// characters.
func nextWord(s string, i int) (start, end int, ok bool) {
	// Skip non-word characters.
	for {
		if i >= len(s) {
			return 0, 0, false
		}
		if c := s[i]; c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && IsWordRune(r) {
			break
		}
		i += size
	}
	start = i
	// Consume word characters.
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !IsWordRune(r) {
			break
		}
		i += size
	}
	return start, i, true
}

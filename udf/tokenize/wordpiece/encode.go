package wordpiece

import (
	"unicode"
	"unicode/utf8"
)

// Encoder encodes texts with one Tokenizer, reusing its buffers from text to text. After
// Encode, IDs holds the tokens' ids and Starts and Ends their character offsets into the
// text (start inclusive, end exclusive, counted in characters from 0, as Hugging Face
// reports them; the special tokens of the template get 0, 0). An Encoder is not safe for
// concurrent use.
type Encoder struct {
	t                 *Tokenizer
	IDs, Starts, Ends []int32
	// stripped holds the added tokens that took whitespace around them (lstrip, rstrip),
	// whose text is what they matched rather than the vocabulary's, by token index.
	stripped        []strippedToken
	word            []byte  // the normalized bytes of the word being built
	wordChar        []int32 // per byte of word: the index of the original character it came from
	nfdBuf, runeBuf []byte
	charsInWord     int
}

type strippedToken struct {
	index int
	text  string
}

// NewEncoder returns an Encoder for t.
func NewEncoder(t *Tokenizer) *Encoder { return &Encoder{t: t} }

// Encode tokenizes text, replacing the Encoder's results. With addSpecial the template's
// special tokens ([CLS] ... [SEP]) surround the sequence.
func (e *Encoder) Encode(text string, addSpecial bool) {
	e.IDs, e.Starts, e.Ends, e.stripped = e.IDs[:0], e.Starts[:0], e.Ends[:0], e.stripped[:0]
	if addSpecial {
		e.emitSpecial(e.t.prefix)
	}
	char := int32(0) // the character index of text[pos]
	pos := 0
	for {
		m, ok := e.t.added.next(text, pos)
		if !ok {
			break
		}
		char = e.segment(text[pos:m.start], char)
		matched := text[m.start:m.end]
		end := char + int32(utf8.RuneCountInString(matched))
		if matched != e.t.Token(m.id) {
			e.stripped = append(e.stripped, strippedToken{len(e.IDs), matched})
		}
		e.emit(m.id, char, end)
		char, pos = end, m.end
	}
	e.segment(text[pos:], char)
	if addSpecial {
		e.emitSpecial(e.t.suffix)
	}
}

// Token returns the text of token i of the last encoding: the vocabulary's, or for an
// added token that took whitespace around it, the text it matched (as Hugging Face gives).
func (e *Encoder) Token(i int) string {
	for _, s := range e.stripped {
		if s.index == i {
			return s.text
		}
	}
	return e.t.Token(e.IDs[i])
}

func (e *Encoder) emit(id, start, end int32) {
	e.IDs = append(e.IDs, id)
	e.Starts = append(e.Starts, start)
	e.Ends = append(e.Ends, end)
}

func (e *Encoder) emitSpecial(ids []int32) {
	for _, id := range ids {
		e.emit(id, 0, 0)
	}
}

// segment normalizes, splits and encodes a stretch of text without added tokens whose
// first character has index char, and returns the index after its last character. The
// normalizer works character by character, so its steps run fused here: the ASCII path
// costs a table lookup per byte.
func (e *Encoder) segment(s string, char int32) int32 {
	lower := e.t.norm.lowercase
	for i := 0; i < len(s); char++ {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch asciiClass[c] {
			case classWord:
				if lower && 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				e.word = append(e.word, c)
				e.wordChar = append(e.wordChar, char)
				e.charsInWord++
			case classSpace:
				e.endWord()
			case classPunct:
				e.addRune(rune(c), char)
			case classControl:
				if !e.t.norm.clean {
					e.addRune(rune(c), char)
				}
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		e.normalizeRune(r, char)
	}
	e.endWord()
	return char
}

// normalizeRune runs BertNormalizer's steps on one non-ASCII character: cleaning, CJK
// spacing, NFD with accents stripped, lowercasing.
func (e *Encoder) normalizeRune(r rune, char int32) {
	nm := &e.t.norm
	if nm.clean {
		if isControl(r) {
			return
		}
		if isWhitespace(r) {
			e.endWord()
			return
		}
	}
	if nm.chinese && isChinese(r) {
		e.endWord()
		defer e.endWord()
	}
	if !nm.stripAccents || r < 0xC0 { // nothing below U+00C0 decomposes
		e.lowerRune(r, char)
		return
	}
	e.runeBuf = utf8.AppendRune(e.runeBuf[:0], r)
	e.nfdBuf = nfd.Append(e.nfdBuf[:0], e.runeBuf...)
	for d := e.nfdBuf; len(d) > 0; {
		dr, n := utf8.DecodeRune(d)
		d = d[n:]
		if !isNonspacingMark(dr) {
			e.lowerRune(dr, char)
		}
	}
}

// lowerRune lowercases r if the normalizer does, as Rust's char::to_lowercase does: one
// character, except İ, which becomes i and a combining dot above.
func (e *Encoder) lowerRune(r rune, char int32) {
	if !e.t.norm.lowercase {
		e.addRune(r, char)
		return
	}
	if r == 'İ' {
		e.addRune('i', char)
		e.addRune('\u0307', char)
		return
	}
	e.addRune(unicode.ToLower(r), char)
}

// addRune appends a normalized character to the current word, or ends the word on
// whitespace, or makes a word of its own of punctuation.
func (e *Encoder) addRune(r rune, char int32) {
	switch {
	case isWhitespace(r):
		e.endWord()
		return
	case e.t.splitPunct && isPunctuation(r):
		e.endWord()
		defer e.endWord()
	}
	n := len(e.word)
	e.word = utf8.AppendRune(e.word, r)
	for range len(e.word) - n {
		e.wordChar = append(e.wordChar, char)
	}
	e.charsInWord++
}

// endWord encodes the word built so far with greedy longest-match WordPiece: the longest
// vocabulary piece that starts the word, then the longest continuing piece (##...) that
// starts the rest, and so on; a word with a rest no piece starts, or longer than the
// word limit, is the unknown token.
func (e *Encoder) endWord() {
	w := e.word
	if len(w) == 0 {
		return
	}
	t := e.t
	first, last := e.wordChar[0], e.wordChar[len(w)-1]+1
	if e.charsInWord > t.maxWordChars {
		e.emit(t.unk, first, last)
		e.resetWord()
		return
	}
	mark := len(e.IDs)
	for start := 0; start < len(w); {
		pieces, longest := t.whole, t.maxWhole
		if start > 0 {
			pieces, longest = t.cont, t.maxCont
		}
		end := min(len(w), start+longest)
		for end > start && end < len(w) && !utf8.RuneStart(w[end]) {
			end--
		}
		id, found := int32(0), false
		for end > start {
			if id, found = pieces[string(w[start:end])]; found {
				break
			}
			end--
			for end > start && !utf8.RuneStart(w[end]) {
				end--
			}
		}
		if !found {
			e.IDs, e.Starts, e.Ends = e.IDs[:mark], e.Starts[:mark], e.Ends[:mark]
			e.emit(t.unk, first, last)
			break
		}
		e.emit(id, e.wordChar[start], e.wordChar[end-1]+1)
		start = end
	}
	e.resetWord()
}

func (e *Encoder) resetWord() {
	e.word, e.wordChar, e.charsInWord = e.word[:0], e.wordChar[:0], 0
}

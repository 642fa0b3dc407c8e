package wordpiece

import (
	"strings"
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
	// matched holds the added tokens whose text is what they matched rather than the
	// vocabulary's: those that took whitespace around them (lstrip, rstrip) and those
	// matched in the normalized text.
	matched         []matchedToken
	word            []byte  // the normalized bytes of the word being built
	wordChar        []int32 // per byte of word: the index of the original character it came from
	nfdBuf, runeBuf []byte
	charsInWord     int
	// With normalized added tokens, a stretch is first normalized into norm (collecting),
	// normChar giving per byte the index of the original character, then searched.
	collecting bool
	norm       []byte
	normChar   []int32
	char       int32 // the character being normalized while collecting
}

type matchedToken struct {
	index int
	text  string
}

// NewEncoder returns an Encoder for t.
func NewEncoder(t *Tokenizer) *Encoder { return &Encoder{t: t} }

// Encode tokenizes text, replacing the Encoder's results. With addSpecial the template's
// special tokens ([CLS] ... [SEP]) surround the sequence.
func (e *Encoder) Encode(text string, addSpecial bool) {
	e.IDs, e.Starts, e.Ends, e.matched = e.IDs[:0], e.Starts[:0], e.Ends[:0], e.matched[:0]
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
		end := char + int32(utf8.RuneCountInString(text[m.start:m.end]))
		e.emitAdded(m.id, char, end, text[m.start:m.end])
		char, pos = end, m.end
	}
	e.segment(text[pos:], char)
	if addSpecial {
		e.emitSpecial(e.t.suffix)
	}
}

// Token returns the text of token i of the last encoding: the vocabulary's, or for an
// added token, the text it matched (as Hugging Face gives).
func (e *Encoder) Token(i int) string {
	for _, s := range e.matched {
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

// emitAdded emits an added token found in the text, which matched text.
func (e *Encoder) emitAdded(id, start, end int32, text string) {
	if text != e.t.Token(id) {
		e.matched = append(e.matched, matchedToken{len(e.IDs), strings.Clone(text)})
	}
	e.emit(id, start, end)
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
	if e.t.normAdded.any {
		return e.segmentNormalizedAdded(s, char)
	}
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

// segmentNormalizedAdded is segment for a tokenizer with added tokens that match the
// normalized text: the stretch is normalized whole, the added tokens are found in it, and
// the text between them is split and encoded.
func (e *Encoder) segmentNormalizedAdded(s string, char int32) int32 {
	e.collecting, e.norm, e.normChar = true, e.norm[:0], e.normChar[:0]
	for _, r := range s {
		e.char = char
		e.normalizeAny(r, char)
		char++
	}
	e.collecting = false
	norm := string(e.norm)
	pos := 0
	for {
		m, ok := e.t.normAdded.next(norm, pos)
		if !ok {
			break
		}
		e.split(norm[pos:m.start], pos)
		e.endWord()
		e.emitAdded(m.id, e.normChar[m.start], e.normChar[m.end-1]+1, norm[m.start:m.end])
		pos = m.end
	}
	e.split(norm[pos:], pos)
	e.endWord()
	return char
}

// split pre-tokenizes and encodes normalized text, which starts at byte base of e.norm.
func (e *Encoder) split(s string, base int) {
	for i, r := range s {
		e.addRune(r, e.normChar[base+i])
	}
}

// normalizeAny normalizes any character, ASCII included (segment inlines the ASCII case).
func (e *Encoder) normalizeAny(r rune, char int32) {
	if r >= utf8.RuneSelf {
		e.normalizeRune(r, char)
		return
	}
	if asciiClass[r] == classControl && e.t.norm.clean {
		return
	}
	if asciiClass[r] == classSpace && e.t.norm.clean {
		r = ' '
	}
	e.lowerRune(r, char)
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
			e.addRune(' ', char)
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

// lowerRune lowercases r if the normalizer does, as Rust's char::to_lowercase does (the
// reference's tables, newer than Go's): one character, except İ, which becomes i and a
// combining dot above.
func (e *Encoder) lowerRune(r rune, char int32) {
	if !e.t.norm.lowercase {
		e.addRune(r, char)
		return
	}
	if lr, ok := toLower(r); ok {
		e.addRune(lr, char)
		return
	}
	for _, lr := range multiLower[r] {
		e.addRune(lr, char)
	}
}

// addRune appends a normalized character to the current word, or ends the word on
// whitespace, or makes a word of its own of punctuation.
func (e *Encoder) addRune(r rune, char int32) {
	if e.collecting {
		n := len(e.norm)
		e.norm = utf8.AppendRune(e.norm, r)
		for range len(e.norm) - n {
			e.normChar = append(e.normChar, char)
		}
		return
	}
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
	if e.collecting { // the spaces BertNormalizer puts around CJK ideographs
		e.addRune(' ', e.char)
		return
	}
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

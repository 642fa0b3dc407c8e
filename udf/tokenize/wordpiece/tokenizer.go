package wordpiece

import (
	"fmt"
	"slices"
)

// Tokenizer is a loaded WordPiece tokenizer: its vocabulary, the normalization and
// pre-tokenization it applies, its added tokens and the special tokens its post-processor
// puts around a sequence. It is immutable once built and safe for concurrent use; each
// goroutine encodes with its own Encoder.
type Tokenizer struct {
	// whole maps the vocabulary's pieces to their ids; cont maps the continuing pieces
	// (those after the first of a word) without their prefix, so a lookup never builds a
	// prefixed key.
	whole, cont map[string]int32
	// maxWhole and maxCont are the longest keys of whole and cont, in bytes: no longer
	// candidate is ever looked up.
	maxWhole, maxCont int
	tokens            []string // id -> token text
	unk               int32
	maxWordChars      int

	norm       normalizer
	splitPunct bool // BertPreTokenizer splits punctuation off; WhitespaceSplit does not

	// added are the added tokens found in the raw text; normAdded those found in the
	// normalized text (normalized: true), by their normalized content.
	added, normAdded addedTokens
	// prefix and suffix are the ids the post-processor puts before and after a sequence
	// when special tokens are added ([CLS] and [SEP] for BERT).
	prefix, suffix []int32
}

// normalizer is BertNormalizer's configuration.
type normalizer struct {
	clean, chinese, stripAccents, lowercase bool
}

// Token returns the text of token id ("" for an id outside the vocabulary).
func (t *Tokenizer) Token(id int32) string {
	if id < 0 || int(id) >= len(t.tokens) {
		return ""
	}
	return t.tokens[id]
}

// VocabSize is the number of ids, added tokens included.
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// wordPieceModel is the model part of a tokenizer as its files describe it.
type wordPieceModel struct {
	vocab        map[string]int32
	unkToken     string
	prefix       string
	maxWordChars int
}

// newTokenizer builds a Tokenizer from its parts; the added tokens' ids may extend the
// vocabulary.
func newTokenizer(m wordPieceModel, n normalizer, splitPunct bool, added []addedToken) (*Tokenizer, error) {
	t := &Tokenizer{whole: m.vocab, cont: map[string]int32{}, maxWordChars: m.maxWordChars, norm: n, splitPunct: splitPunct}
	size := 0
	for tok, id := range m.vocab {
		if id < 0 {
			return nil, fmt.Errorf("negative id %d for token %q", id, tok)
		}
		size = max(size, int(id)+1)
		t.maxWhole = max(t.maxWhole, len(tok))
		if len(tok) > len(m.prefix) && tok[:len(m.prefix)] == m.prefix {
			rest := tok[len(m.prefix):]
			t.cont[rest] = id
			t.maxCont = max(t.maxCont, len(rest))
		}
	}
	for i, a := range added {
		// As Hugging Face's added vocabulary does, a token the model has keeps the model's id.
		if id, ok := m.vocab[a.content]; ok {
			added[i].id = id
		} else if a.id < 0 {
			return nil, fmt.Errorf("negative id %d for added token %q", a.id, a.content)
		}
		size = max(size, int(added[i].id)+1)
	}
	// Ids are dense in every tokenizer file; a sparse one must not make a huge table.
	if limit := 2*(len(m.vocab)+len(added)) + 1024; size > limit {
		return nil, fmt.Errorf("token ids up to %d for %d tokens", size-1, len(m.vocab)+len(added))
	}
	t.tokens = make([]string, size)
	for tok, id := range m.vocab {
		t.tokens[id] = tok
	}
	for _, a := range added {
		t.tokens[a.id] = a.content
	}
	unk, ok := m.vocab[m.unkToken]
	if !ok {
		return nil, fmt.Errorf("unknown token %q is not in the vocabulary", m.unkToken)
	}
	t.unk = unk
	var raw, norm []addedToken
	for _, a := range added {
		if a.normalized {
			a.content = t.normalize(a.content)
			norm = append(norm, a)
		} else {
			raw = append(raw, a)
		}
	}
	t.added, t.normAdded = newAddedTokens(raw), newAddedTokens(norm)
	return t, nil
}

// setTemplate sets the special tokens around a sequence, by token text.
func (t *Tokenizer) setTemplate(prefix, suffix []string) error {
	ids := func(toks []string) ([]int32, error) {
		out := make([]int32, 0, len(toks))
		for _, tok := range toks {
			id, ok := t.idOf(tok)
			if !ok {
				return nil, fmt.Errorf("special token %q is not in the vocabulary", tok)
			}
			out = append(out, id)
		}
		return out, nil
	}
	var err error
	if t.prefix, err = ids(prefix); err != nil {
		return err
	}
	t.suffix, err = ids(suffix)
	return err
}

// idOf returns the id of a token of the vocabulary or of the added tokens.
func (t *Tokenizer) idOf(tok string) (int32, bool) {
	if id, ok := t.whole[tok]; ok {
		return id, true
	}
	for _, a := range [][]addedToken{t.added.all, t.normAdded.all} {
		if i := slices.IndexFunc(a, func(a addedToken) bool { return a.content == tok }); i >= 0 {
			return a[i].id, true
		}
	}
	return 0, false
}

// normalize returns s as the normalizer leaves it.
func (t *Tokenizer) normalize(s string) string {
	e := NewEncoder(t)
	e.collecting = true
	for i, r := range []rune(s) {
		e.char = int32(i)
		e.normalizeAny(r, int32(i))
	}
	return string(e.norm)
}

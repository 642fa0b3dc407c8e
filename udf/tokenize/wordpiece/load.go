package wordpiece

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Parse builds a Tokenizer from the contents of a Hugging Face tokenizer.json, or of a
// BERT vocab.txt (one token per line, its id its line number) when the data is not a JSON
// object. dir is the directory the file came from, where a vocab.txt's
// tokenizer_config.json is looked for ("" for none).
func Parse(data []byte, dir string) (*Tokenizer, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		return parseJSON(data)
	}
	return parseVocab(data, dir)
}

// Load reads and parses a tokenizer file. Errors opening or reading the file are the
// os package's (errors.Is(err, fs.ErrNotExist)); anything else means a malformed file.
func Load(path string) (*Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, filepath.Dir(path))
}

// tokenizerJSON is the part of tokenizer.json a WordPiece tokenizer needs.
type tokenizerJSON struct {
	AddedTokens []struct {
		ID         int32  `json:"id"`
		Content    string `json:"content"`
		SingleWord bool   `json:"single_word"`
		LStrip     bool   `json:"lstrip"`
		RStrip     bool   `json:"rstrip"`
		Normalized *bool  `json:"normalized"`
		Special    bool   `json:"special"`
	} `json:"added_tokens"`
	Normalizer *struct {
		Type               string `json:"type"`
		CleanText          *bool  `json:"clean_text"`
		HandleChineseChars *bool  `json:"handle_chinese_chars"`
		StripAccents       *bool  `json:"strip_accents"`
		Lowercase          *bool  `json:"lowercase"`
	} `json:"normalizer"`
	PreTokenizer *struct {
		Type string `json:"type"`
	} `json:"pre_tokenizer"`
	Model *struct {
		Type                    string           `json:"type"`
		UnkToken                string           `json:"unk_token"`
		ContinuingSubwordPrefix *string          `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    *int             `json:"max_input_chars_per_word"`
		Vocab                   map[string]int32 `json:"vocab"`
	} `json:"model"`
	PostProcessor *struct {
		Type   string            `json:"type"`
		Single []json.RawMessage `json:"single"`
		Sep    []json.RawMessage `json:"sep"`
		Cls    []json.RawMessage `json:"cls"`
	} `json:"post_processor"`
}

func parseJSON(data []byte) (*Tokenizer, error) {
	var tj tokenizerJSON
	if err := json.Unmarshal(data, &tj); err != nil {
		return nil, err
	}
	m := tj.Model
	if m == nil || m.Type != "WordPiece" {
		typ := "none"
		if m != nil {
			typ = m.Type
		}
		return nil, fmt.Errorf("model type %s is not supported (only WordPiece is)", typ)
	}
	model := wordPieceModel{vocab: m.Vocab, unkToken: m.UnkToken, prefix: "##", maxWordChars: 100}
	if m.ContinuingSubwordPrefix != nil {
		model.prefix = *m.ContinuingSubwordPrefix
	}
	if m.MaxInputCharsPerWord != nil {
		model.maxWordChars = *m.MaxInputCharsPerWord
	}
	norm, err := jsonNormalizer(&tj)
	if err != nil {
		return nil, err
	}
	splitPunct := true
	if p := tj.PreTokenizer; p != nil {
		switch p.Type {
		case "BertPreTokenizer":
		case "WhitespaceSplit":
			splitPunct = false
		default:
			return nil, fmt.Errorf("pre-tokenizer type %s is not supported", p.Type)
		}
	}
	added := make([]addedToken, len(tj.AddedTokens))
	for i, a := range tj.AddedTokens {
		added[i] = addedToken{id: a.ID, content: a.Content, singleWord: a.SingleWord, lstrip: a.LStrip, rstrip: a.RStrip,
			normalized: !a.Special} // Hugging Face's default
		if a.Normalized != nil {
			added[i].normalized = *a.Normalized
		}
	}
	t, err := newTokenizer(model, norm, splitPunct, added)
	if err != nil {
		return nil, err
	}
	prefix, suffix, err := jsonTemplate(&tj)
	if err != nil {
		return nil, err
	}
	return t, t.setTemplate(prefix, suffix)
}

// jsonNormalizer reads a BertNormalizer (strip_accents null follows lowercase), or none.
func jsonNormalizer(tj *tokenizerJSON) (normalizer, error) {
	n := tj.Normalizer
	if n == nil {
		return normalizer{}, nil
	}
	if n.Type != "BertNormalizer" {
		return normalizer{}, fmt.Errorf("normalizer type %s is not supported", n.Type)
	}
	flag := func(p *bool, def bool) bool {
		if p == nil {
			return def
		}
		return *p
	}
	out := normalizer{clean: flag(n.CleanText, true), chinese: flag(n.HandleChineseChars, true), lowercase: flag(n.Lowercase, true)}
	out.stripAccents = flag(n.StripAccents, out.lowercase)
	return out, nil
}

// jsonTemplate reads the special tokens a post-processor puts before and after a single
// sequence: TemplateProcessing's "single" template or BertProcessing's cls and sep.
func jsonTemplate(tj *tokenizerJSON) (prefix, suffix []string, err error) {
	p := tj.PostProcessor
	if p == nil {
		return nil, nil, nil
	}
	switch p.Type {
	case "BertProcessing":
		cls, err1 := pairToken(p.Cls)
		sep, err2 := pairToken(p.Sep)
		if err := errors.Join(err1, err2); err != nil {
			return nil, nil, err
		}
		return []string{cls}, []string{sep}, nil
	case "TemplateProcessing":
		seen := false
		for _, raw := range p.Single {
			var piece struct {
				SpecialToken *struct{ ID string } `json:"SpecialToken"`
				Sequence     *struct{ ID string } `json:"Sequence"`
			}
			if err := json.Unmarshal(raw, &piece); err != nil {
				return nil, nil, err
			}
			switch {
			case piece.Sequence != nil:
				seen = true
			case piece.SpecialToken != nil && seen:
				suffix = append(suffix, piece.SpecialToken.ID)
			case piece.SpecialToken != nil:
				prefix = append(prefix, piece.SpecialToken.ID)
			}
		}
		return prefix, suffix, nil
	}
	return nil, nil, fmt.Errorf("post-processor type %s is not supported", p.Type)
}

// pairToken reads BertProcessing's ["[CLS]", 101].
func pairToken(pair []json.RawMessage) (string, error) {
	var tok string
	if len(pair) != 2 || json.Unmarshal(pair[0], &tok) != nil {
		return "", errors.New("malformed BertProcessing special token")
	}
	return tok, nil
}

// bertSpecials are the special tokens a BERT vocab.txt is used with.
var bertSpecials = []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}

// parseVocab builds BERT's tokenizer around a vocab.txt, as Hugging Face's
// BertWordPieceTokenizer does: lowercasing (and accent stripping) unless a
// tokenizer_config.json beside the file says do_lower_case false, and [CLS] and [SEP]
// around a sequence when the vocabulary has them.
func parseVocab(data []byte, dir string) (*Tokenizer, error) {
	vocab := map[string]int32{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for id := int32(0); sc.Scan(); id++ {
		tok := strings.TrimRight(sc.Text(), " \t\r")
		if _, dup := vocab[tok]; !dup {
			vocab[tok] = id
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(vocab) == 0 {
		return nil, errors.New("the vocabulary is empty")
	}
	lower := vocabLowercase(dir)
	norm := normalizer{clean: true, chinese: true, stripAccents: lower, lowercase: lower}
	var added []addedToken
	for _, s := range bertSpecials {
		if id, ok := vocab[s]; ok {
			added = append(added, addedToken{id: id, content: s})
		}
	}
	t, err := newTokenizer(wordPieceModel{vocab: vocab, unkToken: "[UNK]", prefix: "##", maxWordChars: 100}, norm, true, added)
	if err != nil {
		return nil, err
	}
	var prefix, suffix []string
	if _, ok := vocab["[CLS]"]; ok {
		prefix = []string{"[CLS]"}
	}
	if _, ok := vocab["[SEP]"]; ok {
		suffix = []string{"[SEP]"}
	}
	return t, t.setTemplate(prefix, suffix)
}

// vocabLowercase reads do_lower_case from the tokenizer_config.json in dir (true when
// there is none).
func vocabLowercase(dir string) bool {
	if dir == "" {
		return true
	}
	data, err := os.ReadFile(filepath.Join(dir, "tokenizer_config.json"))
	if err != nil {
		return true
	}
	var cfg struct {
		DoLowerCase *bool `json:"do_lower_case"`
	}
	if json.Unmarshal(data, &cfg) != nil || cfg.DoLowerCase == nil {
		return true
	}
	return *cfg.DoLowerCase
}

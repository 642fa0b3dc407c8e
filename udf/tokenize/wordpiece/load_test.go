package wordpiece

import (
	"strings"
	"testing"
)

// TestParseErrors checks that malformed tokenizer files are refused with a reason rather
// than loaded wrong or crashing.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{``, "the vocabulary is empty"},
		{"a\nb\n", `unknown token "[UNK]" is not in the vocabulary`},
		{`{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1`, "unexpected end of JSON input"},
		{`{"model": {"type": "BPE"}}`, "model type BPE is not supported (only WordPiece is)"},
		{`{"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 2000000000}}}`, "token ids up to 2000000000 for 2 tokens"},
		{`{"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}}, "normalizer": {"type": "NFKC"}}`, "normalizer type NFKC is not supported"},
		{`{"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}}, "pre_tokenizer": {"type": "ByteLevel"}}`, "pre-tokenizer type ByteLevel is not supported"},
		{`{"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0}}, "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]"}}]}}`, `special token "[CLS]" is not in the vocabulary`},
	} {
		_, err := Parse([]byte(c.data), "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.60q) = %v, want %q", c.data, err, c.want)
		}
	}
}

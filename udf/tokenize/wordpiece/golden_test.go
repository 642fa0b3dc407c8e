package wordpiece

import (
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var bertDir = flag.String("bert", filepath.Join("..", "..", "..", "..", "shared", "data", "bert-base-uncased"),
	"directory holding bert-base-uncased's tokenizer.json and vocab.txt")

// loadBert loads bert-base-uncased from its tokenizer.json or vocab.txt.
func loadBert(t testing.TB, file string) *Tokenizer {
	t.Helper()
	tok, err := Load(filepath.Join(*bertDir, file))
	if err != nil {
		t.Fatalf("bert-base-uncased ships beside the repository as ../shared/data/bert-base-uncased: %v", err)
	}
	return tok
}

// goldenEncoding is Hugging Face's encoding of one sentence (testdata/gen_golden.js).
type goldenEncoding struct {
	Tokens   []string   `json:"tokens"`
	IDs      []int32    `json:"ids"`
	Offsets  [][2]int32 `json:"offsets"`
	PlainIDs []int32    `json:"plain_ids"`
}

// TestGoldenBert compares the encodings of testdata/sentences.json with those of Hugging
// Face's tokenizers (testdata/golden.json), from both of bert-base-uncased's files.
func TestGoldenBert(t *testing.T) {
	for _, file := range []string{"tokenizer.json", "vocab.txt"} {
		compareGolden(t, file, loadBert(t, file), "testdata/golden.json")
	}
}

// TestGoldenVariants does the same with variants of bert-base-uncased's tokenizer.json
// (testdata/variants.json) that use the rest of the configuration the package reads.
func TestGoldenVariants(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(*bertDir, "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var variants struct{ Variants map[string]map[string]any }
	readJSON(t, "testdata/variants.json", &variants)
	if len(variants.Variants) == 0 {
		t.Fatal("no variants")
	}
	for name, variant := range variants.Variants {
		var cfg map[string]any
		if err := json.Unmarshal(data, &cfg); err != nil {
			t.Fatal(err)
		}
		tok, err := Parse(applyVariant(t, cfg, variant), "")
		if err != nil {
			t.Fatal(err)
		}
		compareGolden(t, name, tok, "testdata/golden_"+name+".json")
	}
}

// applyVariant changes a tokenizer.json as gen_golden.js's applyVariant does: top-level
// keys replace, model keys merge, added_tokens append.
func applyVariant(t *testing.T, cfg, variant map[string]any) []byte {
	for k, v := range variant {
		switch k {
		case "model":
			maps.Copy(cfg["model"].(map[string]any), v.(map[string]any))
		case "added_tokens":
			cfg[k] = append(cfg[k].([]any), v.([]any)...)
		default:
			cfg[k] = v
		}
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// compareGolden encodes testdata/sentences.json with tok and compares the tokens, ids and
// offsets with Hugging Face's in the golden file.
func compareGolden(t *testing.T, name string, tok *Tokenizer, goldenFile string) {
	var sentences []string
	var golden []goldenEncoding
	readJSON(t, "testdata/sentences.json", &sentences)
	readJSON(t, goldenFile, &golden)
	if len(sentences) != len(golden) || len(sentences) < 200 {
		t.Fatalf("%d sentences, %d golden encodings: regenerate %s", len(sentences), len(golden), goldenFile)
	}
	{
		file := name
		enc := NewEncoder(tok)
		for i, s := range sentences {
			g := golden[i]
			enc.Encode(s, true)
			tokens := make([]string, len(enc.IDs))
			offsets := make([][2]int32, len(enc.IDs))
			for j := range enc.IDs {
				tokens[j] = enc.Token(j)
				offsets[j] = [2]int32{enc.Starts[j], enc.Ends[j]}
			}
			if !slices.Equal(enc.IDs, g.IDs) || !slices.Equal(tokens, g.Tokens) || !slices.Equal(offsets, g.Offsets) {
				t.Errorf("%s: sentence %d %q:\n got %q %v %v\nwant %q %v %v", file, i, s, tokens, enc.IDs, offsets, g.Tokens, g.IDs, g.Offsets)
				continue
			}
			enc.Encode(s, false)
			if !slices.Equal(enc.IDs, g.PlainIDs) {
				t.Errorf("%s: sentence %d %q without special tokens:\n got %v\nwant %v", file, i, s, enc.IDs, g.PlainIDs)
			}
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

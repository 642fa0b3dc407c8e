package tokenize

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Register adds the tokenizers extension and its functions to reg.
func Register(reg *catalog.Registry) {
	n := newNames()
	ext := reg.AddExtension(&catalog.Extension{Name: "tokenizers", Version: "1.0",
		Comment: "Unicode word splitting and Hugging Face WordPiece (BERT) tokenizers", Open: n.open})
	text, bool_ := types.Text, types.Bool
	reg.AddFunc(&catalog.Func{Name: "tokenize", Kind: catalog.KindFunc, Args: []types.OID{text}, Ret: types.TextArray,
		Strict: true, Volatility: catalog.Immutable, Scalar: tokenizeWords, Extension: ext,
		Desc: "split text into maximal runs of Unicode word characters"})
	// The tokenizer functions read a file that may change between statements: stable.
	reg.AddFunc(&catalog.Func{Name: "tokenize", Kind: catalog.KindFunc, Args: []types.OID{text, text}, ArgNames: []string{"text", "tokenizer"},
		Ret: types.TextArray, Strict: true, Volatility: catalog.Stable, Scalar: n.tokenizeWith, Extension: ext,
		Desc: "split text into the tokens of a WordPiece tokenizer (a tokenizer.json or vocab.txt path, or a registered name)"})
	reg.AddFunc(&catalog.Func{Name: "token_ids", Kind: catalog.KindFunc, Args: []types.OID{text, text, bool_},
		ArgNames: []string{"text", "tokenizer", "add_special_tokens"}, ArgDefaults: []string{"true"},
		Ret: types.Int4Array, Strict: true, Volatility: catalog.Stable, Scalar: n.tokenIDs, Extension: ext,
		Desc: "the token ids of text under a WordPiece tokenizer, by default between its special tokens"})
	reg.AddFunc(&catalog.Func{Name: "tokens", Kind: catalog.KindFunc, Args: []types.OID{text, text, bool_},
		ArgNames: []string{"text", "tokenizer", "add_special_tokens"}, ArgDefaults: []string{"false"},
		Ret: types.Record, RetSet: true, Strict: true, Volatility: catalog.Stable, Set: n.tokenRows, Extension: ext,
		OutCols: []catalog.OutCol{{Name: "token", Type: text}, {Name: "id", Type: types.Int4}, {Name: "start", Type: types.Int4}, {Name: "end", Type: types.Int4}},
		Desc:    "a row per token of text under a WordPiece tokenizer, with its id and character offsets"})
	reg.AddFunc(&catalog.Func{Name: "tokenizer_register", Kind: catalog.KindFunc, Args: []types.OID{text, text}, ArgNames: []string{"name", "path"},
		Ret: types.Int4, Strict: true, Volatility: catalog.Volatile, Scalar: n.tokenizerRegister, Extension: ext,
		Desc: "load a tokenizer.json or vocab.txt and name it for the tokenizer functions; returns its vocabulary size"})
}

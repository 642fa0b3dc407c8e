package tokenize

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Register adds the tokenizer functions to reg.
func Register(reg *catalog.Registry) {
	reg.AddFunc(&catalog.Func{Name: "tokenize", Kind: catalog.KindFunc, Args: []types.OID{types.Text}, Ret: types.TextArray,
		Strict: true, Volatility: catalog.Immutable, Scalar: tokenizeWords,
		Desc: "split text into maximal runs of Unicode word characters"})
}

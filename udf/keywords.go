package udf

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// keywordCategories describes each category code of pg15Keywords, as pg_get_keywords does.
var keywordCategories = map[string]string{
	"U": "unreserved",
	"C": "unreserved (cannot be function or type name)",
	"T": "reserved (can be function or type name)",
	"R": "reserved",
}

func registerKeywords(b builder) {
	b.reg.AddFunc(&catalog.Func{OID: 1686, Name: "pg_get_keywords", Ret: types.Record,
		RetSet: true, Strict: true, Volatility: catalog.Stable, Set: getKeywords,
		OutCols: []catalog.OutCol{{Name: "word", Type: types.Text}, {Name: "catcode", Type: types.Char},
			{Name: "barelabel", Type: types.Bool}, {Name: "catdesc", Type: types.Text}, {Name: "baredesc", Type: types.Text}}})
}

// getKeywords is pg_get_keywords(): one row per keyword of pg15Keywords.
func getKeywords(env *catalog.FuncEnv, _ []scalar.Scalar) (catalog.RowSource, error) {
	words, codes := array.NewStringBuilder(env.Mem), array.NewStringBuilder(env.Mem)
	bare := array.NewBooleanBuilder(env.Mem)
	catDescs, bareDescs := array.NewStringBuilder(env.Mem), array.NewStringBuilder(env.Mem)
	for _, b := range []interface{ Release() }{words, codes, bare, catDescs, bareDescs} {
		defer b.Release()
	}
	for _, line := range strings.Split(strings.TrimSpace(pg15Keywords), "\n") {
		f := strings.Fields(line)
		words.Append(f[0])
		codes.Append(f[1])
		catDescs.Append(keywordCategories[f[1]])
		bare.Append(f[2] == "B")
		if f[2] == "B" {
			bareDescs.Append("can be bare label")
		} else {
			bareDescs.Append("requires AS")
		}
	}
	return catalog.ColumnRows(words.NewArray(), codes.NewArray(), bare.NewArray(), catDescs.NewArray(), bareDescs.NewArray()), nil
}

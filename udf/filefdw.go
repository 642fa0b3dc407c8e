package udf

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The file_fdw extension: its foreign-data wrapper (foreign tables read files, see
// catalog/foreign.go and executor/filescan) with the handler and validator functions
// pg_foreign_data_wrapper names, and pg_options_to_table, which lists generic options
// (psql's \det+ and \d of a foreign table read them through it).

func registerFileFDW(b builder) {
	ext := b.reg.AddExtension(&catalog.Extension{Name: catalog.FileFDW, Version: "1.0", Comment: "foreign-data wrapper for flat file access"})
	internal := func(name string) catalog.ScalarImpl {
		return func(*catalog.FuncEnv, []arrow.Array) (arrow.Array, error) {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "%s is called by the server only", name)
		}
	}
	handler := b.reg.AddFunc(&catalog.Func{Name: "file_fdw_handler", Ret: types.Void, Strict: true,
		Scalar: internal("file_fdw_handler"), Extension: ext})
	validator := b.reg.AddFunc(&catalog.Func{Name: "file_fdw_validator", Args: oids(types.TextArray, types.Oid), Ret: types.Void,
		Strict: true, Scalar: internal("file_fdw_validator"), Extension: ext})
	b.reg.AddWrapper(&catalog.Wrapper{Name: catalog.FileFDW, Handler: handler, Validator: validator})
	b.reg.AddFunc(&catalog.Func{OID: 2289, Name: "pg_options_to_table", Args: oids(types.TextArray), Ret: types.Record,
		RetSet: true, Strict: true, Volatility: catalog.Stable, Set: optionsToTable,
		OutCols: []catalog.OutCol{{Name: "option_name", Type: types.Text}, {Name: "option_value", Type: types.Text}}})
}

// optionsToTable splits each "name=value" of an options array into a row.
func optionsToTable(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	arr, err := types.ScalarArray(env.Mem, args[0])
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	r := types.ReadArrays(arr)
	elems := r.Elements().(*array.String)
	names, values := array.NewStringBuilder(env.Mem), array.NewStringBuilder(env.Mem)
	defer names.Release()
	defer values.Release()
	start, end := r.Range(0)
	for i := start; i < end; i++ {
		name, value, ok := strings.Cut(elems.Value(i), "=")
		names.Append(name)
		if ok {
			values.Append(value)
		} else {
			values.AppendNull()
		}
	}
	return catalog.ColumnRows(names.NewArray(), values.NewArray()), nil
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// registerExpandArray adds information_schema._pg_expandarray(anyarray), which JDBC's
// DatabaseMetaData (getPrimaryKeys, getIndexInfo) calls on pg_index.indkey: a row (x, n)
// per subscript of the first dimension, the element and its 1-based position.
func registerExpandArray(b builder) {
	b.reg.AddFunc(&catalog.Func{OID: 13208, Name: "_pg_expandarray", Kind: catalog.KindFunc,
		Args: oids(types.AnyArray), Ret: types.Record, RetSet: true, Strict: true, Volatility: catalog.Immutable,
		Set: expandArray, OutCols: []catalog.OutCol{{Name: "x", Type: types.AnyElement}, {Name: "n", Type: types.Int4}}})
}

// expandArray is _pg_expandarray: as PostgreSQL defines it (in SQL, $1[s] for each s of
// the first dimension), the element of a one-dimensional array, and NULL for arrays of more
// dimensions, where one subscript names no element.
func expandArray(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	arr, err := arrayFromScalar(env, args[0])
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	r := types.ReadArrays(arr)
	shape := r.Shape(0)
	n := 0
	if shape.NDim > 0 {
		n = int(shape.Dims[0])
	}
	positions := array.NewInt32Builder(allocator(env))
	defer positions.Release()
	for k := 1; k <= n; k++ {
		positions.Append(int32(k))
	}
	var elems arrow.Array
	if shape.NDim == 1 {
		start, end := r.Range(0)
		elems = array.NewSlice(r.Elements(), int64(start), int64(end))
	} else {
		elems = array.MakeArrayOfNull(allocator(env), r.Elements().DataType(), n)
	}
	return catalog.ColumnRows(elems, positions.NewArray()), nil
}

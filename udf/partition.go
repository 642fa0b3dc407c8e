package udf

import (
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// pgfast has no partitioned tables, so a relation's partition ancestry is the relation
// itself; psql's \d asks for it to list foreign keys.
func registerPartitions(b builder) {
	b.reg.AddFunc(&catalog.Func{OID: 3425, Name: "pg_partition_ancestors", Args: oids(types.Regclass), Ret: types.Regclass,
		RetSet: true, Strict: true, Volatility: catalog.Volatile, Set: partitionAncestors,
		OutCols: []catalog.OutCol{{Name: "relid", Type: types.Regclass}}})
}

// partitionAncestors is pg_partition_ancestors(rel): rel itself, when it is a table.
func partitionAncestors(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	out := array.NewUint32Builder(env.Mem)
	defer out.Release()
	oid := types.OID(args[0].(*scalar.Uint32).Value)
	if env.Session != nil && env.Session.Catalog != nil {
		if t := env.Session.Catalog.TableByOID(oid); t != nil && t.Kind == catalog.KindTable {
			out.Append(uint32(oid))
		}
	}
	return catalog.ColumnRows(out.NewArray()), nil
}

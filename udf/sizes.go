package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// relationSize is pg_relation_size(regclass) and its relatives: the relation's stored
// bytes when stored is true, else 0 (indexes, which pgfast does not persist).
func relationSize(stored bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return sizesOf(env, args[0], func(int) bool { return stored }), nil
	}
}

// relationForkSize is pg_relation_size(regclass, fork): the main fork holds the rows; the
// free-space, visibility and init forks do not exist in pgfast and are 0 bytes.
func relationForkSize(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	forks := args[1].(*array.String)
	for i := 0; i < forks.Len(); i++ {
		if !env.RowValid(i) {
			continue
		}
		switch forks.Value(i) {
		case "main", "fsm", "vm", "init":
		default:
			return nil, pgerror.New(pgcode.InvalidParameterValue, "invalid fork name").
				WithHint(`Valid fork names are "main", "fsm", "vm", and "init".`)
		}
	}
	return sizesOf(env, args[0], func(i int) bool { return forks.Value(i) == "main" }), nil
}

// sizesOf is the stored size of each OID of a, or 0 where stored(i) is false.
func sizesOf(env *catalog.FuncEnv, a arrow.Array, stored func(i int) bool) arrow.Array {
	v := values[uint32](a)
	buf, out := newFixed[int64](allocator(env), len(v))
	if sz := envSizes(env); sz != nil {
		for i, oid := range v {
			out[i] = 0
			if env.RowValid(i) && stored(i) {
				out[i] = sz.RelationSize(types.OID(oid))
			}
		}
	} else {
		clear(out)
	}
	return makeArray(arrow.PrimitiveTypes.Int64, len(v), nil, 0, buf)
}

// databaseSize is pg_database_size(name | oid): pgfast serves one database, whose size is
// the sum of its tables'.
func databaseSize(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := args[0].Len()
	buf, out := newFixed[int64](allocator(env), n)
	var total int64
	if sz := envSizes(env); sz != nil {
		total = sz.DatabaseSize()
	}
	for i := range out {
		out[i] = total
	}
	return makeArray(arrow.PrimitiveTypes.Int64, n, nil, 0, buf), nil
}

func envSizes(env *catalog.FuncEnv) catalog.Sizes {
	if env.Session == nil {
		return nil
	}
	return env.Session.Sizes
}

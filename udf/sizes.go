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

// databaseSize is pg_database_size(name | oid): the sum of the database's tables' sizes.
// A name that no database has is an error, an OID a NULL, as in PostgreSQL.
func databaseSize(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := args[0].Len()
	var current int64
	if sz := envSizes(env); sz != nil {
		current = sz.DatabaseSize()
	}
	if env.Session == nil || env.Session.Databases == nil {
		buf, out := newFixed[int64](allocator(env), n)
		for i := range out {
			out[i] = current
		}
		return makeArray(arrow.PrimitiveTypes.Int64, n, nil, 0, buf), nil
	}
	dbs := env.Session.Databases()
	b := array.NewInt64Builder(allocator(env))
	defer b.Release()
	for i := 0; i < n; i++ {
		if args[0].IsNull(i) || !env.RowValid(i) {
			b.AppendNull()
			continue
		}
		var def *catalog.DatabaseDef
		if names, ok := args[0].(*array.String); ok {
			def = databaseNamed(dbs, names.Value(i))
			if def == nil {
				return nil, pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", names.Value(i))
			}
		} else if def = databaseOID(dbs, types.OID(values[uint32](args[0])[i])); def == nil {
			b.AppendNull()
			continue
		}
		switch {
		case def.Name == env.Session.Database:
			b.Append(current)
		case env.Session.DatabaseSize != nil:
			b.Append(env.Session.DatabaseSize(def.OID))
		default:
			b.Append(0)
		}
	}
	return b.NewArray(), nil
}

// databaseNamed and databaseOID find a database of dbs, or nil.
func databaseNamed(dbs []catalog.DatabaseDef, name string) *catalog.DatabaseDef {
	for i := range dbs {
		if dbs[i].Name == name {
			return &dbs[i]
		}
	}
	return nil
}

func databaseOID(dbs []catalog.DatabaseDef, oid types.OID) *catalog.DatabaseDef {
	for i := range dbs {
		if dbs[i].OID == oid {
			return &dbs[i]
		}
	}
	return nil
}

func envSizes(env *catalog.FuncEnv) catalog.Sizes {
	if env.Session == nil {
		return nil
	}
	return env.Session.Sizes
}

package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// pg_relation_is_updatable and pg_column_is_updatable report what a relation accepts of
// UPDATE (4), INSERT (8) and DELETE (16), as PostgreSQL decides it without triggers or
// rules: every table all of them, a view what its automatic updatability allows (the
// session's SessionInfo.Events decides). include_triggers changes nothing: there are no
// triggers.

// relationEvents returns the events of the relation oid limited to columns cols (nil:
// any), 0 for an OID of no relation.
func relationEvents(env *catalog.FuncEnv, oid types.OID, cols []int) int {
	sess := sessionOf(env)
	if sess.Catalog == nil {
		return 0
	}
	d := sess.Catalog.TableByOID(oid)
	switch {
	case d == nil:
		return 0
	case sess.Events != nil:
		return sess.Events(d, cols)
	case d.Kind == catalog.KindTable:
		return 4 | 8 | 16
	}
	return 0
}

func registerUpdatable(b builder) {
	b.reg.AddFunc(&catalog.Func{OID: 3842, Name: "pg_relation_is_updatable", Kind: catalog.KindFunc,
		Args: oids(types.Regclass, types.Bool), Ret: types.Int4, Strict: true, Volatility: catalog.Stable,
		Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			rel := values[uint32](args[0])
			out := array.NewInt32Builder(allocator(env))
			defer out.Release()
			for i, oid := range rel {
				if !env.RowValid(i) {
					out.AppendNull()
					continue
				}
				out.Append(int32(relationEvents(env, types.OID(oid), nil)))
			}
			return out.NewArray(), nil
		}})
	b.reg.AddFunc(&catalog.Func{OID: 3843, Name: "pg_column_is_updatable", Kind: catalog.KindFunc,
		Args: oids(types.Regclass, types.Int2, types.Bool), Ret: types.Bool, Strict: true, Volatility: catalog.Stable,
		Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			rel, col := values[uint32](args[0]), values[int16](args[1])
			out := array.NewBooleanBuilder(allocator(env))
			defer out.Release()
			for i, oid := range rel {
				if !env.RowValid(i) {
					out.AppendNull()
					continue
				}
				// System columns (attnum < 1) are never updatable; PostgreSQL asks about
				// the columns of tables and views by their attnum.
				ev := 0
				if col[i] > 0 {
					ev = relationEvents(env, types.OID(oid), []int{int(col[i]) - 1})
				}
				out.Append(ev&(4|8) == 4|8)
			}
			return out.NewArray(), nil
		}})
}

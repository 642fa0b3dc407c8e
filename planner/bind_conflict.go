package planner

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// onConflict binds INSERT's ON CONFLICT clause to the unique indexes that arbitrate it, as
// PostgreSQL infers them: the index on exactly the columns listed, the constraint named by
// ON CONSTRAINT, or (DO NOTHING without a target) every unique index of the table.
func (b *binder) onConflict(def *catalog.TableDef, oc *pg_query.OnConflictClause) ([]types.OID, error) {
	if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		return nil, b.errorf(oc.Location, pgcode.FeatureNotSupported, "ON CONFLICT DO UPDATE is not supported yet")
	}
	inf := oc.Infer
	if inf == nil {
		out := make([]types.OID, len(def.Indexes))
		for i, ix := range def.Indexes {
			out[i] = ix.OID
		}
		return out, nil
	}
	if inf.WhereClause != nil {
		return nil, b.errorf(inf.Location, pgcode.FeatureNotSupported, "ON CONFLICT with a WHERE clause on its target is not supported yet")
	}
	if inf.Conname != "" {
		for _, ix := range def.Indexes {
			if ix.Name == inf.Conname {
				return []types.OID{ix.OID}, nil
			}
		}
		return nil, b.errorf(-1, pgcode.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", inf.Conname, def.Name)
	}
	var cols []int
	for _, n := range inf.IndexElems {
		el, ok := n.Node.(*pg_query.Node_IndexElem)
		if !ok || el.IndexElem.Name == "" {
			return nil, b.errorf(inf.Location, pgcode.FeatureNotSupported, "ON CONFLICT on expressions is not supported yet")
		}
		i := def.ColumnIndex(el.IndexElem.Name)
		if i < 0 {
			return nil, b.errorf(inf.Location, pgcode.UndefinedColumn, "column \"%s\" does not exist", el.IndexElem.Name)
		}
		if !slices.Contains(cols, i) {
			cols = append(cols, i)
		}
	}
	var out []types.OID
	for _, ix := range def.Indexes {
		if len(ix.Columns) == len(cols) && !slices.ContainsFunc(ix.Columns, func(c int) bool { return !slices.Contains(cols, c) }) {
			out = append(out, ix.OID)
		}
	}
	if len(out) == 0 {
		return nil, b.errorf(-1, pgcode.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
	}
	return out, nil
}

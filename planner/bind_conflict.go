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
	inf := oc.Infer
	if inf == nil && oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		return nil, b.errorf(oc.Location, pgcode.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
			WithHint("For example, ON CONFLICT (column_name).")
	}
	if inf == nil {
		out := []types.OID{}
		for _, ix := range def.Indexes {
			if ix.Unique {
				out = append(out, ix.OID)
			}
		}
		return out, nil
	}
	if inf.WhereClause != nil {
		return nil, b.errorf(inf.Location, pgcode.FeatureNotSupported, "ON CONFLICT with a WHERE clause on its target is not supported yet")
	}
	if inf.Conname != "" {
		for _, ix := range def.Indexes {
			if ix.Name == inf.Conname && ix.ConstraintOID != 0 {
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
		if ix.Unique && len(ix.Columns) == len(cols) && !slices.ContainsFunc(ix.Columns, func(c int) bool { return !slices.Contains(cols, c) }) {
			out = append(out, ix.OID)
		}
	}
	if len(out) == 0 {
		return nil, b.errorf(-1, pgcode.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
	}
	return out, nil
}

// upsert binds ON CONFLICT DO UPDATE SET ... [WHERE ...]: st's query yields whole proposed
// rows; SET and WHERE read the existing row (columns 0..n-1, named as the target) and the
// proposed one (n..2n-1, named excluded); RETURNING reads the row inserted or updated.
func (b *binder) upsert(st *Statement, rv *pg_query.RangeVar, oc *pg_query.OnConflictClause, returning []*pg_query.Node) error {
	row, sc := b.insertRow(st, rv)
	def := st.Table
	n := len(def.Columns)
	both := &scope{cols: slices.Clone(sc.cols), aggClause: "UPDATE"}
	for i, c := range def.Columns {
		both.cols = append(both.cols, scopeCol{table: "excluded", name: c.Name, t: c.Type, idx: n + i})
	}
	set, err := b.setList(def, oc.TargetList, both)
	if err != nil {
		return err
	}
	up := &Upsert{Set: set}
	if oc.WhereClause != nil {
		if up.Where, err = b.boolArg(oc.WhereClause, both, "WHERE"); err != nil {
			return err
		}
	}
	if len(returning) > 0 {
		ret := &Project{Input: row}
		// RETURNING sees the row written, not the proposed one.
		rsc := *sc
		rsc.unreachable = append(slices.Clip(sc.unreachable), "excluded")
		if err := b.returning(st, ret, returning, &rsc); err != nil {
			return err
		}
		up.Returning = ret.Exprs
	}
	st.Upsert = up
	return nil
}

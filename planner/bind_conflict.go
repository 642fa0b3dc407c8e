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
//
// The listed items (columns and expressions, with collations and operator classes) and the
// WHERE that selects partial indexes are matched against the indexes as PostgreSQL's
// infer_arbiter_indexes does (bind_infer.go). When nothing matches, the error comes back as
// noMatch, which PostgreSQL's planner raises, after the parser's checks of DO UPDATE.
func (b *binder) onConflict(def *catalog.TableDef, rv *pg_query.RangeVar, oc *pg_query.OnConflictClause) (arbiters []types.OID, noMatch, err error) {
	inf := oc.Infer
	if inf == nil && oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		return nil, nil, b.errorf(oc.Location, pgcode.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
			WithHint("For example, ON CONFLICT (column_name).")
	}
	if inf == nil {
		out := []types.OID{}
		for _, ix := range def.Indexes {
			if ix.Unique {
				out = append(out, ix.OID)
			}
		}
		return out, nil, nil
	}
	if inf.Conname != "" {
		for _, ix := range def.Indexes {
			if ix.Name == inf.Conname && ix.ConstraintOID != 0 {
				return []types.OID{ix.OID}, nil, nil
			}
		}
		return nil, nil, b.errorf(-1, pgcode.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", inf.Conname, def.Name)
	}
	target := b.conflictTargetScope(def, rv)
	for i, c := range def.Columns {
		target.hiddenRanges = append(target.hiddenRanges, scopeCol{table: "excluded", name: c.Name, t: c.Type, idx: i})
	}
	var where Expr
	if inf.WhereClause != nil {
		// Not coerced to boolean: PostgreSQL only compares it with index predicates.
		if where, err = b.expr(inf.WhereClause, target); err != nil {
			return nil, nil, err
		}
	}
	elems, err := b.inferenceElems(def, inf, target)
	if err != nil {
		return nil, nil, err
	}
	noMatch = b.errorf(-1, pgcode.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
	var out []types.OID
	for i := range def.Indexes {
		ix := &def.Indexes[i]
		if !ix.Unique {
			continue
		}
		ok, err := b.infers(def, ix, elems, where)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			out = append(out, ix.OID)
		}
	}
	if len(out) == 0 {
		return nil, noMatch, nil
	}
	return out, nil, nil
}

// conflictTargetScope is the scope of ON CONFLICT's target items: the table's columns,
// under its alias if it has one.
func (b *binder) conflictTargetScope(def *catalog.TableDef, rv *pg_query.RangeVar) *scope {
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	sc := &scope{aggClause: "index predicate"}
	for i, c := range def.Columns {
		sc.cols = append(sc.cols, scopeCol{table: name, name: c.Name, t: c.Type, idx: i, tableOID: def.OID, attnum: int16(i + 1), rowOf: def.OID})
	}
	return sc
}

// upsert binds ON CONFLICT DO UPDATE SET ... [WHERE ...]: st's query yields whole proposed
// rows; SET and WHERE read the existing row (columns 0..n-1, named as the target) and the
// proposed one (n..2n-1, named excluded); RETURNING reads the row inserted or updated.
func (b *binder) upsert(st *Statement, rv *pg_query.RangeVar, oc *pg_query.OnConflictClause, returning []*pg_query.Node, vt *viewTarget) error {
	row, sc := b.insertRow(st, rv)
	def := st.Table
	n := len(def.Columns)
	excluded := n // where a proposed row's column is, past the existing row's
	if vt != nil {
		// Through a view, its columns stand past both rows until inlined (upsertColumns).
		sc = vt.columnsAt(rangeName(rv), 2*n)
		b.readView(vt, sc)
		excluded = len(vt.cols)
	}
	both := &scope{cols: slices.Clone(sc.cols), aggClause: "UPDATE"}
	for _, c := range sc.cols {
		c.table, c.idx, c.tableOID, c.attnum, c.rowOf, c.use = "excluded", excluded+c.idx, 0, 0, 0, nil
		both.cols = append(both.cols, c)
	}
	var set []Expr
	var err error
	if vt != nil {
		set, err = b.setThroughView(vt, oc.TargetList, both)
	} else {
		set, err = b.setList(def, oc.TargetList, both)
	}
	if err != nil {
		return err
	}
	up := &Upsert{Set: set}
	if oc.WhereClause != nil {
		if up.Where, err = b.boolArg(oc.WhereClause, both, "WHERE"); err != nil {
			return err
		}
	}
	if vt != nil {
		up.Set = vt.upsertColumns(up.Set, n)
		if up.Where != nil {
			up.Where = vt.upsertColumns([]Expr{up.Where}, n)[0]
		}
	}
	if len(returning) > 0 {
		ret := &Project{Input: row}
		// RETURNING sees the row written, not the proposed one.
		rsc := *sc
		rsc.unreachable = append(slices.Clip(sc.unreachable), "excluded")
		if vt != nil {
			// Through a view, RETURNING reads the view's columns computed from the row.
			_, vsc := vt.viewRowScope(row, 0, rangeName(rv))
			b.readView(vt, vsc)
			rsc.cols = vsc.cols
		}
		if err := b.returning(st, ret, returning, &rsc); err != nil {
			return err
		}
		up.Returning = ret.Exprs
		if vt != nil {
			up.Returning = vt.inlineViewColumns(up.Returning, n)
		}
	}
	st.Upsert = up
	return nil
}

package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// DELETE and UPDATE are bound as a query over the target table, scanned with its row
// identifiers (Scan.Cols holding RowIDCol), joined with the USING / FROM items and filtered
// by WHERE. The query's output is laid out for the executor:
//
//	DELETE: rowid, RETURNING expressions over the old row
//	UPDATE: rowid, the new value of every table column, RETURNING expressions over the new row
//
// The executor deletes the rows named by the identifiers and, for UPDATE, inserts the new
// versions: an UPDATE is a delete plus an insert, as storage keeps rows immutable.

// target binds the target table of DELETE or UPDATE: a scan of all its columns plus the row
// identifier (last), and a scope that exposes the columns but not the identifier.
func (b *binder) dmlTarget(rv *pg_query.RangeVar, verb string) (*catalog.TableDef, *viewTarget, Plan, *scope, error) {
	def, err := b.lookupTable(rv)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if def.Virtual {
		return nil, nil, nil, nil, b.errorf(-1, pgcode.InsufficientPrivilege, "permission denied for table %s", def.Name)
	}
	if def.Kind == catalog.KindView {
		vt, err := b.writeThroughView(def, map[string]string{"delete from": "delete", "update": "update"}[verb])
		if err != nil {
			return nil, nil, nil, nil, err
		}
		plan, sc := vt.viewSource(rangeName(rv))
		return vt.base, vt, plan, sc, nil
	}
	if err := changeRowsError(def); err != nil {
		return nil, nil, nil, nil, err
	}
	if err := changeForeignError(def, verb); err != nil {
		return nil, nil, nil, nil, err
	}
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	scan := &Scan{Table: def}
	sc := &scope{}
	for i, c := range def.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
		sc.cols = append(sc.cols, scopeCol{table: name, name: c.Name, t: c.Type, idx: i, tableOID: def.OID, attnum: int16(i + 1), rowOf: def.OID})
	}
	scan.Cols = append(scan.Cols, RowIDCol)
	scan.Out = append(scan.Out, Column{Name: "ctid", Type: types.TInt8})
	return def, nil, scan, sc, nil
}

// dmlSource joins the target with the USING / FROM items and applies WHERE. It returns the
// plan, its scope, the plan column of the row identifier, and whether a target row may come
// out more than once (a join).
func (b *binder) dmlSource(rv *pg_query.RangeVar, verb string, from []*pg_query.Node, where *pg_query.Node) (*catalog.TableDef, *viewTarget, Plan, *scope, int, error) {
	def, vt, plan, sc, err := b.dmlTarget(rv, verb)
	if err != nil {
		return nil, nil, nil, nil, 0, err
	}
	named := def // the relation the statement names, whose privileges the user needs
	if vt != nil {
		named = vt.view
	}
	if verb == "delete from" && vt == nil {
		if err := b.requireTable(def, acl.Delete); err != nil {
			return nil, nil, nil, nil, 0, err
		}
	} // UPDATE's columns are checked as SET assigns them (setList)
	use, _ := b.readCheck(named, false)
	use.attach(sc)
	if vt != nil {
		b.trackViewReads(vt, sc)
	}
	rowid := len(def.Columns)
	width := len(plan.Columns())
	for _, item := range from {
		// The target is not in reach of the other items, LATERAL or not, as in PostgreSQL.
		p, isc, err := b.fromItem(item, withUnreachable(nil, sc))
		if err != nil {
			return nil, nil, nil, nil, 0, err
		}
		if err := b.checkDuplicateRanges(sc, isc); err != nil {
			return nil, nil, nil, nil, 0, err
		}
		plan, sc = &Join{Type: InnerJoin, Left: plan, Right: p}, concatScopes(sc, isc, width)
		width += len(p.Columns())
	}
	if where != nil {
		sc.aggClause = "WHERE"
		pred, err := b.boolArg(where, sc, "WHERE")
		if err != nil {
			return nil, nil, nil, nil, 0, err
		}
		plan = &Filter{Input: plan, Pred: pred}
	}
	return def, vt, plan, sc, rowid, nil
}

func (b *binder) deleteStmt(s *pg_query.DeleteStmt) (*Statement, error) {
	if s.WithClause != nil {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "WITH queries are not supported yet")
	}
	def, _, plan, sc, rowid, err := b.dmlSource(s.Relation, "delete from", s.UsingClause, s.WhereClause)
	if err != nil {
		return nil, err
	}
	proj := &Project{Input: plan, Exprs: []Expr{&ColRef{Idx: rowid, T: types.TInt8, Name: "ctid"}},
		Out: []Column{{Name: "ctid", Type: types.TInt8}}}
	st := &Statement{Kind: StmtDelete, Tag: "DELETE", Table: def, TargetJoined: len(s.UsingClause) > 0, TargetAlias: aliasName(s.Relation)}
	if err := b.returning(st, proj, s.ReturningList, sc); err != nil {
		return nil, err
	}
	st.Query = proj
	return st, nil
}

// returning appends the RETURNING expressions, bound in sc over proj's input, to proj and
// describes them as the statement's result.
func (b *binder) returning(st *Statement, proj *Project, list []*pg_query.Node, sc *scope) error {
	if len(list) == 0 {
		return nil
	}
	sc.agg, sc.aggClause = nil, "RETURNING"
	targets, err := b.targetList(list, sc)
	if err != nil {
		return err
	}
	st.Result = []Column{}
	for _, t := range targets {
		c := t.col
		c.Name, c.Type = t.name, t.expr.Type()
		proj.Exprs = append(proj.Exprs, t.expr)
		proj.Out = append(proj.Out, c)
		st.Result = append(st.Result, c)
	}
	return nil
}

func (b *binder) updateStmt(s *pg_query.UpdateStmt) (*Statement, error) {
	if s.WithClause != nil {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "WITH queries are not supported yet")
	}
	def, vt, plan, sc, rowid, err := b.dmlSource(s.Relation, "update", s.FromClause, s.WhereClause)
	if err != nil {
		return nil, err
	}
	// New values: the assigned expressions, the old value elsewhere.
	n := len(def.Columns)
	sc.agg, sc.aggClause = nil, "UPDATE"
	var vals []Expr
	if vt != nil {
		vals, err = b.setThroughView(vt, s.TargetList, sc)
	} else {
		vals, err = b.setList(def, s.TargetList, sc)
	}
	if err != nil {
		return nil, err
	}

	// Project rowid and the new row, then the input columns RETURNING may read.
	proj := &Project{Input: plan}
	proj.Exprs = append(proj.Exprs, &ColRef{Idx: rowid, T: types.TInt8, Name: "ctid"})
	proj.Out = append(proj.Out, Column{Name: "ctid", Type: types.TInt8})
	for i, c := range def.Columns {
		proj.Exprs = append(proj.Exprs, vals[i])
		proj.Out = append(proj.Out, Column{Name: c.Name, Type: c.Type})
	}
	st := &Statement{Kind: StmtUpdate, Tag: "UPDATE", Table: def, TargetJoined: len(s.FromClause) > 0,
		KeyUpdate: assignsKey(def, vals), TargetAlias: aliasName(s.Relation)}
	if st.Checks, err = b.tableChecks(def); err != nil {
		return nil, err
	}
	if vt != nil {
		st.Checks = append(st.Checks, vt.checks...)
	}
	if len(s.ReturningList) > 0 {
		// RETURNING reads the new values of the target's columns and the FROM items' columns
		// as they are: a scope over the projection, passing the FROM columns through.
		rsc := &scope{star: sc.starCols()}
		in := plan.Columns()
		// isView tells the scope columns that are the view's, written through (their new
		// values are computed from the new base row, after the FROM columns).
		isView := func(col scopeCol) bool { return vt != nil && col.idx > n && col.idx <= n+len(vt.cols) }
		for _, col := range sc.cols {
			switch {
			case isView(col):
			case vt == nil && col.idx < n: // a target column: its new value
				col.idx = 1 + col.idx
			default:
				proj.Exprs = append(proj.Exprs, &ColRef{Idx: col.idx, T: in[col.idx].Type, Name: col.name})
				proj.Out = append(proj.Out, in[col.idx])
				col.idx = len(proj.Exprs) - 1
			}
			rsc.cols = append(rsc.cols, col)
		}
		var input Plan = proj
		if vt != nil {
			// The view's columns computed from the new base row (columns 1..n of proj).
			mid, _ := vt.viewRowScope(proj, 1, "")
			for i, col := range rsc.cols {
				if isView(sc.cols[i]) {
					rsc.cols[i].idx = len(proj.Out) + col.idx - n - 1
				}
			}
			input = mid
		}
		ret := &Project{Input: input}
		for i, c := range proj.Out[:1+n] {
			ret.Exprs = append(ret.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
			ret.Out = append(ret.Out, c)
		}
		if err := b.returning(st, ret, s.ReturningList, rsc); err != nil {
			return nil, err
		}
		st.Query = ret
		return st, nil
	}
	st.Query = proj
	return st, nil
}

// assignsKey reports whether the new values vals of def's columns assign a column of a
// unique index, which makes UPDATE lock its rows as FOR UPDATE rather than FOR NO KEY
// UPDATE (PostgreSQL decides by the values, the stronger lock being always safe).
func assignsKey(def *catalog.TableDef, vals []Expr) bool {
	for _, ix := range def.Indexes {
		if !ix.Unique {
			continue
		}
		for _, c := range mergeColumns(ix.Refs, ix.Columns) {
			if r, ok := vals[c].(*ColRef); !ok || r.Idx != c {
				return true
			}
		}
	}
	return false
}

// setList binds UPDATE's SET list (and ON CONFLICT DO UPDATE's) in sc, where columns
// 0..n-1 are the target row's: it returns the new value of every column of def, its old
// value where nothing is assigned.
func (b *binder) setList(def *catalog.TableDef, list []*pg_query.Node, sc *scope) ([]Expr, error) {
	vals := make([]Expr, len(def.Columns))
	for i, c := range def.Columns {
		vals[i] = &ColRef{Idx: i, T: c.Type, Name: c.Name}
	}
	assigned := assignedColumns{}
	// assign sets rt's column to val, or to the bound bound when val is nil.
	assign := func(rt *pg_query.ResTarget, val *pg_query.Node, bound Expr, loc int32) error {
		t, err := b.target(def, rt)
		if err != nil {
			return err
		}
		if err := assigned.note(b, def, t, false); err != nil {
			return err
		}
		b.needColumns(def, acl.Update, []int{t.col})
		i := t.col
		e := bound
		if val != nil {
			if d, ok := val.Node.(*pg_query.Node_SetToDefault); ok {
				return b.assignDefault(def, t, d.SetToDefault, vals)
			}
			if e, err = b.expr(val, sc); err != nil {
				return err
			}
			loc = location(val)
		}
		v, err := b.assignValue(e, def, t, loc)
		if err != nil {
			return err
		}
		vals[i], err = b.applyTarget(vals[i], v, t, sc)
		return err
	}
	multi := multiAssignSources{}
	for _, n := range list {
		rt := n.Node.(*pg_query.Node_ResTarget).ResTarget
		ma, ok := rt.Val.Node.(*pg_query.Node_MultiAssignRef)
		if !ok {
			if err := assign(rt, rt.Val, nil, -1); err != nil {
				return nil, err
			}
			continue
		}
		// SET (a, b) = source: the source's items go to the columns in order.
		item, err := multi.item(b, ma.MultiAssignRef, sc)
		if err != nil {
			return nil, err
		}
		if err := assign(rt, item.node, item.bound, item.loc); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// aliasName is the alias a statement gives its target table ("" for none).
func aliasName(rv *pg_query.RangeVar) string {
	if rv == nil || rv.Alias == nil {
		return ""
	}
	return rv.Alias.Aliasname
}

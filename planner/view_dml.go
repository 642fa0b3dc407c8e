package planner

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Statements writing through a view (see view_update.go for the resolution of the view).

// checkColumns refuses view columns cols (ordinals of the view) that are not updatable,
// as rewriteTargetView does view by view from the top: 0A000 naming the column and the
// view where it stops being a plain column.
func (vt *viewTarget) checkColumns(verb string, cols []int) error {
	cur := slices.Clone(cols)
	for _, lvl := range vt.levels {
		for i, c := range cur {
			if lvl.colMap[c] < 0 {
				return pgerror.Newf(pgcode.FeatureNotSupported, "cannot %s column \"%s\" of view \"%s\"", viewVerbs[verb][0], lvl.def.Columns[c].Name, lvl.def.Name).
					WithDetail(lvl.colWhy[c])
			}
			cur[i] = lvl.colMap[c]
		}
	}
	return nil
}

// baseColumns maps view columns cols to the base columns they write, refusing two that
// write the same one.
func (vt *viewTarget) baseColumns(cols []int) ([]int, error) {
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = vt.baseCol[c]
		if slices.Contains(out[:i], out[i]) {
			return nil, pgerror.Newf(pgcode.SyntaxError, "multiple assignments to same column \"%s\"", vt.base.Columns[out[i]].Name)
		}
	}
	return out, nil
}

// columnDefault returns the default view column k takes: its own (ALTER VIEW ... SET
// DEFAULT), else that of the view below it is a column of, and, with base, the base
// table's ("" for none). INSERT takes the base table's, UPDATE ... SET = DEFAULT not.
func (vt *viewTarget) columnDefault(k int, base bool) string {
	c := k
	for _, lvl := range vt.levels {
		if d := lvl.def.Columns[c].Default; d != "" || lvl.colMap[c] < 0 {
			return d
		}
		c = lvl.colMap[c]
	}
	if !base {
		return ""
	}
	return vt.base.Columns[c].Default
}

// withDefaults returns the view's definition with each column's default as columnDefault
// finds it, which DEFAULT in INSERT's VALUES and UPDATE's SET stores.
func (vt *viewTarget) withDefaults() *catalog.TableDef {
	d := *vt.view
	d.Columns = slices.Clone(d.Columns)
	for k := range d.Columns {
		d.Columns[k].Default = vt.columnDefault(k, true)
	}
	return &d
}

// viewDefaults returns the view columns not in target that have a default of their own
// (ALTER VIEW ... SET DEFAULT) on the view or a view below, with the default's text; an
// INSERT through the view stores it rather than the base column's default.
func (vt *viewTarget) viewDefaults(target []int) (cols []int, defaults []catalog.Column) {
	for k := range vt.view.Columns {
		if slices.Contains(target, k) || vt.baseCol[k] < 0 {
			continue
		}
		c, found := k, ""
		for _, lvl := range vt.levels {
			if found = lvl.def.Columns[c].Default; found != "" || lvl.colMap[c] < 0 {
				break
			}
			c = lvl.colMap[c]
		}
		if found != "" {
			col := vt.view.Columns[k]
			col.Default = found
			cols, defaults = append(cols, k), append(defaults, col)
		}
	}
	return cols, defaults
}

// insertThroughView turns INSERT's projection proj of view columns target into one of
// base columns, adding the views' defaults of columns not given; it returns the base
// columns written.
func (b *binder) insertThroughView(vt *viewTarget, target []int, proj *Project) ([]int, error) {
	if err := vt.checkColumns("insert", target); err != nil {
		return nil, err
	}
	dcols, dcolumns := vt.viewDefaults(target)
	for k, c := range dcols {
		e, err := b.bindDefault(dcolumns[k])
		if err != nil {
			return nil, err
		}
		target = append(target, c)
		proj.Exprs = append(proj.Exprs, e)
		proj.Out = append(proj.Out, Column{})
	}
	base, err := vt.baseColumns(target)
	if err != nil {
		return nil, err
	}
	for k, c := range base {
		bc := vt.base.Columns[c]
		proj.Out[k] = Column{Name: bc.Name, Type: bc.Type}
	}
	return base, nil
}

// viewRowScope extends row, whose columns off.. are a row of vt's base table, with the
// view's columns computed from it, and returns the extended plan with a scope of the
// view's columns named as the statement names the view (name).
func (vt *viewTarget) viewRowScope(row Plan, off int, name string) (*Project, *scope) {
	in := row.Columns()
	ext := &Project{Input: row}
	for i, c := range in {
		ext.Exprs = append(ext.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		ext.Out = append(ext.Out, c)
	}
	sc := &scope{}
	for k, c := range vt.view.Columns {
		e := vt.cols[k]
		if off != 0 {
			e = remapColumns(e, func(i int) int { return off + i })
		}
		ext.Exprs = append(ext.Exprs, e)
		ext.Out = append(ext.Out, Column{Name: c.Name, Type: c.Type, Table: vt.view.OID, Attnum: int16(k + 1)})
		sc.cols = append(sc.cols, scopeCol{table: name, name: c.Name, t: c.Type, idx: len(in) + k,
			tableOID: vt.view.OID, attnum: int16(k + 1), rowOf: vt.view.OID})
	}
	return ext, sc
}

// viewSource is the source of UPDATE and DELETE through a view: the base table's columns
// and row identifier (as dmlTarget lays them out), filtered by the views' WHERE, then the
// view's columns, which the scope exposes.
func (vt *viewTarget) viewSource(name string) (Plan, *scope) {
	def := vt.base
	scan := &Scan{Table: def}
	for i, c := range def.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	scan.Cols = append(scan.Cols, RowIDCol)
	scan.Out = append(scan.Out, Column{Name: "ctid", Type: types.TInt8})
	var plan Plan = scan
	for _, w := range vt.wheres {
		if w != nil {
			plan = &Filter{Input: plan, Pred: w}
		}
	}
	return vt.viewRowScope(plan, 0, name)
}

// renameTargets maps the column names of SET (or ON CONFLICT DO UPDATE SET) from the
// view's to the base table's, refusing columns that are not updatable; SET col = DEFAULT
// takes the view's default (columnDefault). The statement's nodes are left as they are:
// the list returned holds copies.
func (b *binder) renameTargets(vt *viewTarget, list []*pg_query.Node) ([]*pg_query.Node, []int, error) {
	out := make([]*pg_query.Node, len(list))
	var cols []int
	for i, n := range list {
		rt := n.Node.(*pg_query.Node_ResTarget).ResTarget
		k := vt.view.ColumnIndex(rt.Name)
		if k < 0 {
			return nil, nil, b.errorf(rt.Location, pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, vt.view.Name)
		}
		cols = append(cols, k)
		c := proto.Clone(n).(*pg_query.Node)
		if vt.baseCol[k] >= 0 {
			crt := c.Node.(*pg_query.Node_ResTarget).ResTarget
			crt.Name = vt.base.Columns[vt.baseCol[k]].Name
			if _, ok := crt.Val.GetNode().(*pg_query.Node_SetToDefault); ok && len(crt.Indirection) == 0 {
				crt.Val = parseDefault(vt.columnDefault(k, false))
			}
		}
		out[i] = c
	}
	if err := vt.checkColumns("update", cols); err != nil {
		return nil, nil, err
	}
	return out, cols, nil
}

// setThroughView binds UPDATE's SET list through a view: the view's column names map to
// the base table's, and the privileges needed are UPDATE on the view's columns, as the
// statement names them.
func (b *binder) setThroughView(vt *viewTarget, list []*pg_query.Node, sc *scope) ([]Expr, error) {
	renamed, cols, err := b.renameTargets(vt, list)
	if err != nil {
		return nil, err
	}
	needs := len(b.colNeeds)
	vals, err := b.setList(vt.base, renamed, sc)
	if err != nil {
		return nil, err
	}
	b.colNeeds = b.colNeeds[:needs]
	b.needColumns(vt.view, acl.Update, cols)
	return vals, nil
}

// conflictThroughView maps the column names of ON CONFLICT's target from the view's to
// the base table's.
func (vt *viewTarget) conflictThroughView(oc *pg_query.OnConflictClause) *pg_query.OnConflictClause {
	out := proto.Clone(oc).(*pg_query.OnConflictClause)
	if out.Infer == nil {
		return out
	}
	for _, n := range out.Infer.IndexElems {
		el, ok := n.Node.(*pg_query.Node_IndexElem)
		if !ok || el.IndexElem.Name == "" {
			continue
		}
		if k := vt.view.ColumnIndex(el.IndexElem.Name); k >= 0 && vt.baseCol[k] >= 0 {
			el.IndexElem.Name = vt.base.Columns[vt.baseCol[k]].Name
		}
	}
	return out
}

// columnsAt is a scope of the view's columns, named as the statement names the view, at
// columns off.. of a row that does not hold them: upsertColumns replaces them.
func (vt *viewTarget) columnsAt(name string, off int) *scope {
	sc := &scope{}
	for k, c := range vt.view.Columns {
		sc.cols = append(sc.cols, scopeCol{table: name, name: c.Name, t: c.Type, idx: off + k,
			tableOID: vt.view.OID, attnum: int16(k + 1), rowOf: vt.view.OID})
	}
	return sc
}

// upsertColumns replaces, in ON CONFLICT DO UPDATE's expressions over the existing base
// row and the proposed one (n columns each), the view's columns as columnsAt placed them
// (at 2n.., then excluded's past them) by their expressions over those rows.
func (vt *viewTarget) upsertColumns(exprs []Expr, n int) []Expr {
	m := len(vt.cols)
	out := make([]Expr, len(exprs))
	for i, e := range exprs {
		out[i] = deepMapExpr(e, func(x Expr) Expr {
			c, ok := x.(*ColRef)
			switch {
			case !ok || c.Idx < 2*n || c.Idx >= 2*n+2*m:
				return x
			case c.Idx < 2*n+m:
				return vt.cols[c.Idx-2*n]
			}
			return remapColumns(vt.cols[c.Idx-2*n-m], func(i int) int { return n + i })
		})
	}
	return out
}

// writeThroughView resolves the view def an INSERT, UPDATE or DELETE names, checking the
// user's privilege on the view.
func (b *binder) writeThroughView(def *catalog.TableDef, verb string) (*viewTarget, error) {
	if err := b.checkRestricted(def); err != nil {
		return nil, err
	}
	want := map[string]acl.Priv{"insert": acl.Insert, "update": acl.Update, "delete": acl.Delete}[verb]
	vt, err := b.resolveViewTarget(def, verb, want)
	if err != nil {
		return nil, err
	}
	if verb == "delete" {
		if err := b.requireTable(def, acl.Delete); err != nil {
			return nil, err
		}
	}
	return vt, nil
}

// inlineViewColumns replaces, in exprs over a base row followed by the view's columns
// (as viewRowScope lays them out at offset 0, n base columns), the references to the
// view's columns by their expressions over the base row.
func (vt *viewTarget) inlineViewColumns(exprs []Expr, n int) []Expr {
	out := make([]Expr, len(exprs))
	for i, e := range exprs {
		out[i] = deepMapExpr(e, func(x Expr) Expr {
			if c, ok := x.(*ColRef); ok && c.Idx >= n && c.Idx < n+len(vt.cols) {
				return vt.cols[c.Idx-n]
			}
			return x
		})
	}
	return out
}

// rangeName is the name a statement's target is referenced by: its alias, else its name.
func rangeName(rv *pg_query.RangeVar) string {
	if rv.Alias != nil {
		return rv.Alias.Aliasname
	}
	return rv.Relname
}

// readView makes the reads of view columns through sc, a scope of the view's columns,
// need SELECT on them of the current role and on the relations below of the views'
// owners.
func (b *binder) readView(vt *viewTarget, sc *scope) {
	use, _ := b.readCheck(vt.view, false)
	if use != nil {
		for i := range sc.cols {
			sc.cols[i].use, sc.cols[i].useIdx = use, int(sc.cols[i].attnum)-1
		}
	}
	b.trackViewReads(vt, sc)
}

// viewRead tracks the reads of a view's columns by a statement writing through it.
type viewRead struct {
	vt  *viewTarget
	use *colUse
}

// trackViewReads makes the view columns of sc (the view's columns in order) record their
// reads for checkViewReads.
func (b *binder) trackViewReads(vt *viewTarget, sc *scope) {
	u := &colUse{def: vt.view, read: make([]bool, len(vt.view.Columns))}
	for i := range sc.cols {
		c := &sc.cols[i]
		if c.tableOID != vt.view.OID {
			continue
		}
		if c.use == nil {
			c.use, c.useIdx = u, int(c.attnum)-1
		} else if c.use != u {
			c.use.also = u
		}
	}
	b.viewWrites = append(b.viewWrites, viewRead{vt: vt, use: u})
}

// checkViewReads checks, once a statement is bound, that the owner of each view it writes
// through and reads columns of holds SELECT on the columns of the relation below that the
// view's columns read, as PostgreSQL checks the base relation of a rewritten view.
func (b *binder) checkViewReads() error {
	for _, r := range b.viewWrites {
		if !slices.Contains(r.use.read, true) {
			continue
		}
		for _, lvl := range r.vt.levels {
			var cols []int
			for _, e := range lvl.raw {
				for c := range columnsUsed(e) {
					if !slices.Contains(cols, c) {
						cols = append(cols, c)
					}
				}
			}
			if err := b.requireAsViewOwner(lvl.def, lvl.under, acl.Select, cols...); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseDefault parses a column default's stored text to an expression, NULL for none.
func parseDefault(text string) *pg_query.Node {
	if text == "" {
		text = "NULL"
	}
	parsed, err := pg_query.Parse("SELECT " + text)
	if err == nil && len(parsed.Stmts) == 1 {
		if sel := parsed.Stmts[0].Stmt.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
			return sel.TargetList[0].GetResTarget().GetVal()
		}
	}
	return parseDefault("")
}

// checkRestricted refuses a view or foreign table of the database's own when the session
// restricts their kind (restrict_nonsystem_relation_kind), as PostgreSQL does.
func (b *binder) checkRestricted(def *catalog.TableDef) error {
	if def.Virtual || len(b.restrict) == 0 {
		return nil
	}
	switch {
	case def.Kind == catalog.KindView && slices.Contains(b.restrict, "view"):
		return pgerror.Newf(pgcode.InsufficientPrivilege, "access to non-system view \"%s\" is restricted", def.Name)
	case def.Kind == catalog.KindForeign && slices.Contains(b.restrict, "foreign-table"):
		return pgerror.Newf(pgcode.InsufficientPrivilege, "access to non-system foreign table \"%s\" is restricted", def.Name)
	}
	return nil
}

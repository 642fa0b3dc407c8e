package planner

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Automatically updatable views. INSERT, UPDATE and DELETE on a simple view (one table or
// updatable view in FROM, no DISTINCT, GROUP BY, HAVING, set operation, WITH, LIMIT,
// OFFSET, aggregate, window or set-returning function) write its base table, as
// PostgreSQL's rewriteTargetView does. The chain of views down to the table is resolved
// first (resolveViewTarget): each view's columns and WHERE are bound, in the view's own
// name space, as expressions over a row of the base table, and each view column that is a
// plain column of the relation below is mapped down to a base column. The statement is
// then bound over the base table with those expressions standing for the view's columns
// (view_dml.go): UPDATE and DELETE read the base table filtered by every view's WHERE,
// RETURNING is computed from the base row written, and WITH CHECK OPTION becomes a check
// of the view's WHERE over each new base row (CheckExpr.View).

// viewLevel is one view of the chain a write passes through, top first.
type viewLevel struct {
	def *catalog.TableDef
	// detail is why the view is not automatically updatable ("" when it is).
	detail string
	// under is the relation its FROM names; raw its columns and where its WHERE, bound
	// over the columns of under (nil: no WHERE).
	under *catalog.TableDef
	raw   []Expr
	where Expr
	// colMap maps each view column to the column of under it is (-1: not updatable), and
	// colWhy says why a column is not updatable.
	colMap []int
	colWhy []string
}

// viewTarget is a view a statement writes, resolved down to the table written.
type viewTarget struct {
	view *catalog.TableDef
	base *catalog.TableDef
	// levels are the views from view down to the one reading base.
	levels []*viewLevel
	// cols are the view's columns as expressions over a row of base (column i is base
	// column i), and wheres the views' WHEREs over that row, innermost first.
	cols   []Expr
	wheres []Expr
	// baseCol maps each view column to the base column it writes (-1: not updatable).
	baseCol []int
	// checks are the WITH CHECK OPTION constraints over a base row, innermost first.
	checks []CheckExpr
}

// viewVerbs are the words of PostgreSQL's errors per statement kind.
var viewVerbs = map[string][3]string{
	"insert": {"insert into", "inserting into", "INSERT"},
	"update": {"update", "updating", "UPDATE"},
	"delete": {"delete from", "deleting from", "DELETE"},
}

// notUpdatableError is PostgreSQL's 55000 for a view that is not automatically updatable.
func notUpdatableError(def *catalog.TableDef, verb, detail string) error {
	w := viewVerbs[verb]
	return pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "cannot %s view \"%s\"", w[0], def.Name).
		WithDetail(detail).
		WithHint("To enable " + w[1] + " the view, provide an INSTEAD OF " + w[2] + " trigger or an unconditional ON " + w[2] + " DO INSTEAD rule.")
}

// resolveViewTarget resolves view def, written by verb (insert, update, delete), down to
// its base table, refusing views that are not automatically updatable. The view owner's
// privileges on each relation below are checked (want; the current role's for a
// security_invoker view), as PostgreSQL checks a rewritten view's base relation.
func (b *binder) resolveViewTarget(def *catalog.TableDef, verb string, want acl.Priv) (*viewTarget, error) {
	vt := &viewTarget{view: def}
	cur := def
	seen := map[types.OID]bool{}
	for cur.Kind == catalog.KindView && !cur.Virtual {
		if seen[cur.OID] {
			return nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "infinite recursion detected in rules for relation \"%s\"", cur.Name)
		}
		seen[cur.OID] = true
		lvl, err := b.analyzeView(cur, verb != "delete")
		if err != nil {
			return nil, err
		}
		if lvl.detail != "" {
			return nil, notUpdatableError(cur, verb, lvl.detail)
		}
		if err := b.requireAsViewOwner(cur, lvl.under, want); err != nil {
			return nil, err
		}
		vt.levels = append(vt.levels, lvl)
		cur = lvl.under
	}
	if err := changeRowsError(cur); err != nil {
		return nil, err
	}
	if err := changeForeignError(cur, viewVerbs[verb][0]); err != nil {
		return nil, err
	}
	vt.base = cur
	vt.compose(verb)
	return vt, nil
}

// requireAsViewOwner checks that view's owner holds want on under, the relation the view
// reads (the current role, for a security_invoker view): on the table, or on each of its
// columns cols when some are given.
func (b *binder) requireAsViewOwner(view, under *catalog.TableDef, want acl.Priv, cols ...int) error {
	if under.Virtual {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for table %s", under.Name)
	}
	role := b.cat.RoleByOID(view.OwnerOID())
	if view.ViewOption("security_invoker") == "true" {
		role = b.currentRole()
	}
	if role == nil || role.Superuser {
		return nil
	}
	if b.cat.SchemaHolds(role.OID, under.Schema, acl.Usage) {
		if b.cat.TableHolds(role.OID, under, want) {
			return nil
		}
		held := len(cols) > 0
		for _, c := range cols {
			held = held && b.cat.ColumnHolds(role.OID, under, c, want)
		}
		if held {
			return nil
		}
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for %s %s", relKindWord(under), under.Name)
}

// compose expresses every view's columns and WHERE over a row of the base table, maps the
// view's columns down to base columns and collects the check options, as
// rewriteTargetView stacks them (innermost first; a CASCADED option makes every view below
// checked too).
func (vt *viewTarget) compose(verb string) {
	n := len(vt.base.Columns)
	cols := make([]Expr, n)
	mapped := make([]int, n)
	for i, c := range vt.base.Columns {
		cols[i] = &ColRef{Idx: i, T: c.Type, Name: c.Name}
		mapped[i] = i
	}
	for k := len(vt.levels) - 1; k >= 0; k-- {
		lvl := vt.levels[k]
		next := make([]Expr, len(lvl.raw))
		nextMap := make([]int, len(lvl.raw))
		for i, e := range lvl.raw {
			next[i] = substituteCols(e, cols)
			nextMap[i] = -1
			if j := lvl.colMap[i]; j >= 0 {
				nextMap[i] = mapped[j]
			}
		}
		if lvl.where != nil {
			vt.wheres = append(vt.wheres, substituteCols(lvl.where, cols))
		} else {
			vt.wheres = append(vt.wheres, nil)
		}
		cols, mapped = next, nextMap
	}
	vt.cols, vt.baseCol = cols, mapped
	if verb == "delete" {
		return
	}
	cascaded := false
	for k, lvl := range vt.levels {
		opt := lvl.def.ViewOption("check_option")
		if cascaded {
			opt = "cascaded"
		}
		if opt == "" {
			continue
		}
		cascaded = opt == "cascaded"
		if w := vt.wheres[len(vt.levels)-1-k]; w != nil {
			vt.checks = append([]CheckExpr{{Name: lvl.def.Name, Pred: w, View: true}}, vt.checks...)
		}
	}
}

// substituteCols replaces the column references of e (to columns of the relation below a
// view) by that relation's columns as expressions over the base row.
func substituteCols(e Expr, cols []Expr) Expr {
	if e == nil {
		return nil
	}
	plain := true
	for _, c := range cols {
		if _, ok := c.(*ColRef); !ok {
			plain = false
		}
	}
	if plain {
		return remapColumns(e, func(i int) int { return cols[i].(*ColRef).Idx })
	}
	return deepMapExpr(e, func(x Expr) Expr {
		if c, ok := x.(*ColRef); ok && c.Idx < len(cols) {
			return cols[c.Idx]
		}
		return x
	})
}

// analyzeView decides whether view def is automatically updatable (view_query_is_auto_updatable;
// checkCols for INSERT and UPDATE, which need an updatable column) and binds its columns
// and WHERE over the relation it reads.
func (b *binder) analyzeView(def *catalog.TableDef, checkCols bool) (*viewLevel, error) {
	lvl := &viewLevel{def: def}
	sel, err := parseViewSelect(def)
	if err != nil {
		return nil, err
	}
	if lvl.detail = b.viewShapeDetail(sel); lvl.detail != "" {
		return lvl, nil
	}
	rv := sel.FromClause[0].Node.(*pg_query.Node_RangeVar).RangeVar
	err = b.inView(def, func() error {
		under, err := b.lookupTable(rv)
		if err != nil {
			return err
		}
		if under.Kind != catalog.KindTable && under.Kind != catalog.KindView && under.Kind != catalog.KindForeign {
			lvl.detail = "Views that do not select from a single table or view are not automatically updatable."
			return nil
		}
		lvl.under = under
		_, sc, err := b.fromItem(sel.FromClause[0], nil)
		if err != nil {
			return err
		}
		return b.bindViewLevel(lvl, sel, sc)
	})
	if err != nil || lvl.detail != "" {
		return lvl, err
	}
	if checkCols && !anyUpdatable(lvl.colMap) {
		lvl.detail = "Views that have no updatable columns are not automatically updatable."
	}
	return lvl, nil
}

// bindViewLevel binds a simple view's columns and WHERE in scope sc, the columns of the
// relation it reads, and maps each column to the one below it is, if it is one.
func (b *binder) bindViewLevel(lvl *viewLevel, sel *pg_query.SelectStmt, sc *scope) error {
	targets, err := b.targetList(sel.TargetList, sc)
	if err != nil {
		return err
	}
	if len(targets) < len(lvl.def.Columns) {
		return pgerror.Newf(pgcode.InvalidObjectDefinition, "view \"%s\" no longer matches its definition", lvl.def.Name)
	}
	width := len(sc.cols)
	for i, c := range lvl.def.Columns {
		e := targets[i].expr
		if e.Type() != c.Type {
			if e, err = b.coerce(e, c.Type, types.Assignment, -1); err != nil {
				return err
			}
		}
		lvl.raw = append(lvl.raw, e)
		to, why := -1, "View columns that are not columns of their base relation are not updatable."
		switch x := targets[i].expr.(type) {
		case *ColRef:
			if x.Idx < width {
				to, why = x.Idx, ""
			} else {
				why = "View columns that refer to system columns are not updatable."
			}
		case *RowExpr:
			if x.Rel != "" {
				why = "View columns that return whole-row references are not updatable."
			}
		}
		lvl.colMap = append(lvl.colMap, to)
		lvl.colWhy = append(lvl.colWhy, why)
	}
	if sel.WhereClause != nil {
		sc.aggClause = "WHERE"
		if lvl.where, err = b.boolArg(sel.WhereClause, sc, "WHERE"); err != nil {
			return err
		}
	}
	return nil
}

func anyUpdatable(colMap []int) bool {
	for _, c := range colMap {
		if c >= 0 {
			return true
		}
	}
	return false
}

// parseViewSelect parses a view's stored query.
func parseViewSelect(def *catalog.TableDef) (*pg_query.SelectStmt, error) {
	parsed, err := pg_query.Parse(def.ViewSQL)
	if err == nil && len(parsed.Stmts) == 1 {
		if sel, ok := parsed.Stmts[0].Stmt.Node.(*pg_query.Node_SelectStmt); ok {
			return sel.SelectStmt, nil
		}
	}
	return nil, pgerror.Newf(pgcode.InvalidObjectDefinition, "view \"%s\" has an invalid definition", def.Name)
}

// viewShapeDetail checks the shape of a view's query as view_query_is_auto_updatable
// does, in its order, returning why it is not automatically updatable ("" when it is).
func (b *binder) viewShapeDetail(sel *pg_query.SelectStmt) string {
	const tail = " are not automatically updatable."
	switch {
	case len(sel.DistinctClause) > 0:
		return "Views containing DISTINCT" + tail
	case len(sel.GroupClause) > 0:
		return "Views containing GROUP BY" + tail
	case sel.HavingClause != nil:
		return "Views containing HAVING" + tail
	case sel.Op != pg_query.SetOperation_SETOP_NONE && sel.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED:
		return "Views containing UNION, INTERSECT, or EXCEPT" + tail
	case sel.WithClause != nil:
		return "Views containing WITH" + tail
	case sel.LimitCount != nil || sel.LimitOffset != nil:
		return "Views containing LIMIT or OFFSET" + tail
	}
	aggs, wins, srfs := b.targetFunctionKinds(sel.TargetList)
	switch {
	case aggs:
		return "Views that return aggregate functions" + tail
	case wins:
		return "Views that return window functions" + tail
	case srfs:
		return "Views that return set-returning functions" + tail
	case len(sel.FromClause) != 1:
		return "Views that do not select from a single table or view" + tail
	}
	switch sel.FromClause[0].Node.(type) {
	case *pg_query.Node_RangeVar:
		return ""
	case *pg_query.Node_RangeTableSample:
		return "Views containing TABLESAMPLE" + tail
	}
	return "Views that do not select from a single table or view" + tail
}

// targetFunctionKinds reports whether a SELECT list calls aggregates, window functions or
// set-returning functions at its own level (not inside subqueries).
func (b *binder) targetFunctionKinds(list []*pg_query.Node) (aggs, wins, srfs bool) {
	for _, n := range list {
		walkParseTreeShallow(n, func(fc *pg_query.FuncCall) {
			if fc.Over != nil {
				wins = true
				return
			}
			if fc.AggStar || fc.AggDistinct || len(fc.AggOrder) > 0 || fc.AggFilter != nil {
				aggs = true
				return
			}
			name := strings.ToLower(strVal(fc.Funcname[len(fc.Funcname)-1]))
			for _, f := range b.reg.Funcs(name) {
				switch {
				case f.Kind == catalog.KindAggregate:
					aggs = true
				case f.RetSet:
					srfs = true
				}
			}
		})
	}
	return aggs, wins, srfs
}

// walkParseTreeShallow calls fn for every function call of n outside subqueries.
func walkParseTreeShallow(n *pg_query.Node, fn func(*pg_query.FuncCall)) {
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if !m.IsValid() {
			return
		}
		switch x := m.Interface().(type) {
		case *pg_query.SubLink:
			return
		case *pg_query.FuncCall:
			fn(x)
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					walk(l.Get(i).Message())
				}
			case fd.Message() != nil && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	walk(n.ProtoReflect())
}

// inView runs fn with the binder inside view def's name space, as bindViewQuery binds its
// query: no CTEs or outer columns of the statement visible, def marked as being expanded,
// no privileges checked, positions of errors dropped.
func (b *binder) inView(def *catalog.TableDef, fn func() error) error {
	sql, ctes, sub, null, term := b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm
	b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm = def.ViewSQL, nil, 0, 0, nil
	if b.expanding == nil {
		b.expanding = map[types.OID]bool{}
	}
	was := b.expanding[def.OID]
	b.expanding[def.OID] = true
	// Analysis checks no privileges: those of the statement are checked as it is bound.
	b.checkAs = append(b.checkAs, nil)
	err := fn()
	b.checkAs = b.checkAs[:len(b.checkAs)-1]
	if !was {
		delete(b.expanding, def.OID)
	}
	b.sql, b.ctes, b.sublinkDepth, b.nullableDepth, b.recursiveTerm = sql, ctes, sub, null, term
	var pe *pgerror.Error
	if errors.As(err, &pe) {
		pe.Position = 0
	}
	return err
}

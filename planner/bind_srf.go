package planner

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Set-returning functions outside FROM's simple form: in a SELECT list (collected like
// window calls, then evaluated by a ProjectSet placed after grouping and windows, before
// DISTINCT, ORDER BY and LIMIT, where PostgreSQL evaluates them), and in FROM with
// arguments that read earlier FROM items (implicitly LATERAL, as for every function in
// PostgreSQL's FROM).

// setCallExpr handles a bound call of a set-returning function met in an expression.
func (b *binder) setCallExpr(call *Call, sc *scope, loc int32) (Expr, error) {
	switch {
	case sc != nil && sc.agg != nil && sc.agg.inAgg:
		return nil, b.errorf(loc, pgcode.FeatureNotSupported, "aggregate function calls cannot contain set-returning function calls").
			WithHint("You might be able to move the set-returning function into a LATERAL FROM item.")
	case sc == nil || sc.srf == nil:
		clause := "this context"
		if sc != nil && sc.aggClause != "" {
			clause = sc.aggClause
		}
		return nil, b.errorf(loc, pgcode.FeatureNotSupported, "set-returning functions are not allowed in %s", clause)
	case sc.srf.inCall:
		return nil, b.errorf(loc, pgcode.FeatureNotSupported, "set-returning functions as arguments of set-returning functions are not supported yet")
	}
	c := &SetCall{Func: call.Func, Args: call.Args, Cols: setColumns(call.Func, call.T, call.Func.Name, call.Args)}
	t := call.T
	if len(call.Func.OutCols) > 1 {
		c.AsRecord = true
		t = c.RecordType()
	}
	sc.srf.calls = append(sc.srf.calls, c)
	return &srfPlaceholder{k: len(sc.srf.calls) - 1, t: t}, nil
}

// projectSet places the collected set-returning calls over plan; rewrite, when not nil,
// first maps their arguments over the aggregate's output.
func (b *binder) projectSet(plan Plan, s *srfCollector, rewrite func(Expr) (Expr, error)) (Plan, error) {
	if rewrite != nil {
		for _, c := range s.calls {
			for i, a := range c.Args {
				var err error
				if c.Args[i], err = rewrite(a); err != nil {
					return nil, err
				}
			}
		}
	}
	return newProjectSet(plan, s.calls), nil
}

// fromCalls resolves the set-returning functions of a FROM item, binding their arguments
// in scope sc: one function, or the several of ROWS FROM (...), as which PostgreSQL also
// reads unnest with several arguments (each array unnested in its own column).
func (b *binder) fromCalls(rf *pg_query.RangeFunction, sc *scope) ([]*Call, []string, error) {
	var calls []*Call
	var fnNames []string
	for _, f := range rf.Functions {
		items := f.Node.(*pg_query.Node_List).List.Items
		fc, ok := items[0].Node.(*pg_query.Node_FuncCall)
		if !ok {
			return nil, nil, b.errorf(location(items[0]), pgcode.FeatureNotSupported, "only function calls are supported in FROM")
		}
		ns := names(fc.FuncCall.Funcname)
		name := strings.ToLower(ns[len(ns)-1])
		if name == "unnest" && len(ns) == 1 && !rf.IsRowsfrom && len(rf.Functions) == 1 && len(fc.FuncCall.Args) > 1 {
			for _, arg := range fc.FuncCall.Args {
				one := &pg_query.FuncCall{Funcname: fc.FuncCall.Funcname, Args: []*pg_query.Node{arg}, Location: fc.FuncCall.Location}
				call, err := b.fromCall(one, name, sc)
				if err != nil {
					return nil, nil, err
				}
				calls, fnNames = append(calls, call), append(fnNames, name)
			}
			continue
		}
		call, err := b.fromCall(fc.FuncCall, name, sc)
		if err != nil {
			return nil, nil, err
		}
		coldefs := rf.Coldeflist
		if len(items) > 1 && items[1].GetList() != nil {
			coldefs = items[1].GetList().GetItems() // ROWS FROM (f() AS (a int, ...))
		}
		if err := b.applyColumnDefs(call, coldefs, fc.FuncCall.Location); err != nil {
			return nil, nil, err
		}
		calls, fnNames = append(calls, call), append(fnNames, name)
	}
	return calls, fnNames, nil
}

// applyColumnDefs gives a call in FROM of a function returning record the row type its
// column definition list declares, as PostgreSQL's addRangeTableEntryForFunction does; a
// list for any other function, or none for such a function, is an error.
func (b *binder) applyColumnDefs(call *Call, coldefs []*pg_query.Node, loc int32) error {
	returnsRecord := call.T.OID == types.Record && len(call.Func.OutCols) == 0
	if len(coldefs) == 0 {
		if returnsRecord && call.T.Typmod < 0 {
			return b.errorf(loc, pgcode.SyntaxError, "a column definition list is required for functions returning \"record\"")
		}
		return nil
	}
	first := coldefs[0].GetColumnDef()
	if !returnsRecord {
		return b.errorf(first.GetLocation(), pgcode.SyntaxError, "a column definition list is only allowed for functions returning \"record\"")
	}
	fields := make([]types.RecordField, 0, len(coldefs))
	seen := map[string]bool{}
	for _, n := range coldefs {
		cd := n.GetColumnDef()
		if seen[cd.Colname] {
			return b.errorf(-1, pgcode.DuplicateColumn, "column name \"%s\" specified more than once", cd.Colname)
		}
		seen[cd.Colname] = true
		t, err := b.typeName(cd.TypeName)
		if err != nil {
			return err
		}
		fields = append(fields, types.RecordField{Name: cd.Colname, Type: t})
	}
	if have, ok := types.RecordFields(call.T); ok {
		if err := b.checkReturnedRow(have, fields); err != nil {
			return err
		}
		// A column declared record (or record[]) takes the shape of the records returned.
		for i, f := range fields {
			if (f.Type.OID == types.Record || f.Type.OID == types.RecordArray) && f.Type.Typmod < 0 {
				fields[i].Type = have[i].Type
			}
		}
	}
	call.T = types.RecordOf(fields)
	return nil
}

// checkReturnedRow refuses a column definition list that does not match the row type a
// call is known to return (json_populate_record of ROW(...)), as PostgreSQL's
// tupledesc_match does when the rows arrive.
func (b *binder) checkReturnedRow(have, want []types.RecordField) error {
	fail := func(detail string) error {
		return pgerror.New(pgcode.DatatypeMismatch, "function return row and query-specified return row do not match").WithDetail(detail)
	}
	if len(have) != len(want) {
		attrs := "attributes"
		if len(have) == 1 {
			attrs = "attribute"
		}
		return fail(fmt.Sprintf("Returned row contains %d %s, but query expects %d.", len(have), attrs, len(want)))
	}
	for i := range have {
		if have[i].Type.OID != want[i].Type.OID {
			return fail(fmt.Sprintf("Returned type %s at ordinal position %d, but query expects %s.", b.fmtType(have[i].Type), i+1, b.fmtType(want[i].Type)))
		}
	}
	return nil
}

// fromCall resolves one function call of FROM: a set-returning function, or a plain one
// (its one value is the item's one row).
func (b *binder) fromCall(fc *pg_query.FuncCall, name string, sc *scope) (*Call, error) {
	args, locs, err := b.funcArgs(name, fc.Args, sc, fc.Location)
	if err != nil {
		return nil, err
	}
	var cands []candidate
	for _, f := range b.reg.Funcs(name) {
		if f.Kind == catalog.KindFunc && (f.RetSet && f.Set != nil || !f.RetSet && f.Scalar != nil) {
			cands = append(cands, funcCandidate(f))
		}
	}
	c, ambiguous := pickCandidate(cands, exprTypes(args))
	if c == nil || ambiguous {
		return nil, b.errorf(fc.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, b.typeList(exprTypes(args))).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	call, err := b.bindCall(c.fn, *c, args, locs)
	if err != nil {
		return nil, err
	}
	keepDomainResult(call, args)
	return call, nil
}

// fromColumns returns the columns of a FROM function item under its alias: each call's
// columns, then the ordinality column. Column aliases rename them in order; a table alias
// alone names the only column of a single function without OUT parameters, as in
// PostgreSQL.
func (b *binder) fromColumns(calls []*Call, fnNames []string, ordinality bool, alias *pg_query.Alias) ([]*SetCall, []Column, string, error) {
	var setCalls []*SetCall
	var cols []Column
	for k, c := range calls {
		sc := &SetCall{Func: c.Func, Args: c.Args, Cols: setColumns(c.Func, c.T, fnNames[k], c.Args)}
		if fields, ok := types.RecordFields(c.T); ok && len(c.Func.OutCols) == 0 {
			sc.Record, sc.Cols = c.T, make([]Column, len(fields))
			for i, f := range fields {
				sc.Cols[i] = Column{Name: f.Name, Type: f.Type}
			}
		}
		setCalls = append(setCalls, sc)
		cols = append(cols, sc.Cols...)
	}
	if ordinality {
		cols = append(cols, Column{Name: "ordinality", Type: types.TInt8})
	}
	rangeName := fnNames[0]
	if alias == nil {
		return setCalls, cols, rangeName, nil
	}
	rangeName = alias.Aliasname
	colNames := names(alias.Colnames)
	if len(colNames) == 0 && len(calls) == 1 && len(calls[0].Func.OutCols) == 0 && !setCalls[0].Expands() {
		cols[0].Name = alias.Aliasname
	}
	if len(colNames) > len(cols) {
		return nil, nil, "", b.errorf(-1, pgcode.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified", rangeName, len(cols), len(colNames))
	}
	for i, n := range colNames {
		cols[i].Name = n
	}
	// The calls' own columns take the names too (ProjectSet's output is built from them).
	i := 0
	for _, sc := range setCalls {
		for j := range sc.Cols {
			sc.Cols[j].Name = cols[i].Name
			i++
		}
	}
	return setCalls, cols, rangeName, nil
}

// rangeFunction binds a FROM function item that reads nothing of the FROM items before
// it: a FunctionScan for one function, else a ProjectSet of its calls over one empty row.
func (b *binder) rangeFunction(rf *pg_query.RangeFunction, outer *scope) (Plan, *scope, error) {
	if fc, ok := b.isFileFunction(rf); ok {
		return b.fileFunction(fc, rf.Alias)
	}
	if p, sc, ok, err := b.userRangeFunction(rf, outer); ok {
		return p, sc, err
	}
	calls, fnNames, err := b.fromCalls(rf, &scope{outer: outer, aggClause: "functions in FROM"})
	if err != nil {
		return nil, nil, err
	}
	setCalls, cols, rangeName, err := b.fromColumns(calls, fnNames, rf.Ordinality, rf.Alias)
	if err != nil {
		return nil, nil, err
	}
	plan, sc := functionItem(calls, setCalls, cols, rf.Ordinality, rangeName)
	plan, err = b.enforceDomainColumns(calls, plan)
	return plan, sc, err
}

// functionItem returns the plan and scope of a FROM function item evaluated alone: a
// FunctionScan for one set-returning function, else a ProjectSet of its calls over one
// empty row (which also turns a plain function into its one row).
func functionItem(calls []*Call, setCalls []*SetCall, cols []Column, ordinality bool, rangeName string) (Plan, *scope) {
	if len(calls) == 1 && !ordinality && calls[0].Func.RetSet && !setCalls[0].Expands() {
		fs := &FunctionScan{Func: calls[0].Func, Args: calls[0].Args, Out: cols}
		return fs, functionScope(fs, rangeName)
	}
	ps := newProjectSet(&Values{Rows: [][]Expr{{}}}, setCalls)
	ps.Ordinality, ps.Out = ordinality, cols
	return ps, scopeOf(ps, rangeName)
}

// functionScope is the scope of a function's columns in FROM.
func functionScope(fs *FunctionScan, rangeName string) *scope {
	sc := scopeOf(fs, rangeName)
	if len(sc.cols) == 1 {
		sc.cols[0].scalarFunc = true
	}
	return sc
}

// lateralFunction binds a function item in FROM after the items making up left (with
// scope lsc): when its arguments read their columns it becomes a ProjectSet over left,
// else a join with the item bound alone.
func (b *binder) lateralFunction(rf *pg_query.RangeFunction, left Plan, lsc *scope, outer *scope) (Plan, *scope, error) {
	if p, sc, ok, err := b.userLateralFunction(rf, left, lsc, outer); ok {
		return p, sc, err
	}
	argScope := *lsc
	argScope.outer, argScope.aggClause, argScope.agg, argScope.win, argScope.srf = outer, "functions in FROM", nil, nil, nil
	calls, fnNames, err := b.fromCalls(rf, &argScope)
	if err != nil {
		return nil, nil, err
	}
	setCalls, cols, rangeName, err := b.fromColumns(calls, fnNames, rf.Ordinality, rf.Alias)
	if err != nil {
		return nil, nil, err
	}
	right, rsc := functionItem(calls, setCalls, cols, rf.Ordinality, rangeName)
	if err := b.checkDuplicateRanges(lsc, rsc); err != nil {
		return nil, nil, err
	}
	lw := len(left.Columns())
	sc := concatScopes(lsc, rsc, lw)
	var args []Expr
	for _, c := range calls {
		args = append(args, c.Args...)
	}
	if !readsColumns(args) {
		return &Join{Type: InnerJoin, Left: left, Right: right}, sc, nil
	}
	ps := newProjectSet(left, setCalls)
	ps.Ordinality = rf.Ordinality
	ps.Out = append(append([]Column(nil), left.Columns()...), cols...)
	return ps, sc, nil
}

// readsColumns reports whether any of es reads a column of its input.
func readsColumns(es []Expr) bool {
	found := false
	for _, e := range es {
		walkExpr(e, func(e Expr) {
			if _, ok := e.(*ColRef); ok {
				found = true
			}
		})
	}
	return found
}

package planner

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
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
	c := &SetCall{Func: call.Func, Args: call.Args, Cols: setColumns(call.Func, call.T, call.Func.Name)}
	t := call.T
	if len(call.Func.OutCols) > 1 {
		c.AsRecord, t = true, types.Of(types.Record)
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

// functionCall resolves the set-returning function of a FROM item, binding its arguments
// in scope sc.
func (b *binder) functionCall(rf *pg_query.RangeFunction, sc *scope) (*Call, string, error) {
	if rf.Ordinality || rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 {
		return nil, "", b.errorf(-1, pgcode.FeatureNotSupported, "only a single function call is supported in FROM yet")
	}
	items := rf.Functions[0].Node.(*pg_query.Node_List).List.Items
	fc, ok := items[0].Node.(*pg_query.Node_FuncCall)
	if !ok {
		return nil, "", b.errorf(location(items[0]), pgcode.FeatureNotSupported, "only function calls are supported in FROM")
	}
	ns := names(fc.FuncCall.Funcname)
	name := strings.ToLower(ns[len(ns)-1])
	args, locs, err := b.funcArgs(name, fc.FuncCall.Args, sc)
	if err != nil {
		return nil, "", err
	}
	var cands []candidate
	for _, f := range b.reg.Funcs(name) {
		if f.RetSet && f.Set != nil {
			cands = append(cands, candidate{args: f.Args, variadic: f.Variadic, fn: f})
		}
	}
	c, ambiguous := pickCandidate(cands, exprTypes(args))
	if c == nil || ambiguous {
		if len(cands) == 0 && len(b.reg.Funcs(name)) > 0 {
			return nil, "", b.errorf(fc.FuncCall.Location, pgcode.FeatureNotSupported, "function %s is not set-returning: only set-returning functions are supported in FROM yet", name)
		}
		return nil, "", b.errorf(fc.FuncCall.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, b.typeList(exprTypes(args))).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	call, err := b.bindCall(c.fn, *c, args, locs)
	return call, name, err
}

// functionColumns returns the columns of a FROM function's rows under the item's alias:
// column aliases rename them; a table alias alone names the only column of a function
// without OUT parameters, as in PostgreSQL.
func (b *binder) functionColumns(fn *catalog.Func, t types.T, name string, alias *pg_query.Alias) ([]Column, string, error) {
	cols := setColumns(fn, t, name)
	rangeName := name
	if alias == nil {
		return cols, rangeName, nil
	}
	rangeName = alias.Aliasname
	colNames := names(alias.Colnames)
	if len(colNames) == 0 && len(fn.OutCols) == 0 {
		cols[0].Name = alias.Aliasname
	}
	if len(colNames) > len(cols) {
		return nil, "", b.errorf(-1, pgcode.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified", rangeName, len(cols), len(colNames))
	}
	for i, n := range colNames {
		cols[i].Name = n
	}
	return cols, rangeName, nil
}

// rangeFunction binds a set-returning function call in FROM that reads nothing of the
// FROM items before it.
func (b *binder) rangeFunction(rf *pg_query.RangeFunction, outer *scope) (Plan, *scope, error) {
	call, name, err := b.functionCall(rf, &scope{outer: outer, aggClause: "functions in FROM"})
	if err != nil {
		return nil, nil, err
	}
	cols, rangeName, err := b.functionColumns(call.Func, call.T, name, rf.Alias)
	if err != nil {
		return nil, nil, err
	}
	fs := &FunctionScan{Func: call.Func, Args: call.Args, Out: cols}
	return fs, functionScope(fs, rangeName), nil
}

// functionScope is the scope of a function's columns in FROM.
func functionScope(fs *FunctionScan, rangeName string) *scope {
	sc := scopeOf(fs, rangeName)
	if len(sc.cols) == 1 {
		sc.cols[0].scalarFunc = true
	}
	return sc
}

// lateralFunction binds a function in FROM after the items making up left (with scope
// lsc): when its arguments read their columns it becomes a ProjectSet over left, else a
// join with a FunctionScan.
func (b *binder) lateralFunction(rf *pg_query.RangeFunction, left Plan, lsc *scope, outer *scope) (Plan, *scope, error) {
	argScope := *lsc
	argScope.outer, argScope.aggClause, argScope.agg, argScope.win, argScope.srf = outer, "functions in FROM", nil, nil, nil
	call, name, err := b.functionCall(rf, &argScope)
	if err != nil {
		return nil, nil, err
	}
	cols, rangeName, err := b.functionColumns(call.Func, call.T, name, rf.Alias)
	if err != nil {
		return nil, nil, err
	}
	fs := &FunctionScan{Func: call.Func, Args: call.Args, Out: cols}
	rsc := functionScope(fs, rangeName)
	if err := b.checkDuplicateRanges(lsc, rsc); err != nil {
		return nil, nil, err
	}
	lw := len(left.Columns())
	sc := concatScopes(lsc, rsc, lw)
	if !readsColumns(call.Args) {
		return &Join{Type: InnerJoin, Left: left, Right: fs}, sc, nil
	}
	return newProjectSet(left, []*SetCall{{Func: call.Func, Args: call.Args, Cols: cols}}), sc, nil
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

package planner

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Calls of user-defined SQL functions are inlined where they are written, as PostgreSQL
// inlines simple SQL functions: the body is bound in place of the call with its parameters
// ($n and parameter names) standing for the call's bound arguments. A body that is one
// SELECT of one expression becomes that expression, so the call costs what its body costs
// and stays columnar; a body that is one query with FROM becomes a scalar subquery (which
// the optimizer may decorrelate), and in FROM the query itself. Nothing is interpreted per
// row. Bodies of several statements, or that modify data, are refused at the call (0A000).

// maxInlineDepth bounds the nesting of inlined calls: a recursive function is refused with
// PostgreSQL's 54001 instead of expanding without end.
const maxInlineDepth = 64

// funcFrame is the body of a user function being bound: what its parameters stand for.
type funcFrame struct {
	def   *catalog.FuncDef
	names []string // the input parameters' names ("" for unnamed ones)
	args  []Expr
	// root is the scope the body's query is bound in (no columns); base is added to the
	// number of scopes between a reference and root to give the levels an argument's
	// columns are away (0 when the body is a subquery expression, -1 when it is a FROM item).
	root *scope
	base int
	// src is the text the body's locations index; creating marks the check of a body at
	// CREATE FUNCTION, where offset is src's byte offset in the statement (-1: not in it).
	src      string
	creating bool
	offset   int
}

// userFuncs returns the user functions a call of the (possibly qualified) name may mean:
// those of the named schema, else of the search path, the first schema's overload of a
// signature hiding later ones.
func (b *binder) userFuncs(ns []string) []*catalog.FuncDef {
	name := ns[len(ns)-1]
	if !b.cat.HasFunctionNamed(name) {
		return nil
	}
	if len(ns) > 1 {
		return b.cat.FunctionsNamed(ns[len(ns)-2], name)
	}
	var out []*catalog.FuncDef
	for _, schema := range b.path {
		for _, f := range b.cat.FunctionsNamed(schema, name) {
			hidden := false
			for _, o := range out {
				hidden = hidden || o.SameSignature(&catalog.FuncDef{Schema: o.Schema, Name: name, Params: f.Params})
			}
			if !hidden {
				out = append(out, f)
			}
		}
	}
	return out
}

// asRegistryFunc describes a user function as an overload candidate.
func asRegistryFunc(f *catalog.FuncDef) *catalog.Func {
	rf := &catalog.Func{OID: f.OID, Name: f.Name, Kind: catalog.KindFunc, Args: f.InputTypes(), Variadic: f.Variadic(),
		Ret: f.Ret, RetSet: f.RetSet, Strict: f.Strict, Volatility: f.Volatility}
	for _, p := range f.Inputs() {
		rf.ArgNames = append(rf.ArgNames, p.Name)
		if p.Default != "" {
			rf.ArgDefaults = append(rf.ArgDefaults, p.Default)
		}
	}
	return rf
}

// userFuncCall binds a call that may mean a user function. ok is false when it does not
// (no user function of the name fits better than the built-ins), leaving the call to them.
func (b *binder) userFuncCall(f *pg_query.FuncCall, ns []string, sc *scope) (e Expr, ok bool, err error) {
	fds := b.userFuncs(ns)
	if len(fds) == 0 {
		return nil, false, nil
	}
	fd, args, locs, err := b.resolveUserFunc(f, ns, fds, sc)
	if fd == nil || err != nil {
		return nil, err != nil, err
	}
	if fd.Kind == catalog.KindProcedure {
		return nil, true, b.errorf(f.Location, pgcode.WrongObjectType, "%s(%s) is a procedure", fd.Name, b.typeList(exprTypes(args))).
			WithHint("To call a procedure, use CALL.")
	}
	if b.defining != nil && fd.OID == b.defining.OID {
		return nullConst(types.T{OID: fd.Ret, Typmod: -1}), true, nil
	}
	if b.viewDeps != nil {
		// A view (or an SQL-standard body) depends on the function, not on what the
		// function's body reads, as PostgreSQL records it.
		deps := b.viewDeps
		*deps = append(*deps, fd.OID)
		b.viewDeps = nil
		defer func() { b.viewDeps = deps }()
	}
	e, err = b.inlineCall(fd, args, locs, f.Location)
	return e, true, err
}

// resolveUserFunc binds the call's arguments and picks the function among the user
// functions fds and the built-ins of the name; fd is nil when a built-in is the choice.
func (b *binder) resolveUserFunc(f *pg_query.FuncCall, ns []string, fds []*catalog.FuncDef, sc *scope) (
	fd *catalog.FuncDef, args []Expr, locs []int32, err error) {
	name := ns[len(ns)-1]
	byFunc := map[*catalog.Func]*catalog.FuncDef{}
	var cands []candidate
	for _, d := range fds {
		rf := asRegistryFunc(d)
		byFunc[rf] = d
		c := funcCandidate(rf)
		if f.FuncVariadic {
			if !rf.Variadic {
				continue
			}
			c = candidate{args: rf.Args, fn: rf} // f(VARIADIC arr) passes the array itself
		}
		cands = append(cands, c)
	}
	if hasNamedArgs(f.Args) {
		return b.namedUserCall(f, fds, sc)
	}
	if len(ns) == 1 {
		for _, rf := range b.reg.Funcs(name) {
			if rf.Kind == catalog.KindFunc {
				cands = append(cands, funcCandidate(rf))
			}
		}
	}
	if args, locs, err = b.exprList(f.Args, sc); err != nil {
		return nil, nil, nil, err
	}
	c, ambiguous := pickCandidate(cands, exprTypes(args))
	if c == nil {
		return nil, nil, nil, b.errorf(f.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, b.typeList(exprTypes(args))).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	if ambiguous {
		return nil, nil, nil, b.errorf(f.Location, pgcode.AmbiguousFunction, "function %s(%s) is not unique", name, b.typeList(exprTypes(args))).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
	}
	return byFunc[c.fn], args, locs, nil
}

func hasNamedArgs(ns []*pg_query.Node) bool {
	for _, n := range ns {
		if n.GetNamedArgExpr() != nil {
			return true
		}
	}
	return false
}

// namedUserCall binds a call passing arguments by name (name => value) to the first user
// function whose parameters take them.
func (b *binder) namedUserCall(f *pg_query.FuncCall, fds []*catalog.FuncDef, sc *scope) (*catalog.FuncDef, []Expr, []int32, error) {
	var positional []*pg_query.Node
	type named struct {
		name string
		e    Expr
		loc  int32
	}
	var given []named
	for _, n := range f.Args {
		na := n.GetNamedArgExpr()
		if na == nil {
			if len(given) > 0 {
				return nil, nil, nil, b.errorf(location(n), pgcode.SyntaxError, "positional argument cannot follow named argument")
			}
			positional = append(positional, n)
			continue
		}
		e, err := b.expr(na.Arg, sc)
		if err != nil {
			return nil, nil, nil, err
		}
		given = append(given, named{na.Name, e, na.Location})
	}
	args, locs, err := b.exprList(positional, sc)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, fd := range fds {
		in := fd.Inputs()
		full := append(make([]Expr, 0, len(in)), args...)
		fullLocs := append([]int32(nil), locs...)
		for len(full) < len(in) {
			full, fullLocs = append(full, nil), append(fullLocs, -1)
		}
		fits := len(args) <= len(in)
		for _, g := range given {
			i := paramIndex(in, g.name)
			if i < len(args) || full[i] != nil {
				fits = false
				break
			}
			full[i], fullLocs[i] = g.e, g.loc
		}
		for i := 0; fits && i < len(in); i++ {
			fits = full[i] != nil || in[i].Default != ""
		}
		if fits {
			return fd, full, fullLocs, nil
		}
	}
	return nil, nil, nil, b.errorf(f.Location, pgcode.UndefinedFunction, "function %s does not exist", fds[0].Name).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

func paramIndex(in []catalog.FuncParam, name string) int {
	for i, p := range in {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// callArgs coerces a call's arguments to fd's input types, filling omitted ones from
// their defaults and gathering VARIADIC ones into their array.
func (b *binder) callArgs(fd *catalog.FuncDef, args []Expr, locs []int32) ([]Expr, error) {
	in := fd.Inputs()
	if fd.Variadic() && len(args) >= len(in) {
		last := in[len(in)-1]
		k := len(in) - 1
		elem := types.ByOID(last.Type)
		if elem != nil && elem.Elem != 0 && !(len(args) == len(in) && args[k].Type().OID == last.Type) {
			elems, err := b.coerceAll(args[k:], types.Of(elem.Elem), locs[min(k, len(locs)):])
			if err != nil {
				return nil, err
			}
			args = append(args[:k:k], &ArrayExpr{Elems: elems, T: types.Of(last.Type)})
		}
	}
	out := make([]Expr, len(in))
	for i, p := range in {
		t := types.T{OID: p.Type, Typmod: -1}
		if i >= len(args) || args[i] == nil {
			d, err := b.bindParamDefault(p.Default, p)
			if err != nil {
				return nil, err
			}
			out[i] = d
			continue
		}
		loc := int32(-1)
		if i < len(locs) {
			loc = locs[i]
		}
		if args[i].Type().OID == p.Type || types.IsPolymorphic(p.Type) || p.Type == types.Any {
			a, err := b.resolveUnknown(args[i], loc)
			if err != nil {
				return nil, err
			}
			out[i] = a
			continue
		}
		a, err := b.coerce(args[i], t, types.Implicit, loc)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// newFrame returns the frame of fd's body with its parameters standing for args.
func newFrame(fd *catalog.FuncDef, args []Expr, base int, src string) *funcFrame {
	f := &funcFrame{def: fd, args: args, root: &scope{}, base: base, src: src, offset: -1}
	for _, p := range fd.Inputs() {
		f.names = append(f.names, p.Name)
	}
	return f
}

// inBody runs bind with frame f as the one the body's parameters resolve in: the caller's
// WITH queries are out of sight, and errors carry no position in the caller's text.
func (b *binder) inBody(f *funcFrame, bind func() error) error {
	if b.inlineDepth >= maxInlineDepth {
		return pgerror.New(pgcode.StatementTooComplex, "stack depth limit exceeded").
			WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
	}
	savedFn, savedCtes, savedSQL := b.fn, b.ctes, b.sql
	b.fn, b.ctes, b.sql = f, nil, f.src
	b.inlineDepth++
	err := bind()
	b.fn, b.ctes, b.sql = savedFn, savedCtes, savedSQL
	b.inlineDepth--
	var pe *pgerror.Error
	if errors.As(err, &pe) {
		b.placeBodyError(pe, f)
	}
	return err
}

// placeBodyError points an error raised in a function's body where PostgreSQL does: at
// CREATE FUNCTION into the statement when the body is written in it, else with a CONTEXT
// naming the function; at a call into the body as the internal query.
func (b *binder) placeBodyError(pe *pgerror.Error, f *funcFrame) {
	if f.creating {
		if pe.Position > 0 && f.offset >= 0 && pe.InternalQuery == "" {
			pe.Position += int32(utf8.RuneCountInString(b.sql[:f.offset]))
			return
		}
		pe.Position = 0
		pe.Context = addContext(pe.Context, fmt.Sprintf("SQL function \"%s\"", f.def.Name))
		return
	}
	if pe.Position > 0 {
		pe.InternalPosition, pe.InternalQuery, pe.Position = pe.Position, f.src, 0
	}
	pe.Context = addContext(pe.Context, fmt.Sprintf("SQL function \"%s\" during inlining", f.def.Name))
}

func addContext(ctx, line string) string {
	switch {
	case ctx == "":
		return line
	case strings.HasSuffix(ctx, line):
		return ctx // a recursive call's frames say no more than the first
	}
	return ctx + "\n" + line
}

// inlineCall binds a call of fd with bound arguments args in place of the call.
func (b *binder) inlineCall(fd *catalog.FuncDef, args []Expr, locs []int32, loc int32) (Expr, error) {
	if err := b.requireExecute(fd); err != nil {
		return nil, err
	}
	args, err := b.callArgs(fd, args, locs)
	if err != nil {
		return nil, err
	}
	body, src, err := parseFunctionBody(fd)
	if err != nil {
		return nil, err
	}
	ret := types.T{OID: fd.Ret, Typmod: -1}
	if len(body) == 0 || fd.Ret == types.Void && len(body) == 1 && isSimpleSelect(body[0]) == nil {
		if len(body) == 0 {
			return nullConst(ret), nil
		}
	}
	if len(body) != 1 || body[0].GetSelectStmt() == nil {
		return nil, b.errorf(loc, pgcode.FeatureNotSupported,
			"SQL function \"%s\" cannot be called in an expression: only a body of one SELECT is supported", fd.Name)
	}
	frame := newFrame(fd, args, 0, src)
	var out Expr
	err = b.inBody(frame, func() error {
		if val := isSimpleSelect(body[0]); val != nil {
			e, err := b.expr(val, frame.root)
			out = e
			return err
		}
		if fd.RetSet {
			return pgerror.Newf(pgcode.FeatureNotSupported, "set-returning SQL function \"%s\" with FROM in its body is supported only in FROM", fd.Name)
		}
		sel := body[0].GetSelectStmt()
		b.sublinkDepth++
		plan, err := b.selectStmt(sel, frame.root)
		b.sublinkDepth--
		if err != nil {
			return err
		}
		cols := plan.Columns()
		if len(cols) != 1 {
			return pgerror.Newf(pgcode.FeatureNotSupported, "SQL function \"%s\" returning several columns is supported only in FROM", fd.Name)
		}
		out = &Subquery{Kind: ScalarSubquery, Plan: plan, T: cols[0].Type, Correlated: planEscapes(plan)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if fd.Ret != types.Record && fd.Ret != types.Void && !types.IsPolymorphic(fd.Ret) && out.Type().OID != fd.Ret {
		if out, err = b.coerce(out, ret, types.Assignment, -1); err != nil {
			return nil, err
		}
	}
	return strictWrap(fd, args, out), nil
}

// strictWrap makes the inlined body of a STRICT function NULL when an argument is.
func strictWrap(fd *catalog.FuncDef, args []Expr, body Expr) Expr {
	if !fd.Strict {
		return body
	}
	var tests []Expr
	for _, a := range args {
		if c, ok := a.(*Const); ok && c.Value != nil && c.Value.IsValid() {
			continue
		}
		tests = append(tests, &NullTest{Arg: a})
	}
	if len(tests) == 0 {
		return body
	}
	cond := tests[0]
	if len(tests) > 1 {
		cond = &BoolExpr{Op: Or, Args: tests}
	}
	return &Case{Whens: []When{{Cond: cond, Result: nullConst(body.Type())}}, Else: body, T: body.Type()}
}

// isSimpleSelect returns the expression of a body that is SELECT expr alone (no FROM, no
// clauses), which inlines as that expression; nil otherwise.
func isSimpleSelect(n *pg_query.Node) *pg_query.Node {
	s := n.GetSelectStmt()
	if s == nil || len(s.TargetList) != 1 || len(s.FromClause) > 0 || s.WhereClause != nil ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.SortClause) > 0 || s.LimitCount != nil ||
		s.LimitOffset != nil || len(s.DistinctClause) > 0 || s.WithClause != nil || len(s.ValuesLists) > 0 ||
		(s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED) ||
		len(s.WindowClause) > 0 {
		return nil
	}
	rt := s.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && isStarRef(rt.Val.GetColumnRef()) {
		return nil
	}
	if fc := rt.Val.GetFuncCall(); fc != nil && (fc.AggStar || fc.Over != nil) {
		return nil
	}
	return rt.Val
}

// frameParam resolves $n in a function body.
func (b *binder) frameParam(n int, sc *scope, loc int32) (Expr, error) {
	if n < 1 || n > len(b.fn.args) {
		return nil, b.errorf(loc, pgcode.UndefinedParameter, "there is no parameter $%d", n)
	}
	return b.frameArg(n-1, sc)
}

// frameColumn resolves a name no column has in a function body: a parameter's name, alone
// or qualified with the function's name.
func (b *binder) frameColumn(qual, name string, sc *scope) (Expr, bool, error) {
	f := b.fn
	if qual != "" && qual != f.def.Name {
		return nil, false, nil
	}
	for i, n := range f.names {
		if n != "" && n == name {
			e, err := b.frameArg(i, sc)
			return e, true, err
		}
	}
	return nil, false, nil
}

// frameArg returns argument i as seen from scope sc of the body: its columns become
// references that many levels out.
func (b *binder) frameArg(i int, sc *scope) (Expr, error) {
	f := b.fn
	if !readsRows(f.args[i]) {
		return f.args[i], nil
	}
	hops := 0
	for s := sc; s != f.root; s = s.outer {
		if s == nil {
			return nil, pgerror.Newf(pgcode.FeatureNotSupported, "parameter of SQL function \"%s\" used where it cannot be inlined", f.def.Name)
		}
		hops++
	}
	return shiftLevels(f.args[i], hops+f.base, f.def.Name)
}

// shiftLevels returns e as read from d query levels below the one it was bound in.
func shiftLevels(e Expr, d int, fn string) (Expr, error) {
	if d <= 0 {
		return e, nil
	}
	var err error
	out := deepMapExpr(e, func(x Expr) Expr {
		switch r := x.(type) {
		case *ColRef:
			return &OuterRef{Level: d, Idx: r.Idx, T: r.T, Name: r.Name, Rel: r.Rel}
		case *OuterRef:
			n := *r
			n.Level += d
			return &n
		case *Subquery:
			if r.Correlated {
				err = pgerror.Newf(pgcode.FeatureNotSupported, "a correlated subquery as argument of SQL function \"%s\" is not supported here", fn)
			}
		}
		return x
	})
	return out, err
}

// checkFunctionBody binds the body's queries with parameters of their declared types, as
// PostgreSQL validates a body at CREATE FUNCTION, and checks what the last one returns
// against the declared result.
func (b *binder) checkFunctionBody(def *catalog.FuncDef, body []*pg_query.Node, src string, offset int) error {
	if b.noBodyChecks || hasPolymorphic(append(def.InputTypes(), def.Ret)...) {
		return nil // polymorphic bodies are checked at each call, with its types
	}
	// The function is visible to its own body, as PostgreSQL stores it before the check;
	// calls of it there are typed, not inlined.
	savedCat, savedDefining := b.cat, b.defining
	self := *def
	if self.OID == 0 {
		self.OID = definingOID
	}
	b.cat = b.cat.WithFunction(self)
	b.defining = b.cat.Function(self.OID)
	defer func() { b.cat, b.defining = savedCat, savedDefining }()
	returns := def.Kind == catalog.KindFunc && def.Ret != types.Void
	if len(body) == 0 && returns {
		return b.retMismatch(def, "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
	}
	var args []Expr
	for _, p := range def.Inputs() {
		args = append(args, nullConst(types.T{OID: p.Type, Typmod: p.Typmod}))
	}
	frame := newFrame(def, args, 0, src)
	frame.creating, frame.offset = true, offset
	for i, st := range body {
		sel := st.GetSelectStmt()
		if sel == nil {
			if i == len(body)-1 && returns && !hasReturning(st) {
				return b.retMismatch(def, "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
			}
			continue
		}
		var plan Plan
		err := b.inBody(frame, func() error {
			var err error
			plan, err = b.selectStmt(sel, frame.root)
			return err
		})
		if err != nil {
			return err
		}
		if i == len(body)-1 && returns {
			if err := b.checkReturns(def, plan.Columns()); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasReturning(n *pg_query.Node) bool {
	switch x := n.Node.(type) {
	case *pg_query.Node_InsertStmt:
		return len(x.InsertStmt.ReturningList) > 0
	case *pg_query.Node_UpdateStmt:
		return len(x.UpdateStmt.ReturningList) > 0
	case *pg_query.Node_DeleteStmt:
		return len(x.DeleteStmt.ReturningList) > 0
	}
	return false
}

// checkReturns checks the columns of the body's final query against def's result.
func (b *binder) checkReturns(def *catalog.FuncDef, cols []Column) error {
	outs := def.Outputs()
	if def.Ret == types.Record && len(outs) == 0 || types.IsPolymorphic(def.Ret) {
		return nil
	}
	want := []types.OID{def.Ret}
	if len(outs) > 1 {
		want = want[:0]
		for _, o := range outs {
			want = append(want, o.Type)
		}
	} else if fields := b.compositeFields(def.Ret); fields != nil && !(len(cols) == 1 && cols[0].Type.OID == def.Ret) {
		want = want[:0]
		for _, f := range fields {
			want = append(want, f.Type.OID)
		}
		if len(cols) != len(want) {
			detail := "Final statement returns too many columns."
			if len(cols) < len(want) {
				detail = "Final statement returns too few columns."
			}
			return b.retMismatch(def, detail)
		}
	}
	if len(want) == 1 && len(cols) != 1 {
		return b.retMismatch(def, "Final statement must return exactly one column.")
	}
	if len(cols) > len(want) {
		return b.retMismatch(def, "Final statement returns too many columns.")
	}
	if len(cols) < len(want) {
		return b.retMismatch(def, "Final statement returns too few columns.")
	}
	for i, c := range cols {
		got := c.Type.OID
		if got == want[i] || isUnknownT(c.Type) || types.CanCast(got, want[i], types.Assignment) {
			continue
		}
		if len(want) == 1 {
			return b.retMismatch(def, fmt.Sprintf("Actual return type is %s.", b.fmtType(types.Of(got))))
		}
		return b.retMismatch(def, fmt.Sprintf("Final statement returns %s instead of %s at column %d.",
			b.fmtType(types.Of(got)), b.fmtType(types.Of(want[i])), i+1))
	}
	return nil
}

func (b *binder) retMismatch(def *catalog.FuncDef, detail string) error {
	e := pgerror.Newf(pgcode.InvalidFunctionDefinition, "return type mismatch in function declared to return %s",
		b.fmtType(types.Of(def.Ret))).WithDetail(detail)
	e.Context = fmt.Sprintf("SQL function \"%s\"", def.Name)
	return e
}

// definingOID stands for a function being created while its body is checked.
const definingOID types.OID = 1<<32 - 2

// readsColumns reports whether e reads a column of a row (its own query's or an enclosing
// one's), which moving e into a body's subquery would have to account for.
func readsRows(e Expr) bool {
	found := false
	walkExpr(e, func(x Expr) {
		switch r := x.(type) {
		case *ColRef, *OuterRef:
			found = true
		case *Subquery:
			found = found || r.Correlated
		}
	})
	return found
}

// userRangeFunction binds a user function called in FROM: its body's query becomes the
// FROM item, its rows the function's (one row for a function not declared SETOF). ok is
// false when the item is not a call of a user function.
func (b *binder) userRangeFunction(rf *pg_query.RangeFunction, outer *scope) (p Plan, sc *scope, ok bool, err error) {
	if len(rf.Functions) != 1 || rf.Ordinality || rf.IsRowsfrom || len(rf.Coldeflist) > 0 {
		return nil, nil, false, nil
	}
	fc := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	if fc == nil {
		return nil, nil, false, nil
	}
	ns := names(fc.Funcname)
	fds := b.userFuncs(ns)
	if len(fds) == 0 {
		return nil, nil, false, nil
	}
	fd, args, locs, err := b.resolveUserFunc(fc, ns, fds, &scope{outer: outer, aggClause: "functions in FROM"})
	if fd == nil || err != nil {
		return nil, nil, err != nil, err
	}
	if fd.Kind == catalog.KindProcedure {
		return nil, nil, true, b.errorf(fc.Location, pgcode.WrongObjectType, "%s is a procedure", b.funcSignature(fd))
	}
	p, err = b.functionRows(fd, args, locs, fc.Location, scalarColumnName(fd, rf))
	if err != nil {
		return nil, nil, true, err
	}
	p, sc, err = b.aliased(p, rf.Alias, fd.Name)
	if err == nil && len(sc.cols) == 1 {
		sc.cols[0].scalarFunc = true
	}
	return p, sc, true, err
}

// functionRows returns the plan of the rows a call of fd in FROM yields, with the
// function's column names and declared types.
func (b *binder) functionRows(fd *catalog.FuncDef, args []Expr, locs []int32, loc int32, scalarName string) (Plan, error) {
	outs := fd.Outputs()
	if !fd.RetSet && len(outs) <= 1 && b.compositeFields(fd.Ret) == nil {
		// One value: the call inlined as an expression, over one row.
		e, err := b.inlineCall(fd, args, locs, loc)
		if err != nil {
			return nil, err
		}
		return &Project{Input: &Values{Rows: [][]Expr{{}}}, Exprs: []Expr{e}, Out: []Column{{Name: scalarName, Type: e.Type()}}}, nil
	}
	args, err := b.callArgs(fd, args, locs)
	if err != nil {
		return nil, err
	}
	body, src, err := parseFunctionBody(fd)
	if err != nil {
		return nil, err
	}
	if len(body) != 1 || body[0].GetSelectStmt() == nil {
		return nil, b.errorf(loc, pgcode.FeatureNotSupported,
			"SQL function \"%s\" in FROM: only a body of one SELECT is supported", fd.Name)
	}
	if err := b.requireExecute(fd); err != nil {
		return nil, err
	}
	frame := newFrame(fd, args, -1, src)
	var plan Plan
	err = b.inBody(frame, func() error {
		var err error
		plan, err = b.selectStmt(body[0].GetSelectStmt(), frame.root)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !fd.RetSet {
		plan = &Limit{Input: plan, Count: &Const{Value: scalar.NewInt64Scalar(1), T: types.TInt8}}
	}
	return b.renameFunctionColumns(fd, plan, scalarName)
}

// scalarColumnName names the column of a function in FROM returning one value: its OUT
// parameter's name, else the range's alias, else the function's name.
func scalarColumnName(fd *catalog.FuncDef, rf *pg_query.RangeFunction) string {
	if outs := fd.Outputs(); len(outs) == 1 && outs[0].Name != "" {
		return outs[0].Name
	}
	if rf.Alias != nil && rf.Alias.Aliasname != "" {
		return rf.Alias.Aliasname
	}
	return fd.Name
}

// renameFunctionColumns projects the body's columns under the function's column names,
// coerced to their declared types.
func (b *binder) renameFunctionColumns(fd *catalog.FuncDef, plan Plan, scalarName string) (Plan, error) {
	cols := plan.Columns()
	outs := fd.Outputs()
	if err := b.checkReturns(fd, cols); err != nil {
		return nil, err
	}
	proj := &Project{Input: plan}
	fields := b.compositeFields(fd.Ret)
	for i, c := range cols {
		var e Expr = &ColRef{Idx: i, T: c.Type, Name: c.Name}
		name, want := c.Name, c.Type
		switch {
		case len(outs) > 0 && i < len(outs):
			name, want = outs[i].Name, types.T{OID: outs[i].Type, Typmod: -1}
		case len(outs) == 0 && i < len(fields) && len(cols) == len(fields):
			name, want = fields[i].Name, fields[i].Type
		case fd.Ret != types.Record:
			name, want = scalarName, types.T{OID: fd.Ret, Typmod: -1}
		}
		if want.OID != c.Type.OID && !types.IsPolymorphic(want.OID) {
			var err error
			if e, err = b.coerce(e, want, types.Assignment, -1); err != nil {
				return nil, err
			}
		}
		proj.Exprs = append(proj.Exprs, e)
		proj.Out = append(proj.Out, Column{Name: name, Type: e.Type()})
	}
	return proj, nil
}

// userLateralFunction binds a user function in FROM after the items of left (scope lsc),
// whose arguments may read their columns. ok is false when the item is not such a call.
func (b *binder) userLateralFunction(rf *pg_query.RangeFunction, left Plan, lsc, outer *scope) (Plan, *scope, bool, error) {
	if len(rf.Functions) != 1 || rf.Ordinality || rf.IsRowsfrom || len(rf.Coldeflist) > 0 {
		return nil, nil, false, nil
	}
	fc := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	if fc == nil {
		return nil, nil, false, nil
	}
	ns := names(fc.Funcname)
	fds := b.userFuncs(ns)
	if len(fds) == 0 {
		return nil, nil, false, nil
	}
	argScope := *lsc
	argScope.outer, argScope.aggClause, argScope.agg, argScope.win, argScope.srf = outer, "functions in FROM", nil, nil, nil
	fd, args, locs, err := b.resolveUserFunc(fc, ns, fds, &argScope)
	if fd == nil || err != nil {
		return nil, nil, err != nil, err
	}
	if !readsColumns(args) {
		right, err := b.functionRows(fd, args, locs, fc.Location, scalarColumnName(fd, rf))
		if err != nil {
			return nil, nil, true, err
		}
		right, rsc, err := b.aliased(right, rf.Alias, fd.Name)
		if err != nil {
			return nil, nil, true, err
		}
		if err := b.checkDuplicateRanges(lsc, rsc); err != nil {
			return nil, nil, true, err
		}
		return &Join{Type: InnerJoin, Left: left, Right: right}, concatScopes(lsc, rsc, len(left.Columns())), true, nil
	}
	if fd.RetSet || len(fd.Outputs()) > 1 {
		return nil, nil, true, b.errorf(fc.Location, pgcode.FeatureNotSupported,
			"set-returning SQL function \"%s\" reading columns of the FROM items before it is not supported", fd.Name)
	}
	e, err := b.inlineCall(fd, args, locs, fc.Location)
	if err != nil {
		return nil, nil, true, err
	}
	name := scalarColumnName(fd, rf)
	one := &Project{Input: &Values{Rows: [][]Expr{{}}}, Exprs: []Expr{e}, Out: []Column{{Name: name, Type: e.Type()}}}
	_, rsc, err := b.aliased(one, rf.Alias, fd.Name)
	if err != nil {
		return nil, nil, true, err
	}
	if len(rsc.cols) == 1 {
		rsc.cols[0].scalarFunc = true
	}
	if err := b.checkDuplicateRanges(lsc, rsc); err != nil {
		return nil, nil, true, err
	}
	lcols := left.Columns()
	proj := &Project{Input: left}
	for i, c := range lcols {
		proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		proj.Out = append(proj.Out, c)
	}
	proj.Exprs = append(proj.Exprs, e)
	proj.Out = append(proj.Out, Column{Name: rsc.cols[0].name, Type: e.Type()})
	return proj, concatScopes(lsc, rsc, len(lcols)), true, nil
}

// compositeFields returns the attributes of a composite result type (a table's row type or
// CREATE TYPE AS), nil for any other type.
func (b *binder) compositeFields(oid types.OID) []types.RecordField {
	d := b.cat.TypeByOID(oid)
	if d == nil || d.Kind != types.KindComposite {
		return nil
	}
	if rel := b.cat.RowTypeRelation(d); rel != nil {
		return rel.RowFields()
	}
	return d.Fields
}

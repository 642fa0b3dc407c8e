package planner

import (
	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// distinctFrom binds a IS [NOT] DISTINCT FROM b as a null-safe comparison built from "=".
func (b *binder) distinctFrom(l, r Expr, a *pg_query.A_Expr, notDistinct bool) (Expr, error) {
	eq, err := b.operator("=", l, r, location(a.Lexpr), location(a.Rexpr), a.Location)
	if err != nil {
		return nil, err
	}
	call := eq.(*Call)
	l, r = call.Args[0], call.Args[1]
	// NOT DISTINCT: both null, or both non-null and equal.
	bothNull := &BoolExpr{Op: And, Args: []Expr{&NullTest{Arg: l}, &NullTest{Arg: r}}}
	bothSet := &BoolExpr{Op: And, Args: []Expr{&NullTest{Arg: l, Not: true}, &NullTest{Arg: r, Not: true}}}
	same := &Case{Whens: []When{{Cond: bothNull, Result: boolConst(true)}, {Cond: bothSet, Result: call}},
		Else: boolConst(false), T: types.TBool}
	if notDistinct {
		return same, nil
	}
	return &BoolExpr{Op: Not, Args: []Expr{same}}, nil
}

func boolConst(v bool) *Const { return &Const{Value: scalar.NewBooleanScalar(v), T: types.TBool} }

func (b *binder) inList(a *pg_query.A_Expr, sc *scope, not bool) (Expr, error) {
	l, err := b.expr(a.Lexpr, sc)
	if err != nil {
		return nil, err
	}
	list, ok := a.Rexpr.Node.(*pg_query.Node_List)
	if !ok {
		return nil, b.errorf(a.Location, pgcode.FeatureNotSupported, "IN with a non-list right side is not supported")
	}
	items, locs, err := b.exprList(list.List.Items, sc)
	if err != nil {
		return nil, err
	}
	all := append([]Expr{l}, items...)
	allLocs := append([]int32{location(a.Lexpr)}, locs...)
	// x IN (a, b) is x = a OR x = b. As in PostgreSQL, when the values have a common type
	// they are all converted to it first, so every comparison is the same "=".
	if t, err := b.commonType(all, "IN", allLocs); err == nil {
		if conv, err := b.coerceAll(all, t, allLocs); err == nil {
			l, items = conv[0], conv[1:]
		}
	}
	var ors []Expr
	for i, it := range items {
		eq, err := b.operator("=", l, it, location(a.Lexpr), locs[i], a.Location)
		if err != nil {
			return nil, err
		}
		ors = append(ors, eq)
	}
	var e Expr = &BoolExpr{Op: Or, Args: ors}
	if len(ors) == 1 {
		e = ors[0]
	}
	if not {
		e = &BoolExpr{Op: Not, Args: []Expr{e}}
	}
	return e, nil
}

func (b *binder) between(a *pg_query.A_Expr, sc *scope) (Expr, error) {
	x, err := b.expr(a.Lexpr, sc)
	if err != nil {
		return nil, err
	}
	list := a.Rexpr.Node.(*pg_query.Node_List).List.Items
	lo, err := b.expr(list[0], sc)
	if err != nil {
		return nil, err
	}
	hi, err := b.expr(list[1], sc)
	if err != nil {
		return nil, err
	}
	xl := location(a.Lexpr)
	mk := func(lo, hi Expr, loLoc, hiLoc int32) (Expr, error) {
		ge, err := b.operator(">=", x, lo, xl, loLoc, a.Location)
		if err != nil {
			return nil, err
		}
		le, err := b.operator("<=", x, hi, xl, hiLoc, a.Location)
		if err != nil {
			return nil, err
		}
		return &BoolExpr{Op: And, Args: []Expr{ge, le}}, nil
	}
	e, err := mk(lo, hi, location(list[0]), location(list[1]))
	if err != nil {
		return nil, err
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		e2, err := mk(hi, lo, location(list[1]), location(list[0]))
		if err != nil {
			return nil, err
		}
		e = &BoolExpr{Op: Or, Args: []Expr{e, e2}}
	}
	if a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN || a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
		e = &BoolExpr{Op: Not, Args: []Expr{e}}
	}
	return e, nil
}

func (b *binder) boolArg(n *pg_query.Node, sc *scope, what string) (Expr, error) {
	e, err := b.expr(n, sc)
	if err != nil {
		return nil, err
	}
	if isUnknown(e) {
		return b.coerce(e, types.TBool, types.Implicit, location(n))
	}
	if e.Type().OID != types.Bool {
		return nil, b.errorf(location(n), pgcode.DatatypeMismatch, "argument of %s must be type boolean, not type %s", what, e.Type())
	}
	return e, nil
}

func (b *binder) boolExpr(x *pg_query.BoolExpr, sc *scope) (Expr, error) {
	op := map[pg_query.BoolExprType]BoolOp{pg_query.BoolExprType_AND_EXPR: And, pg_query.BoolExprType_OR_EXPR: Or, pg_query.BoolExprType_NOT_EXPR: Not}[x.Boolop]
	what := [...]string{"AND", "OR", "NOT"}[op]
	args := make([]Expr, len(x.Args))
	for i, a := range x.Args {
		e, err := b.boolArg(a, sc, what)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	return &BoolExpr{Op: op, Args: args}, nil
}

func (b *binder) booleanTest(x *pg_query.BooleanTest, sc *scope) (Expr, error) {
	var what string
	switch x.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		what = "IS TRUE"
	case pg_query.BoolTestType_IS_NOT_TRUE:
		what = "IS NOT TRUE"
	case pg_query.BoolTestType_IS_FALSE:
		what = "IS FALSE"
	case pg_query.BoolTestType_IS_NOT_FALSE:
		what = "IS NOT FALSE"
	case pg_query.BoolTestType_IS_UNKNOWN:
		what = "IS UNKNOWN"
	default:
		what = "IS NOT UNKNOWN"
	}
	arg, err := b.boolArg(x.Arg, sc, what)
	if err != nil {
		return nil, err
	}
	isNull := &NullTest{Arg: arg}
	switch x.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE: // x IS TRUE: COALESCE(x, false)
		return &Coalesce{Args: []Expr{arg, boolConst(false)}, T: types.TBool}, nil
	case pg_query.BoolTestType_IS_NOT_TRUE:
		return &BoolExpr{Op: Not, Args: []Expr{&Coalesce{Args: []Expr{arg, boolConst(false)}, T: types.TBool}}}, nil
	case pg_query.BoolTestType_IS_FALSE:
		return &BoolExpr{Op: Not, Args: []Expr{&Coalesce{Args: []Expr{arg, boolConst(true)}, T: types.TBool}}}, nil
	case pg_query.BoolTestType_IS_NOT_FALSE:
		return &Coalesce{Args: []Expr{arg, boolConst(true)}, T: types.TBool}, nil
	case pg_query.BoolTestType_IS_UNKNOWN:
		return isNull, nil
	}
	return &NullTest{Arg: arg, Not: true}, nil
}

func (b *binder) caseExpr(x *pg_query.CaseExpr, sc *scope) (Expr, error) {
	var arg Expr
	var err error
	if x.Arg != nil {
		if arg, err = b.expr(x.Arg, sc); err != nil {
			return nil, err
		}
	}
	var whens []When
	var results []Expr
	var locs []int32
	for _, w := range x.Args {
		cw := w.Node.(*pg_query.Node_CaseWhen).CaseWhen
		var cond Expr
		if arg != nil {
			v, err := b.expr(cw.Expr, sc)
			if err != nil {
				return nil, err
			}
			if cond, err = b.operator("=", arg, v, location(x.Arg), location(cw.Expr), cw.Location); err != nil {
				return nil, err
			}
		} else if cond, err = b.boolArg(cw.Expr, sc, "CASE/WHEN"); err != nil {
			return nil, err
		}
		res, err := b.expr(cw.Result, sc)
		if err != nil {
			return nil, err
		}
		whens = append(whens, When{Cond: cond})
		results = append(results, res)
		locs = append(locs, location(cw.Result))
	}
	var elseExpr Expr
	if x.Defresult != nil {
		if elseExpr, err = b.expr(x.Defresult, sc); err != nil {
			return nil, err
		}
	} else {
		elseExpr = &Const{Value: scalar.MakeNullScalar(types.TUnknownLit.Arrow()), T: types.TUnknownLit}
	}
	all := append(results, elseExpr)
	t, err := b.commonType(all, "CASE", append(locs, location(x.Defresult)))
	if err != nil {
		return nil, err
	}
	all, err = b.coerceAll(all, t, append(locs, location(x.Defresult)))
	if err != nil {
		return nil, err
	}
	for i := range whens {
		whens[i].Result = all[i]
	}
	return &Case{Whens: whens, Else: all[len(all)-1], T: t}, nil
}

func (b *binder) minMax(x *pg_query.MinMaxExpr, sc *scope) (Expr, error) {
	args, locs, err := b.exprList(x.Args, sc)
	if err != nil {
		return nil, err
	}
	name := "GREATEST"
	op := ">"
	if x.Op == pg_query.MinMaxOp_IS_LEAST {
		name, op = "LEAST", "<"
	}
	t, err := b.commonType(args, name, locs)
	if err != nil {
		return nil, err
	}
	if args, err = b.coerceAll(args, t, locs); err != nil {
		return nil, err
	}
	// GREATEST(a, b, ...) ignores NULLs: fold pairwise as
	// CASE WHEN b IS NULL OR a op b THEN a ELSE b END, starting from COALESCE of all.
	acc := args[0]
	for i := 1; i < len(args); i++ {
		cmp, err := b.operator(op, acc, args[i], -1, -1, x.Location)
		if err != nil {
			return nil, err
		}
		cond := &BoolExpr{Op: Or, Args: []Expr{&NullTest{Arg: args[i]}, &Coalesce{Args: []Expr{cmp, boolConst(false)}, T: types.TBool}}}
		acc = &Case{Whens: []When{{Cond: &BoolExpr{Op: And, Args: []Expr{&NullTest{Arg: acc, Not: true}, cond}}, Result: acc}}, Else: args[i], T: t}
	}
	return acc, nil
}

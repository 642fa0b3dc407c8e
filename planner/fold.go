package planner

import (
	"context"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Constant folding. Operators over constants (date '1998-12-01' - interval '90' day,
// 0.06 + 0.01, 1 + 10) and casts of constants between numeric types, between the date and
// timestamp types and between string types are evaluated once, while planning, as
// PostgreSQL's eval_const_expressions does for immutable functions. The executor then
// compares a column with one value instead of recomputing the operands for every batch, and
// the cardinality estimates can place the value in a column's range. Only immutable operator
// functions are folded (the registry's other functions may read the session); an
// evaluation that fails is left to run, so its error is raised when, and only if,
// PostgreSQL would raise it.

// regInfo is what the optimizer derives from a registry, once per registry.
type regInfo struct {
	// eqFuncs implement "=" operators.
	eqFuncs map[*catalog.Func]bool
	// cmp classifies the functions of comparison operators.
	cmp map[*catalog.Func]cmpOp
	// opFuncs implement some operator.
	opFuncs map[*catalog.Func]bool
	// cmpOf finds the comparison of a kind between two types.
	cmpOf map[cmpKey]*catalog.Func
}

type cmpKey struct {
	left, right types.OID
	op          cmpOp
}

// cmpOp is a comparison operator's kind.
type cmpOp byte

const (
	cmpEq cmpOp = iota + 1
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

var regInfos sync.Map // *catalog.Registry -> *regInfo

func registryInfo(reg *catalog.Registry) *regInfo {
	if ri, ok := regInfos.Load(reg); ok {
		return ri.(*regInfo)
	}
	ri := &regInfo{eqFuncs: map[*catalog.Func]bool{}, cmp: map[*catalog.Func]cmpOp{}, opFuncs: map[*catalog.Func]bool{},
		cmpOf: map[cmpKey]*catalog.Func{}}
	kinds := map[string]cmpOp{"=": cmpEq, "<>": cmpNe, "<": cmpLt, "<=": cmpLe, ">": cmpGt, ">=": cmpGe}
	for _, op := range reg.AllOperators() {
		ri.opFuncs[op.Func] = true
		if k, ok := kinds[op.Name]; ok && op.Left != 0 {
			ri.cmp[op.Func] = k
			ri.cmpOf[cmpKey{op.Left, op.Right, k}] = op.Func
			if k == cmpEq {
				ri.eqFuncs[op.Func] = true
			}
		}
	}
	v, _ := regInfos.LoadOrStore(reg, ri)
	return v.(*regInfo)
}

// foldConstants folds the expressions of every node.
func (o *optimizer) foldConstants(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		return mapPlanExprs(p, o.fold), nil
	})
}

// fold returns e with its constant sub-expressions evaluated, innermost first.
func (o *optimizer) fold(e Expr) Expr {
	if _, ok := e.(*Subquery); ok {
		return e
	}
	e = mapChildren(e, o.fold)
	switch x := e.(type) {
	case *Cast:
		c, ok := x.Arg.(*Const)
		if !ok || !foldableCast(c.T, x.T) {
			return e
		}
		if !c.Value.IsValid() {
			return nullConst(x.T)
		}
		if v := evalConst(x.T, func(arrs []arrow.Array) (arrow.Array, error) {
			return types.CastArrayContext(arrs[0], c.T, x.T, x.Context, nil, memory.DefaultAllocator)
		}, c); v != nil {
			return v
		}
	case *BoolExpr:
		if l := o.orToInList(x); l != nil {
			return l
		}
	case *Call:
		if r := o.dateVsTimestamp(x); r != nil {
			return r
		}
		f := x.Func
		if !o.info.opFuncs[f] || f.Volatility != catalog.Immutable || f.Scalar == nil || f.RetSet {
			return e
		}
		args := make([]*Const, len(x.Args))
		for i, a := range x.Args {
			c, ok := a.(*Const)
			if !ok {
				return e
			}
			if !c.Value.IsValid() && f.Strict {
				return nullConst(x.T)
			}
			args[i] = c
		}
		env := &catalog.FuncEnv{Ctx: context.Background(), Mem: memory.DefaultAllocator, RetType: x.T, Rows: 1}
		for _, a := range x.Args {
			env.ArgTypes = append(env.ArgTypes, a.Type())
		}
		if v := evalConst(x.T, func(arrs []arrow.Array) (arrow.Array, error) {
			return f.Scalar(env, arrs)
		}, args...); v != nil {
			return v
		}
	}
	return e
}

// foldableCast reports whether a cast from one type to another is immutable, so that its
// result on a constant may be computed while planning.
func foldableCast(from, to types.T) bool {
	num := func(o types.OID) bool {
		switch o {
		case types.Int2, types.Int4, types.Int8, types.Float4, types.Float8, types.Numeric:
			return true
		}
		return false
	}
	str := func(o types.OID) bool {
		switch o {
		case types.Text, types.Varchar, types.Bpchar:
			return true
		}
		return false
	}
	switch {
	case num(from.OID) && num(to.OID), str(from.OID) && str(to.OID):
		return true
	case from.OID == types.Date && to.OID == types.Timestamp:
		return true
	}
	return false
}

// evalConst evaluates fn over one-row arrays of the constants' values and returns the
// result as a constant of type t, or nil when the evaluation fails.
func evalConst(t types.T, fn func([]arrow.Array) (arrow.Array, error), consts ...*Const) (folded *Const) {
	defer func() {
		if recover() != nil {
			folded = nil // a kernel that cannot run here is simply left to the executor
		}
	}()
	arrs := make([]arrow.Array, len(consts))
	for i, c := range consts {
		a, err := scalar.MakeArrayFromScalar(c.Value, 1, memory.DefaultAllocator)
		if err != nil {
			return nil
		}
		defer a.Release()
		arrs[i] = a
	}
	out, err := fn(arrs)
	if err != nil || out == nil {
		return nil
	}
	defer out.Release()
	if out.Len() != 1 || !arrow.TypeEqual(out.DataType(), t.Arrow()) {
		return nil
	}
	v, err := scalar.GetScalar(out, 0)
	if err != nil {
		return nil
	}
	return &Const{Value: v, T: t}
}

// dateVsTimestamp rewrites a comparison of a date cast to timestamp with a timestamp
// constant (o_orderdate < date '1994-01-01' + interval '1' year compares
// o_orderdate::timestamp) into a comparison of the date itself with a date constant, so no
// row is cast: at midnight the constant's day compares the same way, and otherwise the
// bound moves to the nearest whole day on the right side. nil when e is not of that shape.
func (o *optimizer) dateVsTimestamp(c *Call) Expr {
	k := o.info.cmp[c.Func]
	if k == 0 || len(c.Args) != 2 {
		return nil
	}
	col, konst := c.Args[0], c.Args[1]
	if _, ok := col.(*Const); ok {
		col, konst, k = konst, col, k.commuted()
	}
	cast, ok1 := col.(*Cast)
	ts, ok2 := konst.(*Const)
	if !ok1 || !ok2 || cast.T.OID != types.Timestamp || cast.Arg.Type().OID != types.Date ||
		ts.T.OID != types.Timestamp || !ts.Value.IsValid() {
		return nil
	}
	v, ok := ts.Value.(*scalar.Timestamp)
	if !ok || v.Value == types.TimestampInfinity || v.Value == types.TimestampNegInfinity {
		return nil
	}
	day, rem := int64(v.Value)/types.MicrosPerDay, int64(v.Value)%types.MicrosPerDay
	if rem < 0 {
		day, rem = day-1, rem+types.MicrosPerDay
	}
	if rem != 0 {
		switch k {
		case cmpLt: // d < day + x  <=>  d <= day
			k = cmpLe
		case cmpGe: // d >= day + x  <=>  d > day
			k = cmpGt
		case cmpLe, cmpGt:
		default:
			return nil
		}
	}
	if day != int64(int32(day)) {
		return nil
	}
	f := o.info.cmpOf[cmpKey{types.Date, types.Date, k}]
	if f == nil {
		return nil
	}
	d := &Const{Value: scalar.NewDate32Scalar(arrow.Date32(day)), T: types.TDate}
	return &Call{Func: f, Args: []Expr{cast.Arg, d}, T: c.T}
}

// orToInList turns x = c1 OR x = c2 OR ... (one expression, one equality operator,
// non-NULL constants) into x IN (c1, c2, ...); nil when e is not of that shape.
func (o *optimizer) orToInList(e *BoolExpr) Expr {
	if e.Op != Or || len(e.Args) < 2 {
		return nil
	}
	var arg Expr
	var eq *Call
	var list []Expr
	for _, d := range e.Args {
		c, ok := d.(*Call)
		if !ok || !o.eqFuncs[c.Func] || len(c.Args) != 2 || eq != nil && c.Func != eq.Func {
			return nil
		}
		x, k := c.Args[0], c.Args[1]
		if _, isConst := x.(*Const); isConst {
			x, k = k, x
		}
		kc, ok := k.(*Const)
		if !ok || !kc.Value.IsValid() || kc.T.OID != x.Type().OID || !movable(x) {
			return nil
		}
		if arg == nil {
			arg, eq = x, c
		} else if !exprEqual(arg, x) {
			return nil
		}
		list = append(list, kc)
	}
	return &InList{Arg: arg, List: list, Eq: eq.Func}
}

package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// location returns the parse location of n, or -1.
func location(n *pg_query.Node) int32 {
	if n == nil {
		return -1
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		return x.ColumnRef.Location
	case *pg_query.Node_AConst:
		return x.AConst.Location
	case *pg_query.Node_AExpr:
		return x.AExpr.Location
	case *pg_query.Node_FuncCall:
		return x.FuncCall.Location
	case *pg_query.Node_TypeCast:
		if l := location(x.TypeCast.Arg); l >= 0 {
			return l
		}
		return x.TypeCast.Location
	case *pg_query.Node_ParamRef:
		return x.ParamRef.Location
	case *pg_query.Node_BoolExpr:
		return x.BoolExpr.Location
	case *pg_query.Node_CaseExpr:
		return x.CaseExpr.Location
	case *pg_query.Node_NullTest:
		return x.NullTest.Location
	case *pg_query.Node_SubLink:
		return x.SubLink.Location
	case *pg_query.Node_CoalesceExpr:
		return x.CoalesceExpr.Location
	case *pg_query.Node_ResTarget:
		return x.ResTarget.Location
	case *pg_query.Node_RowExpr:
		return x.RowExpr.Location
	case *pg_query.Node_AIndirection:
		return location(x.AIndirection.Arg)
	case *pg_query.Node_SetToDefault:
		return x.SetToDefault.Location
	case *pg_query.Node_AArrayExpr:
		return x.AArrayExpr.Location
	case *pg_query.Node_MinMaxExpr:
		return x.MinMaxExpr.Location
	case *pg_query.Node_BooleanTest:
		return x.BooleanTest.Location
	case *pg_query.Node_CollateClause:
		return x.CollateClause.Location
	case *pg_query.Node_GroupingFunc:
		return x.GroupingFunc.Location
	}
	return -1
}

// expr binds a scalar expression in scope sc.
func (b *binder) expr(n *pg_query.Node, sc *scope) (Expr, error) {
	e, err := b.exprNode(n, sc)
	if err == nil && b.notes != nil {
		b.notes.bind(n, e)
	}
	return e, err
}

// exprNode binds one expression node (expr records what it became for a deparse).
func (b *binder) exprNode(n *pg_query.Node, sc *scope) (Expr, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst:
		return b.constant(x.AConst)
	case *pg_query.Node_ColumnRef:
		if sc != nil && sc.noColumns != "" {
			return nil, b.errorf(x.ColumnRef.Location, pgcode.FeatureNotSupported, "cannot use column reference in %s", sc.noColumns)
		}
		return b.columnRef(x.ColumnRef, sc)
	case *pg_query.Node_ParamRef:
		if b.fn != nil {
			return b.frameParam(int(x.ParamRef.Number), sc, x.ParamRef.Location)
		}
		idx := int(x.ParamRef.Number) - 1
		if idx < 0 || idx >= 65536 {
			return nil, b.errorf(x.ParamRef.Location, pgcode.UndefinedParameter, "there is no parameter $%d", idx+1)
		}
		for len(b.params) <= idx {
			b.params = append(b.params, types.TUnknown)
		}
		return &Param{Idx: idx, T: b.params[idx]}, nil
	case *pg_query.Node_TypeCast:
		t, err := b.typeName(x.TypeCast.TypeName)
		if err != nil {
			return nil, err
		}
		var arg Expr
		if ae, ok := x.TypeCast.Arg.Node.(*pg_query.Node_AArrayExpr); ok && types.IsArray(t.OID) {
			// ARRAY[...]::t[] casts its elements, so ARRAY[]::int[] has a type.
			arg, err = b.arrayExpr(ae.AArrayExpr, t, sc)
		} else {
			arg, err = b.expr(x.TypeCast.Arg, sc)
		}
		if err != nil {
			return nil, err
		}
		return b.coerce(arg, t, types.Explicit, location(x.TypeCast.Arg))
	case *pg_query.Node_AExpr:
		return b.aExpr(x.AExpr, sc)
	case *pg_query.Node_BoolExpr:
		return b.boolExpr(x.BoolExpr, sc)
	case *pg_query.Node_NullTest:
		arg, err := b.expr(x.NullTest.Arg, sc)
		if err != nil {
			return nil, err
		}
		return &NullTest{Arg: arg, Not: x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL}, nil
	case *pg_query.Node_BooleanTest:
		return b.booleanTest(x.BooleanTest, sc)
	case *pg_query.Node_FuncCall:
		return b.funcCall(x.FuncCall, sc)
	case *pg_query.Node_RowExpr:
		return b.rowExpr(x.RowExpr, sc)
	case *pg_query.Node_CaseExpr:
		return b.caseExpr(x.CaseExpr, sc)
	case *pg_query.Node_CoalesceExpr:
		args, locs, err := b.exprList(x.CoalesceExpr.Args, sc)
		if err != nil {
			return nil, err
		}
		t, err := b.commonType(args, "COALESCE", locs)
		if err != nil {
			return nil, err
		}
		if args, err = b.coerceAll(args, t, locs); err != nil {
			return nil, err
		}
		return &Coalesce{Args: args, T: t}, nil
	case *pg_query.Node_MinMaxExpr:
		return b.minMax(x.MinMaxExpr, sc)
	case *pg_query.Node_SubLink:
		if sc != nil && sc.noColumns != "" {
			return nil, b.errorf(x.SubLink.Location, pgcode.FeatureNotSupported, "cannot use subquery in %s", sc.noColumns)
		}
		if sc != nil && sc.noSubquery != "" {
			return nil, b.errorf(x.SubLink.Location, pgcode.FeatureNotSupported, "cannot use subquery in %s", sc.noSubquery)
		}
		return b.subLink(x.SubLink, sc)
	case *pg_query.Node_SqlvalueFunction:
		return b.sqlValueFunction(x.SqlvalueFunction)
	case *pg_query.Node_GroupingFunc:
		return b.groupingFunc(x.GroupingFunc, sc)
	case *pg_query.Node_CollateClause:
		return b.expr(x.CollateClause.Arg, sc)
	case *pg_query.Node_AIndirection:
		return b.indirection(x.AIndirection, sc)
	case *pg_query.Node_AArrayExpr:
		return b.arrayExpr(x.AArrayExpr, types.T{}, sc)
	}
	return nil, b.errorf(location(n), pgcode.FeatureNotSupported, "expression not supported: %s", nodeName(n))
}

func (b *binder) exprList(ns []*pg_query.Node, sc *scope) ([]Expr, []int32, error) {
	out := make([]Expr, len(ns))
	locs := make([]int32, len(ns))
	for i, n := range ns {
		e, err := b.expr(n, sc)
		if err != nil {
			return nil, nil, err
		}
		out[i], locs[i] = e, location(n)
	}
	return out, locs, nil
}

// constant binds a literal as PostgreSQL types it: integers are int4 (int8 or numeric when
// larger), decimals are numeric with their written scale, strings are unknown.
func (b *binder) constant(c *pg_query.A_Const) (Expr, error) {
	if c.Isnull {
		return &Const{Value: scalar.MakeNullScalar(types.TUnknownLit.Arrow()), T: types.TUnknownLit}, nil
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &Const{Value: scalar.NewInt32Scalar(v.Ival.Ival), T: types.TInt4}, nil
	case *pg_query.A_Const_Fval:
		return b.numericLiteral(v.Fval.Fval, c.Location)
	case *pg_query.A_Const_Boolval:
		return &Const{Value: scalar.NewBooleanScalar(v.Boolval.Boolval), T: types.TBool}, nil
	case *pg_query.A_Const_Sval:
		return &Const{Value: scalar.NewStringScalar(v.Sval.Sval), T: types.TUnknownLit}, nil
	case *pg_query.A_Const_Bsval:
		return &Const{Value: scalar.NewStringScalar(v.Bsval.Bsval), T: types.TUnknownLit}, nil
	}
	return nil, b.errorf(c.Location, pgcode.FeatureNotSupported, "constant not supported")
}

func (b *binder) numericLiteral(s string, loc int32) (Expr, error) {
	if !strings.ContainsAny(s, ".eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			if v >= math.MinInt32 && v <= math.MaxInt32 {
				return &Const{Value: scalar.NewInt32Scalar(int32(v)), T: types.TInt4}, nil
			}
			return &Const{Value: scalar.NewInt64Scalar(v), T: types.TInt8}, nil
		}
	}
	c, err := constFromText(s, types.TNumeric, nil)
	if pgerror.GetCode(err) == pgcode.NumericValueOutOfRange {
		// Beyond what numeric holds here (35 digits, display scale up to 250): PostgreSQL
		// keeps such literals numeric, but as float8 the common uses (1e300 * 1e-300,
		// 3.4e38::float4) still work.
		c, err = constFromText(s, types.TFloat8, nil)
	}
	if err != nil {
		return nil, b.at(err, loc)
	}
	return c, nil
}

func (b *binder) columnRef(c *pg_query.ColumnRef, sc *scope) (Expr, error) {
	if isStarRef(c) && len(c.Fields) == 2 && sc != nil {
		// t.* as a value is the whole-row reference t.
		if row, ok := b.wholeRow(sc, strVal(c.Fields[0])); ok {
			return row, nil
		}
	}
	var parts []string
	for _, f := range c.Fields {
		if _, ok := f.Node.(*pg_query.Node_AStar); ok {
			return nil, b.errorf(c.Location, pgcode.FeatureNotSupported, "a star is not allowed here")
		}
		parts = append(parts, strVal(f))
	}
	var qual, name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		qual, name = parts[0], parts[1]
	case 3:
		qual, name = parts[1], parts[2]
	default:
		return nil, b.errorf(c.Location, pgcode.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(parts, "."))
	}
	if sc == nil {
		return nil, b.errorf(c.Location, pgcode.UndefinedColumn, "column \"%s\" does not exist", name)
	}
	col, err := b.resolve(sc, qual, name, c.Location)
	if err != nil {
		if oid := tableOIDColumn(sc, qual, name); oid != 0 {
			return &Const{Value: scalar.NewUint32Scalar(uint32(oid)), T: types.TOid}, nil
		}
		ref, err := b.outerColumnRef(sc, qual, name, c.Location, err)
		if err != nil && b.fn != nil && len(parts) <= 2 {
			if e, ok, ferr := b.frameColumn(qual, name, sc); ok {
				return e, ferr
			}
		}
		if err != nil && qual == "" && pgerror.GetCode(err) == pgcode.UndefinedColumn {
			// Not a column anywhere: a FROM item's name alone is its whole row.
			if row, ok := b.wholeRow(sc, name); ok {
				return row, nil
			}
		}
		return ref, err
	}
	ref := &ColRef{Idx: col.idx, T: col.t, Name: col.name, Rel: col.table}
	b.noteLoc(ref, c.Location)
	if b.notes != nil && col.usingRel != "" {
		b.notes.usingRels[ref] = col.usingRel
	}
	return ref, nil
}

// tableOIDColumn resolves the system column tableoid, which every relation has: the OID of
// the relation the range qual (or the only range in scope) reads, 0 when there is none.
func tableOIDColumn(sc *scope, qual, name string) types.OID {
	if name != "tableoid" {
		return 0
	}
	var oid types.OID
	for _, c := range sc.cols {
		if c.tableOID == 0 || qual != "" && c.table != qual {
			continue
		}
		if oid != 0 && oid != c.tableOID {
			return 0 // two ranges: ambiguous without a qualifier
		}
		oid = c.tableOID
	}
	return oid
}

// typeName resolves a type name with its modifiers.
func (b *binder) typeName(tn *pg_query.TypeName) (types.T, error) {
	ns := names(tn.Names)
	name := ns[len(ns)-1]
	if len(ns) == 2 && ns[0] != "pg_catalog" && !b.schemaExists(ns[0]) {
		return types.T{}, b.errorf(tn.Location, pgcode.InvalidSchemaName, "schema \"%s\" does not exist", ns[0])
	}
	var d *types.Type
	if len(ns) == 1 || ns[0] == "pg_catalog" {
		d = types.ByName(name)
	}
	if d == nil && len(ns) == 1 {
		for _, s := range b.lookupPath() {
			if d = b.userType(s, name); d != nil {
				break
			}
		}
	} else if d == nil && ns[0] != "pg_catalog" {
		d = b.userType(ns[0], name)
	}
	if d == nil && len(tn.Typmods) == 0 && len(tn.ArrayBounds) == 0 {
		schema := ""
		if len(ns) == 2 {
			schema = ns[0]
		}
		if t, ok := b.tableRowType(schema, name); ok {
			return t, nil
		}
	}
	if d == nil || d.Category == types.CatPseudo && d.OID != types.Void && d.OID != types.Record {
		return types.T{}, b.errorf(tn.Location, pgcode.UndefinedObject, "type \"%s\" does not exist", strings.Join(ns, "."))
	}
	t := types.Of(d.OID)
	var mods []int64
	for _, m := range tn.Typmods {
		c, ok := m.Node.(*pg_query.Node_AConst)
		if !ok {
			return types.T{}, b.errorf(tn.Location, pgcode.SyntaxError, "type modifiers must be simple constants or identifiers")
		}
		iv, ok := c.AConst.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return types.T{}, b.errorf(tn.Location, pgcode.SyntaxError, "type modifiers must be simple constants or identifiers")
		}
		mods = append(mods, int64(iv.Ival.Ival))
	}
	switch d.OID {
	case types.Numeric:
		if len(mods) > 2 {
			return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "invalid NUMERIC type modifier")
		}
		if len(mods) >= 1 {
			p, s := mods[0], int64(0)
			if len(mods) == 2 {
				s = mods[1]
			}
			if p < 1 || p > 1000 {
				return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "NUMERIC precision %d must be between 1 and 1000", p)
			}
			if s < -1000 || s > 1000 {
				return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "NUMERIC scale %d must be between -1000 and 1000", s)
			}
			if p > types.NumericMaxPrecision || s < 0 || s > p {
				return types.T{}, b.errorf(tn.Location, pgcode.FeatureNotSupported, "NUMERIC(%d,%d) is not supported yet: precision up to %d and scale between 0 and precision are", p, s, types.NumericMaxPrecision)
			}
			t.Typmod = types.MakeNumericTypmod(int32(p), int32(s))
		}
	case types.Varchar, types.Bpchar:
		if len(mods) > 1 {
			return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "invalid type modifier")
		}
		if len(mods) == 1 {
			if mods[0] < 1 {
				return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "length for type %s must be at least 1", d.Name)
			}
			t.Typmod = int32(mods[0]) + 4
		} else if d.OID == types.Bpchar && name != "bpchar" {
			t.Typmod = 1 + 4 // char means char(1)
		}
	case types.Timestamp, types.Timestamptz, types.Time:
		if len(mods) > 1 {
			return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, "invalid type modifier")
		}
		if len(mods) == 1 {
			kw := strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(d.SQLName, " without time zone"), " with time zone"))
			if d.OID == types.Timestamptz {
				kw += "(%d) WITH TIME ZONE"
			} else {
				kw += "(%d)"
			}
			if mods[0] < 0 {
				return types.T{}, b.errorf(tn.Location, pgcode.InvalidParameterValue, kw+" precision must not be negative", mods[0])
			}
			t.Typmod = int32(min(mods[0], types.MaxTimePrecision))
		}
	case types.Interval:
		if len(mods) > 0 {
			tm, err := types.IntervalTypmodIn(mods)
			if err != nil {
				return types.T{}, b.at(err, tn.Location)
			}
			t.Typmod = tm
		}
	default:
		if len(mods) > 0 {
			return types.T{}, b.errorf(tn.Location, pgcode.SyntaxError, "type modifier is not allowed for type \"%s\"", d.Name)
		}
	}
	if len(tn.ArrayBounds) > 0 {
		// int[], int[3][4] and int ARRAY all name the array type; the modifier applies to
		// the elements (varchar(5)[]).
		arr := types.ArrayOf(d.OID)
		if arr == nil {
			return types.T{}, b.errorf(tn.Location, pgcode.UndefinedObject, "type \"%s[]\" does not exist", name)
		}
		t.OID = arr.OID
	}
	return t, nil
}

func opName(ns []*pg_query.Node) string {
	n := names(ns)
	return n[len(n)-1]
}

func (b *binder) aExpr(a *pg_query.A_Expr, sc *scope) (Expr, error) {
	name := opName(a.Name)
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if a.Lexpr == nil {
			r, err := b.expr(a.Rexpr, sc)
			if err != nil {
				return nil, err
			}
			// Fold -constant so that -2147483648 is an int4, as PostgreSQL's grammar does.
			if c, ok := r.(*Const); ok && name == "-" && c.Value.IsValid() {
				switch v := c.Value.(type) {
				case *scalar.Int32:
					if v.Value != math.MinInt32 {
						return &Const{Value: scalar.NewInt32Scalar(-v.Value), T: c.T}, nil
					}
				case *scalar.Int64:
					if -v.Value == math.MinInt32 {
						return &Const{Value: scalar.NewInt32Scalar(math.MinInt32), T: types.TInt4}, nil
					}
					if v.Value != math.MinInt64 {
						return &Const{Value: scalar.NewInt64Scalar(-v.Value), T: c.T}, nil
					}
				}
			}
			return b.operator(name, nil, r, -1, location(a.Rexpr), a.Location)
		}
		l, err := b.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(a.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		if lr, rr, ok := rowPair(a, l, r); ok {
			return b.rowCompare(name, lr, rr, a)
		}
		return b.operator(name, l, r, location(a.Lexpr), location(a.Rexpr), a.Location)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, err := b.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(a.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		if lr, rr, ok := rowPair(a, l, r); ok {
			return b.rowDistinct(lr, rr, a, a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT)
		}
		return b.distinctFrom(l, r, a, a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT)
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, err := b.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(a.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		eq, err := b.operator("=", l, r, location(a.Lexpr), location(a.Rexpr), a.Location)
		if err != nil {
			return nil, err
		}
		lt := l.Type()
		if isUnknown(l) {
			lt = types.TText
			if l, err = b.coerce(l, lt, types.Implicit, location(a.Lexpr)); err != nil {
				return nil, err
			}
		}
		// NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END; the comparison's own
		// coercions apply to the test only.
		return &Case{Whens: []When{{Cond: eq, Result: nullConst(lt)}}, Else: l, T: lt}, nil
	case pg_query.A_Expr_Kind_AEXPR_IN:
		return b.inList(a, sc, name == "<>")
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE, pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		l, err := b.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(a.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		if lr, rr, ok := rowPair(a, l, r); ok {
			return b.rowCompare(name, lr, rr, a)
		}
		return b.operator(name, l, r, location(a.Lexpr), location(a.Rexpr), a.Location)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return b.between(a, sc)
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		return b.arrayOp(a, sc)
	}
	return nil, b.errorf(a.Location, pgcode.FeatureNotSupported, "operator expression not supported")
}

func (b *binder) sqlValueFunction(x *pg_query.SQLValueFunction) (Expr, error) {
	call := func(name string) (Expr, error) { return b.callFunc(name, nil, nil, x.Location) }
	switch x.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		now, err := call("now")
		if err != nil {
			return nil, err
		}
		return &Cast{Arg: now, T: types.TDate, Context: types.Explicit}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return call("now")
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		now, err := call("now")
		if err != nil {
			return nil, err
		}
		return &Cast{Arg: now, T: types.TTimestamp, Context: types.Explicit}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
		pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return call("current_user")
	case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return call("session_user")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return call("current_database")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return call("current_schema")
	}
	return nil, b.errorf(x.Location, pgcode.FeatureNotSupported, "SQL value function not supported")
}

// funcCall binds a function call; aggregates are collected into sc.agg.
func (b *binder) funcCall(f *pg_query.FuncCall, sc *scope) (Expr, error) {
	ns := names(f.Funcname)
	name := strings.ToLower(ns[len(ns)-1])
	if !f.AggStar && len(f.Args) == 0 && b.hasParameterlessAggregate(name) {
		// count() names count(*)'s entry, but only the star may call it.
		return nil, b.errorf(f.Location, pgcode.WrongObjectType, "%s(*) must be used to call a parameterless aggregate function", strings.Join(ns, "."))
	}
	if f.Over != nil {
		return b.windowCall(name, f, sc)
	}
	if b.isWindowFunc(name) {
		return nil, b.errorf(f.Location, pgcode.WrongObjectType, "window function %s requires an OVER clause", name)
	}
	if b.isAggregate(name) {
		return b.aggCall(name, f, sc)
	}
	if f.AggStar || f.AggDistinct || len(f.AggOrder) > 0 || f.AggFilter != nil {
		return nil, b.errorf(f.Location, pgcode.WrongObjectType, "%s is not an aggregate function", name)
	}
	if e, ok, err := b.userFuncCall(f, ns, sc); ok || err != nil {
		return e, err
	}
	args, locs, err := b.funcArgs(name, f.Args, sc, f.Location)
	if err != nil {
		return nil, err
	}
	if len(args) == 1 && len(ns) == 1 {
		if e, ok, err := b.funcStyleCast(name, args[0], f.Location); ok {
			return e, err
		}
	}
	if fn := b.reg.Internal(catalog.VariadicArrayName(name)); f.FuncVariadic && fn != nil && len(args) == len(fn.Args) {
		return b.variadicArrayCall(fn, args, locs)
	}
	if len(b.reg.Funcs(name)) == 0 {
		return nil, b.errorf(f.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, b.typeList(exprTypes(args))).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	call, err := b.callFunc(name, args, locs, f.Location)
	if err != nil {
		return nil, err
	}
	keepDomainResult(call, args)
	var e Expr = call
	if call.Func.RetSet {
		if e, err = b.setCallExpr(call, sc, f.Location); err != nil {
			return nil, err
		}
	}
	if call.Func.ChecksDomains {
		return b.enforceDomain(e)
	}
	return e, nil
}

// variadicArrayCall binds f(a, ..., VARIADIC arr) of a function of VARIADIC "any" to its
// internal form fn, which takes the leading arguments as declared and reads the rest from
// arr's elements.
func (b *binder) variadicArrayCall(fn *catalog.Func, args []Expr, locs []int32) (Expr, error) {
	last := len(args) - 1
	out := make([]Expr, len(args))
	for i, a := range args[:last] {
		c, err := b.coerce(a, types.Of(fn.Args[i]), types.Implicit, locs[i])
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	arr, err := b.resolveUnknown(args[last], locs[last])
	if err != nil {
		return nil, err
	}
	if !types.IsArrayValues(arr.Type()) {
		return nil, b.errorf(locs[last], pgcode.DatatypeMismatch, "VARIADIC argument must be an array")
	}
	out[last] = arr
	return &Call{Func: fn, Args: out, T: types.Of(fn.Ret)}, nil
}

// outerColumnRef resolves a column the query's own FROM does not have in the enclosing
// queries' scopes, innermost first, as PostgreSQL does: the result is a correlated
// reference. A qualifier naming a range of the current query stops the search, as does an
// ambiguous name; innerErr is the error when no scope has the column.
func (b *binder) outerColumnRef(sc *scope, qual, name string, loc int32, innerErr error) (Expr, error) {
	if code := pgerror.GetCode(innerErr); code == pgcode.AmbiguousColumn || qual != "" && code == pgcode.UndefinedColumn {
		if pe, ok := innerErr.(*pgerror.Error); ok && code == pgcode.UndefinedColumn {
			// The qualifier's range is hidden by one of the same name here.
			for o := sc.outer; o != nil; o = o.outer {
				if _, err := b.resolve(o, qual, name, loc); err == nil {
					pe.WithHint(fmt.Sprintf("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.", name, qual))
					break
				}
			}
			addColumnHint(innerErr, sc, qual, name)
		}
		return nil, innerErr
	}
	level := 0
	for o := sc.outer; o != nil; o = o.outer {
		level++
		col, err := b.resolve(o, qual, name, loc)
		if err == nil && o.badLateral {
			return nil, b.lateralRefError(col.table, loc)
		}
		if err == nil {
			return &OuterRef{Level: level, Idx: col.idx, T: col.t, Name: col.name, Rel: col.table}, nil
		}
		if code := pgerror.GetCode(err); code == pgcode.AmbiguousColumn || qual != "" && code == pgcode.UndefinedColumn {
			return nil, err
		}
	}
	if qual != "" && pgerror.GetCode(innerErr) == pgcode.UndefinedTable {
		return nil, b.missingRangeError(sc, qual, loc)
	}
	if pgerror.GetCode(innerErr) == pgcode.UndefinedColumn {
		if qual == "" {
			unreachableColumnHint(innerErr, sc, name)
		}
		addColumnHint(innerErr, sc, qual, name)
	}
	return nil, innerErr
}

// hasParameterlessAggregate reports whether name is an aggregate taking no arguments (the
// form count(*) calls).
func (b *binder) hasParameterlessAggregate(name string) bool {
	for _, fn := range b.reg.Funcs(name) {
		if fn.Kind == catalog.KindAggregate && len(fn.Args) == 0 {
			return true
		}
	}
	return false
}

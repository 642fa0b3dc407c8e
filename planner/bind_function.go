package planner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CREATE FUNCTION and CREATE PROCEDURE for LANGUAGE sql: the definition is checked as
// PostgreSQL checks it (parameter modes and defaults, the result type against OUT
// parameters, the body against the result type) and kept as a catalog.FuncDef whose body
// is SQL text; calls bind that text where they are made (bind_function_call.go).

// createFunction binds CREATE [OR REPLACE] FUNCTION / PROCEDURE.
func (b *binder) createFunction(s *pg_query.CreateFunctionStmt) (*Statement, error) {
	ns := names(s.Funcname)
	def := &catalog.FuncDef{Name: ns[len(ns)-1], Kind: catalog.KindFunc, Volatility: catalog.Volatile,
		Parallel: 'u', Cost: 100}
	if s.IsProcedure {
		def.Kind = catalog.KindProcedure
	}
	if len(ns) > 1 {
		def.Schema = ns[len(ns)-2]
	} else {
		schema, err := b.creationSchema(-1)
		if err != nil {
			return nil, err
		}
		def.Schema = schema
	}
	if err := b.checkSchema(def.Schema, def.Name, -1); err != nil {
		return nil, err
	}
	lang, err := b.functionOptions(def, s.Options)
	if err != nil {
		return nil, err
	}
	if err := b.functionParams(def, s.Parameters); err != nil {
		return nil, err
	}
	if err := b.functionResult(def, s.ReturnType); err != nil {
		return nil, err
	}
	if err := b.placeFunction(def, s.Replace); err != nil {
		return nil, err
	}
	if err := b.functionBody(def, s, lang); err != nil {
		return nil, err
	}
	if def.RetSet && def.Rows == 0 {
		def.Rows = 1000
	}
	st := &Statement{Kind: StmtFunctionDDL, Tag: "CREATE FUNCTION", PutFuncs: []*catalog.FuncDef{def}}
	if s.IsProcedure {
		st.Tag = "CREATE PROCEDURE"
	}
	return st, nil
}

// placeFunction gives def the identity of the function of its signature that OR REPLACE
// replaces, or refuses the duplicate.
func (b *binder) placeFunction(def *catalog.FuncDef, replace bool) error {
	for _, old := range b.cat.FunctionsNamed(def.Schema, def.Name) {
		if !old.SameSignature(def) {
			continue
		}
		if !replace {
			return pgerror.Newf(pgcode.DuplicateFunction, "function \"%s\" already exists with same argument types", def.Name)
		}
		if old.Kind != def.Kind {
			what := "function"
			if old.Kind == catalog.KindProcedure {
				what = "procedure"
			}
			return pgerror.Newf(pgcode.WrongObjectType, "cannot change routine kind").
				WithDetail(fmt.Sprintf("\"%s\" is a %s.", def.Name, what))
		}
		if old.Ret != def.Ret || old.RetSet != def.RetSet {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "cannot change return type of existing function").
				WithHint(fmt.Sprintf("Use DROP FUNCTION %s first.", b.funcSignature(old)))
		}
		def.OID, def.Owner, def.ACL, def.Comment = old.OID, old.Owner, old.ACL, old.Comment
		return nil
	}
	if role := b.currentRole(); role.OID != catalog.BootstrapRoleOID {
		def.Owner = role.OID
	}
	return nil
}

// functionOptions reads the routine's options into def and returns its language ("" when
// none was given).
func (b *binder) functionOptions(def *catalog.FuncDef, opts []*pg_query.Node) (string, error) {
	lang := ""
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			lang = strings.ToLower(strVal(d.Arg))
		case "volatility":
			def.Volatility = catalog.Volatility(strVal(d.Arg)[0])
		case "strict":
			def.Strict = boolOption(d.Arg)
		case "security":
			def.SecDef = boolOption(d.Arg)
		case "leakproof":
			def.Leakproof = boolOption(d.Arg)
		case "parallel":
			def.Parallel = strVal(d.Arg)[0]
		case "cost", "rows":
			v, err := numberOption(d.Arg)
			if err != nil || v <= 0 {
				return "", pgerror.Newf(pgcode.InvalidParameterValue, "%s must be positive", upperFirst(d.Defname))
			}
			if d.Defname == "cost" {
				def.Cost = float32(v)
			} else {
				def.Rows = float32(v)
			}
		case "as":
			if l := d.Arg.GetList(); l != nil && len(l.Items) > 0 {
				def.Body = strVal(l.Items[0])
			}
		case "set":
			if vs := d.Arg.GetVariableSetStmt(); vs != nil {
				def.Config = append(def.Config, vs.Name+"="+setValueText(vs))
			}
		case "window":
			return "", pgerror.New(pgcode.InvalidFunctionDefinition, "only internal functions can be window functions")
		}
	}
	return lang, nil
}

func boolOption(n *pg_query.Node) bool {
	if n == nil {
		return true
	}
	if bv := n.GetBoolean(); bv != nil {
		return bv.Boolval
	}
	if iv := n.GetInteger(); iv != nil {
		return iv.Ival != 0
	}
	return true
}

func numberOption(n *pg_query.Node) (float64, error) {
	if iv := n.GetInteger(); iv != nil {
		return float64(iv.Ival), nil
	}
	if fv := n.GetFloat(); fv != nil {
		return strconv.ParseFloat(fv.Fval, 64)
	}
	return 0, fmt.Errorf("not a number")
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// setValueText returns the value of a SET clause as proconfig keeps it.
func setValueText(vs *pg_query.VariableSetStmt) string {
	parts := make([]string, 0, len(vs.Args))
	for _, a := range vs.Args {
		c := a.GetAConst()
		switch {
		case c == nil:
		case c.GetSval() != nil:
			parts = append(parts, c.GetSval().Sval)
		case c.GetIval() != nil:
			parts = append(parts, strconv.Itoa(int(c.GetIval().Ival)))
		case c.GetFval() != nil:
			parts = append(parts, c.GetFval().Fval)
		}
	}
	return strings.Join(parts, ", ")
}

// functionParams reads the parameter list, checking modes, names and defaults as
// PostgreSQL's interpret_function_parameter_list does.
func (b *binder) functionParams(def *catalog.FuncDef, params []*pg_query.Node) error {
	seen := map[string]byte{}
	sawDefault, sawVariadic := false, false
	for _, n := range params {
		p := n.GetFunctionParameter()
		t, err := b.typeName(p.ArgType)
		if err != nil {
			return err
		}
		fp := catalog.FuncParam{Name: p.Name, Type: t.OID, Typmod: t.Typmod, Mode: paramMode(p.Mode)}
		if t.OID == types.Void && fp.IsInput() {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "SQL functions cannot have arguments of type void")
		}
		if sawVariadic && fp.IsInput() {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "VARIADIC parameter must be the last input parameter")
		}
		if fp.Mode == catalog.ParamVariadic {
			sawVariadic = true
			if !types.IsArray(t.OID) && t.OID != types.AnyArray {
				return pgerror.New(pgcode.InvalidFunctionDefinition, "VARIADIC parameter must be an array")
			}
		}
		if fp.Name != "" {
			if prev, ok := seen[fp.Name]; ok && (prev != catalog.ParamOut || fp.Mode != catalog.ParamIn) &&
				!(prev == catalog.ParamIn && fp.Mode == catalog.ParamOut) {
				return pgerror.Newf(pgcode.InvalidFunctionDefinition, "parameter name \"%s\" used more than once", fp.Name)
			}
			seen[fp.Name] = fp.Mode
		}
		if p.Defexpr != nil {
			if !fp.IsInput() {
				return pgerror.New(pgcode.InvalidFunctionDefinition, "only input parameters can have default values")
			}
			text, err := deparseExpr(p.Defexpr, "parameter default")
			if err != nil {
				return err
			}
			if _, err := b.bindParamDefault(text, fp); err != nil {
				return err
			}
			fp.Default, sawDefault = text, true
		} else if sawDefault && fp.IsInput() {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "input parameters after one with a default value must also have defaults")
		}
		def.Params = append(def.Params, fp)
	}
	return nil
}

// bindParamDefault binds a parameter's DEFAULT text, coerced to the parameter's type.
func (b *binder) bindParamDefault(text string, p catalog.FuncParam) (Expr, error) {
	return b.bindStored(text, "parameter default", func(raw *pg_query.Node) (Expr, error) {
		e, err := b.expr(raw, &scope{noColumns: "DEFAULT expression", noSubquery: "DEFAULT expression"})
		if err != nil {
			return nil, err
		}
		return b.coerce(e, types.T{OID: p.Type, Typmod: p.Typmod}, types.Assignment, -1)
	})
}

func paramMode(m pg_query.FunctionParameterMode) byte {
	switch m {
	case pg_query.FunctionParameterMode_FUNC_PARAM_OUT:
		return catalog.ParamOut
	case pg_query.FunctionParameterMode_FUNC_PARAM_INOUT:
		return catalog.ParamInOut
	case pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC:
		return catalog.ParamVariadic
	case pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
		return catalog.ParamTable
	}
	return catalog.ParamIn
}

// functionResult sets def's result type from RETURNS and the OUT parameters.
func (b *binder) functionResult(def *catalog.FuncDef, rt *pg_query.TypeName) error {
	outs := def.Outputs()
	var fromOuts types.OID
	switch len(outs) {
	case 0:
	case 1:
		fromOuts = outs[0].Type
	default:
		fromOuts = types.Record
	}
	tableForm := len(outs) > 0 && outs[0].Mode == catalog.ParamTable
	if def.Kind == catalog.KindProcedure {
		def.Ret = types.Void
		if len(outs) > 0 {
			def.Ret = fromOuts
		}
		return nil
	}
	if rt == nil {
		if len(outs) == 0 {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "function result type must be specified")
		}
		def.Ret = fromOuts
		return nil
	}
	t, err := b.typeName(rt)
	if err != nil {
		return err
	}
	def.Ret, def.RetSet = t.OID, rt.Setof || tableForm
	if tableForm {
		def.Ret = fromOuts
	}
	if len(outs) > 0 && !tableForm && t.OID != fromOuts {
		return pgerror.Newf(pgcode.InvalidFunctionDefinition, "function result type must be %s because of OUT parameters",
			b.fmtType(types.Of(fromOuts)))
	}
	return nil
}

// functionBody checks the language and the body and keeps the body's text in def.
func (b *binder) functionBody(def *catalog.FuncDef, s *pg_query.CreateFunctionStmt, lang string) error {
	if s.SqlBody != nil {
		if lang != "" && lang != "sql" {
			return pgerror.New(pgcode.InvalidFunctionDefinition, "inline SQL function body only valid for language SQL")
		}
		text, err := atomicBodyText(s.SqlBody)
		if err != nil {
			return err
		}
		def.Body, def.Atomic = text, true
	} else {
		switch lang {
		case "":
			return pgerror.New(pgcode.InvalidFunctionDefinition, "no language specified")
		case "sql":
		case "plpgsql", "c", "internal":
			return pgerror.Newf(pgcode.FeatureNotSupported, "language \"%s\" is not supported: only LANGUAGE sql functions can be created", lang)
		default:
			return pgerror.Newf(pgcode.UndefinedObject, "language \"%s\" does not exist", lang)
		}
	}
	if s.SqlBody != nil {
		deps := []types.OID{}
		saved := b.viewDeps
		b.viewDeps = &deps
		defer func() { b.viewDeps = saved }()
		err := b.checkFunctionBody(def, atomicStatements(s.SqlBody), b.sql, 0)
		def.Deps = slices.Compact(slices.Sorted(slices.Values(deps)))
		return err
	}
	body, src, err := parseFunctionBody(def)
	if err != nil {
		return err
	}
	return b.checkFunctionBody(def, body, src, strings.Index(b.sql, src))
}

// atomicBodyText returns the SQL-standard body (RETURN expr or BEGIN ATOMIC ... END) as the
// text the catalog keeps.
func atomicBodyText(n *pg_query.Node) (string, error) {
	n = proto.Clone(n).(*pg_query.Node) // deparseParenthesized rewrites it
	if r := n.GetReturnStmt(); r != nil {
		text, err := deparseParenthesized(r.Returnval, true)
		return "RETURN " + text, err
	}
	var stmts []string
	if l := n.GetList(); l != nil {
		for _, item := range l.Items {
			inner := item.GetList()
			if inner == nil {
				continue
			}
			for _, st := range inner.Items {
				text, err := deparseParenthesized(st, false)
				if err != nil {
					return "", err
				}
				stmts = append(stmts, " "+text+";\n")
			}
		}
	}
	return "BEGIN ATOMIC\n" + strings.Join(stmts, "") + "END", nil
}

func deparseStatement(n *pg_query.Node) (string, error) {
	if r := n.GetReturnStmt(); r != nil {
		text, err := deparseParenthesized(r.Returnval, true)
		return "RETURN " + text, err
	}
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: n}}})
	if err != nil {
		return "", pgerror.Wrapf(err, pgcode.InternalError, "could not store the function body")
	}
	return sql, nil
}

// parseFunctionBody parses a function's body into its statements. A RETURN statement
// comes back as a SELECT of its expression.
func parseFunctionBody(def *catalog.FuncDef) ([]*pg_query.Node, string, error) {
	if !def.Atomic {
		tree, err := pg_query.Parse(def.Body)
		if err != nil {
			return nil, "", pgerror.Newf(pgcode.SyntaxError, "%s", strings.TrimSpace(err.Error()))
		}
		out := make([]*pg_query.Node, 0, len(tree.Stmts))
		for _, st := range tree.Stmts {
			out = append(out, st.Stmt)
		}
		return out, def.Body, nil
	}
	src := "CREATE FUNCTION f() RETURNS int LANGUAGE sql " + def.Body
	tree, err := pg_query.Parse(src)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, "", pgerror.Newf(pgcode.InternalError, "invalid stored body of function %s", def.Name)
	}
	return atomicStatements(tree.Stmts[0].Stmt.GetCreateFunctionStmt().GetSqlBody()), src, nil
}

// atomicStatements returns the statements of a SQL-standard body, RETURN expr as SELECT expr.
func atomicStatements(body *pg_query.Node) []*pg_query.Node {
	if r := body.GetReturnStmt(); r != nil {
		return []*pg_query.Node{selectOf(r.Returnval)}
	}
	var out []*pg_query.Node
	if l := body.GetList(); l != nil {
		for _, item := range l.Items {
			if inner := item.GetList(); inner != nil {
				for _, st := range inner.Items {
					if r := st.GetReturnStmt(); r != nil {
						st = selectOf(r.Returnval)
					}
					out = append(out, st)
				}
			}
		}
	}
	return out
}

// selectOf returns SELECT expr.
func selectOf(expr *pg_query.Node) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: expr}}}}}}}
}

// funcSignature names a function with its input types, as PostgreSQL's messages do.
func (b *binder) funcSignature(f *catalog.FuncDef) string {
	parts := []string{}
	for _, t := range f.InputTypes() {
		parts = append(parts, b.fmtType(types.Of(t)))
	}
	return f.Name + "(" + strings.Join(parts, ", ") + ")"
}

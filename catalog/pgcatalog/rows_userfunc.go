package pgcatalog

import (
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// User-defined functions (CREATE FUNCTION ... LANGUAGE sql) in pg_proc, and their
// definitions as pg_get_functiondef, pg_get_function_arguments and pg_get_function_result
// print them.

// sqlLang is pg_language's OID of language sql, cLang of language c.
const (
	sqlLang types.OID = 14
	cLang   types.OID = 13
)

// userProcs writes the pg_proc rows of the user-defined functions.
func (s *Source) userProcs(w *rowWriter) {
	if s.Catalog == nil {
		return
	}
	for _, f := range s.Catalog.Functions() {
		in := f.InputTypes()
		variadic := types.OID(0)
		if f.Variadic() {
			if d := types.ByOID(in[len(in)-1]); d != nil {
				variadic = d.Elem
			}
		}
		defaults := 0
		for _, p := range f.Inputs() {
			if p.Default != "" {
				defaults++
			}
		}
		w.oid(f.OID).str(f.Name).oid(s.relNamespace(f.Schema)).oid(f.OwnerOID()).oid(sqlLang).
			f32(f.Cost).f32(f.Rows).oid(variadic).oid(0).char(byte(f.Kind)).boolean(f.SecDef).boolean(f.Leakproof).
			boolean(f.Strict).boolean(f.RetSet).char(byte(f.Volatility)).char(f.Parallel).
			i16(int16(len(in))).i16(int16(defaults)).oid(f.Ret).oidVector(in)
		userArgs(w, f)
		w.null().null() // proargdefaults (a node tree), protrftypes
		if f.Atomic {
			w.str("").null().str(f.Body)
		} else {
			w.str(f.Body).null().null()
		}
		if len(f.Config) > 0 {
			w.strArray(f.Config)
		} else {
			w.null()
		}
		if f.ACL != nil {
			w.strArray(s.aclStrings(f.ACL))
		} else {
			w.null()
		}
		w.end()
	}
}

// userArgs writes proallargtypes, proargmodes and proargnames of a user function: the
// first two NULL when every parameter is IN, the names NULL when none has one.
func userArgs(w *rowWriter, f *catalog.FuncDef) {
	allIn, named := true, false
	all := make([]types.OID, 0, len(f.Params))
	modes := make([]string, 0, len(f.Params))
	nameList := make([]string, 0, len(f.Params))
	for _, p := range f.Params {
		allIn = allIn && p.Mode == catalog.ParamIn
		named = named || p.Name != ""
		all = append(all, p.Type)
		modes = append(modes, string(rune(p.Mode)))
		nameList = append(nameList, p.Name)
	}
	if allIn {
		w.null().null()
	} else {
		w.oidArray(all).strArray(modes)
	}
	if named {
		w.strArray(nameList)
	} else {
		w.null()
	}
}

// UserFunctionArguments is pg_get_function_arguments (identity false) and
// pg_get_function_identity_arguments (identity true) of a user function.
func (n *Names) UserFunctionArguments(f *catalog.FuncDef, identity bool) string {
	var parts []string
	for _, p := range f.Params {
		if p.Mode == catalog.ParamTable || identity && p.Mode == catalog.ParamOut && f.Kind != catalog.KindProcedure {
			continue
		}
		var b strings.Builder
		switch p.Mode {
		case catalog.ParamIn:
			if f.Kind == catalog.KindProcedure {
				b.WriteString("IN ") // as PostgreSQL marks every mode of a procedure
			}
		case catalog.ParamOut:
			b.WriteString("OUT ")
		case catalog.ParamInOut:
			b.WriteString("INOUT ")
		case catalog.ParamVariadic:
			b.WriteString("VARIADIC ")
		}
		if p.Name != "" {
			b.WriteString(types.QuoteIdent(p.Name) + " ")
		}
		b.WriteString(n.FormatType(p.Type, -1, false))
		if p.Default != "" && !identity {
			b.WriteString(" DEFAULT " + p.Default)
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, ", ")
}

// UserFunctionResult is pg_get_function_result of a user function; ok is false for a
// procedure, whose result is NULL.
func (n *Names) UserFunctionResult(f *catalog.FuncDef) (string, bool) {
	if f.Kind == catalog.KindProcedure {
		return "", false
	}
	var cols []string
	for _, p := range f.Params {
		if p.Mode == catalog.ParamTable {
			cols = append(cols, types.QuoteIdent(p.Name)+" "+n.FormatType(p.Type, -1, false))
		}
	}
	if len(cols) > 0 {
		return "TABLE(" + strings.Join(cols, ", ") + ")", true
	}
	r := n.FormatType(f.Ret, -1, false)
	if f.RetSet {
		return "SETOF " + r, true
	}
	return r, true
}

// UserFunctionDef is pg_get_functiondef of a user function: a CREATE OR REPLACE statement
// laid out as PostgreSQL 15 lays it out.
func (n *Names) UserFunctionDef(f *catalog.FuncDef) string {
	var b strings.Builder
	kind := "FUNCTION"
	if f.Kind == catalog.KindProcedure {
		kind = "PROCEDURE"
	}
	b.WriteString("CREATE OR REPLACE " + kind + " " + types.QuoteIdent(f.Schema) + "." + types.QuoteIdent(f.Name) + "(")
	b.WriteString(n.UserFunctionArguments(f, false) + ")\n")
	if r, ok := n.UserFunctionResult(f); ok {
		b.WriteString(" RETURNS " + r + "\n")
	}
	b.WriteString(" LANGUAGE sql\n")
	var opts strings.Builder
	switch f.Volatility {
	case catalog.Immutable:
		opts.WriteString(" IMMUTABLE")
	case catalog.Stable:
		opts.WriteString(" STABLE")
	}
	switch f.Parallel {
	case 's':
		opts.WriteString(" PARALLEL SAFE")
	case 'r':
		opts.WriteString(" PARALLEL RESTRICTED")
	}
	if f.Strict {
		opts.WriteString(" STRICT")
	}
	if f.SecDef {
		opts.WriteString(" SECURITY DEFINER")
	}
	if f.Leakproof {
		opts.WriteString(" LEAKPROOF")
	}
	if f.Cost != 100 {
		opts.WriteString(" COST " + strconv.FormatFloat(float64(f.Cost), 'g', -1, 32))
	}
	if f.Rows > 0 && f.Rows != 1000 {
		opts.WriteString(" ROWS " + strconv.FormatFloat(float64(f.Rows), 'g', -1, 32))
	}
	if opts.Len() > 0 {
		b.WriteString(opts.String() + "\n")
	}
	for _, c := range f.Config {
		name, value, _ := strings.Cut(c, "=")
		b.WriteString(" SET " + name + " TO " + quoteSetting(value) + "\n")
	}
	if f.Atomic {
		b.WriteString(f.Body)
	} else {
		dq := "$function$"
		if f.Kind == catalog.KindProcedure {
			dq = "$procedure$"
		}
		for strings.Contains(f.Body, dq) {
			dq = dq[:len(dq)-1] + "x$"
		}
		b.WriteString("AS " + dq + f.Body + dq)
	}
	b.WriteString("\n")
	return b.String()
}

// quoteSetting quotes a SET clause's value as a literal, unless it is a plain number.
func quoteSetting(v string) string {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// UserFunction returns the user function with the OID, or nil.
func (n *Names) UserFunction(oid types.OID) *catalog.FuncDef {
	if n.Catalog == nil {
		return nil
	}
	return n.Catalog.Function(oid)
}

// UserFunctionVisible reports whether an unqualified call finds f first: its schema is on
// the path and no earlier schema has a function of its signature.
func (n *Names) UserFunctionVisible(f *catalog.FuncDef) bool {
	for _, schema := range n.lookupPath() {
		for _, g := range n.Catalog.FunctionsNamed(schema, f.Name) {
			if g.SameSignature(&catalog.FuncDef{Schema: schema, Name: f.Name, Params: f.Params}) {
				return g == f
			}
		}
	}
	return false
}

// userFunctionName is a user function's name as regproc prints it: qualified unless the
// search path finds it.
func (n *Names) userFunctionName(f *catalog.FuncDef) string {
	if n.UserFunctionVisible(f) {
		return types.QuoteIdent(f.Name)
	}
	return types.QuoteIdent(f.Schema) + "." + types.QuoteIdent(f.Name)
}

// userArgTypes lists a user function's input types as regprocedure prints them.
func (n *Names) userArgTypes(f *catalog.FuncDef) string {
	var parts []string
	for _, t := range f.InputTypes() {
		parts = append(parts, n.FormatType(t, -1, false))
	}
	return strings.Join(parts, ",")
}

// userFunctionOID looks a regproc or regprocedure literal up among the user functions;
// ok is false when none has the name.
func (n *Names) userFunctionOID(t types.OID, parts []string, literal string) (types.OID, bool, error) {
	if n.Catalog == nil {
		return 0, false, nil
	}
	name := parts[len(parts)-1]
	var cands []*catalog.FuncDef
	if len(parts) > 1 {
		cands = n.Catalog.FunctionsNamed(parts[len(parts)-2], name)
	} else {
		for _, schema := range n.lookupPath() {
			cands = append(cands, n.Catalog.FunctionsNamed(schema, name)...)
		}
	}
	if len(cands) == 0 {
		return 0, false, nil
	}
	if t == types.Regprocedure {
		want := normalizeSignature(literal)
		if i := strings.IndexByte(want, '('); i >= 0 {
			want = want[i:]
		}
		for _, f := range cands {
			if "("+n.userArgTypes(f)+")" == want {
				return f.OID, true, nil
			}
		}
		return 0, false, nil
	}
	if len(cands) > 1 {
		return 0, true, pgerror.Newf(pgcode.AmbiguousFunction, "more than one function named \"%s\"", literal)
	}
	return cands[0].OID, true, nil
}

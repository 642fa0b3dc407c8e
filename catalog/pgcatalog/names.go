package pgcatalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Names resolves object names and OIDs against one catalog snapshot and the registry,
// searching pg_catalog and then the session's search_path as PostgreSQL does. It
// implements types.ObjectNames for the reg* types, and serves the visibility and
// formatting functions.
type Names struct {
	Catalog  *catalog.Catalog
	Registry *catalog.Registry
	// User is the session's user, listed as a role of its own when it is not the bootstrap
	// superuser's name.
	User string
	// Path is the session's search path (catalog.ParseSearchPath); nil means public.
	Path []string
	// TempSchema is the session's schema of temporary relations (pg_temp_N), searched
	// before everything else as PostgreSQL does; empty when the session has none.
	TempSchema string
	// ExprDef prints a table's CHECK or DEFAULT expression as PostgreSQL does
	// (catalog.SessionInfo's); nil prints it as stored.
	ExprDef func(t *catalog.TableDef, expr string, pretty bool) (string, bool)
	// DomainCheckDef prints a domain's CHECK expression likewise.
	DomainCheckDef func(base types.T, expr string, pretty bool) (string, bool)
}

var _ types.ObjectNames = (*Names)(nil)

// SystemSchema reports whether name is one of the schemas of the system catalogs.
func SystemSchema(name string) bool {
	return name == CatalogSchema || name == InfoSchema || name == "pg_toast"
}

// lookupPath returns the schemas an unqualified name is looked up in: pg_catalog unless
// the path names it, then the path's schemas.
func (n *Names) lookupPath() []string {
	path := n.Path
	if path == nil {
		path = []string{catalog.DefaultSchema}
	}
	if !slices.Contains(path, CatalogSchema) {
		path = append([]string{CatalogSchema}, path...)
	}
	return path
}

// Relation returns the relation with the given OID, user table or system relation.
func (n *Names) Relation(oid types.OID) *catalog.TableDef {
	if d := ByOID(oid); d != nil {
		return d
	}
	if n.Catalog == nil {
		return nil
	}
	if d := n.Catalog.TableByOID(oid); d != nil {
		return d
	}
	if ti, ok := n.findIndex(oid, false); ok {
		return indexRelation(ti)
	}
	for _, d := range compositeRelations(n.Catalog) {
		if d.OID == oid {
			return d
		}
	}
	return nil
}

// LookupRelation finds a relation by schema and name; an empty schema searches pg_catalog,
// then public.
func (n *Names) LookupRelation(schema, name string) *catalog.TableDef {
	if schema == "pg_temp" && n.TempSchema != "" {
		schema = n.TempSchema
	}
	if schema != "" {
		if d := Lookup(schema, name); d != nil {
			return d
		}
		if n.Catalog == nil {
			return nil
		}
		if d := n.Catalog.Table(schema, name); d != nil {
			return d
		}
		if t, ix := n.Catalog.IndexNamed(schema, name); t != nil {
			return indexRelation(tableIndex{t, ix})
		}
		if d := n.Catalog.Type(schema, name); d != nil && d.Kind == types.KindComposite && n.Catalog.RowTypeRelation(d) == nil {
			for _, rel := range compositeRelations(n.Catalog) {
				if rel.OID == d.RelOID {
					return rel
				}
			}
		}
		return nil
	}
	path := n.lookupPath()
	if n.TempSchema != "" {
		// Relations are looked up in the session's temporary schema first.
		path = append([]string{n.TempSchema}, path...)
	}
	for _, s := range path {
		if d := n.LookupRelation(s, name); d != nil {
			return d
		}
	}
	return nil
}

// TableVisible reports whether relation oid is found by its unqualified name
// (pg_table_is_visible).
func (n *Names) TableVisible(oid types.OID) bool {
	d := n.Relation(oid)
	if d == nil {
		return false
	}
	found := n.LookupRelation("", d.Name)
	return found != nil && found.OID == d.OID
}

// Function returns the function with the given OID, or nil.
func (n *Names) Function(oid types.OID) *catalog.Func {
	if n.Registry == nil {
		return nil
	}
	return funcIndex(n.Registry)[oid]
}

// Operator returns the operator with the given OID, or nil.
func (n *Names) Operator(oid types.OID) *catalog.Operator {
	if n.Registry == nil {
		return nil
	}
	for _, op := range n.Registry.AllOperators() {
		if op.OID == oid {
			return op
		}
	}
	return nil
}

// RoleName returns the name of role oid.
func (n *Names) RoleName(oid types.OID) (string, bool) {
	for _, r := range n.roles() {
		if r.OID == oid {
			return r.Name, true
		}
	}
	return "", false
}

// UserByID is pg_get_userbyid: the role's name, or "unknown (OID=n)".
func (n *Names) UserByID(oid types.OID) string {
	if name, ok := n.RoleName(oid); ok {
		return name
	}
	return fmt.Sprintf("unknown (OID=%d)", oid)
}

// roles lists every role (catalog.Catalog.Roles), and the session's user when it is a
// name the catalog does not know: a client trusted under that name, who acts as the
// bootstrap superuser.
func (n *Names) roles() []*catalog.RoleDef {
	cat := n.Catalog
	if cat == nil {
		cat = catalog.New()
	}
	rs := cat.Roles()
	if n.User != "" && cat.Role(n.User) == nil {
		rs = append(rs, &catalog.RoleDef{OID: sessionRole, Name: n.User, Superuser: true, Inherit: true, CreateRole: true,
			CreateDB: true, Login: true, Replication: true, BypassRLS: true, ConnLimit: -1})
	}
	return rs
}

// FormatType is format_type(oid, typmod): the SQL name of a type with its modifier.
// typmodKnown false stands for a NULL typmod, which prints character for bpchar where -1
// prints bpchar, as PostgreSQL does.
func FormatType(oid types.OID, typmod int32, typmodKnown bool) string {
	d := types.ByOID(oid)
	if d == nil {
		return "???"
	}
	if oid == types.Bpchar && typmodKnown && typmod < 0 {
		return "bpchar"
	}
	if !typmodKnown {
		typmod = -1
	}
	switch oid {
	case types.Timestamp, types.Timestamptz, types.Time:
		if typmod >= 0 {
			name := d.SQLName
			i := strings.IndexByte(name, ' ')
			return fmt.Sprintf("%s(%d)%s", name[:i], typmod, name[i:])
		}
	}
	return types.T{OID: oid, Typmod: typmod}.String()
}

// FunctionArguments is pg_get_function_arguments: the argument list of function oid as
// CREATE FUNCTION would declare it ("integer, integer", "VARIADIC \"any\"", "vars jsonb
// DEFAULT '{}'::jsonb"), with the names and defaults the function has, and its rows'
// columns as OUT parameters ("from_json json, OUT key text, OUT value json").
func FunctionArguments(f *catalog.Func) string {
	parts := make([]string, 0, len(f.Args)+len(f.OutCols))
	firstDefault := len(f.Args) - len(f.ArgDefaults)
	for i, a := range f.Args {
		var b strings.Builder
		if f.Variadic && i == len(f.Args)-1 {
			b.WriteString("VARIADIC ")
			a = variadicArray(a)
		}
		if i < len(f.ArgNames) && f.ArgNames[i] != "" {
			b.WriteString(types.QuoteIdent(f.ArgNames[i]) + " ")
		}
		b.WriteString(FormatType(a, -1, false))
		if i >= firstDefault {
			b.WriteString(" DEFAULT " + defaultExpr(a, f.ArgDefaults[i-firstDefault]))
		}
		parts = append(parts, b.String())
	}
	for _, c := range f.OutCols {
		parts = append(parts, "OUT "+types.QuoteIdent(c.Name)+" "+FormatType(c.Type, -1, false))
	}
	return strings.Join(parts, ", ")
}

// defaultExpr prints an argument's default as PostgreSQL deparses the constant: booleans
// and non-negative numbers bare, anything else a quoted literal cast to the type.
func defaultExpr(t types.OID, text string) string {
	switch t {
	case types.Bool:
		return text
	case types.Int2, types.Int4, types.Int8, types.Float4, types.Float8, types.Numeric:
		if !strings.HasPrefix(text, "-") {
			return text
		}
	}
	return "'" + strings.ReplaceAll(text, "'", "''") + "'::" + FormatType(t, -1, false)
}

// variadicArray is the declared type of a variadic parameter whose elements are elem: its
// array type ("any" is its own).
func variadicArray(elem types.OID) types.OID {
	if a := types.ArrayOf(elem); a != nil {
		return a.OID
	}
	return elem
}

// FunctionResult is pg_get_function_result: the return type, with SETOF for set-returning
// functions.
func FunctionResult(f *catalog.Func) string {
	r := FormatType(f.Ret, -1, false)
	if f.RetSet {
		return "SETOF " + r
	}
	return r
}

// functionSignature prints name(argtypes) as regprocedure does.
func functionSignature(f *catalog.Func) string {
	parts := make([]string, len(f.Args))
	for i, a := range f.Args {
		if f.Variadic && i == len(f.Args)-1 {
			a = variadicArray(a)
		}
		parts[i] = FormatType(a, -1, false)
	}
	return f.Name + "(" + strings.Join(parts, ",") + ")"
}

// ObjectName implements types.ObjectNames.
func (n *Names) ObjectName(t, oid types.OID) (string, bool) {
	switch t {
	case types.Regclass:
		d := n.Relation(oid)
		if d == nil {
			return "", false
		}
		if n.TableVisible(oid) {
			return types.QuoteIdent(d.Name), true
		}
		return types.QuoteIdent(d.Schema) + "." + types.QuoteIdent(d.Name), true
	case types.Regtype:
		if types.ByOID(oid) == nil {
			return "", false
		}
		if d, _ := n.typeDef(oid); d == nil && oid >= catalog.FirstUserOID {
			return "", false // a user type this snapshot does not have
		}
		return n.FormatType(oid, -1, false), true
	case types.Regproc:
		if f := n.Function(oid); f != nil {
			return f.Name, true
		}
		if f := n.UserFunction(oid); f != nil {
			return n.userFunctionName(f), true
		}
	case types.Regprocedure:
		if f := n.Function(oid); f != nil {
			return functionSignature(f), true
		}
		if f := n.UserFunction(oid); f != nil {
			return n.userFunctionName(f) + "(" + n.userArgTypes(f) + ")", true
		}
	case types.Regoper:
		if op := n.Operator(oid); op != nil {
			return op.Name, true
		}
	case types.Regoperator:
		if op := n.Operator(oid); op != nil {
			l, r := "NONE", FormatType(op.Right, -1, false)
			if op.Left != 0 {
				l = FormatType(op.Left, -1, false)
			}
			return op.Name + "(" + l + "," + r + ")", true
		}
	case types.Regnamespace:
		if s := namespaceName(n.Catalog, oid); s != "" {
			return types.QuoteIdent(s), true
		}
	case types.Regrole:
		if r, ok := n.RoleName(oid); ok {
			return types.QuoteIdent(r), true
		}
	}
	return "", false
}

// ObjectOID implements types.ObjectNames.
func (n *Names) ObjectOID(t types.OID, name string) (types.OID, error) {
	switch t {
	case types.Regclass:
		parts, err := splitQualified(name)
		if err != nil {
			return 0, err
		}
		var schema string
		switch len(parts) {
		case 1:
		case 2:
			schema = parts[0]
		case 3:
			schema = parts[1]
		default:
			return 0, pgerror.Newf(pgcode.SyntaxError, "improper relation name (too many dotted names): %s", name)
		}
		if d := n.LookupRelation(schema, parts[len(parts)-1]); d != nil {
			return d.OID, nil
		}
		return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", strings.Join(parts, "."))
	case types.Regtype:
		s := strings.TrimSpace(name)
		s = strings.TrimPrefix(s, "pg_catalog.")
		if i := strings.IndexByte(s, '('); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
		arr := strings.HasSuffix(s, "[]")
		s = strings.TrimSuffix(s, "[]")
		s = strings.Trim(s, "\"")
		d := types.ByName(s)
		if d == nil && n.Catalog != nil {
			if u := n.lookupType(s); u != nil {
				d = types.ByOID(u.OID)
			} else if u := n.lookupType(strings.TrimPrefix(s, "_")); u != nil && strings.HasPrefix(s, "_") {
				d = types.ByOID(u.ArrayOID)
			}
		}
		if d != nil && d.OID != types.Unknown {
			if !arr {
				return d.OID, nil
			}
			if a := types.ArrayOf(d.OID); a != nil {
				return a.OID, nil
			}
		}
		return 0, pgerror.Newf(pgcode.UndefinedObject, "type \"%s\" does not exist", name)
	case types.Regproc, types.Regprocedure:
		fname := name
		if i := strings.IndexByte(fname, '('); i >= 0 {
			fname = fname[:i]
		}
		parts, err := splitQualified(fname)
		if err != nil {
			return 0, err
		}
		if oid, ok, err := n.userFunctionOID(t, parts, name); ok || err != nil {
			return oid, err
		}
		fs := n.Registry.Funcs(parts[len(parts)-1])
		if t == types.Regprocedure {
			for _, f := range fs {
				if functionSignature(f) == normalizeSignature(name) {
					return f.OID, nil
				}
			}
			return 0, pgerror.Newf(pgcode.UndefinedFunction, "function \"%s\" does not exist", name)
		}
		switch len(fs) {
		case 0:
			return 0, pgerror.Newf(pgcode.UndefinedFunction, "function \"%s\" does not exist", name)
		case 1:
			return fs[0].OID, nil
		}
		return 0, pgerror.Newf(pgcode.AmbiguousFunction, "more than one function named \"%s\"", name)
	case types.Regnamespace:
		parts, err := splitQualified(name)
		if err != nil {
			return 0, err
		}
		if oid := namespaceOID(n.Catalog, parts[0]); oid != 0 && len(parts) == 1 {
			return oid, nil
		}
		return 0, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", name)
	case types.Regrole:
		parts, err := splitQualified(name)
		if err != nil {
			return 0, err
		}
		for _, r := range n.roles() {
			if len(parts) == 1 && r.Name == parts[0] {
				return r.OID, nil
			}
		}
		return 0, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", name)
	}
	return 0, pgerror.Newf(pgcode.FeatureNotSupported, "cannot look up a %s by name", types.Of(t))
}

// normalizeSignature rewrites "abs(int)" as "abs(integer)", the form functionSignature
// prints, by reading each argument type.
func normalizeSignature(s string) string {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return s
	}
	args := strings.TrimSpace(s[open+1 : len(s)-1])
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	if args == "" {
		return name + "()"
	}
	var out []string
	for _, a := range strings.Split(args, ",") {
		a = strings.TrimSpace(a)
		if d := types.ByName(strings.Trim(strings.TrimPrefix(a, "pg_catalog."), "\"")); d != nil {
			a = FormatType(d.OID, -1, false)
		}
		out = append(out, a)
	}
	return name + "(" + strings.Join(out, ",") + ")"
}

// splitQualified splits a possibly qualified, possibly quoted name as
// stringToQualifiedNameList does: unquoted parts are folded to lower case.
func splitQualified(s string) ([]string, error) {
	var parts []string
	i := 0
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		var part strings.Builder
		if i < len(s) && s[i] == '"' {
			i++
			for {
				if i >= len(s) {
					return nil, pgerror.New(pgcode.InvalidName, "invalid name syntax")
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						part.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				part.WriteByte(s[i])
				i++
			}
		} else {
			start := i
			for i < len(s) && s[i] != '.' && s[i] != ' ' {
				i++
			}
			if i == start {
				return nil, pgerror.New(pgcode.InvalidName, "invalid name syntax")
			}
			part.WriteString(strings.ToLower(s[start:i]))
		}
		parts = append(parts, part.String())
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			return parts, nil
		}
		if s[i] != '.' {
			return nil, pgerror.New(pgcode.InvalidName, "invalid name syntax")
		}
		i++
	}
}

// lookupType finds a user type by a possibly schema-qualified name, an unqualified one
// along the search path.
func (n *Names) lookupType(name string) *catalog.TypeDef {
	if schema, base, ok := strings.Cut(name, "."); ok {
		return n.Catalog.Type(schema, base)
	}
	for _, s := range n.lookupPath() {
		if d := n.Catalog.Type(s, name); d != nil {
			return d
		}
	}
	return nil
}

// PathSchemas returns the schemas of the search path that exist, in order, with pg_catalog
// first when implicit asks for the implicitly searched schemas too (current_schemas).
func (n *Names) PathSchemas(implicit bool) []string {
	var out []string
	for i, s := range n.lookupPath() {
		if i == 0 && s == CatalogSchema && !slices.Contains(n.Path, CatalogSchema) && !implicit {
			continue
		}
		if SystemSchema(s) || n.Catalog != nil && n.Catalog.SchemaExists(s) {
			out = append(out, s)
		}
	}
	return out
}

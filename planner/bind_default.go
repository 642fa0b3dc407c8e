package planner

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// defaultClause names column defaults in PostgreSQL's "... not allowed in %s" errors.
const defaultClause = "DEFAULT expressions"

// columnDefault checks the DEFAULT expression raw of column col where it is declared (CREATE
// TABLE, ALTER TABLE) and returns the SQL text the catalog keeps. The expression is bound
// once here so that mistakes are reported at DDL time, as PostgreSQL does.
func (b *binder) columnDefault(raw *pg_query.Node, col catalog.Column) (string, error) {
	e, err := b.expr(raw, &scope{aggClause: defaultClause, noColumns: "DEFAULT expression"})
	if err != nil {
		return "", err
	}
	if from := e.Type(); !isUnknown(e) && from.OID != col.Type.OID && !types.CanCast(from.OID, col.Type.OID, types.Assignment) {
		return "", b.errorf(-1, pgcode.DatatypeMismatch, "column \"%s\" is of type %s but default expression is of type %s", col.Name, col.Type, from).
			WithHint("You will need to rewrite or cast the expression.")
	}
	if _, err := b.assign(e, col, location(raw)); err != nil {
		return "", err
	}
	if name, ok := nextvalLiteral(raw); ok {
		// The unknown literal is a regclass, as PostgreSQL reads it: the default then
		// depends on the sequence (pg_depend, DROP SEQUENCE) like a serial column's.
		return "nextval('" + strings.ReplaceAll(name, "'", "''") + "'::regclass)", nil
	}
	if arg, ok := nextvalCast(raw); ok {
		// nextval('name'::text) looks the sequence up at each call: PostgreSQL shows the
		// cast to regclass its argument takes then.
		text, err := deparseExpr(arg, "default expression")
		if err != nil {
			return "", err
		}
		return "nextval((" + text + ")::regclass)", nil
	}
	text, err := deparseExpr(raw, "default expression")
	if err != nil {
		return "", err
	}
	return text + b.literalDefaultCast(raw, col), nil
}

// nextvalCast returns the argument of nextval(x::type) when type is not regclass.
func nextvalCast(raw *pg_query.Node) (*pg_query.Node, bool) {
	fc := raw.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 || !isNextval(fc) {
		return nil, false
	}
	tc := fc.Args[0].GetTypeCast()
	if tc == nil || tc.TypeName == nil {
		return nil, false
	}
	if tn := names(tc.TypeName.Names); tn[len(tn)-1] == "regclass" {
		return nil, false
	}
	return fc.Args[0], true
}

// isNextval reports whether a call names nextval (or pg_catalog.nextval).
func isNextval(fc *pg_query.FuncCall) bool {
	parts := names(fc.Funcname)
	return parts[len(parts)-1] == "nextval" && (len(parts) == 1 || len(parts) == 2 && parts[0] == "pg_catalog")
}

// nextvalLiteral returns the sequence name of nextval('name'), a call whose argument is an
// untyped string literal.
func nextvalLiteral(raw *pg_query.Node) (string, bool) {
	fc := raw.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 || fc.AggStar || fc.AggDistinct || fc.Over != nil {
		return "", false
	}
	if !isNextval(fc) {
		return "", false
	}
	c := fc.Args[0].GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", false
	}
	return c.GetSval().Sval, true
}

// literalDefaultCast is the cast PostgreSQL shows after a quoted literal DEFAULT (its
// pg_get_expr, which psql's \d prints): 'x'::text, '2020-01-01'::date. Numbers and booleans
// are shown as the constants they become, and a domain's defaults as written.
func (b *binder) literalDefaultCast(raw *pg_query.Node, col catalog.Column) string {
	c, ok := raw.Node.(*pg_query.Node_AConst)
	if !ok || c.AConst.GetSval() == nil || len(b.cat.DomainChain(col.Type.OID)) > 0 {
		return ""
	}
	if t := types.ByOID(col.Type.OID); t != nil && (t.Category == types.CatNumeric || t.Category == types.CatBool) {
		return ""
	}
	names := &pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user, Path: b.path, TempSchema: b.tempSchema}
	return "::" + names.FormatType(col.Type.OID, -1, true)
}

// deparseExpr returns the SQL text of an expression, the form the catalog keeps DEFAULT and
// CHECK expressions in; what names it in an internal error.
func deparseExpr(raw *pg_query.Node, what string) (string, error) {
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{
		Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{TargetList: []*pg_query.Node{
			{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: raw}}}}}}}}}})
	if err != nil {
		return "", pgerror.Wrapf(err, pgcode.InternalError, "could not store the %s", what)
	}
	return strings.TrimPrefix(sql, "SELECT "), nil
}

// bindStored binds an expression the catalog keeps as SQL text (deparseExpr's) with bind.
// Errors carry no cursor position, since the text is not part of the statement being run;
// what names the expression in an internal error.
func (b *binder) bindStored(text, what string, bind func(raw *pg_query.Node) (Expr, error)) (Expr, error) {
	sqlText := "SELECT " + text
	tree, err := pg_query.Parse(sqlText)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, pgerror.Newf(pgcode.InternalError, "invalid stored %s", what)
	}
	sel, ok := tree.Stmts[0].Stmt.Node.(*pg_query.Node_SelectStmt)
	if !ok || len(sel.SelectStmt.TargetList) != 1 {
		return nil, pgerror.Newf(pgcode.InternalError, "invalid stored %s", what)
	}
	raw := sel.SelectStmt.TargetList[0].Node.(*pg_query.Node_ResTarget).ResTarget.Val
	saved := b.sql
	b.sql = sqlText
	defer func() { b.sql = saved }()
	e, err := bind(raw)
	if err != nil {
		if pe, ok := err.(*pgerror.Error); ok {
			pe.Position = 0
		}
		return nil, err
	}
	return e, nil
}

// bindDefault binds the value column col gets when a statement does not give one: its
// DEFAULT expression coerced to the column's type, or NULL. The stored text is bound afresh
// each time so volatile defaults (now()) are evaluated per statement; errors carry no
// cursor position since the text is not part of the statement being run.
func (b *binder) bindDefault(col catalog.Column) (Expr, error) {
	text := col.Default
	if text == "" {
		text = b.domainDefault(col.Type)
	}
	if text == "" {
		return b.assign(nullConst(types.BaseType(col.Type)), col, -1)
	}
	return b.bindStored(text, "default of column \""+col.Name+"\"", func(raw *pg_query.Node) (Expr, error) {
		e, err := b.expr(raw, &scope{aggClause: defaultClause, noColumns: "DEFAULT expression"})
		if err != nil {
			return nil, err
		}
		return b.assign(e, col, -1)
	})
}

// defaultsFor binds the defaults of the table's columns not in target, for the rows an
// INSERT or COPY writes: it returns the columns that have a DEFAULT (the others stay NULL)
// and their bound expressions.
func (b *binder) defaultsFor(def *catalog.TableDef, target []int) ([]int, []Expr, error) {
	given := make([]bool, len(def.Columns))
	for _, i := range target {
		given[i] = true
	}
	var cols []int
	var exprs []Expr
	for i, c := range def.Columns {
		// A column of a domain without a DEFAULT of its own takes the domain's default, or
		// a NULL that must pass the domain's NOT NULL.
		if given[i] || c.Default == "" && len(b.cat.DomainChain(c.Type.OID)) == 0 {
			continue
		}
		e, err := b.bindDefault(c)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, i)
		exprs = append(exprs, e)
	}
	return cols, exprs, nil
}

package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// StoredExprDefinition prints an expression the catalog keeps as SQL text for table def, a
// CHECK constraint's or a column's DEFAULT, as pg_get_expr prints it (and
// pg_get_constraintdef inside CHECK (...)): bound as PostgreSQL analysed it, a DEFAULT
// coerced to its column's type, and printed as a view's expressions are (viewdef.go), with
// literals typed and implicit casts of operands shown, but columns unqualified since the
// expression has one relation. It reports false when the text no longer binds; the caller
// then prints it as stored.
func StoredExprDefinition(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, expr string, opt ViewDefOptions) (string, bool) {
	tree, err := pg_query.Parse("SELECT " + expr)
	if err != nil || len(tree.Stmts) != 1 {
		return "", false
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.TargetList[0].GetResTarget() == nil {
		return "", false
	}
	raw := sel.TargetList[0].GetResTarget().Val
	b := newBinder(cat, reg, expr, opt.Scope)
	b.notes = newViewNotes()
	if err := b.bindStoredAs(def, expr, raw); err != nil {
		return "", false
	}
	d := &viewDeparser{b: b, notes: b.notes, paren: opt.Pretty, wrap: opt.Wrap, bindPath: b.path,
		ctes: map[string]bool{}, bare: true}
	if opt.Path != nil {
		b.path = opt.Path
	}
	d.expr(raw, false)
	return string(d.buf), true
}

// DomainCheckDefinition prints a CHECK expression of a domain over base as
// pg_get_constraintdef does inside CHECK (...), VALUE included; false when it no longer
// binds.
func DomainCheckDefinition(cat *catalog.Catalog, reg *catalog.Registry, base types.T, expr string, opt ViewDefOptions) (string, bool) {
	tree, err := pg_query.Parse("SELECT " + expr)
	if err != nil || len(tree.Stmts) != 1 {
		return "", false
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.TargetList[0].GetResTarget() == nil {
		return "", false
	}
	raw := sel.TargetList[0].GetResTarget().Val
	b := newBinder(cat, reg, expr, opt.Scope)
	b.notes = newViewNotes()
	if _, err := b.domainCheck(raw, base); err != nil {
		return "", false
	}
	d := &viewDeparser{b: b, notes: b.notes, paren: opt.Pretty, bindPath: b.path, ctes: map[string]bool{}, bare: true, domainValue: true}
	if opt.Path != nil {
		b.path = opt.Path
	}
	d.expr(raw, false)
	return string(d.buf), true
}

// bindStoredAs binds raw, the parsed form of text, as the DEFAULT of the column of def that
// has it, or else as an expression over def's row (a CHECK constraint).
func (b *binder) bindStoredAs(def *catalog.TableDef, text string, raw *pg_query.Node) error {
	for _, c := range def.Columns {
		if c.Default == text {
			e, err := b.expr(raw, &scope{aggClause: defaultClause, noColumns: "DEFAULT expression"})
			if err != nil {
				return err
			}
			out, err := b.assign(e, c, -1)
			if err == nil && out.Type().OID != e.Type().OID {
				b.notes.coerced(e, out) // the cast to the column's type, hidden but a parent
			}
			return err
		}
	}
	_, err := b.expr(raw, rowScope(def))
	return err
}

package planner

import (
	"cmp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// A view's definition is printed back as PostgreSQL's pg_get_viewdef does (its ruleutils):
// every column qualified by its range's name, literals with the type they were resolved
// to, implicit coercions of operands shown as casts, each clause on a line of its own at
// fixed indentation. PostgreSQL prints the analysed query; here the stored parse tree is
// bound again with notes taken (viewdef_notes.go) and printed with their help.

// Indentation steps of PostgreSQL's pretty printer.
const (
	indentStd  = 8  // a query level
	indentJoin = 4  // a JOIN under its FROM
	indentVar  = 4  // a SELECT-list entry on a line of its own
	indentMax  = 40 // beyond this, nested levels indent less
)

// ViewDefOptions selects pg_get_viewdef's form.
type ViewDefOptions struct {
	// Pretty drops the parentheses around every operator that the plain form keeps.
	Pretty bool
	// Wrap is the line length beyond which SELECT-list entries and FROM items go on lines
	// of their own: 0 puts each on its own line; negative never wraps.
	Wrap int
	// Scope is the session's, for resolving names.
	Scope Scope
	// Path is the session's search path as it stands (an empty one names no schema),
	// which decides the relation and type names printed with their schema; nil takes the
	// scope's.
	Path []string
}

// ViewDefinition returns the defining query of a view or materialized view as
// pg_get_viewdef prints it. A query that no longer binds is printed as stored.
func ViewDefinition(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, opt ViewDefOptions) string {
	stored := " " + def.ViewSQL + ";"
	parsed, err := pg_query.Parse(def.ViewSQL)
	if err != nil || len(parsed.Stmts) != 1 {
		return stored
	}
	sel, ok := parsed.Stmts[0].Stmt.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return stored
	}
	b := newBinder(cat, reg, def.ViewSQL, opt.Scope)
	b.notes = newViewNotes()
	b.expanding = map[types.OID]bool{def.OID: true}
	if _, err := b.selectStmt(sel.SelectStmt, nil); err != nil {
		return stored
	}
	d := &viewDeparser{b: b, notes: b.notes, paren: opt.Pretty, wrap: opt.Wrap, bindPath: b.path, ctes: map[string]bool{}}
	if opt.Path != nil {
		b.path = opt.Path
	}
	walkParseTree(sel.SelectStmt.ProtoReflect(), func(m pgMessage) {
		if c, ok := m.Interface().(*pg_query.CommonTableExpr); ok {
			d.ctes[c.Ctename] = true
		}
	})
	names := make([]string, len(def.Columns))
	for i, c := range def.Columns {
		names[i] = c.Name
	}
	d.query(sel.SelectStmt, names, 0)
	d.buf = append(d.buf, ';')
	return string(d.buf)
}

// viewDeparser prints a parse tree with the notes its binding took. It follows the
// structure of PostgreSQL's printer: one buffer, an indentation level that clauses move,
// and keywords that start a new line.
type viewDeparser struct {
	b      *binder
	notes  *viewNotes
	buf    []byte
	paren  bool // PostgreSQL's PRETTYFLAG_PAREN
	wrap   int
	indent int
	// domainValue prints the one column of a domain's CHECK as VALUE.
	domainValue bool
	// bindPath is the search path the query was bound with; the binder's is the session's.
	bindPath []string
	// ctes holds the names the query's WITH clauses define.
	ctes map[string]bool
	// bare prints column references without their range (an index's expressions, which
	// read one table).
	bare bool
	// levels holds, innermost last, the names each query level prints its ranges by
	// (viewdef_names.go).
	levels []*rangeNames
}

// keyword starts a new line indented by the current level plus plus, after moving the
// level by before, writes s and moves the level by after (appendContextKeyword).
func (d *viewDeparser) keyword(s string, before, after, plus int) {
	d.indent += before
	d.trimSpaces()
	d.buf = append(d.buf, '\n')
	n := max(d.indent, 0) + plus
	if d.indent >= indentMax {
		n = (indentMax+(d.indent-indentMax)/(indentStd/2))%indentMax + plus
	}
	d.buf = append(d.buf, strings.Repeat(" ", n)...)
	d.buf = append(d.buf, s...)
	d.indent = max(d.indent+after, 0)
}

func (d *viewDeparser) trimSpaces() {
	for len(d.buf) > 0 && d.buf[len(d.buf)-1] == ' ' {
		d.buf = d.buf[:len(d.buf)-1]
	}
}

func (d *viewDeparser) str(s string) { d.buf = append(d.buf, s...) }

// query prints a SELECT at indentation start; names are the result's column names when
// they are the view's (nil: the entries' own names).
func (d *viewDeparser) query(s *pg_query.SelectStmt, names []string, start int) {
	saved := d.indent
	d.indent = start
	d.pushLevel(s)
	defer d.popLevel()
	d.withClause(s.WithClause)
	setOp := isSetOp(s)
	switch {
	case setOp:
		d.setOp(s, names)
	default:
		d.basicSelect(s, names)
	}
	d.orderBy(s, setOp)
	d.limit(s)
	d.indent = saved
}

func isSetOp(s *pg_query.SelectStmt) bool {
	return s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED
}

func (d *viewDeparser) withClause(w *pg_query.WithClause) {
	if w == nil || len(w.Ctes) == 0 {
		return
	}
	d.indent += indentStd
	d.str(" ")
	sep := "WITH "
	if w.Recursive {
		sep = "WITH RECURSIVE "
	}
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		d.str(sep + types.QuoteIdent(c.Ctename))
		if len(c.Aliascolnames) > 0 {
			d.str("(" + quoteNames(names(c.Aliascolnames)) + ")")
		}
		d.str(" AS ")
		switch c.Ctematerialized {
		case pg_query.CTEMaterialize_CTEMaterializeAlways:
			d.str("MATERIALIZED ")
		case pg_query.CTEMaterialize_CTEMaterializeNever:
			d.str("NOT MATERIALIZED ")
		}
		d.str("(")
		d.keyword("", 0, 0, 0)
		if q := c.Ctequery.GetSelectStmt(); q != nil {
			d.query(q, nil, d.indent)
		}
		d.keyword("", 0, 0, 0)
		d.str(")")
		sep = ", "
	}
	d.indent -= indentStd
	d.keyword("", 0, 0, 0)
}

func quoteNames(ns []string) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = types.QuoteIdent(n)
	}
	return strings.Join(out, ", ")
}

// setOp prints UNION, INTERSECT and EXCEPT trees (get_setop_query).
func (d *viewDeparser) setOp(s *pg_query.SelectStmt, names []string) {
	if !isSetOp(s) {
		needParen := s.WithClause != nil || len(s.SortClause) > 0 || len(s.LockingClause) > 0 ||
			s.LimitCount != nil || s.LimitOffset != nil
		if needParen {
			d.str("(")
		}
		d.query(s, names, d.indent)
		if needParen {
			d.str(")")
		}
		return
	}
	needParen := false
	if isSetOp(s.Larg) {
		needParen = s.Larg.Op != s.Op || s.Larg.All != s.All
	}
	sub := 0
	if needParen {
		d.str("(")
		sub = indentStd
		d.keyword("", sub, 0, 0)
	}
	d.setOp(s.Larg, names)
	if needParen {
		d.keyword(") ", -sub, 0, 0)
	} else {
		d.keyword("", -sub, 0, 0)
	}
	switch s.Op {
	case pg_query.SetOperation_SETOP_UNION:
		d.str("UNION ")
	case pg_query.SetOperation_SETOP_INTERSECT:
		d.str("INTERSECT ")
	case pg_query.SetOperation_SETOP_EXCEPT:
		d.str("EXCEPT ")
	}
	if s.All {
		d.str("ALL ")
	}
	needParen = isSetOp(s.Rarg)
	sub = 0
	if needParen {
		d.str("(")
		sub = indentStd
	}
	d.keyword("", sub, 0, 0)
	d.setOp(s.Rarg, names)
	d.indent -= sub
	if needParen {
		d.keyword(")", 0, 0, 0)
	}
}

// basicSelect prints a SELECT without set operations (get_basic_select_query).
func (d *viewDeparser) basicSelect(s *pg_query.SelectStmt, names []string) {
	d.indent += indentStd
	d.str(" ")
	if len(s.ValuesLists) > 0 {
		d.values(s.ValuesLists)
		return
	}
	d.str("SELECT")
	if len(s.DistinctClause) > 0 {
		if s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil {
			d.str(" DISTINCT ON (")
			for i, n := range s.DistinctClause {
				if i > 0 {
					d.str(", ")
				}
				d.sortGroupExpr(d.orderTarget(s, n), false)
			}
			d.str(")")
		} else {
			d.str(" DISTINCT")
		}
	}
	d.targetList(s.TargetList, names)
	d.fromClause(s.FromClause)
	if s.WhereClause != nil {
		d.keyword(" WHERE ", -indentStd, indentStd, 1)
		d.expr(s.WhereClause, false)
	}
	if len(s.GroupClause) > 0 {
		d.keyword(" GROUP BY ", -indentStd, indentStd, 1)
		if s.GroupDistinct {
			d.str("DISTINCT ")
		}
		d.groupByItems(s)
	}
	if s.HavingClause != nil {
		d.keyword(" HAVING ", -indentStd, indentStd, 0)
		d.expr(s.HavingClause, false)
	}
}

// values prints a VALUES list (get_values_def).
func (d *viewDeparser) values(lists []*pg_query.Node) {
	d.str("VALUES ")
	for i, l := range lists {
		if i > 0 {
			d.str(", ")
		}
		d.str("(")
		for j, v := range l.GetList().Items {
			if j > 0 {
				d.str(",")
			}
			d.expr(v, false)
		}
		d.str(")")
	}
}

// targetList prints the SELECT list, each entry after the first on a line of its own
// when it does not fit the wrap column (get_target_list).
func (d *viewDeparser) targetList(list []*pg_query.Node, names []string) {
	sep := " "
	col := 0
	lastMultiline := false
	for _, n := range list {
		rt := n.GetResTarget()
		if refs, ok := d.notes.stars[n]; ok {
			for _, r := range refs {
				col++
				name := r.Name
				if col <= len(names) {
					name = names[col-1]
				}
				entry := columnText(d.rangeName(0, cmp.Or(r.Rel, d.notes.usingRels[r])), r.Name)
				if name != r.Name {
					entry += " AS " + types.QuoteIdent(name)
				}
				d.str(sep)
				sep = ", "
				lastMultiline = d.appendEntry(entry, col, lastMultiline)
			}
			continue
		}
		col++
		d.str(sep)
		sep = ", "
		outer := d.buf
		d.buf = nil
		attname := "?column?"
		if c, ok := d.notes.bound[rt.Val].(*ColRef); ok && rt.Val.GetColumnRef() != nil {
			attname = c.Name
		}
		d.expr(rt.Val, true)
		name := d.notes.names[n]
		if col <= len(names) {
			name = names[col-1]
		}
		if name != "" && name != attname {
			d.str(" AS " + types.QuoteIdent(name))
		}
		entry := string(d.buf)
		d.buf = outer
		lastMultiline = d.appendEntry(entry, col, lastMultiline)
	}
}

// appendEntry adds a SELECT-list entry, starting a new line first if it would pass the
// wrap column or the previous entry took several lines; it reports whether this one does.
func (d *viewDeparser) appendEntry(entry string, col int, lastMultiline bool) bool {
	if d.wrap < 0 {
		d.str(entry)
		return false
	}
	rest := entry
	if strings.HasPrefix(entry, "\n") {
		d.trimSpaces()
	} else {
		line := d.buf
		if i := strings.LastIndexByte(string(line), '\n'); i >= 0 {
			line = line[i+1:]
		}
		if col > 1 && (len(line)+len(entry) > d.wrap || lastMultiline) {
			d.keyword("", -indentStd, indentStd, indentVar)
		}
		rest = "x" + entry
	}
	d.str(entry)
	return strings.Contains(rest[1:], "\n")
}

// columnText is a qualified column reference.
func columnText(rel, name string) string {
	if rel == "" {
		return types.QuoteIdent(name)
	}
	return types.QuoteIdent(rel) + "." + types.QuoteIdent(name)
}

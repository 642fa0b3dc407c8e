package planner

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Expression and partial indexes. A key of CREATE INDEX may be an expression over the
// table's row, and WHERE makes the index partial; both are bound here as PostgreSQL's
// ComputeIndexAttrs checks them (immutable functions only, no subqueries nor aggregates),
// and kept in the catalog as SQL text. An expression key is kept in the form PostgreSQL's
// pg_get_indexdef prints it in: a function call as it is, anything else in parentheses.
// Storage computes the keys of such an index through IndexKeys.

// indexKey is one bound key of CREATE INDEX.
type indexKey struct {
	col   int    // the key column, -1 for an expression
	expr  string // an expression key's stored text
	plain string // and its plain form
	refs  []int  // the columns the expression reads
	t     types.T
	label string // the key's part of the index's default name
}

// bindIndexKey binds key el of an index on def: a column, or an expression (one that is a
// bare column counts as that column, as in PostgreSQL).
func (b *binder) bindIndexKey(def *catalog.TableDef, el *pg_query.IndexElem) (indexKey, error) {
	if el.Name != "" {
		i := def.ColumnIndex(el.Name)
		if i < 0 {
			return indexKey{}, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" does not exist", el.Name)
		}
		return indexKey{col: i, t: def.Columns[i].Type, label: el.Name}, nil
	}
	sc := rowScope(def)
	sc.aggClause, sc.noSubquery = "index expressions", "index expression"
	e, text, plain, err := b.bindPrinted(el.Expr, func(raw *pg_query.Node) (Expr, error) { return b.expr(raw, sc) })
	if err != nil {
		return indexKey{}, err
	}
	if r, ok := e.(*ColRef); ok {
		return indexKey{col: r.Idx, t: r.T, label: def.Columns[r.Idx].Name}, nil
	}
	if mutable(e) {
		return indexKey{}, pgerror.New(pgcode.InvalidObjectDefinition, "functions in index expression must be marked IMMUTABLE")
	}
	if !looksLikeFunction(el.Expr) {
		text = "(" + text + ")"
	}
	label := "expr"
	if name, strength := colnameStrength(el.Expr); strength > 0 {
		label = name
	}
	return indexKey{col: -1, expr: text, plain: plain, refs: columnsRead(e), t: e.Type(), label: label}, nil
}

// bindIndexPredicate binds the WHERE of a partial index on def and returns its stored text,
// its plain form and the columns it reads.
func (b *binder) bindIndexPredicate(def *catalog.TableDef, where *pg_query.Node) (text, plain string, refs []int, err error) {
	sc := rowScope(def)
	sc.aggClause, sc.noSubquery = "index predicate", "index predicate"
	e, text, plain, err := b.bindPrinted(where, func(raw *pg_query.Node) (Expr, error) { return b.boolArg(raw, sc, "WHERE") })
	if err != nil {
		return "", "", nil, err
	}
	if mutable(e) {
		return "", "", nil, pgerror.New(pgcode.InvalidObjectDefinition, "functions in index predicate must be marked IMMUTABLE")
	}
	return text, plain, columnsRead(e), nil
}

// bindPrinted binds an expression of CREATE INDEX with bind and prints it as PostgreSQL's
// deparser does (casts the binding added shown, constants with their types, columns
// without their table): pretty, the form the catalog keeps, binds again and psql shows,
// and plain, with every operator parenthesised, as pg_indexes and pg_dump show it.
func (b *binder) bindPrinted(raw *pg_query.Node, bind func(*pg_query.Node) (Expr, error)) (e Expr, pretty, plain string, err error) {
	saved := b.notes
	b.notes = newViewNotes()
	defer func() { b.notes = saved }()
	if e, err = bind(raw); err != nil {
		return nil, "", "", err
	}
	print := func(paren bool) string {
		d := &viewDeparser{b: b, notes: b.notes, paren: paren, bindPath: b.path, ctes: map[string]bool{}, bare: true}
		d.expr(raw, false)
		return string(d.buf)
	}
	return e, print(true), print(false), nil
}

// looksLikeFunction reports whether PostgreSQL prints an index expression without
// parentheses of its own (ruleutils' looks_like_function).
func looksLikeFunction(raw *pg_query.Node) bool {
	switch x := raw.Node.(type) {
	case *pg_query.Node_FuncCall:
		return x.FuncCall.Funcformat == pg_query.CoercionForm_COERCE_EXPLICIT_CALL
	case *pg_query.Node_CoalesceExpr, *pg_query.Node_MinMaxExpr, *pg_query.Node_SqlvalueFunction:
		return true
	}
	return false
}

// mutable reports whether e calls a function that is not immutable, or casts with one.
func mutable(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		switch x := e.(type) {
		case *Call:
			found = found || x.Func.Volatility != catalog.Immutable
		case *Cast:
			found = found || castStable(x.Arg.Type(), x.T)
		case *Subquery:
			found = true
		}
	})
	return found
}

// castStable reports whether PostgreSQL's cast from one type to another depends on the
// session (TimeZone, DateStyle): between timestamptz and the other date/time types, and
// between date/time types and text, whose input and output functions are stable.
func castStable(from, to types.T) bool {
	if from.OID == to.OID {
		return false
	}
	if from.OID == types.Timestamptz || to.OID == types.Timestamptz {
		return from.OID != types.Interval && to.OID != types.Interval
	}
	dt := func(t types.T) bool {
		c := t.Category()
		return c == types.CatDateTime || c == types.CatTimespan
	}
	str := func(t types.T) bool { return t.Category() == types.CatString || t.OID == types.UnknownLit }
	return dt(from) && str(to) || str(from) && dt(to)
}

// columnsRead returns the columns of the row an expression reads, in order, once each.
func columnsRead(e Expr) []int {
	var out []int
	walkExpr(e, func(e Expr) {
		if r, ok := e.(*ColRef); ok && !slices.Contains(out, r.Idx) {
			out = append(out, r.Idx)
		}
	})
	slices.Sort(out)
	return out
}

// IndexKeys binds the keys of index ix of table def over the table's row (column i is the
// table's column i): one expression per key, in key order, and the predicate of a partial
// index (nil for a full one). Storage computes the keys of expression and partial indexes
// through it.
func IndexKeys(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, ix *catalog.IndexDef) (keys []Expr, pred Expr, err error) {
	b := newBinder(cat, reg, "", Scope{})
	sc := rowScope(def)
	for k, c := range ix.Columns {
		if c >= 0 {
			keys = append(keys, &ColRef{Idx: c, T: def.Columns[c].Type, Name: def.Columns[c].Name})
			continue
		}
		e, err := b.bindStored(ix.Expr(k), "index expression", func(raw *pg_query.Node) (Expr, error) { return b.expr(raw, sc) })
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, e)
	}
	if ix.Pred != "" {
		if pred, err = b.bindStored(ix.Pred, "index predicate", func(raw *pg_query.Node) (Expr, error) { return b.boolArg(raw, sc, "WHERE") }); err != nil {
			return nil, nil, err
		}
	}
	return keys, pred, nil
}

// renameInIndexes renames column old to name in the expressions and predicates of the
// indexes of def (ALTER TABLE ... RENAME COLUMN, def's column already renamed), printing
// them again in both forms.
func (b *binder) renameInIndexes(def *catalog.TableDef, old, name string) error {
	for i := range def.Indexes {
		ix := &def.Indexes[i]
		if ix.Exprs != nil {
			ix.Exprs, ix.ExprsPlain = slices.Clone(ix.Exprs), slices.Clone(ix.ExprsPlain)
		}
		for k, e := range ix.Exprs {
			if e == "" {
				continue
			}
			var err error
			if ix.Exprs[k], ix.ExprsPlain[k], err = b.reprint(def, renameInCheck(e, old, name), false); err != nil {
				return err
			}
		}
		if ix.Pred != "" {
			var err error
			if ix.Pred, ix.PredPlain, err = b.reprint(def, renameInCheck(ix.Pred, old, name), true); err != nil {
				return err
			}
		}
	}
	return nil
}

// reprint binds the stored text of an index expression (or predicate) over def's row and
// prints it in both forms, an expression key that is not a call in parentheses.
func (b *binder) reprint(def *catalog.TableDef, text string, pred bool) (pretty, plain string, err error) {
	sc := rowScope(def)
	var raw *pg_query.Node
	_, err = b.bindStored(text, "index expression", func(n *pg_query.Node) (Expr, error) {
		raw = n
		e, p, q, err := b.bindPrinted(n, func(n *pg_query.Node) (Expr, error) { return b.expr(n, sc) })
		pretty, plain = p, q
		return e, err
	})
	if err != nil {
		return "", "", err
	}
	if !pred && !looksLikeFunction(raw) {
		pretty = "(" + pretty + ")"
	}
	return pretty, plain, nil
}

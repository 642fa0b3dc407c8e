package planner

import (
	"math"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// IndexLookup makes a scan read, through a unique index, only the rows whose key equals
// Keys: one constant or parameter per index key, in the index's key order, of the key's
// type. Conds are the filter's equality conjuncts the lookup answers; the filter
// above the scan keeps them, so a store without index lookups still gives the right rows.
// EXPLAIN shows IndexCond (Conds with the column first, as PostgreSQL writes them) as the
// Index Cond and leaves Conds out of the Filter.
type IndexLookup struct {
	Index     *catalog.IndexDef
	Keys      []Expr
	Conds     []Expr
	IndexCond []Expr
}

// lookupByIndex turns a scan of a stored table under a filter that pins every column of
// one of its unique indexes to a constant or parameter (col = $1 AND ...) into an index
// lookup: the row with that key is found through the index instead of reading the table.
// The first such index in the table's order (the primary key first) is used. As in
// PostgreSQL, a table small enough that reading it costs less than a lookup (a few hundred
// narrow rows) is scanned instead, unless the statistics source prefers lookups.
func (o *optimizer) lookupByIndex(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		f, ok := p.(*Filter)
		if !ok {
			return p, nil
		}
		s, ok := f.Input.(*Scan)
		if !ok || s.Lookup != nil || !s.Table.HoldsRows() ||
			!o.prefersLookups() && o.scanCheaperThanLookup(s) {
			return p, nil
		}
		pinned := o.pinnedColumns(s, f.Pred)
		for i := range s.Table.Indexes {
			ix := &s.Table.Indexes[i]
			if !ix.Unique {
				continue
			}
			if !ix.Plain() {
				if l := o.exprLookup(s, f.Pred, ix); l != nil {
					ns := *s
					ns.Lookup = l
					return &Filter{Input: &ns, Pred: f.Pred}, nil
				}
				continue
			}
			l := &IndexLookup{Index: ix}
			for _, c := range ix.Columns {
				pin, ok := pinned[c]
				if !ok {
					l = nil
					break
				}
				l.Keys, l.Conds = append(l.Keys, pin.key), append(l.Conds, pin.cond)
				l.IndexCond = append(l.IndexCond, pin.shown)
			}
			if l != nil {
				ns := *s
				ns.Lookup = l
				return &Filter{Input: &ns, Pred: f.Pred}, nil
			}
		}
		return p, nil
	})
}

// pin is a filter conjunct fixing a table column to key; shown is the conjunct with the
// column on the left.
type pin struct {
	key, cond, shown Expr
}

// pinnedColumns returns, by table column ordinal, the conjuncts of pred of the form
// column = constant or parameter (either way round) where both sides have the column's
// type, so that equality is the index's.
func (o *optimizer) pinnedColumns(s *Scan, pred Expr) map[int]pin {
	out := map[int]pin{}
	for _, c := range conjuncts(pred) {
		call, ok := c.(*Call)
		if !ok || len(call.Args) != 2 || o.info.cmp[call.Func] != cmpEq {
			continue
		}
		for _, side := range [][2]Expr{{call.Args[0], call.Args[1]}, {call.Args[1], call.Args[0]}} {
			ref, isRef := side[0].(*ColRef)
			if !isRef || ref.Idx >= len(s.Cols) || s.Cols[ref.Idx] < 0 || !isLookupKey(side[1]) {
				continue
			}
			col := s.Cols[ref.Idx]
			if side[1].Type() != s.Table.Columns[col].Type || ref.T != s.Table.Columns[col].Type {
				continue
			}
			if _, dup := out[col]; !dup {
				shown := *call
				shown.Args = []Expr{side[0], side[1]} // "=" of one type commutes
				out[col] = pin{key: side[1], cond: c, shown: &shown}
			}
			break
		}
	}
	return out
}

// isLookupKey reports whether e is known before the scan runs: a constant or a parameter.
func isLookupKey(e Expr) bool {
	switch e.(type) {
	case *Const, *Param:
		return true
	}
	return false
}

// Conjuncts returns the terms of a conjunction (e itself when it is none; nil for nil).
func Conjuncts(e Expr) []Expr { return conjuncts(e) }

// prefersLookups reports whether the statistics source asks for index lookups whatever
// the table's size (LookupPreferrer).
func (o *optimizer) prefersLookups() bool {
	lp, ok := o.stats.(LookupPreferrer)
	return ok && lp.PreferLookups()
}

// scanCheaperThanLookup compares, in PostgreSQL's cost units and with its default
// constants, reading and filtering every row of s's table (a page per 8kB of rows plus CPU
// per row) with one lookup in a unique B-tree (two random page reads and a descent).
func (o *optimizer) scanCheaperThanLookup(s *Scan) bool {
	rows := o.tableRows(s)
	width := 24.0 // tuple header
	for _, c := range s.Table.Columns {
		switch d := types.ByOID(c.Type.OID); {
		case d != nil && d.Len > 0:
			width += float64(d.Len)
		default:
			width += 32
		}
	}
	const (
		pageSize, seqPage, randomPage = 8192.0, 1.0, 4.0
		cpuTuple, cpuOperator         = 0.01, 0.0025
	)
	scan := math.Ceil(rows*width/pageSize)*seqPage + rows*(cpuTuple+cpuOperator)
	lookup := 2*randomPage + math.Ceil(math.Log2(max(rows, 2)))*cpuOperator + 100*cpuOperator
	return scan < lookup
}

// tableRows is the number of rows of s's table: counted when the statistics source can
// count them, as every single-row statement asks, else estimated from the statistics.
func (o *optimizer) tableRows(s *Scan) float64 {
	if rc, ok := o.stats.(RowCounter); ok {
		if n, ok := rc.TableRows(s.Table); ok {
			return max(n, 1)
		}
	}
	return o.estimate(s).rows
}

// exprLookup is lookupByIndex for an expression or partial unique index ix: every key
// (column or expression) must be pinned by a conjunct key = constant or parameter of the
// key's type, and the conjuncts must imply a partial index's predicate, so that the rows
// the index leaves out cannot pass the filter. It returns nil when they do not.
func (o *optimizer) exprLookup(s *Scan, pred Expr, ix *catalog.IndexDef) *IndexLookup {
	keys, ixPred, err := IndexKeys(catalog.New(), o.reg, s.Table, ix)
	if err != nil {
		return nil
	}
	outOf := map[int]int{} // table column -> scan output
	for i, c := range s.Cols {
		if c >= 0 {
			outOf[c] = i
		}
	}
	onScan := func(e Expr) (Expr, bool) {
		ok := true
		out := mapColRefs(e, func(r *ColRef) Expr {
			i, found := outOf[r.Idx]
			ok = ok && found
			return &ColRef{Idx: i, T: r.T, Name: r.Name, Rel: r.Rel}
		})
		return out, ok
	}
	conds := conjuncts(pred)
	l := &IndexLookup{Index: ix}
	if ixPred != nil {
		p, ok := onScan(ixPred)
		if !ok || !(implication{o.info}).impliedBy(p, conds) {
			return nil
		}
		// Conjuncts the predicate implies hold for every row the index has: PostgreSQL
		// leaves them out of the scan's filter.
		for _, c := range conds {
			if (implication{o.info}).impliedBy(c, conjuncts(p)) {
				l.Conds = append(l.Conds, c)
			}
		}
	}
	for _, k := range keys {
		key, ok := onScan(k)
		if !ok {
			return nil
		}
		pin, ok := o.pinnedExpr(conds, key)
		if !ok {
			return nil
		}
		l.Keys, l.Conds, l.IndexCond = append(l.Keys, pin.key), append(l.Conds, pin.cond), append(l.IndexCond, pin.shown)
	}
	return l
}

// pinnedExpr finds the conjunct key = constant or parameter (either way round) whose
// sides both have key's type.
func (o *optimizer) pinnedExpr(conds []Expr, key Expr) (pin, bool) {
	for _, c := range conds {
		call, ok := c.(*Call)
		if !ok || len(call.Args) != 2 || o.info.cmp[call.Func] != cmpEq {
			continue
		}
		for _, side := range [][2]Expr{{call.Args[0], call.Args[1]}, {call.Args[1], call.Args[0]}} {
			if sameIndexExpr(side[0], key) && isLookupKey(side[1]) && side[1].Type() == key.Type() {
				shown := *call
				shown.Args = []Expr{side[0], side[1]}
				return pin{key: side[1], cond: c, shown: &shown}, true
			}
		}
	}
	return pin{}, false
}

// mapColRefs returns e with every column reference replaced by fn's.
func mapColRefs(e Expr, fn func(*ColRef) Expr) Expr {
	if r, ok := e.(*ColRef); ok {
		return fn(r)
	}
	return mapChildren(e, func(c Expr) Expr { return mapColRefs(c, fn) })
}

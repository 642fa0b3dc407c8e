package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// rangeNames is one query level's names for its ranges: PostgreSQL prints a range whose
// name an enclosing level already uses under a new one, the name with "_1", "_2", ...
// appended (set_rtable_names), so that every column reference stays unambiguous.
type rangeNames struct {
	printed map[string]string // the range's own name -> the name printed
	taken   map[string]bool   // every name printed at this level
}

// pushLevel names the ranges of a query level about to be printed.
func (d *viewDeparser) pushLevel(s *pg_query.SelectStmt) {
	lvl := &rangeNames{printed: map[string]string{}, taken: map[string]bool{}}
	if len(d.levels) == 0 {
		// A view's rule has the ranges old and new at its top level.
		lvl.taken["old"], lvl.taken["new"] = true, true
	}
	used := func(name string) bool {
		if lvl.taken[name] {
			return true
		}
		for _, l := range d.levels {
			if l.taken[name] {
				return true
			}
		}
		return false
	}
	counters := map[string]int{}
	var visit func(n *pg_query.Node)
	visit = func(n *pg_query.Node) {
		if j := n.GetJoinExpr(); j != nil {
			visit(j.Larg)
			visit(j.Rarg)
			if j.Alias != nil {
				lvl.taken[j.Alias.Aliasname] = true
			}
			return
		}
		name := refName(n)
		if name == "" {
			return
		}
		out := name
		for used(out) {
			counters[name]++
			out = name + "_" + strconv.Itoa(counters[name])
		}
		lvl.printed[name] = out
		lvl.taken[out] = true
	}
	if !isSetOp(s) {
		for _, n := range s.FromClause {
			visit(n)
		}
	}
	d.levels = append(d.levels, lvl)
}

func (d *viewDeparser) popLevel() { d.levels = d.levels[:len(d.levels)-1] }

// refName is the name a FROM item is referred to by: its alias, or a relation's name.
func refName(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		if x.RangeVar.Alias != nil {
			return x.RangeVar.Alias.Aliasname
		}
		return x.RangeVar.Relname
	case *pg_query.Node_RangeSubselect:
		if x.RangeSubselect.Alias != nil {
			return x.RangeSubselect.Alias.Aliasname
		}
	case *pg_query.Node_RangeFunction:
		if x.RangeFunction.Alias != nil {
			return x.RangeFunction.Alias.Aliasname
		}
	}
	return ""
}

// rangeName is the name printed for the range name of the query level up levels out
// from the one being printed.
func (d *viewDeparser) rangeName(up int, name string) string {
	i := len(d.levels) - 1 - up
	if name == "" || i < 0 {
		return name
	}
	if p, ok := d.levels[i].printed[name]; ok {
		return p
	}
	return name
}

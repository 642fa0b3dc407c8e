package planner

import (
	"fmt"
	"strings"
)

// Explain renders a plan as indented lines, one node per line, deterministically: columns
// are shown as name@index so that plan goldens pin exactly what reads what.
func Explain(p Plan) []string {
	var out []string
	var walk func(p Plan, depth int)
	walk = func(p Plan, depth int) {
		indent := strings.Repeat("  ", depth)
		if depth > 0 {
			indent = strings.Repeat("  ", depth-1) + "->  "
		}
		out = append(out, indent+describe(p))
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
		if l, ok := p.(*LateralJoin); ok {
			walk(l.Sub.Plan, depth+1) // the inner side, run per distinct outer row
		}
	}
	walk(p, 0)
	return out
}

func describe(p Plan) string {
	switch x := p.(type) {
	case *Scan:
		return fmt.Sprintf("Scan %s cols=%v", x.Table.QualifiedName(), colNames(x.Out))
	case *Values:
		return fmt.Sprintf("Values rows=%d cols=%d", len(x.Rows), len(x.Out))
	case *FunctionScan:
		return fmt.Sprintf("FunctionScan %s(%s)", x.Func.Name, joinExprs(x.Args))
	case *Filter:
		return "Filter " + x.Pred.String()
	case *Project:
		return "Project " + joinExprs(x.Exprs)
	case *Aggregate:
		var aggs []string
		for _, a := range x.Aggs {
			s := a.Func.Name + "(" + joinExprs(a.FuncArgs()) + aggOrderString(a) + ")"
			if a.Distinct {
				s = a.Func.Name + "(DISTINCT " + joinExprs(a.FuncArgs()) + aggOrderString(a) + ")"
			}
			if a.Filter != nil {
				s += " FILTER " + a.Filter.String()
			}
			aggs = append(aggs, s)
		}
		if x.Sets != nil {
			return fmt.Sprintf("HashAggregate keys=[%s] sets=%v groupings=%v aggs=[%s]", joinExprs(x.GroupBy), x.Sets, x.Groupings, strings.Join(aggs, ", "))
		}
		return fmt.Sprintf("HashAggregate keys=[%s] aggs=[%s]", joinExprs(x.GroupBy), strings.Join(aggs, ", "))
	case *Join:
		return fmt.Sprintf("Join %s on %v", x.Type, x.Cond)
	case *HashJoin:
		s := fmt.Sprintf("HashJoin %s left=[%s] right=[%s]", x.Type, joinExprs(x.LeftKeys), joinExprs(x.RightKeys))
		if x.BuildLeft {
			s += " build=left"
		}
		if x.Residual != nil {
			s += " residual=" + x.Residual.String()
		}
		return s
	case *NestedLoopJoin:
		if x.Cond == nil {
			return fmt.Sprintf("NestedLoopJoin %s", x.Type)
		}
		return fmt.Sprintf("NestedLoopJoin %s on %s", x.Type, x.Cond)
	case *Sort:
		var keys []string
		for _, k := range x.Keys {
			s := k.Expr.String()
			if k.Desc {
				s += " DESC"
			}
			if k.NullsFirst {
				s += " NULLS FIRST"
			} else {
				s += " NULLS LAST"
			}
			keys = append(keys, s)
		}
		return "Sort " + strings.Join(keys, ", ")
	case *Limit:
		return fmt.Sprintf("Limit count=%v offset=%v", x.Count, x.Offset)
	case *ProjectSet:
		return x.explain()
	case *LateralJoin:
		return x.explain()
	case *Window:
		calls := make([]string, len(x.Funcs))
		for i := range x.Funcs {
			calls[i] = x.Funcs[i].String()
		}
		return "Window " + strings.Join(calls, ", ")
	case *Distinct:
		if len(x.On) > 0 {
			return fmt.Sprintf("HashDistinct on=%v", x.On)
		}
		return "HashDistinct"
	case *With:
		var ctes []string
		for i, id := range x.IDs {
			ctes = append(ctes, fmt.Sprintf("%s#%d", x.Names[i], id))
		}
		return "With " + strings.Join(ctes, ", ")
	case *CTEScan:
		return fmt.Sprintf("CTEScan %s#%d cols=%v", x.Name, x.ID, colNames(x.Out))
	case *WorkTableScan:
		return fmt.Sprintf("WorkTableScan %s#%d cols=%v", x.Name, x.ID, colNames(x.Out))
	case *RecursiveUnion:
		all := ""
		if x.All {
			all = " ALL"
		}
		return fmt.Sprintf("RecursiveUnion%s %s#%d", all, x.Name, x.ID)
	case *SetOp:
		all := ""
		if x.All {
			all = " ALL"
		}
		return [...]string{"Union", "Intersect", "Except"}[x.Kind] + all
	}
	return fmt.Sprintf("%T", p)
}

func colNames(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// aggOrderString renders an aggregate call's ORDER BY for EXPLAIN.
func aggOrderString(a AggCall) string {
	if len(a.OrderBy) == 0 {
		return ""
	}
	parts := make([]string, len(a.OrderBy))
	for i, o := range a.OrderBy {
		parts[i] = a.Args[o.Arg].String()
		if o.Desc {
			parts[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

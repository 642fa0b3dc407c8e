package explain

import (
	"fmt"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// deparser prints bound expressions the way PostgreSQL's EXPLAIN does (ruleutils.c):
// operators infix and parenthesized, functions by name, constants with their type where it
// is not obvious, columns by name, qualified by their relation when the plan reads several
// (or VERBOSE asks for it). Subqueries print as references to the SubPlans listed under
// their node.
type deparser struct {
	ops map[*catalog.Func]*catalog.Operator
	// qualify prefixes columns with their relation; output is set while printing a node's
	// Output, which PostgreSQL qualifies only when the plan reads several relations.
	qualify, qualifyOutput, output bool
	// subplan numbers the subqueries met, in the order they are listed; pending holds the
	// ones not yet listed under a node.
	subplan map[*planner.Subquery]int
	pending []*planner.Subquery
	// While over is set the expressions printed are over that Aggregate's output, whose
	// aggregate columns print as the calls: bare in the aggregate's own node (HAVING, the
	// select list over it), parenthesized above it, as PostgreSQL marks a reference to a
	// lower node's result.
	over     *planner.Aggregate
	bareAggs bool
}

func newDeparser(reg *catalog.Registry, qualify, qualifyOutput bool) *deparser {
	d := &deparser{ops: map[*catalog.Func]*catalog.Operator{}, qualify: qualify, qualifyOutput: qualifyOutput,
		subplan: map[*planner.Subquery]int{}}
	if reg != nil {
		for _, op := range reg.AllOperators() {
			if _, ok := d.ops[op.Func]; !ok {
				d.ops[op.Func] = op
			}
		}
	}
	return d
}

// expr prints e.
func (d *deparser) expr(e planner.Expr) string {
	switch x := e.(type) {
	case nil:
		return ""
	case *planner.ColRef:
		if call, ok := d.aggResult(x); ok {
			if d.bareAggs {
				return call
			}
			return "(" + call + ")"
		}
		return d.column(x.Rel, x.Name, x.Idx)
	case *planner.OuterRef:
		return d.column(x.Rel, x.Name, x.Idx)
	case *planner.Const:
		return d.constant(x)
	case *planner.Param:
		return fmt.Sprintf("$%d", x.Idx+1)
	case *planner.Call:
		return d.call(x)
	case *planner.Cast:
		return "(" + d.expr(x.Arg) + ")::" + x.T.String()
	case *planner.BoolExpr:
		return d.boolExpr(x)
	case *planner.NullTest:
		if x.Not {
			return "(" + d.expr(x.Arg) + " IS NOT NULL)"
		}
		return "(" + d.expr(x.Arg) + " IS NULL)"
	case *planner.InList:
		op := "= ANY"
		if x.Not {
			op = "<> ALL"
		}
		return "(" + d.expr(x.Arg) + " " + op + " (ARRAY[" + d.list(x.List) + "]))"
	case *planner.Coalesce:
		return "COALESCE(" + d.list(x.Args) + ")"
	case *planner.Case:
		var b strings.Builder
		b.WriteString("CASE")
		for _, w := range x.Whens {
			fmt.Fprintf(&b, " WHEN %s THEN %s", d.expr(w.Cond), d.expr(w.Result))
		}
		if c, ok := x.Else.(*planner.Const); !ok || c.Value != nil && c.Value.IsValid() {
			fmt.Fprintf(&b, " ELSE %s", d.expr(x.Else))
		}
		b.WriteString(" END")
		return b.String()
	case *planner.Subquery:
		return d.subquery(x)
	case *planner.ArrayExpr:
		return "ARRAY[" + d.list(x.Elems) + "]"
	case *planner.RowExpr:
		if x.Rel != "" {
			return quoteIdent(x.Rel) + ".*" // a whole-row reference
		}
		return "ROW(" + d.list(x.Fields) + ")"
	case *planner.Subscript:
		var b strings.Builder
		b.WriteString(d.expr(x.Array))
		for i, u := range x.Upper {
			b.WriteByte('[')
			if l := x.Lower[i]; l != nil {
				b.WriteString(d.expr(l))
			}
			if x.Slice {
				b.WriteByte(':')
			}
			if u != nil {
				b.WriteString(d.expr(u))
			}
			b.WriteByte(']')
		}
		return b.String()
	case *planner.ArrayOp:
		q := "ANY"
		if x.All {
			q = "ALL"
		}
		op := "="
		if c, ok := x.Cmp.(*planner.Call); ok {
			if o := d.ops[c.Func]; o != nil {
				op = o.Name
			}
		}
		return fmt.Sprintf("(%s %s %s (%s))", d.expr(x.Arg), op, q, d.expr(x.Array))
	}
	return e.String()
}

func (d *deparser) list(es []planner.Expr) string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = d.expr(e)
	}
	return strings.Join(out, ", ")
}

func (d *deparser) column(rel, name string, idx int) string {
	if name == "" {
		name = fmt.Sprintf("column%d", idx+1)
	}
	name = quoteIdent(name)
	qualify := d.qualify
	if d.output {
		qualify = d.qualifyOutput
	}
	if qualify && rel != "" {
		return quoteIdent(rel) + "." + name
	}
	return name
}

// constant prints a literal as PostgreSQL does: numbers bare (negative ones parenthesized),
// anything else quoted with its type.
func (d *deparser) constant(c *planner.Const) string {
	if c.Value == nil || !c.Value.IsValid() {
		return "NULL::" + c.T.String()
	}
	s := c.String()
	switch c.T.OID {
	case types.Int2, types.Int4, types.Int8, types.Float4, types.Float8, types.Numeric:
		s = strings.TrimSuffix(s, "::numeric")
		if strings.HasPrefix(s, "-") {
			return "'" + s + "'::" + c.T.String()
		}
		if c.T.OID == types.Int8 || c.T.OID == types.Int2 || c.T.OID == types.Float4 || c.T.OID == types.Float8 {
			return "'" + s + "'::" + c.T.String()
		}
		return s
	case types.Bool:
		return strings.ToLower(s)
	}
	if strings.HasPrefix(s, "'") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'::" + c.T.String()
}

func (d *deparser) call(c *planner.Call) string {
	if op := d.ops[c.Func]; op != nil {
		switch len(c.Args) {
		case 2:
			return "(" + d.expr(c.Args[0]) + " " + op.Name + " " + d.expr(c.Args[1]) + ")"
		case 1:
			return "(" + op.Name + " " + d.expr(c.Args[0]) + ")"
		}
	}
	return c.Func.Name + "(" + d.list(c.Args) + ")"
}

// overAggregate makes the expressions printed by print be over p's output, printing the
// results of the aggregates p passes on (p is an Aggregate, or a Filter, Sort, Limit or
// Window over one) as their calls, bare or parenthesized.
func (d *deparser) overAggregate(p planner.Plan, bare bool, print func()) {
	var agg *planner.Aggregate
	for agg == nil && p != nil {
		switch x := p.(type) {
		case *planner.Aggregate:
			agg = x
		case *planner.Filter:
			p = x.Input
		case *planner.Sort:
			p = x.Input
		case *planner.Limit:
			p = x.Input
		case *planner.Window:
			p = x.Input // passes its input's columns on first
		default:
			p = nil
		}
	}
	over, wasBare := d.over, d.bareAggs
	d.over, d.bareAggs = agg, bare
	print()
	d.over, d.bareAggs = over, wasBare
}

// aggResult returns the call whose result c reads, when c is over an Aggregate's output.
func (d *deparser) aggResult(c *planner.ColRef) (string, bool) {
	if d.over == nil || c.Rel != "" {
		return "", false
	}
	k := c.Idx - len(d.over.GroupBy)
	if g := k - len(d.over.Aggs); g >= 0 && g < len(d.over.Groupings) {
		return d.groupingCall(d.over, g), true
	}
	if k < 0 || k >= len(d.over.Aggs) {
		return "", false
	}
	return d.aggCall(d.over.Aggs[k]), true
}

// groupingCall prints the g-th GROUPING(...) call of an aggregate over grouping sets.
func (d *deparser) groupingCall(agg *planner.Aggregate, g int) string {
	over := d.over
	d.over = nil // the call's arguments are over the Aggregate's input
	defer func() { d.over = over }()
	args := make([]string, len(agg.Groupings[g]))
	for i, k := range agg.Groupings[g] {
		args[i] = d.expr(agg.GroupBy[k])
	}
	return "GROUPING(" + strings.Join(args, ", ") + ")"
}

// aggCall prints an aggregate call as PostgreSQL does: count(*), sum(DISTINCT x),
// array_agg(x ORDER BY y DESC), count(*) FILTER (WHERE ...).
func (d *deparser) aggCall(a planner.AggCall) string {
	over := d.over
	d.over = nil // the call's arguments are over the Aggregate's input
	defer func() { d.over = over }()
	args := "*"
	if fa := a.FuncArgs(); len(fa) > 0 {
		args = d.list(fa)
	}
	if a.Distinct {
		args = "DISTINCT " + args
	}
	for i, o := range a.OrderBy {
		sep := ", "
		if i == 0 {
			sep = " ORDER BY "
		}
		args += sep + d.expr(a.Args[o.Arg])
		if o.Desc {
			args += " DESC"
		}
	}
	s := a.Func.Name + "(" + args + ")"
	if a.Filter != nil {
		s += " FILTER (WHERE " + d.expr(a.Filter) + ")"
	}
	return s
}

func (d *deparser) boolExpr(b *planner.BoolExpr) string {
	switch b.Op {
	case planner.Not:
		return "(NOT " + d.expr(b.Args[0]) + ")"
	case planner.And:
		return "(" + d.join(b.Args, " AND ") + ")"
	}
	return "(" + d.join(b.Args, " OR ") + ")"
}

func (d *deparser) join(es []planner.Expr, sep string) string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = d.expr(e)
	}
	return strings.Join(out, sep)
}

// subquery prints a reference to the SubPlan listed for q.
func (d *deparser) subquery(q *planner.Subquery) string {
	n := d.subplan[q]
	if n == 0 {
		n = len(d.subplan) + 1
		d.subplan[q] = n
		d.pending = append(d.pending, q)
	}
	ref := fmt.Sprintf("(SubPlan %d)", n)
	switch q.Kind {
	case planner.ExistsSubquery:
		if q.Not {
			return "(NOT " + ref[1:len(ref)-1] + ")"
		}
		return ref
	case planner.InSubquery:
		s := fmt.Sprintf("(%s = ANY (SubPlan %d))", d.expr(q.Arg), n)
		if q.Not {
			s = "(NOT " + s + ")"
		}
		return s
	case planner.ArraySubquery:
		return fmt.Sprintf("ARRAY(SubPlan %d)", n)
	}
	return ref
}

// conjunction prints predicates joined by AND, as one qualifier.
func (d *deparser) conjunction(es []planner.Expr) string {
	switch len(es) {
	case 0:
		return ""
	case 1:
		return d.expr(es[0])
	}
	return "(" + d.join(es, " AND ") + ")"
}

// quoteIdent quotes an identifier when PostgreSQL would.
func quoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	if s == "*VALUES*" || strings.HasPrefix(s, "?column?") {
		return `"` + s + `"`
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

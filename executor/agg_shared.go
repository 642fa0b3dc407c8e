package executor

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/planner"
)

// Aggregate arguments often repeat a computation: TPC-H Q1 sums l_extendedprice * (1 -
// l_discount) and that product times (1 + l_tax). A hash aggregate computes such a repeated
// call once per batch: the call becomes a column appended to the batch (after the input's
// columns, in an order where a call's own repeated parts come first), and the arguments and
// group keys read that column instead. Only calls of non-volatile functions whose
// arguments are columns, constants and such calls are shared, and only where they stand
// as a call's argument or a whole argument, where they are evaluated on every row anyway
// (never inside CASE, COALESCE, AND or OR, which evaluate their parts on some rows only).

// sharedCalls is the result of shareCalls: the calls computed once per batch, in
// evaluation order, and the schema of the batch they extend.
type sharedCalls struct {
	exprs []planner.Expr // over the input's columns and the shared columns before each
	// schemas[k] has the input's fields and those of the calls before k; the last has all.
	schemas []*arrow.Schema
}

// shareCalls rewrites groupBy and the aggregates' arguments to read repeated calls from
// columns appended to the input (whose schema is in); nil when nothing repeats.
func shareCalls(in *arrow.Schema, groupBy []planner.Expr, aggs []planner.AggCall) ([]planner.Expr, []planner.AggCall, *sharedCalls) {
	counts := map[string]int{}
	for _, e := range groupBy {
		countCalls(e, counts)
	}
	for _, c := range aggs {
		for _, e := range c.Args {
			countCalls(e, counts)
		}
	}
	repeated := false
	for _, n := range counts {
		repeated = repeated || n > 1
	}
	if !repeated {
		return groupBy, aggs, nil
	}
	r := &callSharer{counts: counts, cols: map[string]int{}, base: in.NumFields()}
	outGroupBy := make([]planner.Expr, len(groupBy))
	for i, e := range groupBy {
		outGroupBy[i] = r.rewrite(e)
	}
	outAggs := make([]planner.AggCall, len(aggs))
	for i, c := range aggs {
		outAggs[i] = c
		outAggs[i].Args = make([]planner.Expr, len(c.Args))
		for j, e := range c.Args {
			outAggs[i].Args[j] = r.rewrite(e)
		}
	}
	sc := &sharedCalls{exprs: r.exprs}
	fields := append([]arrow.Field(nil), in.Fields()...)
	for k, e := range r.exprs {
		sc.schemas = append(sc.schemas, arrow.NewSchema(fields, nil))
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("shared%d", k), Type: e.Type().Arrow(), Nullable: true})
	}
	sc.schemas = append(sc.schemas, arrow.NewSchema(fields, nil))
	return outGroupBy, outAggs, sc
}

// callKey identifies e by its structure, "" when e is not shareable (nor anything around
// it): columns, constants and calls of non-volatile functions over them.
func callKey(e planner.Expr) string {
	switch x := e.(type) {
	case *planner.ColRef:
		return fmt.Sprintf("#%d", x.Idx)
	case *planner.Const:
		return fmt.Sprintf("k%d:%s:%s", x.T.OID, x.T, x)
	case *planner.Call:
		if x.Func == nil || x.Func.Volatility == catalog.Volatile || x.Func.Scalar == nil || x.Func.RetSet {
			return ""
		}
		var b strings.Builder
		fmt.Fprintf(&b, "f%d(", x.Func.OID)
		for _, a := range x.Args {
			k := callKey(a)
			if k == "" {
				return ""
			}
			b.WriteString(k)
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, ")%s", x.T)
		return b.String()
	}
	return ""
}

// countCalls counts the shareable calls in e, nested ones included.
func countCalls(e planner.Expr, counts map[string]int) {
	call, ok := e.(*planner.Call)
	if !ok {
		return
	}
	if k := callKey(call); k != "" {
		counts[k]++
		for _, a := range call.Args {
			countCalls(a, counts)
		}
	}
}

type callSharer struct {
	counts map[string]int
	cols   map[string]int // key -> column of a shared call
	base   int            // the input's column count
	exprs  []planner.Expr
}

// rewrite returns e with every repeated call replaced by a reference to its column.
func (r *callSharer) rewrite(e planner.Expr) planner.Expr {
	call, ok := e.(*planner.Call)
	if !ok {
		return e
	}
	k := callKey(call)
	if k == "" {
		return e
	}
	if c, ok := r.cols[k]; ok {
		return &planner.ColRef{Idx: c, T: call.T}
	}
	out := *call
	out.Args = make([]planner.Expr, len(call.Args))
	for i, a := range call.Args {
		out.Args[i] = r.rewrite(a)
	}
	if r.counts[k] < 2 {
		return &out
	}
	c := r.base + len(r.exprs)
	r.cols[k] = c
	r.exprs = append(r.exprs, &out)
	return &planner.ColRef{Idx: c, T: call.T}
}

// extend returns rec with the shared calls' columns appended (rec itself, retained, when
// there are none).
func (p *aggPipeline) extend(ctx *Ctx, rec arrow.Record) (arrow.Record, error) {
	if p.shared == nil {
		rec.Retain()
		return rec, nil
	}
	n := int(rec.NumCols())
	cols := make([]arrow.Array, n, n+len(p.shared))
	copy(cols, rec.Columns())
	for _, c := range cols {
		c.Retain()
	}
	for k, ev := range p.shared {
		// Each shared call reads the input and the shared columns before it.
		part := array.NewRecord(p.sharedSchemas[k], cols, rec.NumRows())
		v, err := ev.eval(ctx, part)
		part.Release()
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		cols = append(cols, v)
	}
	return newRecord(p.sharedSchemas[len(p.shared)], cols, int(rec.NumRows())), nil
}

// Aggregates of one transition over the same arguments (sum(x) and avg(x) of numeric)
// share a state, as in PostgreSQL: only the first is fed, and the others are finalized
// from its state (catalog.SharedTransition).

// sharingKeys identifies each aggregate's arguments, "" for aggregates that may not share
// (DISTINCT, ORDER BY, FILTER, or arguments callKey cannot name).
func sharingKeys(aggs []planner.AggCall) []string {
	keys := make([]string, len(aggs))
	for i, c := range aggs {
		if c.Distinct || len(c.OrderBy) > 0 || c.Filter != nil {
			continue
		}
		var b strings.Builder
		for _, e := range c.Args {
			k := callKey(e)
			if k == "" {
				b.Reset()
				break
			}
			b.WriteString(k)
			b.WriteByte(';')
		}
		keys[i] = b.String()
	}
	return keys
}

// sharedStates returns, per aggregate, the earlier aggregate whose state it shares, or -1.
func sharedStates(states []catalog.AggState, argKeys []string) []int {
	fedBy := make([]int, len(states))
	for i, st := range states {
		fedBy[i] = -1
		si, ok := st.(catalog.SharedTransition)
		if !ok || argKeys[i] == "" {
			continue
		}
		for j := 0; j < i; j++ {
			sj, ok := states[j].(catalog.SharedTransition)
			if ok && fedBy[j] < 0 && argKeys[j] == argKeys[i] && sj.Transition() == si.Transition() {
				fedBy[i] = j
				break
			}
		}
	}
	return fedBy
}

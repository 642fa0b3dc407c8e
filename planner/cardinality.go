package planner

import (
	"math"

	"github.com/pgfast/pgfast/catalog/stats"
)

// Cardinality estimates. Every plan node gets an estimate of its output: a row count and,
// per output column, the statistics of catalog/stats (distinct values, NULL fraction,
// range). Scans start from the tables' statistics; filters multiply by the selectivity of
// their predicate (selectivity.go); joins by that of their keys, 1/max(NDV) per key as
// PostgreSQL's eqjoinsel assumes when the smaller key set is contained in the larger;
// aggregates yield the product of their keys' distinct counts, capped by the input. These
// are the textbook System R estimates PostgreSQL's costsize.c also starts from; without
// statistics a table counts defaultRows rows and columns have unknown distinct counts,
// which selectivities then assume.

// defaultRows is the size assumed for a table without statistics, and for function scans.
const defaultRows = 1000

// relEst is the estimated output of a plan node.
type relEst struct {
	rows float64
	cols []stats.Column // per output column; NDV 0 means unknown
}

// estimate returns p's estimate, computing and memoizing it (and its inputs') once.
func (o *optimizer) estimate(p Plan) *relEst {
	if e, ok := o.est[p]; ok {
		return e
	}
	e := o.estimateNode(p)
	if e.rows < 1 {
		e.rows = 1 // as PostgreSQL clamps: an estimate of zero rows misleads joins above
	}
	for i := range e.cols {
		e.cols[i].NDV = math.Min(e.cols[i].NDV, e.rows)
	}
	o.est[p] = e
	return e
}

// EstimatedRows returns the optimizer's estimate of the rows p returns.
func (o *optimizer) rows(p Plan) float64 { return o.estimate(p).rows }

func (o *optimizer) estimateNode(p Plan) *relEst {
	switch x := p.(type) {
	case *Scan:
		return o.scanEstimate(x)
	case *Values:
		n := float64(len(x.Rows))
		return &relEst{rows: n, cols: uniformCols(len(x.Out), n)}
	case *Filter:
		in := o.estimate(x.Input)
		return o.filtered(in, x.Pred)
	case *Project:
		in := o.estimate(x.Input)
		out := &relEst{rows: in.rows, cols: make([]stats.Column, len(x.Exprs))}
		for i, e := range x.Exprs {
			out.cols[i] = o.exprColumn(e, in)
		}
		return out
	case *Aggregate:
		return o.aggregateEstimate(x)
	case *Join:
		return o.joinEstimate(x.Type, x.Left, x.Right, conjuncts(x.Cond))
	case *HashJoin:
		lw := len(x.Left.Columns())
		conds := conjuncts(x.Residual)
		for i := range x.LeftKeys {
			conds = append(conds, &Call{Func: nil, Args: []Expr{x.LeftKeys[i], remapColumns(x.RightKeys[i], func(c int) int { return c + lw })}})
		}
		return o.joinEstimate(x.Type, x.Left, x.Right, conds)
	case *NestedLoopJoin:
		return o.joinEstimate(x.Type, x.Left, x.Right, conjuncts(x.Cond))
	case *Sort:
		return o.estimate(x.Input)
	case *Limit:
		in := o.estimate(x.Input)
		out := &relEst{rows: in.rows, cols: in.cols}
		if c, ok := x.Count.(*Const); ok {
			if n, ok := stats.Position(c.Value); ok {
				out.rows = math.Min(out.rows, n)
			}
		}
		return out
	case *Distinct:
		in := o.estimate(x.Input)
		var keys []stats.Column
		if len(x.On) > 0 {
			for _, c := range x.On {
				keys = append(keys, in.cols[c])
			}
		} else {
			keys = in.cols
		}
		return &relEst{rows: groups(keys, in.rows), cols: in.cols}
	case *SetOp:
		l, r := o.estimate(x.Left), o.estimate(x.Right)
		n := l.rows + r.rows
		switch {
		case x.Kind == Intersect:
			n = math.Min(l.rows, r.rows)
		case x.Kind == Except:
			n = l.rows
		}
		return &relEst{rows: n, cols: unknownCols(len(x.Out))}
	case *With:
		for i, c := range x.CTEs {
			o.cteEst[x.IDs[i]] = o.estimate(c)
		}
		return o.estimate(x.Input)
	case *CTEScan:
		if e := o.cteEst[x.ID]; e != nil {
			return &relEst{rows: e.rows, cols: e.cols}
		}
	}
	// Anything else: the size of its first input, columns unknown.
	n := float64(defaultRows)
	if kids := p.Children(); len(kids) > 0 {
		n = o.estimate(kids[0]).rows
	}
	return &relEst{rows: n, cols: unknownCols(len(p.Columns()))}
}

func unknownCols(n int) []stats.Column { return make([]stats.Column, n) }

func uniformCols(n int, ndv float64) []stats.Column {
	cols := make([]stats.Column, n)
	for i := range cols {
		cols[i].NDV = ndv
	}
	return cols
}

func (o *optimizer) tableStats(s *Scan) *stats.Table {
	if ts, ok := o.tables[s.Table]; ok {
		return ts
	}
	var ts *stats.Table
	if o.stats != nil {
		ts = o.stats.TableStats(s.Table)
	}
	o.tables[s.Table] = ts
	return ts
}

func (o *optimizer) scanEstimate(s *Scan) *relEst {
	ts := o.tableStats(s)
	if ts == nil {
		return &relEst{rows: defaultRows, cols: unknownCols(len(s.Cols))}
	}
	e := &relEst{rows: ts.Rows, cols: make([]stats.Column, len(s.Cols))}
	for i, c := range s.Cols {
		switch {
		case c == RowIDCol:
			e.cols[i] = stats.Column{NDV: ts.Rows}
		case c >= 0 && c < len(ts.Cols):
			e.cols[i] = ts.Cols[c]
		}
	}
	return e
}

// filtered is the estimate of in's rows that satisfy pred.
func (o *optimizer) filtered(in *relEst, pred Expr) *relEst {
	sel := o.selectivity(pred, in)
	rows := in.rows * sel
	out := &relEst{rows: rows, cols: scaledCols(in.cols, in.rows, rows)}
	// A column equated to a constant has one value left.
	for _, c := range conjuncts(pred) {
		if col, _, k := o.columnVsConst(c); k == cmpEq && col >= 0 {
			out.cols[col].NDV = math.Min(out.cols[col].NDV, 1)
		}
	}
	return out
}

// scaledCols returns the column statistics of a sample of to rows out of from rows: a
// column's distinct values shrink as a uniform sample keeps fewer of its rows.
func scaledCols(cols []stats.Column, from, to float64) []stats.Column {
	out := make([]stats.Column, len(cols))
	copy(out, cols)
	if to >= from || from <= 0 {
		return out
	}
	for i := range out {
		d := out[i].NDV
		if d <= 0 {
			continue
		}
		// Expected distinct values among to rows drawn from from rows holding d values
		// equally often (Cardenas' formula).
		out[i].NDV = d * (1 - math.Pow(1-to/from, from/d))
	}
	return out
}

// exprColumn estimates the statistics of expression e over in's rows.
func (o *optimizer) exprColumn(e Expr, in *relEst) stats.Column {
	switch x := e.(type) {
	case *ColRef:
		if x.Idx < len(in.cols) {
			return in.cols[x.Idx]
		}
	case *Const:
		return stats.Column{NDV: 1}
	case *Cast:
		return o.exprColumn(x.Arg, in)
	}
	// Otherwise at most as many values as the columns it reads have in combination.
	var used []stats.Column
	for c := range columnsUsed(e) {
		if c < len(in.cols) {
			used = append(used, in.cols[c])
		}
	}
	if len(used) == 0 {
		return stats.Column{NDV: 1}
	}
	return stats.Column{NDV: groups(used, in.rows)}
}

// groups estimates the distinct combinations of columns among rows rows: the product of
// their distinct counts, capped by the rows; an unknown count makes it the rows.
func groups(cols []stats.Column, rows float64) float64 {
	n := 1.0
	for _, c := range cols {
		if c.NDV <= 0 {
			return rows
		}
		n *= c.NDV
	}
	return math.Min(n, rows)
}

func (o *optimizer) aggregateEstimate(a *Aggregate) *relEst {
	in := o.estimate(a.Input)
	keys := make([]stats.Column, len(a.GroupBy))
	for i, g := range a.GroupBy {
		keys[i] = o.exprColumn(g, in)
	}
	rows := 1.0
	if len(keys) > 0 {
		rows = groups(keys, in.rows)
	}
	if a.Sets != nil {
		rows = 0 // the groups of every set
		for _, set := range a.Sets {
			sk := make([]stats.Column, len(set))
			for i, k := range set {
				sk[i] = keys[k]
			}
			rows += max(1, groups(sk, in.rows))
		}
	}
	out := &relEst{rows: rows, cols: make([]stats.Column, len(a.Out))}
	copy(out.cols, keys)
	for i := len(keys); i < len(out.cols); i++ {
		out.cols[i] = stats.Column{NDV: rows}
	}
	return out
}

// joinEstimate estimates a join of l and r with conditions conds over their concatenated
// columns (Calls without a Func stand for hash-join key equalities).
func (o *optimizer) joinEstimate(t JoinType, l, r Plan, conds []Expr) *relEst {
	le, re := o.estimate(l), o.estimate(r)
	both := &relEst{rows: le.rows * re.rows, cols: append(append([]stats.Column(nil), le.cols...), re.cols...)}
	lw := len(le.cols)
	var keySels []float64
	var keyLeft, keyRight []int // columns of equi-join keys, for semi joins
	other := 1.0
	for _, c := range conds {
		if lc, rc, ok := o.equiKey(c, lw); ok {
			keySels = append(keySels, eqJoinSel(both.cols[lc], both.cols[rc]))
			keyLeft, keyRight = append(keyLeft, lc), append(keyRight, rc-lw)
			continue
		}
		other *= o.selectivity(c, both)
	}
	sel := combineSels(keySels) * other
	inner := both.rows * sel
	var rows float64
	var cols []stats.Column
	switch t {
	case SemiJoin, AntiJoin:
		frac := other
		if len(keyLeft) > 0 {
			lk, rk := make([]stats.Column, len(keyLeft)), make([]stats.Column, len(keyRight))
			for i := range keyLeft {
				lk[i], rk[i] = le.cols[keyLeft[i]], re.cols[keyRight[i]]
			}
			ln, rn := groups(lk, le.rows), groups(rk, re.rows)
			frac *= math.Min(1, rn/ln)
		} else if re.rows < 1 {
			frac = 0
		}
		if t == AntiJoin {
			frac = math.Max(1-frac, 0.1)
		}
		rows = le.rows * frac
		return &relEst{rows: rows, cols: scaledCols(le.cols, le.rows, rows)}
	case LeftJoin:
		rows = math.Max(inner, le.rows)
	case RightJoin:
		rows = math.Max(inner, re.rows)
	case FullJoin:
		rows = math.Max(inner, le.rows+re.rows)
	default:
		rows = inner
	}
	cols = append(scaledCols(le.cols, le.rows, math.Min(rows, le.rows)), scaledCols(re.cols, re.rows, math.Min(rows, re.rows))...)
	return &relEst{rows: rows, cols: cols}
}

// equiKey recognizes a join-key equality between column lc (left) and rc (right, counted
// in the concatenation) of a join with lw left columns.
func (o *optimizer) equiKey(c Expr, lw int) (lc, rc int, ok bool) {
	call, isCall := c.(*Call)
	if !isCall || len(call.Args) != 2 || (call.Func != nil && !o.eqFuncs[call.Func]) {
		return 0, 0, false
	}
	a, b := stripCasts(call.Args[0]), stripCasts(call.Args[1])
	ca, ok1 := a.(*ColRef)
	cb, ok2 := b.(*ColRef)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if ca.Idx >= lw && cb.Idx < lw {
		ca, cb = cb, ca
	}
	if ca.Idx < lw && cb.Idx >= lw {
		return ca.Idx, cb.Idx, true
	}
	return 0, 0, false
}

// eqJoinSel is the selectivity of a = b between two columns: 1/max(NDV), each side's
// non-NULL fraction applied.
func eqJoinSel(a, b stats.Column) float64 {
	nd := math.Max(a.NDV, b.NDV)
	if nd <= 0 {
		nd = defaultRows
	}
	return (1 - a.NullFrac) * (1 - b.NullFrac) / nd
}

// combineSels multiplies the selectivities of several keys of one join, damping all but the
// most selective (s1 * s2^1/2 * s3^1/4 ...): keys of one join are usually correlated
// (partsupp's part and supplier keys), and plain multiplication would estimate far too few
// rows.
func combineSels(sels []float64) float64 {
	if len(sels) == 0 {
		return 1
	}
	sorted := append([]float64(nil), sels...)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if sorted[j] < sorted[i] {
				sorted[i], sorted[j] = sorted[j], sorted[i]
			}
		}
	}
	s, exp := 1.0, 1.0
	for _, x := range sorted {
		s *= math.Pow(x, exp)
		exp /= 2
	}
	return s
}

// stripCasts returns e without the casts around it.
func stripCasts(e Expr) Expr {
	for {
		c, ok := e.(*Cast)
		if !ok {
			return e
		}
		e = c.Arg
	}
}

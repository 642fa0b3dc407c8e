package planner

import (
	"math"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/stats"
)

// Selectivities: the fraction of rows a predicate keeps, from the statistics of the columns
// it reads. The defaults for what statistics cannot answer are PostgreSQL's (selfuncs.h):
// 0.005 for an equality, 1/3 for an inequality, 0.005 for a pattern match with no fixed
// prefix.
const (
	defaultEqSel    = 0.005
	defaultIneqSel  = 1.0 / 3
	defaultMatchSel = 0.005
	defaultSel      = 0.5
)

// selectivity estimates the fraction of in's rows for which e is true.
func (o *optimizer) selectivity(e Expr, in *relEst) float64 {
	switch x := e.(type) {
	case *BoolExpr:
		switch x.Op {
		case And:
			return o.conjunctionSel(x.Args, in)
		case Or:
			s := 0.0
			for _, a := range x.Args {
				t := o.selectivity(a, in)
				s = s + t - s*t
			}
			return s
		case Not:
			return 1 - o.selectivity(x.Args[0], in)
		}
	case *Call:
		return o.callSel(x, in)
	case *InList:
		s := 0.0
		for _, item := range x.List {
			s += o.callSel(&Call{Args: []Expr{x.Arg, item}}, in)
		}
		s = math.Min(s, 1)
		if x.Not {
			return 1 - s
		}
		return s
	case *NullTest:
		f := defaultEqSel
		if c, ok := stripCasts(x.Arg).(*ColRef); ok && c.Idx < len(in.cols) {
			f = in.cols[c.Idx].NullFrac
		}
		if x.Not {
			return 1 - f
		}
		return f
	case *Const:
		if b, ok := x.Value.(*scalar.Boolean); ok && b.Valid && b.Value {
			return 1
		}
		return 0
	}
	return defaultSel
}

// conjunctionSel multiplies the selectivities of conjuncts, except that a lower and an
// upper bound on one column count together as the fraction of its range between them.
func (o *optimizer) conjunctionSel(cs []Expr, in *relEst) float64 {
	type bounds struct{ lo, hi float64 }
	ranges := map[int]*bounds{}
	s := 1.0
	for _, c := range cs {
		col, pos, k := o.columnVsConst(c)
		if col >= 0 && in.cols[col].HasRange && k >= cmpLt {
			st := in.cols[col]
			b := ranges[col]
			if b == nil {
				b = &bounds{st.Min, st.Max}
				ranges[col] = b
			}
			if k == cmpLt || k == cmpLe {
				b.hi = math.Min(b.hi, pos)
			} else {
				b.lo = math.Max(b.lo, pos)
			}
			continue
		}
		s *= o.selectivity(c, in)
	}
	for col, b := range ranges {
		s *= rangeFraction(in.cols[col], b.lo, b.hi)
	}
	return s
}

// rangeFraction is the fraction of a column's non-NULL values between lo and hi, assuming
// them spread evenly over the column's range.
func rangeFraction(c stats.Column, lo, hi float64) float64 {
	if hi < lo {
		return 0
	}
	width := c.Max - c.Min
	f := 1.0
	if width > 0 {
		f = (hi - lo) / width
	}
	if c.NDV > 0 {
		// At least one value's share when the bounds hold any value at all.
		f = math.Max(f, 1/c.NDV)
	}
	return math.Min(math.Max(f, 0), 1) * (1 - c.NullFrac)
}

// callSel estimates a comparison (or a pattern match) of a column with a constant; other
// calls get the default selectivity. A Call without a Func stands for an equality.
func (o *optimizer) callSel(c *Call, in *relEst) float64 {
	k := cmpEq
	if c.Func != nil {
		var ok bool
		if k, ok = o.info.cmp[c.Func]; !ok {
			return o.matchSel(c, in)
		}
	}
	col, pos, hasPos := -1, 0.0, false
	a, b := stripCasts(c.Args[0]), stripCasts(c.Args[1])
	ca, aCol := a.(*ColRef)
	cb, bCol := b.(*ColRef)
	switch {
	case aCol && bCol:
		// Two columns of the same row: as a join key.
		if ca.Idx < len(in.cols) && cb.Idx < len(in.cols) {
			s := eqJoinSel(in.cols[ca.Idx], in.cols[cb.Idx])
			if k == cmpEq {
				return s
			}
			if k == cmpNe {
				return 1 - s
			}
		}
		return defaultIneqSel
	case aCol:
		col = ca.Idx
		if k2, ok := b.(*Const); ok {
			pos, hasPos = stats.Position(k2.Value)
			if !k2.Value.IsValid() {
				return 0
			}
		}
	case bCol:
		col, k = cb.Idx, k.commuted()
		if k2, ok := a.(*Const); ok {
			pos, hasPos = stats.Position(k2.Value)
			if !k2.Value.IsValid() {
				return 0
			}
		}
	}
	if col < 0 || col >= len(in.cols) {
		if k == cmpEq {
			return defaultEqSel
		}
		if k == cmpNe {
			return 1 - defaultEqSel
		}
		return defaultIneqSel
	}
	st := in.cols[col]
	switch k {
	case cmpEq, cmpNe:
		s := defaultEqSel
		if st.NDV > 0 {
			s = (1 - st.NullFrac) / st.NDV
		}
		if hasPos && st.HasRange && (pos < st.Min || pos > st.Max) {
			s = 0
		}
		if k == cmpNe {
			return (1 - st.NullFrac) - s
		}
		return s
	default:
		if !hasPos || !st.HasRange {
			return defaultIneqSel
		}
		if k == cmpLt || k == cmpLe {
			return rangeFraction(st, st.Min, pos)
		}
		return rangeFraction(st, pos, st.Max)
	}
}

// commuted is the operator with its arguments swapped (a < b is b > a).
func (k cmpOp) commuted() cmpOp {
	switch k {
	case cmpLt:
		return cmpGt
	case cmpLe:
		return cmpGe
	case cmpGt:
		return cmpLt
	case cmpGe:
		return cmpLe
	}
	return k
}

// columnVsConst recognizes col op constant (either way round), returning the column, the
// constant's position on the number line and the operator as if the column were on the
// left; col is -1 otherwise.
func (o *optimizer) columnVsConst(e Expr) (col int, pos float64, k cmpOp) {
	c, ok := e.(*Call)
	if !ok || len(c.Args) != 2 {
		return -1, 0, 0
	}
	k = o.info.cmp[c.Func]
	if k == 0 {
		return -1, 0, 0
	}
	a, b := stripCasts(c.Args[0]), stripCasts(c.Args[1])
	if _, ok := a.(*Const); ok {
		a, b, k = b, a, k.commuted()
	}
	ca, ok1 := a.(*ColRef)
	cb, ok2 := b.(*Const)
	if !ok1 || !ok2 {
		return -1, 0, 0
	}
	p, ok := stats.Position(cb.Value)
	if !ok && k != cmpEq {
		return -1, 0, 0
	}
	return ca.Idx, p, k
}

// matchSel estimates LIKE and regular-expression matches: a pattern without wildcards is an
// equality, one with a fixed prefix keeps more rows than one without.
func (o *optimizer) matchSel(c *Call, in *relEst) float64 {
	name := c.Func.Name
	neg := strings.Contains(name, "nlike") || strings.Contains(name, "nregex") || strings.HasSuffix(name, "ne")
	if !strings.Contains(name, "like") && !strings.Contains(name, "regex") {
		return defaultSel
	}
	s := defaultMatchSel
	if len(c.Args) == 2 {
		if k, ok := c.Args[1].(*Const); ok {
			if str, ok := k.Value.(*scalar.String); ok && str.Valid {
				p := string(str.Value.Bytes())
				switch {
				case !strings.ContainsAny(p, "%_") && strings.Contains(name, "like"):
					s = o.callSel(&Call{Args: c.Args}, in)
				case len(p) > 0 && p[0] != '%' && p[0] != '_':
					s = 0.05
				}
			}
		}
	}
	if neg {
		return 1 - s
	}
	return s
}

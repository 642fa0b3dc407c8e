package planner

import (
	"math"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
)

// ScanBound is a range a filter puts on column Col of a scan's output: every row the filter
// keeps has a value whose position on the statistics number line (stats.Position) lies in
// [Lo, Hi]. Strict comparisons are widened to inclusive ones; the bound only lets a reader
// skip data, never decides a row.
type ScanBound struct {
	Col    int
	Lo, Hi float64
}

// boundScans gives each scan of a foreign or stored table directly under a filter the
// bounds of the filter's column-versus-constant conjuncts, so that the Parquet reader (of
// foreign files, or of storage's segment files) can skip row groups by their statistics.
func (o *optimizer) boundScans(p Plan) (Plan, error) {
	return transformUp(p, func(p Plan) (Plan, error) {
		f, ok := p.(*Filter)
		if !ok {
			return p, nil
		}
		s, ok := f.Input.(*Scan)
		if !ok || s.Table.Virtual || s.Table.Kind != catalog.KindForeign && s.Table.Kind != catalog.KindTable {
			return p, nil
		}
		var bounds []ScanBound
		for _, c := range conjuncts(f.Pred) {
			col, pos, k, ok := o.bareColumnVsConst(c)
			if !ok || k == cmpNe {
				continue
			}
			b := ScanBound{Col: col, Lo: math.Inf(-1), Hi: math.Inf(1)}
			switch k {
			case cmpEq:
				b.Lo, b.Hi = pos, pos
			case cmpLt, cmpLe:
				b.Hi = pos
			case cmpGt, cmpGe:
				b.Lo = pos
			}
			bounds = append(bounds, b)
		}
		if len(bounds) == 0 {
			return p, nil
		}
		ns := *s
		ns.Bounds = bounds
		return &Filter{Input: &ns, Pred: f.Pred}, nil
	})
}

// bareColumnVsConst recognizes column op constant (either way round) where the column is
// not under a cast (a cast to text, say, would order values differently) and the constant
// has a position on the number line.
func (o *optimizer) bareColumnVsConst(e Expr) (col int, pos float64, k cmpOp, ok bool) {
	c, isCall := e.(*Call)
	if !isCall || len(c.Args) != 2 {
		return 0, 0, 0, false
	}
	if k = o.info.cmp[c.Func]; k == 0 {
		return 0, 0, 0, false
	}
	a, b := c.Args[0], stripCasts(c.Args[1])
	if _, isConst := stripCasts(a).(*Const); isConst {
		a, b, k = c.Args[1], stripCasts(c.Args[0]), k.commuted()
	}
	ref, isRef := a.(*ColRef)
	lit, isConst := b.(*Const)
	if !isRef || !isConst {
		return 0, 0, 0, false
	}
	pos, ok = stats.Position(lit.Value)
	return ref.Idx, pos, k, ok
}

package executor

import (
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// A filter whose predicate is an AND runs its conjuncts as stages. Each stage is evaluated
// over the rows still undecided (not yet definitely false). Once at most half the batch is
// left, or before a stage that may fail, the batch is compacted to those rows (unless the
// stage is a cheap comparison of integers or dates, which costs less than the copy): the
// later conjuncts, often the expensive ones (string and numeric comparisons after a date
// range), then run on the survivors only, not on every row as one AND expression would.
// Rows a conjunct makes NULL stay undecided, as AND's three-valued logic has it, and are
// dropped at the end; a fallible conjunct sees exactly the rows AND would evaluate it on.

type stagedFilter struct {
	stages   []evaluator
	fallible []bool
	// cheap marks the stages not worth narrowing the batch for: comparisons of integer,
	// date or float columns and constants cost less than the copy of the survivors.
	cheap []bool
}

// compileFilter compiles a filter predicate: staged when it is an AND.
func compileFilter(pred planner.Expr) (transform, error) {
	and, ok := pred.(*planner.BoolExpr)
	if !ok || and.Op != planner.And || len(and.Args) < 2 {
		ev, err := compileExpr(pred)
		if err != nil {
			return nil, err
		}
		return &filterTransform{pred: ev}, nil
	}
	stages, err := compileList(and.Args)
	if err != nil {
		return nil, err
	}
	f := &stagedFilter{stages: stages, fallible: make([]bool, len(and.Args)), cheap: make([]bool, len(and.Args))}
	for i, a := range and.Args {
		f.fallible[i] = !infallible(a)
		f.cheap[i] = cheapComparison(a)
	}
	return f, nil
}

// cheapComparison reports whether e is an infallible call over columns and constants of
// fixed-width types of at most 8 bytes (integers, dates, times, floats, booleans).
func cheapComparison(e planner.Expr) bool {
	call, ok := e.(*planner.Call)
	if !ok || call.Func == nil || !call.Func.Infallible {
		return false
	}
	for _, a := range call.Args {
		switch a.(type) {
		case *planner.ColRef, *planner.Const:
		default:
			return false
		}
		switch a.Type().OID {
		case types.Int2, types.Int4, types.Int8, types.Date, types.Time, types.Timestamp,
			types.Timestamptz, types.Float4, types.Float8, types.Bool:
		default:
			return false
		}
	}
	return true
}

func (f *stagedFilter) apply(ctx *Ctx, in arrow.Record) (arrow.Record, error) {
	rec, keep, kept, err := f.selectRows(ctx, in)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	return keepRows(ctx, rec, keep, kept)
}

// selectRows implements rowSelector: the stages run as apply's do, and the rows every
// conjunct held true for are marked instead of copied out.
func (f *stagedFilter) selectRows(ctx *Ctx, in arrow.Record) (arrow.Record, bitmap, int, error) {
	in.Retain()
	s := newStageState(in)
	for k, st := range f.stages {
		if s.live < s.n && (f.fallible[k] || s.live <= s.n/2 && !f.cheap[k]) {
			if err := s.compact(ctx); err != nil {
				s.rec.Release()
				return nil, nil, 0, err
			}
		}
		m, err := st.eval(ctx, s.rec)
		if err != nil {
			s.rec.Release()
			return nil, nil, 0, err
		}
		vals, valid := boolBits(m)
		m.Release()
		s.and(vals, valid)
		if s.live == 0 {
			return s.rec, s.undecided, 0, nil
		}
	}
	keep := s.undecided
	for i := range keep {
		keep[i] &^= s.nulls[i]
	}
	kept := countBits(keep, s.n)
	if kept == s.n {
		keep = nil
	}
	return s.rec, keep, kept, nil
}

// stageState is a staged filter's batch and, per row, whether it is still undecided (no
// conjunct false so far) and whether a conjunct was NULL.
type stageState struct {
	rec       arrow.Record
	n, live   int
	undecided bitmap
	nulls     bitmap
}

func newStageState(rec arrow.Record) *stageState {
	n := int(rec.NumRows())
	s := &stageState{rec: rec, n: n, live: n, undecided: newBitmap(n), nulls: newBitmap(n)}
	for i := range s.undecided {
		s.undecided[i] = 0xff
	}
	if n&7 != 0 {
		s.undecided[len(s.undecided)-1] = byte(1)<<(uint(n)&7) - 1
	}
	return s
}

// and folds one conjunct's values (and validity, nil when all valid) into the state.
func (s *stageState) and(vals, valid bitmap) {
	live := 0
	for i := range s.undecided {
		m := byte(0xff)
		if valid != nil {
			m = valid[i]
		}
		s.undecided[i] &^= ^vals[i] & m // definitely false
		s.nulls[i] |= ^m
		live += bits.OnesCount8(s.undecided[i])
	}
	s.live = live
}

// compact keeps only the undecided rows.
func (s *stageState) compact(ctx *Ctx) error {
	mask := selectionMask(ctx.Mem, s.undecided, s.n)
	rec, err := filterRecord(ctx, ctx.Mem, s.rec, mask)
	mask.Release()
	if err != nil {
		return err
	}
	nulls := newBitmap(s.live)
	j := 0
	for i := 0; i < s.n; i++ {
		if s.undecided.get(i) {
			if s.nulls.get(i) {
				nulls.set(j)
			}
			j++
		}
	}
	s.rec.Release()
	*s = *newStageState(rec)
	s.nulls = nulls
	return nil
}

package executor

import (
	"math/bits"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

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
//
// A compaction copies only the columns the remaining conjuncts read; the others stay
// placeholders (the original column, sliced to the new length, never read), and the kept
// rows of every column are gathered from the original batch once, at the end. TPC-H Q6's
// date range so leaves its price column to the final 2% of rows instead of copying it at
// every stage.

type stagedFilter struct {
	stages   []evaluator
	fallible []bool
	// cheap marks the stages not worth narrowing the batch for: comparisons of integer,
	// date or float columns and constants cost less than the copy of the survivors.
	cheap []bool
	// reads[k] lists the columns stages k.. read, nil when not known (then all are copied).
	reads [][]int
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
	f.reads = make([][]int, len(and.Args))
	seen, known := map[int]bool{}, true
	for k := len(and.Args) - 1; k >= 0 && known; k-- {
		if known = exprColumns(and.Args[k], seen); known {
			for c := range seen {
				f.reads[k] = append(f.reads[k], c)
			}
		}
	}
	return f, nil
}

// exprColumns adds the columns e reads to cols; false when e has an expression it does not
// know the columns of.
func exprColumns(e planner.Expr, cols map[int]bool) bool {
	var args []planner.Expr
	switch x := e.(type) {
	case *planner.ColRef:
		cols[x.Idx] = true
		return true
	case *planner.Const:
		return true
	case *planner.Call:
		args = x.Args
	case *planner.Cast:
		args = []planner.Expr{x.Arg}
	case *planner.BoolExpr:
		args = x.Args
	case *planner.NullTest:
		args = []planner.Expr{x.Arg}
	case *planner.InList:
		args = append([]planner.Expr{x.Arg}, x.List...)
	default:
		return false
	}
	for _, a := range args {
		if !exprColumns(a, cols) {
			return false
		}
	}
	return true
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
	s := newStageState(in)
	defer s.release()
	for k, st := range f.stages {
		if s.live < s.n && (f.fallible[k] || s.live <= s.n/2 && !f.cheap[k]) {
			if err := s.compact(ctx, f.reads[k]); err != nil {
				return nil, nil, 0, err
			}
		}
		m, err := st.eval(ctx, s.rec)
		if err != nil {
			return nil, nil, 0, err
		}
		vals, valid := boolBits(m)
		m.Release()
		s.and(vals, valid)
		if s.live == 0 {
			return in.NewSlice(0, 0), nil, 0, nil
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
	if s.rows == nil {
		in.Retain()
		return in, keep, kept, nil
	}
	// Compacted: gather the kept rows of every column from the original batch.
	rows := s.rows
	if keep != nil {
		rows = make([]int32, 0, kept)
		for i, r := range s.rows {
			if keep.get(i) {
				rows = append(rows, r)
			}
		}
	}
	rec, err := gatherRows(ctx, in, rows, nil)
	return rec, nil, kept, err
}

// gatherRows returns rows of rec: the columns read lists (all when nil) copied, the others
// placeholders of the right type and length (rec's column sliced), for a consumer that
// does not read them.
func gatherRows(ctx *Ctx, rec arrow.Record, rows []int32, read []int) (arrow.Record, error) {
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		if read != nil && !slices.Contains(read, c) {
			cols[c] = array.NewSlice(rec.Column(c), 0, int64(len(rows)))
			continue
		}
		a, err := takeArray(ctx.Mem, rec.Column(c), rows)
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		cols[c] = a
	}
	return newRecord(rec.Schema(), cols, len(rows)), nil
}

// stageState is a staged filter's batch and, per row, whether it is still undecided (no
// conjunct false so far) and whether a conjunct was NULL. Once compacted, rec holds some
// rows of the original batch orig, rows says which, and only the columns the remaining
// stages read are real.
type stageState struct {
	orig, rec arrow.Record
	rows      []int32 // nil while rec is orig
	n, live   int
	undecided bitmap
	nulls     bitmap
}

func newStageState(rec arrow.Record) *stageState {
	n := int(rec.NumRows())
	s := &stageState{orig: rec, rec: rec, n: n, live: n, undecided: newBitmap(n), nulls: newBitmap(n)}
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

// compact keeps only the undecided rows, copying the columns read lists (all when nil).
func (s *stageState) compact(ctx *Ctx, read []int) error {
	rows := make([]int32, 0, s.live)
	nulls := newBitmap(s.live)
	for i := 0; i < s.n; i++ {
		if s.undecided.get(i) {
			if s.nulls.get(i) {
				nulls.set(len(rows))
			}
			r := int32(i)
			if s.rows != nil {
				r = s.rows[i]
			}
			rows = append(rows, r)
		}
	}
	rec, err := gatherRows(ctx, s.orig, rows, read)
	if err != nil {
		return err
	}
	orig := s.orig
	s.release()
	*s = *newStageState(rec)
	s.orig, s.rows, s.nulls = orig, rows, nulls
	return nil
}

// release drops the compacted batch, if any (the original is the caller's).
func (s *stageState) release() {
	if s.rows != nil {
		s.rec.Release()
	}
}

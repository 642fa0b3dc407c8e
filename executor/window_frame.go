package executor

// Window frames: per row, the range of rows (in window order) a frame-aware function or an
// aggregate sees. Offsets are constants of the statement (literals or parameters), evaluated
// once per execution with PostgreSQL's checks: NULL is 22004 and a negative offset 22013.

import (
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// frameSpec is a frame with its offsets evaluated.
type frameSpec struct {
	planner.WindowFrame
	startOff, endOff int64
}

// frameOf evaluates the offsets of a call's frame.
func (w *windowOp) frameOf(ctx *Ctx, call *planner.WindowCall) (frameSpec, error) {
	fs := frameSpec{WindowFrame: call.Frame}
	eval := func(b planner.FrameBound, which string) (int64, error) {
		if b.Offset == nil {
			return 0, nil
		}
		ev, err := w.compile(b.Offset)
		if err != nil {
			return 0, err
		}
		v, null, err := evalConstInt(ctx, ev)
		switch {
		case err != nil:
			return 0, err
		case null:
			return 0, pgerror.Newf(pgcode.NullValueNotAllowed, "frame %s offset must not be null", which)
		case v < 0:
			return 0, pgerror.Newf(pgcode.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", which)
		}
		return v, nil
	}
	var err error
	if fs.startOff, err = eval(call.Frame.Start, "starting"); err != nil {
		return fs, err
	}
	fs.endOff, err = eval(call.Frame.End, "ending")
	return fs, err
}

// frameBounds returns, per row, the frame [start, end) in window order, given the partition
// and peer-group boundaries.
func frameBounds(fr frameSpec, parts, peers []int32, n int) (start, end []int32) {
	start, end = make([]int32, n), make([]int32, n)
	g := 0 // peer group of the current row: rows [peers[g], peers[g+1])
	for p := 0; p+1 < len(parts); p++ {
		ps, pe := int64(parts[p]), int64(parts[p+1])
		gs := g // first peer group of the partition
		ge := gs
		for peers[ge] < parts[p+1] {
			ge++ // peers[ge] == pe: one past the partition's last group
		}
		for ; g < ge; g++ {
			for i := int64(peers[g]); i < int64(peers[g+1]); i++ {
				start[i] = int32(boundPos(fr.Start, fr.startOff, fr.Mode, true, i, g, gs, ge, ps, pe, peers))
				end[i] = int32(boundPos(fr.End, fr.endOff, fr.Mode, false, i, g, gs, ge, ps, pe, peers))
			}
		}
	}
	return start, end
}

// boundPos returns the row position of one frame bound for row i in peer group g of the
// partition [ps, pe) whose groups are gs..ge-1. Starts are inclusive, ends exclusive.
func boundPos(b planner.FrameBound, off int64, mode planner.FrameMode, isStart bool, i int64, g, gs, ge int, ps, pe int64, peers []int32) int64 {
	clamp := func(x int64) int64 { return max(ps, min(pe, x)) }
	// groupStart returns the first row of peer group k (clamped to the partition).
	groupStart := func(k int64) int64 {
		switch {
		case k < int64(gs):
			return ps
		case k >= int64(ge):
			return pe
		}
		return int64(peers[k])
	}
	switch b.Kind {
	case planner.UnboundedPreceding:
		return ps
	case planner.UnboundedFollowing:
		return pe
	case planner.CurrentRow:
		if mode == planner.FrameRows {
			if isStart {
				return i
			}
			return i + 1
		}
		if isStart {
			return int64(peers[g])
		}
		return int64(peers[g+1])
	}
	if b.Kind == planner.OffsetPreceding {
		off = -off
	}
	if mode == planner.FrameRows {
		if isStart {
			return clamp(satAdd(i, off))
		}
		return clamp(satAdd(satAdd(i, off), 1))
	}
	// GROUPS: whole peer groups off away.
	k := satAdd(int64(g), off)
	if isStart {
		return groupStart(k)
	}
	return groupStart(satAdd(k, 1))
}

// satAdd adds without overflowing (offsets may be as large as int8 allows).
func satAdd(a, b int64) int64 {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		if b > 0 {
			return 1<<63 - 1
		}
		return -1 << 63
	}
	return s
}

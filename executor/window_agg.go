package executor

// Aggregates used as window functions run through the same catalog.AggState as GROUP BY,
// in one of three ways chosen by the frame, each folding rows in window order so that
// order-sensitive results (float sums, string_agg) match PostgreSQL's, which folds the frame
// from its head:
//
//   - whole partition (no ORDER BY, or a frame spanning the partition): one Update over all
//     rows with the partition number as the group, one Finalize, and a gather per row;
//   - growing frames (UNBOUNDED PRECEDING to anything but UNBOUNDED FOLLOWING): a running
//     state per partition is advanced by the rows each frame end adds, and after each
//     distinct frame end its single group is merged into a fresh group of a results state
//     (merging into an empty group copies the state), so the work is linear in the rows;
//   - any other frame (ROWS or GROUPS offsets, EXCLUDE): every row's frame becomes a group
//     fed with the frame's rows, gathered in chunks of bounded size; the work is the sum of
//     the frame sizes, as when PostgreSQL restarts the aggregate for each row.

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/planner"
)

// frameChunkRows bounds the number of (frame, row) pairs gathered at once for sliding
// frames.
const frameChunkRows = 1 << 20

func windowAggregate(ctx *Ctx, call *planner.WindowCall, env *catalog.FuncEnv, args []arrow.Array,
	fr frameSpec, parts, peers, start, end []int32) (arrow.Array, error) {
	switch {
	case fr.Exclude == planner.ExcludeNoOthers && wholePartitionFrames(parts, start, end):
		return aggWholePartition(ctx, call, env, args, parts)
	case fr.Exclude == planner.ExcludeNoOthers && fr.Start.Kind == planner.UnboundedPreceding:
		return aggRunning(ctx, call, env, args, parts, end)
	}
	return aggSliding(ctx, call, env, args, fr, peers, start, end)
}

// releaseState frees a state holding Arrow memory.
func releaseState(st catalog.AggState) {
	if r, ok := st.(interface{ Release() }); ok {
		r.Release()
	}
}

// wholePartitionFrames reports whether every row's frame is its whole partition.
func wholePartitionFrames(parts, start, end []int32) bool {
	for p := 0; p+1 < len(parts); p++ {
		ps, pe := parts[p], parts[p+1]
		for i := ps; i < pe; i++ {
			if start[i] != ps || end[i] != pe {
				return false
			}
		}
	}
	return true
}

func aggWholePartition(ctx *Ctx, call *planner.WindowCall, env *catalog.FuncEnv, args []arrow.Array, parts []int32) (arrow.Array, error) {
	n := int(parts[len(parts)-1])
	groups := make([]uint32, n)
	rowGroup := make([]int32, n)
	for p := 0; p+1 < len(parts); p++ {
		for i := parts[p]; i < parts[p+1]; i++ {
			groups[i], rowGroup[i] = uint32(p), int32(p)
		}
	}
	st := call.Func.Agg(env)
	defer releaseState(st)
	if err := st.Update(groups, args); err != nil {
		return nil, err
	}
	res, err := st.Finalize(len(parts) - 1)
	if err != nil {
		return nil, err
	}
	defer res.Release()
	return takeArray(ctx.Mem, res, rowGroup)
}

func aggRunning(ctx *Ctx, call *planner.WindowCall, env *catalog.FuncEnv, args []arrow.Array, parts, end []int32) (arrow.Array, error) {
	n := int(parts[len(parts)-1])
	results := call.Func.Agg(env)
	defer releaseState(results)
	rowGroup := make([]int32, n)
	var zeros []uint32
	sliced := make([]arrow.Array, len(args))
	mapping := []uint32{0}
	ck := -1
	for p := 0; p+1 < len(parts); p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ps, pe := parts[p], parts[p+1]
		run := call.Func.Agg(env)
		fed := ps
		prevEnd := int32(-1)
		for i := ps; i < pe; i++ {
			e := end[i]
			if e != prevEnd {
				if e > fed {
					k := int(e - fed)
					if cap(zeros) < k {
						zeros = make([]uint32, k)
					}
					for a, arr := range args {
						sliced[a] = array.NewSlice(arr, int64(fed), int64(e))
					}
					err := run.Update(zeros[:k], sliced)
					releaseArrays(sliced)
					if err != nil {
						releaseState(run)
						return nil, err
					}
					fed = e
				}
				ck++
				mapping[0] = uint32(ck)
				if err := results.Merge(run, mapping); err != nil {
					releaseState(run)
					return nil, err
				}
				prevEnd = e
			}
			rowGroup[i] = int32(ck)
		}
		releaseState(run)
	}
	res, err := results.Finalize(ck + 1)
	if err != nil {
		return nil, err
	}
	defer res.Release()
	return takeArray(ctx.Mem, res, rowGroup)
}

func aggSliding(ctx *Ctx, call *planner.WindowCall, env *catalog.FuncEnv, args []arrow.Array,
	fr frameSpec, peers, start, end []int32) (arrow.Array, error) {
	n := len(start)
	// peerOf[i] is the peer group of row i, for EXCLUDE GROUP and TIES.
	var peerStart, peerEnd []int32
	if fr.Exclude == planner.ExcludeGroup || fr.Exclude == planner.ExcludeTies {
		peerStart, peerEnd = make([]int32, n), make([]int32, n)
		for g := 0; g+1 < len(peers); g++ {
			for i := peers[g]; i < peers[g+1]; i++ {
				peerStart[i], peerEnd[i] = peers[g], peers[g+1]
			}
		}
	}
	excluded := func(i, j int32) bool {
		switch fr.Exclude {
		case planner.ExcludeCurrentRow:
			return j == i
		case planner.ExcludeGroup:
			return j >= peerStart[i] && j < peerEnd[i]
		case planner.ExcludeTies:
			return j != i && j >= peerStart[i] && j < peerEnd[i]
		}
		return false
	}
	var chunks []arrow.Array
	defer func() { releaseArrays(chunks) }()
	var src []int32
	var grp []uint32
	for r0 := 0; r0 < n; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, grp = src[:0], grp[:0]
		r1 := r0
		for r1 < n && (r1 == r0 || len(src) < frameChunkRows) {
			i := int32(r1)
			for j := start[i]; j < end[i]; j++ {
				if fr.Exclude != planner.ExcludeNoOthers && excluded(i, j) {
					continue
				}
				src = append(src, j)
				grp = append(grp, uint32(r1-r0))
			}
			r1++
		}
		res, err := aggregateGroups(ctx, call, env, args, src, grp, r1-r0)
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, res)
		r0 = r1
	}
	return concatArrays(ctx.Mem, call.T.Arrow(), chunks)
}

// aggregateGroups folds rows src of args into groups grp of a fresh state and finalizes
// ngroups results.
func aggregateGroups(ctx *Ctx, call *planner.WindowCall, env *catalog.FuncEnv, args []arrow.Array, src []int32, grp []uint32, ngroups int) (arrow.Array, error) {
	st := call.Func.Agg(env)
	defer releaseState(st)
	if len(src) > 0 {
		taken, err := takeColumns(ctx.Mem, args, src)
		if err != nil {
			return nil, err
		}
		err = st.Update(grp, taken)
		releaseArrays(taken)
		if err != nil {
			return nil, err
		}
	}
	return st.Finalize(ngroups)
}

package executor

import "github.com/apache/arrow/go/v17/arrow"

// Keys often arrive clustered: lineitem is stored in order key order, so GROUP BY
// l_orderkey and a join probing orders by l_orderkey see runs of about four equal keys in
// a row, and time-ordered data does the same for its dates. A lookup whose single key column
// can tell equal neighbours cheaply (runKeys) probes only the first row of each run of
// equal keys and gives the rest of the run that row's group, saving the hash, the slot
// load (a cache miss in a large table) and the key comparison for every repeat. A batch
// with few repeats (under a quarter of its rows) or with NULL keys is probed row by row as
// before, after one cheap pass that found that out. The result is the same either way:
// every row gets its key's group, and groups are created in order of first appearance.

// runKeys is a key column that can find the runs of equal keys in an array.
type runKeys interface {
	// runHeads appends to heads every position k of sel (0 first) whose row's key differs
	// from the key of row sel[k-1]; arr has no NULLs.
	runHeads(arr arrow.Array, sel []int32, heads []int32) []int32
}

// runScratch is the working memory of a run-collapsed lookup.
type runScratch struct {
	heads, rows []int32
}

// probeRuns is probe over the first rows of the runs of equal keys in sel, the rest of each
// run taking its first row's group. ok is false, with nothing done, when the table's keys
// or the batch do not suit it; the caller then probes every row.
func (t *hashTable) probeRuns(sc *probeScratch, keys []arrow.Array, sel []int32, groups []uint32, insert bool) (ins []int32, ok bool) {
	if len(t.cols) != 1 || len(sel) < 16 || keys[0].NullN() > 0 {
		return nil, false
	}
	rk, isRun := t.cols[0].(runKeys)
	if !isRun {
		return nil, false
	}
	rs := &sc.runs
	rs.heads = rk.runHeads(keys[0], sel, rs.heads[:0])
	if len(rs.heads)*4 > len(sel)*3 {
		return nil, false
	}
	rs.rows = rs.rows[:0]
	for _, k := range rs.heads {
		rs.rows = append(rs.rows, sel[k])
	}
	if insert {
		t.reserve(len(rs.rows))
	}
	ins = t.probe(sc, keys, rs.rows, groups, insert)
	heads := rs.heads
	var g uint32
	for k, r := range sel {
		if len(heads) > 0 && int(heads[0]) == k {
			g, heads = groups[r], heads[1:]
			continue
		}
		groups[r] = g
	}
	return ins, true
}

func (s *intKeys[T]) runHeads(arr arrow.Array, sel []int32, heads []int32) []int32 {
	vals := fixedValues[T](arr)
	heads = append(heads, 0)
	prev := vals[sel[0]]
	for k, r := range sel[1:] {
		x := vals[r]
		if x != prev {
			heads = append(heads, int32(k+1))
		}
		prev = x
	}
	return heads
}

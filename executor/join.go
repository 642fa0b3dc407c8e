package executor

// joinCore is the machinery hash and nested loop joins share: the materialized build (right)
// side, the probe (left) batch being joined, the gathering of output pairs, the join
// condition over candidate pairs, and the bookkeeping that turns matches into the rows of
// each join type:
//
//	inner        matching pairs
//	left, full   + probe rows without a match, right columns NULL (after each probe batch)
//	right, full  + build rows without a match, left columns NULL (after the probe input)
//	semi         probe rows with a match (left columns only)
//	anti         probe rows without a match (left columns only)
//	flipped semi build rows with a match (after the probe input)
//	flipped anti build rows without a match (after the probe input)
//
// A flipped join is a semi or anti join whose hash table holds its output side, the plan's
// left input; the probe is its right input. Its condition still reads the plan's left
// columns first, so candidate pairs put the build columns before the probe ones.
//
// An algorithm (joinAlgo) supplies how the build side is indexed and which candidate pairs a
// probe batch yields; joinCore drives the phases and owns every Arrow reference.

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
)

type joinPhase byte

const (
	phaseBuild     joinPhase = iota
	phasePairs               // expanding candidate pairs of the current probe batch
	phaseTail                // emitting unmatched / semi / anti rows of the probe batch
	phaseUnmatched           // emitting unmatched build rows (right and full joins)
	phaseDone
)

// joinAlgo is the algorithm-specific part of a join.
type joinAlgo interface {
	// startBuild resets the index before the build side is read.
	startBuild() error
	// buildBatch indexes one build batch whose first row has build row number base.
	buildBatch(ctx *Ctx, rec arrow.Record, base int) error
	// finishBuild completes the index once the build side is read.
	finishBuild() error
	// startProbe prepares the pairs of c.probe. It returns false when no pairs need be
	// expanded because c.probeMatched is already final (semi and anti joins without a
	// condition).
	startProbe(ctx *Ctx, c *joinCore) (bool, error)
	// expand appends the next candidate pairs (probe row, build row), at most BatchSize, to
	// li and ri; it returns none when the batch is exhausted. Probe rows already matched may
	// be skipped when skipMatched is set.
	expand(c *joinCore, li, ri []int32, skipMatched bool) ([]int32, []int32)
}

type joinCore struct {
	typ         planner.JoinType
	left, right Operator
	cond        evaluator // over pairSchema; nil means true
	schema      *arrow.Schema
	leftSchema  *arrow.Schema
	rightSchema *arrow.Schema
	pairSchema  *arrow.Schema

	// deferUnmatched leaves the unmatched build rows to the caller (the parallel join, which
	// must first combine the matches of all its probes).
	deferUnmatched bool
	// flipped: a semi or anti join outputting build rows (see above).
	flipped bool
	// selectProbe: the probe input is a pipeline ending in a filter, read with nextSelected
	// so that the filter only marks its rows and the join gathers the columns of matching
	// rows straight from the unfiltered batch, instead of the filter copying out every row
	// that passes and the join copying the matching ones again.
	selectProbe bool
	// outCols, when set, are the columns of the join's natural output (left then right, or
	// left only for semi and anti joins) that it outputs: the others nothing above reads,
	// so pairs gather only keepProbe and keepBuild (setOutput).
	outCols              []int
	keepProbe, keepBuild []int

	// execution state
	phase        joinPhase
	buildCols    []arrow.Array
	buildN       int
	buildMatched []bool // per build row, for right and full joins
	probe        arrow.Record
	probeKeep    bitmap // the probe rows the filter passed; nil when all
	probeMatched []bool
	li, ri       []int32
	tail         []int32 // rows to emit in phaseTail / phaseUnmatched
	tailAt       int
	out          arrow.Record
	buildMem     *heldMemory // what the build side holds
}

// buildDetails returns what EXPLAIN shows of a join's build side: for a hash join,
// PostgreSQL's Hash node's buckets, batches and memory.
func (c *joinCore) buildDetails(buckets int) []Detail {
	if c.buildMem == nil {
		return nil
	}
	d := []Detail{{Key: "Peak Memory Usage", Value: c.buildMem.peak(), Unit: KB}}
	if buckets > 0 {
		d = append([]Detail{{Key: "Hash Buckets", Value: int64(buckets)}, {Key: "Hash Batches", Value: int64(1)}}, d...)
	}
	return d
}

// joinBuildBytesPerRow estimates what a join's build side holds per row beside the row
// itself: its hash table share and key, bucket and match entries.
const joinBuildBytesPerRow = 48

// newJoinCore returns the core of a join probing with left (columns lcols) and building
// from right (rcols); flipped for a semi or anti join that outputs the build side.
func newJoinCore(typ planner.JoinType, left, right Operator, out, lcols, rcols []planner.Column, flipped bool) joinCore {
	c := joinCore{
		typ: typ, left: left, right: right,
		schema:      PlanSchema(out),
		leftSchema:  PlanSchema(lcols),
		rightSchema: PlanSchema(rcols),
		flipped:     flipped,
	}
	if flipped {
		lcols, rcols = rcols, lcols
	}
	c.pairSchema = PlanSchema(append(append([]planner.Column(nil), lcols...), rcols...))
	return c
}

// marksBuild reports whether the join remembers which build rows matched.
func (c *joinCore) marksBuild() bool {
	return c.typ == planner.RightJoin || c.typ == planner.FullJoin || c.flipped
}

// semiAnti reports whether the join outputs probe rows by whether they matched.
func (c *joinCore) semiAnti() bool {
	return (c.typ == planner.SemiJoin || c.typ == planner.AntiJoin) && !c.flipped
}

// pairless reports whether the join outputs no pairs, only rows of one side.
func (c *joinCore) pairless() bool { return c.typ == planner.SemiJoin || c.typ == planner.AntiJoin }

func (c *joinCore) open(ctx *Ctx) error {
	c.phase = phaseBuild
	if err := c.left.Open(ctx); err != nil {
		return err
	}
	if c.right == nil { // a parallel probe sharing another's build side
		return nil
	}
	return c.right.Open(ctx)
}

// afterBuild starts the probe phase once the build side is complete.
func (c *joinCore) afterBuild() {
	c.phase = phasePairs
	if c.buildN == 0 && (c.typ == planner.InnerJoin || c.typ == planner.SemiJoin || c.typ == planner.RightJoin || c.flipped) {
		// Nothing can match: do not even read the probe side.
		c.phase = phaseDone
	}
}

// shareBuild makes c probe the build side that from has built.
func (c *joinCore) shareBuild(from *joinCore) {
	c.buildCols = retainAll(from.buildCols)
	c.buildN = from.buildN
	if c.marksBuild() {
		c.buildMatched = make([]bool, c.buildN)
	}
	c.afterBuild()
}

// next is Operator.Next for a join running algo.
func (c *joinCore) next(ctx *Ctx, algo joinAlgo) (arrow.Record, error) {
	if c.out != nil {
		c.out.Release()
		c.out = nil
	}
	for {
		var out arrow.Record
		var err error
		switch c.phase {
		case phaseBuild:
			if err = c.buildSide(ctx, algo); err != nil {
				return nil, err
			}
			c.afterBuild()
			continue
		case phasePairs:
			if c.probe == nil {
				err = c.nextProbe(ctx, algo)
				if err == io.EOF {
					c.phase = phaseDone
					if !c.deferUnmatched {
						c.startUnmatched()
					}
					continue
				}
				if err != nil {
					return nil, err
				}
				if c.phase != phasePairs {
					continue
				}
			}
			out, err = c.pairs(ctx, algo)
		case phaseTail:
			out, err = c.emitTail(ctx)
		case phaseUnmatched:
			out, err = c.emitUnmatched(ctx)
		case phaseDone:
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if out != nil {
			c.out = out
			return out, nil
		}
	}
}

// buildSide drains the right input, indexing each batch and materializing the columns.
func (c *joinCore) buildSide(ctx *Ctx, algo joinAlgo) error {
	if err := algo.startBuild(); err != nil {
		return err
	}
	var recs []arrow.Record
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	what := "nested loop join"
	if _, ok := algo.(*hashJoin); ok {
		what = "hash join"
	}
	c.buildMem = newHeldMemory(ctx, budget.Hash, what)
	n := 0
	for {
		rec, err := c.right.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := checkColumnTypes(c.rightSchema, rec.Columns()); err != nil {
			return err
		}
		// The batches are concatenated at the end: the build holds each twice, for a while.
		if err := c.buildMem.add(2*recordSize(rec) + joinBuildBytesPerRow*rec.NumRows()); err != nil {
			return err
		}
		rec.Retain()
		recs = append(recs, rec)
		if err := algo.buildBatch(ctx, rec, n); err != nil {
			return err
		}
		n += int(rec.NumRows())
	}
	if err := algo.finishBuild(); err != nil {
		return err
	}
	cols, err := concatColumns(ctx.Mem, c.rightSchema, recs)
	if err != nil {
		return err
	}
	c.buildCols, c.buildN = cols, n
	var held int64
	for _, col := range cols {
		held += arraySize(col)
	}
	if err := c.buildMem.set(held + joinBuildBytesPerRow*int64(n)); err != nil {
		return err
	}
	if c.marksBuild() {
		c.buildMatched = make([]bool, n)
	}
	return nil
}

// nextProbe reads the next probe batch and lets the algorithm prepare its pairs.
func (c *joinCore) nextProbe(ctx *Ctx, algo joinAlgo) error {
	rec, err := c.readProbe(ctx)
	if err != nil {
		return err
	}
	if err := checkColumnTypes(c.leftSchema, rec.Columns()); err != nil {
		return err
	}
	rec.Retain()
	c.probe = rec
	n := int(rec.NumRows())
	if cap(c.probeMatched) < n {
		c.probeMatched = make([]bool, n)
	}
	c.probeMatched = c.probeMatched[:n]
	clear(c.probeMatched)
	needPairs, err := algo.startProbe(ctx, c)
	if err != nil {
		return err
	}
	if !needPairs {
		c.startTail()
	}
	return nil
}

// readProbe returns the next probe batch (not retained), setting c.probeKeep to the rows of
// it that the probe pipeline's filter passed when the join reads selections.
func (c *joinCore) readProbe(ctx *Ctx) (arrow.Record, error) {
	c.probeKeep = nil
	sp, ok := c.left.(*pipelineOp)
	if !c.selectProbe || !ok {
		return c.left.Next(ctx)
	}
	// The bitmap is the filter's own copy of its result: the join may keep it.
	rec, keep, _, err := sp.nextSelected(ctx)
	c.probeKeep = keep
	return rec, err
}

// probeKept reports whether probe row i passed the probe pipeline's filter.
func (c *joinCore) probeKept(i int) bool { return c.probeKeep == nil || c.probeKeep.get(i) }

// pairs returns the next output batch made of matching pairs, or nil once the probe batch's
// pairs are exhausted (moving on to its tail rows).
func (c *joinCore) pairs(ctx *Ctx, algo joinAlgo) (arrow.Record, error) {
	for {
		li, ri := algo.expand(c, c.li[:0], c.ri[:0], c.pairless() && c.cond != nil)
		c.li, c.ri = li, ri
		if len(li) == 0 {
			c.startTail()
			return nil, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if c.cond == nil {
			for _, l := range li {
				c.probeMatched[l] = true
			}
			if c.buildMatched != nil {
				for _, r := range ri {
					c.buildMatched[r] = true
				}
			}
			if c.pairless() {
				continue
			}
			return c.gatherPairs(ctx, c.schema, li, ri)
		}
		cand, err := c.gatherPairs(ctx, c.pairSchema, li, ri)
		if err != nil {
			return nil, err
		}
		out, err := c.applyCond(ctx, cand, li, ri)
		cand.Release()
		if err != nil || out != nil {
			return out, err
		}
	}
}

// applyCond keeps the candidate pairs for which the condition is true, records the matches,
// and returns the surviving pairs for join types that output pairs (nil for semi and anti
// joins, or when none survive).
func (c *joinCore) applyCond(ctx *Ctx, cand arrow.Record, li, ri []int32) (arrow.Record, error) {
	mask, err := c.cond.eval(ctx, cand)
	if err != nil {
		return nil, err
	}
	keep := trueRows(nil, mask)
	mask.Release()
	for _, k := range keep {
		c.probeMatched[li[k]] = true
		if c.buildMatched != nil {
			c.buildMatched[ri[k]] = true
		}
	}
	if c.pairless() || len(keep) == 0 {
		return nil, nil
	}
	candCols := cand.Columns()
	if c.outCols != nil {
		candCols = pickColumns(candCols, c.outCols)
	}
	if len(keep) == len(li) {
		return newRecord(c.schema, retainAll(candCols), len(li)), nil
	}
	cols, err := takeColumns(ctx.Mem, candCols, keep)
	if err != nil {
		return nil, err
	}
	return newRecord(c.schema, cols, len(keep)), nil
}

// gatherPairs gathers the probe columns at li and the build columns at ri into one record.
// When the pairs hold every probe row once, in order (a many-to-one join where all rows
// match), the probe columns are passed on as they are.
func (c *joinCore) gatherPairs(ctx *Ctx, schema *arrow.Schema, li, ri []int32) (arrow.Record, error) {
	probeCols, buildCols := c.probe.Columns(), c.buildCols
	if c.outCols != nil && schema == c.schema {
		probeCols, buildCols = pickColumns(probeCols, c.keepProbe), pickColumns(buildCols, c.keepBuild)
	}
	var lc []arrow.Array
	if len(li) == int(c.probe.NumRows()) && isIdentity(li) {
		lc = retainAll(probeCols)
	} else {
		var err error
		if lc, err = takeColumns(ctx.Mem, probeCols, li); err != nil {
			return nil, err
		}
	}
	rc, err := takeColumns(ctx.Mem, buildCols, ri)
	if err != nil {
		releaseArrays(lc)
		return nil, err
	}
	if c.flipped {
		return newRecord(schema, append(rc, lc...), len(li)), nil
	}
	return newRecord(schema, append(lc, rc...), len(li)), nil
}

// setOutput makes the join output only the columns outCols of its natural output, in
// order (see joinCore.outCols).
func (c *joinCore) setOutput(outCols []int, natural []planner.Column) {
	c.outCols, c.keepProbe, c.keepBuild = outCols, nil, nil
	probeW := len(c.leftSchema.Fields())
	out := make([]planner.Column, len(outCols))
	for i, col := range outCols {
		out[i] = natural[col]
		if col < probeW {
			c.keepProbe = append(c.keepProbe, col)
		} else {
			c.keepBuild = append(c.keepBuild, col-probeW)
		}
	}
	c.schema = PlanSchema(out)
}

// pickColumns returns cols[idx...] (not retained).
func pickColumns(cols []arrow.Array, idx []int) []arrow.Array {
	out := make([]arrow.Array, len(idx))
	for i, k := range idx {
		out[i] = cols[k]
	}
	return out
}

// outputColumns narrows a row of the join's natural output columns to those it outputs,
// releasing the others.
func (c *joinCore) outputColumns(cols []arrow.Array) []arrow.Array {
	if c.outCols == nil {
		return cols
	}
	out := make([]arrow.Array, len(c.outCols))
	for i, k := range c.outCols {
		out[i] = cols[k]
		cols[k] = nil
	}
	releaseArrays(cols)
	return out
}

// startTail lists the probe rows to emit after the pairs: unmatched rows for left and full
// joins, matched ones for semi joins, unmatched ones for anti joins.
func (c *joinCore) startTail() {
	c.phase, c.tail, c.tailAt = phaseTail, c.tail[:0], 0
	want := false
	switch {
	case c.flipped, c.typ == planner.InnerJoin, c.typ == planner.RightJoin:
		return
	case c.typ == planner.SemiJoin:
		want = true
	}
	for i, m := range c.probeMatched {
		if m == want && c.probeKept(i) {
			c.tail = append(c.tail, int32(i))
		}
	}
}

func (c *joinCore) emitTail(ctx *Ctx) (arrow.Record, error) {
	if c.tailAt >= len(c.tail) {
		c.probe.Release()
		c.probe = nil
		c.phase = phasePairs
		return nil, nil
	}
	rows := c.tail[c.tailAt:min(c.tailAt+BatchSize, len(c.tail))]
	c.tailAt += len(rows)
	var lc []arrow.Array
	if len(rows) == int(c.probe.NumRows()) {
		lc = retainAll(c.probe.Columns())
	} else {
		var err error
		if lc, err = takeColumns(ctx.Mem, c.probe.Columns(), rows); err != nil {
			return nil, err
		}
	}
	if !c.semiAnti() {
		lc = append(lc, nullColumns(ctx.Mem, c.rightSchema.Fields(), len(rows))...)
	}
	return newRecord(c.schema, c.outputColumns(lc), len(rows)), nil
}

// startUnmatched follows the end of the probe input: right and full joins go on to their
// unmatched build rows, flipped joins to their matched (semi) or unmatched (anti) ones.
func (c *joinCore) startUnmatched() {
	c.phase = phaseDone
	if !c.marksBuild() {
		return
	}
	want := c.flipped && c.typ == planner.SemiJoin
	c.phase, c.tail, c.tailAt = phaseUnmatched, c.tail[:0], 0
	for r, m := range c.buildMatched {
		if m == want {
			c.tail = append(c.tail, int32(r))
		}
	}
}

func (c *joinCore) emitUnmatched(ctx *Ctx) (arrow.Record, error) {
	if c.tailAt >= len(c.tail) {
		c.phase = phaseDone
		return nil, nil
	}
	rows := c.tail[c.tailAt:min(c.tailAt+BatchSize, len(c.tail))]
	c.tailAt += len(rows)
	var rc []arrow.Array
	if len(rows) == c.buildN {
		rc = retainAll(c.buildCols)
	} else {
		var err error
		if rc, err = takeColumns(ctx.Mem, c.buildCols, rows); err != nil {
			return nil, err
		}
	}
	if c.flipped {
		return newRecord(c.schema, c.outputColumns(rc), len(rows)), nil
	}
	cols := append(nullColumns(ctx.Mem, c.leftSchema.Fields(), len(rows)), rc...)
	return newRecord(c.schema, c.outputColumns(cols), len(rows)), nil
}

func (c *joinCore) close() error {
	if c.out != nil {
		c.out.Release()
		c.out = nil
	}
	if c.probe != nil {
		c.probe.Release()
		c.probe = nil
	}
	releaseArrays(c.buildCols)
	c.buildCols, c.buildMatched = nil, nil
	c.buildMem.release()
	return closeAll(c.left, c.right)
}

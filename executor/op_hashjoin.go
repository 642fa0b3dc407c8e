package executor

// HashJoin implements equi-joins of every type: inner, left, right and full outer, semi and
// anti.
//
// Build: on the first Next the right input is drained. Its key expressions are evaluated per
// batch and its rows inserted into a hash table keyed by the distinct key tuples; rows with
// a NULL key are left out of the table since NULL never equals anything. The batches are then
// concatenated so a build row is one dense index, and the rows are bucketed by key (a
// counting sort, keeping input order) so that the rows of key g are the contiguous range
// rows[offsets[g]:offsets[g+1]]. When every key is unique and no key is NULL (the common
// case of joining to a primary key) the bucketing is the identity and is skipped. An empty
// build side ends inner, semi and right joins at once, without reading the left input.
//
// Probe, vectorized per left batch: evaluate the left keys, hash the whole batch and look all
// rows up at once (hashTable.find compares candidate keys column by column), then walk the
// chains to produce (probe row, build row) pairs, at most BatchSize at a time. Output columns
// are gathered by those index lists. A residual condition is evaluated over the candidate
// pairs (left columns then right columns) and keeps only the pairs where it is true.
//
// A probe input that is a scan pipeline ending in a filter is read as selections
// (nextSelected): the filter marks the rows it passes, only those are looked up, and the
// output gathers the probe columns of matching rows straight from the scanned batch, so the
// rows the join drops are never copied. A large build is screened by a bloom filter
// (hashtable_bloom.go), so probes of keys it does not hold rarely touch the table.
//
// Join types: left and full joins remember which probe rows matched and, once the batch's
// pairs are exhausted, emit the others with NULL right columns; right and full joins mark
// matched build rows and emit the unmatched ones with NULL left columns after the left input
// ends. Semi and anti joins output left rows with / without a match; without a residual they
// need no pairs at all, and with one they skip the rest of a row's build rows once it matched.
// A semi or anti join that builds its left input (BuildLeft) marks the build rows each probe
// batch matches (whole keys at once without a residual; with one, skipping pairs of build
// rows already matched) and emits the matched / unmatched build rows after the probe input.
// (NOT IN's NULL semantics are the planner's business: here an anti join is NOT EXISTS.)

import (
	"io"
	"math/bits"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

type hashJoin struct {
	joinCore
	leftKeys, rightKeys []evaluator
	keyTypes            []arrow.DataType

	// execution state
	table    *hashTable
	rowGroup []uint32 // per build row: its key, or noGroup (while building)
	offsets  []int32  // per key: start of its rows in rows; one more entry at the end
	rows     []int32  // build rows bucketed by key; nil when key g is exactly row g
	groups   []uint32
	sel      []int32
	scratch  probeScratch // own probe memory, as parallel probes share the table
	row      int          // next probe row to expand
	resume   int          // position in the row's key's rows to continue from
}

var (
	_ Operator = (*hashJoin)(nil)
	_ joinAlgo = (*hashJoin)(nil)
)

// newHashJoin returns the operator for a HashJoin node over its built inputs.
func newHashJoin(node *planner.HashJoin, left, right Operator) (Operator, error) {
	return buildHashJoin(node, left, right, compileExpr)
}

// buildHashJoin returns the hash join of node over the operators of its left and right
// inputs.
func buildHashJoin(node *planner.HashJoin, left, right Operator, compile exprCompiler) (*hashJoin, error) {
	if node.BuildLeft {
		return buildHashJoinSides(node, right, left, compile)
	}
	return buildHashJoinSides(node, left, right, compile)
}

// buildHashJoinSides returns the hash join of node probing with probe and building from
// build: the node's left and right inputs, or its right and left ones when it builds left.
func buildHashJoinSides(node *planner.HashJoin, probe, build Operator, compile exprCompiler) (*hashJoin, error) {
	if len(node.LeftKeys) != len(node.RightKeys) || len(node.LeftKeys) == 0 {
		return nil, pgerror.New(pgcode.InternalError, "hash join needs matching key lists")
	}
	if node.BuildLeft && node.Type != planner.SemiJoin && node.Type != planner.AntiJoin {
		return nil, pgerror.Newf(pgcode.InternalError, "a %s hash join cannot build its left input", node.Type)
	}
	probeCols, buildCols := node.Left.Columns(), node.Right.Columns()
	probeKeys, buildKeys := node.LeftKeys, node.RightKeys
	if node.BuildLeft {
		probeCols, buildCols = buildCols, probeCols
		probeKeys, buildKeys = buildKeys, probeKeys
	}
	j := &hashJoin{joinCore: newJoinCore(node.Type, probe, build, node.Columns(), probeCols, buildCols, node.BuildLeft)}
	if sp, ok := probe.(*pipelineOp); ok && sp.selects() {
		j.selectProbe = true
	}
	for i := range probeKeys {
		lt, rt := probeKeys[i].Type().Arrow(), buildKeys[i].Type().Arrow()
		if !arrow.TypeEqual(lt, rt) {
			return nil, pgerror.Newf(pgcode.InternalError, "hash join key %d compares %s with %s", i, lt, rt)
		}
		j.keyTypes = append(j.keyTypes, lt)
	}
	var err error
	if j.leftKeys, err = compileAll(compile, probeKeys); err != nil {
		return nil, err
	}
	if j.rightKeys, err = compileAll(compile, buildKeys); err != nil {
		return nil, err
	}
	if node.Residual != nil {
		if j.cond, err = compile(node.Residual); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// Schema implements Operator.
func (j *hashJoin) Schema() *arrow.Schema { return j.schema }

// Open implements Operator.
func (j *hashJoin) Open(ctx *Ctx) error { return j.open(ctx) }

// Next implements Operator.
func (j *hashJoin) Next(ctx *Ctx) (arrow.Record, error) { return j.next(ctx, j) }

// explainDetails implements explainer: the build side's table, as PostgreSQL's Hash node
// shows it.
func (j *hashJoin) explainDetails() []Detail {
	buckets := 0
	if j.table != nil {
		buckets = len(j.table.slots)
	}
	return j.buildDetails(buckets)
}

// Close implements Operator.
func (j *hashJoin) Close() error {
	j.table, j.rowGroup, j.offsets, j.rows = nil, nil, nil, nil
	return j.close()
}

func (j *hashJoin) startBuild() error {
	t, err := newHashTable(j.keyTypes)
	if err != nil {
		return err
	}
	j.table, j.rowGroup, j.offsets, j.rows = t, j.rowGroup[:0], nil, nil
	return nil
}

// buildBatch inserts a build batch's rows with non-NULL keys and records their keys.
func (j *hashJoin) buildBatch(ctx *Ctx, rec arrow.Record, base int) error {
	n := int(rec.NumRows())
	keys, err := evalAll(ctx, j.rightKeys, rec)
	if err != nil {
		return err
	}
	j.sel = validRows(j.sel[:0], keys, n)
	j.groups = growU32(j.groups, n)
	_, err = j.table.findOrInsert(keys, j.sel, j.groups)
	releaseArrays(keys)
	if err != nil {
		return err
	}
	for range n {
		j.rowGroup = append(j.rowGroup, noGroup)
	}
	for _, r := range j.sel {
		j.rowGroup[base+int(r)] = j.groups[r]
	}
	return nil
}

// finishBuild buckets the build rows by key.
func (j *hashJoin) finishBuild() error {
	ng := j.table.len()
	identity := ng == len(j.rowGroup)
	for i, g := range j.rowGroup {
		if !identity || g != uint32(i) {
			identity = false
			break
		}
	}
	j.table.buildBloom()
	j.offsets = make([]int32, ng+1)
	if identity {
		for g := range j.offsets {
			j.offsets[g] = int32(g)
		}
		j.rowGroup = nil
		return nil
	}
	for _, g := range j.rowGroup {
		if g != noGroup {
			j.offsets[g+1]++
		}
	}
	for g := 1; g <= ng; g++ {
		j.offsets[g] += j.offsets[g-1]
	}
	j.rows = make([]int32, j.offsets[ng])
	fill := append([]int32(nil), j.offsets[:ng]...)
	for r, g := range j.rowGroup {
		if g != noGroup {
			j.rows[fill[g]] = int32(r)
			fill[g]++
		}
	}
	j.rowGroup = nil
	return nil
}

// startProbe looks up the keys of the whole probe batch.
func (j *hashJoin) startProbe(ctx *Ctx, c *joinCore) (bool, error) {
	n := int(c.probe.NumRows())
	keys, err := evalAll(ctx, j.leftKeys, c.probe)
	if err != nil {
		return false, err
	}
	j.sel = validRows(j.sel[:0], keys, n)
	if c.probeKeep != nil {
		j.sel = keptRows(j.sel, c.probeKeep)
	}
	j.groups = growU32(j.groups, n)
	for i := range j.groups {
		j.groups[i] = noGroup
	}
	err = j.table.findWith(&j.scratch, keys, j.sel, j.groups)
	releaseArrays(keys)
	if err != nil {
		return false, err
	}
	j.row, j.resume = 0, 0
	if c.cond == nil && c.semiAnti() {
		for i, g := range j.groups {
			c.probeMatched[i] = g != noGroup
		}
		return false, nil
	}
	if c.cond == nil && c.flipped {
		j.markGroups(c)
		return false, nil
	}
	return true, nil
}

// keptRows narrows sel, in place, to the rows keep marks. When sel holds every row it is
// rebuilt from the set bits of keep instead, skipping whole bytes of rejected rows.
func keptRows(sel []int32, keep bitmap) []int32 {
	out := sel[:0]
	if len(sel) == 0 || int(sel[len(sel)-1]) != len(sel)-1 {
		for _, r := range sel {
			if keep.get(int(r)) {
				out = append(out, r)
			}
		}
		return out
	}
	n := len(sel)
	for i, b := range keep[:(n+7)>>3] {
		for ; b != 0; b &= b - 1 {
			r := i<<3 | bits.TrailingZeros8(b)
			if r < n {
				out = append(out, int32(r))
			}
		}
	}
	return out
}

// markGroups marks the build rows of every key the probe batch found, for a join that
// outputs build rows by whether they matched. The rows of a key are marked together, so a
// key whose first row is marked is done.
func (j *hashJoin) markGroups(c *joinCore) {
	for _, g := range j.groups {
		if g == noGroup {
			continue
		}
		lo, hi := j.offsets[g], j.offsets[g+1]
		if j.rows == nil {
			c.buildMatched[lo] = true // one row per key
			continue
		}
		if lo == hi || c.buildMatched[j.rows[lo]] {
			continue
		}
		for _, r := range j.rows[lo:hi] {
			c.buildMatched[r] = true
		}
	}
}

// expand emits, for each probe row, the build rows of its key. With skipMatched it leaves
// out the pairs that cannot change the result any more: those of probe rows already
// matched, or of build rows already matched when the join outputs build rows.
func (j *hashJoin) expand(c *joinCore, li, ri []int32, skipMatched bool) ([]int32, []int32) {
	n := len(j.groups)
	skipBuild := skipMatched && c.flipped
	skipProbe := skipMatched && !c.flipped
	for j.row < n && len(li) < BatchSize {
		g := j.groups[j.row]
		if g == noGroup || (skipProbe && c.probeMatched[j.row]) {
			j.row++
			j.resume = 0
			continue
		}
		start, hi := int(j.offsets[g]), int(j.offsets[g+1])
		k := start + j.resume
		for ; k < hi && len(li) < BatchSize; k++ {
			r := int32(k)
			if j.rows != nil {
				r = j.rows[k]
			}
			if skipBuild && c.buildMatched[r] {
				continue
			}
			li = append(li, int32(j.row))
			ri = append(ri, r)
		}
		if k < hi {
			j.resume = k - start
			break
		}
		j.row++
		j.resume = 0
	}
	return li, ri
}

// shareBuild makes j probe the build side from has built.
func (j *hashJoin) shareBuild(from *hashJoin) {
	j.table, j.offsets, j.rows = from.table, from.offsets, from.rows
	j.joinCore.shareBuild(&from.joinCore)
}

// parallelHashJoin probes one build side from several left pipelines at once (which the scan
// machinery feeds from one shared source of morsels). The build side is built once, by the
// first probe, on the first Next; then one goroutine per pipeline runs a hash join probe over
// the shared, read-only table, each with its own evaluators and match bitmaps, and sends its
// output batches to Next. Output order across pipelines is unspecified. Right and full joins
// emit their unmatched build rows at the end, after OR-ing the probes' bitmaps. The workers
// stop at the first error, on cancellation, and when Close is called; Close waits for them.
type parallelHashJoin struct {
	workers []*hashJoin
	schema  *arrow.Schema

	// execution state
	started bool
	results chan joinResult
	stop    chan struct{}
	wg      sync.WaitGroup
	running int
	cur     arrow.Record
	tail    bool
}

type joinResult struct {
	rec  arrow.Record
	err  error
	done bool
}

var _ Operator = (*parallelHashJoin)(nil)

// newParallelHashJoin returns a hash join probing from several parallel instances of the
// node's probe input (its left one, or its right one when it builds left); with a single
// one it is the serial operator.
func newParallelHashJoin(node *planner.HashJoin, probes []Operator, build Operator) (Operator, error) {
	return buildParallelHashJoin(node, probes, build, compileExpr)
}

func buildParallelHashJoin(node *planner.HashJoin, probes []Operator, build Operator, compile exprCompiler) (Operator, error) {
	if len(probes) == 1 {
		return buildHashJoinSides(node, probes[0], build, compile)
	}
	p := &parallelHashJoin{}
	for i, l := range probes {
		r := build
		if i > 0 {
			r = nil
		}
		w, err := buildHashJoinSides(node, l, r, compile)
		if err != nil {
			return nil, err
		}
		w.deferUnmatched = true
		p.workers = append(p.workers, w)
	}
	p.schema = p.workers[0].schema
	return p, nil
}

// Schema implements Operator.
func (p *parallelHashJoin) Schema() *arrow.Schema { return p.schema }

// Open implements Operator.
func (p *parallelHashJoin) Open(ctx *Ctx) error {
	p.started, p.tail = false, false
	for _, w := range p.workers {
		if err := w.open(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (p *parallelHashJoin) start(ctx *Ctx) error {
	w0 := p.workers[0]
	if err := w0.buildSide(ctx, w0); err != nil {
		return err
	}
	w0.afterBuild()
	for _, w := range p.workers[1:] {
		w.shareBuild(w0)
	}
	p.results = make(chan joinResult, len(p.workers))
	p.stop = make(chan struct{})
	p.running = len(p.workers)
	for _, w := range p.workers {
		p.wg.Add(1)
		go p.work(ctx, w)
	}
	return nil
}

func (p *parallelHashJoin) work(ctx *Ctx, w *hashJoin) {
	defer p.wg.Done()
	send := func(r joinResult) bool {
		select {
		case p.results <- r:
			return true
		case <-p.stop:
			return false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			send(joinResult{err: pgerror.Newf(pgcode.InternalError, "hash join worker failed: %v", r)})
		}
	}()
	for {
		rec, err := w.next(ctx, w)
		switch {
		case err == io.EOF:
			send(joinResult{done: true})
			return
		case err != nil:
			send(joinResult{err: err})
			return
		}
		rec.Retain()
		if !send(joinResult{rec: rec}) {
			rec.Release()
			return
		}
	}
}

// Next implements Operator.
func (p *parallelHashJoin) Next(ctx *Ctx) (arrow.Record, error) {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	if !p.started {
		p.started = true
		if err := p.start(ctx); err != nil {
			return nil, err
		}
	}
	for p.running > 0 {
		var r joinResult
		select {
		case r = <-p.results:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		switch {
		case r.err != nil:
			return nil, r.err
		case r.done:
			p.running--
		default:
			p.cur = r.rec
			return r.rec, nil
		}
	}
	w0 := p.workers[0]
	if !p.tail {
		p.tail = true
		if w0.marksBuild() {
			for _, w := range p.workers[1:] {
				for r, m := range w.buildMatched {
					if m {
						w0.buildMatched[r] = true
					}
				}
			}
		}
		w0.startUnmatched()
	}
	return w0.next(ctx, w0)
}

// explainDetails implements explainer: the shared build side's, built by the first worker.
func (p *parallelHashJoin) explainDetails() []Detail { return p.workers[0].explainDetails() }

// Close implements Operator.
func (p *parallelHashJoin) Close() error {
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		for drained := false; !drained; {
			select {
			case r := <-p.results:
				if r.rec != nil {
					r.rec.Release()
				}
			default:
				drained = true
			}
		}
		p.stop = nil
	}
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	var first error
	for _, w := range p.workers {
		if err := w.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

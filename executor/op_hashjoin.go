package executor

// HashJoin implements equi-joins of every type: inner, left, right and full outer, semi and
// anti.
//
// Build: on the first Next the right input is drained. Its key expressions are evaluated per
// batch and its rows inserted into a hash table keyed by the distinct key tuples; rows with
// the same key are chained (head/next arrays, in input order), and rows with a NULL key are
// left out of the table since NULL never equals anything. The batches are then concatenated
// so a build row is one dense index. An empty build side ends inner, semi and right joins at
// once, without reading the left input.
//
// Probe, vectorized per left batch: evaluate the left keys, hash the whole batch and look all
// rows up at once (hashTable.find compares candidate keys column by column), then walk the
// chains to produce (probe row, build row) pairs, at most BatchSize at a time. Output columns
// are gathered by those index lists. A residual condition is evaluated over the candidate
// pairs (left columns then right columns) and keeps only the pairs where it is true.
//
// Join types: left and full joins remember which probe rows matched and, once the batch's
// pairs are exhausted, emit the others with NULL right columns; right and full joins mark
// matched build rows and emit the unmatched ones with NULL left columns after the left input
// ends. Semi and anti joins output left rows with / without a match; without a residual they
// need no pairs at all, and with one they skip the rest of a row's chain once it matched.
// (NOT IN's NULL semantics are the planner's business: here an anti join is NOT EXISTS.)

import (
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
	table  *hashTable
	head   []int32 // per key: first build row
	last   []int32 // per key: last build row (while building)
	chain  []int32 // per build row: next row with the same key, or -1
	groups []uint32
	sel    []int32
	row    int   // next probe row to expand
	resume int32 // build row to continue row's chain from; -1 to start at its head
}

var (
	_ Operator = (*hashJoin)(nil)
	_ joinAlgo = (*hashJoin)(nil)
)

// newHashJoin returns the operator for a HashJoin node over its built inputs.
func newHashJoin(node *planner.HashJoin, left, right Operator) (Operator, error) {
	return buildHashJoin(node, left, right, compileExpr)
}

func buildHashJoin(node *planner.HashJoin, left, right Operator, compile exprCompiler) (*hashJoin, error) {
	if len(node.LeftKeys) != len(node.RightKeys) || len(node.LeftKeys) == 0 {
		return nil, pgerror.New(pgcode.InternalError, "hash join needs matching key lists")
	}
	j := &hashJoin{joinCore: newJoinCore(node.Type, left, right, node.Columns(), node.Left.Columns(), node.Right.Columns())}
	for i := range node.LeftKeys {
		lt, rt := node.LeftKeys[i].Type().Arrow(), node.RightKeys[i].Type().Arrow()
		if !arrow.TypeEqual(lt, rt) {
			return nil, pgerror.Newf(pgcode.InternalError, "hash join key %d compares %s with %s", i, lt, rt)
		}
		j.keyTypes = append(j.keyTypes, lt)
	}
	var err error
	if j.leftKeys, err = compileAll(compile, node.LeftKeys); err != nil {
		return nil, err
	}
	if j.rightKeys, err = compileAll(compile, node.RightKeys); err != nil {
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

// Close implements Operator.
func (j *hashJoin) Close() error {
	j.table, j.head, j.chain = nil, nil, nil
	return j.close()
}

func (j *hashJoin) startBuild() error {
	t, err := newHashTable(j.keyTypes)
	if err != nil {
		return err
	}
	j.table, j.head, j.last, j.chain = t, j.head[:0], j.last[:0], j.chain[:0]
	return nil
}

// buildBatch inserts a build batch's rows with non-NULL keys and chains equal keys.
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
	for len(j.head) < j.table.len() {
		j.head = append(j.head, -1)
		j.last = append(j.last, -1)
	}
	for range n {
		j.chain = append(j.chain, -1)
	}
	for _, r := range j.sel {
		g, row := j.groups[r], int32(base)+r
		if j.head[g] < 0 {
			j.head[g] = row
		} else {
			j.chain[j.last[g]] = row
		}
		j.last[g] = row
	}
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
	j.groups = growU32(j.groups, n)
	for i := range j.groups {
		j.groups[i] = noGroup
	}
	err = j.table.find(keys, j.sel, j.groups)
	releaseArrays(keys)
	if err != nil {
		return false, err
	}
	j.row, j.resume = 0, -1
	if c.cond == nil && c.semiAnti() {
		for i, g := range j.groups {
			c.probeMatched[i] = g != noGroup
		}
		return false, nil
	}
	return true, nil
}

// expand walks the chains of the probe rows' keys.
func (j *hashJoin) expand(c *joinCore, li, ri []int32, skipMatched bool) ([]int32, []int32) {
	n := len(j.groups)
	for j.row < n && len(li) < BatchSize {
		g := j.groups[j.row]
		if g == noGroup || (skipMatched && c.probeMatched[j.row]) {
			j.row++
			j.resume = -1
			continue
		}
		r := j.resume
		if r < 0 {
			r = j.head[g]
		}
		for r >= 0 && len(li) < BatchSize {
			li = append(li, int32(j.row))
			ri = append(ri, r)
			r = j.chain[r]
		}
		if r >= 0 {
			j.resume = r
			break
		}
		j.row++
		j.resume = -1
	}
	return li, ri
}

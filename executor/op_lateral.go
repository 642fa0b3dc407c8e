package executor

// The lateral join (planner.LateralJoin) runs its subquery for the rows of its input, as a
// correlated subquery expression is run (apply.go): in a context whose outer row is the
// input row. Rows agreeing on the columns the subquery reads share one evaluation: its
// result, materialized as one array per column, is remembered by those values (unless the
// subquery calls a volatile function), so a subquery over a handful of groups runs a
// handful of times however many rows read it. What the memo holds is charged to the
// statement's memory budget; past lateralMemoBytes or applyMemoLimit results it starts
// afresh. The subquery rows of the stretch being joined are charged too, until it is.
//
// Output is built a batch at a time, never a row at a time: the input rows of a stretch
// (until about BatchSize subquery rows have gathered) are paired with their subquery rows
// by two index lists, the condition of a LEFT JOIN LATERAL is evaluated over all the pairs
// at once, and the rows left without a pair get one padded with NULLs (a -1 index, which
// Take turns into NULL). Output rows keep PostgreSQL's nested-loop order: input order,
// then the subquery's.

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
)

// lateralMemoBytes bounds the subquery results one lateral join remembers.
const lateralMemoBytes = 64 << 20

// lateralRows is the subquery's result for one outer row: one array per column.
type lateralRows struct {
	cols []arrow.Array
	n    int
	size int64
}

func (r *lateralRows) retain() {
	for _, c := range r.cols {
		c.Retain()
	}
}

func (r *lateralRows) release() { releaseArrays(r.cols) }

// lateralPiece is one input row of the stretch being built and its subquery rows.
type lateralPiece struct {
	row  int
	rows *lateralRows
}

type lateralJoinOp struct {
	node      *planner.LateralJoin
	input     Operator
	schema    *arrow.Schema
	subSchema *arrow.Schema
	cond      evaluator
	memoCols  []int
	memoOK    bool

	// execution state
	memo    map[string]*lateralRows
	held    *heldMemory  // what the memo holds
	running *heldMemory  // the subquery rows of the stretch being built
	in      arrow.Record // the input batch being joined
	row     int          // its next row
	pieces  []lateralPiece
	pending int // subquery rows in pieces
	out     batchSlicer
	key     strings.Builder
}

var _ Operator = (*lateralJoinOp)(nil)

func newLateralJoin(node *planner.LateralJoin, input Operator) (*lateralJoinOp, error) {
	j := &lateralJoinOp{node: node, input: input, schema: PlanSchema(node.Out),
		subSchema: PlanSchema(node.Sub.Plan.Columns())}
	j.memoCols, j.memoOK = node.MemoColumns()
	if node.Cond != nil {
		c, err := compileExpr(node.Cond)
		if err != nil {
			return nil, err
		}
		j.cond = c
	}
	return j, nil
}

// Schema implements Operator.
func (j *lateralJoinOp) Schema() *arrow.Schema { return j.schema }

// Open implements Operator.
func (j *lateralJoinOp) Open(ctx *Ctx) error {
	j.memo = map[string]*lateralRows{}
	j.held = newHeldMemory(ctx, budget.Buffer, "lateral join")
	j.running = newHeldMemory(ctx, budget.Buffer, "lateral join")
	return j.input.Open(ctx)
}

// Next implements Operator.
func (j *lateralJoinOp) Next(ctx *Ctx) (arrow.Record, error) {
	for {
		if rec := j.out.next(); rec != nil {
			return rec, nil
		}
		if j.in == nil {
			rec, err := j.input.Next(ctx)
			if err != nil {
				return nil, err
			}
			rec.Retain()
			j.in, j.row = rec, 0
		}
		if err := j.gather(ctx); err != nil {
			return nil, err
		}
		if err := j.flush(ctx); err != nil {
			return nil, err
		}
		if j.row >= int(j.in.NumRows()) {
			j.in.Release()
			j.in = nil
		}
	}
}

// gather runs the subquery for the input rows from j.row on, until about a batch of
// subquery rows has gathered or the input batch ends.
func (j *lateralJoinOp) gather(ctx *Ctx) error {
	n := int(j.in.NumRows())
	for j.row < n && j.pending < BatchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := j.rowsFor(ctx, j.row)
		if err != nil {
			return err
		}
		j.pieces = append(j.pieces, lateralPiece{row: j.row, rows: rows})
		j.pending += rows.n
		j.row++
	}
	return nil
}

// rowsFor returns the subquery's rows for input row i (a reference the caller releases),
// from the memo when an earlier row read the same values.
func (j *lateralJoinOp) rowsFor(ctx *Ctx, i int) (*lateralRows, error) {
	j.key.Reset()
	memo := j.memoOK && j.memoKey(i)
	if memo {
		if r, ok := j.memo[j.key.String()]; ok {
			r.retain()
			return r, nil
		}
	}
	sub := *ctx
	sub.outer = &outerRow{rec: j.in, row: i, parent: ctx.outer}
	sub.ctes = ctx.cteRegistry().child()
	sub.Workers = 1
	recs, err := drain(&sub, j.node.Sub.Plan, j.running)
	if err != nil {
		return nil, err
	}
	r := &lateralRows{}
	for _, rec := range recs {
		r.n += int(rec.NumRows())
	}
	cols, err := concatColumns(ctx.Mem, j.subSchema, recs)
	for _, rec := range recs {
		rec.Release()
	}
	if err != nil {
		return nil, err
	}
	r.cols = cols
	if memo {
		if err := j.remember(j.key.String(), r); err != nil {
			r.release()
			return nil, err
		}
	}
	return r, nil
}

// memoKey writes row i's memo key into j.key; false when a value's type has no key.
func (j *lateralJoinOp) memoKey(i int) bool {
	for _, c := range j.memoCols {
		if !appendMemoKey(&j.key, j.in.Column(c), i) {
			return false
		}
	}
	return true
}

// remember keeps r in the memo under key, charging its size, and starts the memo afresh
// when it has grown past its bounds.
func (j *lateralJoinOp) remember(key string, r *lateralRows) error {
	for _, c := range r.cols {
		r.size += arraySize(c)
	}
	if len(j.memo) >= applyMemoLimit || j.held.n+r.size > lateralMemoBytes {
		j.forget()
	}
	if err := j.held.add(r.size); err != nil {
		return err
	}
	r.retain()
	j.memo[key] = r
	return nil
}

// forget empties the memo.
func (j *lateralJoinOp) forget() {
	for _, r := range j.memo {
		r.release()
	}
	clear(j.memo)
	if j.held != nil {
		j.held.release()
	}
}

// flush joins the gathered pieces into output rows, handed out by j.out.
func (j *lateralJoinOp) flush(ctx *Ctx) error {
	if len(j.pieces) == 0 {
		return nil
	}
	defer j.releasePieces()
	right, err := j.pieceColumns(ctx)
	if err != nil {
		return err
	}
	defer releaseArrays(right)
	li, ri, err := j.pairs(ctx, right)
	if err != nil {
		return err
	}
	if len(li) == 0 {
		return nil
	}
	lcols := make([]arrow.Array, j.in.NumCols())
	for c := range lcols {
		lcols[c] = j.in.Column(c)
	}
	cols, err := takeColumns(ctx.Mem, lcols, li)
	if err != nil {
		return err
	}
	rcols, err := takeColumns(ctx.Mem, right, ri)
	if err != nil {
		releaseArrays(cols)
		return err
	}
	j.out.set(newRecord(j.schema, append(cols, rcols...), len(li)))
	return nil
}

// pieceColumns concatenates the pieces' subquery rows, column by column.
func (j *lateralJoinOp) pieceColumns(ctx *Ctx) ([]arrow.Array, error) {
	recs := make([]arrow.Record, 0, len(j.pieces))
	for _, p := range j.pieces {
		if p.rows.n > 0 {
			recs = append(recs, newRecord(j.subSchema, retained(p.rows.cols), p.rows.n))
		}
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	return concatColumns(ctx.Mem, j.subSchema, recs)
}

// retained returns cols with one more reference each.
func retained(cols []arrow.Array) []arrow.Array {
	for _, c := range cols {
		c.Retain()
	}
	return append([]arrow.Array(nil), cols...)
}

// pairs returns the input row and subquery row of each output row: every pair, or with a
// condition those satisfying it; a LEFT lateral join adds (row, -1) for each input row
// left without a pair.
func (j *lateralJoinOp) pairs(ctx *Ctx, right []arrow.Array) (li, ri []int32, err error) {
	candL := make([]int32, 0, j.pending)
	for _, p := range j.pieces {
		for range p.rows.n {
			candL = append(candL, int32(p.row))
		}
	}
	pass, err := j.passing(ctx, candL, right)
	if err != nil {
		return nil, nil, err
	}
	k := 0
	for _, p := range j.pieces {
		matched := false
		for r := k; r < k+p.rows.n; r++ {
			if pass == nil || pass[r] {
				li, ri = append(li, int32(p.row)), append(ri, int32(r))
				matched = true
			}
		}
		k += p.rows.n
		if !matched && j.node.Left {
			li, ri = append(li, int32(p.row)), append(ri, -1)
		}
	}
	return li, ri, nil
}

// passing evaluates the condition over all candidate pairs at once; nil when every pair
// passes.
func (j *lateralJoinOp) passing(ctx *Ctx, candL []int32, right []arrow.Array) ([]bool, error) {
	if j.cond == nil || len(candL) == 0 {
		return nil, nil
	}
	lcols := make([]arrow.Array, j.in.NumCols())
	for c := range lcols {
		lcols[c] = j.in.Column(c)
	}
	cols, err := takeColumns(ctx.Mem, lcols, candL)
	if err != nil {
		return nil, err
	}
	cand := newRecord(j.schema, append(cols, retained(right)...), len(candL))
	defer cand.Release()
	mask, err := j.cond.eval(ctx, cand)
	if err != nil {
		return nil, err
	}
	defer mask.Release()
	pass := make([]bool, len(candL))
	for _, r := range trueRows(nil, mask) {
		pass[r] = true
	}
	return pass, nil
}

func (j *lateralJoinOp) releasePieces() {
	for _, p := range j.pieces {
		p.rows.release()
	}
	j.pieces, j.pending = j.pieces[:0], 0
	j.running.release()
}

// Close implements Operator.
func (j *lateralJoinOp) Close() error {
	j.releasePieces()
	j.forget()
	j.out.release()
	if j.in != nil {
		j.in.Release()
		j.in = nil
	}
	return j.input.Close()
}

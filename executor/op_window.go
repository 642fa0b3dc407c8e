package executor

// Window implements window functions (planner.Window).
//
// The operator is blocking. On the first Next it drains its input and concatenates it into
// one array per column, so that a row is one dense index. Calls that share PARTITION BY and
// ORDER BY form one window; for each window it evaluates the keys over the whole input and
// sorts a permutation of the rows by (partition keys, order keys) with the sort operator's
// machinery (sortRows: radix on the first key where possible, comparators otherwise, stable).
// Partition and peer-group boundaries are found in one pass over adjacent sorted rows, and
// each call's frame bounds are computed per row (window_frame.go). The calls then run over
// their arguments gathered into window order: window functions through catalog.WindowImpl
// over all partitions at once, aggregates through catalog.AggState (window_agg.go). Windows
// are independent of each other and are computed in parallel, one goroutine per window, up
// to the statement's worker count.
//
// Output rows are the input columns followed by one column per call, in the order of the
// last window, as PostgreSQL's outermost WindowAgg emits them; every other window's results
// are permuted into that order.

import (
	"context"
	"io"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// windowSpec is one distinct (PARTITION BY, ORDER BY) of a Window node and its calls.
type windowSpec struct {
	keys  []planner.SortKey // partition keys (ascending, NULLs last) then order keys
	nPart int               // how many of keys are partition keys
	calls []int             // indexes into the node's Funcs
}

type windowOp struct {
	input   Operator
	node    *planner.Window
	schema  *arrow.Schema
	specs   []*windowSpec
	compile exprCompiler

	// execution state
	done   bool
	slicer batchSlicer
	mem    *heldMemory
}

var _ Operator = (*windowOp)(nil)

// windowBytesPerRow estimates what computing one window costs per row beside the rows: its
// sort (keys, permutation, radix scratch) and its results.
const windowBytesPerRow = 64

// newWindow returns the operator for a Window node over its built input.
func newWindow(node *planner.Window, input Operator) (Operator, error) {
	return buildWindow(node, input, compileExpr)
}

func buildWindow(node *planner.Window, input Operator, compile exprCompiler) (*windowOp, error) {
	w := &windowOp{input: input, node: node, schema: PlanSchema(node.Out), compile: compile}
	for i := range node.Funcs {
		c := &node.Funcs[i]
		if c.Func == nil || (c.Func.Window == nil && c.Func.Agg == nil) {
			return nil, pgerror.Newf(pgcode.InternalError, "%v is not a window function", c.Func)
		}
		var spec *windowSpec
		for _, s := range w.specs {
			if planner.SameWindow(&node.Funcs[s.calls[0]], c) {
				spec = s
				break
			}
		}
		if spec == nil {
			spec = &windowSpec{nPart: len(c.PartitionBy)}
			for _, p := range c.PartitionBy {
				spec.keys = append(spec.keys, planner.SortKey{Expr: p})
			}
			spec.keys = append(spec.keys, c.OrderBy...)
			w.specs = append(w.specs, spec)
		}
		spec.calls = append(spec.calls, i)
	}
	// The window of the last call decides the output order: keep it last.
	last := len(node.Funcs) - 1
	for i, s := range w.specs {
		if len(s.calls) > 0 && s.calls[len(s.calls)-1] == last {
			w.specs = append(append(w.specs[:i:i], w.specs[i+1:]...), s)
			break
		}
	}
	return w, nil
}

// Schema implements Operator.
func (w *windowOp) Schema() *arrow.Schema { return w.schema }

// Open implements Operator.
func (w *windowOp) Open(ctx *Ctx) error {
	w.done = false
	w.mem = newHeldMemory(ctx, budget.Buffer, "window")
	return w.input.Open(ctx)
}

// Next implements Operator.
func (w *windowOp) Next(ctx *Ctx) (arrow.Record, error) {
	if !w.done {
		w.done = true
		rec, err := w.run(ctx)
		if err != nil {
			return nil, err
		}
		w.slicer.set(rec)
	}
	if out := w.slicer.next(); out != nil {
		return out, nil
	}
	return nil, io.EOF
}

// Close implements Operator.
func (w *windowOp) Close() error {
	w.slicer.release()
	w.mem.release()
	return w.input.Close()
}

// windowResult is one window's output: its permutation (nil: input order) and one result per
// call, in window order.
type windowResult struct {
	perm    []int32
	results []arrow.Array
}

func (r *windowResult) release() { releaseArrays(r.results) }

// run materializes the input, computes every window and returns the whole output.
func (w *windowOp) run(ctx *Ctx) (arrow.Record, error) {
	in, err := w.materialize(ctx)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := int(in.NumRows())

	res := make([]windowResult, len(w.specs))
	defer func() {
		for i := range res {
			res[i].release()
		}
	}()
	if err := w.computeAll(ctx, in, res); err != nil {
		return nil, err
	}

	last := res[len(res)-1].perm
	cols := make([]arrow.Array, len(w.schema.Fields()))
	defer func() { releaseArrays(cols) }()
	for i := 0; i < int(in.NumCols()); i++ {
		if cols[i], err = permute(ctx, in.Column(i), last); err != nil {
			return nil, err
		}
	}
	base := int(in.NumCols())
	for s, spec := range w.specs {
		idx := last
		if s != len(w.specs)-1 {
			idx = composePerm(res[s].perm, last, n)
		}
		for k, call := range spec.calls {
			a := res[s].results[k]
			if s != len(w.specs)-1 {
				if a, err = permute(ctx, a, idx); err != nil {
					return nil, err
				}
			} else {
				a.Retain()
			}
			cols[base+call] = a
		}
	}
	if err := checkColumnTypes(w.schema, cols); err != nil {
		return nil, err
	}
	rec := newRecord(w.schema, cols, n)
	cols = nil
	return rec, nil
}

// computeAll computes every window into res, in parallel when there are several windows and
// workers.
func (w *windowOp) computeAll(ctx *Ctx, in arrow.Record, res []windowResult) error {
	if len(w.specs) == 1 || ctx.Workers <= 1 {
		for s, spec := range w.specs {
			if err := w.compute(ctx, spec, in, &res[s]); err != nil {
				return err
			}
		}
		return nil
	}
	wctx, cancel := context.WithCancel(ctx.Context)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		sem      = make(chan struct{}, ctx.Workers)
	)
	for s, spec := range w.specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { firstErr = pgerror.Newf(pgcode.InternalError, "window worker failed: %v", r); cancel() })
				}
			}()
			c := *ctx
			c.Context = wctx
			if err := w.compute(&c, spec, in, &res[s]); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// materialize drains the input into one record.
func (w *windowOp) materialize(ctx *Ctx) (arrow.Record, error) {
	var recs []arrow.Record
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	n := 0
	for {
		rec, err := w.input.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Held twice while the batches are concatenated, then once, with the windows' work.
		if err := w.mem.add(2*recordSize(rec) + windowBytesPerRow*int64(len(w.specs))*rec.NumRows()); err != nil {
			return nil, err
		}
		rec.Retain()
		recs = append(recs, rec)
		n += int(rec.NumRows())
	}
	inSchema := w.input.Schema()
	cols, err := concatColumns(ctx.Mem, inSchema, recs)
	if err != nil {
		return nil, err
	}
	rec := newRecord(inSchema, cols, n)
	return rec, nil
}

// compute sorts the input for one window and evaluates its calls.
func (w *windowOp) compute(ctx *Ctx, spec *windowSpec, in arrow.Record, out *windowResult) error {
	n := int(in.NumRows())
	keyEvals, err := compileSortKeys(w.compile, spec.keys)
	if err != nil {
		return err
	}
	keys, err := evalAll(ctx, keyEvals, in)
	if err != nil {
		return err
	}
	defer releaseArrays(keys)
	order := make(rowOrder, len(keys))
	for k, a := range keys {
		if order[k], err = newRowComparator(a, spec.keys[k].Desc, spec.keys[k].NullsFirst); err != nil {
			return err
		}
	}
	if len(keys) > 0 {
		if out.perm, err = sortRows(ctx, keys, order, spec.keys[0].Desc, spec.keys[0].NullsFirst, n); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	parts, peers := windowBoundaries(out.perm, order, spec.nPart, n)

	for _, ci := range spec.calls {
		call := &w.node.Funcs[ci]
		r, err := w.computeCall(ctx, call, in, out.perm, parts, peers)
		if err != nil {
			return err
		}
		out.results = append(out.results, r)
	}
	return nil
}

// computeCall evaluates one call over the input sorted by perm.
func (w *windowOp) computeCall(ctx *Ctx, call *planner.WindowCall, in arrow.Record, perm, parts, peers []int32) (arrow.Array, error) {
	n := int(in.NumRows())
	argEvals, err := compileAll(w.compile, call.Args)
	if err != nil {
		return nil, err
	}
	raw, err := evalAll(ctx, argEvals, in)
	if err != nil {
		return nil, err
	}
	args := raw
	if perm != nil {
		args, err = takeColumns(ctx.Mem, raw, perm)
		releaseArrays(raw)
		if err != nil {
			return nil, err
		}
	}
	defer releaseArrays(args)
	fr, err := w.frameOf(ctx, call)
	if err != nil {
		return nil, err
	}
	start, end := frameBounds(fr, parts, peers, n)
	argTypes := make([]types.T, len(call.Args))
	for i, a := range call.Args {
		argTypes[i] = a.Type()
	}
	env := ctx.FuncEnv(argTypes, call.T)
	var res arrow.Array
	if call.Func.Window != nil {
		res, err = call.Func.Window(env, &catalog.WindowInput{Args: args, Partitions: parts, Peers: peers, FrameStart: start, FrameEnd: end})
	} else {
		res, err = windowAggregate(ctx, call, env, args, fr, parts, peers, start, end)
	}
	if err != nil {
		return nil, err
	}
	if res.Len() != n {
		res.Release()
		return nil, pgerror.Newf(pgcode.InternalError, "window function %s returned %d values for %d rows", call.Func.Name, res.Len(), n)
	}
	return res, ctx.Err()
}

// windowBoundaries returns the partition and peer-group boundaries of the rows in perm order
// (nil: input order): a new partition starts where a partition key differs from the row
// before, a new peer group where any key does.
func windowBoundaries(perm []int32, order rowOrder, nPart, n int) (parts, peers []int32) {
	parts, peers = []int32{0}, []int32{0}
	row := func(k int) int {
		if perm == nil {
			return k
		}
		return int(perm[k])
	}
	for k := 1; k < n; k++ {
		a, b := row(k-1), row(k)
		for j, c := range order {
			if c(a, b) != 0 {
				if j < nPart {
					parts = append(parts, int32(k))
				}
				peers = append(peers, int32(k))
				break
			}
		}
	}
	if n > 0 {
		parts = append(parts, int32(n))
		peers = append(peers, int32(n))
	}
	return parts, peers
}

// permute returns a's rows in perm order (a retained when perm is nil).
func permute(ctx *Ctx, a arrow.Array, perm []int32) (arrow.Array, error) {
	if perm == nil {
		a.Retain()
		return a, nil
	}
	return takeArray(ctx.Mem, a, perm)
}

// composePerm maps the final output order (last) to positions in a window's order (perm):
// output row m is input row last[m], which perm holds at position inv(perm)[last[m]].
func composePerm(perm, last []int32, n int) []int32 {
	var inv []int32
	if perm != nil {
		inv = make([]int32, n)
		for k, r := range perm {
			inv[r] = int32(k)
		}
	}
	switch {
	case inv == nil && last == nil:
		return nil
	case inv == nil:
		return last
	case last == nil:
		return inv
	}
	out := make([]int32, n)
	for m, r := range last {
		out[m] = inv[r]
	}
	return out
}

// explainDetails implements explainer: the memory the operator held at most.
func (w *windowOp) explainDetails() []Detail {
	return []Detail{{Key: "Peak Memory Usage", Value: w.mem.peak(), Unit: KB}}
}

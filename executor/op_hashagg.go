package executor

// HashAggregate implements GROUP BY and aggregate functions.
//
// Per input batch the operator evaluates the GROUP BY expressions, maps every row to a dense
// group id through a hash table (NULLs group together), and hands each aggregate the whole
// batch as (group ids, argument arrays) through catalog.AggState.Update. FILTER (WHERE ...)
// narrows the rows an aggregate sees to those where the filter is true. DISTINCT aggregates
// do not update per batch: their (group, arguments) pairs go into a hash table of their own,
// and the distinct pairs are fed to the aggregate once, at the end. Without GROUP BY every
// row is group 0 and exactly one row comes out, even from no input (count gives 0, sum NULL).
// Output columns are the group keys followed by the aggregates, in first-seen group order,
// cut into batches of BatchSize rows.
//
// Parallelism: given W input pipelines (which the scan machinery feeds from one shared
// source of morsels), the operator runs W workers, each draining its own pipeline into its
// own hash table and aggregate states. When all are done, the tables are merged into the
// first: each worker's group keys are probed into it, giving a mapping from the worker's
// group ids to the merged ones, and AggState.Merge folds the states through that mapping
// (DISTINCT pairs are re-inserted, remapped, into the merged pair tables, so a value seen by
// two workers still counts once). Workers run only inside the first Next, which returns only
// after they have all stopped, so no goroutine outlives it; they stop at the first error of
// any of them and when the statement's context is canceled.

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// aggPipeline is one worker's input with its own compiled expressions, since evaluators may
// keep scratch state and so are not shared between goroutines.
type aggPipeline struct {
	input   Operator
	groupBy []evaluator
	args    [][]evaluator // per aggregate
	filters []evaluator   // per aggregate; nil without FILTER
	// shared computes the calls the arguments repeat, as columns appended to each batch
	// (agg_shared.go); sharedSchemas[k] is the batch's schema before call k, the last the
	// extended batch's.
	shared        []evaluator
	sharedSchemas []*arrow.Schema
}

type hashAggregate struct {
	node     *planner.Aggregate
	schema   *arrow.Schema
	keyTypes []arrow.DataType
	argTypes [][]types.T
	pipes    []*aggPipeline
	// selectable: rows a pipeline's final filter rejects may go to a trash group instead
	// of being copied out (agg_selected.go).
	selectable bool
	// argKeys identify each aggregate's arguments for sharing states (agg_shared.go), ""
	// where it may not share.
	argKeys []string
	// sets, for GROUPING SETS, holds one aggregate per set (op_groupingsets.go); nil
	// otherwise.
	sets *groupingSets

	// execution state
	done   bool
	slicer batchSlicer
	peak   atomic.Int64 // the workers' tables' peak memory, summed, for EXPLAIN
}

var (
	_ Operator  = (*hashAggregate)(nil)
	_ explainer = (*hashAggregate)(nil)
)

// explainDetails implements explainer, as PostgreSQL's HashAggregate shows its memory.
func (a *hashAggregate) explainDetails() []Detail {
	if len(a.keyTypes) == 0 {
		return nil
	}
	peak := a.peak.Load()
	if a.sets != nil {
		peak += a.sets.peak()
	}
	return []Detail{{Key: "HashAgg Batches", Value: int64(1)}, {Key: "Peak Memory Usage", Value: peak, Unit: KB}}
}

// newHashAggregate returns the serial operator for an Aggregate node over its built input.
func newHashAggregate(node *planner.Aggregate, input Operator) (Operator, error) {
	return buildHashAggregate(node, []Operator{input}, compileExpr)
}

// newParallelHashAggregate returns an operator aggregating with one worker per input; the
// inputs are parallel instances of the node's input plan sharing one source of rows. With a
// single input it is the serial operator.
func newParallelHashAggregate(node *planner.Aggregate, inputs []Operator) (Operator, error) {
	return buildHashAggregate(node, inputs, compileExpr)
}

func buildHashAggregate(node *planner.Aggregate, inputs []Operator, compile exprCompiler) (*hashAggregate, error) {
	if len(inputs) == 0 {
		return nil, pgerror.New(pgcode.InternalError, "aggregate without input")
	}
	a := &hashAggregate{node: node, schema: PlanSchema(node.Out), selectable: selectableAgg(node)}
	for _, g := range node.GroupBy {
		a.keyTypes = append(a.keyTypes, g.Type().Arrow())
	}
	for _, c := range node.Aggs {
		if c.Func == nil || c.Func.Agg == nil {
			return nil, pgerror.Newf(pgcode.InternalError, "%v is not an aggregate", c.Func)
		}
		ts := make([]types.T, len(c.Args))
		for i, e := range c.Args {
			ts[i] = e.Type()
		}
		a.argTypes = append(a.argTypes, ts)
	}
	groupBy, aggs, shared := shareCalls(inputs[0].Schema(), node.GroupBy, node.Aggs)
	a.argKeys = sharingKeys(aggs)
	if node.Sets != nil {
		a.selectable = false
		a.sets = newGroupingSets(a)
	}
	for _, in := range inputs {
		p := &aggPipeline{input: in}
		var err error
		if p.groupBy, err = compileAll(compile, groupBy); err != nil {
			return nil, err
		}
		if shared != nil {
			if p.shared, err = compileAll(compile, shared.exprs); err != nil {
				return nil, err
			}
			p.sharedSchemas = shared.schemas
		}
		for _, c := range aggs {
			args, err := compileAll(compile, c.Args)
			if err != nil {
				return nil, err
			}
			p.args = append(p.args, args)
			var f evaluator
			if c.Filter != nil {
				if f, err = compile(c.Filter); err != nil {
					return nil, err
				}
			}
			p.filters = append(p.filters, f)
		}
		a.pipes = append(a.pipes, p)
	}
	return a, nil
}

// Schema implements Operator.
func (a *hashAggregate) Schema() *arrow.Schema { return a.schema }

// Open implements Operator.
func (a *hashAggregate) Open(ctx *Ctx) error {
	a.done = false
	if a.sets != nil {
		a.sets.reset()
	}
	for _, p := range a.pipes {
		if err := p.input.Open(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Next implements Operator.
func (a *hashAggregate) Next(ctx *Ctx) (arrow.Record, error) {
	if !a.done {
		a.done = true
		if a.sets != nil {
			return a.nextSets(ctx)
		}
		s, err := a.run(ctx, func(ctx *Ctx) (aggSink, error) { return a.newAggTable(ctx) })
		if err != nil {
			return nil, err
		}
		t := s.(*aggTable)
		rec, err := t.finish(ctx)
		t.release()
		if err != nil {
			return nil, err
		}
		a.slicer.set(rec)
	}
	if a.sets != nil {
		return a.nextSets(ctx)
	}
	if out := a.slicer.next(); out != nil {
		return out, nil
	}
	return nil, io.EOF
}

// Close implements Operator.
func (a *hashAggregate) Close() error {
	a.slicer.release()
	if a.sets != nil {
		a.sets.reset()
	}
	ops := make([]Operator, len(a.pipes))
	for i, p := range a.pipes {
		ops[i] = p.input
	}
	return closeAll(ops...)
}

// aggSink is what one worker folds its pipeline into: an aggTable, or a setsTable of one
// table per grouping set.
type aggSink interface {
	consume(ctx *Ctx, p *aggPipeline, rec arrow.Record) error
	// account updates the memory the sink holds against the statement's budget.
	account() error
	// mergeFrom folds another worker's sink of the same kind in.
	mergeFrom(ctx *Ctx, o aggSink) error
	release()
}

var (
	_ aggSink = (*aggTable)(nil)
	_ aggSink = (*setsTable)(nil)
)

// run aggregates all input into one sink, in parallel when there are several pipelines.
func (a *hashAggregate) run(ctx *Ctx, newSink func(*Ctx) (aggSink, error)) (aggSink, error) {
	if len(a.pipes) == 1 {
		return a.drain(ctx, a.pipes[0], newSink)
	}
	wctx, cancel := context.WithCancel(ctx.Context)
	defer cancel()
	tables := make([]aggSink, len(a.pipes))
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	for w, p := range a.pipes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					fail(pgerror.Newf(pgcode.InternalError, "aggregate worker failed: %v", r))
				}
			}()
			c := *ctx
			c.Context = wctx
			t, err := a.drain(&c, p, newSink)
			if err != nil {
				fail(err)
				return
			}
			tables[w] = t
		}()
	}
	wg.Wait()
	if firstErr != nil {
		for _, t := range tables {
			if t != nil {
				t.release()
			}
		}
		return nil, firstErr
	}
	main := tables[0]
	for _, t := range tables[1:] {
		err := main.mergeFrom(ctx, t)
		t.release()
		if err == nil {
			err = main.account()
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			main.release()
			return nil, err
		}
	}
	return main, nil
}

// drain aggregates one pipeline to its end into a fresh sink.
func (a *hashAggregate) drain(ctx *Ctx, p *aggPipeline, newSink func(*Ctx) (aggSink, error)) (aggSink, error) {
	t, err := newSink(ctx)
	if err != nil {
		return nil, err
	}
	sp, selected := p.input.(*pipelineOp)
	selected = selected && a.selectable && sp.selects()
	for {
		if err := ctx.Err(); err != nil {
			t.release()
			return nil, err
		}
		var rec arrow.Record
		if selected {
			err = t.(*aggTable).consumeSelected(ctx, p, sp)
		} else if rec, err = p.input.Next(ctx); err == nil {
			err = t.consume(ctx, p, rec)
		}
		if err == io.EOF {
			if s, ok := t.(interface{ settle(*Ctx) error }); ok {
				if err := s.settle(ctx); err != nil {
					t.release()
					return nil, err
				}
			}
			return t, nil
		}
		if err == nil {
			err = t.account()
		}
		if err != nil {
			t.release()
			return nil, err
		}
	}
}

// aggTable is one worker's aggregation state: the group table and one AggState per
// aggregate.
type aggTable struct {
	agg      *hashAggregate
	table    *hashTable // nil without GROUP BY
	states   []catalog.AggState
	distinct []*hashTable // per aggregate: its (group, args...) pairs; nil unless DISTINCT
	// fedBy[i] is the aggregate whose state aggregate i shares (agg_shared.go), -1 when
	// aggregate i is fed itself.
	fedBy []int

	groups, sub, dgroups []uint32
	sel, rows            []int32
	mem                  *heldMemory
	// trash is the group of rows the input's filter rejected (agg_selected.go), noGroup
	// while there is none: its result is dropped.
	trash uint32
}

// aggStateBytesPerGroup estimates an aggregate's state per group (a sum and a count, say);
// states that collect values (string_agg, array_agg) hold more than this.
const aggStateBytesPerGroup = 16

// bytes estimates the table's memory: the group table, the states and the DISTINCT pairs.
func (t *aggTable) bytes() int64 {
	groups := int64(1)
	var n int64
	if t.table != nil {
		groups = int64(t.table.len())
		n += t.table.bytes()
	}
	n += groups * aggStateBytesPerGroup * int64(len(t.states))
	for _, d := range t.distinct {
		if d != nil {
			n += d.bytes()
		}
	}
	return n
}

func (a *hashAggregate) newAggTable(ctx *Ctx) (*aggTable, error) {
	t := &aggTable{agg: a, mem: newHeldMemory(ctx, budget.Hash, "hash aggregate"), trash: noGroup}
	if len(a.keyTypes) > 0 {
		ht, err := newHashTable(a.keyTypes)
		if err != nil {
			return nil, err
		}
		t.table = ht
	}
	for i, c := range a.node.Aggs {
		st := c.Func.Agg(ctx.FuncEnv(a.argTypes[i][:len(c.FuncArgs())], c.T))
		if len(c.OrderBy) > 0 {
			st = newOrderedAgg(st, c, ctx.Mem, ctx.IO)
		}
		t.states = append(t.states, st)
		var dt *hashTable
		if c.Distinct {
			dts := []arrow.DataType{arrow.PrimitiveTypes.Uint32}
			for _, at := range a.argTypes[i] {
				dts = append(dts, at.Arrow())
			}
			var err error
			if dt, err = newHashTable(dts); err != nil {
				return nil, err
			}
		}
		t.distinct = append(t.distinct, dt)
	}
	t.fedBy = sharedStates(t.states, a.argKeys)
	return t, nil
}

func growU32(s []uint32, n int) []uint32 {
	if cap(s) < n {
		return make([]uint32, n, n+n/4)
	}
	return s[:n]
}

// consume folds one batch in.
func (t *aggTable) consume(ctx *Ctx, p *aggPipeline, rec arrow.Record) error {
	rec, err := p.extend(ctx, rec)
	if err != nil {
		return err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	t.groups = growU32(t.groups, n)
	groups := t.groups
	if t.table != nil {
		keys, err := evalAll(ctx, p.groupBy, rec)
		if err != nil {
			return err
		}
		t.sel = iota32(t.sel, n)
		_, err = t.table.findOrInsert(keys, t.sel, groups)
		releaseArrays(keys)
		if err != nil {
			return err
		}
	} else {
		clear(groups)
	}
	for i := range t.states {
		if t.fedBy[i] >= 0 {
			continue
		}
		if err := t.update(ctx, p, rec, i, groups); err != nil {
			return err
		}
	}
	return nil
}

// update feeds one batch to aggregate i (or to its DISTINCT pair table).
func (t *aggTable) update(ctx *Ctx, p *aggPipeline, rec arrow.Record, i int, groups []uint32) error {
	args, rows, err := p.aggInput(ctx, rec, i, &t.rows)
	if err != nil || args == nil {
		return err
	}
	defer releaseArrays(args)
	return t.feed(ctx, i, groups, args, rows)
}

// aggInput evaluates aggregate i's arguments over a batch. With FILTER only the rows it
// passes remain: rows lists them (in *scratch), nil when all rows do; args is nil when none
// does. The caller releases args.
func (p *aggPipeline) aggInput(ctx *Ctx, rec arrow.Record, i int, scratch *[]int32) (args []arrow.Array, rows []int32, err error) {
	if args, err = evalAll(ctx, p.args[i], rec); err != nil {
		return nil, nil, err
	}
	f := p.filters[i]
	if f == nil {
		return args, nil, nil
	}
	mask, err := f.eval(ctx, rec)
	if err != nil {
		releaseArrays(args)
		return nil, nil, err
	}
	*scratch = trueRows((*scratch)[:0], mask)
	mask.Release()
	rows = *scratch
	switch {
	case len(rows) == 0:
		releaseArrays(args)
		return nil, nil, nil
	case len(rows) == int(rec.NumRows()):
		return args, nil, nil
	}
	taken, err := takeColumns(ctx.Mem, args, rows)
	releaseArrays(args)
	if err != nil {
		return nil, nil, err
	}
	return taken, rows, nil
}

// feed folds aggregate i's arguments (over the rows listed, or all rows when rows is nil)
// into the groups of those rows, or into its DISTINCT pair table.
func (t *aggTable) feed(ctx *Ctx, i int, groups []uint32, args []arrow.Array, rows []int32) error {
	if rows != nil {
		t.sub = growU32(t.sub, len(rows))
		for k, r := range rows {
			t.sub[k] = groups[r]
		}
		groups = t.sub
	}
	if dt := t.distinct[i]; dt != nil {
		keys := append([]arrow.Array{uint32Array(groups)}, args...)
		t.sel = iota32(t.sel, len(groups))
		t.dgroups = growU32(t.dgroups, len(groups))
		_, err := dt.findOrInsert(keys, t.sel, t.dgroups)
		keys[0].Release()
		return err
	}
	return t.states[i].Update(groups, args)
}

// uint32Array views a slice as an Arrow array without copying; the slice must outlive it.
func uint32Array(vals []uint32) arrow.Array {
	var b []byte
	if len(vals) > 0 {
		b = unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vals))), 4*len(vals))
	}
	data := array.NewData(arrow.PrimitiveTypes.Uint32, len(vals), []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

// account implements aggSink.
func (t *aggTable) account() error { return t.mem.set(t.bytes()) }

// mergeFrom implements aggSink.
func (t *aggTable) mergeFrom(ctx *Ctx, o aggSink) error { return t.merge(ctx, o.(*aggTable)) }

// merge folds another worker's table into t.
func (t *aggTable) merge(ctx *Ctx, o *aggTable) error {
	mapping := []uint32{0}
	if t.table == nil && o.trash != noGroup {
		mapping, t.trash = []uint32{0, 1}, 1
	}
	if t.table != nil {
		mapping = make([]uint32, o.table.len())
		var sel []int32
		start := 0
		err := o.table.scan(ctx.Mem, func(keys []arrow.Array) error {
			n := keys[0].Len()
			sel = iota32(sel, n)
			if h := int(o.trash) - start; o.trash != noGroup && h >= 0 && h < n {
				// The trash group's key is a placeholder: its rows go to t's trash.
				sel = append(sel[:h], sel[h+1:]...)
				t.trash = t.table.addHidden(keys, int32(h))
				mapping[o.trash] = t.trash
			}
			_, err := t.table.findOrInsert(keys, sel, mapping[start:start+n])
			start += n
			return err
		})
		if err != nil {
			return err
		}
	}
	return t.mergeStates(ctx, o, mapping)
}

// mergeStates folds o's aggregate states (and DISTINCT pairs) into t's, o's group g into
// t's group mapping[g]; several of o's groups may go to one of t's.
func (t *aggTable) mergeStates(ctx *Ctx, o *aggTable, mapping []uint32) error {
	for i, st := range t.states {
		if t.fedBy[i] >= 0 {
			continue
		}
		if t.distinct[i] == nil {
			if err := st.Merge(o.states[i], mapping); err != nil {
				return err
			}
			continue
		}
		err := o.distinct[i].scan(ctx.Mem, func(cols []arrow.Array) error {
			src := fixedValues[uint32](cols[0])
			t.sub = growU32(t.sub, len(src))
			for k, g := range src {
				t.sub[k] = mapping[g]
			}
			keys := append([]arrow.Array{uint32Array(t.sub)}, cols[1:]...)
			defer keys[0].Release()
			t.sel = iota32(t.sel, len(src))
			t.dgroups = growU32(t.dgroups, len(src))
			_, err := t.distinct[i].findOrInsert(keys, t.sel, t.dgroups)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// finish feeds DISTINCT pairs to their aggregates and returns the output as one record.
func (t *aggTable) finish(ctx *Ctx) (arrow.Record, error) {
	ngroups := 1
	if t.table != nil {
		ngroups = t.table.len()
	} else if t.trash != noGroup {
		ngroups = 2
	}
	live, liveIDs := t.liveGroups(ngroups)
	for i, dt := range t.distinct {
		if dt == nil {
			continue
		}
		st := t.states[i]
		err := dt.scan(ctx.Mem, func(cols []arrow.Array) error {
			return st.Update(fixedValues[uint32](cols[0]), cols[1:])
		})
		if err != nil {
			return nil, err
		}
	}
	var cols []arrow.Array
	if t.table != nil {
		keys, err := t.table.keyArrays(ctx.Mem, liveIDs)
		if err != nil {
			return nil, err
		}
		cols = keys
	}
	for i, st := range t.states {
		var res arrow.Array
		var err error
		if j := t.fedBy[i]; j >= 0 {
			res, err = st.(catalog.SharedTransition).FinalizeShared(t.states[j], ngroups)
		} else if f, ok := st.(catalog.AggContextFinalizer); ok {
			res, err = f.FinalizeContext(ctx.Context, ngroups)
		} else {
			res, err = st.Finalize(ngroups)
		}
		if err == nil && res.Len() != ngroups {
			res.Release()
			err = pgerror.Newf(pgcode.InternalError, "aggregate %s returned %d values for %d groups",
				t.agg.node.Aggs[i].Func.Name, res.Len(), ngroups)
		}
		if err == nil && live != nil {
			all := res
			res, err = takeArray(ctx.Mem, all, live)
			all.Release()
		}
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		cols = append(cols, res)
	}
	if live != nil {
		ngroups = len(live)
	}
	if err := checkColumnTypes(t.agg.schema, cols); err != nil {
		releaseArrays(cols)
		return nil, err
	}
	return newRecord(t.agg.schema, cols, ngroups), nil
}

// release frees aggregate states that hold Arrow memory (those implementing Release) and
// gives the table's memory back.
func (t *aggTable) release() {
	for _, st := range t.states {
		if r, ok := st.(interface{ Release() }); ok {
			r.Release()
		}
	}
	t.states = nil
	t.agg.peak.Add(t.mem.peak())
	t.mem.release()
}

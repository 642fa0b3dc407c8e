package executor

import (
	"errors"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Parallel execution is morsel-driven. A pipeline is a table scan followed by per-batch
// transforms (filters and projections). Its source hands out the table's stored batches
// (morsels of up to BatchSize rows) one at a time from a shared cursor, so any number of
// workers can run copies of the same pipeline and each morsel is processed exactly once.
// Consumers that do not care about order (the hash aggregate) drain worker pipelines
// directly; exchangeOp runs the workers for everyone else and re-establishes the table's
// order, so plans without ORDER BY still return rows in the order they were stored, as
// PostgreSQL's sequential scans do.

func isEOF(err error) bool { return errors.Is(err, io.EOF) }

// morselSource hands out a table's batches to the workers of one pipeline: the stored
// batches of a table, or the batches a foreign table's stream reads from its files, in
// the order it reads them.
type morselSource struct {
	scan    *planner.Scan
	table   *catalog.TableDef
	cols    []int
	once    sync.Once
	err     error
	batches []arrow.Record
	rowIDs  []*array.Int64 // parallel to batches when cols holds planner.RowIDCol
	next    atomic.Int64
	taken   atomic.Int64 // rows handed out, for EXPLAIN ANALYZE
	// counters are the table's activity counters (nil: not counted), byIndex whether the
	// rows come from an index lookup.
	counters *catalog.TableCounters
	byIndex  bool

	// A stored table read lazily (TableScanner): its morsels, and where each scanned
	// column is in them (-1: the row identifiers).
	stored    TableScan
	storedCol []int

	// A foreign table's stream, read under mu; streamed counts the batches it gave, ended
	// is set (with streamed final) once it gave the last, failed holds its error.
	stream    RecordStream
	mu        sync.Mutex
	streamed  int
	ended     atomic.Bool
	failed    error
	closeOnce sync.Once
}

func newMorselSource(scan *planner.Scan) *morselSource {
	return &morselSource{scan: scan, table: scan.Table, cols: scan.Cols}
}

func (s *morselSource) open(ctx *Ctx) error {
	s.once.Do(func() {
		switch {
		case s.table.Kind == catalog.KindForeign:
			if ctx.Files == nil {
				s.err = pgerror.Newf(pgcode.FeatureNotSupported, "cannot read foreign table \"%s\" here", s.table.Name)
				return
			}
			s.stream, s.err = ctx.Files.Open(ctx, s.scan, PlanSchema(s.scan.Out))
		case s.scan.Lookup != nil && s.lookup(ctx):
			s.byIndex = true
		case s.table.HoldsRows() && isScanner(ctx.Txn):
			s.stored, s.storedCol, s.err = openStored(ctx.Txn.(TableScanner), s.scan)
		case slices.Contains(s.cols, planner.RowIDCol):
			s.batches, s.rowIDs, s.err = ctx.Txn.RowIDBatches(s.table.OID)
		default:
			s.batches, s.err = tableBatches(ctx, s.table)
		}
		if s.err == nil && s.table.HoldsRows() {
			s.counters = ctx.Tables.Of(s.table.OID)
			s.counters.Scanned(s.byIndex)
		}
	})
	return s.err
}

// take returns the next morsel (projected to the scan's columns) and its sequence number;
// ok is false when there are no more, or on a stream's error. The record is the caller's
// to release.
func (s *morselSource) take(schema *arrow.Schema) (arrow.Record, int, bool, error) {
	if s.stream != nil {
		return s.takeStreamed()
	}
	if s.stored != nil {
		return s.takeStored(schema)
	}
	i := int(s.next.Add(1) - 1)
	if i >= len(s.batches) {
		return nil, i, false, nil
	}
	b := s.batches[i]
	s.taken.Add(b.NumRows())
	s.counters.Read(s.byIndex, b.NumRows(), 1)
	cols := make([]arrow.Array, len(s.cols))
	for k, c := range s.cols {
		if c == planner.RowIDCol {
			cols[k] = s.rowIDs[i]
			continue
		}
		cols[k] = b.Column(c)
	}
	return types.NewRecord(schema, cols, b.NumRows()), i, true, nil
}

// takeStreamed takes the stream's next batch, numbered in stream order.
func (s *morselSource) takeStreamed() (arrow.Record, int, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended.Load() || s.failed != nil {
		return nil, s.streamed, false, s.failed
	}
	rec, err := s.stream.Next()
	if isEOF(err) {
		s.ended.Store(true) // only a clean end: the consumer must still see an error
		return nil, s.streamed, false, nil
	}
	if err != nil {
		s.failed = err
		return nil, s.streamed, false, err
	}
	seq := s.streamed
	s.streamed++
	s.taken.Add(rec.NumRows())
	return rec, seq, true, nil
}

// morsels is the number of morsels of a stored table or of batches read at once; a
// foreign table's stream has no such count.
func (s *morselSource) morsels() int {
	if s.stored != nil {
		return s.stored.Len()
	}
	return len(s.batches)
}

// serialRows is the most rows a scan reads in the consumer's goroutine rather than on
// workers (a small table in a few small segments, as small commits leave it).
const serialRows = 4096

// small reports whether the scan has one morsel, or reads serialRows rows at most.
func (s *morselSource) small() bool {
	n := s.morsels()
	if n <= 1 {
		return true
	}
	counted, _ := s.stored.(interface{ Rows(i int) int64 })
	if s.stored != nil && counted == nil || n > serialRows {
		return false
	}
	var rows int64
	for i := range n {
		if counted != nil {
			rows += counted.Rows(i)
		} else {
			rows += s.batches[i].NumRows()
		}
		if rows > serialRows {
			return false
		}
	}
	return true
}

// exhausted reports whether every morsel before seq is all there is.
func (s *morselSource) exhausted(seq int) bool {
	if s.stored != nil {
		return seq >= s.stored.Len()
	}
	if s.stream == nil {
		return seq >= len(s.batches)
	}
	if !s.ended.Load() {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return seq >= s.streamed
}

// close stops a foreign table's stream (a LIMIT may stop reading early).
func (s *morselSource) close() {
	if s.stream != nil {
		s.closeOnce.Do(func() { s.stream.Close() })
	}
}

// explainDetails implements explainer for a foreign table's scan: what it read.
func (s *morselSource) explainDetails() []Detail {
	var r FilesRead
	switch {
	case s.stored != nil:
		if r = s.stored.Read(); r.Files == 0 {
			return nil
		}
	case s.stream != nil:
		r = s.stream.Read()
	default:
		return nil
	}
	return []Detail{{Key: "Files", Value: r.Files}, {Key: "Row Groups", Value: r.RowGroups},
		{Key: "Row Groups Skipped", Value: r.RowGroupsSkipped}, {Key: "Bytes Read", Value: r.Bytes}}
}

// transform is a stateless per-batch step of a pipeline (a filter or a projection). It
// consumes nothing: the caller still releases in; out is a new record (possibly empty).
type transform interface {
	apply(ctx *Ctx, in arrow.Record) (arrow.Record, error)
}

type filterTransform struct{ pred evaluator }

func (f *filterTransform) apply(ctx *Ctx, in arrow.Record) (arrow.Record, error) {
	rec, keep, kept, err := f.selectRows(ctx, in)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	return keepRows(ctx, rec, keep, kept)
}

// selectRows implements rowSelector.
func (f *filterTransform) selectRows(ctx *Ctx, in arrow.Record) (arrow.Record, bitmap, int, error) {
	mask, err := f.pred.eval(ctx, in)
	if err != nil {
		return nil, nil, 0, err
	}
	vals, valid := boolBits(mask)
	mask.Release()
	if valid != nil {
		for i := range vals {
			vals[i] &= valid[i]
		}
	}
	n := int(in.NumRows())
	kept := countBits(vals, n)
	if kept == n {
		vals = nil
	}
	in.Retain()
	return in, vals, kept, nil
}

// rowSelector is a filter that can mark the rows it keeps rather than copy them out, for
// consumers that can skip rows themselves (the hash aggregate).
type rowSelector interface {
	// selectRows returns the batch the filter ended with (in, or a narrower copy of it; the
	// caller's to release), which of its rows pass (nil when all do) and how many.
	selectRows(ctx *Ctx, in arrow.Record) (arrow.Record, bitmap, int, error)
}

// keepRows returns the rows of rec that keep marks (all of them when keep is nil).
func keepRows(ctx *Ctx, rec arrow.Record, keep bitmap, kept int) (arrow.Record, error) {
	switch {
	case keep == nil:
		rec.Retain()
		return rec, nil
	case kept == 0:
		return types.SliceRecord(rec, 0, 0), nil
	}
	mask := selectionMask(ctx.Mem, keep, int(rec.NumRows()))
	defer mask.Release()
	return filterRecord(ctx, ctx.Mem, rec, mask)
}

type projectTransform struct {
	exprs  []evaluator
	schema *arrow.Schema
}

func (p *projectTransform) apply(ctx *Ctx, in arrow.Record) (arrow.Record, error) {
	cols, err := evalAll(ctx, p.exprs, in)
	if err != nil {
		return nil, err
	}
	out := types.NewRecord(p.schema, cols, in.NumRows())
	releaseAll(cols)
	return out, nil
}

func applyAll(ctx *Ctx, ts []transform, rec arrow.Record) (arrow.Record, error) {
	for _, t := range ts {
		out, err := t.apply(ctx, rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
		rec = out
		if rec.NumRows() == 0 {
			break
		}
	}
	return rec, nil
}

// pipelinePlan is a plan subtree that runs as a pipeline: a scan plus transforms.
type pipelinePlan struct {
	scan   *planner.Scan
	steps  []planner.Plan // Filter/Project nodes, bottom-up
	schema *arrow.Schema  // output schema
}

// asPipeline recognises Filter/Project chains over a Scan.
func asPipeline(p planner.Plan) (*pipelinePlan, bool) {
	var steps []planner.Plan
	for {
		switch x := p.(type) {
		case *planner.Scan:
			for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
				steps[i], steps[j] = steps[j], steps[i]
			}
			return &pipelinePlan{scan: x, steps: steps}, true
		case *planner.Filter:
			steps = append(steps, x)
			p = x.Input
		case *planner.Project:
			steps = append(steps, x)
			p = x.Input
		default:
			return nil, false
		}
	}
}

// compileTransforms compiles the steps; each worker needs its own copy.
func (pp *pipelinePlan) compileTransforms() ([]transform, error) {
	ts := make([]transform, 0, len(pp.steps))
	for _, s := range pp.steps {
		switch x := s.(type) {
		case *planner.Filter:
			t, err := compileFilter(x.Pred)
			if err != nil {
				return nil, err
			}
			ts = append(ts, t)
		case *planner.Project:
			evs, err := compileList(x.Exprs)
			if err != nil {
				return nil, err
			}
			ts = append(ts, &projectTransform{exprs: evs, schema: PlanSchema(x.Out)})
		}
	}
	return ts, nil
}

// pipelineOp runs one worker's copy of a pipeline as an Operator, pulling morsels from the
// shared source until it is exhausted. Rows come out in no particular order across workers.
type pipelineOp struct {
	src        *morselSource
	scanSchema *arrow.Schema
	schema     *arrow.Schema
	ts         []transform
	cur        arrow.Record
	seq        int // the morsel the last batch came from: its position in the table
}

var _ Operator = (*pipelineOp)(nil)

func (p *pipelineOp) Schema() *arrow.Schema { return p.schema }

func (p *pipelineOp) Open(ctx *Ctx) error { return p.src.open(ctx) }

func (p *pipelineOp) Next(ctx *Ctx) (arrow.Record, error) {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, seq, ok, err := p.src.take(p.scanSchema)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, io.EOF
		}
		p.seq = seq
		out, err := applyAll(ctx, p.ts, m)
		if err != nil {
			return nil, err
		}
		if out.NumRows() == 0 {
			out.Release()
			continue
		}
		p.cur = out
		return out, nil
	}
}

// selects reports whether the pipeline ends in a filter that can mark rows (nextSelected).
func (p *pipelineOp) selects() bool {
	if len(p.ts) == 0 {
		return false
	}
	_, ok := p.ts[len(p.ts)-1].(rowSelector)
	return ok
}

// nextSelected is Next for a consumer that skips rows itself: the pipeline's final filter
// (selects must hold) only marks the rows it keeps, nil when all, instead of copying them
// out. Morsels the filter empties are skipped.
func (p *pipelineOp) nextSelected(ctx *Ctx) (arrow.Record, bitmap, int, error) {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	last := p.ts[len(p.ts)-1].(rowSelector)
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, 0, err
		}
		m, seq, ok, err := p.src.take(p.scanSchema)
		if err != nil {
			return nil, nil, 0, err
		}
		if !ok {
			return nil, nil, 0, io.EOF
		}
		p.seq = seq
		out, err := applyAll(ctx, p.ts[:len(p.ts)-1], m)
		if err != nil {
			return nil, nil, 0, err
		}
		if out.NumRows() == 0 {
			out.Release()
			continue
		}
		rec, keep, kept, err := last.selectRows(ctx, out)
		out.Release()
		if err != nil {
			return nil, nil, 0, err
		}
		if kept == 0 {
			rec.Release()
			continue
		}
		p.cur = rec
		return rec, keep, kept, nil
	}
}

// scannedRows implements scanCounter: the rows all copies of the pipeline read.
func (p *pipelineOp) scannedRows() int64 { return p.src.taken.Load() }

// explainDetails implements explainer.
func (p *pipelineOp) explainDetails() []Detail { return p.src.explainDetails() }

func (p *pipelineOp) Close() error {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	p.src.close()
	return nil
}

// buildPipelines builds n worker copies of a pipeline sharing one morsel source.
func buildPipelines(pp *pipelinePlan, n int) ([]Operator, error) {
	src := newMorselSource(pp.scan)
	scanSchema := PlanSchema(pp.scan.Out)
	schema := scanSchema
	if len(pp.steps) > 0 {
		schema = PlanSchema(pp.steps[len(pp.steps)-1].Columns())
	}
	ops := make([]Operator, n)
	for i := range ops {
		ts, err := pp.compileTransforms()
		if err != nil {
			return nil, err
		}
		ops[i] = &pipelineOp{src: src, scanSchema: scanSchema, schema: schema, ts: ts}
	}
	return ops, nil
}

// exchangeOp runs a pipeline on several workers and returns the results in morsel order.
// A scan of one morsel or a few rows (an index lookup, a small table), or with one worker,
// runs in the consumer's goroutine instead: handing one batch to a worker and back costs more
// than the batch, and a single-row statement would wait on two goroutine switches.
type exchangeOp struct {
	src        *morselSource
	scanSchema *arrow.Schema
	schema     *arrow.Schema
	workers    [][]transform // each worker's copy of the pipeline, copies of them once open
	plan       *pipelinePlan
	copies     int
	serial     *pipelineOp // the pipeline run without workers, when it is

	results chan morselResult
	stop    chan struct{}
	wg      sync.WaitGroup
	pending map[int]morselResult
	nextSeq int
	done    int
	cur     arrow.Record
	err     error
	started bool
}

type morselResult struct {
	seq int
	rec arrow.Record // nil when the morsel produced no rows
	err error
	end bool // the worker is finished
}

var _ Operator = (*exchangeOp)(nil)

func newExchange(pp *pipelinePlan, n int) (*exchangeOp, error) {
	e := &exchangeOp{src: newMorselSource(pp.scan), scanSchema: PlanSchema(pp.scan.Out)}
	e.schema = e.scanSchema
	if len(pp.steps) > 0 {
		e.schema = PlanSchema(pp.steps[len(pp.steps)-1].Columns())
	}
	// The first copy is compiled now, to report a compile error when the plan is built;
	// the others when Open finds that workers run.
	ts, err := pp.compileTransforms()
	if err != nil {
		return nil, err
	}
	e.workers, e.plan, e.copies = [][]transform{ts}, pp, n
	return e, nil
}

func (e *exchangeOp) Schema() *arrow.Schema { return e.schema }

func (e *exchangeOp) Open(ctx *Ctx) error {
	if err := e.src.open(ctx); err != nil {
		return err
	}
	if e.src.stream == nil && (e.copies == 1 || e.src.small()) {
		e.serial = &pipelineOp{src: e.src, scanSchema: e.scanSchema, schema: e.schema, ts: e.workers[0]}
		return nil
	}
	for len(e.workers) < e.copies {
		ts, err := e.plan.compileTransforms()
		if err != nil {
			return err
		}
		e.workers = append(e.workers, ts)
	}
	e.results = make(chan morselResult, 2*len(e.workers))
	e.stop = make(chan struct{})
	e.pending = map[int]morselResult{}
	for _, ts := range e.workers {
		e.wg.Add(1)
		go e.work(ctx, ts)
	}
	e.started = true
	return nil
}

// apply runs a worker's transforms over one morsel; a panic becomes an internal error, so
// that a bug in one operator fails the statement instead of the server.
func (e *exchangeOp) apply(ctx *Ctx, ts []transform, m arrow.Record) (out arrow.Record, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, pgerror.Newf(pgcode.InternalError, "worker failed: %v", r)
		}
	}()
	return applyAll(ctx, ts, m)
}

func (e *exchangeOp) work(ctx *Ctx, ts []transform) {
	defer e.wg.Done()
	send := func(r morselResult) bool {
		select {
		case e.results <- r:
			return true
		case <-e.stop:
			if r.rec != nil {
				r.rec.Release()
			}
			return false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			send(morselResult{err: pgerror.Newf(pgcode.InternalError, "scan worker failed: %v", r), end: true})
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			send(morselResult{err: err, end: true})
			return
		}
		m, seq, ok, err := e.src.take(e.scanSchema)
		if err != nil {
			send(morselResult{err: err, end: true})
			return
		}
		if !ok {
			send(morselResult{end: true, seq: -1})
			return
		}
		out, err := e.apply(ctx, ts, m)
		if err != nil {
			send(morselResult{err: err, end: true})
			return
		}
		if out.NumRows() == 0 {
			out.Release()
			out = nil
		}
		if !send(morselResult{seq: seq, rec: out}) {
			return
		}
	}
}

// nextSerial is Next without workers; a panic becomes an internal error, as in a worker.
func (e *exchangeOp) nextSerial(ctx *Ctx) (rec arrow.Record, err error) {
	defer func() {
		if r := recover(); r != nil {
			rec, err = nil, pgerror.Newf(pgcode.InternalError, "worker failed: %v", r)
		}
	}()
	return e.serial.Next(ctx)
}

func (e *exchangeOp) Next(ctx *Ctx) (arrow.Record, error) {
	if e.serial != nil {
		return e.nextSerial(ctx)
	}
	if e.cur != nil {
		e.cur.Release()
		e.cur = nil
	}
	if e.err != nil {
		return nil, e.err
	}
	for {
		// Emit in morsel order: skip morsels that produced nothing.
		if r, ok := e.pending[e.nextSeq]; ok {
			delete(e.pending, e.nextSeq)
			e.nextSeq++
			if r.rec != nil {
				e.cur = r.rec
				return r.rec, nil
			}
			continue
		}
		if e.src.exhausted(e.nextSeq) {
			return nil, io.EOF
		}
		if e.done == len(e.workers) {
			// Every worker ended; sequence numbers skipped by empty batches are done.
			e.nextSeq++
			continue
		}
		select {
		case r := <-e.results:
			if r.err != nil {
				e.err = r.err
				return nil, r.err
			}
			if r.end {
				e.done++
				continue
			}
			e.pending[r.seq] = r
		case <-ctx.Done():
			e.err = ctx.Err()
			return nil, e.err
		}
	}
}

// scannedRows implements scanCounter.
func (e *exchangeOp) scannedRows() int64 { return e.src.taken.Load() }

// explainDetails implements explainer.
func (e *exchangeOp) explainDetails() []Detail { return e.src.explainDetails() }

func (e *exchangeOp) Close() error {
	if e.serial != nil {
		e.serial.Close()
		e.serial = nil
		return nil
	}
	if e.cur != nil {
		e.cur.Release()
		e.cur = nil
	}
	if !e.started {
		e.src.close()
		return nil
	}
	close(e.stop)
	e.src.close() // wakes workers waiting for a foreign table's next batch
	e.wg.Wait()
	for {
		select {
		case r := <-e.results:
			if r.rec != nil {
				r.rec.Release()
			}
			continue
		default:
		}
		break
	}
	for _, r := range e.pending {
		if r.rec != nil {
			r.rec.Release()
		}
	}
	e.pending = nil
	e.started = false
	return nil
}

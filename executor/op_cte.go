package executor

// WITH queries. Build of a With node registers each CTE's plan in the statement's CTE
// registry under its ID, then builds the input, whose CTEScans look their CTE up while being
// built. A CTE is run to completion the first time any of its scans is opened (sync.Once:
// scans may open from parallel workers) and its batches are kept until the With operator
// closes; every scan then reads the same batches. A CTE nobody opens is never run, as in
// PostgreSQL.
//
// Registries nest: a correlated subquery evaluated per row gets a child registry, so a WITH
// inside it is computed per row without disturbing another row's evaluation running on
// another worker.

import (
	"io"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// cteRegistry maps the CTE IDs of a statement to their results and the recursive unions'
// working tables.
type cteRegistry struct {
	mu     sync.Mutex
	parent *cteRegistry
	ctes   map[int]*cteResult
	work   map[int]*workTable
}

func (r *cteRegistry) child() *cteRegistry { return &cteRegistry{parent: r} }

func (r *cteRegistry) setCTE(id int, c *cteResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctes == nil {
		r.ctes = map[int]*cteResult{}
	}
	r.ctes[id] = c
}

func (r *cteRegistry) cte(id int) *cteResult {
	for ; r != nil; r = r.parent {
		r.mu.Lock()
		c := r.ctes[id]
		r.mu.Unlock()
		if c != nil {
			return c
		}
	}
	return nil
}

func (r *cteRegistry) setWork(id int, w *workTable) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.work == nil {
		r.work = map[int]*workTable{}
	}
	r.work[id] = w
}

func (r *cteRegistry) workTable(id int) *workTable {
	for ; r != nil; r = r.parent {
		r.mu.Lock()
		w := r.work[id]
		r.mu.Unlock()
		if w != nil {
			return w
		}
	}
	return nil
}

// cteRegistry returns the registry of the statement, creating it for contexts made
// without NewCtx.
func (c *Ctx) cteRegistry() *cteRegistry {
	if c.ctes == nil {
		c.ctes = &cteRegistry{}
	}
	return c.ctes
}

// cteResult is one CTE of one execution: its plan and, once run, its batches. outer and
// reg are the outer row and registry of the With that defines it: a CTE reading the row of
// an enclosing query (a WITH inside a correlated subquery) must see that row, not the row
// of whichever nested subquery happens to read it first.
type cteResult struct {
	plan  planner.Plan
	outer *outerRow
	reg   *cteRegistry
	once  sync.Once
	recs  []arrow.Record
	err   error
	mem   *heldMemory
}

// materialize runs the CTE once; later calls return at once.
func (c *cteResult) materialize(ctx *Ctx) error {
	c.once.Do(func() {
		own := *ctx
		own.outer, own.ctes = c.outer, c.reg
		c.mem = newHeldMemory(&own, budget.Buffer, "WITH query")
		c.recs, c.err = drain(&own, c.plan, c.mem)
	})
	return c.err
}

func (c *cteResult) release() {
	for _, r := range c.recs {
		r.Release()
	}
	c.recs = nil
	c.mem.release()
}

// drain runs plan to completion and returns its non-empty batches, retained, charging them
// to mem (when not nil).
func drain(ctx *Ctx, plan planner.Plan, mem *heldMemory) ([]arrow.Record, error) {
	op, err := Build(plan, ctx)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	if err := op.Open(ctx); err != nil {
		return nil, err
	}
	var out []arrow.Record
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			return out, nil
		}
		if err != nil {
			for _, r := range out {
				r.Release()
			}
			return nil, err
		}
		if rec.NumRows() > 0 {
			if err := mem.add(recordSize(rec)); err != nil {
				for _, r := range out {
					r.Release()
				}
				return nil, err
			}
			rec.Retain()
			out = append(out, rec)
		}
	}
}

// withOp runs its input with CTEs registered; it frees their results when it closes.
type withOp struct {
	input   Operator
	results []*cteResult
}

var _ Operator = (*withOp)(nil)

func newWith(x *planner.With, ctx *Ctx) (Operator, error) {
	reg := ctx.cteRegistry()
	w := &withOp{}
	for i, id := range x.IDs {
		r := &cteResult{plan: x.CTEs[i], outer: ctx.outer, reg: reg}
		reg.setCTE(id, r)
		w.results = append(w.results, r)
	}
	in, err := Build(x.Input, ctx)
	if err != nil {
		return nil, err
	}
	w.input = in
	return w, nil
}

// Schema implements Operator.
func (w *withOp) Schema() *arrow.Schema { return w.input.Schema() }

// Open implements Operator.
func (w *withOp) Open(ctx *Ctx) error { return w.input.Open(ctx) }

// Next implements Operator.
func (w *withOp) Next(ctx *Ctx) (arrow.Record, error) { return w.input.Next(ctx) }

// Close implements Operator.
func (w *withOp) Close() error {
	err := w.input.Close()
	for _, r := range w.results {
		r.release()
	}
	return err
}

// storedScan emits a list of batches owned by someone else under its own schema (the
// column names of the reference).
type storedScan struct {
	schema *arrow.Schema
	recs   func(ctx *Ctx) ([]arrow.Record, error)

	list []arrow.Record
	pos  int
	out  arrow.Record
}

var _ Operator = (*storedScan)(nil)

func newCTEScan(x *planner.CTEScan, ctx *Ctx) (Operator, error) {
	c := ctx.cteRegistry().cte(x.ID)
	if c == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "WITH query \"%s\" is not in scope", x.Name)
	}
	return &storedScan{schema: PlanSchema(x.Out), recs: func(ctx *Ctx) ([]arrow.Record, error) {
		if err := c.materialize(ctx); err != nil {
			return nil, err
		}
		return c.recs, nil
	}}, nil
}

// Schema implements Operator.
func (s *storedScan) Schema() *arrow.Schema { return s.schema }

// Open implements Operator.
func (s *storedScan) Open(ctx *Ctx) error {
	list, err := s.recs(ctx)
	s.list, s.pos = list, 0
	return err
}

// Next implements Operator.
func (s *storedScan) Next(ctx *Ctx) (arrow.Record, error) {
	s.releaseOut()
	if s.pos >= len(s.list) {
		return nil, io.EOF
	}
	rec := s.list[s.pos]
	s.pos++
	s.out = array.NewRecord(s.schema, rec.Columns(), rec.NumRows())
	return s.out, nil
}

func (s *storedScan) releaseOut() {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
}

// Close implements Operator.
func (s *storedScan) Close() error {
	s.releaseOut()
	s.list = nil
	return nil
}

package executor

// EXPLAIN ANALYZE's measurements. When a statement runs with Ctx.Instrument set, Build wraps
// every operator it makes in an instrumented operator that counts, for the plan node it
// runs, the loops (opens), the rows returned, and the time spent in Open and Next, the
// node's children included, as PostgreSQL's "actual time" is. When the operator closes, it
// asks it for the details EXPLAIN shows beside the counts (a sort's method and memory, a
// hash table's size), through the optional explainer interface.
//
// Parallel copies of one pipeline all count into their node; their loops count once and
// their time is the longest copy's, so the figures read like one operator's.

import (
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/planner"
)

// Instrumentation holds the measurements of one statement, per plan node.
type Instrumentation struct {
	// Timing makes the operators read the clock (EXPLAIN's TIMING option).
	Timing bool

	mu    sync.Mutex
	nodes map[planner.Plan]*NodeStats
}

// NodeStats are one plan node's measurements.
type NodeStats struct {
	Loops   int64
	Rows    int64
	Startup time.Duration // until the first row of each loop, summed over loops
	Total   time.Duration // until the end of each loop, summed over loops
	// Scanned counts the rows a scan read before its filters (Rows counts what passed).
	Scanned int64
	// Details are what the operator reports beside the counts, in the order EXPLAIN shows
	// them.
	Details []Detail

	copies int64         // parallel copies still to report their time
	copyT  time.Duration // the longest copy's time so far
}

// Detail is one item an operator reports for EXPLAIN, such as ("Sort Method",
// "quicksort") or ("Peak Memory", 2048 bytes). Unit says how to print Value.
type Detail struct {
	Key   string
	Value any
	Unit  DetailUnit
}

// DetailUnit is how EXPLAIN prints a Detail's value.
type DetailUnit uint8

// Detail units.
const (
	Plain DetailUnit = iota // a string or an integer, as it is
	KB                      // bytes, printed in kB rounded up
)

// explainer is implemented by operators with details to show in EXPLAIN ANALYZE.
type explainer interface {
	explainDetails() []Detail
}

// NewInstrumentation returns an empty set of measurements.
func NewInstrumentation(timing bool) *Instrumentation {
	return &Instrumentation{Timing: timing, nodes: map[planner.Plan]*NodeStats{}}
}

// Node returns the measurements of plan node p (nil if it never ran).
func (in *Instrumentation) Node(p planner.Plan) *NodeStats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.nodes[p]
}

func (in *Instrumentation) stats(p planner.Plan) *NodeStats {
	in.mu.Lock()
	defer in.mu.Unlock()
	st := in.nodes[p]
	if st == nil {
		st = &NodeStats{}
		in.nodes[p] = st
	}
	return st
}

// instrumented measures one operator for its plan node.
type instrumented struct {
	op     Operator
	in     *Instrumentation
	st     *NodeStats
	copies int  // parallel copies of the node (1: a serial operator)
	first  bool // the copy that counts the loop

	t      time.Duration // this loop's time so far
	gotRow bool
}

var _ Operator = (*instrumented)(nil)

// instrument wraps op to measure it for node p, unless the statement is not instrumented.
func instrument(ctx *Ctx, p planner.Plan, op Operator) Operator {
	if ctx.Instrument == nil {
		return op
	}
	return &instrumented{op: op, in: ctx.Instrument, st: ctx.Instrument.stats(p), copies: 1, first: true}
}

// instrumentCopies wraps parallel copies of one pipeline to measure them together for p.
func instrumentCopies(ctx *Ctx, p planner.Plan, ops []Operator) []Operator {
	if ctx.Instrument == nil {
		return ops
	}
	st := ctx.Instrument.stats(p)
	out := make([]Operator, len(ops))
	for i, op := range ops {
		out[i] = &instrumented{op: op, in: ctx.Instrument, st: st, copies: len(ops), first: i == 0}
	}
	return out
}

func (w *instrumented) clock() time.Time {
	if w.in.Timing {
		return time.Now()
	}
	return time.Time{}
}

func (w *instrumented) since(t0 time.Time) time.Duration {
	if !w.in.Timing {
		return 0
	}
	return time.Since(t0)
}

// Schema implements Operator.
func (w *instrumented) Schema() *arrow.Schema { return w.op.Schema() }

// Open implements Operator.
func (w *instrumented) Open(ctx *Ctx) error {
	t0 := w.clock()
	err := w.op.Open(ctx)
	w.t, w.gotRow = w.since(t0), false
	w.in.mu.Lock()
	if w.first {
		w.st.Loops++
	}
	w.in.mu.Unlock()
	return err
}

// Next implements Operator.
func (w *instrumented) Next(ctx *Ctx) (arrow.Record, error) {
	t0 := w.clock()
	rec, err := w.op.Next(ctx)
	w.t += w.since(t0)
	w.in.mu.Lock()
	defer w.in.mu.Unlock()
	if err == nil {
		w.st.Rows += rec.NumRows()
		if !w.gotRow && w.first {
			w.st.Startup += w.t
		}
		w.gotRow = true
		return rec, nil
	}
	return nil, err
}

// setBound passes a Limit's bound to the operator measured.
func (w *instrumented) setBound(n int64) {
	if b, ok := w.op.(bounded); ok {
		b.setBound(n)
	}
}

// Close implements Operator: it records the loop's time and the operator's details.
func (w *instrumented) Close() error {
	w.in.mu.Lock()
	if w.copies > 1 {
		w.st.copyT = max(w.st.copyT, w.t)
		if w.st.copies++; w.st.copies == int64(w.copies) {
			w.st.Total += w.st.copyT
			w.st.copies, w.st.copyT = 0, 0
		}
	} else {
		w.st.Total += w.t
	}
	if w.first {
		if e, ok := w.op.(explainer); ok {
			w.st.Details = e.explainDetails()
		}
		if s, ok := w.op.(scanCounter); ok {
			w.st.Scanned += s.scannedRows()
		}
	}
	w.in.mu.Unlock()
	return w.op.Close()
}

// scanCounter is implemented by operators that read a table: how many rows they read
// before their filters.
type scanCounter interface {
	scannedRows() int64
}

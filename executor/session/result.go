package session

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// Result is a running statement that returns rows.
type Result interface {
	// Columns describes the rows (nil for statements that return none).
	Columns() []planner.Column
	// Next returns the next batch, or io.EOF. The record is valid until the next call.
	Next() (arrow.Record, error)
	// Tag returns the complete command tag ("SELECT 3", "INSERT 0 5"); valid after io.EOF,
	// or at once for statements that return no rows.
	Tag() string
	// Close stops the statement and frees its resources. It is safe to call twice.
	Close() error
}

// tagOnly is the result of a statement that returns no rows.
type tagOnly string

func (t tagOnly) Columns() []planner.Column   { return nil }
func (t tagOnly) Next() (arrow.Record, error) { return nil, io.EOF }
func (t tagOnly) Tag() string                 { return string(t) }
func (t tagOnly) Close() error                { return nil }

// rowsResult streams a query's batches.
type rowsResult struct {
	sess     *Session
	ctx      *executor.Ctx
	op       executor.Operator
	cols     []planner.Column
	txn      executor.Txn
	implicit bool
	rows     int64
	done     bool
	closed   bool
}

func (r *rowsResult) Columns() []planner.Column { return r.cols }

func (r *rowsResult) Next() (arrow.Record, error) {
	if r.done {
		return nil, io.EOF
	}
	rec, err := r.op.Next(r.ctx)
	if err != nil {
		r.done = true
		if !errors.Is(err, io.EOF) {
			r.finish(err)
			return nil, err
		}
		r.finish(nil)
		return nil, io.EOF
	}
	r.rows += rec.NumRows()
	return rec, nil
}

// finish ends the statement: an implicit transaction commits (it read only), a failed
// statement in a block aborts the block.
func (r *rowsResult) finish(err error) {
	if r.closed {
		return
	}
	r.closed = true
	r.op.Close()
	if err != nil {
		r.sess.fail(r.txn, r.implicit)
		return
	}
	if r.implicit {
		r.sess.endImplicit(r.txn)
	}
}

func (r *rowsResult) Tag() string { return fmt.Sprintf("SELECT %d", r.rows) }

func (r *rowsResult) Close() error {
	// A portal closed before its end (a row limit) still ends its implicit transaction.
	r.finish(nil)
	return nil
}

// textRows is the result of SHOW and EXPLAIN: one text column.
func textRows(cols []planner.Column, lines []string) Result {
	return &textResult{cols: cols, lines: lines}
}

type textResult struct {
	cols  []planner.Column
	lines []string
	rec   arrow.Record
	done  bool
}

func (t *textResult) Columns() []planner.Column { return t.cols }

func (t *textResult) Next() (arrow.Record, error) {
	if t.done {
		return nil, io.EOF
	}
	t.done = true
	t.rec = stringsRecord(t.cols[0].Name, t.lines)
	return t.rec, nil
}

func (t *textResult) Tag() string {
	if t.cols[0].Name == "QUERY PLAN" {
		return "EXPLAIN"
	}
	return "SHOW"
}

func (t *textResult) Close() error {
	if t.rec != nil {
		t.rec.Release()
		t.rec = nil
	}
	return nil
}

// returningResult streams the RETURNING rows of a finished DELETE or UPDATE.
type returningResult struct {
	cols []planner.Column
	recs []arrow.Record
	next int
	tag  string
}

func (r *returningResult) Columns() []planner.Column { return r.cols }

func (r *returningResult) Next() (arrow.Record, error) {
	if r.next >= len(r.recs) {
		return nil, io.EOF
	}
	r.next++
	return r.recs[r.next-1], nil
}

func (r *returningResult) Tag() string { return r.tag }

func (r *returningResult) Close() error {
	for _, rec := range r.recs {
		rec.Release()
	}
	r.recs = nil
	return nil
}

// stringsRecord builds a one-column text record.
func stringsRecord(name string, lines []string) arrow.Record {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(lines, nil)
	col := b.NewArray()
	defer col.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: name, Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	return array.NewRecord(schema, []arrow.Array{col}, int64(len(lines)))
}

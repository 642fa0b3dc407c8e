package pgcopy

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// Columns of a domain type are parsed as the base type, then each batch is checked against
// the domain's constraints at once (planner.CopyOptions.Checks). PostgreSQL checks each
// value as it reads it and names its line; when a batch fails, the failing row is found
// again one row at a time, so the error carries the same context.

// compileChecks compiles the domain checks of the columns that have one.
func (b *copyBatch) compileChecks(checks []planner.Expr) error {
	var es []planner.Expr
	for i, c := range checks {
		if c != nil {
			es = append(es, c)
			b.checkCols = append(b.checkCols, i)
		}
	}
	var err error
	b.checks, err = executor.CompileExprs(es)
	return err
}

// check runs the domain checks over the parsed columns of the pending rows.
func (b *copyBatch) check(cols []arrow.Array) error {
	lines := b.lines
	b.lines = b.lines[:0]
	if b.checks.Len() == 0 {
		return nil
	}
	rec := b.record(cols)
	defer rec.Release()
	out, err := b.checks.Eval(b.ctx, rec)
	if err == nil {
		releaseAll(out)
		return nil
	}
	// Find the first row that fails, for the error's context.
	for r := int64(0); r < rec.NumRows(); r++ {
		one := rec.NewSlice(r, r+1)
		out, rowErr := b.checks.Eval(b.ctx, one)
		if rowErr == nil {
			releaseAll(out)
			one.Release()
			continue
		}
		defer one.Release()
		return copyContext(rowErr, b.table, lines[r], b.columnContext(one, rowErr))
	}
	return err
}

// columnContext names the column whose check failed in the one-row record, with its value
// in text format (PostgreSQL shows the input; binary COPY shows no value).
func (b *copyBatch) columnContext(one arrow.Record, err error) string {
	for k, i := range b.checkCols {
		out, e := b.checks.EvalOne(b.ctx, k, one)
		if e == nil {
			out.Release()
			continue
		}
		c := b.cols[i]
		if b.binary {
			return ", column " + c.name
		}
		if one.Column(i).IsNull(0) {
			return fmt.Sprintf(", column %s: null input", c.name)
		}
		text := types.TextAppender(c.t, one.Column(i), b.ctx.IO)(nil, 0)
		return fmt.Sprintf(", column %s: \"%s\"", c.name, text)
	}
	return ""
}

// record wraps the parsed columns as one record.
func (b *copyBatch) record(cols []arrow.Array) arrow.Record {
	fields := make([]arrow.Field, len(b.cols))
	for i, c := range b.cols {
		fields[i] = arrow.Field{Name: c.name, Type: cols[i].DataType(), Nullable: true}
	}
	n := int64(0)
	if len(cols) > 0 {
		n = int64(cols[0].Len())
	}
	return array.NewRecord(arrow.NewSchema(fields, nil), cols[:len(b.cols)], n)
}

func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		a.Release()
	}
}

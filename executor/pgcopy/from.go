package pgcopy

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/dml"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// copyBatchRows is how many rows COPY FROM parses before handing a batch to storage.
const copyBatchRows = 64 * 1024

// From runs COPY st ... FROM over the data stream r (without protocol framing) until
// io.EOF, appending the rows to the table in ctx's transaction. It returns the number of
// rows copied.
func From(ctx *executor.Ctx, st *planner.Statement, r io.Reader) (int64, error) {
	table := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if table == nil {
		return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	opts := st.Copy
	defaults, err := executor.CompileExprs(opts.Defaults)
	if err != nil {
		return 0, err
	}
	w := dml.NewTableWriter(ctx, table, append(slices.Clone(st.TargetCols), opts.DefaultCols...))
	if err := w.SetChecks(st.Checks); err != nil {
		return 0, err
	}
	cols := make([]catalog.Column, len(st.TargetCols))
	for i, t := range st.TargetCols {
		cols[i] = table.Columns[t]
	}
	return parse(ctx, opts, table.Name, cols, nil, &copyBatch{ctx: ctx, w: w, defaults: defaults, table: table.Name}, r)
}

// Read parses the text or CSV data of r, whose rows have the given columns, as COPY FROM
// does (errors name table in their context), and hands emit the columns in keep (ordinals
// of cols) every batch of rows; the other columns are checked for count but not
// converted. emit does not own the arrays.
func Read(ctx *executor.Ctx, opts *planner.CopyOptions, table string, cols []catalog.Column, keep []int, r io.Reader, emit func(arrs []arrow.Array, n int64) error) error {
	_, err := parse(ctx, opts, table, cols, keep, &copyBatch{ctx: ctx, w: &emitWriter{keep: keep, emit: emit}, table: table}, r)
	return err
}

// parse reads r in opts' format into batch, whose writer takes the rows of cols; cols not
// in keep (when keep is not nil) are skipped unconverted.
func parse(ctx *executor.Ctx, opts *planner.CopyOptions, table string, cols []catalog.Column, keep []int, batch *copyBatch, r io.Reader) (int64, error) {
	binary := opts.Format == planner.CopyBinary
	batch.binary = binary
	batch.cols = make([]copyColumn, len(cols))
	for i, c := range cols {
		parse := types.TextParserFor(c.Type, ctx.IO)
		if binary {
			parse = types.BinaryParserFor(c.Type, ctx.IO)
		}
		b := array.NewBuilder(ctx.Mem, c.Type.Arrow())
		if keep != nil && !slices.Contains(keep, i) {
			parse, b = skipField, array.NewNullBuilder(ctx.Mem)
		}
		batch.cols[i] = copyColumn{name: c.Name, t: c.Type, parse: parse, b: b}
	}
	defer func() {
		for _, c := range batch.cols {
			c.b.Release()
		}
	}()
	if err := batch.compileChecks(opts.Checks); err != nil {
		return 0, err
	}
	if binary {
		return copyFromBinary(ctx, bufio.NewReaderSize(r, 1<<16), table, batch.cols, batch)
	}
	br := bufio.NewReaderSize(r, 1<<16)
	rd := &copyReader{r: br, opts: opts}
	if parallelFormat(opts) && batch.checks.Len() == 0 {
		return copyFromTextParallel(ctx, br, rd, table, batch.cols, batch)
	}
	return copyFromText(ctx, rd, table, batch.cols, batch)
}

// skipField is the parser of a column Read does not keep: a NULL placeholder.
func skipField(b array.Builder, _ []byte) error {
	b.AppendNull()
	return nil
}

// emitWriter hands Read's batches to its caller.
type emitWriter struct {
	keep []int
	emit func(arrs []arrow.Array, n int64) error
	rows int64
}

func (w *emitWriter) Write(arrs []arrow.Array, n int64) error {
	w.rows += n
	if w.keep == nil {
		return w.emit(arrs, n)
	}
	kept := make([]arrow.Array, len(w.keep))
	for i, k := range w.keep {
		kept[i] = arrs[k]
	}
	return w.emit(kept, n)
}

func (w *emitWriter) Rows() int64 { return w.rows }

// rowWriter takes the batches of parsed rows: a table's writer for COPY FROM, the caller's
// function for Read.
type rowWriter interface {
	Write(arrs []arrow.Array, n int64) error
	Rows() int64
}

// copyFromText reads the text and CSV formats, record by record.
func copyFromText(ctx *executor.Ctx, rd *copyReader, table string, cols []copyColumn, batch *copyBatch) (int64, error) {
	line := 0
	var fields [][]byte
	var nulls []bool
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var err error
		fields, nulls, err = rd.record(fields[:0], nulls[:0])
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return 0, copyContext(err, table, line, "")
		}
		if line == 1 && rd.opts.Header {
			continue
		}
		if err := appendRecord(cols, fields, nulls, table, line, rd.line); err != nil {
			return 0, err
		}
		if err := batch.row(line); err != nil {
			return 0, err
		}
	}
	return batch.finish()
}

// appendRecord parses one record's fields into the columns' builders; raw is its input
// line, for the error context.
func appendRecord(cols []copyColumn, fields [][]byte, nulls []bool, table string, line int, raw []byte) error {
	// A blank line in text format is a row with one empty column: PostgreSQL reports
	// missing data for the second column, as the check below does.
	if len(fields) < len(cols) {
		return copyContext(pgerror.Newf(pgcode.BadCopyFileFormat, "missing data for column \"%s\"", cols[len(fields)].name), table, line, fmt.Sprintf(": \"%s\"", raw))
	}
	if len(fields) > len(cols) {
		return copyContext(pgerror.New(pgcode.BadCopyFileFormat, "extra data after last expected column"), table, line, fmt.Sprintf(": \"%s\"", raw))
	}
	for i, f := range fields {
		c := &cols[i]
		if nulls[i] {
			c.b.AppendNull()
			continue
		}
		if err := c.parse(c.b, f); err != nil {
			return copyContext(err, table, line, fmt.Sprintf(", column %s: \"%s\"", c.name, f))
		}
	}
	return nil
}

// copyFromBinary reads PostgreSQL's binary COPY format: a signature, flags and header
// extension, then tuples of (field count, then length-prefixed fields), ended by -1.
func copyFromBinary(ctx *executor.Ctx, r *bufio.Reader, table string, cols []copyColumn, batch *copyBatch) (int64, error) {
	bad := func(msg string) error { return pgerror.New(pgcode.BadCopyFileFormat, msg) }
	var hdr [19]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || string(hdr[:11]) != "PGCOPY\n\xff\r\n\x00" {
		return 0, bad("COPY file signature not recognized")
	}
	if flags := binary.BigEndian.Uint32(hdr[11:15]); flags&0xffff0000&^(1<<16) != 0 || flags&(1<<16) != 0 {
		return 0, bad("invalid COPY file header (WITH OIDS)")
	}
	if ext := binary.BigEndian.Uint32(hdr[15:19]); ext > 0 {
		if _, err := r.Discard(int(ext)); err != nil {
			return 0, bad("invalid COPY file header (missing data)")
		}
	}
	line := 0
	var lenBuf [4]byte
	var field []byte
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var cnt [2]byte
		if _, err := io.ReadFull(r, cnt[:]); err != nil {
			if err == io.EOF {
				break // tolerate a missing trailer, as PostgreSQL does at end of data
			}
			return 0, bad("unexpected EOF in COPY data")
		}
		n := int16(binary.BigEndian.Uint16(cnt[:]))
		if n == -1 {
			break
		}
		line++
		if int(n) != len(cols) {
			return 0, copyContext(pgerror.Newf(pgcode.BadCopyFileFormat, "row field count is %d, expected %d", n, len(cols)), table, line, "")
		}
		for i := range cols {
			c := &cols[i]
			if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
				return 0, bad("unexpected EOF in COPY data")
			}
			l := int32(binary.BigEndian.Uint32(lenBuf[:]))
			if l == -1 {
				c.b.AppendNull()
				continue
			}
			if l < 0 {
				return 0, bad("invalid field size")
			}
			if cap(field) < int(l) {
				field = make([]byte, l)
			}
			field = field[:l]
			if _, err := io.ReadFull(r, field); err != nil {
				return 0, bad("unexpected EOF in COPY data")
			}
			if err := c.parse(c.b, field); err != nil {
				return 0, copyContext(err, table, line, ", column "+c.name)
			}
		}
		if err := batch.row(line); err != nil {
			return 0, err
		}
	}
	return batch.finish()
}

// copyBatch counts the rows parsed into the column builders and hands them, with the
// columns' defaults, to the table writer every copyBatchRows rows, and once more at the end.
type copyBatch struct {
	ctx      *executor.Ctx
	w        rowWriter
	cols     []copyColumn
	defaults executor.Exprs
	pending  int
	// checks enforce the domains of the columns checkCols (see domain.go); lines holds the
	// input line of each pending row, for their errors' context.
	checks    executor.Exprs
	checkCols []int
	lines     []int
	table     string
	binary    bool
}

// row records one parsed row, read from the given line of input.
func (b *copyBatch) row(line int) error {
	b.pending++
	if b.checks.Len() > 0 {
		b.lines = append(b.lines, line)
	}
	if b.pending < copyBatchRows {
		return nil
	}
	return b.flush()
}

// flush writes the pending rows.
func (b *copyBatch) flush() error {
	n := int64(b.pending)
	b.pending = 0
	arrs := make([]arrow.Array, len(b.cols), len(b.cols)+b.defaults.Len())
	for i, c := range b.cols {
		arrs[i] = c.b.NewArray()
	}
	defer func() {
		for _, a := range arrs {
			a.Release()
		}
	}()
	if err := b.check(arrs); err != nil {
		return err
	}
	return b.writeColumns(arrs, n)
}

// writeColumns writes n parsed rows (one array per column read, the caller's) with the
// defaults of the other columns.
func (b *copyBatch) writeColumns(arrs []arrow.Array, n int64) error {
	// Defaults read no columns: they are evaluated for the batch's rows.
	defs, err := b.defaults.EvalRows(b.ctx, n)
	if err != nil {
		return err
	}
	defer releaseAll(defs)
	return b.w.Write(append(arrs[:len(arrs):len(arrs)], defs...), n)
}

// finish flushes what is left and returns the number of rows written.
func (b *copyBatch) finish() (int64, error) {
	if b.pending > 0 {
		if err := b.flush(); err != nil {
			return 0, err
		}
	}
	return b.w.Rows(), nil
}

type copyColumn struct {
	name  string
	t     types.T
	parse types.TextParser
	b     array.Builder
}

// copyContext adds PostgreSQL's "COPY t, line n" context to an error, after the context the
// error already has (a json input error's "JSON data, line 1: ..."), one line each.
func copyContext(err error, table string, line int, col string) error {
	e := pgerror.Flatten(err)
	out := pgerror.New(e.Code, e.Message)
	out.Detail, out.Hint = e.Detail, e.Hint
	out.Context = fmt.Sprintf("COPY %s, line %d%s", table, line, col)
	if e.Context != "" {
		out.Context = e.Context + "\n" + out.Context
	}
	return out
}

// Sample reads up to n records of r in the text or CSV format of opts, as text (nil for
// NULL), for inferring column types. A header line, when opts has one, is the first record.
func Sample(opts *planner.CopyOptions, r io.Reader, n int) ([][]*string, error) {
	rd := &copyReader{r: bufio.NewReaderSize(r, 1<<16), opts: opts}
	var out [][]*string
	var fields [][]byte
	var nulls []bool
	for len(out) < n {
		var err error
		fields, nulls, err = rd.record(fields[:0], nulls[:0])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, copyContext(err, "", len(out)+1, "")
		}
		row := make([]*string, len(fields))
		for i, f := range fields {
			if !nulls[i] {
				s := string(f)
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	return out, nil
}

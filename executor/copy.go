package executor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// copyBatchRows is how many rows COPY FROM parses before handing a batch to storage.
const copyBatchRows = 64 * 1024

// tableWriter appends rows to a table: incoming column i fills table column target[i],
// the others are NULL. It enforces NOT NULL.
type tableWriter struct {
	ctx    *Ctx
	table  *catalog.TableDef
	target []int
	schema *arrow.Schema
	rows   int64
}

func newTableWriter(ctx *Ctx, table *catalog.TableDef, target []int) *tableWriter {
	return &tableWriter{ctx: ctx, table: table, target: target, schema: table.ArrowSchema()}
}

func (w *tableWriter) write(cols []arrow.Array, n int64) error {
	if n == 0 {
		return nil
	}
	full := make([]arrow.Array, len(w.table.Columns))
	var made []arrow.Array
	defer func() { releaseAll(made) }()
	for i, t := range w.target {
		full[t] = cols[i]
	}
	for i, c := range w.table.Columns {
		if full[i] == nil {
			a := array.MakeArrayOfNull(w.ctx.Mem, w.schema.Field(i).Type, int(n))
			made = append(made, a)
			full[i] = a
		}
		if !arrow.TypeEqual(full[i].DataType(), w.schema.Field(i).Type) {
			return pgerror.Newf(pgcode.InternalError, "column \"%s\" receives %s values, not %s", c.Name, full[i].DataType(), w.schema.Field(i).Type)
		}
	}
	if err := checkNotNull(w.ctx, w.table, full); err != nil {
		return err
	}
	rec := array.NewRecord(w.schema, full, n)
	defer rec.Release()
	if err := w.ctx.Txn.Insert(w.table.OID, rec); err != nil {
		return err
	}
	w.rows += n
	return nil
}

// CopyFrom runs COPY ... FROM STDIN, reading the data stream (without protocol framing)
// from r until io.EOF. It returns the command tag ("COPY 1000").
func (s *Session) CopyFrom(ctx context.Context, p *Prepared, r io.Reader) (string, error) {
	if s.failed {
		return "", errAborted()
	}
	st, err := s.rebind(p)
	if err != nil {
		return "", s.statementError(err)
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, nil)
	n, err := s.copyFrom(ectx, st, r)
	if err == nil && implicit {
		err = txn.Commit()
	}
	if err != nil {
		s.fail(txn, implicit)
		return "", err
	}
	return fmt.Sprintf("COPY %d", n), nil
}

func (s *Session) copyFrom(ctx *Ctx, st *planner.Statement, r io.Reader) (int64, error) {
	table := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if table == nil {
		return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	opts := st.Copy
	defaults, err := compileList(opts.Defaults)
	if err != nil {
		return 0, err
	}
	w := newTableWriter(ctx, table, append(slices.Clone(st.TargetCols), opts.DefaultCols...))
	cols := make([]copyColumn, len(st.TargetCols))
	for i, t := range st.TargetCols {
		c := table.Columns[t]
		cols[i] = copyColumn{name: c.Name, parse: types.TextParserFor(c.Type, ctx.IO), b: array.NewBuilder(ctx.Mem, c.Type.Arrow())}
	}
	defer func() {
		for _, c := range cols {
			c.b.Release()
		}
	}()
	flush := func(rows int) error {
		arrs := make([]arrow.Array, len(cols), len(cols)+len(defaults))
		for i, c := range cols {
			arrs[i] = c.b.NewArray()
		}
		defer func() { releaseAll(arrs) }()
		if len(defaults) > 0 {
			// Defaults read no columns: evaluate them over a batch of rows and no columns.
			empty := array.NewRecord(arrow.NewSchema(nil, nil), nil, int64(rows))
			defer empty.Release()
			for _, ev := range defaults {
				a, err := ev.eval(ctx, empty)
				if err != nil {
					return err
				}
				arrs = append(arrs, a)
			}
		}
		return w.write(arrs, int64(rows))
	}
	if opts.Format == planner.CopyBinary {
		for i, t := range st.TargetCols {
			cols[i].parse = types.BinaryParserFor(table.Columns[t].Type, ctx.IO)
		}
		return copyFromBinary(ctx, bufio.NewReaderSize(r, 1<<16), table.Name, cols, &copyBatch{w: w, flush: flush})
	}
	batch := &copyBatch{w: w, flush: flush}
	rd := &copyReader{r: bufio.NewReaderSize(r, 1<<16), opts: opts}
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
			return 0, copyContext(err, table.Name, line, "")
		}
		if line == 1 && opts.Header {
			continue
		}
		if len(fields) == 1 && len(cols) != 1 && !nulls[0] && len(fields[0]) == 0 && opts.Format == planner.CopyText {
			// A blank line in text format is a row with one empty column: PostgreSQL reports
			// missing data for the second column.
		}
		if len(fields) < len(cols) {
			return 0, copyContext(pgerror.Newf(pgcode.BadCopyFileFormat, "missing data for column \"%s\"", cols[len(fields)].name), table.Name, line, fmt.Sprintf(": \"%s\"", rd.line))
		}
		if len(fields) > len(cols) {
			return 0, copyContext(pgerror.New(pgcode.BadCopyFileFormat, "extra data after last expected column"), table.Name, line, fmt.Sprintf(": \"%s\"", rd.line))
		}
		for i, f := range fields {
			c := &cols[i]
			if nulls[i] {
				c.b.AppendNull()
				continue
			}
			if err := c.parse(c.b, f); err != nil {
				return 0, copyContext(err, table.Name, line, fmt.Sprintf(", column %s: \"%s\"", c.name, f))
			}
		}
		if err := batch.row(); err != nil {
			return 0, err
		}
	}
	return batch.finish()
}

// copyFromBinary reads PostgreSQL's binary COPY format: a signature, flags and header
// extension, then tuples of (field count, then length-prefixed fields), ended by -1.
func copyFromBinary(ctx *Ctx, r *bufio.Reader, table string, cols []copyColumn, batch *copyBatch) (int64, error) {
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
		if err := batch.row(); err != nil {
			return 0, err
		}
	}
	return batch.finish()
}

// copyBatch counts the rows parsed into the column builders and hands them to storage every
// copyBatchRows rows, and once more at the end.
type copyBatch struct {
	w       *tableWriter
	flush   func(rows int) error
	pending int
}

// row records one parsed row.
func (b *copyBatch) row() error {
	b.pending++
	if b.pending < copyBatchRows {
		return nil
	}
	n := b.pending
	b.pending = 0
	return b.flush(n)
}

// finish flushes what is left and returns the number of rows written.
func (b *copyBatch) finish() (int64, error) {
	if b.pending > 0 {
		n := b.pending
		b.pending = 0
		if err := b.flush(n); err != nil {
			return 0, err
		}
	}
	return b.w.rows, nil
}

type copyColumn struct {
	name  string
	parse types.TextParser
	b     array.Builder
}

// copyContext adds PostgreSQL's "COPY t, line n" context to an error's message detail.
func copyContext(err error, table string, line int, col string) error {
	e := pgerror.Flatten(err)
	out := pgerror.New(e.Code, e.Message)
	out.Detail, out.Hint = e.Detail, e.Hint
	out.Context = fmt.Sprintf("COPY %s, line %d%s", table, line, col)
	return out
}

// copyReader splits a COPY text or CSV stream into records.
type copyReader struct {
	r    *bufio.Reader
	opts *planner.CopyOptions
	buf  []byte
	line []byte // the current record's first line, for error context
}

// record reads one row's fields. Field slices stay valid until the next call.
func (c *copyReader) record(fields [][]byte, nulls []bool) ([][]byte, []bool, error) {
	line, err := c.readLine()
	if err != nil {
		return nil, nil, err
	}
	c.line = line
	if c.opts.Format == planner.CopyCSV {
		return c.csvRecord(line, fields, nulls)
	}
	if bytes.Equal(line, []byte(`\.`)) {
		return nil, nil, io.EOF
	}
	return c.textRecord(line, fields, nulls)
}

// readLine returns the next line without its terminator (\n or \r\n).
func (c *copyReader) readLine() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.buf = append(c.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.r.ReadSlice('\n')
			c.buf = append(c.buf, line...)
		}
		line = c.buf
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if err == io.EOF && len(line) == 0 {
		return nil, io.EOF
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, nil
}

func (c *copyReader) textRecord(line []byte, fields [][]byte, nulls []bool) ([][]byte, []bool, error) {
	delim := c.opts.Delimiter
	start := 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) && line[i] != delim {
			if line[i] == '\\' {
				i++ // an escaped byte is never a delimiter
			}
			continue
		}
		raw := line[start:i]
		start = i + 1
		if string(raw) == c.opts.Null {
			fields, nulls = append(fields, nil), append(nulls, true)
			continue
		}
		fields, nulls = append(fields, unescapeText(raw)), append(nulls, false)
	}
	return fields, nulls, nil
}

// unescapeText decodes COPY text escapes (\t, \n, \\, octal, \x hex).
func unescapeText(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if ch != '\\' || i+1 >= len(raw) {
			out = append(out, ch)
			continue
		}
		i++
		switch e := raw[i]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, '\v')
		case 'x':
			v, k := 0, 0
			for k < 2 && i+1 < len(raw) && isHex(raw[i+1]) {
				i++
				v = v*16 + hexVal(raw[i])
				k++
			}
			if k == 0 {
				out = append(out, 'x')
			} else {
				out = append(out, byte(v))
			}
		default:
			if e >= '0' && e <= '7' {
				v := int(e - '0')
				for k := 0; k < 2 && i+1 < len(raw) && raw[i+1] >= '0' && raw[i+1] <= '7'; k++ {
					i++
					v = v*8 + int(raw[i]-'0')
				}
				out = append(out, byte(v))
			} else {
				out = append(out, e)
			}
		}
	}
	return out
}

func isHex(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}

func hexVal(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	}
	return int(b-'A') + 10
}

// csvRecord parses one CSV record, reading more lines when a quoted field spans them.
func (c *copyReader) csvRecord(line []byte, fields [][]byte, nulls []bool) ([][]byte, []bool, error) {
	if bytes.Equal(line, []byte(`\.`)) {
		return nil, nil, io.EOF
	}
	q, esc, delim := c.opts.Quote, c.opts.Escape, c.opts.Delimiter
	var field []byte
	quoted, inQuotes := false, false
	owned := make([]byte, 0, len(line))
	i := 0
	for {
		if i >= len(line) {
			if inQuotes {
				next, err := c.readLine()
				if err != nil {
					return nil, nil, pgerror.New(pgcode.BadCopyFileFormat, "unterminated CSV quoted field")
				}
				field = append(field, '\n')
				line, i = append([]byte(nil), next...), 0
				continue
			}
			break
		}
		ch := line[i]
		switch {
		case inQuotes && ch == esc && i+1 < len(line) && line[i+1] == q:
			field = append(field, q)
			i += 2
			continue
		case inQuotes && ch == q:
			inQuotes = false
		case !inQuotes && ch == q:
			inQuotes, quoted = true, true
		case !inQuotes && ch == delim:
			fields, nulls = c.appendCSVField(fields, nulls, field, quoted, &owned)
			field, quoted = field[:0], false
		default:
			field = append(field, ch)
		}
		i++
	}
	fields, nulls = c.appendCSVField(fields, nulls, field, quoted, &owned)
	return fields, nulls, nil
}

func (c *copyReader) appendCSVField(fields [][]byte, nulls []bool, field []byte, quoted bool, owned *[]byte) ([][]byte, []bool) {
	if !quoted && string(field) == c.opts.Null {
		return append(fields, nil), append(nulls, true)
	}
	start := len(*owned)
	*owned = append(*owned, field...)
	return append(fields, (*owned)[start:len(*owned):len(*owned)]), append(nulls, false)
}

// CopyTo runs COPY ... TO STDOUT, passing the data to emit in chunks of whole rows. It
// returns the command tag.
func (s *Session) CopyTo(ctx context.Context, p *Prepared, emit func([]byte) error) (string, error) {
	if s.failed {
		return "", errAborted()
	}
	st, err := s.rebind(p)
	if err != nil {
		return "", s.statementError(err)
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, nil)
	n, err := s.copyTo(ectx, st, emit)
	if implicit {
		txn.Rollback()
	}
	if err != nil {
		if !implicit {
			s.failed = true
		}
		return "", err
	}
	return fmt.Sprintf("COPY %d", n), nil
}

func (s *Session) copyTo(ctx *Ctx, st *planner.Statement, emit func([]byte) error) (int64, error) {
	op, err := s.open(ctx, st.Query)
	if err != nil {
		return 0, err
	}
	defer op.Close()
	opts := st.Copy
	cols := st.Query.Columns()
	if opts.Format == planner.CopyBinary {
		return copyToBinary(ctx, op, cols, emit)
	}
	var buf []byte
	if opts.Header {
		for i, c := range cols {
			if i > 0 {
				buf = append(buf, opts.Delimiter)
			}
			buf = appendCopyValue(buf, []byte(c.Name), opts)
		}
		buf = append(buf, '\n')
	}
	var rows int64
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			break
		}
		if err != nil {
			return 0, err
		}
		apps := make([]types.Appender, len(cols))
		for i, c := range cols {
			apps[i] = types.TextAppender(c.Type, rec.Column(i), ctx.IO)
		}
		var val []byte
		for r := 0; r < int(rec.NumRows()); r++ {
			for i := range cols {
				if i > 0 {
					buf = append(buf, opts.Delimiter)
				}
				if rec.Column(i).IsNull(r) {
					buf = append(buf, opts.Null...)
					continue
				}
				val = apps[i](val[:0], r)
				buf = appendCopyValue(buf, val, opts)
			}
			buf = append(buf, '\n')
			if len(buf) >= 1<<16 {
				if err := emit(buf); err != nil {
					return 0, err
				}
				buf = buf[:0]
			}
		}
		rows += rec.NumRows()
	}
	if len(buf) > 0 {
		if err := emit(buf); err != nil {
			return 0, err
		}
	}
	return rows, nil
}

// appendCopyValue appends one non-null value escaped for the COPY format.
func appendCopyValue(dst, v []byte, opts *planner.CopyOptions) []byte {
	if opts.Format == planner.CopyCSV {
		return appendCopyCSV(dst, v, opts)
	}
	return appendCopyText(dst, v, opts.Delimiter)
}

func appendCopyText(dst, v []byte, delim byte) []byte {
	for _, ch := range v {
		switch ch {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			if delim == '\t' {
				dst = append(dst, '\\', 't')
			} else {
				dst = append(dst, ch)
			}
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\v':
			dst = append(dst, '\\', 'v')
		default:
			if ch == delim {
				dst = append(dst, '\\')
			}
			dst = append(dst, ch)
		}
	}
	return dst
}

func appendCopyCSV(dst, v []byte, opts *planner.CopyOptions) []byte {
	needQuote := len(v) == 0 || string(v) == opts.Null
	if !needQuote {
		for _, ch := range v {
			if ch == opts.Delimiter || ch == opts.Quote || ch == '\n' || ch == '\r' {
				needQuote = true
				break
			}
		}
	}
	if !needQuote {
		return append(dst, v...)
	}
	dst = append(dst, opts.Quote)
	for _, ch := range v {
		if ch == opts.Quote || ch == opts.Escape {
			dst = append(dst, opts.Escape)
		}
		dst = append(dst, ch)
	}
	return append(dst, opts.Quote)
}

// copyFile runs COPY with a server-side file, as a superuser may in PostgreSQL.
func (s *Session) copyFile(ctx context.Context, p *Prepared) (string, error) {
	st := p.Stmt
	if !filepath.IsAbs(st.CopyFile) {
		return "", s.statementError(pgerror.New(pgcode.InvalidName, "relative path not allowed for COPY to file"))
	}
	if st.Kind == planner.StmtCopyFromFile {
		f, err := os.Open(st.CopyFile)
		if err != nil {
			return "", s.statementError(fileError(err, "could not open file \"%s\" for reading", st.CopyFile))
		}
		defer f.Close()
		return s.CopyFrom(ctx, p, f)
	}
	f, err := os.Create(st.CopyFile)
	if err != nil {
		return "", s.statementError(fileError(err, "could not open file \"%s\" for writing", st.CopyFile))
	}
	w := bufio.NewWriterSize(f, 1<<16)
	tag, err := s.CopyTo(ctx, p, func(b []byte) error { _, err := w.Write(b); return err })
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fileError(cerr, "could not close file \"%s\"", st.CopyFile)
	}
	if err != nil {
		return "", err
	}
	return tag, nil
}

// fileError reports a file system error as PostgreSQL does ("...: No such file or directory").
func fileError(err error, format, name string) error {
	code := pgcode.IoError
	if errors.Is(err, fs.ErrNotExist) {
		code = pgcode.UndefinedFile
	} else if errors.Is(err, fs.ErrPermission) {
		code = pgcode.InsufficientPrivilege
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "No such file or directory"
		} else if errors.Is(err, fs.ErrPermission) {
			msg = "Permission denied"
		}
	}
	return pgerror.Newf(code, format+": %s", name, msg)
}

// DecodeParams decodes Bind's parameter values for p: formats as in the Bind message (none:
// all text; one: applies to all), a nil value is NULL. Errors carry 22P02 and similar.
func (s *Session) DecodeParams(p *Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error) {
	st := p.Stmt
	if len(values) != len(st.Params) {
		return nil, pgerror.Newf(pgcode.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"\" requires %d", len(values), len(st.Params))
	}
	if len(formats) > 1 && len(formats) != len(values) {
		return nil, pgerror.Newf(pgcode.ProtocolViolation, "bind message has %d parameter formats but %d parameters", len(formats), len(values))
	}
	io := s.settings.io()
	io.Types = s.currentCatalog() // enum labels are read against the session's snapshot
	out := make([]scalar.Scalar, len(values))
	for i, v := range values {
		t := st.Params[i]
		if v == nil {
			out[i] = scalar.MakeNullScalar(t.Arrow())
			continue
		}
		format := int16(0)
		if len(formats) == 1 {
			format = formats[0]
		} else if len(formats) > 1 {
			format = formats[i]
		}
		var parse types.TextParser
		switch format {
		case 0:
			parse = types.TextParserFor(t, io)
		case 1:
			parse = types.BinaryParserFor(t, io)
		default:
			return nil, pgerror.Newf(pgcode.ProtocolViolation, "unsupported format code: %d", format)
		}
		b := array.NewBuilder(memory.DefaultAllocator, t.Arrow())
		err := parse(b, v)
		if err != nil {
			b.Release()
			return nil, s.statementError(err)
		}
		arr := b.NewArray()
		b.Release()
		sc, err := scalar.GetScalar(arr, 0)
		arr.Release()
		if err != nil {
			return nil, err
		}
		out[i] = sc
	}
	return out, nil
}

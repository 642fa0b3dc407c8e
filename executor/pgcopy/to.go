package pgcopy

import (
	"errors"
	"io"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// To runs COPY st ... TO, passing the rows' text (or binary COPY format) to emit in chunks of whole rows (about
// 64 KiB each). It returns the number of rows copied.
func To(ctx *executor.Ctx, st *planner.Statement, emit func([]byte) error) (int64, error) {
	op, err := executor.Open(ctx, st.Query)
	if err != nil {
		return 0, err
	}
	defer op.Close()
	opts := st.Copy
	cols := st.Query.Columns()
	if opts.Format == planner.CopyBinary {
		return toBinary(ctx, op, cols, emit)
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
		if errors.Is(err, io.EOF) {
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

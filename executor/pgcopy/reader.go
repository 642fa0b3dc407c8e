package pgcopy

import (
	"bufio"
	"bytes"
	"io"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// copyReader splits a COPY text or CSV stream into records: a stream read through r, or,
// when r is nil, the whole records held in mem (a chunk of a parallel COPY), which are
// sliced where they lie rather than copied through a buffer.
type copyReader struct {
	r    *bufio.Reader
	mem  []byte
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
	if c.r == nil {
		return c.memLine()
	}
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

// memLine is readLine over mem.
func (c *copyReader) memLine() ([]byte, error) {
	if len(c.mem) == 0 {
		return nil, io.EOF
	}
	line := c.mem
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line, c.mem = line[:i], line[i+1:]
	} else {
		c.mem = nil
	}
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

func (c *copyReader) textRecord(line []byte, fields [][]byte, nulls []bool) ([][]byte, []bool, error) {
	delim := c.opts.Delimiter
	if bytes.IndexByte(line, '\\') < 0 {
		// No escapes (the common case): the fields are the bytes between delimiters.
		for {
			i := bytes.IndexByte(line, delim)
			raw := line
			if i >= 0 {
				raw = line[:i]
			}
			isNull := len(raw) == len(c.opts.Null) && string(raw) == c.opts.Null
			fields, nulls = append(fields, raw), append(nulls, isNull)
			if i < 0 {
				return fields, nulls, nil
			}
			line = line[i+1:]
		}
	}
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
	if bytes.IndexByte(line, q) < 0 {
		// No quotes (the common case): the fields are the bytes between delimiters.
		for {
			i := bytes.IndexByte(line, delim)
			raw := line
			if i >= 0 {
				raw = line[:i]
			}
			isNull := string(raw) == c.opts.Null
			if isNull {
				raw = nil
			}
			fields, nulls = append(fields, raw), append(nulls, isNull)
			if i < 0 {
				return fields, nulls, nil
			}
			line = line[i+1:]
		}
	}
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

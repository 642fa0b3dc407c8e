package pgcopy

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// Parallel text and CSV COPY. In the text format a raw newline byte always ends a record (a
// newline inside a value is written \n), and in CSV one that follows an even number of
// quote bytes does (recordEnd), so the stream splits into chunks of whole records without
// parsing it. One goroutine reads chunks of about chunkBytes, workers on every core split
// and parse them into column arrays of their own, and the statement's goroutine takes the
// results in stream order and appends them, so rows keep their order and the error
// reported is that of the first bad line, as a serial COPY reports it. CSV with an escape
// other than its quote, the binary format and tables with domain checks are read serially.

// chunkBytes is the size of the chunks the input is split into.
const chunkBytes = 1 << 20

// textChunk is one chunk of input lines and, once parsed, its rows.
type textChunk struct {
	data      []byte
	firstLine int // the number of the chunk's first line
	cols      []arrow.Array
	rows      int64
	err       error
	end       bool // the chunk holds the end-of-data marker \.
	done      chan struct{}
}

// copyFromTextParallel reads the text format with parallel parsing.
func copyFromTextParallel(ctx *executor.Ctx, r *bufio.Reader, rd *copyReader, table string, cols []copyColumn, batch *copyBatch) (int64, error) {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *textChunk, workers)
	order := make(chan *textChunk, 2*workers)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newChunkParser(ctx, rd, table, cols)
			defer p.release()
			for c := range jobs {
				if !stop.Load() {
					p.parse(c)
				}
				close(c.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	// Chunk buffers come back once their rows are appended (parsers copy what they keep),
	// for the reader to fill again rather than allocate.
	free := make(chan []byte, cap(order)+workers+1)
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- readChunks(r, csvQuote(rd.opts), &stop, free, func(c *textChunk) {
			order <- c
			jobs <- c
		})
	}()
	err := collectChunks(ctx, order, batch, &stop, free)
	stop.Store(true)
	for c := range order { // let the reader finish; release what was parsed for nothing
		<-c.done
		releaseAll(c.cols)
	}
	wg.Wait()
	if rerr := <-readErr; err == nil && rerr != nil {
		err = rerr
	}
	if err != nil {
		return 0, err
	}
	return batch.finish()
}

// csvQuote returns the quote byte of a CSV stream whose chunks must not split quoted fields,
// or -1 for the text format. parallelFormat says which streams may be split at all.
func csvQuote(opts *planner.CopyOptions) int {
	if opts.Format == planner.CopyCSV {
		return int(opts.Quote)
	}
	return -1
}

// parallelFormat reports whether a stream in opts' format may be parsed in parallel: the text
// format, and CSV whose escape is its quote (the default), where a newline is inside a quoted
// field exactly when an odd number of quote bytes precede it, so chunks can be cut between
// records without parsing.
func parallelFormat(opts *planner.CopyOptions) bool {
	return opts.Format == planner.CopyText || opts.Format == planner.CopyCSV && opts.Escape == opts.Quote
}

// recordEnd returns the end (after its newline) of the last whole record in buf, which
// starts outside quotes, or -1 when there is none. quote is the CSV quote byte, -1 for
// the text format.
func recordEnd(buf []byte, quote int) int {
	cut := bytes.LastIndexByte(buf, '\n')
	if cut < 0 {
		return -1
	}
	if quote >= 0 {
		// Walk back over newlines until one follows an even number of quotes.
		q := []byte{byte(quote)}
		n := bytes.Count(buf[:cut], q)
		for n%2 == 1 {
			prev := bytes.LastIndexByte(buf[:cut], '\n')
			if prev < 0 {
				return -1
			}
			n -= bytes.Count(buf[prev:cut], q)
			cut = prev
		}
	}
	return cut + 1
}

// readChunks reads r in chunks of whole records and hands them to emit, numbering lines,
// until the end of the stream or stop. quote is as for recordEnd. It takes its buffers
// from free when there is one: only it takes from free, and it moves the rest of the
// previous buffer (which may be the buffer it takes) to the front before it reads.
func readChunks(r *bufio.Reader, quote int, stop *atomic.Bool, free chan []byte, emit func(*textChunk)) error {
	line := 1
	var rest []byte
	for !stop.Load() {
		var buf []byte
		select {
		case b := <-free:
			buf = b
		default:
		}
		if cap(buf) < max(chunkBytes, 2*len(rest)) {
			buf = make([]byte, 0, max(chunkBytes, 2*len(rest)))
		}
		buf = buf[:len(rest)]
		copy(buf, rest) // copy moves overlapping bytes correctly
		n, err := io.ReadFull(r, buf[len(rest):cap(buf)])
		buf = buf[:len(rest)+n]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			if len(buf) > 0 {
				emit(&textChunk{data: buf, firstLine: line, done: make(chan struct{})})
			}
			return nil
		}
		if err != nil {
			return err
		}
		end := recordEnd(buf, quote)
		if end < 0 {
			rest = buf // one record longer than the buffer: read on
			continue
		}
		c := &textChunk{data: buf[:end], firstLine: line, done: make(chan struct{})}
		line += bytes.Count(c.data, []byte{'\n'})
		rest = buf[end:]
		emit(c)
	}
	return nil
}

// collectChunks appends the parsed chunks in order, handing their buffers back to free;
// the first error ends the copy.
func collectChunks(ctx *executor.Ctx, order <-chan *textChunk, batch *copyBatch, stop *atomic.Bool, free chan []byte) error {
	for c := range order {
		<-c.done
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
		if c.cols != nil {
			err := batch.writeColumns(c.cols, c.rows)
			releaseAll(c.cols)
			if err != nil {
				return err
			}
		}
		if c.end {
			stop.Store(true)
			return nil
		}
		select {
		case free <- c.data[:0]:
		default:
		}
	}
	return nil
}

// chunkParser is one worker's parsing state: its own builders and scratch.
type chunkParser struct {
	ctx    *executor.Ctx
	rd     copyReader
	table  string
	cols   []copyColumn
	fields [][]byte
	nulls  []bool
}

func newChunkParser(ctx *executor.Ctx, rd *copyReader, table string, cols []copyColumn) *chunkParser {
	p := &chunkParser{ctx: ctx, rd: copyReader{opts: rd.opts}, table: table, cols: make([]copyColumn, len(cols))}
	for i, c := range cols {
		p.cols[i] = c
		p.cols[i].b = array.NewBuilder(ctx.Mem, c.b.Type())
	}
	return p
}

// parse parses a chunk's lines into its columns, or its first error.
func (p *chunkParser) parse(c *textChunk) {
	if p.rd.opts.Format == planner.CopyCSV {
		p.parseCSV(c)
		return
	}
	data := c.data
	line := c.firstLine
	var rows int64
	for len(data) > 0 {
		if line&1023 == 0 && p.ctx.Err() != nil {
			c.err = p.ctx.Err()
			return
		}
		end := bytes.IndexByte(data, '\n')
		raw := data
		if end >= 0 {
			raw, data = data[:end], data[end+1:]
		} else {
			data = nil
		}
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if bytes.Equal(raw, []byte(`\.`)) {
			c.end = true
			break
		}
		if line == 1 && p.rd.opts.Header {
			line++
			continue
		}
		p.rd.line = raw
		var err error
		p.fields, p.nulls, err = p.rd.textRecord(raw, p.fields[:0], p.nulls[:0])
		if err == nil {
			err = appendRecord(p.cols, p.fields, p.nulls, p.table, line, raw)
		} else {
			err = copyContext(err, p.table, line, "")
		}
		if err != nil {
			c.err = err
			p.discard()
			return
		}
		rows++
		line++
	}
	c.rows = rows
	c.cols = make([]arrow.Array, len(p.cols))
	for i, col := range p.cols {
		c.cols[i] = col.b.NewArray()
	}
}

func (p *chunkParser) release() {
	for _, c := range p.cols {
		c.b.Release()
	}
}

// discard drops what the builders hold after an error.
func (p *chunkParser) discard() {
	for _, c := range p.cols {
		a := c.b.NewArray()
		a.Release()
	}
}

// parseCSV parses a chunk of whole CSV records (quoted fields may span lines).
func (p *chunkParser) parseCSV(c *textChunk) {
	rd := copyReader{mem: c.data, opts: p.rd.opts}
	line := c.firstLine
	var rows int64
	for {
		if line&1023 == 0 && p.ctx.Err() != nil {
			c.err = p.ctx.Err()
			return
		}
		var err error
		p.fields, p.nulls, err = rd.record(p.fields[:0], p.nulls[:0])
		if err == io.EOF {
			break
		}
		if err == nil && !(line == 1 && rd.opts.Header) {
			err = appendRecord(p.cols, p.fields, p.nulls, p.table, line, rd.line)
			rows++
		} else if err != nil {
			err = copyContext(err, p.table, line, "")
		}
		if err != nil {
			c.err = err
			p.discard()
			return
		}
		line++
	}
	c.rows = rows
	c.cols = make([]arrow.Array, len(p.cols))
	for i, col := range p.cols {
		c.cols[i] = col.b.NewArray()
	}
}

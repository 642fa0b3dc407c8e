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
)

// Parallel text COPY. In the text format a raw newline byte always ends a record (a newline
// inside a value is written \n), so the stream splits into chunks of whole lines without
// parsing it. One goroutine reads chunks of about chunkBytes, workers on every core split
// and parse them into column arrays of their own, and the statement's goroutine takes the
// results in stream order and appends them, so rows keep their order and the error
// reported is that of the first bad line, as a serial COPY reports it. The CSV format
// (quoted newlines), the binary format and tables with domain checks are read serially.

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
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- readChunks(r, &stop, func(c *textChunk) {
			order <- c
			jobs <- c
		})
	}()
	err := collectChunks(ctx, order, batch, &stop)
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

// readChunks reads r in chunks of whole lines and hands them to emit, numbering lines,
// until the end of the stream or stop.
func readChunks(r *bufio.Reader, stop *atomic.Bool, emit func(*textChunk)) error {
	line := 1
	var rest []byte
	for !stop.Load() {
		buf := make([]byte, len(rest), max(chunkBytes, 2*len(rest)))
		copy(buf, rest)
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
		cut := bytes.LastIndexByte(buf, '\n')
		if cut < 0 {
			rest = buf // one line longer than the buffer: read on
			continue
		}
		c := &textChunk{data: buf[:cut+1], firstLine: line, done: make(chan struct{})}
		line += bytes.Count(c.data, []byte{'\n'})
		rest = buf[cut+1:]
		emit(c)
	}
	return nil
}

// collectChunks appends the parsed chunks in order; the first error ends the copy.
func collectChunks(ctx *executor.Ctx, order <-chan *textChunk, batch *copyBatch, stop *atomic.Bool) error {
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

package spill

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Dir is a directory of temporary files. Its methods are safe for concurrent use.
type Dir struct {
	path  string
	seq   atomic.Int64
	bytes atomic.Int64 // bytes in files not yet removed
	files atomic.Int64 // files not yet removed
}

// Open makes path the temporary directory, creating it and removing any files left in it.
func Open(path string) (*Dir, error) {
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("spill: clear %s: %w", path, err)
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("spill: create %s: %w", path, err)
	}
	return &Dir{path: path}, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// Bytes returns the size of the files not yet removed.
func (d *Dir) Bytes() int64 { return d.bytes.Load() }

// Files returns the number of files not yet removed.
func (d *Dir) Files() int64 { return d.files.Load() }

// Writer writes record batches of one schema to a new temporary file.
type Writer struct {
	d      *Dir
	schema *arrow.Schema // the batches' schema, extension types included
	path   string
	f      *os.File
	bw     *bufio.Writer
	w      *ipc.Writer
	rows   int64
	closed bool
}

// Create starts a temporary file for batches of schema; name says what it holds (it is
// part of the file name, for whoever looks at the directory).
func (d *Dir) Create(name string, schema *arrow.Schema, mem memory.Allocator) (*Writer, error) {
	path := filepath.Join(d.path, fmt.Sprintf("pgfast_tmp.%s.%d", name, d.seq.Add(1)))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return nil, ioError(err, "could not create temporary file \"%s\"", path)
	}
	d.files.Add(1)
	bw := bufio.NewWriterSize(f, 1<<20)
	w := ipc.NewWriter(bw, ipc.WithSchema(physicalSchema(schema)), ipc.WithAllocator(mem))
	return &Writer{d: d, schema: schema, path: path, f: f, bw: bw, w: w}, nil
}

// Write appends a batch; the batch stays the caller's.
func (w *Writer) Write(rec arrow.Record) error {
	phys := physicalRecord(rec)
	err := w.w.Write(phys)
	phys.Release()
	if err != nil {
		return ioError(err, "could not write to temporary file \"%s\"", w.path)
	}
	w.rows += rec.NumRows()
	return nil
}

// Rows returns the number of rows written.
func (w *Writer) Rows() int64 { return w.rows }

// Finish ends the file and returns it for reading.
func (w *Writer) Finish() (*File, error) {
	w.closed = true
	err := w.w.Close()
	if err == nil {
		err = w.bw.Flush()
	}
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = w.f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if err != nil {
		w.f.Close()
		w.d.remove(w.path, 0)
		return nil, ioError(err, "could not write to temporary file \"%s\"", w.path)
	}
	w.d.bytes.Add(size)
	return &File{d: w.d, schema: w.schema, path: w.path, f: w.f, rows: w.rows, size: size}, nil
}

// Abort removes a file that will not be finished.
func (w *Writer) Abort() {
	if w.closed {
		return
	}
	w.closed = true
	w.w.Close()
	w.f.Close()
	w.d.remove(w.path, 0)
}

// File is a finished temporary file.
type File struct {
	d      *Dir
	schema *arrow.Schema
	path   string
	f      *os.File
	rows   int64
	size   int64
}

// Rows returns the number of rows in the file.
func (f *File) Rows() int64 { return f.rows }

// Size returns the file's size in bytes.
func (f *File) Size() int64 { return f.size }

// Reader reads a file's batches in the order they were written.
type Reader struct {
	file *File
	r    *ipc.Reader
	cur  arrow.Record
}

// Open starts reading the file from its beginning. Several readers may read one file.
func (f *File) Open(mem memory.Allocator) (*Reader, error) {
	sr := io.NewSectionReader(f.f, 0, f.size)
	r, err := ipc.NewReader(bufio.NewReaderSize(sr, 1<<20), ipc.WithAllocator(mem))
	if err != nil {
		return nil, ioError(err, "could not read temporary file \"%s\"", f.path)
	}
	return &Reader{file: f, r: r}, nil
}

// Next returns the next batch, or io.EOF. The batch is valid until the next call; Retain
// it to keep it longer.
func (r *Reader) Next() (arrow.Record, error) {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if !r.r.Next() {
		if err := r.r.Err(); err != nil && err != io.EOF {
			return nil, ioError(err, "could not read temporary file \"%s\"", r.file.path)
		}
		return nil, io.EOF
	}
	r.cur = logicalRecord(r.file.schema, r.r.Record())
	return r.cur, nil
}

// Close stops reading.
func (r *Reader) Close() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.r.Release()
}

// Remove deletes the file. Readers must be closed first.
func (f *File) Remove() {
	if f.f == nil {
		return
	}
	f.f.Close()
	f.f = nil
	f.d.remove(f.path, f.size)
}

func (d *Dir) remove(path string, size int64) {
	os.Remove(path)
	d.files.Add(-1)
	d.bytes.Add(-size)
}

func ioError(err error, format string, args ...any) error {
	return pgerror.Wrapf(err, pgcode.IoError, format+": %v", append(args, err)...)
}

// physicalSchema replaces extension types by their storage types.
func physicalSchema(s *arrow.Schema) *arrow.Schema {
	fields := make([]arrow.Field, s.NumFields())
	for i, f := range s.Fields() {
		if e, ok := f.Type.(arrow.ExtensionType); ok {
			f.Type = e.StorageType()
		}
		fields[i] = f
	}
	return arrow.NewSchema(fields, nil)
}

// physicalRecord views rec with extension arrays replaced by their storage.
func physicalRecord(rec arrow.Record) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	for i, c := range rec.Columns() {
		if e, ok := c.(array.ExtensionArray); ok {
			c = e.Storage()
		}
		cols[i] = c
	}
	return array.NewRecord(physicalSchema(rec.Schema()), cols, rec.NumRows())
}

// logicalRecord restores schema's extension types over a record read back; the result
// owns a reference to rec's buffers.
func logicalRecord(schema *arrow.Schema, rec arrow.Record) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	var made []arrow.Array
	for i, c := range rec.Columns() {
		if e, ok := schema.Field(i).Type.(arrow.ExtensionType); ok {
			c = array.NewExtensionArrayWithStorage(e, c)
			made = append(made, c)
		}
		cols[i] = c
	}
	out := array.NewRecord(schema, cols, rec.NumRows())
	for _, c := range made {
		c.Release()
	}
	return out
}

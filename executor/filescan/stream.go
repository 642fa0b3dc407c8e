package filescan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/pgcopy"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Reader implements executor.ForeignFiles. Dirs, when not empty, are the only directories
// whose files it reads (the server's --file-dirs).
type Reader struct {
	Dirs []string
}

var _ executor.ForeignFiles = Reader{}

// Open implements executor.ForeignFiles.
func (r Reader) Open(ctx *executor.Ctx, scan *planner.Scan, schema *arrow.Schema) (executor.RecordStream, error) {
	def := scan.Table
	if def.Foreign == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "\"%s\" is not a foreign table", def.Name)
	}
	opts, err := planner.ParseFileOptions(def.Foreign.Options)
	if err != nil {
		return nil, err
	}
	paths, err := Expand(opts.Filename, r.Dirs)
	if err != nil {
		return nil, err
	}
	sc := &fileScan{def: def, cols: scan.Cols, bounds: scan.Bounds, schema: schema, opts: opts}
	return start(ctx, &sc.read, func(ctx *executor.Ctx, send func(arrow.Record) error) error {
		for _, p := range paths {
			if err := sc.file(ctx, p, send); err != nil {
				return err
			}
		}
		return nil
	}), nil
}

// Expand returns the files a filename names: the file itself, or the files a glob
// matches, in name order. A file that does not exist, or a glob matching nothing, is
// 58P01, as COPY reports a missing file; with dirs, a file outside them is 42501.
func Expand(name string, dirs []string) ([]string, error) {
	paths := []string{name}
	if strings.ContainsAny(name, "*?[") {
		var err error
		if paths, err = filepath.Glob(name); err != nil {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid file pattern \"%s\": %v", name, err)
		}
		if len(paths) == 0 {
			return nil, openError(fs.ErrNotExist, name)
		}
		sort.Strings(paths)
	}
	for _, p := range paths {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, openError(err, p)
		}
		if !confined(real, dirs) {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied to read file \"%s\"", p).
				WithDetail("The server reads only files under the directories of its --file-dirs option.")
		}
	}
	return paths, nil
}

// confined reports whether path (absolute, symbolic links resolved) is under one of dirs,
// or dirs is empty.
func confined(path string, dirs []string) bool {
	if len(dirs) == 0 {
		return true
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for _, d := range dirs {
		if rd, err := filepath.EvalSymlinks(d); err == nil {
			d = rd
		}
		if rel, err := filepath.Rel(d, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return true
		}
	}
	return false
}

// openError reports a file that cannot be opened as COPY FROM does.
func openError(err error, name string) error {
	code, msg := pgcode.IoError, err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code, msg = pgcode.UndefinedFile, "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		code, msg = pgcode.InsufficientPrivilege, "Permission denied"
	}
	return pgerror.Newf(code, "could not open file \"%s\" for reading: %s", name, msg).
		WithHint("COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.")
}

// fileScan is one foreign table scan: what to read and how, and what it read.
type fileScan struct {
	def    *catalog.TableDef
	cols   []int
	bounds []planner.ScanBound
	schema *arrow.Schema
	opts   *planner.FileOptions
	read   readCounts
}

// readCounts are a scan's executor.FilesRead, counted while the producer runs.
type readCounts struct {
	files, rowGroups, skipped, bytes atomic.Int64
}

func (c *readCounts) snapshot() executor.FilesRead {
	return executor.FilesRead{Files: c.files.Load(), RowGroups: c.rowGroups.Load(), RowGroupsSkipped: c.skipped.Load(), Bytes: c.bytes.Load()}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// file reads one file, checking that it does not change meanwhile.
func (sc *fileScan) file(ctx *executor.Ctx, path string, send func(arrow.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return openError(err, path)
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		return openError(err, path)
	}
	sc.read.files.Add(1)
	if sc.opts.Format == planner.FileParquet {
		err = sc.parquet(ctx, f, path, send)
	} else {
		err = sc.text(ctx, countingReader{r: f, n: &sc.read.bytes}, send)
	}
	if err != nil {
		return err
	}
	after, err := os.Stat(path)
	if err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "file \"%s\" changed while it was being read", path)
	}
	return nil
}

// text reads a file in COPY's text or CSV format.
func (sc *fileScan) text(ctx *executor.Ctx, r io.Reader, send func(arrow.Record) error) error {
	return pgcopy.Read(ctx, &sc.opts.Copy, sc.def.Name, sc.def.Columns, sc.cols, r, func(arrs []arrow.Array, n int64) error {
		return send(array.NewRecord(sc.schema, arrs, n))
	})
}

// stream runs a producer in a goroutine, handing its records to Next.
type stream struct {
	counts *readCounts
	recs   chan arrow.Record
	cancel context.CancelFunc
	err    error
	once   sync.Once
}

// start runs produce on a context of its own (Close cancels it) and streams what it sends.
func start(ctx *executor.Ctx, counts *readCounts, produce func(ctx *executor.Ctx, send func(arrow.Record) error) error) *stream {
	cctx, cancel := context.WithCancel(ctx)
	child := *ctx
	child.Context = cctx
	s := &stream{counts: counts, recs: make(chan arrow.Record, 2), cancel: cancel}
	go func() {
		defer close(s.recs)
		defer func() {
			if r := recover(); r != nil {
				s.err = pgerror.Newf(pgcode.InternalError, "foreign scan failed: %v", r)
			}
		}()
		s.err = produce(&child, func(rec arrow.Record) error {
			select {
			case s.recs <- rec:
				return nil
			case <-cctx.Done():
				rec.Release()
				return cctx.Err()
			}
		})
	}()
	return s
}

func (s *stream) Next() (arrow.Record, error) {
	rec, ok := <-s.recs
	if ok {
		return rec, nil
	}
	if s.err != nil {
		return nil, s.err
	}
	return nil, io.EOF
}

func (s *stream) Read() executor.FilesRead { return s.counts.snapshot() }

func (s *stream) Close() error {
	s.once.Do(func() {
		s.cancel()
		for rec := range s.recs {
			rec.Release()
		}
	})
	return nil
}

// describe names a Parquet column problem the way the table's columns are named.
func describe(def *catalog.TableDef, col int) string {
	return fmt.Sprintf("column \"%s\" of foreign table \"%s\"", def.Columns[col].Name, def.Name)
}

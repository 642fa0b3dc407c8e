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

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/pgcopy"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Reader implements executor.ForeignFiles.
type Reader struct{}

var _ executor.ForeignFiles = Reader{}

// Open implements executor.ForeignFiles.
func (Reader) Open(ctx *executor.Ctx, def *catalog.TableDef, cols []int, schema *arrow.Schema) (executor.RecordStream, error) {
	if def.Foreign == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "\"%s\" is not a foreign table", def.Name)
	}
	opts, err := planner.ParseFileOptions(def.Foreign.Options)
	if err != nil {
		return nil, err
	}
	paths, err := Expand(opts.Filename)
	if err != nil {
		return nil, err
	}
	sc := &scan{def: def, cols: cols, schema: schema, opts: opts}
	return start(ctx, func(ctx *executor.Ctx, send func(arrow.Record) error) error {
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
// 58P01, as COPY reports a missing file.
func Expand(name string) ([]string, error) {
	if !strings.ContainsAny(name, "*?[") {
		if _, err := os.Stat(name); err != nil {
			return nil, openError(err, name)
		}
		return []string{name}, nil
	}
	paths, err := filepath.Glob(name)
	if err != nil {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid file pattern \"%s\": %v", name, err)
	}
	if len(paths) == 0 {
		return nil, openError(fs.ErrNotExist, name)
	}
	sort.Strings(paths)
	return paths, nil
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

// scan is one foreign table scan: what to read and how.
type scan struct {
	def    *catalog.TableDef
	cols   []int
	schema *arrow.Schema
	opts   *planner.FileOptions
}

// file reads one file, checking that it does not change meanwhile.
func (sc *scan) file(ctx *executor.Ctx, path string, send func(arrow.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return openError(err, path)
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		return openError(err, path)
	}
	if sc.opts.Format == planner.FileParquet {
		err = sc.parquet(ctx, f, path, before.Size(), send)
	} else {
		err = sc.text(ctx, f, send)
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
func (sc *scan) text(ctx *executor.Ctx, r io.Reader, send func(arrow.Record) error) error {
	return pgcopy.Read(ctx, &sc.opts.Copy, sc.def.Name, sc.def.Columns, sc.cols, r, func(arrs []arrow.Array, n int64) error {
		return send(array.NewRecord(sc.schema, arrs, n))
	})
}

// stream runs a producer in a goroutine, handing its records to Next.
type stream struct {
	recs   chan arrow.Record
	cancel context.CancelFunc
	done   chan struct{}
	err    error
	once   sync.Once
}

// start runs produce on a context of its own (Close cancels it) and streams what it sends.
func start(ctx *executor.Ctx, produce func(ctx *executor.Ctx, send func(arrow.Record) error) error) *stream {
	cctx, cancel := context.WithCancel(ctx)
	child := *ctx
	child.Context = cctx
	s := &stream{recs: make(chan arrow.Record, 2), cancel: cancel, done: make(chan struct{})}
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

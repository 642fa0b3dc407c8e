package filescan

import (
	"errors"
	"io"
	"os"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// batchRows is how many rows a Parquet batch holds.
const batchRows = 64 * 1024

// parquet reads a Parquet file's row groups, decoding only the scan's columns, matched to
// the file's top-level fields by name.
func (sc *scan) parquet(ctx *executor.Ctx, f *os.File, path string, size int64, send func(arrow.Record) error) error {
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return badParquet(path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{Parallel: ctx.Workers > 1, BatchSize: batchRows}, ctx.Mem)
	if err != nil {
		return badParquet(path, err)
	}
	fileSchema, err := fr.Schema()
	if err != nil {
		return badParquet(path, err)
	}
	if len(sc.cols) == 0 {
		return sc.countOnly(pf, send)
	}
	var leaves []int
	for _, c := range sc.cols {
		name := sc.def.Columns[c].Name
		idx := fileSchema.FieldIndices(name)
		if len(idx) == 0 {
			return pgerror.Newf(pgcode.FdwColumnNameNotFound, "%s is not in file \"%s\"", describe(sc.def, c), path)
		}
		leaves = append(leaves, fieldLeaves(fr.Manifest.Fields[idx[0]])...)
	}
	rr, err := fr.GetRecordReader(ctx, leaves, nil)
	if err != nil {
		return badParquet(path, err)
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.Record()
		out, err := sc.convert(ctx, rec)
		if err != nil {
			return err
		}
		if err := send(out); err != nil {
			return err
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) && ctx.Err() == nil {
		return badParquet(path, err)
	}
	return ctx.Err()
}

// fieldLeaves returns the leaf column indices of a (possibly nested) field.
func fieldLeaves(f pqarrow.SchemaField) []int {
	if f.IsLeaf() {
		return []int{f.ColIndex}
	}
	var out []int
	for _, c := range f.Children {
		out = append(out, fieldLeaves(c)...)
	}
	return out
}

// countOnly sends column-less batches with the file's row counts (count(*)), read from the
// row groups' metadata without decoding anything.
func (sc *scan) countOnly(pf *file.Reader, send func(arrow.Record) error) error {
	for rg := 0; rg < pf.NumRowGroups(); rg++ {
		for n := pf.MetaData().RowGroup(rg).NumRows(); n > 0; n -= batchRows {
			if err := send(array.NewRecord(sc.schema, nil, min(n, batchRows))); err != nil {
				return err
			}
		}
	}
	return nil
}

// convert turns a record of the file's columns (in the scan's order) into the scan's
// schema, converting each column to its table type.
func (sc *scan) convert(ctx *executor.Ctx, rec arrow.Record) (arrow.Record, error) {
	cols := make([]arrow.Array, len(sc.cols))
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i, c := range sc.cols {
		a, err := convertArray(ctx, rec.Column(i), sc.def.Columns[c].Type)
		if err != nil {
			e := pgerror.Flatten(err)
			e.Context = describe(sc.def, c)
			return nil, e
		}
		cols[i] = a
	}
	return array.NewRecord(sc.schema, cols, rec.NumRows()), nil
}

func badParquet(path string, err error) error {
	return pgerror.Newf(pgcode.DataCorrupted, "could not read Parquet file \"%s\": %v", path, err)
}

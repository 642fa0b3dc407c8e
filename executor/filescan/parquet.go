package filescan

import (
	"errors"
	"io"
	"os"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/metadata"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/storage/rowgroup"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// batchRows is how many rows a Parquet batch holds.
const batchRows = 64 * 1024

// parquet reads a Parquet file's row groups, decoding only the scan's columns, matched to
// the file's top-level fields by name.
func (sc *fileScan) parquet(ctx *executor.Ctx, f *os.File, path string, send func(arrow.Record) error) error {
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
	fields := make([]int, len(sc.cols)) // the file's field of each scanned column
	var leaves []int
	for i, c := range sc.cols {
		idx := fileSchema.FieldIndices(sc.def.Columns[c].Name)
		if len(idx) == 0 {
			return pgerror.Newf(pgcode.FdwColumnNameNotFound, "%s is not in file \"%s\"", describe(sc.def, c), path)
		}
		fields[i] = idx[0]
		leaves = append(leaves, fieldLeaves(fr.Manifest.Fields[idx[0]])...)
	}
	rowGroups := sc.keptRowGroups(pf, fr, fileSchema, fields)
	if len(rowGroups) == 0 {
		return nil
	}
	counter := &groupCounter{sc: sc, md: pf.MetaData(), leaves: leaves, rowGroups: rowGroups}
	if len(sc.cols) == 0 {
		return sc.countOnly(pf, rowGroups, counter, send)
	}
	if ctx.Workers > 1 && len(rowGroups) > 1 {
		return sc.parallelRowGroups(ctx, f, pf.MetaData(), path, leaves, rowGroups, counter, send)
	}
	rr, err := fr.GetRecordReader(ctx, leaves, rowGroups)
	if err != nil {
		return badParquet(path, err)
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.Record()
		counter.read(rec.NumRows())
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

// fieldLeaves returns the leaf column indices of a (possibly nested) field. (A nested
// field's ColIndex is not -1 in every pqarrow version, so leaves are told by having no
// children.)
func fieldLeaves(f pqarrow.SchemaField) []int {
	if len(f.Children) == 0 {
		return []int{f.ColIndex}
	}
	var out []int
	for _, c := range f.Children {
		out = append(out, fieldLeaves(c)...)
	}
	return out
}

// countOnly sends column-less batches with the row counts of the row groups (count(*)),
// read from their metadata without decoding anything.
func (sc *fileScan) countOnly(pf *file.Reader, rowGroups []int, counter *groupCounter, send func(arrow.Record) error) error {
	for _, rg := range rowGroups {
		for n := pf.MetaData().RowGroup(rg).NumRows(); n > 0; n -= batchRows {
			counter.read(min(n, batchRows))
			if err := send(array.NewRecord(sc.schema, nil, min(n, batchRows))); err != nil {
				return err
			}
		}
	}
	return nil
}

// convert turns a record of the file's columns (in the scan's order) into the scan's
// schema, converting each column to its table type.
func (sc *fileScan) convert(ctx *executor.Ctx, rec arrow.Record) (arrow.Record, error) {
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

// keptRowGroups returns the row groups of the file that the scan's bounds do not rule out,
// counting the others as skipped. fields are the file fields of the scan's columns.
func (sc *fileScan) keptRowGroups(pf *file.Reader, fr *pqarrow.FileReader, fileSchema *arrow.Schema, fields []int) []int {
	md := pf.MetaData()
	kept := make([]int, 0, pf.NumRowGroups())
	for rg := 0; rg < pf.NumRowGroups(); rg++ {
		meta := md.RowGroup(rg)
		skip := false
		for _, b := range sc.bounds {
			f := fr.Manifest.Fields[fields[b.Col]]
			if len(f.Children) > 0 {
				continue
			}
			lo, hi, ok := rowgroup.Range(meta, f.ColIndex, fileSchema.Field(fields[b.Col]).Type)
			if ok && rowgroup.Outside(lo, hi, b.Lo, b.Hi) {
				skip = true
				break
			}
		}
		if skip {
			sc.read.skipped.Add(1)
			continue
		}
		kept = append(kept, rg)
	}
	return kept
}

// groupCounter counts the kept row groups as the scan reaches them (a LIMIT may stop it
// before the last), with their leaves' column chunks as bytes read.
type groupCounter struct {
	sc        *fileScan
	md        *metadata.FileMetaData
	leaves    []int
	rowGroups []int
	next      int   // the first row group not counted yet
	end       int64 // the rows of the row groups counted so far
	rows      int64 // the rows read so far
}

// read records that n more rows were read.
func (g *groupCounter) read(n int64) {
	g.rows += n
	for g.next < len(g.rowGroups) && g.end < g.rows {
		meta := g.md.RowGroup(g.rowGroups[g.next])
		g.sc.read.rowGroups.Add(1)
		for _, l := range g.leaves {
			if cc, err := meta.ColumnChunk(l); err == nil {
				g.sc.read.bytes.Add(cc.TotalCompressedSize())
			}
		}
		g.end += meta.NumRows()
		g.next++
	}
}

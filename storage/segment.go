package storage

import (
	"bufio"
	"fmt"
	"github.com/pgfast/pgfast/catalog/stats"
	"os"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Segment files are ordinary Parquet files written by pqarrow with the Arrow schema embedded
// (so numerics' 16-byte words, timestamp zone and time unit come back exactly). Parquet has no type
// for Arrow's month-day-nano interval, so intervals (as columns, or as the elements of array
// columns) are stored as 16-byte fixed-size binary holding the same little-endian bytes, and
// reinterpreted without copying both ways. Columns of catalog/types' Arrow extension types
// (uuid, jsonb), at any depth, are stored as their storage type (fixed-size binary, binary)
// and given their extension type back, without copying, when read: the table's schema, not
// the file, says which SQL type a column holds. Array columns (catalog/types' array layout,
// a struct of lists) are nested Parquet columns with several leaf columns each.

var intervalStorageType = &arrow.FixedSizeBinaryType{ByteWidth: arrow.MonthDayNanoIntervalSizeBytes}

// storageType returns the type values of dt are written as: dt with every interval, at any
// depth, replaced by intervalStorageType, and every extension type by its storage.
func storageType(dt arrow.DataType) arrow.DataType {
	switch t := dt.(type) {
	case *arrow.MonthDayNanoIntervalType:
		return intervalStorageType
	case arrow.ExtensionType:
		return t.StorageType()
	case *arrow.ListType:
		elem := t.ElemField()
		if st := storageType(elem.Type); st != elem.Type {
			elem.Type = st
			return arrow.ListOfField(elem)
		}
	case *arrow.StructType:
		fields := t.Fields()
		changed := false
		for i, f := range fields {
			if st := storageType(f.Type); st != f.Type {
				fields[i].Type, changed = st, true
			}
		}
		if changed {
			return arrow.StructOf(fields...)
		}
	}
	return dt
}

// storageSchema returns the schema segment files of a table with schema sc are written with.
func storageSchema(sc *arrow.Schema) *arrow.Schema {
	fields := sc.Fields()
	changed := false
	for i, f := range fields {
		if st := storageType(f.Type); st != f.Type {
			fields[i].Type, changed = st, true
		}
	}
	if !changed {
		return sc
	}
	return arrow.NewSchema(fields, nil)
}

// retype returns arr's data viewed as type dt, which must have the same buffer layout at
// every depth.
func retype(arr arrow.Array, dt arrow.DataType) arrow.Array {
	nd := retypeData(arr.Data(), dt)
	defer nd.Release()
	return array.MakeFromData(nd)
}

func retypeData(d arrow.ArrayData, dt arrow.DataType) arrow.ArrayData {
	var children []arrow.ArrayData
	switch t := dt.(type) {
	case *arrow.ListType:
		children = []arrow.ArrayData{retypeData(d.Children()[0], t.Elem())}
	case *arrow.StructType:
		for i, c := range d.Children() {
			children = append(children, retypeData(c, t.Field(i).Type))
		}
	}
	nd := array.NewData(dt, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
	for _, c := range children {
		c.Release()
	}
	return nd
}

// leafColumns returns the Parquet leaf column indexes of a top-level field of a file. (A
// field is a leaf when it has no children: pqarrow leaves ColIndex 0, not -1, on groups.)
func leafColumns(f *pqarrow.SchemaField, out []int) []int {
	if len(f.Children) == 0 {
		return append(out, f.ColIndex)
	}
	for i := range f.Children {
		out = leafColumns(&f.Children[i], out)
	}
	return out
}

// convertRecord returns rec with schema to, retyping the columns whose types differ between
// rec's schema and to (the interval columns). The result shares rec's buffers.
func convertRecord(rec arrow.Record, to *arrow.Schema) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	var owned []arrow.Array
	for i, c := range rec.Columns() {
		cols[i] = convertArray(c, to.Field(i).Type)
		if cols[i] != c {
			owned = append(owned, cols[i])
		}
	}
	out := types.NewRecord(to, cols, rec.NumRows()) // convertArray gave each column its field's type
	for _, c := range owned {
		c.Release()
	}
	return out
}

// convertArray returns c as type want: c itself when it has that type, else c's buffers
// retyped (storage and table types of intervals and extension types), or numeric words
// made from an older file's Decimal128 column.
func convertArray(c arrow.Array, want arrow.DataType) arrow.Array {
	if arrow.TypeEqual(c.DataType(), want) {
		return c
	}
	if dec, ok := c.(*array.Decimal128); ok && types.IsNumericArrow(want) {
		// Files written before numerics kept a scale per value.
		return decimalToNumeric(dec)
	}
	return retype(c, want)
}

// writeSegment writes recs (all with schema sc) to a new Parquet file at path and, when the
// store syncs, flushes it to stable storage. On error no file is left behind.
// sketches, when not nil, are the segment's column sketches (of the columns ids): they are
// stored in the file's footer (sketchesKey), for planning after a restart, and string
// columns of mostly distinct values are written without dictionary encoding, which for them
// costs a hash lookup per value and falls back to plain encoding anyway.
func (s *Store) writeSegment(path string, sc *arrow.Schema, recs []arrow.Record, ids []uint32, sketches []*stats.Sketch) (err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return ioError(err, "could not create file \"%s\"", path)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	ssc := storageSchema(sc)
	popts := []parquet.WriterProperty{
		parquet.WithCompression(s.opts.compression),
		parquet.WithMaxRowGroupLength(s.opts.rowGroupRows),
		parquet.WithAllocator(s.opts.mem),
		parquet.WithCreatedBy("pgfast"),
	}
	for i, f := range ssc.Fields() {
		// Dictionary encoding hashes every value. For strings that pays for itself in size
		// and later decoding; for fixed-width values it costs most of a bulk load's time
		// and the codec already compresses repetitive ones.
		_, fixed := f.Type.(arrow.FixedWidthDataType)
		if fixed || sketches != nil && mostlyDistinct(sketches[i]) {
			popts = append(popts, parquet.WithDictionaryPath(parquet.ColumnPath{f.Name}, false))
		}
	}
	props := parquet.NewWriterProperties(popts...)
	aprops := pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(s.opts.mem))
	bufSize := 1 << 20
	if rowsOf(recs) < s.opts.smallRows {
		bufSize = 64 << 10 // most commits are small: don't allocate for a bulk load
	}
	bw := bufio.NewWriterSize(f, bufSize)
	fw, err := pqarrow.NewFileWriter(ssc, bw, props, aprops)
	if err != nil {
		return fmt.Errorf("storage: parquet writer for %s: %w", path, err)
	}
	srecs := make([]arrow.Record, len(recs))
	for i, r := range recs {
		srecs[i] = convertRecord(r, ssc)
	}
	tbl := array.NewTableFromRecords(ssc, srecs)
	for _, r := range srecs {
		r.Release()
	}
	err = fw.WriteTable(tbl, s.opts.rowGroupRows)
	tbl.Release()
	if err == nil && sketches != nil {
		err = fw.AppendKeyValueMetadata(sketchesKey, encodeSketches(ids, sketches))
	}
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ioError(err, "could not write file \"%s\"", path)
	}
	if err = bw.Flush(); err != nil {
		return ioError(err, "could not write file \"%s\"", path)
	}
	if s.opts.fsync {
		if err = f.Sync(); err != nil {
			return ioError(err, "could not fsync file \"%s\"", path)
		}
	}
	if err = f.Close(); err != nil {
		return ioError(err, "could not close file \"%s\"", path)
	}
	return nil
}

// checkTypes checks that records of schema got hold the types of want, column by column.
func checkTypes(got, want *arrow.Schema) error {
	if got.NumFields() != want.NumFields() {
		return fmt.Errorf("file has %d columns, table has %d", got.NumFields(), want.NumFields())
	}
	for i := range want.NumFields() {
		if g, w := got.Field(i).Type, want.Field(i).Type; !arrow.TypeEqual(g, w) {
			return fmt.Errorf("column %d is %s in the file, %s in the table", i+1, g, w)
		}
	}
	return nil
}

func ioError(err error, format string, args ...any) error {
	return pgerror.Wrapf(err, pgcode.IoError, format, args...)
}

func corrupted(path string, err error) error {
	return pgerror.Wrapf(err, pgcode.DataCorrupted, "invalid data in file \"%s\"", path)
}

// decimalToNumeric converts a Decimal128 column of older segment files to numeric words,
// each value taking the column's scale as its display scale.
func decimalToNumeric(dec *array.Decimal128) arrow.Array {
	scale := dec.DataType().(*arrow.Decimal128Type).Scale
	b := array.NewFixedSizeBinaryBuilder(memory.DefaultAllocator, types.NumericArrowType.(*arrow.FixedSizeBinaryType))
	defer b.Release()
	b.Reserve(dec.Len())
	for i := 0; i < dec.Len(); i++ {
		if dec.IsNull(i) {
			b.AppendNull()
			continue
		}
		v := dec.Value(i)
		n, err := types.ParseNumericText(v.ToString(scale))
		if err != nil {
			b.AppendNull()
			continue
		}
		if scale > 0 {
			n, _ = types.NumericRescale(n, scale)
		}
		types.AppendNumericBuilder(b, n)
	}
	return b.NewArray()
}

// mostlyDistinct reports whether a column's values are mostly distinct.
func mostlyDistinct(sk *stats.Sketch) bool {
	c := sk.Column()
	return c.NDV > 0.2*float64(sk.Rows-sk.Nulls)
}

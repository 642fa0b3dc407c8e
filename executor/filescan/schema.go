package filescan

import (
	"fmt"
	"os"
	"regexp"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/pgcopy"
	"github.com/pgfast/pgfast/planner"
)

// sampleRows is how many rows of a CSV or text file decide its columns' types.
const sampleRows = 1000

// Schemas implements planner.FileSchemas: the columns of read_csv's, read_parquet's and
// IMPORT FOREIGN SCHEMA's files, from the first file a name or glob matches. IO holds the
// settings sampled values are parsed with (DateStyle); Dirs confine reading as Reader's do.
type Schemas struct {
	IO   *types.IOSettings
	Dirs []string
}

var _ planner.FileSchemas = Schemas{}

// Columns implements planner.FileSchemas.
func (s Schemas) Columns(opts *planner.FileOptions) ([]catalog.Column, error) {
	paths, err := Expand(opts.Filename, s.Dirs)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(paths[0])
	if err != nil {
		return nil, openError(err, paths[0])
	}
	defer f.Close()
	if opts.Format == planner.FileParquet {
		return parquetColumns(f, paths[0])
	}
	rows, err := pgcopy.Sample(&opts.Copy, f, sampleRows+1)
	if err != nil {
		return nil, err
	}
	return s.textColumns(rows, opts.Copy.Header), nil
}

// parquetColumns maps a Parquet file's top-level fields to columns.
func parquetColumns(f *os.File, path string) ([]catalog.Column, error) {
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return nil, badParquet(path, err)
	}
	defer pf.Close()
	sc, err := pqarrow.FromParquet(pf.MetaData().Schema, &pqarrow.ArrowReadProperties{}, pf.MetaData().KeyValueMetadata())
	if err != nil {
		return nil, badParquet(path, err)
	}
	cols := make([]catalog.Column, sc.NumFields())
	for i, fld := range sc.Fields() {
		cols[i] = catalog.Column{Name: fld.Name, Type: arrowType(fld.Type)}
	}
	return cols, nil
}

// arrowType is the PostgreSQL type a file's Arrow type maps to: the integer, float,
// boolean, string, binary, date, time and timestamp types to theirs (a timestamp with a
// zone to timestamptz), decimals to numeric(p,s), lists of those to arrays, and anything
// else (structs, nested lists) to text: their values' Arrow text form.
func arrowType(dt arrow.DataType) types.T {
	switch t := dt.(type) {
	case *arrow.Int8Type, *arrow.Int16Type, *arrow.Uint8Type:
		return types.TInt2
	case *arrow.Int32Type, *arrow.Uint16Type:
		return types.TInt4
	case *arrow.Int64Type, *arrow.Uint32Type:
		return types.TInt8
	case *arrow.Uint64Type:
		return types.TNumeric
	case *arrow.Float16Type, *arrow.Float32Type:
		return types.TFloat4
	case *arrow.Float64Type:
		return types.TFloat8
	case *arrow.BooleanType:
		return types.TBool
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.FixedSizeBinaryType:
		return types.Of(types.Bytea)
	case *arrow.Date32Type, *arrow.Date64Type:
		return types.TDate
	case *arrow.Time32Type, *arrow.Time64Type:
		return types.Of(types.Time)
	case *arrow.TimestampType:
		if t.TimeZone != "" {
			return types.TTimestamptz
		}
		return types.TTimestamp
	case *arrow.Decimal128Type:
		return types.T{OID: types.Numeric, Typmod: types.MakeNumericTypmod(t.Precision, t.Scale)}
	case *arrow.ListType:
		if e := arrowType(t.Elem()); (e.OID != types.Text || isText(t.Elem())) && types.ByOID(e.OID).ArrayOID != 0 {
			return types.T{OID: types.ByOID(e.OID).ArrayOID, Typmod: e.Typmod}
		}
	}
	return types.TText
}

// textCandidates are the types a CSV or text column may be inferred as, narrowest first;
// the first that reads every sampled value wins, text when none does.
var textCandidates = []types.T{types.TBool, types.TInt4, types.TInt8, types.TNumeric, types.TFloat8, types.TDate, types.TTimestamp, types.TTimestamptz}

// zoned matches a timestamp written with a time zone (Z or a numeric offset).
var zoned = regexp.MustCompile(`\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$`)

// textColumns names and types the columns of sampled records.
func (s Schemas) textColumns(rows [][]*string, header bool) []catalog.Column {
	var names []*string
	if header && len(rows) > 0 {
		names, rows = rows[0], rows[1:]
	}
	width := len(names)
	for _, r := range rows {
		width = max(width, len(r))
	}
	cols := make([]catalog.Column, width)
	for i := range cols {
		cols[i].Name = fmt.Sprintf("column%d", i+1)
		if i < len(names) && names[i] != nil && *names[i] != "" {
			cols[i].Name = *names[i]
		}
		cols[i].Type = s.inferType(rows, i)
	}
	return cols
}

// inferType returns the narrowest candidate type reading every sampled value of column i.
func (s Schemas) inferType(rows [][]*string, i int) types.T {
	var vals []string
	for _, r := range rows {
		if i < len(r) && r[i] != nil {
			vals = append(vals, *r[i])
		}
	}
	if len(vals) == 0 {
		return types.TText
	}
	for _, t := range textCandidates {
		if skipCandidate(t, vals) {
			continue
		}
		if s.readsAll(t, vals) {
			return t
		}
	}
	return types.TText
}

// skipCandidate refuses types whose input functions read more than inference should take
// as theirs: numeric reads 1e3 (a float8 by its spelling), date reads a timestamp's text
// (dropping the time), timestamp a zoned timestamp's (dropping the zone).
func skipCandidate(t types.T, vals []string) bool {
	switch t.OID {
	case types.Numeric:
		return anyMatch(vals, floatWord)
	case types.Date:
		return anyMatch(vals, timeOfDay)
	case types.Timestamp:
		return anyMatch(vals, zoned)
	case types.Timestamptz:
		return !anyMatch(vals, zoned)
	}
	return false
}

var (
	floatWord = regexp.MustCompile(`(?i)[0-9.]e|inf|nan`)
	timeOfDay = regexp.MustCompile(`\d:\d\d`)
)

// readsAll reports whether t's input function reads every value.
func (s Schemas) readsAll(t types.T, vals []string) bool {
	b := array.NewBuilder(memory.DefaultAllocator, t.Arrow())
	defer func() { b.NewArray().Release(); b.Release() }()
	parse := types.TextParserFor(t, s.IO)
	for _, v := range vals {
		if t.OID == types.Bool && !boolWord.MatchString(v) {
			return false // "1", "0", "y" read as bool too, but they are numbers or text
		}
		if parse(b, []byte(v)) != nil {
			return false
		}
	}
	return true
}

// boolWord matches the spellings of booleans inference takes as booleans.
var boolWord = regexp.MustCompile(`^(?i)(true|false|t|f)$`)

func anyMatch(vals []string, re *regexp.Regexp) bool {
	for _, v := range vals {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// isText reports whether dt is a string type (which maps to text by itself, not as a
// fallback).
func isText(dt arrow.DataType) bool {
	switch dt.(type) {
	case *arrow.StringType, *arrow.LargeStringType:
		return true
	}
	return false
}

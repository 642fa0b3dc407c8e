package wire

import (
	"encoding/binary"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Format codes of the protocol.
const (
	formatText   int16 = 0
	formatBinary int16 = 1
)

// appenderFactory binds the output function for one column of one batch. The server uses
// types.TextAppender and types.BinaryAppender; tests may substitute their own.
type appenderFactory func(t types.T, arr arrow.Array, s *types.IOSettings, format int16) types.Appender

// typesAppender is the production appenderFactory.
func typesAppender(t types.T, arr arrow.Array, s *types.IOSettings, format int16) types.Appender {
	if format == formatBinary {
		return types.BinaryAppender(t, arr, s)
	}
	return types.TextAppender(t, arr, s)
}

// rowDescription describes result columns sent in the given formats (nil: all text).
func rowDescription(cols []planner.Column, formats []int16) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		f := formatText
		if formats != nil {
			f = formats[i]
		}
		// A domain's values are described as its base type's, as PostgreSQL does.
		t := types.BaseType(col.Type)
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             uint32(col.Table),
			TableAttributeNumber: uint16(col.Attnum),
			DataTypeOID:          uint32(t.OID),
			DataTypeSize:         t.Len(),
			TypeModifier:         t.SQLTypmod(),
			Format:               f,
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

// checkFormats validates format codes from Bind.
func checkFormats(codes []int16) error {
	for _, f := range codes {
		if f != formatText && f != formatBinary {
			return pgerror.Newf(pgcode.InvalidParameterValue, "unsupported format code: %d", f)
		}
	}
	return nil
}

// expandFormats turns Bind's result format codes (none: all text; one: for every column;
// else one per column) into one code per column.
func expandFormats(codes []int16, ncols int) ([]int16, error) {
	out := make([]int16, ncols)
	switch len(codes) {
	case 0:
	case 1:
		for i := range out {
			out[i] = codes[0]
		}
	case ncols:
		copy(out, codes)
	default:
		return nil, pgerror.Newf(pgcode.ProtocolViolation,
			"bind message has %d result formats but query has %d columns", len(codes), ncols)
	}
	return out, nil
}

// rowEncoder writes DataRow messages straight from the Arrow columns of result batches.
// For each batch it binds one Appender per column (bind), so the per-value work is a
// direct call of a function specialised for the column's type and format, with no boxing.
type rowEncoder struct {
	cols     []planner.Column
	formats  []int16
	settings *types.IOSettings
	factory  appenderFactory
	bound    []boundColumn
}

// boundColumn is one column of the current batch with its output function.
type boundColumn struct {
	arr     arrow.Array
	nulls   bool // has nulls: test the validity bitmap per row
	allNull bool // every row is NULL (an Arrow Null array)
	app     types.Appender
}

func newRowEncoder(cols []planner.Column, formats []int16, s *types.IOSettings, f appenderFactory) *rowEncoder {
	return &rowEncoder{cols: cols, formats: formats, settings: s, factory: f, bound: make([]boundColumn, len(cols))}
}

// bind prepares the encoder for a batch.
func (e *rowEncoder) bind(rec arrow.Record) error {
	if int(rec.NumCols()) != len(e.cols) {
		return pgerror.Newf(pgcode.InternalError, "result batch has %d columns, expected %d", rec.NumCols(), len(e.cols))
	}
	for i := range e.bound {
		arr := rec.Column(i)
		if arr.DataType().ID() == arrow.NULL {
			e.bound[i] = nullColumn(arr, e.cols[i].Type)
			continue
		}
		e.bound[i] = boundColumn{arr: arr, nulls: arr.NullN() > 0}
		if arr.NullN() < arr.Len() {
			e.bound[i].app = e.factory(e.cols[i].Type, arr, e.settings, e.formats[i])
		}
	}
	return nil
}

// nullColumn binds an Arrow Null array, which has no validity bitmap: its rows are NULL,
// except void's (a function returning void), which PostgreSQL sends as empty values.
func nullColumn(arr arrow.Array, t types.T) boundColumn {
	if t.OID == types.Void {
		return boundColumn{arr: arr, app: func(dst []byte, _ int) []byte { return dst }}
	}
	return boundColumn{arr: arr, allNull: true}
}

// release drops the references to the current batch.
func (e *rowEncoder) release() { clear(e.bound) }

// appendRows appends DataRow messages for rows [from, to) of the bound batch to dst. It
// stops early, after the row that takes dst to limit bytes or more, and returns the next
// row to encode.
func (e *rowEncoder) appendRows(dst []byte, from, to, limit int) ([]byte, int) {
	ncols := len(e.bound)
	for r := from; r < to; r++ {
		start := len(dst)
		dst = append(dst, 'D', 0, 0, 0, 0, byte(ncols>>8), byte(ncols))
		for i := range e.bound {
			col := &e.bound[i]
			if col.allNull || col.nulls && col.arr.IsNull(r) {
				dst = append(dst, 0xff, 0xff, 0xff, 0xff)
				continue
			}
			lenAt := len(dst)
			dst = append(dst, 0, 0, 0, 0)
			dst = col.app(dst, r)
			binary.BigEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
		}
		binary.BigEndian.PutUint32(dst[start+1:], uint32(len(dst)-start-1))
		if len(dst) >= limit {
			return dst, r + 1
		}
	}
	return dst, to
}

package pgcopy

import (
	"encoding/binary"
	"errors"
	"io"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// copyBinarySignature starts PostgreSQL's binary COPY format; flags and the header extension
// length follow, both 0 here.
const copyBinarySignature = "PGCOPY\n\xff\r\n\x00"

// toBinary writes the rows of op in PostgreSQL's binary COPY format: the header, then
// per row the field count and each field as its length (-1 for NULL) and its binary send
// form (types.BinaryAppender, as in binary query results), then the trailer -1.
func toBinary(ctx *executor.Ctx, op executor.Operator, cols []planner.Column, emit func([]byte) error) (int64, error) {
	buf := append([]byte(copyBinarySignature), 0, 0, 0, 0, 0, 0, 0, 0)
	var rows int64
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		apps := make([]types.Appender, len(cols))
		for i, c := range cols {
			apps[i] = types.BinaryAppender(c.Type, rec.Column(i), ctx.IO)
		}
		for r := 0; r < int(rec.NumRows()); r++ {
			buf = binary.BigEndian.AppendUint16(buf, uint16(len(cols)))
			for i := range cols {
				if rec.Column(i).IsNull(r) {
					buf = binary.BigEndian.AppendUint32(buf, 0xffffffff)
					continue
				}
				at := len(buf)
				buf = append(buf, 0, 0, 0, 0)
				buf = apps[i](buf, r)
				binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
			}
			if len(buf) >= 1<<16 {
				if err := emit(buf); err != nil {
					return 0, err
				}
				buf = buf[:0]
			}
		}
		rows += rec.NumRows()
	}
	buf = binary.BigEndian.AppendUint16(buf, 0xffff)
	return rows, emit(buf)
}

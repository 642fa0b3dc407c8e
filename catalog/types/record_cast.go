package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// castRecord converts records of type from to record or composite type to field by field,
// as PostgreSQL's coerce_record_to_complex converts each column of a row to the column of
// the composite type; a NULL record stays NULL. ok is false when from or to is not a record
// type.
func castRecord(arr arrow.Array, from, to T, ctx CoercionContext, s *IOSettings, mem memory.Allocator) (out arrow.Array, ok bool, err error) {
	ff, okFrom := RecordFields(from)
	tf, okTo := RecordFields(to)
	if !okFrom || !okTo {
		return nil, false, nil
	}
	if len(ff) != len(tf) {
		return nil, true, pgerror.Newf(pgcode.CannotCoerce, "cannot cast type %s to %s", from, to)
	}
	st := arr.(*array.Struct)
	fields := make([]arrow.Array, len(tf))
	defer func() {
		for _, f := range fields {
			if f != nil {
				f.Release()
			}
		}
	}()
	for i := range tf {
		if fields[i], err = CastArrayContext(st.Field(i), ff[i].Type, tf[i].Type, ctx, s, mem); err != nil {
			return nil, true, err
		}
	}
	var valid []byte
	if st.NullN() > 0 {
		valid = make([]byte, bitutil.BytesForBits(int64(st.Len())))
		bitutil.CopyBitmap(st.NullBitmapBytes(), st.Data().Offset(), st.Len(), valid, 0)
	}
	return MakeRecords(to, fields, valid, st.Len()), true, nil
}

package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// extensionCmp orders the SQL types held in Arrow extension types (see catalog/types):
// uuid bytewise, as uuid_cmp does.
func extensionCmp(arr arrow.Array, desc bool) (rowComparator, error) {
	dt := arr.DataType()
	switch {
	case types.IsUUIDArrow(dt):
		vals := types.UUIDValues(arr)
		if desc {
			return func(i, j int) int { return types.CompareUUID(&vals[j], &vals[i]) }, nil
		}
		return func(i, j int) int { return types.CompareUUID(&vals[i], &vals[j]) }, nil
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", dt)
}

// extensionKey returns, for an array of an extension type, a function giving each row's
// value as a string that is equal for equal values (the uuid's bytes), for map lookups.
func extensionKey(arr arrow.Array) func(i int) string {
	if types.IsUUIDArrow(arr.DataType()) {
		vals := types.UUIDValues(arr)
		return func(i int) string { return string(vals[i][:]) }
	}
	return func(i int) string { return arr.ValueStr(i) }
}

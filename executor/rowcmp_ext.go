package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// extensionCmp orders the SQL types held in Arrow extension types (see catalog/types):
// uuid bytewise, as uuid_cmp does, and jsonb as its btree opclass does.
func extensionCmp(arr arrow.Array, desc bool) (rowComparator, error) {
	dt := arr.DataType()
	switch {
	case types.IsUUIDArrow(dt):
		vals := types.UUIDValues(arr)
		if desc {
			return func(i, j int) int { return types.CompareUUID(&vals[j], &vals[i]) }, nil
		}
		return func(i, j int) int { return types.CompareUUID(&vals[i], &vals[j]) }, nil
	case types.IsJSONBArrow(dt):
		offs, data := varValues(arr)
		at := func(i int) pgjson.Value { return data[offs[i]:offs[i+1]] }
		if desc {
			return func(i, j int) int { return pgjson.Compare(at(j), at(i)) }, nil
		}
		return func(i, j int) int { return pgjson.Compare(at(i), at(j)) }, nil
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "cannot sort values of Arrow type %s", dt)
}

// extensionKey returns, for an array of an extension type, a function giving each row's
// value as a string that is equal for equal values (the uuid's bytes, jsonb's hash key),
// for map lookups.
func extensionKey(arr arrow.Array) func(i int) string {
	switch dt := arr.DataType(); {
	case types.IsUUIDArrow(dt):
		vals := types.UUIDValues(arr)
		return func(i int) string { return string(vals[i][:]) }
	case types.IsJSONBArrow(dt):
		offs, data := varValues(arr)
		return func(i int) string {
			if offs[i] == offs[i+1] {
				return "" // a NULL row (no encoded value is empty)
			}
			return string(pgjson.AppendHashKey(nil, data[offs[i]:offs[i+1]]))
		}
	}
	return func(i int) string { return arr.ValueStr(i) }
}

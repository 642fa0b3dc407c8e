package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
)

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

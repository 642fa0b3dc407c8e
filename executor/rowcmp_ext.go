package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
)

// extensionKey returns, for an array of an extension type, a function giving each row's
// value as a string that is equal for equal values (the uuid's bytes), for map lookups.
func extensionKey(arr arrow.Array) func(i int) string {
	if types.IsUUIDArrow(arr.DataType()) {
		vals := types.UUIDValues(arr)
		return func(i int) string { return string(vals[i][:]) }
	}
	return func(i int) string { return arr.ValueStr(i) }
}

package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// extensionCmp orders (row i of a against row j of b) the SQL types held in Arrow extension types (see catalog/types):
// uuid bytewise, as uuid_cmp does.
func extensionCmp(a, b arrow.Array, desc bool) (rowComparator, error) {
	dt := a.DataType()
	switch {
	case types.IsUUIDArrow(dt):
		av, bv := types.UUIDValues(a), types.UUIDValues(b)
		if desc {
			return func(i, j int) int { return types.CompareUUID(&bv[j], &av[i]) }, nil
		}
		return func(i, j int) int { return types.CompareUUID(&av[i], &bv[j]) }, nil
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

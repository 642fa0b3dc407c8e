package types

import (
	"reflect"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// # Extension types
//
// The executor dispatches on Arrow types alone: hashing, sorting, gathering and comparing
// pick their typed loop from an array's data type, never from the SQL type. Most SQL types
// have an Arrow type of their own, but some share a physical layout with another: uuid is
// 16 bytes like numeric's words, jsonb is variable-length bytes like bytea, yet they hash,
// order and print differently. Those are held in Arrow extension types (pgExt): the storage
// is the plain layout, so gathering and concatenation work on it unchanged, while the type
// name tells the executor which comparison, hash and output to use.
//
// IsExtension and ExtensionStorage give code that only moves bytes around the plain layout.

// pgExt is an Arrow extension type naming one SQL type over a plain storage type.
type pgExt struct {
	arrow.ExtensionBase
	name string
}

// ExtArray is the array type of pgfast's extension types; its Storage holds the values.
type ExtArray struct {
	array.ExtensionArrayBase
}

var _ arrow.ExtensionType = (*pgExt)(nil)

func newExt(name string, storage arrow.DataType) *pgExt {
	return &pgExt{ExtensionBase: arrow.ExtensionBase{Storage: storage}, name: name}
}

// ArrayType implements arrow.ExtensionType.
func (e *pgExt) ArrayType() reflect.Type { return reflect.TypeOf(ExtArray{}) }

// ExtensionName implements arrow.ExtensionType.
func (e *pgExt) ExtensionName() string { return e.name }

// ExtensionEquals implements arrow.ExtensionType.
func (e *pgExt) ExtensionEquals(o arrow.ExtensionType) bool { return o.ExtensionName() == e.name }

// Serialize implements arrow.ExtensionType: the types have no parameters.
func (e *pgExt) Serialize() string { return "" }

// Deserialize implements arrow.ExtensionType.
func (e *pgExt) Deserialize(arrow.DataType, string) (arrow.ExtensionType, error) { return e, nil }

// Fingerprint distinguishes the extension types from each other (arrow's default is the
// storage's fingerprint alone, which would make uuid and numeric look alike).
func (e *pgExt) Fingerprint() string { return "pgfast." + e.name + "/" + e.Storage.Fingerprint() }

// String returns the extension's name.
func (e *pgExt) String() string { return "pgfast." + e.name }

// IsExtension reports whether dt is one of pgfast's extension types.
func IsExtension(dt arrow.DataType) bool {
	_, ok := dt.(*pgExt)
	return ok
}

// ExtensionStorage returns the storage type of an extension type, and dt itself otherwise.
func ExtensionStorage(dt arrow.DataType) arrow.DataType {
	if e, ok := dt.(arrow.ExtensionType); ok {
		return e.StorageType()
	}
	return dt
}

// StorageArray returns the storage of an extension array, and arr itself otherwise. The
// result shares arr's buffers and is valid as long as arr is.
func StorageArray(arr arrow.Array) arrow.Array {
	if e, ok := arr.(array.ExtensionArray); ok {
		return e.Storage()
	}
	return arr
}

// StorageBuilder returns the builder of an extension builder's storage, and b itself
// otherwise.
func StorageBuilder(b array.Builder) array.Builder {
	if e, ok := b.(*array.ExtensionBuilder); ok {
		return e.StorageBuilder()
	}
	return b
}

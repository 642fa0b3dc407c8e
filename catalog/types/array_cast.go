package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// Casts between array types convert the elements with the element types' cast, as
// PostgreSQL's array coercion (array_map) does; shapes, lower bounds and NULLs are kept.
// Casts between arrays and text go through array_in and array_out like any I/O cast.

// arrayCast returns the cast between the array types from and to: allowed in the context
// the cast of their element types is. Nothing casts to int2vector or oidvector (only
// ARRAY[...]::int2vector builds one, besides their input).
func arrayCast(from, to OID) (Cast, bool) {
	if IsVector(to) {
		return Cast{}, false
	}
	fe, fok := ElemType(Of(from))
	te, tok := ElemType(Of(to))
	if !fok || !tok {
		return Cast{}, false
	}
	c, ok := LookupCast(fe.OID, te.OID)
	if !ok {
		return Cast{}, false
	}
	return Cast{Context: c.Context, Method: CastFunction}, true
}

// castArrayElements converts arr, arrays of type from, to arrays of type to element by
// element.
func castArrayElements(arr arrow.Array, from, to T, ctx CoercionContext, s *IOSettings, mem memory.Allocator) (arrow.Array, error) {
	fe, _ := ElemType(from)
	te, _ := ElemType(to)
	if fe == te || fe.OID == te.OID && te.Typmod < 0 && arrow.TypeEqual(arr.DataType(), to.Arrow()) {
		arr.Retain()
		return arr, nil
	}
	r := ReadArrays(arr)
	elems, offs := r.Compact()
	defer elems.Release()
	out, err := CastArrayContext(elems, fe, te, ctx, s, mem)
	if err != nil {
		return nil, err
	}
	defer out.Release()
	return ReplaceElements(mem, arr, out, offs), nil
}

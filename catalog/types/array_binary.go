package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Array binary send and receive, PostgreSQL's array_send/array_recv format (which
// int2vector and oidvector share): the number of dimensions, a has-nulls flag and the
// element type's OID as int32s, a length and lower bound per dimension, then each element
// as an int32 length (-1 for NULL) and its binary send form.

// arrayBinaryAppender returns the binary send format of arr, values of the array type t.
func arrayBinaryAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	r := ReadArrays(arr)
	elemT, _ := ElemType(t)
	elems := r.Elements()
	app := binaryAppender(elemT, elems, s)
	elemOID := uint32(elemT.OID)
	return func(dst []byte, i int) []byte {
		start, end := r.Range(i)
		shape := r.Shape(i)
		hasNull := uint32(0)
		for k := start; k < end; k++ {
			if elems.IsNull(k) {
				hasNull = 1
				break
			}
		}
		dst = be.AppendUint32(dst, uint32(shape.NDim))
		dst = be.AppendUint32(dst, hasNull)
		dst = be.AppendUint32(dst, elemOID)
		for d := 0; d < shape.NDim; d++ {
			dst = be.AppendUint32(dst, uint32(shape.Dims[d]))
			dst = be.AppendUint32(dst, uint32(shape.LBounds[d]))
		}
		for k := start; k < end; k++ {
			if elems.IsNull(k) {
				dst = be.AppendUint32(dst, 0xFFFFFFFF)
				continue
			}
			at := len(dst)
			dst = be.AppendUint32(dst, 0)
			dst = app(dst, k)
			be.PutUint32(dst[at:], uint32(len(dst)-at-4))
		}
		return dst
	}
}

// arrayBinaryParser is array_recv for the array type t.
func arrayBinaryParser(t T, s *IOSettings) TextParser {
	elemT, _ := ElemType(t)
	parseElem := BinaryParserFor(elemT, s)
	return func(b array.Builder, data []byte) error {
		if len(data) < 12 {
			return errInsufficientData()
		}
		ndim, flags, elem := int32(be.Uint32(data)), be.Uint32(data[4:]), OID(be.Uint32(data[8:]))
		data = data[12:]
		switch {
		case ndim < 0:
			return pgerror.Newf(pgcode.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
		case ndim > MaxDim:
			return errTooManyDims(int(ndim))
		case flags != 0 && flags != 1:
			return pgerror.New(pgcode.InvalidBinaryRepresentation, "invalid array flags")
		case elem != elemT.OID:
			return pgerror.New(pgcode.DatatypeMismatch, "wrong element type")
		}
		var shape Shape
		shape.NDim = int(ndim)
		for d := 0; d < shape.NDim; d++ {
			if len(data) < 8 {
				return errInsufficientData()
			}
			shape.Dims[d], shape.LBounds[d] = int32(be.Uint32(data)), int32(be.Uint32(data[4:]))
			data = data[8:]
		}
		nitems, err := checkArrayShape(shape.NDim, shape.Dims[:shape.NDim], shape.LBounds[:shape.NDim])
		if err != nil {
			return err
		}
		ab := ArrayBuilderOf(b)
		if nitems == 0 {
			ab.AppendEmpty()
			return nil
		}
		ab.Begin()
		for k := 0; k < nitems; k++ {
			if len(data) < 4 {
				ab.Abandon()
				return errInsufficientData()
			}
			size := int32(be.Uint32(data))
			data = data[4:]
			if size < -1 || int(size) > len(data) {
				ab.Abandon()
				return pgerror.New(pgcode.InvalidBinaryRepresentation, "insufficient data left in message")
			}
			if size == -1 {
				ab.Elems().AppendNull()
				continue
			}
			if err := parseElem(ab.Elems(), data[:size]); err != nil {
				ab.Abandon()
				return err
			}
			data = data[size:]
		}
		ab.End(shape)
		return nil
	}
}

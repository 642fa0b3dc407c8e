package filescan

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
)

// convertArray returns a (a column read from a file) as an array of type t: a itself
// (retained) when it already has t's Arrow type, a direct conversion for integers, floats,
// timestamps and strings, and otherwise a conversion through each value's text form,
// parsed as t's input function parses it.
func convertArray(ctx *executor.Ctx, a arrow.Array, t types.T) (arrow.Array, error) {
	want := t.Arrow()
	if arrow.TypeEqual(a.DataType(), want) {
		a.Retain()
		return a, nil
	}
	if l, ok := a.(*array.List); ok && types.IsArrayArrow(want) && l.Data().Offset() == 0 {
		return convertList(ctx, l, t)
	}
	if out, ok := convertDirect(ctx, a, want); ok {
		return out, nil
	}
	return convertText(ctx, a, t)
}

// convertDirect converts between representations of the same values without text: wider
// integers and floats, other timestamp units, large strings. ok is false for other pairs.
func convertDirect(ctx *executor.Ctx, a arrow.Array, want arrow.DataType) (arrow.Array, bool) {
	b := array.NewBuilder(ctx.Mem, want)
	defer b.Release()
	b.Reserve(a.Len())
	if dec, ok := a.(*array.Decimal128); ok {
		return convertDecimal(dec, b)
	}
	switch dst := b.(type) {
	case *array.Int64Builder:
		get, ok := intGetter(a)
		if !ok {
			return nil, false
		}
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(get(i)) })
	case *array.Int32Builder:
		get, ok := intGetter(a)
		if !ok || a.DataType().ID() == arrow.INT64 || a.DataType().ID() == arrow.UINT32 {
			return nil, false
		}
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(int32(get(i))) })
	case *array.Float64Builder:
		src, ok := a.(*array.Float32)
		if !ok {
			return nil, false
		}
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(float64(src.Value(i))) })
	case *array.TimestampBuilder:
		src, ok := a.(*array.Timestamp)
		if !ok {
			return nil, false
		}
		mul, div := unitScale(src.DataType().(*arrow.TimestampType).Unit)
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(arrow.Timestamp(int64(src.Value(i)) * mul / div)) })
	case *array.StringBuilder:
		src, ok := a.(*array.LargeString)
		if !ok {
			return nil, false
		}
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(src.Value(i)) })
	default:
		return nil, false
	}
	return b.NewArray(), true
}

// intGetter reads the values of an integer array of any width as int64.
func intGetter(a arrow.Array) (func(int) int64, bool) {
	switch x := a.(type) {
	case *array.Int8:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	case *array.Int16:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	case *array.Int32:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	case *array.Int64:
		return func(i int) int64 { return x.Value(i) }, true
	case *array.Uint8:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	case *array.Uint16:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	case *array.Uint32:
		return func(i int) int64 { return int64(x.Value(i)) }, true
	}
	return nil, false
}

// unitScale returns the factors turning a timestamp of unit u into microseconds.
func unitScale(u arrow.TimeUnit) (mul, div int64) {
	switch u {
	case arrow.Second:
		return 1_000_000, 1
	case arrow.Millisecond:
		return 1000, 1
	case arrow.Nanosecond:
		return 1, 1000
	}
	return 1, 1
}

// convertText converts a through the text of each value, parsed by t's input function.
func convertText(ctx *executor.Ctx, a arrow.Array, t types.T) (arrow.Array, error) {
	parse := types.TextParserFor(t, ctx.IO)
	b := array.NewBuilder(ctx.Mem, t.Arrow())
	defer b.Release()
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		if err := parse(b, []byte(a.ValueStr(i))); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

// convertDecimal converts decimals to numeric (those whose coefficients fit 64 bits) or to
// float8; ok is false for other targets and larger coefficients.
func convertDecimal(a *array.Decimal128, b array.Builder) (arrow.Array, bool) {
	scale := a.DataType().(*arrow.Decimal128Type).Scale
	switch dst := b.(type) {
	case *array.Float64Builder:
		eachValue(a, dst.AppendNull, func(i int) { dst.Append(a.Value(i).ToFloat64(scale)) })
	case *array.FixedSizeBinaryBuilder:
		if !types.IsNumericArrow(dst.Type()) || scale < 0 {
			return nil, false
		}
		for i := 0; i < a.Len(); i++ {
			if a.IsNull(i) {
				dst.AppendNull()
				continue
			}
			v := a.Value(i)
			lo := int64(v.LowBits())
			if v.HighBits() != lo>>63 {
				return nil, false // beyond 64 bits: through text
			}
			types.AppendNumericBuilder(dst, types.MakeNumeric(lo, scale))
		}
	default:
		return nil, false
	}
	return b.NewArray(), true
}

// eachValue calls value for each non-NULL row of a and null for the others, in order.
func eachValue(a arrow.Array, null func(), value func(i int)) {
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			null()
		} else {
			value(i)
		}
	}
}

// convertList converts a list column to the array layout of array type t: its elements
// converted to t's element type, each list a one-dimensional array counted from 1 (the
// layout's NULL shape), NULL lists NULL arrays.
func convertList(ctx *executor.Ctx, l *array.List, t types.T) (arrow.Array, error) {
	elem := types.T{OID: types.ByOID(t.OID).Elem, Typmod: t.Typmod}
	vals, err := convertArray(ctx, l.ListValues(), elem)
	if err != nil {
		return nil, err
	}
	defer vals.Release()
	d := l.Data()
	items := array.NewData(arrow.ListOf(elem.Arrow()), d.Len(), d.Buffers()[:2], []arrow.ArrayData{vals.Data()}, d.NullN(), 0)
	defer items.Release()
	sb := array.NewListBuilder(ctx.Mem, arrow.PrimitiveTypes.Int32)
	defer sb.Release()
	sb.AppendNulls(d.Len())
	shape := sb.NewArray()
	defer shape.Release()
	out := array.NewData(t.Arrow(), d.Len(), d.Buffers()[:1], []arrow.ArrayData{items, shape.Data()}, d.NullN(), 0)
	defer out.Release()
	return array.MakeFromData(out), nil
}

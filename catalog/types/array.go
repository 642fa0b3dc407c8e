package types

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The Arrow layout of array values (see the package documentation, "Arrays").

// MaxDim is the largest number of dimensions an array value may have (PostgreSQL's MAXDIM).
const MaxDim = 6

// Field names of the array layout's struct. They cannot be SQL column names written without
// quotes, so no composite type is mistaken for an array.
const (
	arrayItemsField = "$items"
	arrayShapeField = "$shape"
)

// ArrayArrow returns the Arrow type holding arrays whose elements are held in Arrow type
// elem: a struct of the flattened elements (a list, in row-major order, NULL elements
// allowed) and the shape (a list of int32 pairs, length then lower bound per dimension;
// NULL for the common shapes: no dimensions, or one dimension with lower bound 1).
func ArrayArrow(elem arrow.DataType) *arrow.StructType {
	return arrow.StructOf(
		arrow.Field{Name: arrayItemsField, Type: arrow.ListOf(elem), Nullable: true},
		arrow.Field{Name: arrayShapeField, Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
	)
}

// IsArrayArrow reports whether dt is the Arrow layout of array values.
func IsArrayArrow(dt arrow.DataType) bool {
	st, ok := dt.(*arrow.StructType)
	return ok && st.NumFields() == 2 && st.Field(0).Name == arrayItemsField && st.Field(1).Name == arrayShapeField
}

// ArrayElemArrow returns the Arrow type of the elements of the array layout dt.
func ArrayElemArrow(dt arrow.DataType) arrow.DataType {
	return dt.(*arrow.StructType).Field(0).Type.(*arrow.ListType).Elem()
}

// Shape is the dimensions of one array value: NDim axis lengths and lower bounds. The zero
// Shape is the empty array, which has no dimensions (PostgreSQL has no empty array of one
// dimension: '{}' and ARRAY[]::int[] have none).
type Shape struct {
	NDim    int
	Dims    [MaxDim]int32
	LBounds [MaxDim]int32
}

// Vector returns the shape of a one-dimensional array of n elements counted from 1, or the
// empty shape for n == 0.
func Vector(n int) Shape {
	if n == 0 {
		return Shape{}
	}
	s := Shape{NDim: 1}
	s.Dims[0], s.LBounds[0] = int32(n), 1
	return s
}

// Count returns the number of elements an array of shape s holds.
func (s Shape) Count() int {
	if s.NDim == 0 {
		return 0
	}
	n := 1
	for d := 0; d < s.NDim; d++ {
		n *= int(s.Dims[d])
	}
	return n
}

// IsPlain reports whether s is stored as a NULL shape: no dimensions, or one dimension
// counted from 1.
func (s Shape) IsPlain() bool { return s.NDim == 0 || s.NDim == 1 && s.LBounds[0] == 1 }

// Upper returns the upper bound of dimension d (0-based).
func (s Shape) Upper(d int) int32 { return s.LBounds[d] + s.Dims[d] - 1 }

// ArrayReader reads the values of an Arrow array in the array layout. Element i of row r is
// Elements() row Range(r)'s start + i, in row-major order over Shape(r).
type ArrayReader struct {
	arr        arrow.Array
	elems      arrow.Array
	offs       []int32 // n+1 element offsets of the rows
	shapeOffs  []int32 // n+1 offsets into shapeVals, for the rows with a shape
	shapeVals  []int32
	shapeValid []byte
	shapeOff   int
}

// ReadArrays returns a reader of arr, which must be in the array layout (ArrayArrow).
func ReadArrays(arr arrow.Array) ArrayReader {
	st := arr.(*array.Struct)
	items := st.Field(0).(*array.List)
	shape := st.Field(1).(*array.List)
	r := ArrayReader{arr: arr, elems: items.ListValues()}
	r.offs = listOffsets(items)
	if shape.NullN() < shape.Len() {
		r.shapeOffs = listOffsets(shape)
		r.shapeVals = shape.ListValues().(*array.Int32).Int32Values()
		if shape.NullN() > 0 {
			r.shapeValid = shape.NullBitmapBytes()
			r.shapeOff = shape.Data().Offset()
		}
	}
	return r
}

// listOffsets returns the n+1 offsets of a list array's rows, its slice offset applied.
func listOffsets(l *array.List) []int32 {
	d := l.Data()
	if d.Len() == 0 {
		return []int32{0}
	}
	b := d.Buffers()[1].Bytes()
	all := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
	return all[d.Offset() : d.Offset()+d.Len()+1]
}

// Len returns the number of array values (rows).
func (r *ArrayReader) Len() int { return r.arr.Len() }

// IsNull reports whether row i is a NULL array.
func (r *ArrayReader) IsNull(i int) bool { return r.arr.IsNull(i) }

// Elements returns the elements of every row, flattened. Rows index it through Range.
func (r *ArrayReader) Elements() arrow.Array { return r.elems }

// Offsets returns the n+1 element offsets: row i's elements are [Offsets()[i],
// Offsets()[i+1]) of Elements().
func (r *ArrayReader) Offsets() []int32 { return r.offs }

// Range returns the elements of row i: [start, end) of Elements().
func (r *ArrayReader) Range(i int) (start, end int) { return int(r.offs[i]), int(r.offs[i+1]) }

// hasShape reports whether row i stores its shape.
func (r *ArrayReader) hasShape(i int) bool {
	if r.shapeOffs == nil {
		return false
	}
	if r.shapeValid != nil {
		j := i + r.shapeOff
		if r.shapeValid[j>>3]&(1<<(uint(j)&7)) == 0 {
			return false
		}
	}
	return r.shapeOffs[i+1] > r.shapeOffs[i]
}

// Shape returns the dimensions of row i (meaningless for a NULL row).
func (r *ArrayReader) Shape(i int) Shape {
	if !r.hasShape(i) {
		s, e := r.Range(i)
		return Vector(e - s)
	}
	vals := r.shapeVals[r.shapeOffs[i]:r.shapeOffs[i+1]]
	var s Shape
	s.NDim = len(vals) / 2
	for d := 0; d < s.NDim; d++ {
		s.Dims[d], s.LBounds[d] = vals[2*d], vals[2*d+1]
	}
	return s
}

// NDim returns the number of dimensions of row i.
func (r *ArrayReader) NDim(i int) int {
	if !r.hasShape(i) {
		if r.offs[i+1] > r.offs[i] {
			return 1
		}
		return 0
	}
	return int(r.shapeOffs[i+1]-r.shapeOffs[i]) / 2
}

// HasShapes reports whether any row has a shape other than the plain ones (no dimensions,
// or one counted from 1), so that callers can skip per-row shape handling.
func (r *ArrayReader) HasShapes() bool {
	if r.shapeOffs == nil {
		return false
	}
	for i := 0; i < r.Len(); i++ {
		if r.hasShape(i) {
			return true
		}
	}
	return false
}

// ArrayBuilder appends array values to an array.Builder of the array layout. It is a small
// value over that builder: ArrayBuilderOf costs nothing, so parsers may make one per value.
//
// A value is appended by Begin, then its elements (appended to Elems() in row-major order),
// then End with its shape; or by AppendNull.
type ArrayBuilder struct {
	b     *array.StructBuilder
	items *array.ListBuilder
	elems array.Builder
	shape *array.ListBuilder
}

// ArrayBuilderOf returns an ArrayBuilder over b, a builder of an array layout type (such as
// array.NewBuilder(mem, t.Arrow()) for an array type t).
func ArrayBuilderOf(b array.Builder) ArrayBuilder {
	sb := b.(*array.StructBuilder)
	items := sb.FieldBuilder(0).(*array.ListBuilder)
	return ArrayBuilder{b: sb, items: items, elems: items.ValueBuilder(), shape: sb.FieldBuilder(1).(*array.ListBuilder)}
}

// NewArrayBuilder returns a builder of arrays whose elements are held in Arrow type elem.
func NewArrayBuilder(mem memory.Allocator, elem arrow.DataType) ArrayBuilder {
	return ArrayBuilderOf(array.NewBuilder(mem, ArrayArrow(elem)))
}

// Builder returns the underlying builder (to Release it or make the array).
func (b ArrayBuilder) Builder() array.Builder { return b.b }

// Elems returns the builder elements of the current value are appended to.
func (b ArrayBuilder) Elems() array.Builder { return b.elems }

// Begin starts a non-null value, whose elements are appended to Elems() next. It returns
// the number of elements Elems() held before, so that Elems().Len() minus it counts the
// value's elements.
func (b ArrayBuilder) Begin() int {
	b.items.Append(true)
	return b.elems.Len()
}

// End finishes the value begun by Begin, whose elements were appended since, with shape s
// (whose Count must be the number of elements appended).
func (b ArrayBuilder) End(s Shape) {
	b.b.Append(true)
	if s.IsPlain() {
		b.shape.AppendNull()
		return
	}
	b.shape.Append(true)
	vb := b.shape.ValueBuilder().(*array.Int32Builder)
	for d := 0; d < s.NDim; d++ {
		vb.Append(s.Dims[d])
		vb.Append(s.LBounds[d])
	}
}

// Abandon ends a value begun by Begin as a NULL (after a failed element conversion): the
// elements appended since stay in Elems() but belong to no value.
func (b ArrayBuilder) Abandon() {
	b.b.AppendValues(falseOnce)
	b.shape.AppendNull()
}

var falseOnce = []bool{false}

// AppendNull appends a NULL array.
func (b ArrayBuilder) AppendNull() { b.b.AppendNull() }

// AppendEmpty appends the empty array ('{}').
func (b ArrayBuilder) AppendEmpty() {
	b.Begin()
	b.End(Shape{})
}

// Len returns the number of values appended.
func (b ArrayBuilder) Len() int { return b.b.Len() }

// NewArray returns the values appended so far and resets the builder.
func (b ArrayBuilder) NewArray() arrow.Array { return b.b.NewArray() }

// Release releases the underlying builder.
func (b ArrayBuilder) Release() { b.b.Release() }

// MakeArrays assembles an array-layout array of n rows from its parts: the flattened
// elements, n+1 offsets into them, the validity of the rows (nil: none is NULL) and the
// shapes of the rows (nil: every row is plain; else one per row, plain ones ignored). It
// takes no ownership of elems. NULL rows should have no elements.
func MakeArrays(mem memory.Allocator, elems arrow.Array, offsets []int32, valid []bool, shapes []Shape) arrow.Array {
	n := len(offsets) - 1
	var validBuf *memory.Buffer
	nulls := 0
	if valid != nil {
		validBuf = memory.NewResizableBuffer(mem)
		validBuf.Resize((n + 7) / 8)
		bits := validBuf.Bytes()
		clear(bits)
		for i, v := range valid {
			if v {
				bits[i>>3] |= 1 << (uint(i) & 7)
			} else {
				nulls++
			}
		}
		if nulls == 0 {
			validBuf.Release()
			validBuf = nil
		}
	}
	return assembleArrays(mem, elems, offsets, validBuf, nulls, makeShapes(mem, n, valid, shapes))
}

// assembleArrays makes the struct of the array layout from its elements, offsets, row
// validity (nil: no NULLs; the reference is taken over) and shapes (taken over). The items
// list carries the rows' validity too, as Arrow expects of a struct's children.
func assembleArrays(mem memory.Allocator, elems arrow.Array, offsets []int32, validBuf *memory.Buffer, nulls int, shape arrow.ArrayData) arrow.Array {
	n := len(offsets) - 1
	dt := ArrayArrow(elems.DataType())
	offBuf := memory.NewResizableBuffer(mem)
	offBuf.Resize(4 * len(offsets))
	copy(unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(offBuf.Bytes()))), len(offsets)), offsets)
	items := array.NewData(dt.Field(0).Type, n, []*memory.Buffer{validBuf, offBuf}, []arrow.ArrayData{elems.Data()}, nulls, 0)
	offBuf.Release()
	data := array.NewData(dt, n, []*memory.Buffer{validBuf}, []arrow.ArrayData{items, shape}, nulls, 0)
	if validBuf != nil {
		validBuf.Release()
	}
	items.Release()
	shape.Release()
	out := array.MakeFromData(data)
	data.Release()
	return out
}

// makeShapes builds the shape list of n rows (NULL for NULL rows and plain shapes).
func makeShapes(mem memory.Allocator, n int, valid []bool, shapes []Shape) arrow.ArrayData {
	lb := array.NewListBuilder(mem, arrow.PrimitiveTypes.Int32)
	defer lb.Release()
	vb := lb.ValueBuilder().(*array.Int32Builder)
	for i := 0; i < n; i++ {
		if shapes == nil || shapes[i].IsPlain() || valid != nil && !valid[i] {
			lb.AppendNull()
			continue
		}
		lb.Append(true)
		s := shapes[i]
		for d := 0; d < s.NDim; d++ {
			vb.Append(s.Dims[d])
			vb.Append(s.LBounds[d])
		}
	}
	a := lb.NewArray()
	defer a.Release()
	d := a.Data()
	d.Retain()
	return d
}

// Compact returns the elements of all rows as one array starting at the first row's first
// element, and the n+1 offsets of the rows into it (rebased to start at 0). The caller
// releases the elements. Elements outside the rows (of a sliced array's other rows) are
// left out, so operations over them cannot fail on values the rows do not hold.
func (r *ArrayReader) Compact() (arrow.Array, []int32) {
	first, last := r.offs[0], r.offs[len(r.offs)-1]
	offs := make([]int32, len(r.offs))
	for i, o := range r.offs {
		offs[i] = o - first
	}
	return array.NewSlice(r.elems, int64(first), int64(last)), offs
}

// ReplaceElements returns an array with arr's rows, validity and shapes but the elements
// elems, which rows address through offsets (n+1 of them, as Compact returns). It takes no
// ownership of its arguments.
func ReplaceElements(mem memory.Allocator, arr arrow.Array, elems arrow.Array, offsets []int32) arrow.Array {
	st := arr.(*array.Struct)
	n := st.Len()
	var validBuf *memory.Buffer
	if st.NullN() > 0 {
		validBuf = memory.NewResizableBuffer(mem)
		validBuf.Resize((n + 7) / 8)
		bits := validBuf.Bytes()
		clear(bits)
		for i := 0; i < n; i++ {
			if st.IsValid(i) {
				bits[i>>3] |= 1 << (uint(i) & 7)
			}
		}
	}
	shape := st.Field(1).Data()
	shape.Retain()
	return assembleArrays(mem, elems, offsets, validBuf, st.NullN(), shape)
}

// Broadcast makes an array of n copies of the value s, a scalar of any type: arrays (whose
// scalars Arrow's own broadcast mishandles) are gathered from the value's one-row form.
func Broadcast(mem memory.Allocator, s scalar.Scalar, n int) (arrow.Array, error) {
	if ext, ok := s.(*scalar.Extension); ok {
		// arrow cannot broadcast extension scalars (and its NULL arrays of them lack the
		// storage's buffers): broadcast the storage and relabel it.
		dt := ext.DataType().(arrow.ExtensionType)
		val := ext.Value
		if !ext.IsValid() || val == nil {
			val = scalar.MakeNullScalar(dt.StorageType())
		}
		storage, err := Broadcast(mem, val, n)
		if err != nil {
			return nil, err
		}
		defer storage.Release()
		return array.NewExtensionArrayWithStorage(dt, storage), nil
	}
	if st, ok := s.(*scalar.Struct); ok && !IsArrayArrow(s.DataType()) {
		return broadcastRecord(mem, st, n)
	}
	if !s.IsValid() {
		return array.MakeArrayOfNull(mem, s.DataType(), n), nil
	}
	if !IsArrayArrow(s.DataType()) {
		return scalar.MakeArrayFromScalar(s, n, mem)
	}
	one, err := ScalarArray(mem, s)
	if err != nil {
		return nil, err
	}
	defer one.Release()
	return Take(mem, one, make([]int32, n))
}

// ScalarArray returns a one-row array holding the array value s (a scalar of the array
// layout, as scalar.GetScalar returns for a row).
func ScalarArray(mem memory.Allocator, s scalar.Scalar) (arrow.Array, error) {
	st, ok := s.(*scalar.Struct)
	if !ok || !IsArrayArrow(s.DataType()) {
		return nil, pgerror.Newf(pgcode.InternalError, "not an array value: %s", s.DataType())
	}
	if !s.IsValid() {
		return array.MakeArrayOfNull(mem, s.DataType(), 1), nil
	}
	items := st.Value[0].(*scalar.List)
	elems := items.Value
	var shapes []Shape
	if sh := st.Value[1].(*scalar.List); sh.IsValid() {
		vals := sh.Value.(*array.Int32).Int32Values()
		var s Shape
		s.NDim = len(vals) / 2
		for d := 0; d < s.NDim; d++ {
			s.Dims[d], s.LBounds[d] = vals[2*d], vals[2*d+1]
		}
		shapes = []Shape{s}
	}
	return MakeArrays(mem, elems, []int32{0, int32(elems.Len())}, nil, shapes), nil
}

package types

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Record values (see the package documentation, "Records"): rows as values, made by
// ROW(...), whole-row references and functions returning rows.

// RecordArray is the OID of record[] (_record).
const RecordArray OID = 2287

// RecordField is one field of a record type: its name and type.
type RecordField struct {
	Name string
	Type T
}

// recordShapes is the registry of anonymous record types: typmod k of record is
// shapes[k]. Readers load the slice without locking; writers append under mu.
var recordShapes struct {
	mu     sync.Mutex
	shapes atomic.Pointer[[]recordShape]
	index  map[string]int32
}

type recordShape struct {
	fields []RecordField
	arrow  *arrow.StructType
}

// RecordOf returns the type of records with fields (record with a typmod naming them). The
// same fields always give the same type.
func RecordOf(fields []RecordField) T {
	var key strings.Builder
	for _, f := range fields {
		key.WriteString(strconv.Quote(f.Name))
		key.WriteByte(' ')
		key.WriteString(strconv.FormatUint(uint64(f.Type.OID), 10))
		key.WriteByte('.')
		key.WriteString(strconv.FormatInt(int64(f.Type.Typmod), 10))
		key.WriteByte(';')
	}
	r := &recordShapes
	r.mu.Lock()
	defer r.mu.Unlock()
	if k, ok := r.index[key.String()]; ok {
		return T{Record, k}
	}
	var cur []recordShape
	if p := r.shapes.Load(); p != nil {
		cur = *p
	}
	shape := recordShape{fields: append([]RecordField(nil), fields...), arrow: recordStruct(fields)}
	next := append(cur[:len(cur):len(cur)], shape)
	k := int32(len(cur))
	if r.index == nil {
		r.index = map[string]int32{}
	}
	r.index[key.String()] = k
	r.shapes.Store(&next)
	return T{Record, k}
}

// recordStruct is the Arrow type of records with fields.
func recordStruct(fields []RecordField) *arrow.StructType {
	arrowFields := make([]arrow.Field, len(fields))
	for i, f := range fields {
		// Arrow field names are positional: SQL names may repeat, and may even spell the
		// array layout's.
		arrowFields[i] = arrow.Field{Name: "f" + strconv.Itoa(i+1), Type: f.Type.Arrow(), Nullable: true}
	}
	return arrow.StructOf(arrowFields...)
}

// RecordFields returns the fields of record type t, or of composite type t (or a domain
// over one); ok is false when t is neither a record type whose fields are known (record
// without a typmod is the pseudo-type of declarations) nor composite.
func RecordFields(t T) ([]RecordField, bool) {
	if s := recordShapeOf(t); s != nil {
		return s.fields, true
	}
	if d := BaseType(t).Type(); d != nil && d.Kind == KindComposite {
		return d.Fields, true
	}
	return nil, false
}

// IsRecord reports whether t is a record type with known fields or a composite type.
func IsRecord(t T) bool {
	_, ok := RecordFields(t)
	return ok
}

// IsComposite reports whether t is a composite type (not the anonymous record type).
func IsComposite(t T) bool {
	d := t.Type()
	return d != nil && d.Kind == KindComposite
}

func recordShapeOf(t T) *recordShape {
	if t.OID != Record || t.Typmod < 0 {
		return nil
	}
	p := recordShapes.shapes.Load()
	if p == nil || int(t.Typmod) >= len(*p) {
		return nil
	}
	return &(*p)[t.Typmod]
}

// recordArrow is the Arrow type of records: a struct of the fields for a known shape, and
// for the bare pseudo-type (which holds no values) an empty struct.
func recordArrow(typmod int32) arrow.DataType {
	if s := recordShapeOf(T{Record, typmod}); s != nil {
		return s.arrow
	}
	return arrow.StructOf()
}

// recordChildren returns the field arrays of a record array, each sliced to its rows.
func recordChildren(arr arrow.Array) []arrow.Array {
	st := arr.(*array.Struct)
	out := make([]arrow.Array, st.NumField())
	for i := range out {
		out[i] = st.Field(i)
	}
	return out
}

// recordNeedsQuotes reports whether record_out quotes a field's text.
func recordNeedsQuotes(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	for _, c := range s {
		switch c {
		case '"', '\\', '(', ')', ',', ' ', '\t', '\n', '\v', '\f', '\r':
			return true
		}
	}
	return false
}

// recordTextAppender writes records as record_out does: (f1,f2,...), a NULL field empty, a
// field quoted when empty or holding quotes, backslashes, parentheses, commas or spaces.
func recordTextAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	fields, _ := RecordFields(t)
	children := recordChildren(arr)
	apps := make([]Appender, len(children))
	for i, c := range children {
		apps[i] = TextAppender(fields[i].Type, c, s)
	}
	var buf []byte
	return func(dst []byte, row int) []byte {
		dst = append(dst, '(')
		for i, c := range children {
			if i > 0 {
				dst = append(dst, ',')
			}
			if c.IsNull(row) {
				continue
			}
			buf = apps[i](buf[:0], row)
			if !recordNeedsQuotes(buf) {
				dst = append(dst, buf...)
				continue
			}
			dst = append(dst, '"')
			for _, b := range buf {
				if b == '"' || b == '\\' {
					dst = append(dst, b)
				}
				dst = append(dst, b)
			}
			dst = append(dst, '"')
		}
		return append(dst, ')')
	}
}

// recordBinaryAppender writes records as record_send does: the number of fields, then per
// field its type OID and its value's length (-1 for NULL) and send format.
func recordBinaryAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	fields, _ := RecordFields(t)
	children := recordChildren(arr)
	apps := make([]Appender, len(children))
	for i, c := range children {
		apps[i] = BinaryAppender(fields[i].Type, c, s)
	}
	return func(dst []byte, row int) []byte {
		dst = be.AppendUint32(dst, uint32(len(children)))
		for i, c := range children {
			dst = be.AppendUint32(dst, uint32(fields[i].Type.OID))
			if c.IsNull(row) {
				dst = be.AppendUint32(dst, 0xFFFFFFFF)
				continue
			}
			at := len(dst)
			dst = be.AppendUint32(dst, 0)
			dst = apps[i](dst, row)
			be.PutUint32(dst[at:], uint32(len(dst)-at-4))
		}
		return dst
	}
}

func errRecordInput() error {
	return pgerror.New(pgcode.FeatureNotSupported, "input of anonymous composite types is not implemented")
}

// recordCompare orders records as record_cmp does: field by field, a NULL field after
// every value and equal to another NULL.
func recordCompare(a, b arrow.Array) (Comparator, error) {
	xs, ys := recordChildren(a), recordChildren(b)
	if len(xs) != len(ys) {
		return nil, pgerror.New(pgcode.DatatypeMismatch, "cannot compare record types with different numbers of columns")
	}
	cmps := make([]Comparator, len(xs))
	for k := range xs {
		c, err := NewComparator(xs[k], ys[k])
		if err != nil {
			return nil, err
		}
		cmps[k] = c
	}
	return func(i, j int) int {
		for k, c := range cmps {
			xn, yn := xs[k].IsNull(i), ys[k].IsNull(j)
			switch {
			case xn && yn:
				continue
			case xn:
				return 1
			case yn:
				return -1
			}
			if r := c(i, j); r != 0 {
				return r
			}
		}
		return 0
	}, nil
}

// MakeRecords assembles record values of type t from one array per field (all of n rows);
// valid marks the non-NULL records (nil: all). It takes no references of fields.
func MakeRecords(t T, fields []arrow.Array, valid []byte, n int) arrow.Array {
	data := make([]arrow.ArrayData, len(fields))
	for i, f := range fields {
		data[i] = f.Data()
	}
	var bufs []*memory.Buffer
	nulls := 0
	if valid != nil {
		bufs = []*memory.Buffer{memory.NewBufferBytes(valid)}
		nulls = array.UnknownNullCount
	} else {
		bufs = []*memory.Buffer{nil}
	}
	d := array.NewData(t.Arrow(), n, bufs, data, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// broadcastRecord repeats the record scalar s (of a struct type other than the array
// layout) n times; arrow's own broadcast cannot hold extension or array fields.
func broadcastRecord(mem memory.Allocator, s *scalar.Struct, n int) (arrow.Array, error) {
	st := s.DataType().(*arrow.StructType)
	fields := make([]arrow.Array, st.NumFields())
	defer func() {
		for _, f := range fields {
			if f != nil {
				f.Release()
			}
		}
	}()
	for i := range fields {
		var v scalar.Scalar
		if s.IsValid() && i < len(s.Value) {
			v = s.Value[i]
		} else {
			v = scalar.MakeNullScalar(st.Field(i).Type)
		}
		f, err := Broadcast(mem, v, n)
		if err != nil {
			return nil, err
		}
		fields[i] = f
	}
	data := make([]arrow.ArrayData, len(fields))
	for i, f := range fields {
		data[i] = f.Data()
	}
	bufs, nulls := []*memory.Buffer{nil}, 0
	if !s.IsValid() {
		vb := memory.NewResizableBuffer(mem)
		vb.Resize(int(bitutil.BytesForBits(int64(n))))
		clear(vb.Bytes())
		defer vb.Release()
		bufs[0], nulls = vb, n
	}
	d := array.NewData(st, n, bufs, data, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d), nil
}

// SQLTypmod returns t's modifier as PostgreSQL shows it to clients (RowDescription,
// atttypmod): a record type's modifier is an index of this process's registry, meaningless
// outside it, so records show -1 as PostgreSQL's anonymous records do.
func (t T) SQLTypmod() int32 {
	if t.OID == Record || t.OID == RecordArray {
		return -1
	}
	return t.Typmod
}

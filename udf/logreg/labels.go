package logreg

import (
	"math"
	"sort"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Labels are SQL values of one of four kinds: booleans, integers (int2, int4, int8),
// floats (float4, float8) and strings (text, varchar, char, name). Classes are the distinct
// labels, sorted as scikit-learn sorts them (numpy's unique: false before true, numbers
// by value, strings by code point, which is UTF-8's byte order).

// labelKind is the kind of a label type.
type labelKind uint8

const (
	kindBool labelKind = iota
	kindInt
	kindFloat
	kindText
)

// kindOf returns the kind of labels of type t, or a 42804 error for types that cannot be
// labels.
func kindOf(fn string, t types.T) (labelKind, error) {
	switch t.OID {
	case types.Bool:
		return kindBool, nil
	case types.Int2, types.Int4, types.Int8:
		return kindInt, nil
	case types.Float4, types.Float8:
		return kindFloat, nil
	case types.Text, types.Varchar, types.Bpchar, types.Name, types.Unknown, types.UnknownLit:
		return kindText, nil
	}
	return 0, pgerror.Newf(pgcode.DatatypeMismatch, "%s cannot use labels of type %s", fn, t.String()).
		WithHint("Labels may be boolean, integer, floating-point or text values.")
}

func (k labelKind) String() string {
	return [...]string{"boolean", "integer", "floating-point", "text"}[k]
}

// label is one class value; the field its kind uses is set.
type label struct {
	i int64
	f float64
	s string
}

// classIndex numbers the distinct labels of one group in order of appearance.
type classIndex struct {
	kind   labelKind
	ids    map[label]int32
	labels []label
}

func newClassIndex(kind labelKind) *classIndex {
	return &classIndex{kind: kind, ids: map[label]int32{}}
}

// id returns l's number, numbering it when new.
func (c *classIndex) id(l label) int32 {
	if id, ok := c.ids[l]; ok {
		return id
	}
	id := int32(len(c.labels))
	c.ids[l] = id
	c.labels = append(c.labels, l)
	return id
}

// sorted returns the classes in scikit-learn's order and, for each number id gave out,
// its position in that order.
func (c *classIndex) sorted() ([]label, []int32) {
	order := make([]int32, len(c.labels))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool { return c.less(c.labels[order[a]], c.labels[order[b]]) })
	classes := make([]label, len(order))
	rank := make([]int32, len(order))
	for pos, id := range order {
		classes[pos] = c.labels[id]
		rank[id] = int32(pos)
	}
	return classes, rank
}

func (c *classIndex) less(a, b label) bool {
	switch c.kind {
	case kindText:
		return a.s < b.s
	case kindFloat:
		return a.f < b.f
	}
	return a.i < b.i
}

// labelAt reads row i of a label array of the given kind (the row is not NULL).
func labelAt(arr arrow.Array, i int) label {
	switch a := arr.(type) {
	case *array.Boolean:
		if a.Value(i) {
			return label{i: 1}
		}
		return label{}
	case *array.Int16:
		return label{i: int64(a.Value(i))}
	case *array.Int32:
		return label{i: int64(a.Value(i))}
	case *array.Int64:
		return label{i: a.Value(i)}
	case *array.Float32:
		return label{f: float64(a.Value(i))}
	case *array.Float64:
		return label{f: a.Value(i)}
	case *array.String:
		return label{s: a.Value(i)}
	case *array.Binary:
		return label{s: string(a.Value(i))}
	}
	return label{}
}

// writeJSON writes l as a JSON value: a number, a string or a Boolean.
func (l label) writeJSON(w *pgjson.Writer, kind labelKind) {
	switch kind {
	case kindBool:
		w.Bool(l.i != 0)
	case kindInt:
		w.Number(strconv.AppendInt(nil, l.i, 10))
	case kindFloat:
		w.Number(strconv.AppendFloat(nil, l.f, 'g', -1, 64))
	default:
		w.String([]byte(l.s))
	}
}

// readLabel reads a class of the given kind from the model's JSON.
func readLabel(v pgjson.Value, kind labelKind) (label, bool) {
	switch kind {
	case kindBool:
		switch v.Kind() {
		case pgjson.KindTrue:
			return label{i: 1}, true
		case pgjson.KindFalse:
			return label{}, true
		}
	case kindInt:
		if v.Kind() == pgjson.KindNumber {
			n, err := strconv.ParseInt(string(v.Text()), 10, 64)
			return label{i: n}, err == nil
		}
	case kindFloat:
		if v.Kind() == pgjson.KindNumber {
			f, err := strconv.ParseFloat(string(v.Text()), 64)
			return label{f: f}, err == nil
		}
	case kindText:
		if v.Kind() == pgjson.KindString {
			return label{s: string(v.Text())}, true
		}
	}
	return label{}, false
}

// text returns l as its type's text output prints it.
func (l label) text(kind labelKind) string {
	switch kind {
	case kindBool:
		if l.i != 0 {
			return "true"
		}
		return "false"
	case kindInt:
		return strconv.FormatInt(l.i, 10)
	case kindFloat:
		return strconv.FormatFloat(l.f, 'g', -1, 64)
	}
	return l.s
}

// labelBuilder builds an array of labels of type t.
type labelBuilder struct {
	t types.T
	b array.Builder
}

func newLabelBuilder(mem memory.Allocator, t types.T) *labelBuilder {
	return &labelBuilder{t: t, b: array.NewBuilder(mem, t.Arrow())}
}

// append adds l, or fails with 22003 when it does not fit the type (an int8 class asked for
// as int2).
func (lb *labelBuilder) append(l label) error {
	switch b := lb.b.(type) {
	case *array.BooleanBuilder:
		b.Append(l.i != 0)
	case *array.Int16Builder:
		if l.i < math.MinInt16 || l.i > math.MaxInt16 {
			return pgerror.New(pgcode.NumericValueOutOfRange, "smallint out of range")
		}
		b.Append(int16(l.i))
	case *array.Int32Builder:
		if l.i < math.MinInt32 || l.i > math.MaxInt32 {
			return pgerror.New(pgcode.NumericValueOutOfRange, "integer out of range")
		}
		b.Append(int32(l.i))
	case *array.Int64Builder:
		b.Append(l.i)
	case *array.Float32Builder:
		b.Append(float32(l.f))
	case *array.Float64Builder:
		b.Append(l.f)
	case *array.StringBuilder:
		b.Append(l.s)
	case *array.BinaryBuilder:
		b.Append([]byte(l.s))
	}
	return nil
}

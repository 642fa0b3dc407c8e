package types

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Enum values are held as the OID of their pg_enum row, in Uint32 arrays, as PostgreSQL
// stores them: equality and hashing are those of the OIDs, renaming a value changes no
// stored data, and a value added later (ALTER TYPE ... ADD VALUE ... BEFORE) needs no
// renumbering of existing ones. Ordering follows the labels' sort order, so comparisons map
// OIDs to ranks first (Enum.Rank). Text and binary I/O print and read the label.

// EnumLabel is one value of an enum type: a row of pg_enum.
type EnumLabel struct {
	OID       OID     `json:"oid"`
	Label     string  `json:"label"`
	SortOrder float32 `json:"sort_order"`
	// Uncommitted marks a value added by ALTER TYPE ... ADD VALUE in the transaction whose
	// snapshot holds it, which PostgreSQL refuses to read or produce until it commits
	// (55P04). It is never persisted.
	Uncommitted bool `json:"-"`
}

// EnumLabelMaxLen is the longest label PostgreSQL accepts, in bytes (NAMEDATALEN - 1).
const EnumLabelMaxLen = 63

// Enum is the set of values of one enum type as a catalog snapshot has it, indexed for
// conversions. It is immutable.
type Enum struct {
	Type OID
	// Name is the type's name as format_type prints it, for messages.
	Name string
	// Labels are the values in sort order.
	Labels  []EnumLabel
	byLabel map[string]int32
	// ranks maps a value's OID minus minOID to its position in Labels (-1 for none). The
	// OIDs of one type's values are close together (handed out from one counter when the
	// type is created, and later ones by ADD VALUE), so a table beats a map on every
	// comparison; types whose values are spread too far use rankMap instead.
	ranks   []int32
	minOID  uint32
	rankMap map[uint32]int32
}

// maxDenseRanks bounds the rank table of an enum (entries of 4 bytes).
const maxDenseRanks = 1 << 16

// NewEnum indexes the values of enum type oid; labels must be in sort order.
func NewEnum(oid OID, name string, labels []EnumLabel) *Enum {
	e := &Enum{Type: oid, Name: name, Labels: labels, byLabel: make(map[string]int32, len(labels))}
	lo, hi := ^uint32(0), uint32(0)
	for i, l := range labels {
		e.byLabel[l.Label] = int32(i)
		lo, hi = min(lo, uint32(l.OID)), max(hi, uint32(l.OID))
	}
	if len(labels) == 0 {
		return e
	}
	if hi-lo < maxDenseRanks {
		e.minOID, e.ranks = lo, make([]int32, hi-lo+1)
		for i := range e.ranks {
			e.ranks[i] = -1
		}
		for i, l := range labels {
			e.ranks[uint32(l.OID)-lo] = int32(i)
		}
		return e
	}
	e.rankMap = make(map[uint32]int32, len(labels))
	for i, l := range labels {
		e.rankMap[uint32(l.OID)] = int32(i)
	}
	return e
}

// Rank returns the position of value v (a label's OID) in sort order, and false for an OID
// that is not one of the type's values.
func (e *Enum) Rank(v uint32) (int, bool) {
	if e.rankMap != nil {
		r, ok := e.rankMap[v]
		return int(r), ok
	}
	if i := v - e.minOID; i < uint32(len(e.ranks)) && e.ranks[i] >= 0 {
		return int(e.ranks[i]), true
	}
	return 0, false
}

// Label returns the label of value v.
func (e *Enum) Label(v uint32) (string, bool) {
	if r, ok := e.Rank(v); ok {
		return e.Labels[r].Label, true
	}
	return "", false
}

// RankArray maps an array of values to their positions in sort order: an Int32 array with
// arr's nulls, so that values of the type compare as their ranks do. A value the type does
// not have (which only a concurrent DROP TYPE could leave) ranks after all others.
func (e *Enum) RankArray(arr *array.Uint32, mem memory.Allocator) arrow.Array {
	n := arr.Len()
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(n * 4)
	out := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), n)
	for i, v := range arr.Uint32Values() {
		r, ok := e.Rank(v)
		if !ok {
			r = len(e.Labels)
		}
		out[i] = int32(r)
	}
	var valid *memory.Buffer
	if arr.NullN() > 0 {
		valid = memory.NewResizableBuffer(mem)
		valid.Resize(int(bitutil.BytesForBits(int64(n))))
		bitutil.CopyBitmap(arr.NullBitmapBytes(), arr.Data().Offset(), n, valid.Bytes(), 0)
	}
	data := array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{valid, buf}, nil, arr.NullN(), 0)
	defer data.Release()
	buf.Release()
	if valid != nil {
		valid.Release()
	}
	return array.MakeFromData(data)
}

// Find returns the value labelled label.
func (e *Enum) Find(label string) (EnumLabel, bool) {
	if r, ok := e.byLabel[label]; ok {
		return e.Labels[r], true
	}
	return EnumLabel{}, false
}

// CheckSafe returns PostgreSQL's error for reading or producing l in the transaction that
// added it (55P04), and nil for every committed value.
func (e *Enum) CheckSafe(l EnumLabel) error {
	if !l.Uncommitted {
		return nil
	}
	return pgerror.Newf(pgcode.UnsafeNewEnumValueUsage, "unsafe use of new value \"%s\" of enum type %s", l.Label, e.Name).
		WithHint("New enum values must be committed before they can be used.")
}

// Parse returns the value of label, as enum_in reads it: 22P02 for a label the type does
// not have, 55P04 for one added by the current transaction.
func (e *Enum) Parse(label string) (uint32, error) {
	l, ok := e.Find(label)
	if !ok {
		return 0, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input value for enum %s: \"%s\"", e.Name, label)
	}
	if err := e.CheckSafe(l); err != nil {
		return 0, err
	}
	return uint32(l.OID), nil
}

// RankArrays maps arrays of the type's values (the array layout, ArrayArrow) to arrays of
// their ranks, with the same shapes and NULLs, so that arrays of the type order as
// PostgreSQL orders them, element by element in the enum's order.
func (e *Enum) RankArrays(arr arrow.Array, mem memory.Allocator) arrow.Array {
	r := ReadArrays(arr)
	elems, offsets := r.Compact()
	defer elems.Release()
	ranks := e.RankArray(elems.(*array.Uint32), mem)
	defer ranks.Release()
	return ReplaceElements(mem, arr, ranks, offsets)
}

// enumOf finds the values of enum type t through s, or explains why it cannot.
func enumOf(t T, s *IOSettings) (*Enum, error) {
	if s == nil || s.Types == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "no catalog to read values of type %s", t)
	}
	e := s.Types.Enum(t.OID)
	if e == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", t.OID)
	}
	return e, nil
}

// enumTextAppender prints the label of each value. A value the snapshot does not know
// (which a concurrent DROP TYPE could leave) prints as its OID.
func enumTextAppender(t T, a *array.Uint32, s *IOSettings) Appender {
	v := a.Uint32Values()
	e, _ := enumOf(t, s)
	return func(dst []byte, i int) []byte {
		if e != nil {
			if l, ok := e.Label(v[i]); ok {
				return append(dst, l...)
			}
		}
		return appendUint(dst, v[i])
	}
}

// enumParser reads labels, in text and in binary (enum_recv takes the label's bytes too).
func enumParser(t T, s *IOSettings) TextParser {
	e, err := enumOf(t, s)
	return func(b array.Builder, text []byte) error {
		if err != nil {
			return err
		}
		v, err := e.Parse(string(text))
		if err == nil {
			b.(*array.Uint32Builder).Append(v)
		}
		return err
	}
}

// IsEnum reports whether oid is an enum type.
func IsEnum(oid OID) bool {
	d := ByOID(oid)
	return d != nil && d.Kind == KindEnum
}

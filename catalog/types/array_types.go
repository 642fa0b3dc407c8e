package types

import (
	"github.com/apache/arrow/go/v17/arrow"
)

// The array types: one per element type (pg_type rows with typelem and typcategory 'A'),
// made here from the element type's descriptor, plus the polymorphic pseudo-types that
// functions over arrays are declared with.

// OIDs of the polymorphic pseudo-types beyond anyelement and anyarray.
const (
	Internal              OID = 2281
	AnyNonArray           OID = 2776
	AnyCompatible         OID = 5077
	AnyCompatibleArray    OID = 5078
	AnyCompatibleNonArray OID = 5079
)

// OIDs of the array types of the built-in types (each element type's ArrayOID).
const (
	BoolArray        OID = 1000
	ByteaArray       OID = 1001
	CharArray        OID = 1002
	NameArray        OID = 1003
	Int2Array        OID = 1005
	Int2VectorArray  OID = 1006
	Int4Array        OID = 1007
	TextArray        OID = 1009
	OidVectorArray   OID = 1013
	BpcharArray      OID = 1014
	VarcharArray     OID = 1015
	Int8Array        OID = 1016
	Float4Array      OID = 1021
	Float8Array      OID = 1022
	OidArray         OID = 1028
	AclitemArray     OID = 1034
	TimestampArray   OID = 1115
	DateArray        OID = 1182
	TimeArray        OID = 1183
	TimestamptzArray OID = 1185
	IntervalArray    OID = 1187
	NumericArray     OID = 1231
	CstringArray     OID = 1263
	RegclassArray    OID = 2210
	RegtypeArray     OID = 2211
)

var pseudoTypes = []*Type{
	{OID: Internal, Name: "internal", SQLName: "internal", Len: 8, ByVal: true, Category: CatPseudo, Align: 'd'},
	{OID: AnyArray, Name: "anyarray", SQLName: "anyarray", Len: -1, Category: CatPseudo, Align: 'd'},
	{OID: AnyNonArray, Name: "anynonarray", SQLName: "anynonarray", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
	{OID: AnyEnum, Name: "anyenum", SQLName: "anyenum", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
	{OID: AnyCompatible, Name: "anycompatible", SQLName: "anycompatible", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
	{OID: AnyCompatibleArray, Name: "anycompatiblearray", SQLName: "anycompatiblearray", Len: -1, Category: CatPseudo, Align: 'd'},
	{OID: AnyCompatibleNonArray, Name: "anycompatiblenonarray", SQLName: "anycompatiblenonarray", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
}

// IOFuncNames returns the names of the functions pg_type lists for type oid as typinput,
// typoutput, typreceive, typsend, typanalyze and typsubscript, for the types whose
// functions are in the function registry (arrays, int2vector and oidvector, and the
// polymorphic pseudo-types); the others are empty. Clients recognise array types by
// typinput = 'array_in'::regproc.
func IOFuncNames(oid OID) [6]string {
	switch oid {
	case Int2Vector:
		return [6]string{"int2vectorin", "int2vectorout", "int2vectorrecv", "int2vectorsend", "", "array_subscript_handler"}
	case OidVector:
		return [6]string{"oidvectorin", "oidvectorout", "oidvectorrecv", "oidvectorsend", "", "array_subscript_handler"}
	case AnyArray, AnyCompatibleArray:
		n := ByOID(oid).Name
		return [6]string{n + "_in", n + "_out", n + "_recv", n + "_send"}
	case AnyElement, AnyNonArray, AnyEnum, AnyCompatible, AnyCompatibleNonArray, Internal:
		n := ByOID(oid).Name
		return [6]string{n + "_in", n + "_out"}
	}
	if IsArray(oid) {
		return [6]string{"array_in", "array_out", "array_recv", "array_send", "array_typanalyze", "array_subscript_handler"}
	}
	return [6]string{}
}

// IsPolymorphic reports whether oid is one of the polymorphic pseudo-types (anyelement,
// anyarray, anynonarray, anyenum, anycompatible, ...), which a function's declaration uses
// to stand for the actual types of a call.
func IsPolymorphic(oid OID) bool {
	switch oid {
	case AnyElement, AnyArray, AnyNonArray, AnyEnum, AnyCompatible, AnyCompatibleArray, AnyCompatibleNonArray:
		return true
	}
	return false
}

// NewArrayType describes the array type with OID oid whose elements are of type elem, as
// PostgreSQL's pg_type row for it reads: named _elem, category 'A', variable length,
// aligned as its elements need. Its values are held in the array layout (ArrayArrow) over
// the element type's Arrow type, looked up when needed, so the element type may be one
// registered after this call (a user-defined type). The caller sets elem.ArrayOID.
func NewArrayType(oid OID, elem *Type) *Type {
	align := byte('i')
	if elem.Align == 'd' {
		align = 'd'
	}
	e := elem.OID
	return &Type{OID: oid, Name: "_" + elem.Name, SQLName: elem.SQLName + "[]", Len: -1, Category: CatArray, Align: align, Elem: e,
		arrow: func(typmod int32) arrow.DataType { return ArrayArrow(T{e, typmod}.Arrow()) }}
}

// vectorOf describes int2vector or oidvector: one-dimensional arrays of elem counted from 0,
// with a text form of their own ("1 2 3").
func vectorOf(oid, arr OID, name string, elem OID, elemArrow arrow.DataType) *Type {
	return &Type{OID: oid, Name: name, SQLName: name, Len: -1, Category: CatArray, Align: 'i', ArrayOID: arr, Elem: elem,
		arrow: fixed(ArrayArrow(elemArrow))}
}

// IsVector reports whether oid is int2vector or oidvector.
func IsVector(oid OID) bool { return oid == Int2Vector || oid == OidVector }

// arrayTypes makes the array type of every type in ts that names one (ArrayOID) without
// describing it.
func arrayTypes(ts []*Type) []*Type {
	have := map[OID]bool{}
	for _, t := range ts {
		have[t.OID] = true
	}
	var out []*Type
	for _, t := range ts {
		if t.ArrayOID != 0 && !have[t.ArrayOID] {
			out = append(out, NewArrayType(t.ArrayOID, t))
		}
	}
	return out
}

// ArrayOf returns the array type whose elements are elem, or nil.
func ArrayOf(elem OID) *Type {
	if e := ByOID(elem); e != nil && e.ArrayOID != 0 {
		return ByOID(e.ArrayOID)
	}
	return nil
}

// IsArray reports whether values of oid are arrays: the array types, int2vector and
// oidvector, and domains over them.
func IsArray(oid OID) bool {
	_, ok := ElemType(Of(oid))
	return ok
}

// ElemType returns the element type of the array type t (or of the array a domain t is
// over), with t's modifier (which applies to the elements: varchar(5)[] holds varchar(5)
// values), or false when t is not an array type.
func ElemType(t T) (T, bool) {
	d := ByOID(t.OID)
	if d != nil && d.Kind == KindDomain {
		t = BaseType(t)
		d = ByOID(t.OID)
	}
	if d == nil || d.Category != CatArray || d.Elem == 0 {
		return T{}, false
	}
	return T{d.Elem, t.Typmod}, true
}

// ArrayType returns the array type whose elements are of type elem, the modifier kept
// (numeric(10,2) gives numeric(10,2)[]), or false when elem has none.
func ArrayType(elem T) (T, bool) {
	a := ArrayOf(elem.OID)
	if a == nil {
		return T{}, false
	}
	return T{a.OID, elem.Typmod}, true
}

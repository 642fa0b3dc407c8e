package types

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
)

// OID is a PostgreSQL object identifier.
type OID uint32

// OIDs of the built-in types, as in PostgreSQL's pg_type.dat.
const (
	Unknown     OID = 0 // no type yet decided
	Bool        OID = 16
	Bytea       OID = 17
	Char        OID = 18 // "char": one byte, not character(n)
	Name        OID = 19
	Int8        OID = 20
	Int2        OID = 21
	Int4        OID = 23
	Text        OID = 25
	Oid         OID = 26
	Float4      OID = 700
	Float8      OID = 701
	UnknownLit  OID = 705 // the type of an undecorated string literal
	Bpchar      OID = 1042
	Varchar     OID = 1043
	Date        OID = 1082
	Time        OID = 1083
	Timestamp   OID = 1114
	Timestamptz OID = 1184
	Interval    OID = 1186
	Numeric     OID = 1700
	Void        OID = 2278
	Record      OID = 2249
	AnyElement  OID = 2283
	Any         OID = 2276
)

// Category is PostgreSQL's typcategory: it groups types for implicit casts and overload
// resolution.
type Category byte

// Type categories, as in pg_type.typcategory.
const (
	CatBool     Category = 'B'
	CatNumeric  Category = 'N'
	CatString   Category = 'S'
	CatDateTime Category = 'D'
	CatTimespan Category = 'T'
	CatUnknown  Category = 'X'
	CatUser     Category = 'U'
	CatPseudo   Category = 'P'
	CatArray    Category = 'A'
	CatInternal Category = 'Z'
)

// Type describes one data type.
type Type struct {
	OID       OID
	Name      string // name as in pg_type.typname
	SQLName   string // name as format_type prints it ("integer", "character varying")
	Len       int16  // typlen: bytes, or -1 for variable length
	ByVal     bool
	Category  Category
	Preferred bool // typispreferred
	Align     byte
	ArrayOID  OID
	// Elem is typelem: the element type of an array type (and of int2vector, oidvector).
	Elem OID
	// Kind is typtype: base, pseudo, or for types created by DDL enum or domain (user.go).
	Kind TypeKind
	// Base is a domain's base type and modifier (typbasetype, typtypmod).
	Base T
	// Fields are a composite type's attributes, in order.
	Fields []RecordField
	// arrow returns the Arrow type that holds values of this type with modifier typmod.
	arrow func(typmod int32) arrow.DataType
}

// TimestamptzZone is the time zone recorded on Arrow timestamp arrays holding timestamptz.
// Values are always UTC instants; the session TimeZone only affects text I/O.
const TimestamptzZone = "UTC"

func fixed(dt arrow.DataType) func(int32) arrow.DataType {
	return func(int32) arrow.DataType { return dt }
}

var builtin = append([]*Type{
	{OID: Bool, Name: "bool", SQLName: "boolean", Len: 1, ByVal: true, Category: CatBool, Preferred: true, Align: 'c', ArrayOID: 1000, arrow: fixed(arrow.FixedWidthTypes.Boolean)},
	{OID: Bytea, Name: "bytea", SQLName: "bytea", Len: -1, Category: CatUser, Align: 'i', ArrayOID: 1001, arrow: fixed(arrow.BinaryTypes.Binary)},
	{OID: Char, Name: "char", SQLName: "\"char\"", Len: 1, ByVal: true, Category: CatInternal, Align: 'c', ArrayOID: 1002, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Name, Name: "name", SQLName: "name", Len: 64, Category: CatString, Align: 'c', ArrayOID: 1003, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Int8, Name: "int8", SQLName: "bigint", Len: 8, ByVal: true, Category: CatNumeric, Align: 'd', ArrayOID: 1016, arrow: fixed(arrow.PrimitiveTypes.Int64)},
	{OID: Int2, Name: "int2", SQLName: "smallint", Len: 2, ByVal: true, Category: CatNumeric, Align: 's', ArrayOID: 1005, arrow: fixed(arrow.PrimitiveTypes.Int16)},
	{OID: Int4, Name: "int4", SQLName: "integer", Len: 4, ByVal: true, Category: CatNumeric, Align: 'i', ArrayOID: 1007, arrow: fixed(arrow.PrimitiveTypes.Int32)},
	{OID: Text, Name: "text", SQLName: "text", Len: -1, Category: CatString, Preferred: true, Align: 'i', ArrayOID: 1009, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Oid, Name: "oid", SQLName: "oid", Len: 4, ByVal: true, Category: CatNumeric, Align: 'i', ArrayOID: 1028, arrow: fixed(arrow.PrimitiveTypes.Uint32)},
	{OID: Float4, Name: "float4", SQLName: "real", Len: 4, ByVal: true, Category: CatNumeric, Align: 'i', ArrayOID: 1021, arrow: fixed(arrow.PrimitiveTypes.Float32)},
	{OID: Float8, Name: "float8", SQLName: "double precision", Len: 8, ByVal: true, Category: CatNumeric, Preferred: true, Align: 'd', ArrayOID: 1022, arrow: fixed(arrow.PrimitiveTypes.Float64)},
	{OID: UnknownLit, Name: "unknown", SQLName: "unknown", Len: -2, Category: CatUnknown, Align: 'c', arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Bpchar, Name: "bpchar", SQLName: "character", Len: -1, Category: CatString, Align: 'i', ArrayOID: 1014, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Varchar, Name: "varchar", SQLName: "character varying", Len: -1, Category: CatString, Align: 'i', ArrayOID: 1015, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: Date, Name: "date", SQLName: "date", Len: 4, ByVal: true, Category: CatDateTime, Align: 'i', ArrayOID: 1182, arrow: fixed(arrow.FixedWidthTypes.Date32)},
	{OID: Time, Name: "time", SQLName: "time without time zone", Len: 8, ByVal: true, Category: CatDateTime, Align: 'd', ArrayOID: 1183, arrow: fixed(arrow.FixedWidthTypes.Time64us)},
	{OID: Timestamp, Name: "timestamp", SQLName: "timestamp without time zone", Len: 8, ByVal: true, Category: CatDateTime, Align: 'd', ArrayOID: 1115, arrow: fixed(&arrow.TimestampType{Unit: arrow.Microsecond})},
	{OID: Timestamptz, Name: "timestamptz", SQLName: "timestamp with time zone", Len: 8, ByVal: true, Category: CatDateTime, Preferred: true, Align: 'd', ArrayOID: 1185, arrow: fixed(&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: TimestamptzZone})},
	{OID: Interval, Name: "interval", SQLName: "interval", Len: 16, Category: CatTimespan, Preferred: true, Align: 'd', ArrayOID: 1187, arrow: fixed(arrow.FixedWidthTypes.MonthDayNanoInterval)},
	{OID: Numeric, Name: "numeric", SQLName: "numeric", Len: -1, Category: CatNumeric, Align: 'i', ArrayOID: 1231, arrow: fixed(NumericArrowType)},
	{OID: Void, Name: "void", SQLName: "void", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i', arrow: fixed(arrow.Null)},
	{OID: Record, Name: "record", SQLName: "record", Len: -1, Category: CatPseudo, Align: 'd', ArrayOID: RecordArray, arrow: recordArrow},
	{OID: AnyElement, Name: "anyelement", SQLName: "anyelement", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
	{OID: Any, Name: "any", SQLName: "\"any\"", Len: 4, ByVal: true, Category: CatPseudo, Align: 'i'},
	{OID: UUID, Name: "uuid", SQLName: "uuid", Len: 16, Category: CatUser, Align: 'c', ArrayOID: UUIDArray, arrow: fixed(UUIDArrowType)},
	{OID: JSON, Name: "json", SQLName: "json", Len: -1, Category: CatUser, Align: 'i', ArrayOID: JSONArray, arrow: fixed(arrow.BinaryTypes.String)},
	{OID: JSONB, Name: "jsonb", SQLName: "jsonb", Len: -1, Category: CatUser, Align: 'i', ArrayOID: JSONBArray, arrow: fixed(JSONBArrowType)},
	{OID: JSONPath, Name: "jsonpath", SQLName: "jsonpath", Len: -1, Category: CatUser, Align: 'i', ArrayOID: JSONPathArray, arrow: fixed(arrow.BinaryTypes.String)},
}, catalogTypes...)

var (
	byOID  = map[OID]*Type{}
	byName = map[string]*Type{}
)

// aliases maps the SQL spellings the grammar produces (after pg_query's normalisation, such as
// "pg_catalog.int4") and the common SQL names onto pg_type names.
var aliases = map[string]string{
	"int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8",
	"real": "float4", "float": "float8", "double precision": "float8",
	"boolean": "bool", "decimal": "numeric", "character varying": "varchar",
	"character": "bpchar", "string": "text",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time",
}

func init() {
	builtin = append(builtin, arrayTypes(builtin)...)
	for _, t := range builtin {
		t.Kind = KindBase
		if t.Category == CatPseudo {
			t.Kind = KindPseudo
		}
		byOID[t.OID] = t
		byName[t.Name] = t
	}
	for alias, name := range aliases {
		byName[alias] = byName[name]
	}
}

// IsBuiltin reports whether oid is a built-in type, whose descriptor never changes (user
// types come and go with DDL).
func IsBuiltin(oid OID) bool { return byOID[oid] != nil }

// All returns every built-in type, ordered by OID of definition.
func All() []*Type { return builtin }

// ByOID returns the built-in or user type with the given OID, or nil.
func ByOID(oid OID) *Type {
	if d := byOID[oid]; d != nil {
		return d
	}
	return userType(oid)
}

// ByName returns the built-in type with the given name or alias (case-insensitive), or
// nil. Types created by DDL are found by name in the catalog snapshot.
func ByName(name string) *Type { return byName[strings.ToLower(name)] }

// T is a reference to a type plus its modifier, as carried by columns and expressions.
// Typmod is -1 when the type has no modifier.
type T struct {
	OID    OID
	Typmod int32
}

// Common type references without modifiers.
var (
	TUnknown     = T{Unknown, -1}
	TBool        = T{Bool, -1}
	TInt2        = T{Int2, -1}
	TInt4        = T{Int4, -1}
	TInt8        = T{Int8, -1}
	TFloat4      = T{Float4, -1}
	TFloat8      = T{Float8, -1}
	TNumeric     = T{Numeric, -1}
	TText        = T{Text, -1}
	TVarchar     = T{Varchar, -1}
	TDate        = T{Date, -1}
	TTimestamp   = T{Timestamp, -1}
	TTimestamptz = T{Timestamptz, -1}
	TUnknownLit  = T{UnknownLit, -1}
	TOid         = T{Oid, -1}
	TName        = T{Name, -1}
	TInterval    = T{Interval, -1}
)

// Of returns a T for oid without modifier.
func Of(oid OID) T { return T{oid, -1} }

// Type returns the descriptor, or nil for an unknown OID.
func (t T) Type() *Type { return ByOID(t.OID) }

// Arrow returns the Arrow type that holds values of t in the executor.
func (t T) Arrow() arrow.DataType {
	d := ByOID(t.OID)
	if d == nil || d.arrow == nil {
		return arrow.BinaryTypes.String
	}
	return d.arrow(t.Typmod)
}

// String returns the type as format_type prints it, modifier included.
func (t T) String() string {
	d := ByOID(t.OID)
	if d == nil {
		return fmt.Sprintf("type %d", t.OID)
	}
	if d.Category == CatArray && d.Elem != 0 && !IsVector(t.OID) {
		return T{d.Elem, t.Typmod}.String() + "[]"
	}
	switch t.OID {
	case Numeric:
		if p, s, ok := NumericTypmod(t.Typmod); ok {
			return fmt.Sprintf("numeric(%d,%d)", p, s)
		}
	case Varchar, Bpchar:
		if t.Typmod >= 4 {
			return fmt.Sprintf("%s(%d)", d.SQLName, t.Typmod-4)
		}
	case Interval:
		return d.SQLName + intervalTypmodString(t.Typmod)
	case Time, Timestamp, Timestamptz:
		if t.Typmod >= 0 {
			// The precision goes after the base name: timestamp(2) with time zone.
			base, zone, _ := strings.Cut(d.SQLName, " ")
			return fmt.Sprintf("%s(%d) %s", base, t.Typmod, zone)
		}
	}
	return d.SQLName
}

// Category returns the type's category, or CatUser for unknown OIDs.
func (t T) Category() Category {
	if d := ByOID(t.OID); d != nil {
		return d.Category
	}
	return CatUser
}

// Len returns typlen for the wire's RowDescription.
func (t T) Len() int16 {
	if d := ByOID(t.OID); d != nil {
		return d.Len
	}
	return -1
}

// NumericMaxPrecision is the largest precision numeric(p,s) accepts, as in PostgreSQL.
const NumericMaxPrecision = 1000

// MakeNumericTypmod encodes numeric(precision, scale) as PostgreSQL does.
func MakeNumericTypmod(precision, scale int32) int32 { return (precision<<16 | scale&0xffff) + 4 }

// NumericTypmod decodes a numeric typmod into precision and scale.
func NumericTypmod(typmod int32) (precision, scale int32, ok bool) {
	if typmod < 4 {
		return 0, 0, false
	}
	v := typmod - 4
	return v >> 16 & 0xffff, int32(int16(v & 0xffff)), true
}

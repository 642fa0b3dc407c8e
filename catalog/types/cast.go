package types

// CoercionContext is the context a cast is applied in, as pg_cast.castcontext classifies
// casts: an implicit cast may be inserted anywhere, an assignment cast only when storing into
// a column (INSERT, UPDATE), and an explicit cast only when written (CAST, ::).
type CoercionContext uint8

// The coercion contexts, from most to least permissive of the casts they allow.
const (
	Explicit CoercionContext = iota
	Assignment
	Implicit
)

// String returns the context as pg_cast spells it: e, a or i.
func (c CoercionContext) String() string { return string("eai"[c]) }

// CastMethod says how a cast is carried out (pg_cast.castmethod).
type CastMethod uint8

// Cast methods.
const (
	CastFunction CastMethod = 'f' // a conversion function
	CastBinary   CastMethod = 'b' // the representations are compatible: no work
	CastInOut    CastMethod = 'i' // through the source's output and the target's input function
)

// Cast is one entry of the cast table.
type Cast struct {
	Context CoercionContext // the least permissive context the cast is allowed in
	Method  CastMethod
}

type castKey struct{ from, to OID }

// castTable holds pg_cast's rows among the built-in types (PostgreSQL 15).
var castTable = map[castKey]Cast{
	{Int8, Float8}: {Implicit, CastFunction}, {Int8, Int4}: {Assignment, CastFunction},
	{Int8, Numeric}: {Implicit, CastFunction}, {Int8, Oid}: {Implicit, CastFunction},
	{Int8, Float4}: {Implicit, CastFunction}, {Int8, Int2}: {Assignment, CastFunction},
	{Bool, Bpchar}: {Assignment, CastFunction}, {Bool, Varchar}: {Assignment, CastFunction},
	{Bool, Int4}: {Explicit, CastFunction}, {Bool, Text}: {Assignment, CastFunction},
	{Bpchar, Bpchar}: {Implicit, CastFunction}, {Bpchar, Varchar}: {Implicit, CastFunction},
	{Bpchar, Name}: {Implicit, CastFunction}, {Bpchar, Text}: {Implicit, CastFunction},
	{Varchar, Bpchar}: {Implicit, CastBinary}, {Varchar, Varchar}: {Implicit, CastFunction},
	{Varchar, Name}: {Implicit, CastFunction}, {Varchar, Text}: {Implicit, CastBinary},
	{Date, Timestamptz}: {Implicit, CastFunction}, {Date, Timestamp}: {Implicit, CastFunction},
	{Float8, Int8}: {Assignment, CastFunction}, {Float8, Int4}: {Assignment, CastFunction},
	{Float8, Numeric}: {Assignment, CastFunction}, {Float8, Float4}: {Assignment, CastFunction},
	{Float8, Int2}: {Assignment, CastFunction},
	{Int4, Int8}:   {Implicit, CastFunction}, {Int4, Bool}: {Explicit, CastFunction},
	{Int4, Float8}: {Implicit, CastFunction}, {Int4, Numeric}: {Implicit, CastFunction},
	{Int4, Oid}: {Implicit, CastBinary}, {Int4, Float4}: {Implicit, CastFunction},
	{Int4, Int2}:         {Assignment, CastFunction},
	{Interval, Interval}: {Implicit, CastFunction}, {Interval, Time}: {Assignment, CastFunction},
	{Name, Bpchar}: {Assignment, CastFunction}, {Name, Varchar}: {Assignment, CastFunction},
	{Name, Text}:    {Implicit, CastFunction},
	{Numeric, Int8}: {Assignment, CastFunction}, {Numeric, Float8}: {Implicit, CastFunction},
	{Numeric, Int4}: {Assignment, CastFunction}, {Numeric, Numeric}: {Implicit, CastFunction},
	{Numeric, Float4}: {Implicit, CastFunction}, {Numeric, Int2}: {Assignment, CastFunction},
	{Oid, Int8}: {Assignment, CastFunction}, {Oid, Int4}: {Assignment, CastBinary},
	{Float4, Int8}: {Assignment, CastFunction}, {Float4, Float8}: {Implicit, CastFunction},
	{Float4, Int4}: {Assignment, CastFunction}, {Float4, Numeric}: {Assignment, CastFunction},
	{Float4, Int2}: {Assignment, CastFunction},
	{Int2, Int8}:   {Implicit, CastFunction}, {Int2, Float8}: {Implicit, CastFunction},
	{Int2, Int4}: {Implicit, CastFunction}, {Int2, Numeric}: {Implicit, CastFunction},
	{Int2, Oid}: {Implicit, CastFunction}, {Int2, Float4}: {Implicit, CastFunction},
	{Text, Bpchar}: {Implicit, CastBinary}, {Text, Varchar}: {Implicit, CastBinary},
	{Text, Name}:     {Implicit, CastFunction},
	{Time, Interval}: {Implicit, CastFunction}, {Time, Time}: {Implicit, CastFunction},
	{Timestamptz, Date}: {Assignment, CastFunction}, {Timestamptz, Time}: {Assignment, CastFunction},
	{Timestamptz, Timestamptz}: {Implicit, CastFunction}, {Timestamptz, Timestamp}: {Assignment, CastFunction},
	{Timestamp, Date}: {Assignment, CastFunction}, {Timestamp, Time}: {Assignment, CastFunction},
	{Timestamp, Timestamptz}: {Implicit, CastFunction}, {Timestamp, Timestamp}: {Implicit, CastFunction},
	{Char, Text}: {Implicit, CastFunction}, {Char, Bpchar}: {Assignment, CastFunction},
	{Char, Varchar}: {Assignment, CastFunction}, {Char, Int4}: {Explicit, CastFunction},
	{Text, Char}: {Assignment, CastFunction}, {Bpchar, Char}: {Assignment, CastFunction},
	{Varchar, Char}: {Assignment, CastFunction}, {Int4, Char}: {Explicit, CastFunction},
}

// isStringType reports the string category types, the ones I/O conversion casts go to and
// come from.
func isStringType(oid OID) bool {
	switch oid {
	case Text, Varchar, Bpchar, Name:
		return true
	}
	return false
}

// LookupCast returns how a value of type from converts to type to, as find_coercion_pathway
// decides: a pg_cast entry if there is one; otherwise an I/O conversion cast, which is an
// assignment cast when the target is a string type and explicit when the source is one.
// Casting a type to itself is an implicit no-op. An unknown-type literal converts implicitly
// to anything through the target's input function.
func LookupCast(from, to OID) (Cast, bool) {
	if d := ByOID(from); d != nil && d.Kind == KindDomain {
		// A domain converts as its base type does, and to the base type itself for free.
		return LookupCast(d.Base.OID, to)
	}
	if d := ByOID(to); d != nil && d.Kind == KindDomain {
		if from == d.Base.OID {
			return Cast{Implicit, CastBinary}, true
		}
		return LookupCast(from, d.Base.OID)
	}
	if c, ok := castTable[castKey{from, to}]; ok {
		return c, true
	}
	if from != to && IsArray(from) && IsArray(to) {
		return arrayCast(from, to)
	}
	switch {
	case from == to:
		return Cast{Implicit, CastBinary}, true
	case from == UnknownLit || from == Unknown:
		return Cast{Implicit, CastInOut}, true
	case from == Record && IsComposite(Of(to)):
		// Field by field, each field converted as an assignment would (castRecord).
		return Cast{Implicit, CastFunction}, true
	case to == Record && IsComposite(Of(from)):
		// A composite value is a record whose fields are known.
		return Cast{Implicit, CastBinary}, true
	case from == Record && isStringType(to):
		// record_out; the other way, record_in refuses anonymous records.
		return Cast{Assignment, CastInOut}, true
	case to == Record && isStringType(from):
		return Cast{Explicit, CastInOut}, true
	case from == Void && isStringType(to):
		// void_out's empty string, as PostgreSQL's I/O conversion casts.
		return Cast{Assignment, CastInOut}, true
	case to == Void || to == Record || to == AnyElement || to == Any || to == AnyEnum || to == UnknownLit || to == Unknown:
		return Cast{}, false
	case from == Void || from == Record || from == AnyElement || from == Any || from == AnyEnum:
		return Cast{}, false
	case isStringType(to):
		return Cast{Assignment, CastInOut}, true
	case isStringType(from):
		return Cast{Explicit, CastInOut}, true
	}
	return Cast{}, false
}

// CanCast reports whether a value of type from may be converted to type to in context ctx.
func CanCast(from, to OID, ctx CoercionContext) bool {
	c, ok := LookupCast(from, to)
	return ok && c.Context >= ctx
}

// IsPreferred reports whether t is the preferred type of its category (typispreferred), which
// overload resolution favours when candidates tie.
func (t T) IsPreferred() bool {
	if d := ByOID(t.OID); d != nil {
		return d.Preferred
	}
	return false
}

// PreferredType returns the preferred type of a category, or Unknown if it has none.
func PreferredType(c Category) OID {
	switch c {
	case CatBool:
		return Bool
	case CatNumeric:
		return Float8
	case CatString:
		return Text
	case CatDateTime:
		return Timestamptz
	case CatTimespan:
		return Interval
	}
	return Unknown
}

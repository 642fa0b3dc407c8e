package types

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
)

// Types created by DDL (CREATE TYPE, CREATE DOMAIN) live in the catalog snapshot like tables,
// with their names, an enum's labels and a domain's constraints, all of which change
// transactionally. What never changes for the life of such a type's OID is its structure:
// what kind of type it is, how its values are held in Arrow arrays, its array type and
// element, a domain's base type. That structure is registered here, by OID, so that ByOID
// and T's methods (Arrow, Category, Len, String) serve user types as they serve built-in
// ones, without a catalog at hand: every operator and function that builds an array of a
// type's values needs its Arrow type, and most have no catalog. Everything that can change
// (labels, sort order, names for display) is read from the statement's snapshot instead,
// through UserTypes.
//
// A type's structure is registered when a catalog snapshot first holds the type (CREATE
// TYPE, or loading a data directory) and stays registered after a rollback or DROP TYPE,
// which is harmless because OIDs are never reused. To keep OIDs unique across the several
// stores a test process may open, stores hand out OIDs above NextUserOID.

// TypeKind is pg_type.typtype.
type TypeKind byte

// Type kinds.
const (
	KindBase      TypeKind = 'b'
	KindEnum      TypeKind = 'e'
	KindDomain    TypeKind = 'd'
	KindComposite TypeKind = 'c'
	KindRange     TypeKind = 'r'
	KindPseudo    TypeKind = 'p'
)

// CatEnum is the category of enum types (typcategory 'E').
const CatEnum Category = 'E'

// CatComposite is the category of composite types (typcategory 'C').
const CatComposite Category = 'C'

// AnyEnum is the pseudo-type anyenum, which functions over every enum type declare.
const AnyEnum OID = 3500

// userTypes maps the OIDs of registered user types to their structure. Readers load the
// map without locking; writers copy it under userMu.
var (
	userTypes   atomic.Pointer[map[OID]*Type]
	userMu      sync.Mutex
	nextUserOID atomic.Uint32
)

// NewEnumType returns the structure of an enum type named name with array type arrayOID.
func NewEnumType(oid, arrayOID OID, name string) *Type {
	return &Type{OID: oid, Name: name, SQLName: QuoteIdent(name), Kind: KindEnum, Len: 4, ByVal: true,
		Category: CatEnum, Align: 'i', ArrayOID: arrayOID, arrow: fixed(arrow.PrimitiveTypes.Uint32)}
}

// NewDomainType returns the structure of a domain named name over base.
func NewDomainType(oid, arrayOID OID, name string, base T) *Type {
	b := base.Type()
	return &Type{OID: oid, Name: name, SQLName: QuoteIdent(name), Kind: KindDomain, Len: b.Len, ByVal: b.ByVal,
		Category: b.Category, Align: b.Align, ArrayOID: arrayOID, Base: base,
		arrow: func(int32) arrow.DataType { return base.Arrow() }}
}

// NewCompositeType returns the structure of a composite type named name with fields
// (CREATE TYPE name AS (...)). Its values are held as records are (record.go): an Arrow
// struct with a child per field, named f1, f2, ...; the struct is built the first time it
// is asked for, when every field's type is registered.
func NewCompositeType(oid, arrayOID OID, name string, fields []RecordField) *Type {
	fields = append([]RecordField(nil), fields...)
	var once sync.Once
	var st *arrow.StructType
	return &Type{OID: oid, Name: name, SQLName: QuoteIdent(name), Kind: KindComposite, Len: -1,
		Category: CatComposite, Align: 'd', ArrayOID: arrayOID, Fields: fields,
		arrow: func(int32) arrow.DataType {
			once.Do(func() { st = recordStruct(fields) })
			return st
		}}
}

// sameFields reports whether two field lists are held alike: the same number of fields of
// the same types (names may differ: renaming an attribute changes no value).
func sameFields(a, b []RecordField) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type {
			return false
		}
	}
	return true
}

// RegisterUserType makes the structure of a user-defined type known to ByOID. Registering
// an OID again replaces its entry (a renamed type keeps its structure and gets its new
// name); registering it with another kind, element or base type is an error, since the
// values already built for the OID would no longer match it.
func RegisterUserType(t *Type) error {
	if t.OID < firstUserOID {
		return fmt.Errorf("types: OID %d of type %q is not a user OID", t.OID, t.Name)
	}
	userMu.Lock()
	defer userMu.Unlock()
	cur := userTypes.Load()
	if cur != nil {
		if old := (*cur)[t.OID]; old != nil && (old.Kind != t.Kind || old.Elem != t.Elem || old.Base != t.Base || !sameFields(old.Fields, t.Fields)) {
			return fmt.Errorf("types: OID %d is already type %q of another kind", t.OID, old.Name)
		}
	}
	next := make(map[OID]*Type, 1)
	if cur != nil {
		for k, v := range *cur {
			next[k] = v
		}
	}
	next[t.OID] = t
	userTypes.Store(&next)
	for {
		n := nextUserOID.Load()
		if uint32(t.OID) < n || nextUserOID.CompareAndSwap(n, uint32(t.OID)+1) {
			break
		}
	}
	return nil
}

// NextUserOID returns the lowest OID above every registered user type. Stores give new
// objects OIDs at or above it, so that two stores open in one process never register one
// OID for two types.
func NextUserOID() OID { return OID(max(nextUserOID.Load(), uint32(firstUserOID))) }

// ReserveUserOIDs raises NextUserOID to at least oid. A process writing a data directory
// that another process will open alongside its own stores (a test's child process) starts
// its OIDs above those the other has registered, so that the two never disagree on one.
func ReserveUserOIDs(oid OID) {
	for {
		n := nextUserOID.Load()
		if uint32(oid) <= n || nextUserOID.CompareAndSwap(n, uint32(oid)) {
			return
		}
	}
}

// firstUserOID is the first OID of user objects (catalog.FirstUserOID).
const firstUserOID OID = 16384

func userType(oid OID) *Type {
	if m := userTypes.Load(); m != nil {
		return (*m)[oid]
	}
	return nil
}

// UserTypes gives the conversions of this package what they need from one catalog snapshot
// about types created by DDL: the values of enum types.
type UserTypes interface {
	// Enum returns the values of enum type oid, or nil when oid is not an enum there.
	Enum(oid OID) *Enum
}

// BaseType returns the type a domain is over, following domains over domains; other types
// are their own base.
func BaseType(t T) T {
	for i := 0; i < 100; i++ {
		d := t.Type()
		if d == nil || d.Kind != KindDomain {
			return t
		}
		t = d.Base
	}
	return t
}

package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The types of the system catalogs: what pg_catalog's relations and the functions over them
// (format_type, pg_get_expr, 'name'::regclass) are declared with.
//
// The object identifier aliases (regclass, regtype, regproc, ...) are stored like oid, as
// Uint32 values; only their text I/O differs: they print and read object names, which needs
// the catalog, so IOSettings.Names supplies the lookup.
//
// Arrays, int2vector and oidvector are array values (see "Arrays" in the package
// documentation); the array types themselves are made from their element types (array_types.go).
const (
	Int2Vector   OID = 22
	Regproc      OID = 24
	Xid          OID = 28
	OidVector    OID = 30
	PgNodeTree   OID = 194
	Aclitem      OID = 1033
	Regprocedure OID = 2202
	Regoper      OID = 2203
	Regoperator  OID = 2204
	Regclass     OID = 2205
	Regtype      OID = 2206
	Cstring      OID = 2275
	AnyArray     OID = 2277
	Regnamespace OID = 4089
	Regrole      OID = 4096
)

func oidLike(oid, arr OID, name, sqlName string) *Type {
	return &Type{OID: oid, Name: name, SQLName: sqlName, Len: 4, ByVal: true, Category: CatNumeric, Align: 'i', ArrayOID: arr, arrow: fixed(arrow.PrimitiveTypes.Uint32)}
}

func textLike(oid, arr OID, name, sqlName string, cat Category, elem OID) *Type {
	return &Type{OID: oid, Name: name, SQLName: sqlName, Len: -1, Category: cat, Align: 'i', ArrayOID: arr, Elem: elem, arrow: fixed(arrow.BinaryTypes.String)}
}

var catalogTypes = append([]*Type{
	vectorOf(Int2Vector, 1006, "int2vector", Int2, arrow.PrimitiveTypes.Int16),
	oidLike(Regproc, 1008, "regproc", "regproc"),
	{OID: Xid, Name: "xid", SQLName: "xid", Len: 4, ByVal: true, Category: CatUser, Align: 'i', ArrayOID: 1011, arrow: fixed(arrow.PrimitiveTypes.Uint32)},
	vectorOf(OidVector, 1013, "oidvector", Oid, arrow.PrimitiveTypes.Uint32),
	textLike(PgNodeTree, 0, "pg_node_tree", "pg_node_tree", CatInternal, 0),
	textLike(Aclitem, AclitemArray, "aclitem", "aclitem", CatUser, 0),
	oidLike(Regprocedure, 2207, "regprocedure", "regprocedure"),
	oidLike(Regoper, 2208, "regoper", "regoper"),
	oidLike(Regoperator, 2209, "regoperator", "regoperator"),
	oidLike(Regclass, RegclassArray, "regclass", "regclass"),
	oidLike(Regtype, RegtypeArray, "regtype", "regtype"),
	oidLike(Regnamespace, 4090, "regnamespace", "regnamespace"),
	oidLike(Regrole, 4097, "regrole", "regrole"),
	{OID: Cstring, Name: "cstring", SQLName: "cstring", Len: -2, Category: CatPseudo, Align: 'c', ArrayOID: CstringArray, arrow: fixed(arrow.BinaryTypes.String)},
}, pseudoTypes...)

// IsReg reports whether oid is one of the object identifier alias types (regclass,
// regtype, ...), whose values are OIDs printed as object names.
func IsReg(oid OID) bool {
	switch oid {
	case Regproc, Regprocedure, Regoper, Regoperator, Regclass, Regtype, Regnamespace, Regrole:
		return true
	}
	return false
}

// isOidStorage reports the types stored as plain OIDs: oid and its aliases.
func isOidStorage(oid OID) bool { return oid == Oid || IsReg(oid) }

// ObjectNames looks up database objects by OID and by name for the text I/O of the reg*
// types: regclass prints a relation's name and reads a name back as the relation's OID.
// The catalog provides it (it is not known here); see IOSettings.Names.
type ObjectNames interface {
	// ObjectName returns the text output of oid as a value of the reg type t, as
	// regclassout and friends print it (qualified when not visible), and false for an OID
	// naming nothing (printed as the number).
	ObjectName(t, oid OID) (string, bool)
	// ObjectOID reads name as input of the reg type t, as regclassin does, with its errors
	// (42P01 for a relation that does not exist, 42704 for a type).
	ObjectOID(t OID, name string) (OID, error)
}

// regTextAppender prints reg* values by name.
func regTextAppender(t T, a *array.Uint32, s *IOSettings) Appender {
	v := a.Uint32Values()
	var names ObjectNames
	if s != nil {
		names = s.Names
	}
	return func(dst []byte, i int) []byte {
		if v[i] == 0 {
			// InvalidOid prints as "-" for every reg type.
			return append(dst, '-')
		}
		if names != nil {
			if n, ok := names.ObjectName(t.OID, OID(v[i])); ok {
				return append(dst, n...)
			}
		}
		return appendUint(dst, v[i])
	}
}

func appendUint(dst []byte, v uint32) []byte {
	var buf [10]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// regTextParser reads reg* input: a number is taken as the OID itself, "-" as 0, anything
// else as a name looked up through s.Names.
func regTextParser(t T, s *IOSettings) TextParser {
	return func(b array.Builder, text []byte) error {
		str := string(text)
		if str == "-" {
			b.(*array.Uint32Builder).Append(0)
			return nil
		}
		if len(str) > 0 && str[0] >= '0' && str[0] <= '9' {
			v, err := ParseOid(str)
			if err != nil {
				return err
			}
			b.(*array.Uint32Builder).Append(v)
			return nil
		}
		if s == nil || s.Names == nil {
			return pgerror.Newf(pgcode.FeatureNotSupported, "cannot look up %s \"%s\" here", ByOID(t.OID).Name, str)
		}
		oid, err := s.Names.ObjectOID(t.OID, str)
		if err != nil {
			return err
		}
		b.(*array.Uint32Builder).Append(uint32(oid))
		return nil
	}
}

func init() {
	// pg_cast's rows for the OID aliases: binary coercible with oid both ways, and from the
	// integer types; from text and varchar through regclass(text) (and friends' input).
	for _, r := range []OID{Regproc, Regprocedure, Regoper, Regoperator, Regclass, Regtype, Regnamespace, Regrole} {
		castTable[castKey{Oid, r}] = Cast{Implicit, CastBinary}
		castTable[castKey{r, Oid}] = Cast{Implicit, CastBinary}
		castTable[castKey{Int4, r}] = Cast{Implicit, CastBinary}
		castTable[castKey{Int8, r}] = Cast{Implicit, CastFunction}
		castTable[castKey{Int2, r}] = Cast{Implicit, CastFunction}
		castTable[castKey{r, Int4}] = Cast{Assignment, CastBinary}
		castTable[castKey{r, Int8}] = Cast{Assignment, CastFunction}
	}
	castTable[castKey{Regproc, Regprocedure}] = Cast{Implicit, CastBinary}
	castTable[castKey{Regprocedure, Regproc}] = Cast{Implicit, CastBinary}
	castTable[castKey{Text, Regclass}] = Cast{Implicit, CastFunction}
	castTable[castKey{Varchar, Regclass}] = Cast{Implicit, CastFunction}
	castTable[castKey{Int2Vector, Int2Array}] = Cast{Implicit, CastBinary}
	castTable[castKey{OidVector, OidArray}] = Cast{Implicit, CastBinary}
	castTable[castKey{PgNodeTree, Text}] = Cast{Implicit, CastBinary}
}

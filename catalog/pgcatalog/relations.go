package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Schema names and OIDs of the namespaces, as in PostgreSQL 15.
const (
	CatalogSchema = "pg_catalog"
	InfoSchema    = "information_schema"

	CatalogNamespace types.OID = 11
	PublicNamespace  types.OID = 2200
	InfoNamespace    types.OID = 13207
	ToastNamespace   types.OID = 99
)

// OIDs of the built-in objects every database has.
const (
	// BootstrapSuperuser owns every object.
	BootstrapSuperuser types.OID = 10
	// DatabaseOwnerRole is pg_database_owner, the owner of schema public.
	DatabaseOwnerRole types.OID = 6171
	// sessionRole is the session's user when it is not the bootstrap superuser's name.
	sessionRole types.OID = 16383
	// BootstrapSuperuserName is the name of role 10.
	BootstrapSuperuserName = "postgres"

	heapAM        types.OID = 2
	btreeAM       types.OID = 403
	defaultTblspc types.OID = 1663
	globalTblspc  types.OID = 1664
	defaultColl   types.OID = 100
	cCollation    types.OID = 950
	internalLang  types.OID = 12
	template1DB   types.OID = 1
	template0DB   types.OID = 4
	currentDB     types.OID = 5
	pgProcClass   types.OID = 1255
	pgClassClass  types.OID = 1259
	// pgNamespaceClass is pg_namespace's OID, the classoid of a schema's rows elsewhere.
	pgNamespaceClass types.OID = 2615
	pgTypeClass      types.OID = 1247
	// pgConstraintClass is pg_constraint's OID, the classoid of a constraint's comment.
	pgConstraintClass types.OID = 2606
	utf8Encoding                = 6
	nullTablespace    types.OID = 0
)

// shape is one system relation's definition as PostgreSQL 15 has it.
type shape struct {
	schema string
	name   string
	oid    types.OID
	kind   catalog.TableKind
	cols   []col
}

// col is one column of a shape: name, type OID and modifier.
type col struct {
	name    string
	typ     types.OID
	typmod  int32
	notNull bool
}

var (
	defs   []*catalog.TableDef
	byName = map[string]*catalog.TableDef{}
	byOID  = map[types.OID]*catalog.TableDef{}
)

func init() {
	for _, s := range shapes {
		d := &catalog.TableDef{OID: s.oid, Schema: s.schema, Name: s.name, Kind: s.kind, Virtual: true}
		for _, c := range s.cols {
			d.Columns = append(d.Columns, catalog.Column{Name: c.name, Type: types.T{OID: c.typ, Typmod: c.typmod}, NotNull: c.notNull})
		}
		defs = append(defs, d)
		byName[d.QualifiedName()] = d
		byOID[d.OID] = d
	}
}

// Lookup returns the system relation schema.name, or nil. schema is pg_catalog or
// information_schema.
func Lookup(schema, name string) *catalog.TableDef { return byName[schema+"."+name] }

// ByOID returns the system relation with the given OID, or nil.
func ByOID(oid types.OID) *catalog.TableDef { return byOID[oid] }

// Relations returns every system relation.
func Relations() []*catalog.TableDef { return defs }

// namespaceOID returns the OID of a schema by name (0 if there is none).
func namespaceOID(cat *catalog.Catalog, schema string) types.OID {
	switch schema {
	case CatalogSchema:
		return CatalogNamespace
	case catalog.DefaultSchema:
		return PublicNamespace
	case InfoSchema:
		return InfoNamespace
	case "pg_toast":
		return ToastNamespace
	}
	if cat != nil {
		if d := cat.Schema(schema); d != nil {
			return d.OID
		}
	}
	return 0
}

// namespaceName returns the name of a schema by OID ("" if there is none).
func namespaceName(cat *catalog.Catalog, oid types.OID) string {
	switch oid {
	case CatalogNamespace:
		return CatalogSchema
	case PublicNamespace:
		return catalog.DefaultSchema
	case InfoNamespace:
		return InfoSchema
	case ToastNamespace:
		return "pg_toast"
	}
	if cat != nil {
		if d := cat.SchemaByOID(oid); d != nil {
			return d.Name
		}
	}
	return ""
}

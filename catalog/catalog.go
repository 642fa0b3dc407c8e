// Package catalog describes what exists in a pgfast database: schemas, tables and their
// columns and user-defined types (Catalog), and every built-in function and operator and
// the built-in extensions grouping some of them (Registry, extension.go).
//
// A Catalog is an immutable snapshot. DDL never mutates one; it derives a new snapshot
// (WithTable, WithoutTable, WithType, WithoutType) that a transaction publishes on commit,
// so a statement planned against a snapshot sees a consistent schema for its whole life and
// concurrent sessions never observe half-applied DDL. Storage persists snapshots; the
// planner binds names against them; pg_catalog and information_schema are generated from
// them and from the Registry.
//
// Foreign tables (foreign.go) are relations of kind 'f' whose rows are read from files; they
// name a foreign server, a catalog object of the snapshot too.
//
// User-defined types (usertype.go) are TypeDefs: an enum's labels, a domain's base type and
// constraints, and the array type every one of them has. Their names and values change with
// the snapshot; their structure (how values are held) is registered with package types when
// a snapshot first holds them, so that types.ByOID and T's methods serve them everywhere.
// Conversions that need the values (an enum's labels) get them from a snapshot through
// types.UserTypes, which Catalog implements.
package catalog

import (
	"maps"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// DefaultSchema is where unqualified names are created and looked up first.
const DefaultSchema = "public"

// FirstUserOID is the first OID handed to user objects, as in PostgreSQL.
const FirstUserOID types.OID = 16384

// Column is one column of a table.
type Column struct {
	Name    string
	Type    types.T
	NotNull bool
	// Default is the column's DEFAULT expression as SQL text, empty for none. It is kept as
	// text, like pg_attrdef.adbin's source, and re-bound wherever it is used, so a default
	// calling now() is evaluated per statement rather than frozen at CREATE TABLE.
	Default string
	// Comment is COMMENT ON COLUMN's text, empty for none.
	Comment string
	// ACL holds the privileges granted on the column itself (attacl): nil when none were,
	// as a column has no default privileges of its own beyond its table's.
	ACL acl.List
}

// TableKind distinguishes ordinary tables from other relations.
type TableKind byte

// Relation kinds, as in pg_class.relkind.
const (
	KindTable TableKind = 'r'
	KindView  TableKind = 'v'
	// KindMatView is a materialized view: its rows are stored as a table's are, and
	// ViewSQL holds the query REFRESH MATERIALIZED VIEW runs to replace them.
	KindMatView TableKind = 'm'
	// KindIndex describes an index where a relation is expected (regclass); indexes are
	// IndexDefs of their tables, never TableDefs of a catalog.
	KindIndex TableKind = 'i'
)

// TableDef describes a relation. It is immutable once published in a Catalog.
type TableDef struct {
	OID     types.OID
	Schema  string
	Name    string
	Kind    TableKind
	Columns []Column
	// ViewSQL is the defining query of a view (Kind KindView), as SQL text that the planner
	// parses and binds wherever the view is referenced; empty for tables.
	ViewSQL string
	// Sequence holds the parameters of a sequence (Kind KindSequence); nil otherwise.
	Sequence *SequenceOptions
	// Foreign holds the server and options of a foreign table (Kind KindForeign); nil
	// otherwise.
	Foreign *ForeignTable
	// Virtual marks the system relations (pg_catalog, information_schema): they are never
	// stored, and a scan of one asks for rows generated from the catalog itself.
	Virtual bool
	// Indexes are the table's indexes and Checks its CHECK constraints (index.go).
	Indexes []IndexDef
	Checks  []CheckDef
	// ForeignKeys are the table's FOREIGN KEY constraints (foreignkey.go).
	ForeignKeys []ForeignKeyDef
	// Owner is the owning role's OID (0: the bootstrap superuser) and ACL the privileges
	// granted on the relation (nil: the defaults), as relowner and relacl.
	Owner types.OID
	ACL   acl.List
	// Comment is COMMENT ON's text (pg_description), empty for none.
	Comment string
	// ViewDeps are the relations a view's query reads directly (pg_depend), in the order
	// it names them.
	ViewDeps []types.OID
	// Unpopulated marks a materialized view made WITH NO DATA (or refreshed so): it holds
	// no rows and may not be read until REFRESH fills it (pg_class.relispopulated false).
	Unpopulated bool
	// ViewOptions are a view's options as name=value, in the order given (pg_class
	// reloptions): check_option, security_barrier and security_invoker.
	ViewOptions []string
}

// ViewOption returns the value of a view's option name ("" when not set).
func (t *TableDef) ViewOption(name string) string {
	for _, o := range t.ViewOptions {
		if k, v, _ := strings.Cut(o, "="); k == name {
			return v
		}
	}
	return ""
}

// HoldsRows reports whether the relation's rows are stored: a table's or a materialized
// view's, not a view's, sequence's, foreign table's or system relation's.
func (t *TableDef) HoldsRows() bool {
	return !t.Virtual && (t.Kind == KindTable || t.Kind == KindMatView)
}

// OwnerOID returns the relation's owner, the bootstrap superuser when none is recorded.
func (t *TableDef) OwnerOID() types.OID {
	if t.Owner == 0 {
		return BootstrapRoleOID
	}
	return t.Owner
}

// ColumnIndex returns the ordinal of the named column, or -1.
func (t *TableDef) ColumnIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// TypeOIDKey is the Arrow field metadata key under which a column of a user-defined type
// records the type's OID, so that a reader of the stored files can find the type (an enum's
// labels) in the store's manifest.
const TypeOIDKey = "pgfast.type_oid"

// ArrowSchema returns the Arrow schema of the table's stored rows.
func (t *TableDef) ArrowSchema() *arrow.Schema {
	fields := make([]arrow.Field, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: !c.NotNull}
		if c.Type.OID >= FirstUserOID {
			fields[i].Metadata = arrow.NewMetadata([]string{TypeOIDKey}, []string{strconv.FormatUint(uint64(c.Type.OID), 10)})
		}
	}
	return arrow.NewSchema(fields, nil)
}

// QualifiedName returns schema.name.
func (t *TableDef) QualifiedName() string { return t.Schema + "." + t.Name }

// Catalog is an immutable snapshot of the database's relations and user-defined types.
type Catalog struct {
	byName  map[string]*TableDef // key: schema + "." + name
	byOID   map[types.OID]*TableDef
	nextOID types.OID

	typeByName map[string]*TypeDef // key: schema + "." + name
	typeByOID  map[types.OID]*TypeDef

	servers map[string]*ForeignServer // foreign.go
	schemas map[string]*SchemaDef     // the schemas CREATE SCHEMA made, by name (schema.go)
	roles   map[string]*RoleDef       // the stored roles, by name (role.go)
	funcs   map[types.OID]*FuncDef    // user-defined functions, by OID (function.go)
}

// New returns an empty catalog.
func New() *Catalog {
	return &Catalog{byName: map[string]*TableDef{}, byOID: map[types.OID]*TableDef{}, nextOID: FirstUserOID,
		typeByName: map[string]*TypeDef{}, typeByOID: map[types.OID]*TypeDef{}, servers: map[string]*ForeignServer{},
		schemas: map[string]*SchemaDef{}, roles: map[string]*RoleDef{}, funcs: map[types.OID]*FuncDef{}}
}

// Restore rebuilds a catalog from persisted definitions of relations and types and the next
// free OID. The types' structures are registered with package types (replacing the entries
// of renamed types), which fails only for an OID registered as a type of another kind.
func Restore(defs []*TableDef, typeDefs []*TypeDef, nextOID types.OID) (*Catalog, error) {
	c := New()
	for _, d := range defs {
		c.byName[d.QualifiedName()] = d
		c.byOID[d.OID] = d
		if d.OID >= nextOID {
			nextOID = d.OID + 1
		}
	}
	for _, d := range typeDefs {
		if err := d.register(); err != nil {
			return nil, err
		}
		if d.enum == nil {
			d.finish()
		}
		c.typeByName[d.QualifiedName()] = d
		c.typeByOID[d.OID] = d
		nextOID = max(nextOID, d.maxOID()+1)
	}
	if nextOID > c.nextOID {
		c.nextOID = nextOID
	}
	return c, nil
}

// NextOID returns the OID the next created object will get.
func (c *Catalog) NextOID() types.OID { return c.nextOID }

// Table returns the relation schema.name, or nil.
func (c *Catalog) Table(schema, name string) *TableDef { return c.byName[schema+"."+name] }

// TableByOID returns the relation with the given OID, or nil.
func (c *Catalog) TableByOID(oid types.OID) *TableDef { return c.byOID[oid] }

// Tables returns all relations ordered by schema and name.
func (c *Catalog) Tables() []*TableDef {
	out := make([]*TableDef, 0, len(c.byOID))
	for _, t := range c.byOID {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Schema != out[j].Schema {
			return out[i].Schema < out[j].Schema
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func (c *Catalog) clone() *Catalog {
	return &Catalog{byName: maps.Clone(c.byName), byOID: maps.Clone(c.byOID), nextOID: c.nextOID,
		typeByName: maps.Clone(c.typeByName), typeByOID: maps.Clone(c.typeByOID), servers: maps.Clone(c.servers),
		schemas: maps.Clone(c.schemas), roles: maps.Clone(c.roles), funcs: maps.Clone(c.funcs)}
}

// WithTable returns a snapshot that also holds def. A def with OID 0 is given the next OID;
// the def stored (with its OID) is returned too.
func (c *Catalog) WithTable(def TableDef) (*Catalog, *TableDef) {
	n := c.clone()
	if def.OID == 0 {
		def.OID = n.nextOID
	}
	if def.OID >= n.nextOID {
		n.nextOID = def.OID + 1
	}
	if def.Schema == "" {
		def.Schema = DefaultSchema
	}
	if def.Kind == 0 {
		def.Kind = KindTable
	}
	d := &def
	n.byName[d.QualifiedName()] = d
	n.byOID[d.OID] = d
	return n, d
}

// WithoutTable returns a snapshot without the relation oid.
func (c *Catalog) WithoutTable(oid types.OID) *Catalog {
	n := c.clone()
	if d := n.byOID[oid]; d != nil {
		delete(n.byName, d.QualifiedName())
		delete(n.byOID, oid)
	}
	return n
}

// NormalizeName folds an unquoted identifier to lower case as PostgreSQL does. The parser
// already folds identifiers; this is for names arriving from elsewhere (startup parameters).
func NormalizeName(s string) string { return strings.ToLower(s) }

// Package catalog describes what exists in a pgfast database: schemas, tables and their
// columns (Catalog), and every built-in function and operator (Registry).
//
// A Catalog is an immutable snapshot. DDL never mutates one; it derives a new snapshot
// (WithTable, WithoutTable) that a transaction publishes on commit, so a statement planned
// against a snapshot sees a consistent schema for its whole life and concurrent sessions never
// observe half-applied DDL. Storage persists snapshots; the planner binds names against them;
// pg_catalog and information_schema are generated from them and from the Registry.
package catalog

import (
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
	"strings"

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
}

// TableKind distinguishes ordinary tables from other relations.
type TableKind byte

// Relation kinds, as in pg_class.relkind.
const (
	KindTable TableKind = 'r'
	KindView  TableKind = 'v'
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
	// Virtual marks the system relations (pg_catalog, information_schema): they are never
	// stored, and a scan of one asks for rows generated from the catalog itself.
	Virtual bool
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

// ArrowSchema returns the Arrow schema of the table's stored rows.
func (t *TableDef) ArrowSchema() *arrow.Schema {
	fields := make([]arrow.Field, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: !c.NotNull}
	}
	return arrow.NewSchema(fields, nil)
}

// QualifiedName returns schema.name.
func (t *TableDef) QualifiedName() string { return t.Schema + "." + t.Name }

// Catalog is an immutable snapshot of the database's relations.
type Catalog struct {
	byName  map[string]*TableDef // key: schema + "." + name
	byOID   map[types.OID]*TableDef
	nextOID types.OID
}

// New returns an empty catalog.
func New() *Catalog {
	return &Catalog{byName: map[string]*TableDef{}, byOID: map[types.OID]*TableDef{}, nextOID: FirstUserOID}
}

// Restore rebuilds a catalog from persisted definitions and the next free OID.
func Restore(defs []*TableDef, nextOID types.OID) *Catalog {
	c := New()
	for _, d := range defs {
		c.byName[d.QualifiedName()] = d
		c.byOID[d.OID] = d
		if d.OID >= nextOID {
			nextOID = d.OID + 1
		}
	}
	if nextOID > c.nextOID {
		c.nextOID = nextOID
	}
	return c
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
	n := &Catalog{byName: make(map[string]*TableDef, len(c.byName)+1), byOID: make(map[types.OID]*TableDef, len(c.byOID)+1), nextOID: c.nextOID}
	for k, v := range c.byName {
		n.byName[k] = v
	}
	for k, v := range c.byOID {
		n.byOID[k] = v
	}
	return n
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
